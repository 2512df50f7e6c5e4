import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { canon, resetBoth, runCase, wire, type Case, type Check, type Line, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();

/**
 * Set replies are compared without order (Redis orders intsets numerically
 * and hash tables by hash; the order is unspecified). Our reply goes through
 * the RESP encoder of the client's protocol first, so RESP3 sets (`~`) are
 * compared as the wire shows them. Random replies get a custom check.
 */

const custom = (check: Check, ...argv: string[]): Line => ({ argv, check });
const exact = (...argv: string[]): Line => ({ argv, check: 'exact' });



/** Arrays and sets with their elements sorted, at every depth. */
const orderFree = (r: Reply): unknown => canon(r, { unordered: 'deep' });


function texts(r: Reply): string[] {
  if (r.t !== 'array' && r.t !== 'set') throw new Error(`expected an array, got ${JSON.stringify(r)}`);
  return r.v.map((x) => (x.t === 'bulk' ? x.v : JSON.stringify(x)));
}

/** Same reply type and length on both sides; members from `universe`; distinct when `unique`. */
const sample =
  (universe: string[], unique: boolean): Check =>
  (ours, theirs, label) => {
    expect(ours.t, label).toBe(theirs.t);
    for (const r of [ours, theirs]) {
      const t = texts(r);
      for (const m of t) expect(universe, `${label}: ${m}`).toContain(m);
      if (unique) expect(new Set(t).size, label).toBe(t.length);
    }
    expect(texts(ours).length, label).toBe(texts(theirs).length);
  };

const oneOf =
  (universe: string[]): Check =>
  (ours, theirs, label) => {
    for (const r of [ours, theirs]) {
      expect(r.t, label).toBe('bulk');
      expect(universe, label).toContain((r as { v: string }).v);
    }
  };

const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';

const cases: Case[] = [
  {
    name: 'arity',
    lines: [
      ['SADD', 's'], ['SREM', 's'], ['SMEMBERS'], ['SMEMBERS', 'a', 'b'], ['SISMEMBER', 's'], ['SMISMEMBER', 's'], ['SCARD'], ['SPOP'],
      ['SRANDMEMBER'], ['SMOVE', 'a', 'b'], ['SINTER'], ['SINTERCARD', '1'], ['SINTERSTORE', 'd'], ['SUNION'], ['SUNIONSTORE', 'd'],
      ['SDIFF'], ['SDIFFSTORE', 'd'], ['SSCAN', 's'],
    ],
  },
  {
    name: 'SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS',
    lines: [
      ['SADD', 's', 'a', 'b', 'c', 'a'], ['SADD', 's', 'a', 'd'], ['SCARD', 's'], ['SMEMBERS', 's'], ['SISMEMBER', 's', 'a'], ['SISMEMBER', 's', 'x'],
      ['SISMEMBER', 'missing', 'a'], ['SMISMEMBER', 's', 'a', 'x', 'd'], ['SMISMEMBER', 'missing', 'a', 'b'], ['SREM', 's', 'a', 'x', 'a'],
      ['SREM', 'missing', 'a'], ['SMEMBERS', 'missing'], ['SCARD', 'missing'], ['SREM', 's', 'b', 'c', 'd'], ['EXISTS', 's'],
      ['SADD', 'n', '3', '1', '2', '10', '-5'], ['SMEMBERS', 'n'], ['OBJECT', 'ENCODING', 'n'], ['SADD', 'n', 'x'], ['OBJECT', 'ENCODING', 'n'],
      ['SREM', 'n', 'x'], ['OBJECT', 'ENCODING', 'n'], ['SADD', 'b', '\x00', '\xff', ''], ['SMEMBERS', 'b'], ['SISMEMBER', 'b', ''],
      ['SET', 'str', 'v'], ['SADD', 'str', 'a'], ['SREM', 'str', 'a'], ['SMEMBERS', 'str'], ['SISMEMBER', 'str', 'a'], ['SMISMEMBER', 'str', 'a'],
      ['SCARD', 'str'], ['TYPE', 'n'],
    ],
  },
  {
    name: 'SPOP and SRANDMEMBER: deterministic cases and errors',
    lines: [
      ['SADD', 's', 'a', 'b', 'c'], ['SPOP', 'missing'], ['SPOP', 'missing', '3'], ['SPOP', 's', '0'], ['SPOP', 's', '-1'], ['SPOP', 's', 'x'],
      ['SPOP', 's', '1', '2'], ['SPOP', 'missing', 'x'], ['SRANDMEMBER', 'missing'], ['SRANDMEMBER', 'missing', '5'], ['SRANDMEMBER', 'missing', '-5'],
      ['SRANDMEMBER', 's', '0'], ['SRANDMEMBER', 's', 'x'], ['SRANDMEMBER', 's', MIN], ['SRANDMEMBER', 's', '1', '2'], ['SRANDMEMBER', 's', '3'],
      ['SRANDMEMBER', 's', MAX], ['SPOP', 's', '3'], ['EXISTS', 's'], ['SADD', 's', 'only'], ['SPOP', 's'], ['EXISTS', 's'], ['SADD', 's', 'a', 'b'],
      ['SPOP', 's', '10'], ['EXISTS', 's'], ['SET', 'str', 'v'], ['SPOP', 'str'], ['SPOP', 'str', '0'], ['SPOP', 'str', 'x'], ['SRANDMEMBER', 'str'],
      ['SRANDMEMBER', 'str', '2'], ['SRANDMEMBER', 'str', 'x'],
    ],
  },
  {
    name: 'SPOP and SRANDMEMBER: random replies',
    lines: [
      ['SADD', 's', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
      custom(oneOf(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']), 'SRANDMEMBER', 's'),
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], true), 'SRANDMEMBER', 's', '1'),
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], true), 'SRANDMEMBER', 's', '4'),
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], true), 'SRANDMEMBER', 's', '9'),
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], false), 'SRANDMEMBER', 's', '-25'),
      custom(oneOf(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']), 'SPOP', 's'), ['SCARD', 's'],
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], true), 'SPOP', 's', '2'), ['SCARD', 's'],
      custom(sample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], true), 'SPOP', 's', '6'), ['SCARD', 's'],
      ['SADD', 'n', ...Array.from({ length: 20 }, (_, i) => String(i))],
      custom(sample(Array.from({ length: 20 }, (_, i) => String(i)), true), 'SPOP', 'n', '18'), ['SCARD', 'n'], ['OBJECT', 'ENCODING', 'n'],
    ],
  },
  {
    name: 'SMOVE',
    lines: [
      ['SADD', 'a', 'x', 'y'], ['SADD', 'b', 'y'], ['SMOVE', 'a', 'b', 'x'], ['SMOVE', 'a', 'b', 'x'], ['SMOVE', 'a', 'b', 'y'], ['EXISTS', 'a'],
      ['SMEMBERS', 'b'], ['SMOVE', 'b', 'c', 'x'], ['SMEMBERS', 'c'], ['SMOVE', 'b', 'b', 'y'], ['SMOVE', 'b', 'b', 'nope'], ['SMOVE', 'missing', 'b', 'y'],
      ['SET', 'str', 'v'], ['SMOVE', 'missing', 'str', 'y'], ['SMOVE', 'b', 'str', 'y'], ['SMOVE', 'str', 'b', 'y'], ['SMOVE', 'b', 'str', 'nope'],
      ['SMEMBERS', 'b'],
    ],
  },
  {
    name: 'SINTER, SINTERSTORE, SINTERCARD',
    lines: [
      ['SADD', 'a', '1', '2', '3', '4', 'x'], ['SADD', 'b', '2', '3', '4', '5', 'x'], ['SADD', 'c', '3', '4', 'x', 'y'],
      ['SINTER', 'a', 'b', 'c'], ['SINTER', 'a'], ['SINTER', 'a', 'a'], ['SINTER', 'a', 'missing'], ['SINTER', 'missing', 'a'],
      ['SINTERSTORE', 'd', 'a', 'b'], ['SMEMBERS', 'd'], ['SINTERSTORE', 'd', 'a', 'missing'], ['EXISTS', 'd'], ['SINTERSTORE', 'a', 'a', 'c'], ['SMEMBERS', 'a'],
      ['SINTERCARD', '2', 'a', 'b'], ['SINTERCARD', '3', 'a', 'b', 'c', 'LIMIT', '1'], ['SINTERCARD', '1', 'b', 'LIMIT', '0'], ['SINTERCARD', '2', 'b', 'missing'],
      ['SINTERCARD', '0', 'a'], ['SINTERCARD', '-1', 'a'], ['SINTERCARD', 'x', 'a'], ['SINTERCARD', '3', 'a', 'b'], ['SINTERCARD', '1', 'a', 'LIMIT'],
      ['SINTERCARD', '1', 'a', 'LIMIT', '-1'], ['SINTERCARD', '1', 'a', 'LIMIT', 'x'], ['SINTERCARD', '1', 'a', 'FOO', '1'], ['SINTERCARD', '1', 'a', 'LIMIT', '1', 'LIMIT', '2'],
      ['SET', 'str', 'v'], ['SINTER', 'a', 'str'], ['SINTER', 'missing', 'str'], ['SINTERCARD', '2', 'missing', 'str'], ['SINTERSTORE', 'str', 'a', 'b'],
      ['TYPE', 'str'], ['SINTERSTORE', 'd', 'str'], ['SINTERCARD', MAX, 'a'],
    ],
  },
  {
    name: 'SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE',
    lines: [
      ['SADD', 'a', '1', '2', '3', 'x'], ['SADD', 'b', '3', '4', 'x'], ['SADD', 'c', 'z'], ['SUNION', 'a', 'b', 'c'], ['SUNION', 'missing'],
      ['SUNION', 'a', 'missing'], ['SUNIONSTORE', 'd', 'a', 'b'], ['SMEMBERS', 'd'], ['SUNIONSTORE', 'd', 'missing'], ['EXISTS', 'd'],
      ['SDIFF', 'a', 'b'], ['SDIFF', 'a', 'b', 'c'], ['SDIFF', 'a', 'a'], ['SDIFF', 'a', 'missing'], ['SDIFF', 'missing', 'a'], ['SDIFF', 'b', 'a', 'missing'],
      ['SDIFFSTORE', 'd', 'a', 'b'], ['SMEMBERS', 'd'], ['SDIFFSTORE', 'd', 'a', 'a'], ['EXISTS', 'd'], ['SDIFFSTORE', 'a', 'a', 'b'], ['SMEMBERS', 'a'],
      ['SET', 'str', 'v'], ['SUNION', 'a', 'str'], ['SDIFF', 'str', 'a'], ['SDIFF', 'missing', 'str'], ['SUNIONSTORE', 'str', 'a'], ['TYPE', 'str'],
      ['SUNIONSTORE', 'int', 'a', 'b'], ['OBJECT', 'ENCODING', 'int'], ['SUNIONSTORE', 'mix', 'b', 'c'], ['OBJECT', 'ENCODING', 'mix'],
    ],
  },
  {
    name: 'SSCAN',
    lines: [
      ['SADD', 'n', '10', '2', '-3', '7'], exact('SSCAN', 'n', '0'), exact('SSCAN', 'n', '0', 'MATCH', '1*'), exact('SSCAN', 'n', '5', 'COUNT', '1'),
      ['SSCAN', 'n', 'x'], ['SSCAN', 'n', '0', 'COUNT', '0'], ['SSCAN', 'n', '0', 'COUNT', 'x'], ['SSCAN', 'n', '0', 'MATCH'], ['SSCAN', 'n', '0', 'TYPE', 'set'],
      exact('SSCAN', 'missing', '0'), exact('SSCAN', 'missing', '0', 'COUNT', '0'), ['SSCAN', 'missing', 'x'], ['SET', 'str', 'v'], ['SSCAN', 'str', '0'],
      ['SADD', 'w', 'a', 'b', 'c'], ['SSCAN', 'w', '0', 'MATCH', '[ab]'],
    ],
  },
  {
    name: 'RESP3: set replies',
    resp: 3,
    lines: [
      ['SADD', 's', 'a', 'b'], ['SMEMBERS', 's'], ['SMEMBERS', 'missing'], ['SINTER', 's', 'missing'], ['SUNION', 's'], ['SDIFF', 's', 'missing'],
      ['SPOP', 's', '0'], ['SPOP', 'missing', '2'], ['SRANDMEMBER', 'missing', '2'], ['SRANDMEMBER', 's', '5'], ['SPOP', 's', '5'], ['SPOP', 'missing'],
      ['SMISMEMBER', 's', 'a'],
    ],
  },
];

describe.skipIf(!run)('differential: sets vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) {
    it(c.name, async () => {
      await runCase(d, { check: 'unordered-deep', ...c }, Infinity);
    });
  }

  it('a full SSCAN of a big set returns every member on both sides', async () => {
    await resetBoth(d);
    const members = Array.from({ length: 1000 }, (_, i) => `member:${i}`);
    await d.run(['SADD', 'big', ...members]);
    const scan = async (call: (argv: string[]) => Promise<Reply | undefined>): Promise<Set<string>> => {
      const seen = new Set<string>();
      let cursor = '0';
      do {
        const r = await call(['SSCAN', 'big', cursor, 'COUNT', '37']);
        if (r === undefined || r.t !== 'array') throw new Error('bad reply');
        const [cur, items] = r.v as [Reply, Reply];
        cursor = (cur as { v: string }).v;
        for (const x of texts(items)) seen.add(x);
      } while (cursor !== '0');
      return seen;
    };
    const ours = await scan(async (argv) => d.engine.exec(d.client, argv));
    const theirs = await scan((argv) => d.redis.call(argv));
    expect(ours.size).toBe(1000);
    expect([...ours].sort()).toEqual([...theirs].sort());
  });

  it('random set algebra agrees with redis', async () => {
    await resetBoth(d);
    let seed = 7;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const key = (): string => `k${Math.floor(rnd() * 5)}`;
    const member = (): string => (rnd() < 0.5 ? String(Math.floor(rnd() * 30)) : `m${Math.floor(rnd() * 30)}`);
    const ops = ['SINTER', 'SUNION', 'SDIFF', 'SINTERSTORE', 'SUNIONSTORE', 'SDIFFSTORE'];
    for (let i = 0; i < 400; i++) {
      const r = rnd();
      let argv: string[];
      if (r < 0.35) argv = ['SADD', key(), member(), member(), member()];
      else if (r < 0.5) argv = ['SREM', key(), member(), member()];
      else if (r < 0.55) argv = ['SMOVE', key(), key(), member()];
      else if (r < 0.6) argv = ['SINTERCARD', '2', key(), key(), 'LIMIT', String(Math.floor(rnd() * 4))];
      else {
        const op = ops[Math.floor(rnd() * ops.length)]!;
        argv = op.endsWith('STORE') ? [op, key(), key(), key()] : [op, key(), key(), key()];
      }
      const p = await d.run(argv);
      expect(orderFree(wire(p.ours, 2)!), argv.join(' ')).toEqual(orderFree(p.theirs));
    }
    for (let k = 0; k < 5; k++) {
      const p = await d.run(['SMEMBERS', `k${k}`]);
      expect(orderFree(wire(p.ours, 2)!)).toEqual(orderFree(p.theirs));
    }
  });
});
