import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { keyUsage } from './memory';
import { bulk, int, type Reply } from './reply';
import { Engine } from '../engine';

function setup() {
  const clock = new ManualClock();
  const engine = new Engine({ clock, random: () => 0.5 });
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  return { engine, clock, run };
}

/** The running estimate recomputed from scratch, for entries read without expanding them. */
function measuredFromScratch(engine: Engine): number {
  let total = 0;
  for (const db of engine.dbs) for (const [key, e] of db.data.view()) total += keyUsage(key, e, engine.config, 8, true);
  return total;
}

const compact = (engine: Engine, db = 0) => engine.dbs[db]!.data.compactCount;

describe('compact keys: short plain strings stored without an entry object', () => {
  it('many SETs leave most keys compact, with the same values, sizes and idle times', () => {
    const { engine, clock, run } = setup();
    for (let i = 0; i < 1000; i++) run('SET', `old:${i}`, `v${i}`);
    clock.advance(20_000);
    for (let i = 0; i < 1000; i++) run('SET', `new:${i}`, String(i));
    expect(compact(engine)).toBeGreaterThan(1500);
    expect(engine.memory.dataset).toBe(measuredFromScratch(engine));
    // Read without touching: OBJECT IDLETIME and MEMORY USAGE see the record the key had.
    expect(run('OBJECT', 'IDLETIME', 'old:3')).toEqual(int(20));
    expect(run('OBJECT', 'IDLETIME', 'new:3')).toEqual(int(0));
    expect(run('OBJECT', 'ENCODING', 'new:3')).toEqual(bulk('int'));
    expect(run('OBJECT', 'ENCODING', 'old:3')).toEqual(bulk('embstr'));
    expect(run('MEMORY', 'USAGE', 'old:3')).toEqual(int(keyUsage('old:3', { type: 'string', value: 'v3' }, engine.config)));
    expect(run('GET', 'old:999')).toEqual(bulk('v999'));
    expect(run('OBJECT', 'IDLETIME', 'old:999')).toEqual(int(0));
    expect(run('DBSIZE')).toEqual(int(2000));
  });

  it('compactValue gives the string of a compact key, and nothing for entry objects or absent keys', () => {
    const { engine, run } = setup();
    for (let i = 0; i < 1000; i++) run('SET', `k:${i}`, `v${i}`);
    run('RPUSH', 'list', 'a');
    const table = engine.dbs[0]!.data;
    const compactKeys = [...table.keys()].filter((k) => table.compactValue(k) !== undefined);
    expect(compactKeys.length).toBe(compact(engine));
    expect(compactKeys.length).toBeGreaterThan(500);
    for (const k of compactKeys) expect(table.compactValue(k)).toBe((table.peek(k) as { value: string }).value);
    expect(table.compactValue('list')).toBeUndefined();
    expect(table.compactValue('nosuch')).toBeUndefined();
    // Read through `get`, a key is an entry object again until the next compaction.
    const k = compactKeys[0]!;
    table.get(k);
    expect(table.compactValue(k)).toBeUndefined();
  });

  it('writes, deletes, expiries and flushes keep the memory estimate exact', () => {
    const { engine, clock, run } = setup();
    for (let i = 0; i < 600; i++) run('SET', `k:${i}`, `v${i}`);
    expect(compact(engine)).toBeGreaterThan(400);
    for (let i = 0; i < 600; i += 3) run('APPEND', `k:${i}`, 'tail');
    for (let i = 1; i < 600; i += 3) run('DEL', `k:${i}`);
    for (let i = 2; i < 600; i += 6) run('PEXPIRE', `k:${i}`, '100');
    for (let i = 0; i < 300; i++) run('SET', `more:${i}`, 'x'.repeat(i % 70));
    expect(engine.memory.dataset).toBe(measuredFromScratch(engine));
    clock.advance(200);
    for (let i = 2; i < 600; i += 6) expect(run('GET', `k:${i}`)).toEqual({ t: 'nil' });
    expect(engine.memory.dataset).toBe(measuredFromScratch(engine));
    // Strings edited in place keep their raw encoding however often the table is compacted.
    for (let i = 0; i < 300; i++) run('SET', `again:${i}`, 'y');
    expect(run('OBJECT', 'ENCODING', 'k:0')).toEqual(bulk('raw'));
    expect(run('GET', 'k:0')).toEqual(bulk('v0tail'));
    expect(run('OBJECT', 'ENCODING', 'k:5')).toEqual(bulk('embstr'));
    expect(run('TTL', 'k:5')).toEqual(int(-1));
    run('FLUSHDB');
    expect(engine.memory.dataset).toBe(0);
    expect(compact(engine)).toBe(0);
    expect(run('GET', 'k:3')).toEqual({ t: 'nil' });
  });

  it('keeps the LFU counter of a compact key', () => {
    const { engine, run } = setup();
    run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    for (let i = 0; i < 300; i++) run('SET', `k:${i}`, 'v');
    for (let n = 0; n < 20; n++) run('GET', 'k:7');
    const freq = run('OBJECT', 'FREQ', 'k:7');
    for (let i = 0; i < 300; i++) run('SET', `other:${i}`, 'v');
    expect(compact(engine)).toBeGreaterThan(300);
    expect(run('OBJECT', 'FREQ', 'k:7')).toEqual(freq);
    expect(run('OBJECT', 'FREQ', 'k:8')).toEqual(int(5));
  });

  it('SCAN, SWAPDB, MOVE, COPY, RENAME and a snapshot round trip see compact keys as any other', () => {
    const { engine, run } = setup();
    for (let i = 0; i < 400; i++) run('SET', `k:${i}`, `v${i}`);
    expect(compact(engine)).toBeGreaterThan(200);
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const r = run('SCAN', cursor, 'COUNT', '37') as { t: 'array'; v: [{ t: 'bulk'; v: string }, { t: 'array'; v: { t: 'bulk'; v: string }[] }] };
      cursor = r.v[0].v;
      for (const x of r.v[1].v) seen.add(x.v);
    } while (cursor !== '0');
    expect(seen.size).toBe(400);
    run('MOVE', 'k:1', '1');
    run('COPY', 'k:2', 'copy:2');
    run('RENAME', 'k:3', 'renamed:3');
    run('SWAPDB', '0', '1');
    expect(run('GET', 'k:1')).toEqual(bulk('v1'));
    expect(run('SELECT', '1')).toEqual({ t: 'simple', v: 'OK' });
    expect(run('GET', 'k:4')).toEqual(bulk('v4'));
    expect(run('GET', 'copy:2')).toEqual(bulk('v2'));
    expect(run('GET', 'renamed:3')).toEqual(bulk('v3'));
    expect(run('EXISTS', 'k:1', 'k:3')).toEqual(int(0));
    for (let i = 0; i < 300; i++) run('SET', `after:${i}`, `a${i}`);
    expect(engine.memory.dataset).toBe(measuredFromScratch(engine));
    run('DEBUG', 'RELOAD');
    expect(run('DBSIZE')).toEqual(int(700));
    expect(run('GET', 'after:299')).toEqual(bulk('a299'));
    expect(engine.memory.dataset).toBe(measuredFromScratch(engine));
  });
});
