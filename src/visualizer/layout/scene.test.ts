import { describe, expect, it } from 'vitest';
import type { ChangeEvent, KeyChange } from '../../protocol/messages';
import type { ValueWindow } from '../../protocol/views';
import { buildScene, type Scene } from './scene';

/** An event as the worker sends it: `change` is what the engine reported for `key`. */
const ev = (argv: string[], key: string, change: Omit<KeyChange, 'db' | 'key'> = {}, o: Partial<ChangeEvent> = {}): ChangeEvent => ({
  type: 'change',
  clientId: 1,
  command: argv[0]!.toLowerCase(),
  argv,
  db: 0,
  dbAfter: 0,
  error: false,
  reads: [],
  changes: [{ db: 0, key, ...change }],
  keys: [{ db: 0, key, type: 'list', size: 0, expireAt: -1 }],
  expired: [],
  time: 0,
  ...o,
});
const base = { db: 0, encoding: 'x', expireAt: -1, offset: 0 };
let id = 0;
const newId = () => ++id;

function step(prev: { scene: Scene; value: ValueWindow } | undefined, value: ValueWindow, e?: ChangeEvent) {
  return { scene: buildScene(prev, value, e, newId), value };
}

describe('buildScene', () => {
  it('lists: a push on a list seen for the first time still slides in', () => {
    const s = step(undefined, { ...base, key: 'q', type: 'list', items: ['z', 'a'], length: 2 }, ev(['LPUSH', 'q', 'z'], 'q', { list: [{ op: 'push', end: 'head', count: 1 }] }));
    expect(s.scene.type === 'list' && s.scene.boxes.map((b) => [b.value, b.state, b.side])).toEqual([
      ['z', 'enter', 'left'],
      ['a', 'stay', null],
    ]);
  });

  it('strings: a counter knows its delta', () => {
    const a = step(undefined, { ...base, key: 'n', type: 'string', value: '41', truncated: false, length: 2 });
    const b = step(a, { ...base, key: 'n', type: 'string', value: '42', truncated: false, length: 2 }, ev(['INCR', 'n'], 'n', { replaced: true }));
    expect(b.scene).toMatchObject({ type: 'string', prev: '41', delta: 1 });
    const c = step(b, { ...base, key: 'n', type: 'string', value: '42', truncated: false, length: 2 }, ev(['GET', 'n'], 'x', {}, { reads: ['n'] }));
    expect(c.scene).toMatchObject({ prev: undefined, delta: undefined, read: true });
  });

  it('sorted sets: ZINCRBY moves the member and says from where to where', () => {
    const z = (items: [string, number][]): ValueWindow => ({ ...base, key: 'b', type: 'zset', items, length: items.length, reverse: false, min: 0, max: 0 });
    const a = step(undefined, z([['ada', 10], ['bob', 20], ['cy', 30]]));
    const b = step(a, z([['ada', 10], ['cy', 30], ['bob', 35]]), ev(['ZINCRBY', 'b', '15', 'bob'], 'b', { scores: [{ member: 'bob', old: 20, new: 35, oldRank: 1, newRank: 2 }] }));
    if (b.scene.type !== 'zset') throw new Error('zset');
    expect(b.scene.moves).toEqual([{ member: 'bob', from: 1, to: 2 }]);
    expect(b.scene.rows.map((r) => [r.id, r.state, r.touched])).toEqual([
      ['ada', 'stay', false],
      ['cy', 'moved', false],
      ['bob', 'moved', true],
    ]);
  });

  it('hashes and sets: written fields light up, removed ones leave', () => {
    const h = (entries: [string, string][]): ValueWindow => ({ ...base, key: 'h', type: 'hash', entries, length: entries.length });
    const a = step(undefined, h([['name', 'Ada'], ['city', 'London']]));
    const b = step(a, h([['name', 'Grace'], ['city', 'London']]), ev(['HSET', 'h', 'name', 'Grace'], 'h', { changed: ['name'] }));
    expect(b.scene.type === 'hash' && b.scene.rows.map((r) => r.state)).toEqual(['changed', 'stay']);
    const c = step(b, h([['name', 'Grace']]), ev(['HDEL', 'h', 'city'], 'h', { removed: ['city'] }));
    expect(c.scene.type === 'hash' && c.scene.rows.map((r) => [r.id, r.state])).toEqual([
      ['name', 'stay'],
      ['city', 'leave'],
    ]);
    const d = step(c, h([['name', 'Grace']]), ev(['HMGET', 'h', 'name', 'x'], 'x', {}, { reads: ['h'], changes: [{ db: 0, key: 'h', read: ['name', 'x'] }] }));
    expect(d.scene.type === 'hash' && [...d.scene.read]).toEqual(['name', 'x']);
  });

  it('a command the views know nothing about animates from what the engine reported', () => {
    // A made-up command that rotates a list and pushes at the tail: no argument is read.
    const l = (items: string[]): ValueWindow => ({ ...base, key: 'q', type: 'list', items, length: items.length });
    const a = step(undefined, l(['a', 'b', 'c']));
    const ops = [{ op: 'rotate', from: 'head', to: 'tail' }, { op: 'push', end: 'tail', count: 1 }] as const;
    const b = step(a, l(['b', 'c', 'a', 'z']), ev(['LFROBNICATE', 'q', 'whatever'], 'q', { list: ops }));
    expect(b.scene.type === 'list' && b.scene.boxes.map((x) => [x.value, x.state])).toEqual([
      ['b', 'moved'],
      ['c', 'moved'],
      ['a', 'moved'],
      ['z', 'enter'],
    ]);
    const s = (members: string[]): ValueWindow => ({ ...base, key: 'q', type: 'set', members, length: members.length });
    const c = step(undefined, s(['a', 'b']));
    const d = step(c, s(['a', 'n']), ev(['SFROB', 'q'], 'q', { added: ['n'], removed: ['b'] }));
    expect(d.scene.type === 'set' && d.scene.chips.map((x) => [x.id, x.state])).toEqual([
      ['a', 'stay'],
      ['n', 'enter'],
      ['b', 'leave'],
    ]);
  });

  it('streams: entries added and trimmed as reported', () => {
    const x = (ids: string[]): ValueWindow => ({
      ...base,
      key: 'x',
      type: 'stream',
      entries: ids.map((id) => ({ id, fields: ['f', 'v'] })),
      length: ids.length,
      firstId: ids[0] ?? '0-0',
      lastId: ids.at(-1) ?? '0-0',
      entriesAdded: ids.length,
      groups: [],
      groupCount: 0,
    });
    const a = step(undefined, x(['1-0', '2-0']));
    const b = step(a, x(['2-0', '3-0']), ev(['XADD', 'x', 'MAXLEN', '2', '*', 'f', 'v'], 'x', { added: ['3-0'], removed: ['1-0'] }));
    if (b.scene.type !== 'stream') throw new Error('stream');
    expect(b.scene.added).toEqual(['3-0']);
    expect(b.scene.rows.map((r) => [r.id, r.state])).toEqual([
      ['2-0', 'moved'],
      ['3-0', 'enter'],
      ['1-0', 'leave'],
    ]);
  });

  it('a key of another type or name starts a fresh scene', () => {
    const a = step(undefined, { ...base, key: 'q', type: 'list', items: ['a'], length: 1 });
    const b = step(a, { ...base, key: 'other', type: 'list', items: ['a'], length: 1 });
    expect(b.scene.type === 'list' && b.scene.boxes.map((x) => x.state)).toEqual(['stay']);
    expect(step(a, { db: 0, key: 'q', type: null }).scene).toEqual({ type: null, key: 'q' });
  });
});
