/**
 * A quick differential fuzz run (fixed seeds) as part of the unit tests.
 * Longer runs: `npm run fuzz -- --n 1000000 --seed S`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis, startRedis, type RedisServer } from '../support/redis';
import { Engine } from '../../src/engine';
import { formatDivergence, fuzz, settleLex } from './fuzzer';
import { keepTtlsFar } from './generate';

const withRedis = requireRedis();

describe.skipIf(!withRedis)('differential fuzzer vs redis-server', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('3,000 random commands over a shared key space agree with Redis', async () => {
    const seed = process.env.FUZZ_SEED ?? 'npm-test-1';
    const report = await fuzz({ seed, n: 3000, redisPort: redis.port, maxDistinct: 10 });
    expect(report.commands).toBe(3000);
    expect(report.divergences.map((d) => formatDivergence(d, seed)).join('\n\n')).toBe('');
  });
});

describe('lex ranges whose answer Redis leaves to chance', () => {
  it('are replaced on skiplist sets of mixed scores, and kept elsewhere', () => {
    const e = new Engine();
    const c = e.createClient();
    const lex = ['zremrangebylex', 'z', '[e', '[\xff'];
    const settled = (step: string[][]) => settleLex(e, c.db, step);
    e.exec(c, ['zadd', 'z', '-100', 'm1', '.5', 'a', '-1', 'f', '-0', 'b']);
    // listpack: a linear scan in Redis, compared as is
    expect(settled([lex])).toEqual({ step: [lex], replaced: 0 });
    e.exec(c, ['sort_ro', 'z', 'alpha']); // SORT converts a sorted set to a skiplist, as in Redis
    expect(settled([lex])).toEqual({ step: [['zcard', 'z']], replaced: 1 });
    expect(settled([['zrange', 'z', '-', '+', 'BYLEX']]).replaced).toBe(1);
    expect(settled([['zrangestore', 'dst', 'z', '-', '+', 'bylex']]).replaced).toBe(1);
    expect(settled([['zrange', 'z', '0', '-1']]).replaced).toBe(0);
    // equal scores: lex order is the set's order, deterministic
    e.exec(c, ['zadd', 'y', '1', 'a', '1', 'b']);
    e.exec(c, ['sort_ro', 'y', 'alpha']);
    expect(settled([['zlexcount', 'y', '-', '+']]).replaced).toBe(0);
    // inside MULTI, a key an earlier command touched is judged unspecified
    const block = [['multi'], ['zadd', 'y', '5', 'c'], ['zrangebylex', 'y', '-', '+'], ['exec']];
    expect(settled(block).step[2]).toEqual(['zcard', 'y']);
  });
});

describe('mutated TTLs', () => {
  it('are pushed out of reach of a run when short, and kept when immediate or invalid', () => {
    expect(keepTtlsFar(['psetex', 'k', '5', 'v'])).toEqual(['psetex', 'k', '100000000', 'v']);
    expect(keepTtlsFar(['EXPIRE', 'k', '1', 'GT'])).toEqual(['EXPIRE', 'k', '100000', 'GT']);
    expect(keepTtlsFar(['set', 'k', 'v', 'px', '1'])).toEqual(['set', 'k', 'v', 'px', '100000000']);
    expect(keepTtlsFar(['getex', 'k', 'EX', '3'])).toEqual(['getex', 'k', 'EX', '100000']);
    for (const argv of [['pexpire', 'k', '0'], ['pexpire', 'k', '-5'], ['setex', 'k', '1.5', 'v'], ['pexpire', 'k', '200000000'], ['pexpireat', 'k', '5']]) {
      expect(keepTtlsFar([...argv])).toEqual(argv);
    }
  });
});
