import { describe, expect, it } from 'vitest';
import { globMatch, keyMatches } from './glob';

describe('globMatch (Redis stringmatchlen semantics)', () => {
  const cases: [string, string, boolean][] = [
    // stringmatchlen matches nothing against an empty string but an empty pattern.
    ['*', '', false],
    ['**', '', false],
    ['', '', true],
    ['', 'a', false],
    ['*', 'anything', true],
    ['user:*', 'user:1', true],
    ['user:*', 'users', false],
    ['h?llo', 'hello', true],
    ['h?llo', 'hllo', false],
    ['h[ae]llo', 'hallo', true],
    ['h[ae]llo', 'hillo', false],
    ['h[^e]llo', 'hallo', true],
    ['h[^e]llo', 'hello', false],
    ['h[a-b]llo', 'hbllo', true],
    ['h[b-a]llo', 'hallo', true],
    ['k[1-]', 'k]', true],
    ['k[1-]', 'k5', true],
    ['k[1-]', 'k1', true],
    ['k[1-]', 'k0', false],
    ['h\\?llo', 'h?llo', true],
    ['h\\?llo', 'hello', false],
    ['a[\\]]b', 'a]b', true],
    ['a[bc', 'ab', true],
    ['a[', 'a', false],
    ['**a', 'xa', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['*a', 'bbbba', true],
    ['*a?', 'ba', false],
    ['\\', '\\', true],
    ['a\\', 'a\\', true],
    ['[', '', false],
  ];
  for (const [pat, s, want] of cases) {
    it(`${JSON.stringify(pat)} ~ ${JSON.stringify(s)} = ${want}`, () => expect(globMatch(pat, s)).toBe(want));
  }

  it('KEYS and SCAN take a lone "*" as everything, the empty key included', () => {
    expect(keyMatches('*', '')).toBe(true);
    expect(keyMatches('**', '')).toBe(false);
    expect(keyMatches('k*', 'k1')).toBe(true);
  });

  it('matches case-insensitively when asked', () => {
    expect(globMatch('USER:[A-C]*', 'user:bob', true)).toBe(true);
    expect(globMatch('USER:[A-C]*', 'user:bob')).toBe(false);
  });

  it('does not backtrack exponentially on many stars', () => {
    const pattern = `${'a*'.repeat(30)}b`;
    const subject = 'a'.repeat(60);
    // Exponential backtracking would never return (the test would time out).
    expect(globMatch(pattern, subject)).toBe(false);
  });
});
