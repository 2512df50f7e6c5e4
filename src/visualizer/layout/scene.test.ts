import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../../protocol/messages';
import type { ValueWindow } from '../../protocol/views';
import { buildScene, hashFields, setMembers, type Scene } from './scene';

const ev = (argv: string[], key: string, o: Partial<ChangeEvent> = {}): ChangeEvent => ({
  type: 'change',
  clientId: 1,
  command: argv[0]!.toLowerCase(),
  argv,
  db: 0,
  error: false,
  reads: [],
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
    const s = step(undefined, { ...base, key: 'q', type: 'list', items: ['z', 'a'], length: 2 }, ev(['LPUSH', 'q', 'z'], 'q'));
    expect(s.scene.type === 'list' && s.scene.boxes.map((b) => [b.value, b.state, b.side])).toEqual([
      ['z', 'enter', 'left'],
      ['a', 'stay', null],
    ]);
  });

  it('strings: a counter knows its delta', () => {
    const a = step(undefined, { ...base, key: 'n', type: 'string', value: '41', truncated: false, length: 2 });
    const b = step(a, { ...base, key: 'n', type: 'string', value: '42', truncated: false, length: 2 }, ev(['INCR', 'n'], 'n'));
    expect(b.scene).toMatchObject({ type: 'string', prev: '41', delta: 1 });
    const c = step(b, { ...base, key: 'n', type: 'string', value: '42', truncated: false, length: 2 }, ev(['GET', 'n'], 'x', { reads: ['n'] }));
    expect(c.scene).toMatchObject({ prev: undefined, delta: undefined, read: true });
  });

  it('sorted sets: ZINCRBY moves the member and says from where to where', () => {
    const z = (items: [string, number][]): ValueWindow => ({ ...base, key: 'b', type: 'zset', items, length: items.length, reverse: false, min: 0, max: 0 });
    const a = step(undefined, z([['ada', 10], ['bob', 20], ['cy', 30]]));
    const b = step(a, z([['ada', 10], ['cy', 30], ['bob', 35]]), ev(['ZINCRBY', 'b', '15', 'bob'], 'b'));
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
    const b = step(a, h([['name', 'Grace'], ['city', 'London']]), ev(['HSET', 'h', 'name', 'Grace'], 'h'));
    expect(b.scene.type === 'hash' && b.scene.rows.map((r) => r.state)).toEqual(['changed', 'stay']);
    const c = step(b, h([['name', 'Grace']]), ev(['HDEL', 'h', 'city'], 'h'));
    expect(c.scene.type === 'hash' && c.scene.rows.map((r) => [r.id, r.state])).toEqual([
      ['name', 'stay'],
      ['city', 'leave'],
    ]);
    expect(hashFields(['HMGET', 'h', 'a', 'b']).read).toEqual(['a', 'b']);
    expect(setMembers(['SMOVE', 'src', 'dst', 'm'], 'dst').written).toEqual(['m']);
    expect(setMembers(['SMOVE', 'src', 'dst', 'm'], 'src').removed).toEqual(['m']);
  });

  it('a key of another type or name starts a fresh scene', () => {
    const a = step(undefined, { ...base, key: 'q', type: 'list', items: ['a'], length: 1 });
    const b = step(a, { ...base, key: 'other', type: 'list', items: ['a'], length: 1 });
    expect(b.scene.type === 'list' && b.scene.boxes.map((x) => x.state)).toEqual(['stay']);
    expect(step(a, { db: 0, key: 'q', type: null }).scene).toEqual({ type: null, key: 'q' });
  });
});
