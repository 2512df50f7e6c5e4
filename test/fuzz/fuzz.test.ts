/**
 * A quick differential fuzz run (fixed seeds) as part of the unit tests.
 * Longer runs: `npm run fuzz -- --n 1000000 --seed S`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireRedis, startRedis, type RedisServer } from '../support/redis';
import { Engine, type Reply } from '../../src/engine';
import { formatDivergence, fuzz, settleLex } from './fuzzer';
import { compareReplies } from './compare';
import { capBitOffsets, keepTtlsFar, purgeLingering } from './generate';

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

describe('bit offsets past the engine\'s 128 MB value cap', () => {
  it('become 8 Mbit in SETBIT and BITFIELD, and stay elsewhere', () => {
    expect(capBitOffsets('setbit', ['SETBIT', 'k0', '2147483648', '0'])).toEqual(['SETBIT', 'k0', '8388608', '0']);
    expect(capBitOffsets('bitfield', ['bitfield', 'k', 'SET', 'u8', '2147483648', '1'])).toEqual(['bitfield', 'k', 'SET', 'u8', '8388608', '1']);
    expect(capBitOffsets('setrange', ['setrange', 'k', '2147483648', 'x'])).toEqual(['setrange', 'k', '2147483648', 'x']);
  });
});

describe('keys stored already expired', () => {
  it('are looked up at once, so neither side keeps one for RANDOMKEY or a timer to find', () => {
    expect(purgeLingering([['SET', 'k1', 'v', 'pxat', '1']])).toEqual([['SET', 'k1', 'v', 'pxat', '1'], ['exists', 'k1']]);
    const block = [['multi'], ['set', 'k2', 'v', 'EXAT', '1'], ['exec']];
    expect(purgeLingering(block)).toEqual([...block, ['exists', 'k2']]);
    expect(purgeLingering([['set', 'k1', 'v', 'PX', '100000000']])).toEqual([['set', 'k1', 'v', 'PX', '100000000']]);
  });
});

describe('comparing replies whose exact value Redis does not specify', () => {
  const arr = (...v: Reply[]): Reply => ({ t: 'array', v });
  const nil: Reply = { t: 'nil' };
  const bulk = (v: string): Reply => ({ t: 'bulk', v });
  it('SORT BY nosort with LIMIT and GET: the same number of elements', () => {
    const argv = ['sort_ro', 'k5', 'BY', 'nosort', 'LIMIT', '2', '1', 'GET', 'k*', 'ALPHA'];
    expect(compareReplies(argv, arr(bulk('-1')), arr(nil), { windowMs: 1 })).toBeUndefined();
    expect(compareReplies(argv, arr(bulk('-1'), nil), arr(nil), { windowMs: 1 })).toBe('different number of elements');
    // without GET the elements are members: same kinds expected
    expect(compareReplies(['sort', 'k', 'BY', 'nosort', 'LIMIT', '0', '1'], arr(bulk('a')), arr(nil), { windowMs: 1 })).toBe('different shape');
  });
  it('SORT BY nosort: order-free only over a hashtable set', () => {
    const ab = arr(bulk('a'), bulk('b'));
    const ba = arr(bulk('b'), bulk('a'));
    const argv = ['sort', 'k', 'BY', 'nosort'];
    expect(compareReplies(argv, ab, ba, { windowMs: 1, encoding: 'hashtable' })).toBeUndefined();
    expect(compareReplies(argv, ab, ba, { windowMs: 1 })).toBeUndefined(); // encoding unknown (inside MULTI)
    for (const encoding of ['quicklist', 'skiplist', 'intset']) {
      expect(compareReplies(argv, ab, ba, { windowMs: 1, encoding })).toBe('different reply');
    }
    // a later BY with a pattern does not turn sorting back on
    expect(compareReplies(['sort', 'k', 'BY', 'nosort', 'BY', 'k*'], ab, ba, { windowMs: 1, encoding: 'hashtable' })).toBeUndefined();
  });
  it('SORT BY a pattern: order-free with ALPHA (tied values), exact without (ties go by the element)', () => {
    const ab = arr(bulk('a'), bulk('b'));
    const ba = arr(bulk('b'), bulk('a'));
    expect(compareReplies(['sort', 'k', 'BY', 'w_*', 'ALPHA'], ab, ba, { windowMs: 1, encoding: 'hashtable' })).toBeUndefined();
    expect(compareReplies(['sort', 'k', 'BY', 'w_*'], ab, ba, { windowMs: 1, encoding: 'hashtable' })).toBe('different reply');
    expect(compareReplies(['sort', 'k', 'BY', 'w_*', 'ALPHA', 'STORE', 'd'], { t: 'int', v: 2n }, { t: 'int', v: 2n }, { windowMs: 1 })).toBeUndefined();
  });
  it('PTTL near 2^63 ms: compared exactly, within the timing slack', () => {
    const int = (v: bigint): Reply => ({ t: 'int', v });
    expect(compareReplies(['pttl', 'k1'], int(9223370241504495103n), int(9223370241504495104n), { windowMs: 1 })).toBeUndefined();
    expect(compareReplies(['pttl', 'k1'], int(9223370241504495103n), int(9223370241504496127n), { windowMs: 1 })).toBe('differs by 1024 (allowed 6)');
  });
  it('a hashtable hash in any order, each field kept with its value (the oracle canonical form, pairs)', () => {
    const map = (...kv: string[]): Reply => ({ t: 'map', v: Array.from({ length: kv.length / 2 }, (_, i) => [bulk(kv[2 * i]!), bulk(kv[2 * i + 1]!)] as [Reply, Reply]) });
    const argv = ['hgetall', 'h'];
    // the engine's RESP3 map against redis-server's RESP2 flat array, in another order
    expect(compareReplies(argv, map('f', '1', 'g', '2'), arr(bulk('g'), bulk('2'), bulk('f'), bulk('1')), { windowMs: 1, encoding: 'hashtable' })).toBeUndefined();
    expect(compareReplies(argv, map('f', '2', 'g', '1'), arr(bulk('g'), bulk('2'), bulk('f'), bulk('1')), { windowMs: 1, encoding: 'hashtable' })).toBe(
      'different elements (order ignored): only redis-server has "f" => "1" "g" => "2"; only the engine has "f" => "2" "g" => "1"',
    );
    expect(compareReplies(argv, map('f', '1', 'g', '2'), arr(bulk('g'), bulk('2'), bulk('f'), bulk('1')), { windowMs: 1, encoding: 'listpack' })).toBe('different reply (listpack order)');
  });
});
