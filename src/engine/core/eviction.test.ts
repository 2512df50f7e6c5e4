import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/support/rng';
import { ManualClock } from './clock';
import { E } from './errors';
import type { Reply } from './reply';
import { Engine, type EngineOptions } from '../engine';

function setup(opts: EngineOptions = {}, seed = 7) {
  const clock = new ManualClock();
  const engine = new Engine({ clock, random: mulberry32(seed), ...opts });
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  const num = (...argv: string[]): number => {
    const r = run(...argv);
    if (r === undefined || r.t !== 'int') throw new Error(`not an integer: ${JSON.stringify(r)}`);
    return Number(r.v);
  };
  return { engine, clock, run, num };
}

function infoField(r: Reply | undefined, name: string): string | undefined {
  if (r === undefined || r.t !== 'verbatim') return undefined;
  return new RegExp(`^${name}:(.*)\\r?$`, 'm').exec(r.v)?.[1];
}

/** Keys of `names` still present. */
function present(run: (...a: string[]) => Reply | undefined, names: string[]): number {
  return names.filter((k) => {
    const r = run('EXISTS', k);
    return r?.t === 'int' && r.v === 1;
  }).length;
}

describe('LFU counter (lfu-log-factor, lfu-decay-time) on the engine clock', () => {
  it('grows logarithmically: new keys start at 5, and hits are worth less as the counter grows', () => {
    const { run, num } = setup({ config: { 'maxmemory-policy': 'allkeys-lfu' } });
    run('SET', 'k', 'v');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(5);
    // From the initial value the first hit always counts (p = 1 / (0 * factor + 1)).
    run('GET', 'k');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(6);
    for (let i = 0; i < 99; i++) run('GET', 'k');
    const after100 = num('OBJECT', 'FREQ', 'k');
    for (let i = 0; i < 900; i++) run('GET', 'k');
    const after1000 = num('OBJECT', 'FREQ', 'k');
    // Redis's table for factor 10: about 10 after 100 hits, 18 after 1,000.
    expect(after100).toBeGreaterThanOrEqual(7);
    expect(after100).toBeLessThanOrEqual(13);
    expect(after1000).toBeGreaterThanOrEqual(15);
    expect(after1000).toBeLessThanOrEqual(25);
  });

  it('lfu-log-factor 0 counts every hit, saturating at 255; a bigger factor counts fewer', () => {
    const { run, num } = setup({ config: { 'maxmemory-policy': 'allkeys-lfu', 'lfu-log-factor': '0' } });
    run('SET', 'k', 'v');
    for (let i = 0; i < 100; i++) run('GET', 'k');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(105);
    for (let i = 0; i < 300; i++) run('GET', 'k');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(255);
    run('CONFIG', 'SET', 'lfu-log-factor', '100');
    run('SET', 'slow', 'v');
    for (let i = 0; i < 1000; i++) run('GET', 'slow');
    expect(num('OBJECT', 'FREQ', 'slow')).toBeLessThan(12);
  });

  it('decays by one per lfu-decay-time minutes of the engine clock, never below 0; 0 turns decay off', () => {
    const { run, num, clock } = setup({ config: { 'maxmemory-policy': 'allkeys-lfu', 'lfu-log-factor': '0' } });
    run('SET', 'k', 'v');
    for (let i = 0; i < 15; i++) run('GET', 'k');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(20);
    clock.advance(3 * 60_000);
    // OBJECT FREQ reads without touching: the decay shows, the counter does not move.
    expect(num('OBJECT', 'FREQ', 'k')).toBe(17);
    run('CONFIG', 'SET', 'lfu-decay-time', '2');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(19);
    run('CONFIG', 'SET', 'lfu-decay-time', '0');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(20);
    run('CONFIG', 'SET', 'lfu-decay-time', '1');
    clock.advance(60 * 60_000);
    expect(num('OBJECT', 'FREQ', 'k')).toBe(0);
    // A hit stores the decayed value, then counts: from 0 the hit always counts.
    run('GET', 'k');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(1);
  });

  it('OBJECT FREQ and OBJECT IDLETIME refuse under the other family, with Redis\'s words', () => {
    const { run } = setup();
    run('SET', 'k', 'v');
    expect(run('OBJECT', 'FREQ', 'k')).toEqual({ t: 'error', v: E.LFU_NOT_SELECTED });
    run('CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu');
    expect(run('OBJECT', 'IDLETIME', 'k')).toEqual({ t: 'error', v: E.LFU_SELECTED });
    expect(run('OBJECT', 'FREQ', 'missing')).toEqual({ t: 'nil' });
  });
});

describe('LRU clock: 24 bits of seconds on the engine clock', () => {
  it('counts idle seconds across the wrap of the 24-bit clock', () => {
    // Two seconds before the clock's 24 bits wrap around.
    const wrap = 2 ** 24;
    const { run, num, clock } = setup();
    clock.set((wrap * 5 - 2) * 1000);
    run('SET', 'k', 'v');
    clock.advance(7000);
    // estimateObjectIdleTime across the wrap comes out one second short, in Redis too.
    expect(num('OBJECT', 'IDLETIME', 'k')).toBe(6);
    // Milliseconds below a second do not count (seconds resolution).
    clock.advance(999);
    expect(num('OBJECT', 'IDLETIME', 'k')).toBe(6);
    clock.advance(1);
    expect(num('OBJECT', 'IDLETIME', 'k')).toBe(7);
    run('GET', 'k');
    clock.advance(3000);
    expect(num('OBJECT', 'IDLETIME', 'k')).toBe(3);
  });
});

describe('eviction pool', () => {
  /**
   * The workload that tells random sampling from a walk in key order: the
   * hot keys are the oldest written (so they sit together at the start of
   * any insertion-ordered walk) but are read again before each wave of new
   * writes.
   */
  function hotSetWorkload(policy: string, seed: number, samples = '5') {
    const t = setup({ config: { 'maxmemory-samples': samples } }, seed);
    const { engine, run, clock } = t;
    const hot = Array.from({ length: 200 }, (_, i) => `hot:${i}`);
    const ttl = policy.startsWith('volatile-') ? ['EX', '100000'] : [];
    const base = engine.memory.used();
    run('CONFIG', 'SET', 'maxmemory', String(base + 200_000), 'maxmemory-policy', policy);
    for (const k of hot) run('SET', k, 'v', ...ttl);
    for (let w = 0; w < 8; w++) {
      clock.advance(2000);
      for (const k of hot) run('GET', k);
      clock.advance(2000);
      for (let i = 0; i < 1000; i++) {
        run('SET', `cold:${w}:${i}`, 'v', ...ttl);
        if (i % 250 === 249) clock.advance(1000);
      }
    }
    const kept = present(run, hot) / hot.length;
    return { ...t, kept, hot };
  }

  it('allkeys-lru keeps a hot set that was written first and read between waves of writes', () => {
    const { kept, engine, run } = hotSetWorkload('allkeys-lru', 1);
    expect(kept).toBeGreaterThanOrEqual(0.95);
    expect(engine.memory.evictedKeys).toBeGreaterThan(4000);
    expect(Number(infoField(run('INFO', 'stats'), 'evicted_keys'))).toBe(engine.memory.evictedKeys);
  });

  it('allkeys-lfu, volatile-lfu and volatile-lru keep it too; allkeys-random does not', () => {
    expect(hotSetWorkload('allkeys-lfu', 2).kept).toBeGreaterThanOrEqual(0.95);
    expect(hotSetWorkload('volatile-lfu', 6).kept).toBeGreaterThanOrEqual(0.95);
    expect(hotSetWorkload('volatile-lru', 3).kept).toBeGreaterThanOrEqual(0.95);
    expect(hotSetWorkload('allkeys-random', 4).kept).toBeLessThan(0.5);
  });

  it('maxmemory-samples 1 is close to random; 10 is close to true LRU', () => {
    const one = hotSetWorkload('allkeys-lru', 5, '1').kept;
    const ten = hotSetWorkload('allkeys-lru', 5, '10').kept;
    expect(one).toBeLessThan(ten);
    expect(ten).toBeGreaterThanOrEqual(0.98);
  });

  it('samples without turning compactly stored keys into entry objects', () => {
    const { engine, run, clock } = setup();
    run('DEBUG', 'POPULATE', '20000');
    clock.advance(5000);
    run('PING');
    const compact = engine.dbs[0]!.data.compactCount;
    expect(compact).toBeGreaterThan(19_000);
    run('CONFIG', 'SET', 'maxmemory', String(engine.memory.used() - 100_000), 'maxmemory-policy', 'allkeys-lru');
    run('SET', 'new', 'v');
    const evicted = engine.memory.evictedKeys;
    expect(evicted).toBeGreaterThan(500);
    // Each eviction samples 5 keys; only the victims left the compact store.
    expect(engine.dbs[0]!.data.compactCount).toBeGreaterThanOrEqual(compact - evicted - 5);
  });

  it('volatile-ttl takes the nearest expiry first and never a key without a TTL', () => {
    const { engine, run } = setup();
    for (let i = 0; i < 300; i++) run('SET', `t:${i}`, 'x'.repeat(50), 'EX', String(1000 + i * 10));
    for (let i = 0; i < 300; i++) run('SET', `p:${i}`, 'x'.repeat(50));
    run('CONFIG', 'SET', 'maxmemory', String(engine.memory.used() - 10_000), 'maxmemory-policy', 'volatile-ttl');
    expect(run('SET', 'trigger', 'v')).toEqual({ t: 'simple', v: 'OK' });
    const evicted = engine.memory.evictedKeys;
    expect(evicted).toBeGreaterThan(50);
    const gone = Array.from({ length: 300 }, (_, i) => i).filter((i) => run('EXISTS', `t:${i}`)?.t === 'int' && (run('EXISTS', `t:${i}`) as { v: number }).v === 0);
    // The evicted keys are (almost all) among the nearest expiries.
    const nearest = gone.filter((i) => i < evicted * 1.5).length;
    expect(nearest / gone.length).toBeGreaterThanOrEqual(0.9);
    expect(present(run, Array.from({ length: 300 }, (_, i) => `p:${i}`))).toBe(300);
  });

  it('volatile-* refuses writes with the OOM error once no key with a TTL is left', () => {
    const { engine, run } = setup();
    for (let i = 0; i < 50; i++) run('SET', `t:${i}`, 'x'.repeat(100), 'EX', '1000');
    for (let i = 0; i < 50; i++) run('SET', `p:${i}`, 'x'.repeat(100));
    for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
      run('CONFIG', 'SET', 'maxmemory', '1', 'maxmemory-policy', policy);
      expect(run('SET', 'x', 'v')).toEqual({ t: 'error', v: E.OOM });
      expect(engine.dbs[0]!.expires.size).toBe(0);
      expect(present(run, Array.from({ length: 50 }, (_, i) => `p:${i}`))).toBe(50);
    }
    // Reads still work; noeviction refuses writes and evicts nothing.
    run('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
    expect(run('GET', 'p:0')).toEqual({ t: 'bulk', v: 'x'.repeat(100) });
    expect(run('SET', 'y', 'v')).toEqual({ t: 'error', v: E.OOM });
  });
});

describe('what counts as an access', () => {
  it('a new key written with a TTL starts at the initial LFU value; reads count, OBJECT and TTL do not', () => {
    const { run, num } = setup({ config: { 'maxmemory-policy': 'allkeys-lfu' } });
    run('SET', 'k', 'v', 'EX', '100');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(5);
    run('TTL', 'k');
    run('TYPE', 'k');
    run('EXISTS', 'k');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(5);
    run('GET', 'k');
    expect(num('OBJECT', 'FREQ', 'k')).toBe(6);
  });
});
