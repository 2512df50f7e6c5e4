/**
 * maxmemory and the eviction policies against a real redis-server 7.0, the
 * checks of Redis's unit/maxmemory rewritten for two servers over RESP.
 * Which keys Redis evicts is random, so the tests compare behaviour, not
 * victims: the same script runs on both servers (each with a limit set
 * relative to its own used_memory) and both must show the same property.
 *
 * Old and cold keys are made without waiting: RESTORE ... IDLETIME and
 * RESTORE ... FREQ set a key's LRU clock or LFU counter, on both servers.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { E } from '../../src/engine/core/errors';
import { RespClient, requireRedis } from '../support/redis';
import { bothServers } from '../support/servers';

const run = requireRedis();

function text(r: Reply): string {
  return r.t === 'bulk' || r.t === 'simple' || r.t === 'verbatim' || r.t === 'error' ? String(r.v) : '';
}

function intOf(r: Reply): number {
  if (r.t !== 'int') throw new Error(`not an integer: ${JSON.stringify(r)}`);
  return Number(r.v);
}

/** A connection with a few helpers for one server. */
class Side {
  private constructor(
    readonly name: string,
    readonly c: RespClient,
  ) {}

  static async open(name: string, port: number): Promise<Side> {
    const s = new Side(name, await RespClient.connect(port));
    for (const cmd of [
      ['FLUSHALL'],
      ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction', 'maxmemory-samples', '5', 'lfu-log-factor', '10', 'lfu-decay-time', '1'],
      ['CONFIG', 'RESETSTAT'],
    ])
      await s.c.call(cmd);
    return s;
  }

  call(...argv: string[]): Promise<Reply> {
    return this.c.call(argv);
  }

  /**
   * Pipelined in batches of 100 (a long pipeline grows Redis's client
   * buffers, which count in its used_memory); every reply.
   */
  async all(cmds: readonly (readonly string[])[]): Promise<Reply[]> {
    const out: Reply[] = [];
    for (let i = 0; i < cmds.length; i += 100) out.push(...(await Promise.all(cmds.slice(i, i + 100).map((a) => this.c.call(a)))));
    return out;
  }

  async info(section: string, field: string): Promise<number> {
    const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(text(await this.call('INFO', section)));
    return m === null ? NaN : Number(m[1]);
  }

  /** maxmemory = this server's used_memory now minus `below` bytes, and the policy. */
  async limit(policy: string, below: number): Promise<void> {
    const used = await this.info('memory', 'used_memory');
    const r = await this.call('CONFIG', 'SET', 'maxmemory', String(used - below), 'maxmemory-policy', policy);
    expect(text(r)).toBe('OK');
  }

  /** How many of `keys` exist. */
  async present(keys: readonly string[]): Promise<number> {
    return (await this.all(keys.map((k) => ['EXISTS', k]))).filter((r) => r.t === 'int' && Number(r.v) === 1).length;
  }

  /** Writes `n` keys with this server's own DUMP payload of a short string, with RESTORE options. */
  async restoreMany(prefix: string, n: number, opts: readonly string[], ttlMs = '0'): Promise<string[]> {
    await this.call('SET', '__tmpl', 'some value');
    const payload = await this.call('DUMP', '__tmpl');
    await this.call('DEL', '__tmpl');
    const keys = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    const replies = await this.all(keys.map((k) => ['RESTORE', k, ttlMs, text(payload), ...opts]));
    for (const r of replies) expect(text(r)).toBe('OK');
    return keys;
  }

  close(): void {
    this.c.close();
  }
}

describe.skipIf(!run)('differential: maxmemory eviction behaviour vs real redis-server', () => {
  const servers = bothServers();

  /** Runs `script` on both servers (fresh, default settings), in parallel; returns both results. */
  async function onBoth<T>(script: (s: Side) => Promise<T>): Promise<{ ours: T; redis: T }> {
    const [a, b] = await Promise.all([Side.open('ours', servers.ours.port), Side.open('redis', servers.redis.port)]);
    try {
      const [ours, redis] = await Promise.all([script(a), script(b)]);
      return { ours, redis };
    } finally {
      for (const s of [a, b]) {
        await s.call('CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction');
        s.close();
      }
    }
  }

  it('allkeys-lru keeps the keys read recently and evicts idle ones; evicted_keys counts them', async () => {
    const r = await onBoth(async (s) => {
      const idle = await s.restoreMany('idle:', 1500, ['IDLETIME', '1000']);
      // Idle as long as the others, then read: recently used now.
      const read = await s.restoreMany('read:', 300, ['IDLETIME', '1000']);
      await s.all(read.map((k) => ['GET', k]));
      const before = intOf(await s.call('DBSIZE'));
      await s.limit('allkeys-lru', 40_000);
      expect(text(await s.call('SET', 'trigger', 'v'))).toBe('OK');
      const after = intOf(await s.call('DBSIZE'));
      const evicted = await s.info('stats', 'evicted_keys');
      // The checks below read many keys: no more evictions while they run.
      await s.call('CONFIG', 'SET', 'maxmemory', '0');
      return { readKept: await s.present(read), idleKept: await s.present(idle), gone: before + 1 - after, evicted };
    });
    for (const x of [r.ours, r.redis]) {
      expect(x.readKept).toBe(300);
      expect(x.idleKept).toBeLessThan(1500);
      expect(x.evicted).toBeGreaterThan(100);
      // Redis may evict one or two more keys while DBSIZE and INFO run (its client buffers count).
      expect(Math.abs(x.evicted - x.gone)).toBeLessThanOrEqual(2);
    }
    expect(r.ours.evicted).toBe(r.ours.gone);
  });

  it('allkeys-lfu keeps the keys read most often', async () => {
    const r = await onBoth(async (s) => {
      await s.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
      const rare = await s.restoreMany('rare:', 1500, ['FREQ', '1']);
      const often = await s.restoreMany('often:', 300, ['FREQ', '1']);
      for (let i = 0; i < 20; i++) await s.all(often.map((k) => ['GET', k]));
      const freq = intOf(await s.call('OBJECT', 'FREQ', often[0]!));
      await s.limit('allkeys-lfu', 40_000);
      await s.call('SET', 'trigger', 'v');
      const evicted = await s.info('stats', 'evicted_keys');
      await s.call('CONFIG', 'SET', 'maxmemory', '0');
      return { freq, oftenKept: await s.present(often), rareKept: await s.present(rare), evicted };
    });
    for (const x of [r.ours, r.redis]) {
      // Twenty reads from 1 with log factor 10: the counter is well above the rare keys'.
      expect(x.freq).toBeGreaterThanOrEqual(5);
      expect(x.oftenKept).toBe(300);
      expect(x.rareKept).toBeLessThan(1500);
      expect(x.evicted).toBeGreaterThan(100);
    }
  });

  it('volatile-* never evict a key without a TTL, and refuse writes with the OOM error when none is left', async () => {
    for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl']) {
      const r = await onBoth(async (s) => {
        const persistent = await s.restoreMany('p:', 600, ['IDLETIME', '5000']);
        const volatile = await s.restoreMany('t:', 1500, [], '3600000');
        await s.limit(policy, 20_000);
        const first = text(await s.call('SET', 'trigger', 'v'));
        await s.call('CONFIG', 'SET', 'maxmemory', '0');
        const kept = { p: await s.present(persistent), t: await s.present(volatile) };
        await s.call('CONFIG', 'SET', 'maxmemory', '1');
        const refused = await s.call('SET', 'another', 'v');
        const read = await s.call('GET', persistent[0]!);
        return { first, kept, refused: text(refused), read: text(read), pAfter: await s.present(persistent), expires: Number(/expires=(\d+)/.exec(text(await s.call('INFO', 'keyspace')))?.[1]) };
      });
      for (const x of [r.ours, r.redis]) {
        expect(x.first, policy).toBe('OK');
        expect(x.kept.p, policy).toBe(600);
        expect(x.kept.t, policy).toBeLessThan(1500);
        expect(x.refused, policy).toBe(E.OOM);
        expect(x.read, policy).toBe('some value');
        expect(x.pAfter, policy).toBe(600);
        expect(x.expires, policy).toBe(0);
      }
    }
  });

  it('volatile-ttl evicts the nearest expiries first', async () => {
    const r = await onBoth(async (s) => {
      await s.call('SET', '__tmpl', 'some value');
      const payload = text(await s.call('DUMP', '__tmpl'));
      await s.call('DEL', '__tmpl');
      // TTLs from 1,000 s upwards in steps of 10 s, written in a shuffled order.
      const order = Array.from({ length: 1200 }, (_, i) => (i * 7919) % 1200);
      await s.all(order.map((i) => ['RESTORE', `t:${i}`, String((1000 + i * 10) * 1000), payload]));
      await s.limit('volatile-ttl', 30_000);
      await s.call('SET', 'trigger', 'v');
      const evicted = await s.info('stats', 'evicted_keys');
      await s.call('CONFIG', 'SET', 'maxmemory', '0');
      const exists = await s.all(order.map((i) => ['EXISTS', `t:${i}`]));
      const gone = order.filter((_, j) => intOf(exists[j]!) === 0);
      return { gone, evicted };
    });
    for (const x of [r.ours, r.redis]) {
      expect(x.evicted).toBeGreaterThan(50);
      expect(Math.abs(x.gone.length - x.evicted)).toBeLessThanOrEqual(2);
      // Sampling 5 keys at a time is approximate: most victims are among the nearest expiries.
      const near = x.gone.filter((i) => i < x.evicted * 2).length;
      expect(near / x.gone.length).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('noeviction refuses writes with the exact error, keeps serving reads, and evicts nothing', async () => {
    const r = await onBoth(async (s) => {
      await s.call('SET', 'a', 'x');
      await s.limit('noeviction', 1000);
      const set = text(await s.call('SET', 'b', 'y'));
      const get = text(await s.call('GET', 'a'));
      const del = intOf(await s.call('DEL', 'a'));
      return { set, get, del, evicted: await s.info('stats', 'evicted_keys') };
    });
    expect(r.ours).toEqual(r.redis);
    expect(r.ours).toEqual({ set: E.OOM, get: 'x', del: 1, evicted: 0 });
  });

  it('every eviction publishes the evicted keyspace event', async () => {
    const r = await onBoth(async (s) => {
      await s.call('CONFIG', 'SET', 'notify-keyspace-events', 'Ee');
      const sub = await RespClient.connect(s.name === 'ours' ? servers.ours.port : servers.redis.port);
      try {
        await sub.call(['SUBSCRIBE', '__keyevent@0__:evicted']);
        await s.restoreMany('k:', 800, ['IDLETIME', '100']);
        await s.limit('allkeys-random', 20_000);
        await s.call('SET', 'trigger', 'v');
        await s.call('CONFIG', 'SET', 'maxmemory', '0');
        await new Promise((res) => setTimeout(res, 100));
        const messages = sub.takeUnclaimed().filter((m) => m.t === 'array' && m.v.length === 3 && text(m.v[0]!) === 'message');
        return { messages: messages.length, evicted: await s.info('stats', 'evicted_keys'), keysNamed: messages.every((m) => m.t === 'array' && text(m.v[2]!).startsWith('k:')) };
      } finally {
        sub.close();
        await s.call('CONFIG', 'SET', 'notify-keyspace-events', '');
      }
    });
    for (const x of [r.ours, r.redis]) {
      expect(x.evicted).toBeGreaterThan(10);
      expect(x.messages).toBe(x.evicted);
      expect(x.keysNamed).toBe(true);
    }
  });
});
