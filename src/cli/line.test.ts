import { describe, expect, it } from 'vitest';
import { fromText } from '../text/bytes';
import { commandLine } from './line';
import { splitArgs } from './split';

describe('commandLine', () => {
  it('leaves plain words alone and quotes the rest', () => {
    expect(commandLine(['SET', 'user:1', 'hello world'])).toBe('SET user:1 "hello world"');
    expect(commandLine(['SET', 'k', ''])).toBe('SET k ""');
    expect(commandLine(['SET', 'k', 'say "hi"'])).toBe('SET k "say \\"hi\\""');
  });

  it('splits back into the same byte strings, whatever they hold', () => {
    const cases = [
      ['SET', 'a b', 'c\td', 'e\nf', "it's", 'back\\slash', '"'],
      ['HSET', fromText('ключ'), fromText('поле'), fromText('значение ✓')],
      ['SET', '\x00\x01\xff', ' lead', 'trail '],
    ];
    for (const argv of cases) expect(splitArgs(commandLine(argv))).toEqual(argv);
  });
});
