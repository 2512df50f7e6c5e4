import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { canon, expectSame, resetBoth, runCase, wire, type Case, type Check, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();

/** Our reply as the client sees it on the wire (RESP2 or RESP3), parsed back. */


function items(r: Reply): Reply[] {
  if (r.t !== 'array' && r.t !== 'map' && r.t !== 'set') throw new Error(`expected an aggregate, got ${JSON.stringify(r)}`);
  return r.t === 'map' ? r.v.flatMap(([k, v]) => [k, v]) : [...r.v];
}

function texts(r: Reply): string[] {
  return items(r).map((x) => (x.t === 'bulk' ? x.v : JSON.stringify(canon(x))));
}


/** Same elements in any order (big hashes: Redis's hashtable order is unspecified). */
const unordered: Check = (ours, theirs, label) => {
  const sort = (r: Reply): string[] => texts(r).sort();
  expect(sort(ours), label).toEqual(sort(theirs));
};

/** HGETALL of a big hash: the same field -> value pairs in any order. */
const samePairs: Check = (ours, theirs, label) => {
  const pairs = (r: Reply): string[] => {
    const t = texts(r);
    const out: string[] = [];
    for (let i = 0; i < t.length; i += 2) out.push(`${t[i]}=${t[i + 1]}`);
    return out.sort();
  };
  expect(pairs(ours), label).toEqual(pairs(theirs));
};

/**
 * A random HRANDFIELD reply: same length on both sides, fields from the
 * hash, values matching their fields, distinct fields when `unique`.
 */
const randomFields =
  (hash: Record<string, string>, unique: boolean, withValues: boolean, resp: 2 | 3 = 2): Check =>
  (ours, theirs, label) => {
    for (const r of [ours, theirs]) {
      let fields: string[];
      if (withValues && resp === 3) {
        fields = items(r).map((pair) => {
          const [f, v] = texts(pair);
          expect(hash[f!], `${label}: ${f}`).toBe(v);
          return f!;
        });
      } else if (withValues) {
        const t = texts(r);
        fields = t.filter((_x, i) => i % 2 === 0);
        for (let i = 0; i < t.length; i += 2) expect(hash[t[i]!], label).toBe(t[i + 1]);
      } else {
        fields = texts(r);
      }
      for (const f of fields) expect(Object.keys(hash), label).toContain(f);
      if (unique) expect(new Set(fields).size, label).toBe(fields.length);
    }
    expect(items(ours).length, label).toBe(items(theirs).length);
  };

/** One field of the hash as a bulk string on both sides. */
const oneField =
  (hash: Record<string, string>): Check =>
  (ours, theirs, label) => {
    for (const r of [ours, theirs]) {
      expect(r.t, label).toBe('bulk');
      expect(Object.keys(hash), label).toContain((r as { v: string }).v);
    }
  };

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
const H5 = { a: '1', b: '2', c: '3', d: '4', e: '5' };
const h5args = Object.entries(H5).flat();
const long = 'v'.repeat(65);

const cases: Case[] = [
  {
    name: 'HSET, HMSET, HSETNX, HGET, HMGET, HLEN, HEXISTS, HSTRLEN',
    lines: [
      ['HSET', 'h', 'f1', 'v1'], ['HSET', 'h', 'f1', 'v1b', 'f2', 'v2', 'f3', 'v3'], ['HSET', 'h', 'f2', 'x', 'f2', 'y'], ['HGET', 'h', 'f2'],
      ['HMSET', 'h', 'f4', 'v4', 'f5', ''], ['HSETNX', 'h', 'f1', 'no'], ['HSETNX', 'h', 'f6', 'yes'], ['HSETNX', 'new', 'f', 'v'],
      ['HGET', 'h', 'f1'], ['HGET', 'h', 'nope'], ['HGET', 'nope', 'f'], ['HMGET', 'h', 'f1', 'nope', 'f5', 'f6'], ['HMGET', 'nope', 'a', 'b'],
      ['HLEN', 'h'], ['HLEN', 'nope'], ['HEXISTS', 'h', 'f1'], ['HEXISTS', 'h', 'nope'], ['HEXISTS', 'nope', 'f'], ['HSTRLEN', 'h', 'f1'],
      ['HSTRLEN', 'h', 'f5'], ['HSTRLEN', 'h', 'nope'], ['HSTRLEN', 'nope', 'f'], ['HGETALL', 'h'], ['HKEYS', 'h'], ['HVALS', 'h'],
      ['HGETALL', 'nope'], ['HKEYS', 'nope'], ['HVALS', 'nope'],
    ],
  },
  {
    name: 'arity errors, including odd field/value counts',
    lines: [
      ['HSET', 'h', 'f'], ['HSET', 'h', 'f', 'v', 'g'], ['HMSET', 'h', 'f', 'v', 'g'], ['HMSET', 'h'], ['HSETNX', 'h', 'f'], ['HGET', 'h'],
      ['HMGET', 'h'], ['HDEL', 'h'], ['HLEN'], ['HGETALL', 'h', 'x'], ['HINCRBY', 'h', 'f'], ['HINCRBYFLOAT', 'h', 'f', '1', '2'], ['HRANDFIELD'],
      ['HSCAN', 'h'], ['HSTRLEN', 'h'], ['EXISTS', 'h'],
    ],
  },
  {
    name: 'HDEL removes fields and the emptied hash',
    lines: [
      ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'], ['HDEL', 'h', 'a'], ['HDEL', 'h', 'a', 'nope'], ['HDEL', 'h', 'b', 'b', 'c', 'x'], ['EXISTS', 'h'],
      ['HDEL', 'h', 'a'], ['HDEL', 'nope', 'a'], ['HSET', 'h', 'a', '1'], ['HDEL', 'h', 'zzz'], ['HGETALL', 'h'],
    ],
  },
  {
    name: 'HINCRBY: counting, overflow and non-integer values',
    lines: [
      ['HINCRBY', 'h', 'n', '5'], ['HINCRBY', 'h', 'n', '-12'], ['HINCRBY', 'h', 'n', '0'], ['HGET', 'h', 'n'], ['HINCRBY', 'h', 'n', 'x'],
      ['HINCRBY', 'h', 'n', '1.5'], ['HINCRBY', 'h', 'n', ''], ['HINCRBY', 'h', 'n', '99999999999999999999'], ['HSET', 'h', 'big', MAX],
      ['HINCRBY', 'h', 'big', '1'], ['HINCRBY', 'h', 'big', '-1'], ['HSET', 'h', 'small', MIN], ['HINCRBY', 'h', 'small', '-1'],
      ['HINCRBY', 'h', 'small', MAX], ['HSET', 'h', 's', 'abc'], ['HINCRBY', 'h', 's', '1'], ['HSET', 'h', 's', ' 1'], ['HINCRBY', 'h', 's', '1'],
      ['HSET', 'h', 's', '01'], ['HINCRBY', 'h', 's', '1'], ['HSET', 'h', 's', '1.0'], ['HINCRBY', 'h', 's', '1'], ['HSET', 'h', 's', ''],
      ['HINCRBY', 'h', 's', '1'], ['HINCRBY', 'new', 'f', MIN], ['HINCRBY', 'new', 'f', MIN], ['HGETALL', 'new'], ['HGETALL', 'h'],
    ],
  },
  {
    name: 'HINCRBYFLOAT: long double sums and formatting',
    lines: [
      ['HINCRBYFLOAT', 'h', 'f', '0.1'], ['HINCRBYFLOAT', 'h', 'f', '0.2'], ['HINCRBYFLOAT', 'h', 'f', '-0.3'], ['HINCRBYFLOAT', 'h', 'g', '10.50'],
      ['HINCRBYFLOAT', 'h', 'g', '0.1'], ['HINCRBYFLOAT', 'h', 'i', '5.0e3'], ['HINCRBYFLOAT', 'h', 'i', '2.0e2'], ['HINCRBYFLOAT', 'h', 'j', '1e300'],
      ['HINCRBYFLOAT', 'h', 'k', '1.5e-10'], ['HINCRBYFLOAT', 'h', 'l', '0x10'], ['HINCRBYFLOAT', 'h', 'l', '1e-4000'], ['HINCRBYFLOAT', 'h', 'm', '-0.0'],
      ['HINCRBYFLOAT', 'h', 'n', '-1e-30'], ['HINCRBYFLOAT', 'h', 'o', '123456789.123456789'], ['HINCRBYFLOAT', 'h', 'p', '1.123456789012345678901'],
      ['HINCRBYFLOAT', 'h', 'q', '1e4932'], ['HINCRBYFLOAT', 'h', 'q', '1e4932'], ['HINCRBYFLOAT', 'h', 'r', 'inf'], ['HINCRBYFLOAT', 'h', 'r', '-inf'],
      ['HINCRBYFLOAT', 'h', 'r', 'nan'], ['HINCRBYFLOAT', 'h', 'r', 'x'], ['HINCRBYFLOAT', 'h', 'r', ''], ['HINCRBYFLOAT', 'h', 'r', ' 1'],
      ['HINCRBYFLOAT', 'h', 'r', '1e-5000'], ['HINCRBYFLOAT', 'h', 'r', '1e5000'], ['HSET', 'h', 's', ' 1'], ['HINCRBYFLOAT', 'h', 's', '1'],
      ['HSET', 'h', 's', '1.5e3'], ['HINCRBYFLOAT', 'h', 's', '1'], ['HSET', 'h', 's', 'abc'], ['HINCRBYFLOAT', 'h', 's', '1'],
      ['HSET', 'h', 's', MAX], ['HINCRBYFLOAT', 'h', 's', '1'], ['HINCRBYFLOAT', 'h', 's', '0.5'], ['HSET', 'h', 't', 'inf'], ['HINCRBYFLOAT', 'h', 't', '1'],
      ['HINCRBYFLOAT', 'h', 'u', '3'], ['HINCRBY', 'h', 'u', '1'], ['HINCRBYFLOAT', 'h', 'u', '-4'], ['HINCRBYFLOAT', 'h', 'v', '.5'],
      ['HINCRBYFLOAT', 'h', 'v', '5.'], ['HINCRBYFLOAT', 'h', 'v', '+1'], ['HINCRBYFLOAT', 'h', 'v', '1e'],
      // Long values made it a hashtable: Redis's field order is unspecified.
      { argv: ['HGETALL', 'h'], check: samePairs },
    ],
  },
  {
    name: 'HRANDFIELD: deterministic replies and argument errors',
    lines: [
      ['HSET', 'h', ...h5args], ['HRANDFIELD', 'h', '5'], ['HRANDFIELD', 'h', '100'], ['HRANDFIELD', 'h', '5', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '6', 'withvalues'], ['HRANDFIELD', 'h', '0'], ['HRANDFIELD', 'h', '0', 'WITHVALUES'], ['HRANDFIELD', 'nope'],
      ['HRANDFIELD', 'nope', '5'], ['HRANDFIELD', 'nope', '-5', 'WITHVALUES'], ['HRANDFIELD', 'h', 'x'], ['HRANDFIELD', 'h', '1.5'],
      ['HRANDFIELD', 'h', MIN], ['HRANDFIELD', 'h', '-' + MAX.slice(0, -1) + '8'], ['HRANDFIELD', 'h', '5', 'WITHSCORES'], ['HRANDFIELD', 'h', '5', 'WITHVALUES', 'x'],
      ['HRANDFIELD', 'h', '4611686018427387904', 'WITHVALUES'], ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'],
      ['HRANDFIELD', 'h', '4611686018427387903', 'WITHVALUES'], ['HRANDFIELD', 'nope', 'x'], ['HRANDFIELD', 'nope', '1', 'x'],
      ['SET', 's', 'v'], ['HRANDFIELD', 's'], ['HRANDFIELD', 's', '1'], ['HRANDFIELD', 's', 'x'], ['HRANDFIELD', 's', '0'],
    ],
  },
  {
    name: 'HRANDFIELD: random replies compared by shape',
    lines: [
      ['HSET', 'h', ...h5args],
      { argv: ['HRANDFIELD', 'h'], check: oneField(H5) },
      { argv: ['HRANDFIELD', 'h', '1'], check: randomFields(H5, true, false) },
      { argv: ['HRANDFIELD', 'h', '3'], check: randomFields(H5, true, false) },
      { argv: ['HRANDFIELD', 'h', '4', 'WITHVALUES'], check: randomFields(H5, true, true) },
      { argv: ['HRANDFIELD', 'h', '-3'], check: randomFields(H5, false, false) },
      { argv: ['HRANDFIELD', 'h', '-20'], check: randomFields(H5, false, false) },
      { argv: ['HRANDFIELD', 'h', '-7', 'WITHVALUES'], check: randomFields(H5, false, true) },
      { argv: ['HRANDFIELD', 'h', '-1', 'WITHVALUES'], check: randomFields(H5, false, true) },
      { argv: ['HRANDFIELD', 'h', '1', 'WITHVALUES'], check: randomFields(H5, true, true) },
    ],
  },
  {
    name: 'HSCAN: small hashes reply in one page',
    lines: [
      ['HSET', 'h', 'alpha', '1', 'beta', '2', 'gamma', '3', 'alfalfa', '4'], ['HSCAN', 'h', '0'], ['HSCAN', 'h', '0', 'MATCH', 'al*'],
      ['HSCAN', 'h', '0', 'COUNT', '1'], ['HSCAN', 'h', '0', 'MATCH', 'zz*', 'COUNT', '100'], ['HSCAN', 'h', '123'], ['HSCAN', 'h', '0', 'match', '*a'],
      ['HSCAN', 'nope', '0'], ['HSCAN', 'nope', '0', 'COUNT', '0'], ['HSCAN', 'nope', 'x'], ['HSCAN', 'h', 'x'], ['HSCAN', 'h', '-1'],
      ['HSCAN', 'h', '0', 'COUNT', '0'], ['HSCAN', 'h', '0', 'COUNT', 'x'], ['HSCAN', 'h', '0', 'MATCH'], ['HSCAN', 'h', '0', 'TYPE', 'hash'],
      ['HSCAN', 'h', '0', 'FOO', 'bar'], ['HSCAN', 'h', '18446744073709551616'], ['SET', 's', 'v'], ['HSCAN', 's', '0'], ['HSCAN', 's', 'x'],
    ],
  },
  {
    name: 'wrong types for every hash command',
    lines: [
      ['SET', 's', 'v'], ['HSET', 's', 'f', 'v'], ['HMSET', 's', 'f', 'v'], ['HSETNX', 's', 'f', 'v'], ['HGET', 's', 'f'], ['HMGET', 's', 'f'],
      ['HGETALL', 's'], ['HKEYS', 's'], ['HVALS', 's'], ['HDEL', 's', 'f'], ['HLEN', 's'], ['HSTRLEN', 's', 'f'], ['HEXISTS', 's', 'f'],
      ['HINCRBY', 's', 'f', '1'], ['HINCRBY', 's', 'f', 'x'], ['HINCRBYFLOAT', 's', 'f', '1'], ['HINCRBYFLOAT', 's', 'f', 'x'],
      ['HINCRBYFLOAT', 's', 'f', 'inf'], ['RPUSH', 'l', 'a'], ['HGET', 'l', 'f'], ['HSET', 'l', 'f'], ['GET', 's'],
    ],
  },
  {
    name: 'binary-safe fields and values; empty strings',
    lines: [
      ['HSET', 'b', '\x00', '\xff', '', 'empty-field', 'e', '', 'a\r\nb', '\xf0\x9f\x98\x80'], ['HGETALL', 'b'], ['HGET', 'b', ''], ['HSTRLEN', 'b', 'a\r\nb'],
      ['HEXISTS', 'b', '\x00'], ['HDEL', 'b', '\x00', ''], ['HKEYS', 'b'], ['HSCAN', 'b', '0', 'MATCH', 'a*'],
    ],
  },
  {
    name: 'encodings: listpack to hashtable on a long value or many fields',
    lines: [
      ['HSET', 'h', 'a', '1'], ['OBJECT', 'ENCODING', 'h'], ['HSET', 'h', 'b', long], ['OBJECT', 'ENCODING', 'h'], ['HDEL', 'h', 'b'],
      ['OBJECT', 'ENCODING', 'h'], ['HSET', 'k', 'x'.repeat(65), '1'], ['OBJECT', 'ENCODING', 'k'], ['HSETNX', 'n', 'f', long], ['OBJECT', 'ENCODING', 'n'],
      ['HINCRBYFLOAT', 'p', 'f', '1e100'], ['OBJECT', 'ENCODING', 'p'],
    ],
  },
  {
    name: 'RESP3: HGETALL is a map, HRANDFIELD WITHVALUES gives pairs',
    resp: 3,
    lines: [
      ['HSET', 'h', ...h5args], ['HGETALL', 'h'], ['HGETALL', 'nope'], ['HRANDFIELD', 'h', '9', 'WITHVALUES'], ['HRANDFIELD', 'h', '9'],
      ['HRANDFIELD', 'nope'], ['HRANDFIELD', 'nope', '3', 'WITHVALUES'], ['HGET', 'h', 'nope'], ['HMGET', 'h', 'a', 'nope'],
      { argv: ['HRANDFIELD', 'h', '-4', 'WITHVALUES'], check: randomFields(H5, false, true, 3) },
      { argv: ['HRANDFIELD', 'h', '2', 'WITHVALUES'], check: randomFields(H5, true, true, 3) },
      ['HSCAN', 'h', '0'], ['HINCRBYFLOAT', 'h', 'a', '0.5'],
    ],
  },
];

describe.skipIf(!run)('differential: hashes vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) {
    it(c.name, () => runCase(d, c, 20));
  }

  it('big hashes (hashtable encoding): same contents, any order; HSCAN visits every field once', async () => {
    await resetBoth(d);
    const fields: string[] = [];
    for (let i = 0; i < 700; i++) fields.push(`field:${i}`, `value:${i * 7}`);
    for (const argv of [['HSET', 'big', ...fields], ['OBJECT', 'ENCODING', 'big'], ['HLEN', 'big'], ['HGET', 'big', 'field:123'], ['HDEL', 'big', 'field:1', 'field:2']]) {
      const p = await d.run(argv);
      expectSame(p.ours, p.theirs, 2, argv[0]!);
    }
    for (const [argv, check] of [
      [['HGETALL', 'big'], samePairs],
      [['HKEYS', 'big'], unordered],
      [['HVALS', 'big'], unordered],
      [['HRANDFIELD', 'big', '1000'], unordered],
    ] as const) {
      const p = await d.run(argv);
      check(wire(p.ours, 2)!, p.theirs, argv.join(' '));
    }
    // A full HSCAN on each side: every field exactly once (no changes during the scan), with its value.
    const scanAllPages = async (call: (argv: string[]) => Promise<Reply | undefined>): Promise<string[]> => {
      const seen: string[] = [];
      let cursor = '0';
      let pages = 0;
      do {
        const r = (await call(['HSCAN', 'big', cursor, 'COUNT', '50']))!;
        const [c, page] = items(r);
        cursor = (c as { v: string }).v;
        const t = texts(page!);
        for (let i = 0; i < t.length; i += 2) seen.push(`${t[i]}=${t[i + 1]}`);
        pages++;
      } while (cursor !== '0' && pages < 1000);
      return seen.sort();
    };
    const ours = await scanAllPages(async (argv) => wire(d.engine.exec(d.client, argv), 2));
    const theirs = await scanAllPages((argv) => d.redis.call(argv));
    expect(ours.length).toBe(698);
    expect(new Set(ours).size).toBe(698);
    expect(ours).toEqual(theirs);
  });

  it('the command table matches COMMAND INFO (arity, flags, key positions, ACL categories)', async () => {
    await resetBoth(d);
    for (const name of 'hset hsetnx hmset hget hmget hgetall hdel hexists hkeys hvals hlen hstrlen hincrby hincrbyfloat hrandfield hscan'.split(' ')) {
      const p = await d.run(['COMMAND', 'INFO', name]);
      const head = (r: Reply | undefined): unknown => {
        const info = r?.t === 'array' ? r.v[0] : undefined;
        return canon(info?.t === 'array' ? { t: 'array', v: info.v.slice(0, 7) } : info);
      };
      expect(head(wire(p.ours, 2)), name).toEqual(head(p.theirs));
    }
  });

  it('a random mix of hash commands agrees with redis step by step', async () => {
    await resetBoth(d);
    let seed = 99;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const k = (): string => (rnd() < 0.8 ? 'h1' : 'h2');
    const f = (): string => `f${Math.floor(rnd() * 15)}`;
    const num = (): string => (rnd() < 0.5 ? String(Math.floor(rnd() * 200) - 100) : (rnd() * 20 - 10).toFixed(Math.floor(rnd() * 5)));
    for (let i = 0; i < 800; i++) {
      const r = rnd();
      let argv: string[];
      if (r < 0.2) argv = ['HSET', k(), f(), num(), f(), `s${Math.floor(rnd() * 5)}`];
      else if (r < 0.3) argv = ['HSETNX', k(), f(), num()];
      else if (r < 0.4) argv = ['HDEL', k(), f(), f()];
      else if (r < 0.5) argv = ['HINCRBY', k(), f(), String(Math.floor(rnd() * 100) - 50)];
      else if (r < 0.62) argv = ['HINCRBYFLOAT', k(), f(), num()];
      else if (r < 0.7) argv = ['HGET', k(), f()];
      else if (r < 0.75) argv = ['HMGET', k(), f(), f(), f()];
      else if (r < 0.8) argv = ['HSTRLEN', k(), f()];
      else if (r < 0.85) argv = ['HEXISTS', k(), f()];
      else if (r < 0.9) argv = ['HLEN', k()];
      else argv = ['HGETALL', k()];
      const p = await d.run(argv);
      expectSame(p.ours, p.theirs, 2, argv.join(' '));
    }
  });
});
