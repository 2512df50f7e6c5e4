import { describe, expect, it } from 'vitest';
import type { KeySnapshot, KeyValue } from '../protocol/lessons';
import { evaluateCheck } from './checks';
import { goalDiff, goalDiffs, sequenceDiff, type GoalDiff } from './goal-diff';
import { checkSchema, type CheckSpec } from './schema';

const check = (c: unknown): CheckSpec => checkSchema.parse(c);
function keys(k: Record<string, KeyValue>): Map<string, KeySnapshot> {
  return new Map(Object.entries(k).map(([key, entry]) => [key, { key, entry, pttl: -1 }]));
}
/** `label:mark` (with `=value` when there is one), per side. */
const marks = (d: GoalDiff | undefined) => ({
  goal: d!.goal.map((i) => `${i.label}${i.value !== undefined ? `=${i.value}` : ''}:${i.mark}`),
  now: d!.now.map((i) => `${i.label}${i.value !== undefined ? `=${i.value}` : ''}:${i.mark}`),
});

describe('sequenceDiff', () => {
  it('marks elements in place, moved, missing and extra', () => {
    const d = sequenceDiff(['a', 'b', 'c'], ['b', 'a', 'd']);
    expect(d.goal.map((x) => x.mark)).toEqual(['moved', 'moved', 'missing']);
    expect(d.now.map((x) => x.mark)).toEqual(['moved', 'moved', 'extra']);
  });

  it('counts repeats: a second copy is extra, not moved', () => {
    const d = sequenceDiff(['x', 'y'], ['x', 'x', 'y']);
    expect(d.goal.map((x) => x.mark)).toEqual(['ok', 'moved']);
    expect(d.now.map((x) => x.mark)).toEqual(['ok', 'extra', 'moved']);
  });

  it('lets a prefix goal ignore what follows', () => {
    const d = sequenceDiff(['a'], ['a', 'b'], false);
    expect(d.now.map((x) => x.mark)).toEqual(['ok', 'free']);
  });
});

describe('goalDiff: the goal drawn beside the key', () => {
  it('a list in the wrong order', () => {
    const c = check({ list: { key: 'q', equals: ['job1', 'job2', 'job3'] } });
    const d = goalDiff(c, keys({ q: { type: 'list', value: ['job3', 'job2', 'job1'] } }));
    expect(marks(d)).toEqual({ goal: ['job1:moved', 'job2:ok', 'job3:moved'], now: ['job3:moved', 'job2:ok', 'job1:moved'] });
    expect(d!.met).toBe(false);
  });

  it('a missing key: every goal element is missing, and the problem is said', () => {
    const d = goalDiff(check({ list: { key: 'q', head: ['a'] } }), keys({}));
    expect(d!.problem).toBe('the key does not exist yet');
    expect(marks(d).goal).toEqual(['a:missing']);
    const t = goalDiff(check({ set: { key: 's', equals: ['a'] } }), keys({ s: { type: 'string', value: 'a' } }));
    expect(t!.problem).toBe('it holds a string');
  });

  it('set members: missing and extra, order free', () => {
    const d = goalDiff(check({ set: { key: 's', equals: ['go', 'redis', 'rust'] } }), keys({ s: { type: 'set', value: ['rust', 'java', 'redis'] } }));
    expect(marks(d)).toEqual({ goal: ['go:missing', 'redis:ok', 'rust:ok'], now: ['java:extra', 'redis:ok', 'rust:ok'] });
  });

  it('set contains / excludes: other members are free', () => {
    const d = goalDiff(check({ set: { key: 's', contains: ['a'], excludes: ['b'] } }), keys({ s: { type: 'set', value: ['a', 'b', 'c'] } }));
    expect(marks(d)).toEqual({ goal: ['a:ok', 'not b:extra'], now: ['a:ok', 'b:extra', 'c:free'] });
  });

  it('sorted-set ranks and scores, highest first', () => {
    const c = check({ zset: { key: 'z', equals: [['carol', 5], ['bob', 10], ['alice', 20]] } });
    const d = goalDiff(c, keys({ z: { type: 'zset', value: [['alice', 5], ['carol', 5], ['bob', 10]] } }));
    expect(marks(d)).toEqual({
      goal: ['alice=20:wrong', 'bob=10:moved', 'carol=5:moved'],
      now: ['bob=10:moved', 'carol=5:moved', 'alice=5:wrong'],
    });
    const top = goalDiff(check({ zset: { key: 'z', top: ['bob', 'alice'] } }), keys({ z: { type: 'zset', value: [['alice', 1], ['carol', 2], ['bob', 3]] } }));
    expect(marks(top)).toEqual({ goal: ['bob:ok', 'alice:moved'], now: ['bob=3:ok', 'carol=2:extra', '… 1 more:free'] });
  });

  it('hash fields: wrong value, missing, extra when exact', () => {
    const c = check({ hash: { key: 'h', fields: { name: 'Ada', age: null, city: 'Paris' }, exact: true } });
    const d = goalDiff(c, keys({ h: { type: 'hash', value: [['name', 'Bob'], ['age', '36'], ['pet', 'cat']] } }));
    expect(marks(d)).toEqual({ goal: ['name=Ada:wrong', 'age:ok', 'city=Paris:missing'], now: ['name=Bob:wrong', 'age=36:ok', 'pet=cat:extra'] });
  });

  it('a string value', () => {
    const d = goalDiff(check({ string: { key: 'k', equals: 'hello' } }), keys({ k: { type: 'string', value: 'hell' } }));
    expect(marks(d)).toEqual({ goal: ['hello:wrong'], now: ['hell:wrong'] });
  });

  it('checks not about a state are not drawn', () => {
    expect(goalDiffs([check({ exists: 'a' }), check({ used: { command: 'SET' } }), check({ list: { key: 'l', length: 3 } })], keys({}))).toEqual([]);
  });

  it('is met exactly when the check passes', () => {
    const cases: [unknown, Record<string, KeyValue>][] = [
      [{ list: { key: 'l', equals: ['a', 'b'] } }, { l: { type: 'list', value: ['a', 'b'] } }],
      [{ list: { key: 'l', equals: ['a', 'b'] } }, { l: { type: 'list', value: ['a', 'b', 'c'] } }],
      [{ list: { key: 'l', head: ['a'] } }, { l: { type: 'list', value: ['a', 'b', 'c'] } }],
      [{ set: { key: 's', equals: ['a', 'b'] } }, { s: { type: 'set', value: ['b', 'a'] } }],
      [{ set: { key: 's', contains: ['a'] } }, { s: { type: 'set', value: ['b'] } }],
      [{ zset: { key: 'z', top: ['x'] } }, { z: { type: 'zset', value: [['y', 1], ['x', 2]] } }],
      [{ zset: { key: 'z', scores: { x: 2 } } }, { z: { type: 'zset', value: [['x', 3]] } }],
      [{ hash: { key: 'h', fields: { a: '1' } } }, { h: { type: 'hash', value: [['a', '1'], ['b', '2']] } }],
      [{ hash: { key: 'h', fields: { a: '1' }, exact: true } }, { h: { type: 'hash', value: [['a', '1'], ['b', '2']] } }],
      [{ string: { key: 'k', equals: 'v' } }, { k: { type: 'string', value: 'v' } }],
    ];
    for (const [c, k] of cases) {
      const spec = check(c);
      const snap = keys(k);
      const pass = evaluateCheck(spec, { keys: snap, dbsize: snap.size, log: [] }).pass;
      expect(goalDiff(spec, snap)!.met, JSON.stringify(c)).toBe(pass);
    }
  });
});
