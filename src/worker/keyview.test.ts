import { describe, expect, it } from 'vitest';
import { globMatch } from '../engine/core/glob';
import type { KeySort } from '../protocol/views';
import { GHOST_MS, KeyView, naturalCompare, type KeyFacts, type Row } from './keyview';

class FakeDb {
  data = new Map<string, KeyFacts>();
  set(key: string, facts: Partial<KeyFacts> = {}): void {
    this.data.set(key, { type: 'string', size: 1, expireAt: -1, ...facts });
  }
  source = () => ({ forEach: (fn: (k: string) => void) => this.data.forEach((_, k) => fn(k)), facts: (k: string) => this.data.get(k) });
}

function setup(keys: string[], sort: KeySort = 'name', pattern = '*') {
  const db = new FakeDb();
  for (const k of keys) db.set(k);
  let now = 1000;
  const view = new KeyView(db.source, 0, pattern, sort, globMatch, () => now);
  view.rebuild();
  return { db, view, tick: (ms: number) => (now += ms) };
}

const show = (rows: Row[]) =>
  rows.map((r) => `${'  '.repeat(r.depth)}${r.kind === 'folder' ? `${r.folder.name}/` : r.key}${r.kind === 'key' && r.gone ? ` (${r.gone})` : ''}`);

const all = (v: KeyView, flat = false) => show(v.window(0, 1e9, flat));

describe('naturalCompare', () => {
  it('orders digit runs by value and everything else by byte', () => {
    const keys = ['key:10', 'key:2', 'key:1', 'key:02', 'key:b', 'key:a', 'key:'];
    expect([...keys].sort((a, b) => naturalCompare(a, b))).toEqual(['key:', 'key:1', 'key:2', 'key:02', 'key:10', 'key:a', 'key:b']);
  });
  it('is a total order (antisymmetric, consistent)', () => {
    const xs = ['a1b', 'a01b', 'a1', 'a', 'a0', 'a00', '1', '01', 'b', 'a1:c', 'a01:c'];
    for (const a of xs) {
      for (const b of xs) {
        const ab = Math.sign(naturalCompare(a, b));
        expect(ab === 0 ? a === b : ab === -Math.sign(naturalCompare(b, a))).toBe(true);
      }
    }
  });
});

describe('KeyView', () => {
  it('groups keys into folders by : segments, folders first', () => {
    const { view } = setup(['user:2', 'user:10', 'greeting', 'cache:dashboard:user:123', 'user:1', 'cache:dashboard:user:7']);
    expect(all(view)).toEqual([
      'cache/',
      '  dashboard/',
      '    user/',
      '      cache:dashboard:user:7',
      '      cache:dashboard:user:123',
      'user/',
      '  user:1',
      '  user:2',
      '  user:10',
      'greeting',
    ]);
    expect(view.total(false)).toBe(10);
    expect(view.matched).toBe(6);
  });

  it('answers any window without walking the whole tree', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `u:${i % 50}:k${i}`);
    const { view } = setup(keys);
    const full = all(view);
    expect(full.length).toBe(view.total(false));
    for (const off of [0, 1, 49, 50, 51, 101, 2500, full.length - 3]) expect(show(view.window(off, 7, false))).toEqual(full.slice(off, off + 7));
    const flat = all(view, true);
    expect(flat.length).toBe(5000);
    expect(show(view.window(1234, 5, true))).toEqual(flat.slice(1234, 1239));
  });

  it('collapses and expands folders', () => {
    const { view } = setup(['a:1', 'a:2', 'a:b:1', 'c']);
    view.toggle('a', false);
    expect(all(view)).toEqual(['a/', 'c']);
    view.toggle('a', true);
    view.toggle('a:b', false);
    expect(all(view)).toEqual(['a/', '  b/', '  a:1', '  a:2', 'c']);
    view.toggle('', false, true);
    view.rebuild();
    expect(all(view)).toEqual(['a/', 'c']);
  });

  for (const sort of ['name', 'size', 'ttl'] as const) {
    it(`patches the index per command exactly as a rebuild would (${sort} order)`, () => {
      const { db, view, tick } = setup(['x:1'], sort);
      let seed = 7;
      const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
      for (let step = 0; step < 400; step++) {
        const key = `${['x', 'y', 'x:z'][rnd(3)]}:${rnd(40)}`;
        if (rnd(3) === 0 && db.data.has(key)) {
          db.data.delete(key);
          view.apply([], [{ key, gone: rnd(2) ? 'deleted' : 'expired' }], 1);
        } else {
          db.set(key, { size: rnd(9), expireAt: rnd(2) ? -1 : rnd(5) });
          view.apply([key], [], 1);
        }
        if (rnd(10) === 0) {
          tick(GHOST_MS);
          view.sweep();
        }
      }
      const fresh = new KeyView(db.source, 0, '*', sort, globMatch);
      fresh.rebuild();
      const live = (v: KeyView) => v.window(0, 1e9, true).filter((r) => r.kind === 'key' && !r.gone).map((r) => (r.kind === 'key' ? r.key : ''));
      expect(live(view)).toEqual(live(fresh));
      expect(view.matched).toBe(fresh.matched);
      tick(GHOST_MS);
      view.sweep();
      expect(all(view)).toEqual(all(fresh));
      expect(view.total(false)).toBe(fresh.total(false));
    });
  }

  it('keeps deleted and expired keys as ghosts for a moment', () => {
    const { db, view, tick } = setup(['s:a', 's:b']);
    db.data.delete('s:a');
    view.apply([], [{ key: 's:a', gone: 'expired' }], 1);
    expect(all(view)).toEqual(['s/', '  s:a (expired)', '  s:b']);
    expect(view.matched).toBe(1);
    expect(view.sweep()).toBe(GHOST_MS);
    tick(GHOST_MS);
    view.sweep();
    expect(all(view)).toEqual(['s/', '  s:b']);
    db.data.delete('s:b');
    view.apply([], [{ key: 's:b', gone: 'deleted' }], 1);
    tick(GHOST_MS);
    view.sweep();
    expect(all(view)).toEqual([]);
    expect(view.total(false)).toBe(0);
  });

  it('a ghost that comes back is a created key again', () => {
    const { db, view } = setup(['k']);
    db.data.delete('k');
    view.apply([], [{ key: 'k', gone: 'deleted' }], 1);
    db.set('k');
    expect(view.apply(['k'], [], 1)).toEqual(['k']);
    expect(all(view)).toEqual(['k']);
    expect(view.matched).toBe(1);
  });

  it('sorts by size, type and TTL and moves a key when it changes', () => {
    const db = new FakeDb();
    db.set('a', { size: 1 });
    db.set('b', { size: 5, type: 'list', expireAt: 50 });
    db.set('c', { size: 3, type: 'hash', expireAt: 10 });
    const make = (sort: KeySort) => {
      const v = new KeyView(db.source, 0, '*', sort, globMatch);
      v.rebuild();
      return v;
    };
    expect(all(make('size'))).toEqual(['b', 'c', 'a']);
    expect(all(make('type'))).toEqual(['a', 'c', 'b']);
    expect(all(make('ttl'))).toEqual(['c', 'b', 'a']);
    const v = make('size');
    db.set('a', { size: 9 });
    v.apply(['a'], [], 1);
    expect(all(v)).toEqual(['a', 'b', 'c']);
  });

  it('filters by glob, also for new keys', () => {
    const { db, view } = setup(['user:1', 'session:1'], 'name', 'user:*');
    expect(all(view)).toEqual(['user/', '  user:1']);
    db.set('user:2');
    db.set('other');
    expect(view.apply(['user:2', 'other'], [], 2)).toEqual(['user:2']);
    expect(all(view)).toEqual(['user/', '  user:1', '  user:2']);
  });

  it('reveals a key: opens its folders and returns its row', () => {
    const { view } = setup(['a:1', 'a:b:2', 'a:b:3', 'z']);
    view.toggle('a', false);
    const row = view.reveal('a:b:3', false);
    expect(all(view)[row]).toBe('    a:b:3');
    expect(view.reveal('z', true)).toBe(3);
    expect(view.reveal('nope', false)).toBe(-1);
  });

  it('goes stale on a bulk change instead of patching key by key', () => {
    const { view } = setup(['a']);
    view.apply([], [], 100_000);
    expect(view.isStale).toBe(true);
  });
});
