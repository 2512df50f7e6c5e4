import { describe, expect, it } from 'vitest';
import { type Case, compare, resetBoth, runCase, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();

const weights = [['MSET', 'w_a', '3', 'w_b', '1', 'w_c', '2', 'w_1', '30', 'w_2', '10', 'w_3', '20', 'o_a', 'x', 'o_b', 'y', 'o_c', 'z']];
const hashes = [['HSET', 'h_a', 'f', '5', 'n', 'A'], ['HSET', 'h_b', 'f', '9', 'n', 'B'], ['HSET', 'h_c', 'f', '-1', 'n', 'C']];

const cases: Case[] = [
  {
    name: 'SORT: numeric and ALPHA on lists, sets, sorted sets',
    lines: [
      ['RPUSH', 'l', '3', '1', '2', '10', '-5', '1.5'], ['SORT', 'l'], ['SORT', 'l', 'DESC'], ['SORT', 'l', 'ALPHA'], ['SORT', 'l', 'ALPHA', 'DESC'],
      ['SADD', 's', '5', '3', '9', '-1'], ['SORT', 's'], ['SORT', 's', 'DESC'], ['SADD', 'sw', 'b', 'a', 'c', 'aa'], ['SORT', 'sw', 'ALPHA'], ['SORT', 'sw'],
      ['ZADD', 'z', '1', 'c', '2', 'b', '3', 'a'], ['SORT', 'z', 'ALPHA'], ['SORT', 'z', 'BY', 'nosort'], ['SORT', 'z', 'BY', 'nosort', 'DESC'],
      ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '1'], ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '5'], ['OBJECT', 'ENCODING', 'z'],
      ['SORT', 'nokey'], ['SORT', 'nokey', 'STORE', 'dst'], ['SET', 'str', 'x'], ['SORT', 'str'], ['SORT', 'l', 'FOO'], ['SORT', 'l', 'LIMIT', '1'],
      ['SORT', 'l', 'LIMIT', 'a', '1'], ['SORT', 'l', 'LIMIT', '0', '1.5'], ['SORT_RO', 'l', 'STORE', 'x'], ['SORT_RO', 'l', 'DESC'],
      ['RPUSH', 'bad', '1', 'x', '2'], ['SORT', 'bad'], ['SORT', 'bad', 'ALPHA'], ['RPUSH', 'sp', ' 1', '', '0x10', '1e3', 'inf', '-inf'], ['SORT', 'sp'],
      // strtod stops at a NUL byte: what follows it does not count.
      ['RPUSH', 'nul', '\x00\xff', '3\x00x', '1'], ['SORT', 'nul'], ['RPUSH', 'nul2', ' \x00'], ['SORT', 'nul2'],
      ['RPUSH', 'nan', 'nan'], ['SORT', 'nan'], ['RPUSH', 'tr', '1 '], ['SORT', 'tr'],
      ['RPUSH', 'ties', '1', '01', '1.0', '+1'], ['SORT', 'ties'], ['SORT', 'ties', 'DESC'],
      // Last: after an ERANGE Redis's strtod check sees the stale errno until some other call resets it.
      ['RPUSH', 'big', '1e400'], ['SORT', 'big'],
    ],
  },
  {
    name: 'SORT: LIMIT edge cases',
    lines: [
      ['RPUSH', 'l', '5', '4', '3', '2', '1'], ['SORT', 'l', 'LIMIT', '0', '2'], ['SORT', 'l', 'LIMIT', '3', '10'], ['SORT', 'l', 'LIMIT', '-3', '2'],
      ['SORT', 'l', 'LIMIT', '1', '-1'], ['SORT', 'l', 'LIMIT', '5', '1'], ['SORT', 'l', 'LIMIT', '100', '1'], ['SORT', 'l', 'LIMIT', '2', '0'],
      ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '1', '2'], ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'], ['SORT', 'l', 'BY', 'nosort', 'DESC'],
      ['SORT', 'l', 'LIMIT', '1', '2', 'LIMIT', '0', '1'], ['SORT', 'l', 'DESC', 'ASC'], ['SORT', 'l', 'LIMIT', '9223372036854775807', '9223372036854775807'],
    ],
  },
  {
    name: 'SORT: BY and GET patterns, hash fields',
    lines: [
      ...weights, ...hashes, ['RPUSH', 'l', 'a', 'b', 'c'], ['SORT', 'l', 'BY', 'w_*'], ['SORT', 'l', 'BY', 'w_*', 'DESC'], ['SORT', 'l', 'BY', 'o_*', 'ALPHA'],
      ['SORT', 'l', 'BY', 'o_*', 'ALPHA', 'DESC'], ['SORT', 'l', 'BY', 'o_*'], ['SORT', 'l', 'BY', 'h_*->f'], ['SORT', 'l', 'BY', 'h_*->n', 'ALPHA', 'DESC'],
      ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'o_*', 'GET', 'h_*->n', 'GET', 'nope_*', 'GET', 'h_*->', 'GET', 'nostar'],
      ['SORT', 'l', 'BY', 'missing_*'], ['SORT', 'l', 'BY', 'missing_*', 'ALPHA'], ['SORT', 'l', 'BY', 'h_*'], ['SORT', 'l', 'GET', 'h_*->f', 'LIMIT', '1', '1'],
      ['SORT', 'l', 'BY', 'nosort', 'GET', 'o_*'], ['SORT', 'l', 'BY', 'w_*->x'], ['SORT', 'l', 'GET', 'w_*->', 'GET', '*'],
      ['RPUSH', 'n', '1', '2', '3'], ['SORT', 'n', 'BY', 'w_*', 'GET', 'w_*'], ['SORT', 'n', 'BY', 'o_*'], ['SET', 'w_x', 'notnum'], ['RPUSH', 'lx', 'x', 'a'],
      ['SORT', 'lx', 'BY', 'w_*'], ['SORT', 'l', 'BY', 'o_*', 'ALPHA', 'GET', '#', 'GET', 'w_*'],
    ],
  },
  {
    name: 'SORT ... STORE',
    lines: [
      ...weights, ['RPUSH', 'l', 'a', 'b', 'c'], ['SORT', 'l', 'BY', 'w_*', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['TYPE', 'dst'],
      ['SORT', 'l', 'BY', 'w_*', 'GET', 'o_*', 'GET', 'nope_*', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['EXPIRE', 'dst', '100'],
      ['SORT', 'l', 'ALPHA', 'STORE', 'dst'], ['TTL', 'dst'], ['SORT', 'l', 'LIMIT', '5', '5', 'ALPHA', 'STORE', 'dst'], ['EXISTS', 'dst'],
      ['SADD', 's', 'b', 'c', 'a', 'zz', 'y'], ['SORT', 's', 'BY', 'nosort', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 's', 'BY', 'nosort', 'DESC', 'STORE', 'dst'], ['LRANGE', 'dst', '0', '-1'], ['SET', 'str', 'v'], ['SORT', 'l', 'ALPHA', 'STORE', 'str'], ['TYPE', 'str'],
      ['SADD', 'is', '3', '1', '2'], ['SORT', 'is', 'BY', 'nosort'], ['SORT', 'is', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '1'], ['SORT', 'l', 'STORE'],
      ['SORT', 'l', 'STORE', 'l', 'ALPHA', 'DESC'], ['LRANGE', 'l', '0', '-1'], ['SORT', 'l', 'BY', 'w_*', 'GET', '#', 'STORE', 'g'], ['LRANGE', 'g', '0', '-1'],
    ],
  },
];

describe.skipIf(!run)('differential: SORT vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) it(c.name, async () => runCase(d, c));

  it('random numeric lists sort the same, with LIMIT and DESC', async () => {
    await resetBoth(d);
    let seed = 3;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 40; round++) {
      const vals = Array.from({ length: 1 + rnd(40) }, () => (rnd(3) === 0 ? String(rnd(1000) / 8) : String(rnd(2000) - 1000)));
      await d.run(['DEL', 'l', 'z']);
      await d.run(['RPUSH', 'l', ...vals]);
      const zargs = vals.flatMap((v, i) => [String(rnd(50)), `${v}:${i}`]);
      await d.run(['ZADD', 'z', ...zargs]);
      for (const argv of [
        ['SORT', 'l'],
        ['SORT', 'l', 'DESC', 'LIMIT', String(rnd(10)), String(rnd(12) - 1)],
        ['SORT', 'l', 'ALPHA'],
        ['SORT', 'z', 'ALPHA', 'DESC'],
        ['SORT', 'z', 'BY', 'nosort', 'LIMIT', String(rnd(10)), String(rnd(10))],
      ]) {
        const p = await d.run(argv);
        compare('exact', p.ours, p.theirs, `${argv.join(' ')} (round ${round})`);
      }
    }
    const stored = await d.run(['SORT', 'l', 'STORE', 'out']);
    expect(stored.ours).toEqual(stored.theirs);
  });
});
