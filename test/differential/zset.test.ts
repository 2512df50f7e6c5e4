import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { canon, expectSame, resetBoth, runCase, wire, type Case, type Check, type Line, useOracle } from '../support/oracle';
import { RespClient, requireRedis } from '../support/redis';

const run = requireRedis();

/**
 * A line is compared exactly (after sending our reply through the RESP
 * encoder of the client's protocol, so a RESP3 set equals a RESP2 array the
 * way the wire shows it), or with a custom check for random replies.
 */

const custom = (check: Check, ...argv: string[]): Line => ({ argv, check });

/** Our reply as the wire delivers it. */


function items(r: Reply): Reply[] {
  if (r.t !== 'array' && r.t !== 'set') throw new Error(`expected an array, got ${JSON.stringify(r)}`);
  return [...r.v];
}

function texts(r: Reply): string[] {
  return items(r).map((x) => (x.t === 'bulk' ? x.v : JSON.stringify(x)));
}

/** Same number of elements; each side's elements are members of `universe`; distinct when `unique`. */
const sample =
  (universe: string[], unique: boolean, pairs = false): Check =>
  (ours, theirs, label) => {
    for (const r of [ours, theirs]) {
      const t = texts(r);
      const members = pairs ? t.filter((_x, i) => i % 2 === 0) : t;
      for (const m of members) expect(universe, `${label}: ${m}`).toContain(m);
      if (unique) expect(new Set(members).size, label).toBe(members.length);
    }
    expect(items(ours).length, label).toBe(items(theirs).length);
  };

/** A single bulk string from `universe` on both sides. */
const oneOf =
  (universe: string[]): Check =>
  (ours, theirs, label) => {
    for (const r of [ours, theirs]) {
      expect(r.t, label).toBe('bulk');
      expect(universe, label).toContain((r as { v: string }).v);
    }
  };

/** ZSCAN replies compared as cursor plus a set of member/score pairs. */
const scanPairs: Check = (ours, theirs, label) => {
  const norm = (r: Reply): unknown => {
    const [cur, list] = items(r);
    const t = texts(list!);
    const pairs: string[] = [];
    for (let i = 0; i < t.length; i += 2) pairs.push(`${t[i]}=${t[i + 1]}`);
    return [canon(cur), pairs.sort()];
  };
  expect(norm(ours), label).toEqual(norm(theirs));
};

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

const cases: Case[] = [
  {
    name: 'arity',
    lines: [
      ['ZADD', 'z'], ['ZADD', 'z', '1'], ['ZINCRBY', 'z', '1'], ['ZREM', 'z'], ['ZCARD'], ['ZSCORE', 'z'], ['ZMSCORE', 'z'],
      ['ZCOUNT', 'z', '0'], ['ZLEXCOUNT', 'z', '-'], ['ZRANGE', 'z', '0'], ['ZRANGESTORE', 'd', 'z', '0'], ['ZREVRANGE', 'z', '0'],
      ['ZRANGEBYSCORE', 'z', '0'], ['ZREVRANGEBYSCORE', 'z', '0'], ['ZRANGEBYLEX', 'z', '-'], ['ZREVRANGEBYLEX', 'z', '+'],
      ['ZRANK', 'z'], ['ZRANK', 'z', 'a', 'b'], ['ZREVRANK', 'z'], ['ZREMRANGEBYRANK', 'z', '0'], ['ZREMRANGEBYSCORE', 'z', '0'],
      ['ZREMRANGEBYLEX', 'z', '-'], ['ZPOPMIN'], ['ZPOPMAX'], ['BZPOPMIN', 'z'], ['BZPOPMAX', 'z'], ['ZMPOP', '1', 'z'],
      ['BZMPOP', '0', '1', 'z'], ['ZRANDMEMBER'], ['ZUNION', '1'], ['ZINTER', '1'], ['ZDIFF', '1'], ['ZUNIONSTORE', 'd', '1'],
      ['ZINTERSTORE', 'd', '1'], ['ZDIFFSTORE', 'd', '1'], ['ZINTERCARD', '1'], ['ZSCAN', 'z'],
    ],
  },
  {
    name: 'ZADD basics, flags and replies',
    lines: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z', '1', 'a'], ['ZADD', 'z', '10', 'a'], ['ZADD', 'z', 'CH', '10', 'a', '20', 'b', '4', 'd'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZADD', 'z', 'NX', '100', 'a', '5', 'e'], ['ZADD', 'z', 'XX', '100', 'a', '6', 'f'],
      ['ZADD', 'z', 'XX', 'CH', '101', 'a', '6', 'f'], ['ZSCORE', 'z', 'a'], ['ZSCORE', 'z', 'f'],
      ['ZADD', 'z', 'GT', 'CH', '50', 'a', '200', 'b', '1', 'new'], ['ZADD', 'z', 'LT', 'CH', '50', 'a', '300', 'b'],
      ['ZADD', 'z', 'XX', 'GT', '1000', 'a', '1', 'ghost'], ['ZADD', 'z', 'gt', 'xx', 'ch', '1000', 'a'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZADD', 'z', 'INCR', '5', 'a'], ['ZADD', 'z', 'INCR', '5', 'brand'], ['ZADD', 'z', 'NX', 'INCR', '5', 'a'], ['ZADD', 'z', 'XX', 'INCR', '5', 'nobody'],
      ['ZADD', 'z', 'GT', 'INCR', '-5', 'a'], ['ZADD', 'z', 'LT', 'INCR', '-5', 'a'], ['ZADD', 'z', 'XX', 'INCR', '1', 'a'],
      ['ZADD', 'missing', 'XX', '1', 'a'], ['ZADD', 'missing', 'XX', 'INCR', '1', 'a'], ['EXISTS', 'missing'],
      ['ZADD', 'z', 'CH', 'INCR', '0', 'a'], ['ZADD', 'z', 'ch', '1', 'x', '1', 'x'], ['ZSCORE', 'z', 'x'],
      ['ZCARD', 'z'], ['ZCARD', 'nope'], ['TYPE', 'z'],
    ],
  },
  {
    name: 'ZADD errors',
    lines: [
      ['SET', 'str', 'v'], ['ZADD', 'str', '1', 'a'], ['ZADD', 'str', 'x', 'a'], ['ZADD', 'z', 'NX', 'XX', '1', 'a'], ['ZADD', 'z', 'XX', 'NX', '1', 'a'],
      ['ZADD', 'z', 'GT', 'LT', '1', 'a'], ['ZADD', 'z', 'GT', 'NX', '1', 'a'], ['ZADD', 'z', 'LT', 'NX', '1', 'a'], ['ZADD', 'z', 'NX', 'XX', 'GT', '1', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a', '2', 'b'], ['ZADD', 'z', '1', 'a', '2'], ['ZADD', 'z', 'NX'], ['ZADD', 'z', 'CH', 'CH'], ['ZADD', 'z', 'nan', 'a'],
      ['ZADD', 'z', 'abc', 'a'], ['ZADD', 'z', '1', 'a', 'x', 'b'], ['EXISTS', 'z'], ['ZADD', 'z', '', 'a'], ['ZADD', 'z', ' 1', 'a'], ['ZADD', 'z', '1 ', 'a'],
      ['ZADD', 'z', '1e400', 'a'], ['ZADD', 'z', '1e-400', 'a'], ['ZADD', 'z', '-1e400', 'a'], ['ZADD', 'z', 'GT', 'GT', '1', 'a', 'NX', 'b'],
      ['ZADD', 'z', 'inf', 'a'], ['ZADD', 'z', 'INCR', '-inf', 'a'], ['ZSCORE', 'z', 'a'], ['ZINCRBY', 'z', '+inf', 'a'], ['ZSCORE', 'z', 'a'],
      ['ZINCRBY', 'z', 'nan', 'a'], ['ZINCRBY', 'z', 'x', 'a'], ['ZINCRBY', 'str', '1', 'a'], ['ZINCRBY', 'z', 'NX', 'a'], ['ZINCRBY', 'z', 'incr', 'a'],
      ['ZADD', 'z', 'INCR', '1', 'a'],
    ],
  },
  {
    name: 'score parsing and formatting',
    lines: [
      ['ZADD', 'z', '1.5', 'a', '0.1', 'b', '1e+20', 'c', '-0', 'd', '3.0', 'e', '1e17', 'f', '123456789012345678', 'g', '0.0001', 'h', '0.00001', 'i'],
      ['ZADD', 'z', '+inf', 'j', '-inf', 'k', '-1.5e-7', 'l', '0x10', 'm', '1e308', 'n', '4.9e-324', 'o', '2.5e-310', 'p', '.5', 'q', '5.', 'r'],
      ['ZADD', 'z', '1000000000000000.25', 's', '1000000000000000.75', 't', '0.3', 'u', '9007199254740993', 'v', '-9007199254740993', 'w'],
      ['ZADD', 'z', '72057594037927936', 'x', '1.7976931348623157e308', 'y', '12345678.9', 'z', '+5', 'aa', '-0.0', 'ab', '0X1P-2', 'ac', 'Infinity', 'ad'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZSCORE', 'z', 'b'], ['ZSCORE', 'z', 'd'], ['ZMSCORE', 'z', 'a', 'nope', 'c', 'j', 'k'],
      ['ZINCRBY', 'z', '0.2', 'b'], ['ZINCRBY', 'z', '-0.1', 'u'], ['ZINCRBY', 'z', '1', 'o'], ['ZINCRBY', 'z', '1e-5', 'q'],
      ['ZADD', 'z', '0x', 'x'], ['ZADD', 'z', '1e', 'x'], ['ZADD', 'z', 'infinit', 'x'], ['ZADD', 'z', '--1', 'x'], ['ZADD', 'z', '1_000', 'x'],
      ['ZADD', 'z', '0x1p99999', 'x'], ['ZADD', 'z', '1\x002', 'x'],
    ],
  },
  {
    name: 'ZINCRBY, ZREM, ZSCORE, ZMSCORE',
    lines: [
      ['ZINCRBY', 'z', '2', 'a'], ['ZINCRBY', 'z', '-5.5', 'a'], ['ZINCRBY', 'z', '1', 'b'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZREM', 'z', 'a', 'a', 'nope'], ['ZREM', 'z', 'nope'], ['ZREM', 'missing', 'a'], ['ZREM', 'z', 'b', 'c'], ['EXISTS', 'z'],
      ['ZSCORE', 'missing', 'a'], ['ZMSCORE', 'missing', 'a', 'b'], ['SET', 's', 'x'], ['ZSCORE', 's', 'a'], ['ZMSCORE', 's', 'a'], ['ZREM', 's', 'a'],
      ['ZCARD', 's'], ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZREM', 'z', 'a', 'b', 'c', 'd'], ['EXISTS', 'z'],
    ],
  },
  {
    name: 'ZRANK, ZREVRANK',
    lines: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '2', 'bb', '3', 'c', '-inf', 'lo', 'inf', 'hi'], ['ZRANK', 'z', 'lo'], ['ZRANK', 'z', 'bb'], ['ZRANK', 'z', 'hi'],
      ['ZREVRANK', 'z', 'lo'], ['ZREVRANK', 'z', 'b'], ['ZRANK', 'z', 'nope'], ['ZREVRANK', 'z', 'nope'], ['ZRANK', 'missing', 'a'],
      ['SET', 's', 'v'], ['ZRANK', 's', 'a'], ['ZREVRANK', 's', 'a'],
    ],
  },
  {
    name: 'ZRANGE by rank, REV, WITHSCORES and errors',
    lines: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'],
      ['ZRANGE', 'z', '0', '-1'], ['ZRANGE', 'z', '1', '3', 'WITHSCORES'], ['ZRANGE', 'z', '-2', '-1'], ['ZRANGE', 'z', '-100', '100'], ['ZRANGE', 'z', '3', '1'],
      ['ZRANGE', 'z', '5', '10'], ['ZRANGE', 'z', '0', '-6'], ['ZRANGE', 'z', '0', '-5'], ['ZRANGE', 'z', '0', '1', 'REV'], ['ZRANGE', 'z', '0', '-1', 'REV', 'WITHSCORES'],
      ['ZRANGE', 'z', MIN, MAX], ['ZRANGE', 'z', '0', MAX, 'withscores', 'withscores'], ['ZRANGE', 'z', '0', '1', 'rev', 'rev'],
      ['ZREVRANGE', 'z', '0', '1'], ['ZREVRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZREVRANGE', 'z', '-1', '-1'], ['ZREVRANGE', 'z', '0', '1', 'REV'],
      ['ZREVRANGE', 'z', '0', '1', 'BYSCORE'], ['ZREVRANGE', 'z', '0', '1', 'LIMIT', '0', '1'],
      ['ZRANGE', 'z', 'a', '1'], ['ZRANGE', 'z', '0', '1.5'], ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1'], ['ZRANGE', 'z', '0', '1', 'LIMIT', '0', '-1'],
      ['ZRANGE', 'z', '0', '1', 'LIMIT', '0'], ['ZRANGE', 'z', '0', '1', 'LIMIT', 'x', '1'], ['ZRANGE', 'z', '0', '1', 'FOO'],
      ['ZRANGE', 'z', '0', '1', 'BYLEX', 'WITHSCORES'], ['ZRANGE', 'z', '0', '1', 'BYSCORE', 'BYLEX'], ['ZRANGE', 'z', '0', '1', 'BYLEX', 'BYLEX'],
      ['ZRANGE', 'z', 'x', 'y', 'LIMIT', '0', '1'], ['ZRANGE', 'missing', '0', '-1'], ['ZRANGE', 'missing', 'a', 'b'], ['SET', 's', 'v'],
      ['ZRANGE', 's', '0', '-1'], ['ZRANGE', 's', 'a', 'b'], ['ZREVRANGE', 'missing', '0', '1'],
    ],
  },
  {
    name: 'ZRANGE BYSCORE, ZRANGEBYSCORE, ZREVRANGEBYSCORE',
    lines: [
      ['ZADD', 'z', '-inf', 'ninf', '1', 'a', '1', 'aa', '2', 'b', '2.5', 'c', '3', 'd', '10', 'e', 'inf', 'pinf'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf'], ['ZRANGEBYSCORE', 'z', '1', '2', 'WITHSCORES'], ['ZRANGEBYSCORE', 'z', '(1', '2'], ['ZRANGEBYSCORE', 'z', '1', '(2'],
      ['ZRANGEBYSCORE', 'z', '(1', '(2'], ['ZRANGEBYSCORE', 'z', '(2', '(2'], ['ZRANGEBYSCORE', 'z', '2', '2'], ['ZRANGEBYSCORE', 'z', '3', '1'],
      ['ZRANGEBYSCORE', 'z', '(-inf', '(inf'], ['ZRANGEBYSCORE', 'z', '-inf', '-inf'], ['ZRANGEBYSCORE', 'z', 'inf', 'inf', 'WITHSCORES'],
      ['ZRANGEBYSCORE', 'z', '0', '100', 'LIMIT', '1', '2'], ['ZRANGEBYSCORE', 'z', '0', '100', 'LIMIT', '0', '0'], ['ZRANGEBYSCORE', 'z', '0', '100', 'LIMIT', '2', '-1'],
      ['ZRANGEBYSCORE', 'z', '0', '100', 'LIMIT', '-1', '2'], ['ZRANGEBYSCORE', 'z', '0', '100', 'LIMIT', '100', '2'], ['ZRANGEBYSCORE', 'z', '0', '100', 'LIMIT', '5', '10'],
      ['ZRANGEBYSCORE', 'z', '0', '100', 'LIMIT', '0', '-5', 'WITHSCORES'], ['ZRANGEBYSCORE', 'z', '0', '100', 'WITHSCORES', 'LIMIT', '1', '1', 'LIMIT', '2', '1'],
      ['ZREVRANGEBYSCORE', 'z', '+inf', '-inf'], ['ZREVRANGEBYSCORE', 'z', '2', '1', 'WITHSCORES'], ['ZREVRANGEBYSCORE', 'z', '(2.5', '(1'],
      ['ZREVRANGEBYSCORE', 'z', '1', '2'], ['ZREVRANGEBYSCORE', 'z', '10', '0', 'LIMIT', '1', '2'], ['ZREVRANGEBYSCORE', 'z', '10', '0', 'LIMIT', '3', '-1'],
      ['ZRANGE', 'z', '1', '3', 'BYSCORE'], ['ZRANGE', 'z', '3', '1', 'BYSCORE', 'REV', 'WITHSCORES'], ['ZRANGE', 'z', '(1', '10', 'BYSCORE', 'LIMIT', '1', '3'],
      ['ZRANGE', 'z', '10', '(1', 'REV', 'BYSCORE', 'LIMIT', '1', '3'], ['ZRANGE', 'z', '1', '3', 'BYSCORE', 'REV'],
      ['ZRANGEBYSCORE', 'z', 'a', '1'], ['ZRANGEBYSCORE', 'z', '1', 'b'], ['ZRANGEBYSCORE', 'z', '(', '('], ['ZRANGEBYSCORE', 'z', '', '1'],
      ['ZRANGEBYSCORE', 'z', ' 1', '2'], ['ZRANGEBYSCORE', 'z', '1 ', '2'], ['ZRANGEBYSCORE', 'z', 'nan', '2'], ['ZRANGEBYSCORE', 'z', '(nan', '2'],
      ['ZRANGEBYSCORE', 'z', '((1', '2'], ['ZRANGEBYSCORE', 'z', '[1', '2'], ['ZRANGEBYSCORE', 'z', '0x1', '0x2'], ['ZRANGEBYSCORE', 'z', '1e400', '-1e400'],
      ['ZRANGEBYSCORE', 'z', '-1e400', '1e-400'], ['ZRANGEBYSCORE', 'z', 'Infinity', 'inf'], ['ZRANGEBYSCORE', 'z', '0', '1', 'BYSCORE'],
      ['ZRANGEBYSCORE', 'z', '0', '1', 'REV'], ['ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', '1'], ['ZRANGEBYSCORE', 'z', '0', '1', 'LIMIT', 'a', 'b'],
      ['ZRANGEBYSCORE', 'missing', '0', '1'], ['ZRANGEBYSCORE', 'missing', 'x', '1'], ['SET', 's', 'v'], ['ZRANGEBYSCORE', 's', '0', '1'],
    ],
  },
  {
    name: 'ZCOUNT, ZLEXCOUNT',
    lines: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '3', 'cc', '4', 'd'], ['ZCOUNT', 'z', '-inf', '+inf'], ['ZCOUNT', 'z', '(1', '3'], ['ZCOUNT', 'z', '3', '3'],
      ['ZCOUNT', 'z', '(3', '3'], ['ZCOUNT', 'z', '5', '1'], ['ZCOUNT', 'z', '(0', '(1'], ['ZCOUNT', 'z', '4', 'inf'], ['ZCOUNT', 'z', 'x', '1'],
      ['ZCOUNT', 'missing', '0', '1'], ['ZCOUNT', 'missing', 'x', '1'],
      ['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'ee', '0', ''], ['ZLEXCOUNT', 'l', '-', '+'], ['ZLEXCOUNT', 'l', '[b', '[d'],
      ['ZLEXCOUNT', 'l', '(b', '(d'], ['ZLEXCOUNT', 'l', '[e', '+'], ['ZLEXCOUNT', 'l', '-', '(a'], ['ZLEXCOUNT', 'l', '[', '(a'], ['ZLEXCOUNT', 'l', '(', '+'],
      ['ZLEXCOUNT', 'l', '+', '-'], ['ZLEXCOUNT', 'l', '-', '-'], ['ZLEXCOUNT', 'l', '[d', '[b'], ['ZLEXCOUNT', 'l', '(b', '(b'], ['ZLEXCOUNT', 'l', '[b', '[b'],
      ['ZLEXCOUNT', 'l', 'b', '[d'], ['ZLEXCOUNT', 'l', '[b', 'd'], ['ZLEXCOUNT', 'l', '', '+'], ['ZLEXCOUNT', 'l', '++', '-'], ['ZLEXCOUNT', 'l', '-x', '+'],
      ['ZLEXCOUNT', 'missing', '-', '+'], ['ZLEXCOUNT', 'missing', 'x', '+'], ['SET', 's', 'v'], ['ZLEXCOUNT', 's', '-', '+'], ['ZCOUNT', 's', '0', '1'],
    ],
  },
  {
    name: 'ZRANGEBYLEX, ZREVRANGEBYLEX, ZRANGE BYLEX',
    lines: [
      ['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e', '0', 'ee', '0', 'f', '0', '\xff', '0', 'B'],
      ['ZRANGEBYLEX', 'l', '-', '+'], ['ZRANGEBYLEX', 'l', '[b', '(e'], ['ZRANGEBYLEX', 'l', '(b', '[e'], ['ZRANGEBYLEX', 'l', '[e', '+'],
      ['ZRANGEBYLEX', 'l', '-', '[a'], ['ZRANGEBYLEX', 'l', '[\xfe', '+'], ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '2', '3'], ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '-1', '3'],
      ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '1', '-1'], ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '100', '1'], ['ZRANGEBYLEX', 'l', '+', '-'],
      ['ZREVRANGEBYLEX', 'l', '+', '-'], ['ZREVRANGEBYLEX', 'l', '(e', '[b'], ['ZREVRANGEBYLEX', 'l', '+', '-', 'LIMIT', '1', '2'], ['ZREVRANGEBYLEX', 'l', '-', '+'],
      ['ZRANGE', 'l', '[b', '[d', 'BYLEX'], ['ZRANGE', 'l', '[d', '[b', 'BYLEX', 'REV'], ['ZRANGE', 'l', '-', '+', 'BYLEX', 'LIMIT', '1', '2'],
      ['ZRANGE', 'l', '+', '-', 'REV', 'BYLEX', 'LIMIT', '0', '3'], ['ZRANGEBYLEX', 'l', '-', '+', 'WITHSCORES'], ['ZRANGEBYLEX', 'l', 'a', '+'],
      ['ZRANGEBYLEX', 'l', '-', 'z'], ['ZRANGEBYLEX', 'l', '', '+'], ['ZRANGEBYLEX', 'l', '-', '+', 'LIMIT', '1'], ['ZRANGEBYLEX', 'missing', '-', '+'],
      ['ZRANGEBYLEX', 'missing', 'x', '+'], ['ZADD', 'mixed', '2', 'a', '1', 'b', '3', 'c', '0', 'd'], ['ZRANGEBYLEX', 'mixed', '[a', '[c'],
      ['ZRANGEBYLEX', 'mixed', '-', '(c'], ['ZREVRANGEBYLEX', 'mixed', '[c', '[a'], ['ZLEXCOUNT', 'mixed', '[a', '[c'], ['ZREMRANGEBYLEX', 'mixed', '[a', '[b'],
      ['ZRANGE', 'mixed', '0', '-1', 'WITHSCORES'],
    ],
  },
  {
    name: 'ZRANGESTORE',
    lines: [
      ['ZADD', 'src', '1', 'a', '2', 'b', '3', 'c', '4', 'd'], ['ZRANGESTORE', 'dst', 'src', '0', '1'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '2', '3', 'BYSCORE'], ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], ['ZRANGESTORE', 'dst', 'src', '+', '[b', 'BYLEX', 'REV'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'REV'], ['ZRANGESTORE', 'dst', 'src', '(1', '+inf', 'BYSCORE', 'LIMIT', '1', '1'],
      ['ZRANGE', 'dst', '0', '-1', 'WITHSCORES'], ['ZRANGESTORE', 'dst', 'src', '5', '6'], ['EXISTS', 'dst'], ['ZRANGESTORE', 'dst', 'src', '0', '0'],
      ['ZRANGESTORE', 'dst', 'missing', '0', '-1'], ['EXISTS', 'dst'], ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'WITHSCORES'],
      ['ZRANGESTORE', 'dst', 'src', '0', '-1', 'LIMIT', '0', '1'], ['SET', 'str', 'v'], ['ZRANGESTORE', 'str', 'src', '0', '0'], ['TYPE', 'str'],
      ['ZRANGESTORE', 'dst', 'str', '0', '0'], ['ZRANGESTORE', 'src', 'src', '1', '2'], ['ZRANGE', 'src', '0', '-1', 'WITHSCORES'],
    ],
  },
  {
    name: 'ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX',
    lines: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f'], ['ZREMRANGEBYRANK', 'z', '0', '0'], ['ZREMRANGEBYRANK', 'z', '-1', '-1'],
      ['ZREMRANGEBYRANK', 'z', '10', '20'], ['ZREMRANGEBYRANK', 'z', '2', '1'], ['ZRANGE', 'z', '0', '-1'], ['ZREMRANGEBYSCORE', 'z', '(2', '3'],
      ['ZREMRANGEBYSCORE', 'z', '10', '20'], ['ZRANGE', 'z', '0', '-1'], ['ZREMRANGEBYRANK', 'z', 'x', '1'], ['ZREMRANGEBYSCORE', 'z', 'x', '1'],
      ['ZREMRANGEBYLEX', 'z', 'x', '+'], ['ZREMRANGEBYRANK', 'z', '0', '-1'], ['EXISTS', 'z'], ['ZREMRANGEBYRANK', 'missing', '0', '-1'],
      ['ZREMRANGEBYSCORE', 'missing', 'x', '1'], ['ZREMRANGEBYRANK', 'missing', 'x', '1'],
      ['ZADD', 'l', '0', 'a', '0', 'b', '0', 'c', '0', 'd'], ['ZREMRANGEBYLEX', 'l', '(a', '[c'], ['ZRANGE', 'l', '0', '-1'], ['ZREMRANGEBYLEX', 'l', '-', '+'],
      ['EXISTS', 'l'], ['ZADD', 's', '-inf', 'a', 'inf', 'b', '0', 'c'], ['ZREMRANGEBYSCORE', 's', '-inf', '(0'], ['ZREMRANGEBYSCORE', 's', '(0', '+inf'], ['ZRANGE', 's', '0', '-1'],
      ['SET', 'str', 'v'], ['ZREMRANGEBYRANK', 'str', '0', '1'], ['ZREMRANGEBYLEX', 'str', '-', '+'],
    ],
  },
  {
    name: 'ZPOPMIN, ZPOPMAX, ZMPOP',
    lines: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e'], ['ZPOPMIN', 'z'], ['ZPOPMAX', 'z'], ['ZPOPMIN', 'z', '2'], ['ZPOPMAX', 'z', '0'],
      ['ZPOPMAX', 'z', '10'], ['EXISTS', 'z'], ['ZPOPMIN', 'z'], ['ZPOPMIN', 'z', '3'], ['ZPOPMIN', 'z', '-1'], ['ZPOPMIN', 'z', 'x'],
      ['ZPOPMIN', 'z', '1', '2'], ['SET', 's', 'v'], ['ZPOPMIN', 's'], ['ZPOPMAX', 's', '0'], ['ZPOPMIN', 'missing', '0'],
      ['ZADD', 'z1', '1', 'a', '2', 'b', '3', 'c'], ['ZADD', 'z2', '10', 'x'], ['ZMPOP', '2', 'nope', 'z1', 'MIN'], ['ZMPOP', '2', 'z1', 'z2', 'MAX', 'COUNT', '10'],
      ['ZMPOP', '2', 'z1', 'z2', 'min', 'count', '5'], ['ZMPOP', '2', 'z1', 'z2', 'MIN'], ['ZMPOP', '1', 'z1', 'MAX'], ['ZMPOP', '0', 'z1', 'MIN'],
      ['ZMPOP', '-1', 'z1', 'MIN'], ['ZMPOP', 'x', 'z1', 'MIN'], ['ZMPOP', '3', 'z1', 'MIN'], ['ZMPOP', '2', 'z1', 'MIN'], ['ZMPOP', '1', 'z1', 'LEFT'],
      ['ZMPOP', '1', 'z1', 'MIN', 'COUNT'], ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '0'], ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '-1'], ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', 'x'],
      ['ZMPOP', '1', 'z1', 'MIN', 'COUNT', '1', 'COUNT', '1'], ['ZMPOP', '1', 'z1', 'MIN', 'FOO'], ['ZMPOP', '2', 's', 'z1', 'MIN'], ['ZMPOP', '2', 'nope', 's', 'MIN'],
      ['ZMPOP', '1', 'nope', 'MIN', 'COUNT', '0'], ['ZMPOP', MAX, 'z1', 'MIN'],
    ],
  },
  {
    name: 'ZRANDMEMBER: deterministic cases and errors',
    lines: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZRANDMEMBER', 'missing'], ['ZRANDMEMBER', 'missing', '5'], ['ZRANDMEMBER', 'missing', '-5', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '0'], ['ZRANDMEMBER', 'z', '3'], ['ZRANDMEMBER', 'z', '10', 'WITHSCORES'], ['ZRANDMEMBER', 'z', '1', 'FOO'],
      ['ZRANDMEMBER', 'z', '1', 'WITHSCORES', 'x'], ['ZRANDMEMBER', 'z', 'x'], ['ZRANDMEMBER', 'z', MIN], ['ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '4611686018427387904', 'WITHSCORES'], ['ZRANDMEMBER', 'z', '4611686018427387903', 'WITHSCORES'], ['SET', 's', 'v'], ['ZRANDMEMBER', 's'],
      ['ZRANDMEMBER', 's', '1'], ['ZADD', 'one', '5', 'only'], ['ZRANDMEMBER', 'one'], ['ZRANDMEMBER', 'one', '-3', 'WITHSCORES'], ['ZRANDMEMBER', 'one', '1'],
      ['ZRANDMEMBER', 'z', '0', 'WITHSCORES'],
    ],
  },
  {
    name: 'ZRANDMEMBER: random replies',
    lines: [
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd', '5', 'e', '6', 'f', '7', 'g', '8', 'h', '9', 'i', '10', 'j'],
      custom(oneOf(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']), 'ZRANDMEMBER', 'z'),
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], true), 'ZRANDMEMBER', 'z', '3'),
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], true), 'ZRANDMEMBER', 'z', '8'),
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], false), 'ZRANDMEMBER', 'z', '-30'),
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], true, true), 'ZRANDMEMBER', 'z', '4', 'WITHSCORES'),
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], false, true), 'ZRANDMEMBER', 'z', '-12', 'WITHSCORES'),
    ],
  },
  {
    name: 'ZUNION, ZINTER, ZDIFF with WEIGHTS and AGGREGATE; sets as inputs',
    lines: [
      ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'], ['ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'], ['SADD', 's', 'x', 'w', 'v'],
      ['ZUNION', '2', 'a', 'b'], ['ZUNION', '2', 'a', 'b', 'WITHSCORES'], ['ZUNION', '3', 'a', 'b', 's', 'WITHSCORES'],
      ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '2', '0.5', 'WITHSCORES'], ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'MIN', 'WITHSCORES'],
      ['ZUNION', '2', 'a', 'b', 'AGGREGATE', 'max', 'WEIGHTS', '-1', '1', 'WITHSCORES'], ['ZUNION', '2', 'a', 'missing', 'WITHSCORES'],
      ['ZINTER', '2', 'a', 'b', 'WITHSCORES'], ['ZINTER', '2', 'a', 'b', 'AGGREGATE', 'MAX', 'WITHSCORES'], ['ZINTER', '2', 'a', 's', 'WITHSCORES'],
      ['ZINTER', '2', 'a', 'missing'], ['ZINTER', '2', 'a', 'a', 'WEIGHTS', '1', '2', 'WITHSCORES'], ['ZINTER', '3', 'a', 'b', 's'],
      ['ZDIFF', '2', 'a', 'b'], ['ZDIFF', '2', 'a', 'b', 'WITHSCORES'], ['ZDIFF', '2', 'b', 's', 'WITHSCORES'], ['ZDIFF', '1', 'a', 'WITHSCORES'],
      ['ZDIFF', '2', 'a', 'a'], ['ZDIFF', '2', 'missing', 'a'], ['ZDIFF', '2', 's', 'a', 'WITHSCORES'],
      ['ZADD', 'inf', 'inf', 'x', '-inf', 'y'], ['ZADD', 'ninf', '-inf', 'x', 'inf', 'y'], ['ZUNION', '2', 'inf', 'ninf', 'WITHSCORES'],
      ['ZINTER', '2', 'inf', 'ninf', 'WITHSCORES'], ['ZUNION', '2', 'inf', 'a', 'WEIGHTS', '0', '1', 'WITHSCORES'],
      ['ZINTER', '2', 'inf', 'a', 'WEIGHTS', '0', '1', 'AGGREGATE', 'MIN', 'WITHSCORES'], ['ZINTER', '2', 'inf', 'a', 'WEIGHTS', '0', '1', 'AGGREGATE', 'MAX', 'WITHSCORES'],
      ['ZUNION', '2', 'a', 'b', 'WEIGHTS', 'inf', '-inf', 'WITHSCORES'], ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1e308', '1e308', 'WITHSCORES'],
    ],
  },
  {
    name: 'ZUNION / ZINTER / ZDIFF / ZINTERCARD errors',
    lines: [
      ['ZADD', 'a', '1', 'x'], ['SET', 'str', 'v'], ['ZUNION', '0', 'a'], ['ZINTER', '-1', 'a'], ['ZDIFF', 'x', 'a'], ['ZUNION', '3', 'a', 'b'],
      ['ZUNION', '1', 'str'], ['ZUNION', '2', 'a', 'str', 'FOO'], ['ZUNION', '1', 'a', 'WEIGHTS'], ['ZUNION', '1', 'a', 'WEIGHTS', 'x'], ['ZUNION', '2', 'a', 'b', 'WEIGHTS', '1'],
      ['ZUNION', '1', 'a', 'WEIGHTS', '1', '2'], ['ZUNION', '1', 'a', 'AGGREGATE'], ['ZUNION', '1', 'a', 'AGGREGATE', 'AVG'], ['ZUNION', '1', 'a', 'FOO'],
      ['ZDIFF', '1', 'a', 'WEIGHTS', '1'], ['ZDIFF', '1', 'a', 'AGGREGATE', 'SUM'], ['ZINTER', '1', 'a', 'LIMIT', '1'], ['ZUNIONSTORE', 'd', '1', 'a', 'WITHSCORES'],
      ['ZUNIONSTORE', 'd', '0', 'a'], ['ZINTERSTORE', 'd', '0', 'a'], ['ZDIFFSTORE', 'd', '0', 'a'], ['ZINTERCARD', '0', 'a'], ['ZINTERCARD', 'x', 'a'],
      ['ZINTERCARD', '2', 'a'], ['ZINTERCARD', '1', 'a', 'LIMIT'], ['ZINTERCARD', '1', 'a', 'LIMIT', '-1'], ['ZINTERCARD', '1', 'a', 'LIMIT', 'x'],
      ['ZINTERCARD', '1', 'a', 'WITHSCORES'], ['ZINTERCARD', '1', 'a', 'WEIGHTS', '1'], ['ZINTERCARD', '1', 'str'], ['ZUNION', '1', 'a', 'WEIGHTS', 'nan'],
      ['ZUNION', '1', 'a', 'WEIGHTS', '1e400'], ['ZUNION', '1', 'a', 'WITHSCORES', 'WITHSCORES'], ['ZUNION', MAX, 'a'],
    ],
  },
  {
    name: 'ZUNIONSTORE, ZINTERSTORE, ZDIFFSTORE, ZINTERCARD',
    lines: [
      ['ZADD', 'a', '1', 'x', '2', 'y', '3', 'z'], ['ZADD', 'b', '10', 'y', '20', 'z', '30', 'w'], ['SADD', 's', 'x', 'y'],
      ['ZUNIONSTORE', 'd', '2', 'a', 'b'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], ['ZINTERSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '2', '3'],
      ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], ['ZDIFFSTORE', 'd', '2', 'b', 'a'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'd', '2', 'a', 'missing'], ['EXISTS', 'd'], ['ZUNIONSTORE', 'd', '2', 'a', 's', 'AGGREGATE', 'MAX'], ['ZRANGE', 'd', '0', '-1', 'WITHSCORES'],
      ['ZINTERSTORE', 'a', '2', 'a', 'b'], ['ZRANGE', 'a', '0', '-1', 'WITHSCORES'], ['SET', 'str', 'v'], ['ZUNIONSTORE', 'str', '1', 'b'], ['TYPE', 'str'],
      ['ZDIFFSTORE', 'd', '1', 'missing'], ['EXISTS', 'd'], ['ZINTERCARD', '2', 'b', 's'], ['ZINTERCARD', '2', 'b', 'a'], ['ZINTERCARD', '1', 'b', 'LIMIT', '2'],
      ['ZINTERCARD', '1', 'b', 'LIMIT', '0'], ['ZINTERCARD', '2', 'b', 'missing'], ['ZINTERCARD', '1', 'b', 'LIMIT', '1', 'LIMIT', '5'],
    ],
  },
  {
    name: 'ZSCAN',
    lines: [
      ['ZADD', 'z', '1', 'a', '2.5', 'b', '1e17', 'c', '-0', 'd', 'inf', 'e', '0.1', 'f'], ['ZSCAN', 'z', '0'], ['ZSCAN', 'z', '0', 'MATCH', '[ab]'],
      ['ZSCAN', 'z', '0', 'COUNT', '1'], ['ZSCAN', 'z', '123'], ['ZSCAN', 'z', 'x'], ['ZSCAN', 'z', '0', 'COUNT', '0'], ['ZSCAN', 'z', '0', 'COUNT', 'x'],
      ['ZSCAN', 'z', '0', 'FOO', 'bar'], ['ZSCAN', 'missing', '0'], ['ZSCAN', 'missing', '0', 'COUNT', '0'], ['ZSCAN', 'missing', 'x'],
      ['SET', 's', 'v'], ['ZSCAN', 's', '0'], ['ZSCAN', 'z', '0', 'TYPE', 'zset'],
    ],
  },
  {
    name: 'encodings: listpack to skiplist conversions',
    lines: [
      ['ZADD', 'small', '1', 'a', '2', 'b'], ['OBJECT', 'ENCODING', 'small'], ['ZADD', 'long', '1', 'x'.repeat(65)], ['OBJECT', 'ENCODING', 'long'],
      ['ZADD', 'small', '3', 'y'.repeat(65)], ['OBJECT', 'ENCODING', 'small'], ['ZREM', 'small', 'y'.repeat(65)], ['OBJECT', 'ENCODING', 'small'],
      ['ZUNIONSTORE', 'copy', '1', 'small'], ['OBJECT', 'ENCODING', 'copy'], ['ZRANGESTORE', 'copy2', 'long', '0', '-1'], ['OBJECT', 'ENCODING', 'copy2'],
    ],
  },
  {
    name: 'skiplist encoding from the start (zset-max-listpack-entries 0)',
    lines: [
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '0'], ['ZADD', 'z', '-0', 'a', '0', 'b', '0', 'c', '0', 'd', '0', 'e'], ['OBJECT', 'ENCODING', 'z'],
      ['ZSCORE', 'z', 'a'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['ZRANGEBYLEX', 'z', '(a', '[d'], ['ZREVRANGEBYLEX', 'z', '+', '(b', 'LIMIT', '1', '2'],
      ['ZLEXCOUNT', 'z', '[b', '+'], ['ZLEXCOUNT', 'z', '(e', '+'], ['ZRANK', 'z', 'e'], custom(scanPairs, 'ZSCAN', 'z', '0'),
      ['ZINCRBY', 'z', '-0', 'b'], ['ZREMRANGEBYLEX', 'z', '[b', '(d'], ['ZRANGE', 'z', '0', '-1'], ['ZUNIONSTORE', 'u', '1', 'z'], ['OBJECT', 'ENCODING', 'u'],
      ['ZRANGESTORE', 'r', 'z', '0', '-1'], ['OBJECT', 'ENCODING', 'r'], ['ZPOPMIN', 'z'], ['ZRANDMEMBER', 'z', '5', 'WITHSCORES'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'], ['ZADD', 'z2', '-0', 'a'], ['ZSCORE', 'z2', 'a'], ['ZUNIONSTORE', 'u2', '1', 'r'],
      ['OBJECT', 'ENCODING', 'u2'], ['ZSCORE', 'u2', 'a'],
    ],
  },
  {
    name: 'a sorted set past 128 members',
    lines: [
      ['ZADD', 'z', ...Array.from({ length: 200 }, (_, i) => [String(i % 7), `m${String(i).padStart(3, '0')}`]).flat()], ['OBJECT', 'ENCODING', 'z'],
      ['ZRANGE', 'z', '100', '110', 'WITHSCORES'], ['ZRANGEBYSCORE', 'z', '(2', '3', 'LIMIT', '5', '10'], ['ZCOUNT', 'z', '(1', '5'], ['ZRANK', 'z', 'm150'],
      ['ZREVRANK', 'z', 'm150'], ['ZREMRANGEBYRANK', 'z', '10', '80'], ['ZCARD', 'z'], ['OBJECT', 'ENCODING', 'z'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZREMRANGEBYSCORE', 'z', '0', '5'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'z'],
    ],
  },
  {
    name: 'blocking pops inside MULTI and with data ready',
    lines: [
      ['ZADD', 'z', '1', 'a', '2', 'b'], ['BZPOPMIN', 'nope', 'z', '0'], ['BZPOPMAX', 'z', '0.01'], ['BZPOPMIN', 'z', '-1'], ['BZPOPMIN', 'z', 'x'],
      ['BZPOPMIN', 'z', '1e400'], ['SET', 's', 'v'], ['BZPOPMIN', 's', 'z', '0'], ['BZPOPMIN', 'nope', 's', '0'], ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['BZMPOP', '0', '2', 'nope', 'z', 'MAX', 'COUNT', '2'], ['BZMPOP', 'x', '1', 'z', 'MIN'], ['BZMPOP', '0', '0', 'z', 'MIN'], ['BZMPOP', '-1', '1', 'z', 'MIN'],
      ['BZMPOP', 'x', '1', 'z', 'FOO'], ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '0'], ['BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '5'], ['EXISTS', 'z'],
      ['MULTI'], ['BZPOPMIN', 'empty', '0'], ['BZMPOP', '0', '1', 'empty', 'MIN'], ['BZPOPMAX', 'empty', '0'], ['EXEC'],
    ],
  },
  {
    name: 'binary members and wrong types across commands',
    lines: [
      ['ZADD', 'z', '1', '\x00', '1', '\xff', '1', '\x7f', '1', 'a\x00b', '1', ''], ['ZRANGE', 'z', '0', '-1'], ['ZRANGEBYLEX', 'z', '[\x00', '(\xff'],
      ['ZRANK', 'z', '\xff'], ['ZSCORE', 'z', ''], ['SET', 'str', 'x'], ['ZADD', 'str', '1', 'a'], ['ZCARD', 'str'], ['ZCOUNT', 'str', '0', '1'],
      ['ZPOPMIN', 'str'], ['ZRANDMEMBER', 'str'], ['ZINCRBY', 'str', '1', 'a'], ['ZMSCORE', 'str', 'a'], ['ZRANGEBYLEX', 'str', '-', '+'],
      ['ZREVRANK', 'str', 'a'], ['ZUNIONSTORE', 'd', '1', 'str'], ['ZINTERCARD', '1', 'str'], ['ZSCAN', 'str', '0'], ['ZRANGESTORE', 'd', 'str', '0', '1'],
    ],
  },
  {
    name: 'RESP3 replies: doubles, pairs, nested pops',
    resp: 3,
    lines: [
      ['ZADD', 'z', '1', 'a', '2.5', 'b', 'inf', 'c'], ['ZSCORE', 'z', 'b'], ['ZSCORE', 'z', 'c'], ['ZSCORE', 'z', 'nope'], ['ZMSCORE', 'z', 'a', 'x'],
      ['ZINCRBY', 'z', '0.5', 'a'], ['ZADD', 'z', 'INCR', '1', 'a'], ['ZADD', 'z', 'XX', 'INCR', '1', 'nope'], ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES'], ['ZREVRANGE', 'z', '0', '0', 'WITHSCORES'], ['ZUNION', '1', 'z', 'WITHSCORES'],
      ['ZRANDMEMBER', 'z', '5', 'WITHSCORES'], ['ZPOPMIN', 'z'], ['ZPOPMIN', 'z', '1'], ['ZPOPMAX', 'z', '5'], ['ZPOPMIN', 'z', '1'],
      ['ZADD', 'z', '1', 'a'], ['ZMPOP', '1', 'z', 'MIN'], ['ZMPOP', '1', 'z', 'MIN'], ['ZRANK', 'z', 'a'], ['ZRANGE', 'nope', '0', '-1'],
    ],
  },
];

describe.skipIf(!run)('differential: sorted sets vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) {
    it(c.name, () => runCase(d, c, 30));
  }

  it('a full ZSCAN of a big sorted set returns every pair on both sides', async () => {
    await resetBoth(d);
    await d.run(['ZADD', 'big', ...Array.from({ length: 500 }, (_, i) => [String(i / 4), `member:${i}`]).flat()]);
    const scan = async (call: (argv: string[]) => Promise<Reply | undefined>): Promise<Map<string, string>> => {
      const seen = new Map<string, string>();
      let cursor = '0';
      do {
        const r = await call(['ZSCAN', 'big', cursor, 'COUNT', '40']);
        const [cur, list] = items(r!);
        cursor = (cur as { v: string }).v;
        const t = texts(list!);
        for (let i = 0; i < t.length; i += 2) seen.set(t[i]!, t[i + 1]!);
      } while (cursor !== '0');
      return seen;
    };
    const ours = await scan(async (argv) => wire(d.engine.exec(d.client, argv), 2));
    const theirs = await scan((argv) => d.redis.call(argv));
    expect(ours.size).toBe(500);
    expect([...ours].sort()).toEqual([...theirs].sort());
  });

  it('blocked clients are served like redis serves them', async () => {
    await resetBoth(d);
    const other = await RespClient.connect(d.server.port);
    try {
      const oursGot: Reply[] = [];
      const waiter = d.engine.createClient((r) => oursGot.push(r));
      const scenarios: { block: string[]; feed: string[][] }[] = [
        { block: ['BZPOPMIN', 'a', 'b', '0'], feed: [['ZADD', 'b', '3', 'x', '1', 'y']] },
        { block: ['BZPOPMAX', 'f', 'g', '0'], feed: [['SET', 'f', 'str'], ['DEL', 'f'], ['ZADD', 'f', '5', 'p', '6', 'q']] },
        { block: ['BZMPOP', '0', '2', 'c', 'd', 'MIN', 'COUNT', '3'], feed: [['ZADD', 'd', '1', 'm', '2', 'n']] },
        { block: ['BZMPOP', '0', '1', 'e', 'MAX'], feed: [['ZUNIONSTORE', 'e', '1', 'b']] },
      ];
      for (const sc of scenarios) {
        oursGot.length = 0;
        const theirsP = other.call(sc.block);
        expect(d.engine.exec(waiter, sc.block), sc.block.join(' ')).toBeUndefined();
        await new Promise((r) => setTimeout(r, 30));
        for (const f of sc.feed) {
          const p = await d.run(f);
          expectSame(p.ours, p.theirs, 2, f.join(' '));
        }
        const theirs = await theirsP;
        expect(oursGot.length, sc.block.join(' ')).toBe(1);
        expectSame(oursGot[0], theirs, 2, sc.block.join(' '));
      }
      // A timeout: both reply a null array.
      const theirsP = other.call(['BZPOPMIN', 'never', '0.05']);
      oursGot.length = 0;
      expect(d.engine.exec(waiter, ['BZPOPMIN', 'never', '0.05'])).toBeUndefined();
      const theirs = await theirsP;
      await new Promise((r) => setTimeout(r, 60));
      d.engine.checkBlockedTimeouts();
      expectSame(oursGot[0], theirs, 2, '');
      const rest = await d.run(['ZRANGE', 'b', '0', '-1', 'WITHSCORES']);
      expectSame(rest.ours, rest.theirs, 2, '');
    } finally {
      other.close();
    }
  });

  it('random operations on a large sorted set agree with redis', async () => {
    await resetBoth(d);
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const member = (): string => `m${Math.floor(rnd() * 400)}`;
    const score = (): string => (rnd() < 0.3 ? String(Math.floor(rnd() * 10)) : (rnd() * 100 - 50).toFixed(Math.floor(rnd() * 4)));
    for (let i = 0; i < 600; i++) {
      const r = rnd();
      let argv: string[];
      if (r < 0.4) argv = ['ZADD', 'big', score(), member(), score(), member()];
      else if (r < 0.5) argv = ['ZINCRBY', 'big', score(), member()];
      else if (r < 0.6) argv = ['ZREM', 'big', member()];
      else if (r < 0.7) argv = ['ZRANK', 'big', member()];
      else if (r < 0.75) argv = ['ZREVRANK', 'big', member()];
      else if (r < 0.8) argv = ['ZRANGE', 'big', String(Math.floor(rnd() * 300)), String(Math.floor(rnd() * 300)), 'WITHSCORES'];
      else if (r < 0.85) argv = ['ZRANGEBYSCORE', 'big', `(${score()}`, score(), 'LIMIT', '1', '5'];
      else if (r < 0.9) argv = ['ZCOUNT', 'big', score(), `(${score()}`];
      else if (r < 0.95) argv = ['ZREVRANGEBYSCORE', 'big', score(), score(), 'WITHSCORES'];
      else argv = ['ZREMRANGEBYSCORE', 'big', score(), `(${score()}`];
      const p = await d.run(argv);
      expectSame(p.ours, p.theirs, 2, argv.join(' '));
    }
    const p = await d.run(['ZRANGE', 'big', '0', '-1', 'WITHSCORES']);
    expectSame(p.ours, p.theirs, 2, '');
    const enc = await d.run(['OBJECT', 'ENCODING', 'big']);
    expectSame(enc.ours, enc.theirs, 2, '');
  });
});
