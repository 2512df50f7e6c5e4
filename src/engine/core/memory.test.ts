import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock';
import { E } from './errors';
import { allocSize, keyUsage } from './memory';
import { err, int, type Reply } from './reply';
import { Engine, type EngineOptions } from '../engine';

function setup(opts: EngineOptions = {}) {
  const engine = new Engine({ clock: new ManualClock(), random: () => 0.5, ...opts });
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  return { engine, run };
}

/** The running estimate recomputed from scratch: every key measured as the meter does. */
function measuredFromScratch(engine: Engine): number {
  let total = 0;
  for (const db of engine.dbs) for (const [key, e] of db.data) total += keyUsage(key, e, engine.config, 8, true);
  return total;
}

/** A workload mixing hot keys (one list pushed again and again), many keys, deletes and a transaction. */
function workload(run: (...argv: string[]) => unknown, after: () => void): void {
  for (let i = 0; i < 300; i++) {
    run('LPUSH', 'hot', `item:${i}`, String(i));
    if (i % 3 === 0) run('RPOP', 'hot');
    run('SET', `k:${i % 170}`, 'v'.repeat(i % 60));
    run('ZADD', 'z', String(i % 17), `m:${i}`);
    if (i % 7 === 0) run('DEL', `k:${(i * 3) % 170}`);
    if (i % 50 === 0) {
      run('MULTI');
      run('SET', 'tx', String(i));
      run('APPEND', 'tx', 'x'.repeat(i));
      run('SADD', 'set', String(i), `s${i}`);
      run('EXEC');
    }
    after();
  }
}

describe('memory meter: measuring written keys in batches', () => {
  it('gives the same dataset size as measuring after every command', () => {
    const eager = setup();
    const lazy = setup();
    const seen: number[] = [];
    workload(eager.run, () => seen.push(eager.engine.memory.dataset));
    workload(lazy.run, () => {});
    expect(lazy.engine.memory.dataset).toBe(eager.engine.memory.dataset);
    expect(lazy.engine.memory.used()).toBe(eager.engine.memory.used());
    expect(eager.engine.memory.dataset).toBe(measuredFromScratch(eager.engine));
    // The figure moved with the workload (it was really measured after each command).
    expect(new Set(seen).size).toBeGreaterThan(100);
  });

  it('INFO and MEMORY STATS see writes made by earlier commands at once', () => {
    const { engine, run } = setup();
    run('SET', 'a', 'x'.repeat(5000));
    const info = run('INFO', 'memory');
    const text = info !== undefined && 'v' in info && typeof info.v === 'string' ? info.v : '';
    const used = Number(/used_memory:(\d+)/.exec(text)![1]);
    expect(used).toBe(engine.memory.used());
    expect(engine.memory.dataset).toBe(measuredFromScratch(engine));
    expect(engine.memory.dataset).toBeGreaterThan(5000);
  });

  it('a key written and deleted before being measured leaves nothing behind', () => {
    const { engine, run } = setup();
    run('RPUSH', 'l', 'a', 'b');
    run('DEL', 'l');
    run('SET', 'l', 'again');
    run('FLUSHALL');
    expect(engine.memory.dataset).toBe(0);
    run('SET', 's', 'x');
    expect(engine.memory.dataset).toBe(measuredFromScratch(engine));
  });

  it('keys moved, copied, renamed, swapped or replaced by another type keep exact accounts', () => {
    const { engine, run } = setup();
    const check = () => expect(engine.memory.dataset).toBe(measuredFromScratch(engine));
    run('SET', 'a', 'x'.repeat(100));
    run('RPUSH', 'l', 'p', 'q', 'r');
    check();
    // MOVE stores the same entry object in the other db before deleting it here.
    expect(run('MOVE', 'a', '1')).toEqual(int(1));
    check();
    run('SELECT', '1');
    expect(run('GET', 'a')).toEqual({ t: 'bulk', v: 'x'.repeat(100) });
    // COPY clones the entry (its record with it); the clone gets its own.
    expect(run('COPY', 'a', 'b')).toEqual(int(1));
    expect(run('COPY', 'a', 'a', 'DB', '0')).toEqual(int(1));
    check();
    run('APPEND', 'b', 'yyyy');
    run('DEL', 'a');
    check();
    expect(engine.memory.stat(1, 'b')).toBeDefined();
    expect(engine.memory.stat(1, 'a')).toBeUndefined();
    run('SELECT', '0');
    expect(run('RENAME', 'l', 'l2')).toEqual({ t: 'simple', v: 'OK' });
    // SET over a list stores a new entry object: the key's record carries over.
    run('SET', 'l2', 'now a string');
    check();
    run('SWAPDB', '0', '1');
    check();
    run('MOVE', 'b', '1');
    run('SELECT', '1');
    run('MOVE', 'b', '0');
    check();
    run('FLUSHALL');
    expect(engine.memory.dataset).toBe(0);
  });

  it('the maxmemory guard still refuses writes once over the limit', () => {
    const { run } = setup({ config: { maxmemory: '2mb' } });
    expect(run('DEBUG', 'POPULATE', '10000000')).toEqual(err(E.OOM));
    for (let i = 0; i < 20_000; i++) {
      const r = run('SET', `key:${i}`, 'v'.repeat(100));
      if (r?.t === 'error') {
        expect(r).toEqual(err(E.OOM));
        return;
      }
    }
    throw new Error('never refused');
  });
});

describe('allocation sizes', () => {
  it('jemalloc size classes around powers of two', () => {
    expect(allocSize(129)).toBe(160);
    expect(allocSize(1024)).toBe(1024);
    expect(allocSize(1025)).toBe(1280);
    expect(allocSize(2 ** 31 + 1)).toBe(2 ** 31 + 2 ** 29);
  });
});

describe('command dispatch cache', () => {
  it('follows the command table when a command is replaced, whatever the casing', () => {
    const { engine, run } = setup();
    expect(run('PiNg')).toEqual({ t: 'simple', v: 'PONG' });
    expect(run('PiNg')).toEqual({ t: 'simple', v: 'PONG' });
    const ping = engine.commands.get('ping')!;
    engine.commands.set('ping', { ...ping, handler: () => int(42) });
    expect(run('PiNg')).toEqual(int(42));
    expect(run('ping')).toEqual(int(42));
    engine.commands.delete('ping');
    expect(run('PiNg')).toEqual(err("ERR unknown command 'PiNg', with args beginning with: "));
  });
});
