import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_ARGUMENTS, splitArgs } from '../../src/cli/split';
import { fromText } from '../../src/text/bytes';
import { FakeRedis } from './fake-server';
import { requireRedisCli, runRedisCli } from './support';
import { mulberry32 as rng } from '../support/rng';

/**
 * A second, deliberately literal reading of redis-cli's splitter: a byte
 * pointer over a C string (NUL past the end), one character per step.
 */
function reference(line: string): string[] | null {
  const b = fromText(line);
  const at = (i: number): string => (i < b.length ? b[i]! : '\0');
  const space = (c: string): boolean => ' \t\n\v\f\r'.includes(c) && c !== '';
  const hex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);
  const out: string[] = [];
  let p = 0;
  for (;;) {
    while (at(p) !== '\0' && space(at(p))) p++;
    if (at(p) === '\0') return out;
    let inq = false;
    let insq = false;
    let done = false;
    let cur = '';
    while (!done) {
      const c = at(p);
      if (inq) {
        if (c === '\\' && at(p + 1) === 'x' && hex(at(p + 2)) && hex(at(p + 3))) {
          cur += String.fromCharCode(parseInt(at(p + 2) + at(p + 3), 16));
          p += 3;
        } else if (c === '\\' && at(p + 1) !== '\0') {
          p++;
          const e = at(p);
          cur += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === 'b' ? '\b' : e === 'a' ? '\x07' : e;
        } else if (c === '"') {
          if (at(p + 1) !== '\0' && !space(at(p + 1))) return null;
          done = true;
        } else if (c === '\0') {
          return null;
        } else {
          cur += c;
        }
      } else if (insq) {
        if (c === '\\' && at(p + 1) === "'") {
          p++;
          cur += "'";
        } else if (c === "'") {
          if (at(p + 1) !== '\0' && !space(at(p + 1))) return null;
          done = true;
        } else if (c === '\0') {
          return null;
        } else {
          cur += c;
        }
      } else if (c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\0') {
        done = true;
      } else if (c === '"') {
        inq = true;
      } else if (c === "'") {
        insq = true;
      } else {
        cur += c;
      }
      if (at(p) !== '\0') p++;
    }
    out.push(cur);
  }
}

/** Random lines over the characters that matter to the splitter. */
const ALPHABET = [
  'a', 'b', 'x', 'n', 'r', 't', '0', '9', 'f', 'F', 'g', ' ', ' ', ' ', '\t', '\r', '\v', '\f',
  '"', '"', '"', "'", "'", '\\', '\\', '\\x', '\\x4', '\\x41', '\\xfF', '\\xg1', 'é', '😀', '\x07', '\x7f', '\x1b', '\0',
];
function randomLine(r: () => number, maxLen = 24): string {
  const n = Math.floor(r() * maxLen);
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

describe('splitArgs: redis-cli 7.0 sdssplitargs', () => {
  const cases: [string, string[] | null][] = [
    ['', []],
    ['   \t  ', []],
    ['\v\f', []],
    ['SET greeting "hello world"', ['SET', 'greeting', 'hello world']],
    ['  GET   k  ', ['GET', 'k']],
    ['a\tb\rc\nd', ['a', 'b', 'c', 'd']],
    // \v and \f separate arguments only when leading, not inside a word.
    ['a\vb', ['a\vb']],
    ['a \vb', ['a', 'b']],
    ['a\fb c', ['a\fb', 'c']],
    ['""', ['']],
    ["''", ['']],
    ['"" ""', ['', '']],
    ['"a\\nb\\rc\\td\\be\\af"', ['a\nb\rc\td\be\x07f']],
    ['"\\\\ \\" \\q \\\'"', ['\\ " q \'']],
    ['"\\x41\\x7a\\xFF\\x00"', ['Az\xff\0']],
    ['"\\xg1"', ['xg1']],
    ['"\\x4"', ['x4']],
    ['"\\x"', ['x']],
    ["'it\\'s'", ["it's"]],
    ["'a\\nb\\x41\\ z'", ['a\\nb\\x41\\ z']],
    ["'a\\\\'", null],
    ["'a\"b'", ['a"b']],
    ['"a\'b"', ["a'b"]],
    ['ab"cd ef"', ['abcd ef']],
    ["ab'cd ef'", ['abcd ef']],
    ['ab"cd"ef', null],
    ['"a"b', null],
    ["'a'b", null],
    ['"a""b"', null],
    ['"a"\tb', ['a', 'b']],
    ['"a"\vb', ['a', 'b']],
    ['"unterminated', null],
    ["'unterminated", null],
    ['"ends in backslash\\', null],
    ['"\\"', null],
    ["'\\'", null],
    ['x"', null],
    ['SET k 😀', ['SET', 'k', '\xf0\x9f\x98\x80']],
    ['"😀 é"', ['\xf0\x9f\x98\x80 \xc3\xa9']],
    ['"\\xf0\\x9f\\x98\\x80"', ['\xf0\x9f\x98\x80']],
    ['日本 語', ['\xe6\x97\xa5\xe6\x9c\xac', '\xe8\xaa\x9e']],
    ['a\0b c', ['a']],
    ['"a\0b"', null],
    ['\x01\x02 \x7f', ['\x01\x02', '\x7f']],
    ['\x1b[A', ['\x1b[A']],
  ];
  for (const [line, want] of cases) {
    it(`splits ${JSON.stringify(line)}`, () => {
      expect(splitArgs(line)).toEqual(want);
      expect(reference(line)).toEqual(want);
    });
  }

  it('returns byte strings (every code unit is a byte)', () => {
    const args = splitArgs('SET 🔑 "valeur été \\xe9"')!;
    for (const a of args) for (let i = 0; i < a.length; i++) expect(a.charCodeAt(i)).toBeLessThan(256);
    expect(args[1]).toBe('\xf0\x9f\x94\x91');
    expect(args[2]).toBe('valeur \xc3\xa9t\xc3\xa9 \xe9');
  });

  it('agrees with a literal reading of the C code on 20,000 random lines', () => {
    const r = rng(7);
    for (let i = 0; i < 20_000; i++) {
      const line = randomLine(r);
      expect(splitArgs(line), JSON.stringify(line)).toEqual(reference(line));
    }
  });

  it('handles 100 KB lines: long words, escapes, many words, emoji, unclosed quotes', () => {
    const big = 'x'.repeat(100_000);
    const escaped = '\\x41\\n'.repeat(100_000 / 6);
    const words = Array.from({ length: 25_000 }, (_, i) => `k${i % 10}`).join(' ');
    const emoji = '😀'.repeat(25_000);
    expect(splitArgs(`SET k ${big}`)).toEqual(['SET', 'k', big]);
    expect(splitArgs(`SET k "${escaped}"`)![2]).toBe('A\n'.repeat(100_000 / 6));
    expect(splitArgs(`'${big}'`)).toEqual([big]);
    expect(splitArgs(words)!.length).toBe(25_000);
    expect(splitArgs(' '.repeat(100_000))).toEqual([]);
    expect(splitArgs(emoji)![0]!.length).toBe(100_000);
    expect(splitArgs(`"${big}`)).toBeNull();
    expect(splitArgs(`"${big}"x`)).toBeNull();
  });

  it('exports the message redis-cli prints for a rejected line', () => {
    expect(INVALID_ARGUMENTS).toBe('Invalid argument(s)');
  });
});

const haveCli = requireRedisCli();

describe.skipIf(!haveCli)('splitArgs against the real redis-cli', () => {
  let fake: FakeRedis;
  beforeAll(async () => {
    fake = await FakeRedis.start(() => '+OK\r\n');
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('splits every line exactly as redis-cli sends it (explicit cases and 3,000 random lines)', async () => {
    const r = rng(2024);
    const lines: string[] = [];
    for (const [line] of [
      ['SET k "a b"'], ['"\\xff\\x00z" \'q\\\'\''], ['a\vb \fc'], ['é "😀"'], ['x"y z"'], ['"a"b'], ['a\0b c'], ['"\\x4g"'],
    ]) lines.push(`X ${line}`);
    // Every line starts with a plain word so that no line is a repeat count,
    // HELP, QUIT or a :command for redis-cli.
    for (let i = 0; i < 3000; i++) lines.push(`X ${randomLine(r, 30)}`);
    const printed = await runRedisCli(fake.port, lines);
    const sent = fake.commands();
    let next = 0;
    for (let i = 0; i < lines.length; i++) {
      const ours = splitArgs(lines[i]!);
      if (ours === null) {
        expect(printed[i], JSON.stringify(lines[i])).toBe(`${INVALID_ARGUMENTS}\n`);
      } else {
        expect(printed[i], JSON.stringify(lines[i])).toBe('OK\n');
        expect(ours, JSON.stringify(lines[i])).toEqual(sent[next++]);
      }
    }
    expect(next).toBe(sent.length);
  });
});
