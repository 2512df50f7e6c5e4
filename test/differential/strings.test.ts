import { describe, expect, it } from 'vitest';
import { type Case, compare, pttl, resetBoth, runCase, ttl, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';
import { mulberry32 as prng } from '../support/rng';

const run = requireRedis();

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
const BIN = '\x00\x01\xff\xfe\r\n\x80 bin';

const cases: Case[] = [
  {
    name: 'arity of every string command',
    lines: [
      ['GET'], ['GET', 'a', 'b'], ['SET', 'a'], ['SETNX', 'a'], ['SETNX', 'a', 'b', 'c'], ['SETEX', 'a', '10'], ['PSETEX', 'a', '10'],
      ['GETEX'], ['GETDEL'], ['GETDEL', 'a', 'b'], ['GETSET', 'a'], ['MSET'], ['MSET', 'a'], ['MSET', 'a', '1', 'b'], ['MSETNX', 'a'],
      ['MSETNX', 'a', '1', 'b'], ['MGET'], ['APPEND', 'a'], ['STRLEN'], ['GETRANGE', 'a', '0'], ['SETRANGE', 'a', '0'],
      ['INCR'], ['DECR', 'a', 'b'], ['INCRBY', 'a'], ['DECRBY', 'a'], ['INCRBYFLOAT', 'a'], ['LCS', 'a'],
      ['getrange', 'a', '0', '1', '2'], ['SUBSTR', 'a', '0'],
    ],
  },
  {
    name: 'SET: conditions, GET, repeated options',
    seed: [['hash', 'h', 'f', 'v']],
    lines: [
      ['SET', 'k', 'v', 'NX'], ['SET', 'k', 'v2', 'NX'], ['SET', 'k', 'v2', 'nx', 'NX'], ['SET', 'k', 'v3', 'XX', 'xx'], ['GET', 'k'],
      ['SET', 'k', 'v4', 'NX', 'XX'], ['SET', 'k', 'v4', 'XX', 'NX'], ['SET', 'k', 'v5', 'GET'], ['SET', 'k', 'v6', 'GET', 'GET'],
      ['SET', 'k', 'v7', 'NX', 'GET'], ['SET', 'nope', 'v', 'XX', 'GET'], ['EXISTS', 'nope'], ['SET', 'new', 'v', 'NX', 'GET'], ['GET', 'new'],
      ['SET', 'h', 'v', 'GET'], ['TYPE', 'h'], ['SET', 'h', 'v', 'NX', 'GET'], ['SET', 'h', 'v', 'XX'], ['TYPE', 'h'], ['GET', 'h'],
      ['SET', 'k', 'v', 'FOO'], ['SET', 'k', 'v', 'PERSIST'], ['SET', 'k', 'v', 'NX', 'FOO'], ['SET', '', ''], ['GET', ''],
      ['SET', 'bin', BIN], ['GET', 'bin'], ['STRLEN', 'bin'], ['SET', BIN, 'key is binary'], ['GET', BIN],
    ],
  },
  {
    name: 'SET: expiry options and their errors',
    seed: [['list', 'l', 'a']],
    lines: [
      ['SET', 'k', 'v', 'EX', '100'], ttl('TTL', 'k'), ['SET', 'k', 'v', 'ex', '10', 'EX', '20'], ttl('TTL', 'k'),
      ['SET', 'k', 'v', 'KEEPTTL'], ttl('TTL', 'k'), ['SET', 'k', 'v', 'KEEPTTL', 'KEEPTTL'], ttl('TTL', 'k'), ['SET', 'k', 'v'], ttl('TTL', 'k'),
      ['SET', 'k', 'v', 'PX', '100000'], pttl('PTTL', 'k'), ['SET', 'k', 'v', 'KEEPTTL', 'PX', '10'], ['SET', 'k', 'v', 'PX', '10', 'KEEPTTL'],
      ['SET', 'k', 'v', 'EX', '10', 'PX', '10'], ['SET', 'k', 'v', 'EXAT', '10', 'PXAT', '10'], ['SET', 'k', 'v', 'PX', '10', 'EXAT', '10'],
      ['SET', 'k', 'v', 'EX'], ['SET', 'k', 'v', 'PX'], ['SET', 'k', 'v', 'EX', '0'], ['SET', 'k', 'v', 'PX', '0'], ['SET', 'k', 'v', 'EX', '-1'],
      ['SET', 'k', 'v', 'EXAT', '0'], ['SET', 'k', 'v', 'PXAT', '-5'], ['SET', 'k', 'v', 'EX', 'abc'], ['SET', 'k', 'v', 'EX', '1.5'],
      ['SET', 'k', 'v', 'EX', ' 1'], ['SET', 'k', 'v', 'EX', MAX], ['SET', 'k', 'v', 'PX', MAX], ['SET', 'k', 'v', 'EX', '9223372036854775'],
      ['SET', 'k', 'v', 'EX', '9223372036854776'], ['SET', 'k', 'v', 'EX', '9223372036854775808'], ['SET', 'k', 'v', 'PXAT', MAX],
      ['PEXPIRETIME', 'k'], ['SET', 'k', 'v', 'EXAT', '9223372036854775'], ['PEXPIRETIME', 'k'], ['EXPIRETIME', 'k'],
      ['SET', 'k', 'v', 'EXAT', '4102444800'], ['EXPIRETIME', 'k'], ['PEXPIRETIME', 'k'], ['SET', 'k', 'v2', 'PXAT', '4102444800123'], ['PEXPIRETIME', 'k'],
      ['SET', 'k', 'old'], ['SET', 'k', 'v', 'PXAT', '1', 'GET'], ['GET', 'k'], ['EXISTS', 'k'], ['SET', 'k', 'v', 'EXAT', '1'], ['GET', 'k'],
      ['SET', 'l', 'v', 'EX', 'abc', 'GET'], ['SET', 'l', 'v', 'EX', '0', 'GET'], ['SET', 'l', 'v', 'EX', '10', 'GET'], ['TYPE', 'l'],
      ['SET', 'k', 'v', 'NX', 'EX', '100'], ttl('TTL', 'k'), ['SET', 'k', 'v', 'XX', 'KEEPTTL', 'GET'], ttl('TTL', 'k'),
      ['SET', 'fresh', 'v', 'KEEPTTL'], ttl('TTL', 'fresh'),
    ],
  },
  {
    name: 'SETNX, SETEX, PSETEX',
    seed: [['set', 's', 'm']],
    lines: [
      ['SETNX', 'k', 'v'], ['SETNX', 'k', 'w'], ['GET', 'k'], ['SETNX', 's', 'v'], ['TYPE', 's'],
      ['SETEX', 'k', '100', 'v2'], ttl('TTL', 'k'), ['GET', 'k'], ['SETEX', 'k', '0', 'v'], ['SETEX', 'k', '-10', 'v'], ['SETEX', 'k', 'abc', 'v'],
      ['SETEX', 'k', MAX, 'v'], ['SETEX', 'k', '9223372036854775', 'v'], ['SETEX', 's', '100', 'v'], ['TYPE', 's'], ttl('TTL', 's'),
      ['PSETEX', 'p', '100000', 'v'], pttl('PTTL', 'p'), ['PSETEX', 'p', '0', 'v'], ['PSETEX', 'p', '-1', 'v'], ['PSETEX', 'p', MAX, 'v'],
      ['PSETEX', 'p', '1.5', 'v'], ['GET', 'p'],
    ],
  },
  {
    name: 'GETEX',
    seed: [['hash', 'h', 'f', 'v']],
    lines: [
      ['GETEX', 'missing'], ['GETEX', 'missing', 'EX', '0'], ['GETEX', 'missing', 'EX', 'abc'], ['GETEX', 'missing', 'FOO'], ['GETEX', 'missing', 'EX'],
      ['SET', 'k', 'v'], ['GETEX', 'k'], ttl('TTL', 'k'), ['GETEX', 'k', 'EX', '100'], ttl('TTL', 'k'), ['GETEX', 'k', 'PERSIST'], ttl('TTL', 'k'),
      ['GETEX', 'k', 'PX', '50000'], pttl('PTTL', 'k'), ['GETEX', 'k', 'EXAT', '4102444800'], ['EXPIRETIME', 'k'], ['GETEX', 'k', 'PXAT', MAX], ['PEXPIRETIME', 'k'],
      ['GETEX', 'k', 'ex', '10', 'EX', '20'], ttl('TTL', 'k'), ['GETEX', 'k', 'EX', '10', 'PX', '10'], ['GETEX', 'k', 'PERSIST', 'EX', '10'],
      ['GETEX', 'k', 'EX', '10', 'PERSIST'], ['GETEX', 'k', 'PERSIST', 'PERSIST'], ttl('TTL', 'k'), ['GETEX', 'k', 'KEEPTTL'], ['GETEX', 'k', 'NX'], ['GETEX', 'k', 'GET'],
      ['GETEX', 'k', 'EX', '0'], ['GETEX', 'k', 'EXAT', '0'], ['GETEX', 'k', 'PX', '-1'], ['GETEX', 'k', 'EX', MAX], ['GETEX', 'k', 'EX', '1.5'],
      ['GETEX', 'h'], ['GETEX', 'h', 'EX', '0'], ['GETEX', 'h', 'FOO'], ['GETEX', 'k', 'EXAT', '1'], ['EXISTS', 'k'], ['GETEX', 'k'],
    ],
  },
  {
    name: 'GETDEL, GETSET, MSET, MSETNX, MGET',
    seed: [['hash', 'h', 'f', 'v']],
    lines: [
      ['GETDEL', 'missing'], ['SET', 'k', 'v'], ['GETDEL', 'k'], ['EXISTS', 'k'], ['GETDEL', 'h'], ['TYPE', 'h'],
      ['GETSET', 'k', 'a'], ['GETSET', 'k', 'b'], ['GET', 'k'], ['SET', 'k', 'v', 'EX', '100'], ['GETSET', 'k', 'c'], ttl('TTL', 'k'),
      ['GETSET', 'h', 'x'], ['TYPE', 'h'],
      ['MSET', 'a', '1', 'b', '2', 'a', '3'], ['MGET', 'a', 'b', 'c', 'h', 'a'], ['MSET', 'h', 'now a string'], ['GET', 'h'],
      ['MSETNX', 'x', '1', 'y', '2'], ['MSETNX', 'y', '3', 'z', '4'], ['MGET', 'x', 'y', 'z'], ['MSETNX', 'n', '1', 'n', '2'], ['GET', 'n'],
      ['SET', 't', 'v', 'EX', '100'], ['MSET', 't', 'w'], ttl('TTL', 't'),
    ],
  },
  {
    name: 'APPEND, STRLEN, GETRANGE',
    seed: [['list', 'l', 'a']],
    lines: [
      ['APPEND', 'k', ''], ['EXISTS', 'k'], ['STRLEN', 'k'], ['APPEND', 'k', 'Hello'], ['APPEND', 'k', ' World'], ['APPEND', 'k', BIN], ['STRLEN', 'k'], ['GET', 'k'],
      ['APPEND', 'l', 'x'], ['STRLEN', 'l'], ['STRLEN', 'missing'],
      ['SET', 's', 'This is a string'],
      ['GETRANGE', 's', '0', '3'], ['GETRANGE', 's', '-3', '-1'], ['GETRANGE', 's', '0', '-1'], ['GETRANGE', 's', '10', '100'], ['GETRANGE', 's', '5', '3'],
      ['GETRANGE', 's', '-1', '-5'], ['GETRANGE', 's', '-100', '-90'], ['GETRANGE', 's', '-100', '2'], ['GETRANGE', 's', '-100', '-1'], ['GETRANGE', 's', '16', '20'],
      ['GETRANGE', 's', '15', '15'], ['GETRANGE', 's', MIN, MAX], ['GETRANGE', 's', MAX, MIN], ['GETRANGE', 's', '0', '9223372036854775808'],
      ['GETRANGE', 's', 'a', '1'], ['GETRANGE', 's', '0', '1.0'], ['GETRANGE', 'missing', '0', '-1'], ['GETRANGE', 'missing', 'x', '1'],
      ['GETRANGE', 'l', '0', '1'], ['SET', 'e', ''], ['GETRANGE', 'e', '0', '-1'], ['GETRANGE', 'e', '-1', '0'], ['SET', 'n', '12345'], ['GETRANGE', 'n', '1', '-2'],
      ['SUBSTR', 's', '0', '3'], ['SUBSTR', 's', '-3', '-1'], ['SUBSTR', 'l', '0', '1'],
    ],
  },
  {
    name: 'SETRANGE',
    seed: [['set', 'st', 'm']],
    lines: [
      ['SETRANGE', 'k', '5', 'x'], ['GET', 'k'], ['SETRANGE', 'k', '0', 'ab'], ['GET', 'k'], ['SETRANGE', 'k', '4', 'LONGER'], ['GET', 'k'],
      ['SETRANGE', 'k', '20', ''], ['STRLEN', 'k'], ['SETRANGE', 'missing', '3', ''], ['EXISTS', 'missing'], ['SETRANGE', 'k', '-1', 'x'],
      ['SETRANGE', 'k', 'abc', 'x'], ['SETRANGE', 'k', '1.5', 'x'], ['SETRANGE', 'k', '536870912', 'x'], ['SETRANGE', 'k', '536870911', 'xy'],
      ['SETRANGE', 'missing', '536870912', 'x'], ['SETRANGE', 'missing', '536870912', ''], ['SETRANGE', 'k', MAX, 'x'], ['SETRANGE', 'k', '9223372036854775808', 'x'],
      ['SETRANGE', 'st', '0', 'x'], ['SETRANGE', 'st', '0', ''], ['SETRANGE', 'st', '-1', 'x'], ['SETRANGE', 'bin', '2', BIN], ['GET', 'bin'],
      ['SET', 't', 'abc', 'EX', '100'], ['SETRANGE', 't', '1', 'Z'], ttl('TTL', 't'), ['GET', 't'],
    ],
  },
  {
    name: 'INCR, DECR, INCRBY, DECRBY',
    seed: [['hash', 'h', 'f', 'v']],
    lines: [
      ['INCR', 'n'], ['INCRBY', 'n', '41'], ['DECR', 'n'], ['DECRBY', 'n', '-10'], ['INCRBY', 'n', 'x'], ['INCRBY', 'n', '1.5'], ['INCRBY', 'n', ''],
      ['INCRBY', 'n', ' 1'], ['INCRBY', 'n', '+1'], ['INCRBY', 'n', '-0'], ['INCRBY', 'n', '0'], ['INCRBY', 'n', '99999999999999999999'],
      ['SET', 'big', '9223372036854775806'], ['INCR', 'big'], ['INCR', 'big'], ['GET', 'big'], ['INCRBY', 'big', MIN], ['DECRBY', 'big', MAX],
      ['SET', 'small', MIN], ['DECR', 'small'], ['INCRBY', 'small', '-1'], ['INCRBY', 'small', MAX], ['SET', 'z', '0'], ['INCRBY', 'z', MIN], ['INCRBY', 'z', MIN],
      ['DECRBY', 'n', MIN], ['DECRBY', 'n', MAX], ['SET', 'm1', '-1'], ['DECRBY', 'm1', MAX], ['DECR', 'm1'],
      ['SET', 's', ' 1'], ['INCR', 's'], ['SET', 's', '1 '], ['INCR', 's'], ['SET', 's', '+1'], ['INCR', 's'], ['SET', 's', '01'], ['INCR', 's'], ['SET', 's', '-0'], ['INCR', 's'],
      ['SET', 's', '1e3'], ['INCR', 's'], ['SET', 's', ''], ['INCR', 's'], ['SET', 's', '0x10'], ['INCR', 's'], ['SET', 's', '-12'], ['INCR', 's'], ['GET', 's'],
      ['INCR', 'h'], ['DECRBY', 'h', '1'], ['SET', 't', '10', 'EX', '100'], ['INCR', 't'], ttl('TTL', 't'), ['INCRBY', 't', '5'], ['GET', 't'],
      // Around the 15-digit fast path: values and increments of 15 and 16 digits, sums crossing 2^53.
      ['SET', 'w', '999999999999999'], ['INCR', 'w'], ['INCRBY', 'w', '999999999999999'], ['INCRBY', 'w', '9007199254740993'], ['GET', 'w'],
      ['SET', 'w', '-999999999999999'], ['DECR', 'w'], ['DECRBY', 'w', '999999999999999'], ['DECRBY', 'w', '-0'], ['INCRBY', 'w', '-0'], ['GET', 'w'],
      ['DEL', 'w'], ['DECRBY', 'w', '0'], ['GET', 'w'], ['DECRBY', 'w2', '7'], ['INCRBY', 'w3', '-999999999999999'], ['OBJECT', 'ENCODING', 'w3'],
    ],
  },
  {
    name: 'INCRBYFLOAT: formatting and errors',
    seed: [['hash', 'h', 'f', 'v']],
    lines: [
      ['SET', 'f', '10.50'], ['INCRBYFLOAT', 'f', '0.1'], ['INCRBYFLOAT', 'f', '-5'], ['SET', 'g', '5.0e3'], ['INCRBYFLOAT', 'g', '2.0e2'],
      ['INCRBYFLOAT', 'a', '0.1'], ['INCRBYFLOAT', 'a', '0.2'], ['INCRBYFLOAT', 'a', '-0.3'], ['INCRBYFLOAT', 'b', '5e20'], ['INCRBYFLOAT', 'b', '1e400'],
      ['INCRBYFLOAT', 'c', '1.5e-18'], ['INCRBYFLOAT', 'c', '-1e-30'], ['INCRBYFLOAT', 'd', '0x1p3'], ['INCRBYFLOAT', 'd', '0X1.8P-1'], ['INCRBYFLOAT', 'd', '0x.8'],
      ['INCRBYFLOAT', 'e', '1e5000'], ['INCRBYFLOAT', 'e', '1e-5000'], ['INCRBYFLOAT', 'e', '1e-4950'], ['INCRBYFLOAT', 'e', 'inf'], ['INCRBYFLOAT', 'e', '-Infinity'],
      ['INCRBYFLOAT', 'e', 'nan'], ['INCRBYFLOAT', 'e', 'abc'], ['INCRBYFLOAT', 'e', ''], ['INCRBYFLOAT', 'e', ' 1'], ['INCRBYFLOAT', 'e', '1 '], ['INCRBYFLOAT', 'e', '1e'],
      ['INCRBYFLOAT', 'e', '.5'], ['INCRBYFLOAT', 'e', '5.'], ['INCRBYFLOAT', 'e', '+.5e1'], ['INCRBYFLOAT', 'e', '-0'], ['INCRBYFLOAT', 'e', '00012.5000'],
      ['INCRBYFLOAT', 'e', '0x'], ['INCRBYFLOAT', 'e', '0x1p'], ['INCRBYFLOAT', 'e', '1_0'], ['INCRBYFLOAT', 'e', '.'], ['INCRBYFLOAT', 'e', '-'],
      ['INCRBYFLOAT', 't1', '0.000003814697265625'], ['INCRBYFLOAT', 't2', '0.000011444091796875'], ['INCRBYFLOAT', 't3', '-0.000003814697265625'],
      ['INCRBYFLOAT', 'm', '1.18973149535723176502e+4932'], ['INCRBYFLOAT', 'm', '1e4932'], ['INCRBYFLOAT', 'm2', '1.18973149535723176509e+4932'],
      ['INCRBYFLOAT', 'l', '12345678901234567890123'], ['INCRBYFLOAT', 'l', MAX], ['INCRBYFLOAT', 'x', '0.000000000000000015'], ['INCRBYFLOAT', 'x', '0.000000000000000025'],
      ['SET', 'bad', 'abc'], ['INCRBYFLOAT', 'bad', '1'], ['SET', 'bad', ' 1'], ['INCRBYFLOAT', 'bad', '1'], ['SET', 'inf', 'inf'], ['INCRBYFLOAT', 'inf', '1'],
      ['SET', 'inf', '-inf'], ['INCRBYFLOAT', 'inf', '+inf'], ['INCRBYFLOAT', 'h', '1'], ['INCRBYFLOAT', 'h', 'abc'],
      ['SET', 't', '1.5', 'EX', '100'], ['INCRBYFLOAT', 't', '1'], ttl('TTL', 't'), ['SET', 'i', '3'], ['INCRBYFLOAT', 'i', '1.5'], ['INCR', 'i'],
      ['INCRBYFLOAT', 'k', '3.0e3'], ['INCRBYFLOAT', 'k', '-3.0e3'], ['INCRBYFLOAT', 'k', '1e-17'], ['INCRBYFLOAT', 'k', '5e-18'],
      ['INCRBYFLOAT', 'q', '1e20'], ['INCRBYFLOAT', 'q', '1'], ['INCRBYFLOAT', 'q2', '18446744073709551616'], ['INCRBYFLOAT', 'q2', '1'], ['INCRBYFLOAT', 'q2', '2'],
      ['INCRBYFLOAT', 'q2', '4'], ['INCRBYFLOAT', 'q2', '-36893488147419103232'],
    ],
  },
  {
    name: 'LCS',
    seed: [['hash', 'h', 'f', 'v']],
    lines: [
      ['MSET', 'key1', 'ohmytext', 'key2', 'mynewtext'], ['LCS', 'key1', 'key2'], ['LCS', 'key1', 'key2', 'LEN'], ['LCS', 'key1', 'key2', 'IDX'],
      ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4'], ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'], ['LCS', 'key1', 'key2', 'IDX', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key2', 'idx', 'minmatchlen', '-5', 'withmatchlen'], ['LCS', 'key1', 'key2', 'WITHMATCHLEN'], ['LCS', 'key1', 'key2', 'LEN', 'WITHMATCHLEN'],
      ['LCS', 'key1', 'key2', 'LEN', 'IDX'], ['LCS', 'key1', 'key2', 'MINMATCHLEN'], ['LCS', 'key1', 'key2', 'MINMATCHLEN', 'x'], ['LCS', 'key1', 'key2', 'FOO'],
      ['LCS', 'key1', 'missing'], ['LCS', 'missing', 'missing', 'IDX'], ['LCS', 'missing', 'key1', 'LEN'], ['LCS', 'key1', 'h'], ['LCS', 'h', 'key1', 'FOO'],
      ['LCS', 'key1', 'key1', 'IDX', 'WITHMATCHLEN'], ['MSET', 'b1', BIN + 'abc', 'b2', `x${BIN}yabc`], ['LCS', 'b1', 'b2'], ['LCS', 'b1', 'b2', 'IDX', 'WITHMATCHLEN'],
      ['MSET', 'r1', 'aaaa', 'r2', 'aa'], ['LCS', 'r1', 'r2', 'IDX', 'WITHMATCHLEN'], ['LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', MAX],
    ],
  },
];

describe.skipIf(!run)('differential: string commands vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) it(c.name, async () => runCase(d, c));

  it('INCRBYFLOAT: 400 random increments print digit for digit like Redis', async () => {
    await resetBoth(d);
    const rnd = prng(7);
    const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
    for (let i = 0; i < 400; i++) {
      const key = `f${i % 7}`;
      const sign = rnd() < 0.4 ? '-' : '';
      const kind = rnd();
      let num: string;
      if (kind < 0.3) num = `${digits(1 + Math.floor(rnd() * 4))}.${digits(1 + Math.floor(rnd() * 6))}`;
      else if (kind < 0.5) num = `${digits(1 + Math.floor(rnd() * 3))}e${Math.floor(rnd() * 60) - 30}`;
      else if (kind < 0.7) num = `0.${digits(Math.floor(rnd() * 25) + 1)}`;
      else if (kind < 0.85) num = `${digits(1 + Math.floor(rnd() * 20))}`;
      else num = `${digits(1)}.${digits(3)}e${Math.floor(rnd() * 800) - 400}`;
      const p = await d.run(['INCRBYFLOAT', key, sign + num]);
      compare('exact', p.ours, p.theirs, `INCRBYFLOAT ${key} ${sign}${num}`);
    }
  });

  it('LCS: random strings give the same ranges (IDX WITHMATCHLEN, MINMATCHLEN)', async () => {
    await resetBoth(d);
    const rnd = prng(11);
    const word = (): string => Array.from({ length: Math.floor(rnd() * 24) }, () => 'abcd'[Math.floor(rnd() * 4)]).join('');
    for (let i = 0; i < 120; i++) {
      await d.run(['MSET', 'x', word(), 'y', word()]);
      for (const argv of [['LCS', 'x', 'y'], ['LCS', 'x', 'y', 'LEN'], ['LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN'], ['LCS', 'x', 'y', 'IDX', 'MINMATCHLEN', '2']]) {
        const p = await d.run(argv);
        compare('exact', p.ours, p.theirs, `${argv.join(' ')} (round ${i})`);
      }
    }
  });

  it('SET ... PX expires on both sides', async () => {
    await resetBoth(d);
    for (const argv of [['SET', 'k', 'v', 'PX', '80'], ['PSETEX', 'p', '80', 'v'], ['SET', 'g', 'v'], ['GETEX', 'g', 'PX', '80']]) {
      const p = await d.run(argv);
      compare('exact', p.ours, p.theirs, argv.join(' '));
    }
    await new Promise((r) => setTimeout(r, 150));
    for (const argv of [['GET', 'k'], ['GET', 'p'], ['GET', 'g'], ['EXISTS', 'k', 'p', 'g']]) {
      const p = await d.run(argv);
      compare('exact', p.ours, p.theirs, argv.join(' '));
      expect(p.ours?.t === 'nil' || (p.ours?.t === 'int' && p.ours.v === 0)).toBe(true);
    }
  });
});
