import { describe, expect, it } from 'vitest';
import type { JournalEntry, KeySnapshot, KeyValue } from '../protocol/lessons';
import type { Reply } from '../protocol/messages';
import { allPass, evaluate, evaluateCheck, keysNeeded, type GoalState } from './checks';
import { checkSchema, type CheckSpec } from './schema';

function state(keys: Record<string, { entry: KeyValue; pttl?: number }>, log: [string[], Reply][] = [], dbsize?: number): GoalState {
  const m = new Map<string, KeySnapshot>();
  for (const [key, v] of Object.entries(keys)) m.set(key, { key, entry: v.entry, pttl: v.pttl ?? -1 });
  const journal: JournalEntry[] = log.map(([argv, reply], i) => ({ seq: i + 1, client: 1, argv, reply, time: 0 }));
  return { keys: m, dbsize: dbsize ?? m.size, log: journal };
}
const check = (c: unknown): CheckSpec => checkSchema.parse(c);
const pass = (c: unknown, s: GoalState) => evaluateCheck(check(c), s).pass;

const str = (value: string): KeyValue => ({ type: 'string', value });
const OK: Reply = { t: 'simple', v: 'OK' };

describe('goal checks', () => {
  it('exists / absent / type', () => {
    const s = state({ a: { entry: str('1') }, h: { entry: { type: 'hash', value: [['f', 'v']] } } });
    expect(pass({ exists: 'a' }, s)).toBe(true);
    expect(pass({ exists: 'b' }, s)).toBe(false);
    expect(pass({ absent: 'b' }, s)).toBe(true);
    expect(pass({ absent: 'a' }, s)).toBe(false);
    expect(pass({ type: { key: 'h', is: 'hash' } }, s)).toBe(true);
    expect(evaluateCheck(check({ type: { key: 'a', is: 'hash' } }), s)).toEqual({ pass: false, label: 'key "a" holds a hash', why: 'it holds a string' });
  });

  it('string equals, number and JSON (key order free)', () => {
    const s = state({ j: { entry: str('{"b":2,"a":[1,"x"]}') }, n: { entry: str('11') } });
    expect(pass({ string: { key: 'n', equals: '11' } }, s)).toBe(true);
    expect(pass({ string: { key: 'n', number: 11 } }, s)).toBe(true);
    expect(pass({ string: { key: 'n', number: 12 } }, s)).toBe(false);
    expect(pass({ string: { key: 'j', json: { a: [1, 'x'], b: 2 } } }, s)).toBe(true);
    expect(pass({ string: { key: 'j', json: { a: [1, 'x'] } } }, s)).toBe(false);
  });

  it('hash fields (any value with null), absent fields, exact', () => {
    const s = state({ u: { entry: { type: 'hash', value: [['name', 'Bob'], ['role', 'admin']] } } });
    expect(pass({ hash: { key: 'u', fields: { name: 'Bob', role: null } } }, s)).toBe(true);
    expect(pass({ hash: { key: 'u', fields: { name: 'Bob' }, exact: true } }, s)).toBe(false);
    expect(pass({ hash: { key: 'u', absentFields: ['email'] } }, s)).toBe(true);
    expect(evaluateCheck(check({ hash: { key: 'u', fields: { role: 'member' } } }), s).why).toBe('role is "admin"');
  });

  it('list equals / head / length; set equals order-free', () => {
    const s = state({ l: { entry: { type: 'list', value: ['c', 'b', 'a'] } }, s: { entry: { type: 'set', value: ['y', 'x'] } } });
    expect(pass({ list: { key: 'l', equals: ['c', 'b', 'a'] } }, s)).toBe(true);
    expect(pass({ list: { key: 'l', equals: ['a', 'b', 'c'] } }, s)).toBe(false);
    expect(pass({ list: { key: 'l', head: ['c'], length: 3 } }, s)).toBe(true);
    expect(pass({ set: { key: 's', equals: ['x', 'y'] } }, s)).toBe(true);
    expect(pass({ set: { key: 's', equals: ['x'] } }, s)).toBe(false);
    expect(pass({ set: { key: 's', contains: ['x'], excludes: ['z'], size: 2 } }, s)).toBe(true);
  });

  it('sorted set order, scores and top', () => {
    const s = state({ z: { entry: { type: 'zset', value: [['dave', 45], ['bob', 87], ['alice', 100]] } } });
    expect(pass({ zset: { key: 'z', equals: [['dave', 45], ['bob', 87], ['alice', 100]] } }, s)).toBe(true);
    expect(pass({ zset: { key: 'z', equals: [['bob', 87], ['dave', 45], ['alice', 100]] } }, s)).toBe(false);
    expect(pass({ zset: { key: 'z', top: ['alice', 'bob'] } }, s)).toBe(true);
    expect(pass({ zset: { key: 'z', scores: { bob: 87 } } }, s)).toBe(true);
    expect(pass({ zset: { key: 'z', scores: { bob: 72 } } }, s)).toBe(false);
  });

  it('TTL within a range, and "no expiry"', () => {
    const s = state({ a: { entry: str('x'), pttl: 59_500 }, p: { entry: str('x'), pttl: -1 } });
    expect(pass({ ttl: { key: 'a', min: 1, max: 60 } }, s)).toBe(true);
    expect(pass({ ttl: { key: 'a', max: 30 } }, s)).toBe(false);
    expect(pass({ ttl: { key: 'p', none: true } }, s)).toBe(true);
    expect(pass({ ttl: { key: 'p', min: 1 } }, s)).toBe(false);
    expect(pass({ ttl: { key: 'missing', none: true } }, s)).toBe(false);
  });

  it('last reply equals, optionally for one command', () => {
    const s = state({}, [
      [['GET', 'a'], { t: 'bulk', v: 'hello world' }],
      [['SET', 'b', '1'], OK],
    ]);
    expect(pass({ reply: 'OK' }, s)).toBe(true);
    expect(pass({ reply: { command: 'GET', equals: '"hello world"' } }, s)).toBe(true);
    expect(pass({ reply: { command: 'GET', equals: '(nil)' } }, s)).toBe(false);
    expect(pass({ reply: { matches: '^O' } }, s)).toBe(true);
    expect(pass({ reply: 'OK' }, state({}))).toBe(false);
  });

  it('command family used (SET ... EX) and not used (EXPIRE); failed commands do not count', () => {
    const twoSteps = state({}, [
      [['SET', 'k', 'v'], OK],
      [['EXPIRE', 'k', '300'], { t: 'int', v: 1 }],
    ]);
    const oneStep = state({}, [[['set', 'k', 'v', 'ex', '300'], OK]]);
    const failed = state({}, [[['SET', 'k', 'v', 'EX', '0'], { t: 'error', v: 'ERR invalid expire time' }]]);
    const family = { used: { command: 'SET', with: ['EX'] } };
    expect(pass(family, twoSteps)).toBe(false);
    expect(pass(family, oneStep)).toBe(true);
    expect(pass(family, failed)).toBe(false);
    expect(pass({ notUsed: { command: 'EXPIRE' } }, twoSteps)).toBe(false);
    expect(pass({ notUsed: { command: 'EXPIRE' } }, oneStep)).toBe(true);
    expect(pass({ used: { command: 'INCR', times: 2 } }, state({}, [[['INCR', 'c'], { t: 'int', v: 1 }]]))).toBe(false);
  });

  it('number of keys', () => {
    const s = state({}, [], 3);
    expect(pass({ dbsize: 3 }, s)).toBe(true);
    expect(pass({ dbsize: { min: 4 } }, s)).toBe(false);
    expect(pass({ dbsize: { min: 1, max: 3 } }, s)).toBe(true);
  });

  it('lists the keys a goal needs and needs every check to pass', () => {
    const checks = [check({ exists: 'a' }), check({ ttl: { key: 'b', max: 5 } }), check({ used: { command: 'GET' } })];
    expect(keysNeeded(checks)).toEqual(['a', 'b']);
    expect(allPass(evaluate(checks, state({ a: { entry: str('1') } })))).toBe(false);
    expect(allPass([])).toBe(false);
  });
});
