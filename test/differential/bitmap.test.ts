import { describe, it } from 'vitest';
import { type Case, compare, resetBoth, runCase, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();

const cases: Case[] = [
  {
    name: 'SETBIT / GETBIT: values, growth, errors',
    seed: [['list', 'l', 'a']],
    lines: [
      ['SETBIT', 'k', '7', '1'], ['GET', 'k'], ['SETBIT', 'k', '7', '1'], ['SETBIT', 'k', '7', '0'], ['GET', 'k'], ['SETBIT', 'k', '100', '1'],
      ['STRLEN', 'k'], ['GETBIT', 'k', '100'], ['GETBIT', 'k', '99'], ['GETBIT', 'k', '100000'], ['GETBIT', 'nokey', '3'],
      ['SETBIT', 'k', '-1', '1'], ['SETBIT', 'k', 'x', '1'], ['SETBIT', 'k', '4294967296', '1'], ['SETBIT', 'k', '1', '2'],
      ['SETBIT', 'k', '1', '-1'], ['SETBIT', 'k', '1', 'a'], ['GETBIT', 'k', '-1'], ['GETBIT', 'k', '4294967296'], ['GETBIT', 'k', '4294967295'],
      ['SETBIT', 'l', '1', '1'], ['GETBIT', 'l', '1'], ['SET', 'n', '1'], ['GETBIT', 'n', '2'], ['GETBIT', 'n', '7'], ['SETBIT', 'n', '6', '1'], ['GET', 'n'],
      ['OBJECT', 'ENCODING', 'n'], ['SETBIT', 'k', '2', '0'], ['OBJECT', 'ENCODING', 'k'], ['SETBIT'], ['GETBIT', 'k'],
    ],
  },
  {
    name: 'BITCOUNT: ranges in bytes and bits, errors',
    seed: [['set', 's', 'm']],
    lines: [
      ['SET', 'k', 'foobar'], ['BITCOUNT', 'k'], ['BITCOUNT', 'k', '0', '0'], ['BITCOUNT', 'k', '1', '1'], ['BITCOUNT', 'k', '1', '1', 'BYTE'],
      ['BITCOUNT', 'k', '5', '30', 'BIT'], ['BITCOUNT', 'k', '-3', '-1', 'bit'], ['BITCOUNT', 'k', '-1', '-3'], ['BITCOUNT', 'k', '-1', '-3', 'FOO'],
      ['BITCOUNT', 'k', '0'], ['BITCOUNT', 'k', '0', '1', 'FOO'], ['BITCOUNT', 'k', 'a', '1'], ['BITCOUNT', 'k', '0', '1', 'BIT', 'x'],
      ['BITCOUNT', 'k', '-100', '100'], ['BITCOUNT', 'k', '100', '200'], ['BITCOUNT', 'k', '3', '1'], ['BITCOUNT', 'nokey', 'a', 'b'],
      ['BITCOUNT', 's'], ['BITCOUNT', 'k', '9', '9', 'BIT'], ['BITCOUNT', 'k', '9', '14', 'BIT'], ['SET', 'i', '12345'], ['BITCOUNT', 'i'],
      ['SET', 'e', ''], ['BITCOUNT', 'e'], ['BITCOUNT', 'e', '0', '-1'],
    ],
  },
  {
    name: 'BITPOS: bytes, bits, end given or not',
    seed: [['set', 's', 'm']],
    lines: [
      ['SET', 'k', '\xff\xf0\x00'], ['BITPOS', 'k', '0'], ['BITPOS', 'k', '1'], ['BITPOS', 'k', '1', '2'], ['BITPOS', 'k', '0', '2'],
      ['SET', 'f', '\xff\xff\xff'], ['BITPOS', 'f', '0'], ['BITPOS', 'f', '0', '1'], ['BITPOS', 'f', '0', '0', '-1'], ['BITPOS', 'f', '0', '3', '20', 'BIT'],
      ['BITPOS', 'f', '0', '3', 'BIT'], ['BITPOS', 'k', '1', '7', '15', 'BIT'], ['BITPOS', 'k', '0', '7', '15', 'BIT'], ['BITPOS', 'k', '0', '7', '11', 'bit'],
      ['BITPOS', 'k', '1', '13', '-1', 'BIT'], ['BITPOS', 'k', '1', '-1', '-2'], ['BITPOS', 'k', '2'], ['BITPOS', 'k', 'a'], ['BITPOS', 'nokey', '1'],
      ['BITPOS', 'nokey', '0'], ['BITPOS', 'nokey', '0', 'x'], ['BITPOS', 's', '0'], ['BITPOS', 'k', '1', 'x'], ['BITPOS', 'k', '1', '0', 'x'],
      ['BITPOS', 'k', '1', '0', '1', 'FOO'], ['BITPOS', 'k', '1', '0', '1', 'BIT', 'x'], ['SET', 'z', '\x00\x00'], ['BITPOS', 'z', '1'], ['BITPOS', 'z', '0', '1'],
      ['SET', 'e', ''], ['BITPOS', 'e', '0'], ['BITPOS', 'e', '1'], ['BITPOS', 'f', '0', '10', '30', 'BIT'], ['BITPOS', 'f', '1', '30', '10', 'BIT'],
    ],
  },
  {
    name: 'BITOP: AND OR XOR NOT, missing keys, errors',
    seed: [['list', 'l', 'a']],
    lines: [
      ['SET', 'a', 'foobar'], ['SET', 'b', 'abcdef'], ['SET', 'c', 'x'], ['BITOP', 'AND', 'd', 'a', 'b'], ['GET', 'd'], ['BITOP', 'or', 'd', 'a', 'c'], ['GET', 'd'],
      ['BITOP', 'XOR', 'd', 'a', 'b', 'c', 'nokey'], ['GET', 'd'], ['BITOP', 'NOT', 'd', 'a'], ['GET', 'd'], ['BITOP', 'NOT', 'd', 'a', 'b'],
      ['BITOP', 'FOO', 'd', 'a'], ['BITOP', 'AND', 'd', 'l'], ['BITOP', 'AND', 'd', 'nokey'], ['EXISTS', 'd'], ['EXPIRE', 'a', '100'], ['BITOP', 'AND', 'a', 'a', 'b'],
      ['TTL', 'a'], ['GET', 'a'], ['BITOP', 'OR', 'l', 'c'], ['TYPE', 'l'], ['OBJECT', 'ENCODING', 'l'], ['BITOP', 'AND', 'd'],
    ],
  },
  {
    name: 'BITFIELD: types, overflows, # offsets, errors',
    seed: [['set', 's', 'm']],
    lines: [
      ['BITFIELD', 'k', 'SET', 'i8', '0', '100', 'GET', 'i8', '0', 'INCRBY', 'i8', '0', '100', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '0', '100'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', '0', '100', 'GET', 'u8', '0'], ['GET', 'k'],
      ['BITFIELD', 'k', 'SET', 'u4', '#3', '15', 'GET', 'u4', '#3', 'INCRBY', 'u4', '#3', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'u4', '#3', '-100'],
      ['BITFIELD', 'k', 'SET', 'i64', '0', '-9223372036854775808', 'INCRBY', 'i64', '0', '-1', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-1', 'GET', 'i64', '0'],
      // Values near INT64_MIN: Redis's int64 overflow check wraps and saturates them to the maximum.
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'i16', '7', '-9223372036854775808', 'INCRBY', 'i16', '3', '0', 'GET', 'i16', '1'],
      ['BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'i16', '7', '-9223372036854745000', 'GET', 'i16', '7', 'SET', 'i16', '7', '-9223372036854000000', 'GET', 'i16', '7'],
      ['BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'SET', 'i8', '0', '-9223372036854775800', 'OVERFLOW', 'WRAP', 'SET', 'i8', '0', '-9223372036854775800', 'GET', 'i8', '0'],
      ['BITFIELD', 'k', 'SET', 'u63', '3', '-1', 'GET', 'u63', '3', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '4', 'SET', 'i3', '100', '-5'],
      ['BITFIELD', 'k', 'GET', 'u64', '0'], ['BITFIELD', 'k', 'GET', 'i65', '0'], ['BITFIELD', 'k', 'GET', 'x8', '0'], ['BITFIELD', 'k', 'GET', 'i0', '0'],
      ['BITFIELD', 'k', 'GET', 'i8', '-1'], ['BITFIELD', 'k', 'GET', 'i8', '#-1'], ['BITFIELD', 'k', 'GET', 'i8', '#'], ['BITFIELD', 'k', 'OVERFLOW', 'FOO'],
      ['BITFIELD', 'k', 'FOO'], ['BITFIELD', 'k', 'GET', 'i8'], ['BITFIELD', 'k', 'SET', 'i8', '0', 'x'], ['BITFIELD', 'k'], ['BITFIELD', 'k', 'OVERFLOW', 'WRAP'],
      ['BITFIELD', 'nokey', 'GET', 'i8', '0'], ['EXISTS', 'nokey'], ['BITFIELD', 'nokey', 'OVERFLOW', 'FAIL', 'SET', 'u2', '0', '9'], ['GET', 'nokey'],
      ['BITFIELD', 's', 'GET', 'i8', '0'], ['BITFIELD', 's', 'SET', 'i8', '0', '1'], ['BITFIELD_RO', 'k', 'GET', 'i8', '0', 'GET', 'u16', '1000'],
      ['BITFIELD_RO', 'k', 'SET', 'i8', '0', '1'], ['BITFIELD_RO', 'k', 'INCRBY', 'i8', '0', '1'], ['BITFIELD_RO', 's', 'GET', 'i8', '0'],
      ['SET', 'n', '255'], ['BITFIELD', 'n', 'GET', 'u8', '0', 'GET', 'i16', '4'], ['BITFIELD', 'k', 'GET', 'i8', '4294967296'],
      ['BITFIELD', 'k', 'SET', 'i8', '#1000', '1'], ['STRLEN', 'k'], ['BITFIELD', 'k', 'INCRBY', 'u1', '5', '1', 'INCRBY', 'u1', '5', '1', 'INCRBY', 'i1', '5', '1'],
    ],
  },
];

describe.skipIf(!run)('differential: bitmap commands vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) it(c.name, async () => runCase(d, c));

  it('random SETBIT / BITFIELD / BITCOUNT / BITPOS agree', async () => {
    await resetBoth(d);
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const types = ['i1', 'u1', 'i5', 'u7', 'i8', 'u16', 'i31', 'u63', 'i64', 'i13'];
    const ows = ['WRAP', 'SAT', 'FAIL'];
    for (let i = 0; i < 400; i++) {
      const k = `k${rnd(3)}`;
      const r = rnd(6);
      let argv: string[];
      if (r === 0) argv = ['SETBIT', k, String(rnd(200)), String(rnd(2))];
      else if (r === 1) {
        const t = types[rnd(types.length)]!;
        const v = String(BigInt(rnd(1 << 30)) * BigInt(rnd(1 << 30)) * (rnd(2) ? 1n : -1n));
        argv = ['BITFIELD', k, 'OVERFLOW', ows[rnd(3)]!, rnd(2) ? 'SET' : 'INCRBY', t, String(rnd(150)), rnd(4) === 0 ? v : String(rnd(300) - 150), 'GET', t, String(rnd(150))];
      } else if (r === 2) argv = ['BITCOUNT', k, String(rnd(60) - 30), String(rnd(60) - 30), rnd(2) ? 'BIT' : 'BYTE'];
      else if (r === 3) argv = ['BITPOS', k, String(rnd(2)), String(rnd(300) - 150), String(rnd(300) - 150), 'BIT'];
      else if (r === 4) argv = ['BITPOS', k, String(rnd(2)), String(rnd(40) - 20)];
      else argv = ['BITOP', ['AND', 'OR', 'XOR'][rnd(3)]!, `k${rnd(3)}`, 'k0', 'k1', 'k2'];
      const p = await d.run(argv);
      compare('exact', p.ours, p.theirs, `${argv.join(' ')} (round ${i})`);
      if (i % 50 === 49) {
        for (const key of ['k0', 'k1', 'k2']) {
          const g = await d.run(['GET', key]);
          compare('exact', g.ours, g.theirs, `GET ${key} (round ${i})`);
        }
      }
    }
  });
});
