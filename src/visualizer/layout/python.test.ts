import { describe, expect, it } from 'vitest';
import { pyLengthNote, pyStr, pyValue } from './python';

const base = { db: 0, key: 'k', encoding: '', expireAt: -1, offset: 0 };

describe('the keyspace as Python', () => {
  it('quotes strings like json.dumps and decodes UTF-8', () => {
    expect(pyStr('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(pyStr('\xc3\xa9t\xc3\xa9')).toBe('"été"');
  });
  it('maps every type to its Python structure', () => {
    expect(pyValue({ ...base, type: 'string', value: '42', truncated: false, length: 2 })).toBe('42');
    expect(pyValue({ ...base, type: 'string', value: 'Ada', truncated: false, length: 3 })).toBe('"Ada"');
    expect(pyValue({ ...base, type: 'hash', entries: [['name', 'Ada']], length: 1 })).toBe('{"name": "Ada"}');
    expect(pyValue({ ...base, type: 'list', items: ['a', 'b'], length: 2 })).toBe('deque(["a", "b"])');
    expect(pyValue({ ...base, type: 'set', members: [], length: 0 })).toBe('set()');
    expect(pyValue({ ...base, type: 'set', members: ['x'], length: 1 })).toBe('{"x"}');
    expect(pyValue({ ...base, type: 'zset', items: [['bob', 10], ['ada', 2.5]], length: 2, reverse: false, min: 10, max: 2.5 })).toBe('[(10.0, "bob"), (2.5, "ada")]');
  });
  it('cuts long values and says how long they are', () => {
    const v = { ...base, type: 'list' as const, items: ['a', 'b', 'c'], length: 1_000_000 };
    expect(pyValue(v, 2)).toBe('deque(["a", "b", ...])');
    expect(pyLengthNote(v, 2)).toBe('# len 1,000,000');
  });
});
