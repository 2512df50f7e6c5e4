import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { ScanIndex, parseScanArgs, parseScanCursor, scanAll, scanIterable } from '../core/scan';
import { Engine, type CommandEvent } from '../engine';
import { Deque } from '../types/deque';
import { mulberry32 as rng } from '../../../test/support/rng';

const T0 = 1_700_000_000_000;

function setup(random?: () => number) {
  const clock = new ManualClock(T0);
  const engine = new Engine({ clock, ...(random ? { random } : {}) });
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  return { clock, engine, client, run, db: engine.dbs[0]! };
}

/** One SCAN call: [next cursor, keys]. */
function scanOnce(run: (...a: string[]) => Reply | undefined, cursor: string, ...opts: string[]): [string, string[]] {
  const r = run('SCAN', cursor, ...opts);
  if (r?.t !== 'array') throw new Error(JSON.stringify(r));
  const [c, items] = r.v as [Reply, Reply];
  if (c.t !== 'bulk' || items.t !== 'array') throw new Error('bad reply');
  return [c.v, items.v.map((x) => (x.t === 'bulk' ? x.v : '?'))];
}

describe('SCAN', () => {
  it('returns every key present for the whole iteration, whatever happens meanwhile', () => {
    for (const seed of [1, 2, 3]) {
      const rnd = rng(seed);
      const { run, db } = setup();
      const stable: string[] = [];
      for (let i = 0; i < 3000; i++) {
        run('SET', `s${i}`, 'v');
        stable.push(`s${i}`);
      }
      const churn: string[] = [];
      for (let i = 0; i < 3000; i++) {
        run('SET', `c${i}`, 'v');
        churn.push(`c${i}`);
      }
      const seen = new Set<string>();
      let cursor = '0';
      let next = 0;
      let calls = 0;
      let compactions = 0;
      do {
        const before = db.scanIndex.length;
        const [nextCursor, keys] = scanOnce(run, cursor, 'COUNT', String(1 + Math.floor(rnd() * 20)));
        for (const k of keys) seen.add(k);
        cursor = nextCursor;
        calls++;
        // Churn: delete and re-add volatile keys, add brand new ones.
        for (let j = 0; j < 40; j++) {
          const r = rnd();
          if (r < 0.5 && churn.length > 0) {
            const k = churn.splice(Math.floor(rnd() * churn.length), 1)[0]!;
            run('DEL', k);
          } else if (r < 0.8) {
            const k = `n${next++}`;
            run('SET', k, 'v');
            churn.push(k);
          } else if (churn.length > 0) {
            const k = churn[Math.floor(rnd() * churn.length)]!;
            run('DEL', k);
            run('SET', k, 'again');
          }
        }
        if (db.scanIndex.length < before) compactions++;
      } while (cursor !== '0' && calls < 100_000);
      for (const k of stable) expect(seen.has(k), `${k} (seed ${seed})`).toBe(true);
      expect(compactions, 'the index compacted during the walk').toBeGreaterThan(0);
    }
  });

  it('never returns a key deleted before the walk reached it', () => {
    const { run } = setup();
    for (let i = 0; i < 100; i++) run('SET', `k${i}`, 'v');
    const [cursor, first] = scanOnce(run, '0', 'COUNT', '10');
    for (let i = 0; i < 100; i++) if (!first.includes(`k${i}`)) run('DEL', `k${i}`);
    let c = cursor;
    const rest: string[] = [];
    while (c !== '0') {
      const [n, keys] = scanOnce(run, c, 'COUNT', '10');
      rest.push(...keys);
      c = n;
    }
    expect(rest).toEqual([]);
  });

  it('costs O(COUNT), not O(keys), per call on a large database', () => {
    const { run, db } = setup();
    for (let i = 0; i < 200_000; i++) run('SET', `key:${i}`, 'v');
    // Walk to somewhere deep, then count how many index entries one call looks at.
    let cursor = '0';
    for (let i = 0; i < 5; i++) cursor = scanOnce(run, cursor, 'COUNT', '30000')[0];
    let looked = 0;
    const page = db.scanIndex.page(Number(cursor), 10, (k) => {
      looked++;
      return db.isStored(k);
    });
    expect(page.items.length).toBe(10);
    expect(looked).toBe(10);
    // Sparse index (most keys deleted but not yet compacted): still bounded by 10 * COUNT.
    for (let i = 150_000; i < 199_990; i += 1) if (i % 1000 !== 0) db.delete(`key:${i}`);
    looked = 0;
    db.scanIndex.page(Number(cursor), 10, (k) => {
      looked++;
      return db.isStored(k);
    });
    expect(looked).toBeLessThanOrEqual(100);
  });

  it('filters by MATCH and TYPE after taking the page, and expires keys it meets', () => {
    const { run, db, clock } = setup();
    db.set('h', { type: 'hash', value: new Map([['f', 'v']]) });
    run('MSET', 'a1', '1', 'a2', '2', 'b1', '3');
    run('PEXPIRE', 'a2', '5');
    clock.advance(5);
    expect(scanOnce(run, '0', 'MATCH', 'a*')).toEqual(['0', ['a1']]);
    expect(db.size).toBe(3); // a2 was expired on the way
    expect(scanOnce(run, '0', 'TYPE', 'HASH')).toEqual(['0', ['h']]);
    expect(scanOnce(run, '0', 'TYPE', 'string', 'COUNT', '100')).toEqual(['0', ['a1', 'b1']]);
  });

  it('sees keys loaded straight into the dictionary (snapshot restore)', () => {
    const { run, db } = setup();
    run('SET', 'old', 'v');
    db.data.clear();
    for (let i = 0; i < 5; i++) db.data.set(`r${i}`, { type: 'string', value: 'v' });
    db.reindex();
    expect(scanOnce(run, '0', 'COUNT', '100')[1].sort()).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    db.data.set('late', { type: 'string', value: 'v' }); // bypassing set/add: picked up lazily
    expect(scanOnce(run, '0', 'COUNT', '100')[1]).toContain('late');
  });

  it('parses cursors like strtoul and options like Redis', () => {
    expect(parseScanCursor('')).toBe(0);
    expect(parseScanCursor('+7')).toBe(7);
    expect(parseScanCursor('-0')).toBe(0);
    expect(parseScanCursor('-1')).toBe(2 ** 64); // 2^64 - 1, as a double
    expect(() => parseScanCursor(' 1')).toThrow(E.INVALID_CURSOR);
    expect(() => parseScanCursor('18446744073709551616')).toThrow(E.INVALID_CURSOR);
    expect(parseScanArgs(['SCAN', '0', 'match', '*', 'COUNT', '5', 'count', '7'], 2, true)).toEqual({ match: undefined, count: 7, type: undefined });
    expect(() => parseScanArgs(['HSCAN', 'k', '0', 'TYPE', 'x'], 3, false)).toThrow(E.SYNTAX);
    expect(() => parseScanArgs(['SCAN', '0', 'COUNT', '0'], 2, true)).toThrow(E.SYNTAX);
    expect(() => parseScanArgs(['SCAN', '0', 'COUNT', 'x'], 2, true)).toThrow(E.NOT_INTEGER);
  });

  it('the collection helpers page by position and filter pairs on the field', () => {
    const o = parseScanArgs(['HSCAN', 'k', '0', 'MATCH', 'f*', 'COUNT', '2'], 3, false);
    const m = new Map([['f1', 'a'], ['g', 'b'], ['f2', 'c'], ['f3', 'd']]);
    const p1 = scanIterable(m, 0, o, ([f, v]) => [f, v]);
    expect(p1).toEqual({ cursor: 2, items: ['f1', 'a'] });
    const p2 = scanIterable(m, p1.cursor, o, ([f, v]) => [f, v]);
    expect(p2).toEqual({ cursor: 0, items: ['f2', 'c', 'f3', 'd'] });
    expect(scanAll(['f1', 'a', 'g', 'b'], o, true)).toEqual({ cursor: 0, items: ['f1', 'a'] });
  });

  it('the ScanIndex keeps sequence numbers across compaction and swap', () => {
    const idx = new ScanIndex();
    const live = new Set<string>();
    const isLive = (k: string): boolean => live.has(k);
    for (let i = 0; i < 5; i++) {
      live.add(`k${i}`);
      idx.added(`k${i}`, live.size, isLive);
    }
    const first = idx.page(0, 2, isLive);
    expect(first).toEqual({ cursor: 3, items: ['k0', 'k1'] });
    live.delete('k0');
    live.delete('k3');
    idx.compact(isLive);
    expect(idx.length).toBe(3);
    expect(idx.page(first.cursor, 10, isLive)).toEqual({ cursor: 0, items: ['k2', 'k4'] });
  });
});

describe('RANDOMKEY', () => {
  it('draws through the injected random source and skips expired keys', () => {
    const { run, clock } = setup(rng(5));
    expect(run('RANDOMKEY')).toEqual({ t: 'nil' });
    for (let i = 0; i < 10; i++) run('SET', `k${i}`, 'v');
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const r = run('RANDOMKEY');
      if (r?.t === 'bulk') seen.add(r.v);
    }
    expect(seen.size).toBe(10);
    for (let i = 0; i < 10; i++) run('PEXPIRE', `k${i}`, '5');
    run('SET', 'survivor', 'v');
    clock.advance(5);
    expect(run('RANDOMKEY')).toEqual({ t: 'bulk', v: 'survivor' });
    run('DEL', 'survivor');
    expect(run('RANDOMKEY')).toEqual({ t: 'nil' });
  });
});

describe('COPY, MOVE, RENAME, SWAPDB, SELECT, FLUSHALL', () => {
  it('COPY makes a deep copy of collections', () => {
    const { run, db } = setup();
    db.set('h', { type: 'hash', value: new Map([['f', 'v']]) });
    db.set('l', { type: 'list', value: new Deque(['a', 'b']) });
    db.set('s', { type: 'set', value: new Set(['x']) });
    for (const k of ['h', 'l', 's']) expect(run('COPY', k, `${k}2`)).toEqual({ t: 'int', v: 1 });
    const h2 = db.data.get('h2')!;
    const l2 = db.data.get('l2')!;
    const s2 = db.data.get('s2')!;
    if (h2.type !== 'hash' || l2.type !== 'list' || s2.type !== 'set') throw new Error('types');
    h2.value.set('g', 'w');
    l2.value.pushBack('c');
    s2.value.add('y');
    const h = db.data.get('h')!;
    const l = db.data.get('l')!;
    const s = db.data.get('s')!;
    if (h.type !== 'hash' || l.type !== 'list' || s.type !== 'set') throw new Error('types');
    expect([...h.value.keys()]).toEqual(['f']);
    expect(l.value.toArray()).toEqual(['a', 'b']);
    expect([...s.value]).toEqual(['x']);
  });

  it('MOVE and RENAME report deletes and writes to listeners', () => {
    const { run, engine } = setup();
    const events: CommandEvent[] = [];
    engine.onEvent((e) => events.push(e));
    run('SET', 'a', '1');
    run('MOVE', 'a', '3');
    expect(events.at(-1)!.writes).toContainEqual({ db: 3, key: 'a' });
    expect(events.at(-1)!.deletes).toEqual([{ db: 0, key: 'a' }]);
    run('SET', 'b', '1');
    run('RENAME', 'b', 'c');
    expect(events.at(-1)!.deletes).toEqual([{ db: 0, key: 'b' }]);
    expect(events.at(-1)!.writes).toContainEqual({ db: 0, key: 'c' });
  });

  it('SWAPDB exchanges contents under connected clients, TTLs and SCAN included', () => {
    const { run, engine, client, clock } = setup();
    const other = engine.createClient();
    run('MSET', 'a', '1', 'b', '2');
    run('PEXPIRE', 'a', '1000');
    engine.exec(other, ['SELECT', '1']);
    engine.exec(other, ['SET', 'z', '26']);
    expect(run('SWAPDB', '0', '1')).toEqual({ t: 'simple', v: 'OK' });
    expect(run('KEYS', '*')).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'z' }] });
    expect(engine.exec(other, ['PTTL', 'a'])).toEqual({ t: 'int', v: 1000 });
    expect(scanOnce((...a) => engine.exec(other, a), '0')[1].sort()).toEqual(['a', 'b']);
    clock.advance(1000);
    expect(engine.exec(other, ['EXISTS', 'a', 'b'])).toEqual({ t: 'int', v: 1 });
    expect(client.db).toBe(0);
    expect(run('SELECT', '16')).toEqual({ t: 'error', v: E.DB_INDEX });
    expect(run('SELECT', '2147483648')).toEqual({ t: 'error', v: E.INT32_RANGE });
  });

  it('SWAPDB touches watched keys of both databases', () => {
    const { run, engine } = setup();
    run('SET', 'a', '1');
    const onA = { db: 0, key: 'a', expired: false, client: { dirtyCas: false } };
    const onB = { db: 1, key: 'b', expired: false, client: { dirtyCas: false } };
    const onNone = { db: 0, key: 'none', expired: false, client: { dirtyCas: false } };
    engine.dbs[0]!.watch(onA);
    engine.dbs[1]!.watch(onB);
    engine.dbs[0]!.watch(onNone);
    run('SWAPDB', '0', '1');
    expect(onA.client.dirtyCas).toBe(true); // existed in db 0 before the swap
    expect(onB.client.dirtyCas).toBe(false); // exists on neither side
    expect(onNone.client.dirtyCas).toBe(false);
    const onA1 = { db: 1, key: 'a', expired: false, client: { dirtyCas: false } };
    engine.dbs[1]!.watch(onA1); // db 1 now holds 'a'; swapping it back changes it
    run('SWAPDB', '1', '0');
    expect(onA1.client.dirtyCas).toBe(true);
  });

  it('FLUSHALL empties every database; FLUSHDB only the selected one', () => {
    const { run, engine, client } = setup();
    for (const n of [0, 1, 7]) {
      client.db = n;
      run('SET', 'k', 'v');
    }
    client.db = 1;
    run('FLUSHDB', 'ASYNC');
    expect(engine.dbs.map((d) => d.size)).toEqual([1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    run('FLUSHALL', 'SYNC');
    expect(engine.dbs.every((d) => d.size === 0)).toBe(true);
    expect(scanOnce(run, '0')).toEqual(['0', []]);
  });

  it('KEYS skips expired keys without deleting them; DBSIZE counts them like Redis', () => {
    const { run, clock, db } = setup();
    run('MSET', 'a', '1', 'b', '2');
    run('PEXPIRE', 'a', '5');
    clock.advance(5);
    expect(run('KEYS', '*')).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'b' }] });
    expect(run('DBSIZE')).toEqual({ t: 'int', v: 2 });
    expect(db.size).toBe(2);
  });
});
