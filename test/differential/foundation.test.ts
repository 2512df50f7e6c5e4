import { describe, it } from 'vitest';
import { requireRedis } from '../support/redis';
import { runCase, unordered, type Case, useOracle } from '../support/oracle';

const run = requireRedis();

/** Each case: a sequence of commands; replies of every line must match real Redis. */
const cases: Case[] = [
  {
    name: 'the README session',
    lines: [['SET', 'greeting', 'hello world'], ['GET', 'greeting'], ['INCR', 'greeting'], ['DEL', 'greeting'], ['GET', 'greeting']],
  },
  {
    name: 'unknown commands and arity',
    lines: [['FOO'], ['FOO', 'a', 'b'], ['get'], ['GET', 'a', 'b'], ['set', 'k'], ['mset', 'a'], ['mset', 'a', '1', 'b'], ['PING', 'a', 'b']],
  },
  {
    name: 'SET options',
    lines: [
      ['SET', 'k', 'v', 'NX'],
      ['SET', 'k', 'v2', 'NX'],
      ['SET', 'k', 'v3', 'XX', 'GET'],
      ['SET', 'k', 'v', 'NX', 'XX'],
      ['SET', 'k', 'v', 'EX', '0'],
      ['SET', 'k', 'v', 'EX', '-5'],
      ['SET', 'k', 'v', 'EX', 'abc'],
      ['SET', 'k', 'v', 'EX', '10', 'PX', '100'],
      ['SET', 'k', 'v', 'EX'],
      ['SET', 'k', 'v', 'KEEPTTL', 'EX', '10'],
      ['SET', 'k', 'v', 'EX', '9223372036854775807'],
      ['SET', 'k', 'v', 'PXAT', '1'],
      ['GET', 'k'],
      ['SET', 'missing', 'v', 'XX'],
      ['SET', 'missing', 'v', 'XX', 'GET'],
      ['SET', 'k', 'v', 'get', 'nx'],
      ['SET', 'past', 'v', 'NX', 'PXAT', '1'],
      ['DBSIZE'],
      ['GET', 'past'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'counters',
    lines: [
      ['INCR', 'n'],
      ['INCRBY', 'n', '41'],
      ['DECR', 'n'],
      ['DECRBY', 'n', '-10'],
      ['INCRBY', 'n', 'x'],
      ['INCRBY', 'n', '1.5'],
      ['SET', 'big', '9223372036854775807'],
      ['INCR', 'big'],
      ['SET', 'small', '-9223372036854775808'],
      ['DECR', 'small'],
      ['DECRBY', 'n', '-9223372036854775808'],
      ['SET', 's', ' 1'],
      ['INCR', 's'],
      ['SET', 's', '+1'],
      ['INCR', 's'],
      ['SET', 's', '01'],
      ['INCR', 's'],
      ['INCRBY', 'n', '99999999999999999999'],
    ],
  },
  {
    name: 'strings',
    lines: [
      ['APPEND', 'a', 'hello'],
      ['APPEND', 'a', ' world'],
      ['STRLEN', 'a'],
      ['STRLEN', 'nope'],
      ['MSET', 'x', '1', 'y', '2'],
      ['MGET', 'x', 'y', 'nope', 'a'],
      ['EXISTS', 'x', 'x', 'nope'],
      ['TYPE', 'x'],
      ['TYPE', 'nope'],
      ['DBSIZE'],
      ['ECHO', 'hi'],
      ['PING'],
      ['PING', 'hello'],
      ['SET', 'emoji', '\xf0\x9f\x98\x80'],
      ['STRLEN', 'emoji'],
      ['GET', 'emoji'],
      ['FLUSHDB', 'NOW'],
      ['FLUSHDB'],
      ['DBSIZE'],
    ],
  },
  {
    name: 'KEYS patterns',
    lines: [
      ['MSET', 'user:1', 'a', 'user:2', 'b', 'user:10', 'c', 'cache:x', 'd', 'h?llo', 'e', 'hello', 'f', 'hallo', 'g'],
      unordered('KEYS', '*'),
      unordered('KEYS', 'user:*'),
      unordered('KEYS', 'user:?'),
      unordered('KEYS', 'h[ae]llo'),
      unordered('KEYS', 'h[^e]llo'),
      unordered('KEYS', 'h[a-b]llo'),
      unordered('KEYS', 'h\\?llo'),
      unordered('KEYS', 'nothing*'),
      ['MSET', 'k1', 'a', 'k]', 'b', 'k0', 'c', 'a]b', 'd', 'ab', 'e'],
      unordered('KEYS', 'k[1-]'),
      unordered('KEYS', 'a[\\]]b'),
      unordered('KEYS', 'a[bc'),
      unordered('KEYS', 'h[b-a]llo'),
      unordered('KEYS', `${'a*'.repeat(20)}b`),
    ],
  },
];

describe.skipIf(!run)('differential: foundation commands vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) {
    it(c.name, async () => {
      await runCase(d, c, Infinity);
    });
  }
});
