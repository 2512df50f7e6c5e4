/**
 * A quick differential fuzz run (fixed seeds) as part of the unit tests.
 * Longer runs: `npm run fuzz -- --n 1000000 --seed S`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis, startRedis, type RedisServer } from '../support/redis';
import { formatDivergence, fuzz } from './fuzzer';

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
