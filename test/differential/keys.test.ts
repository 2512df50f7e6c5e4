import { describe, expect, it } from 'vitest';
import { type Case, compare, resetBoth, runCase, scanAll, seed, ttl, unordered, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();

const BIN = '\x00\xff\r\n key';

const cases: Case[] = [
  {
    name: 'arity of every keyspace command',
    lines: [
      ['DEL'], ['UNLINK'], ['EXISTS'], ['TYPE'], ['TYPE', 'a', 'b'], ['TOUCH'], ['KEYS'], ['KEYS', 'a', 'b'], ['SCAN'], ['RANDOMKEY', 'x'],
      ['RENAME', 'a'], ['RENAMENX', 'a', 'b', 'c'], ['COPY', 'a'], ['MOVE', 'a'], ['SELECT'], ['SELECT', '1', '2'], ['SWAPDB', '0'],
      ['DBSIZE', 'x'], ['FLUSHDB', 'ASYNC', 'SYNC'], ['FLUSHALL', 'SYNC', 'x'],
    ],
  },
  {
    name: 'KEYS and SCAN MATCH with the empty key: only a lone "*" takes it',
    lines: [
      ['SET', '', 'v'], ['SET', 'k1', 'w'], ['KEYS', '**'], ['KEYS', '*1'], ['KEYS', '?*'], ['SCAN', '0', 'MATCH', '**', 'COUNT', '100'],
      ['HSET', 'h', '', '1', 'f', '2'], ['HSCAN', 'h', '0', 'MATCH', '**'], ['SADD', 's', '', 'a'], ['SSCAN', 's', '0', 'MATCH', '**'],
    ],
  },
  {
    name: 'DEL, UNLINK, EXISTS, TYPE, TOUCH',
    seed: [['hash', 'h', 'f', 'v'], ['list', 'l', 'a', 'b'], ['set', 's', 'x']],
    lines: [
      ['MSET', 'a', '1', 'b', '2', 'c', '3', BIN, 'bin'], ['EXISTS', 'a', 'a', 'nope', 'h', 'l', 's', BIN], ['TOUCH', 'a', 'a', 'nope', 'h'],
      ['TYPE', 'a'], ['TYPE', 'h'], ['TYPE', 'l'], ['TYPE', 's'], ['TYPE', 'nope'], ['TYPE', BIN],
      ['DEL', 'a', 'a', 'nope'], ['EXISTS', 'a'], ['UNLINK', 'b', 'h', 'l'], ['DEL', 's', BIN, 'c'], ['DBSIZE'], ['DEL', 'nope'], ['UNLINK', 'nope'],
    ],
  },
  {
    name: 'KEYS patterns',
    seed: [['hash', 'hash:1', 'f', 'v']],
    lines: [
      ['MSET', 'user:1', 'a', 'user:2', 'b', 'user:10', 'c', 'h?llo', 'e', 'hello', 'f', 'hallo', 'g', 'hxllo', 'h', 'a*b', 'i', 'a\\b', 'j', BIN, 'k', '', 'empty'],
      unordered('KEYS', '*'), unordered('KEYS', 'user:*'), unordered('KEYS', 'user:?'), unordered('KEYS', 'h[ae]llo'), unordered('KEYS', 'h[^e]llo'),
      unordered('KEYS', 'h[a-e]llo'), unordered('KEYS', 'h[e-a]llo'), unordered('KEYS', 'h\\?llo'), unordered('KEYS', 'a\\*b'), unordered('KEYS', 'a\\\\b'),
      unordered('KEYS', 'nothing*'), unordered('KEYS', ''), unordered('KEYS', '*\x00*'), unordered('KEYS', 'h*'), unordered('KEYS', '[hu]*'), unordered('KEYS', '??????'),
    ],
  },
  {
    name: 'SCAN: arguments and errors',
    lines: [
      ['MSET', 'a', '1', 'b', '2'], ['SCAN', 'abc'], ['SCAN', ' 0'], ['SCAN', '0 '], ['SCAN', '-'], ['SCAN', '+'], ['SCAN', '1.5'], ['SCAN', '0x10'],
      ['SCAN', '18446744073709551616'], ['SCAN', '-18446744073709551616'], ['SCAN', '0', 'COUNT', '0'], ['SCAN', '0', 'COUNT', '-1'], ['SCAN', '0', 'COUNT', 'x'],
      ['SCAN', '0', 'COUNT', '99999999999999999999'], ['SCAN', '0', 'MATCH'], ['SCAN', '0', 'COUNT'], ['SCAN', '0', 'TYPE'], ['SCAN', '0', 'FOO', 'bar'],
      ['SCAN', '0', 'MATCH', '*', 'COUNT'], ['SCAN', 'x', 'COUNT', '0'],
    ],
  },
  {
    name: 'RANDOMKEY on an empty and a one-key database',
    lines: [['RANDOMKEY'], ['SET', 'only', 'v'], ['RANDOMKEY'], ['RANDOMKEY'], ['DEL', 'only'], ['RANDOMKEY']],
  },
  {
    name: 'RENAME and RENAMENX',
    seed: [['hash', 'h', 'f', 'v']],
    lines: [
      ['RENAME', 'nope', 'x'], ['RENAMENX', 'nope', 'x'], ['RENAME', 'nope', 'nope'], ['RENAMENX', 'nope', 'nope'],
      ['SET', 'a', '1'], ['RENAME', 'a', 'a'], ['RENAMENX', 'a', 'a'], ['RENAME', 'a', 'b'], ['EXISTS', 'a'], ['GET', 'b'],
      ['SET', 'c', '3'], ['RENAMENX', 'b', 'c'], ['RENAMENX', 'b', 'd'], ['GET', 'd'], ['RENAME', 'd', 'h'], ['TYPE', 'h'], ['GET', 'h'],
      ['SET', 't', 'v', 'EX', '100'], ['RENAME', 't', 'u'], ttl('TTL', 'u'), ['SET', 'v', 'x', 'EX', '100'], ['RENAME', 'c', 'v'], ttl('TTL', 'v'),
      ['SET', 'p', 'v', 'PXAT', '9223372036854775807'], ['RENAME', 'p', 'q'], ['PEXPIRETIME', 'q'], ['RENAME', 'q', BIN], ['GET', BIN],
      ['SET', 'e', 'v', 'EX', '100'], ['RENAMENX', 'e', 'f'], ttl('TTL', 'f'),
    ],
  },
  {
    name: 'COPY',
    seed: [['hash', 'h', 'f', 'v', 'g', 'w'], ['list', 'l', 'a', 'b'], ['set', 's', 'x', 'y']],
    lines: [
      ['SET', 'a', '1'], ['COPY', 'a', 'b'], ['GET', 'b'], ['COPY', 'a', 'b'], ['SET', 'a', '2'], ['COPY', 'a', 'b', 'REPLACE'], ['GET', 'b'],
      ['COPY', 'a', 'a'], ['COPY', 'a', 'a', 'DB', '0'], ['COPY', 'a', 'a', 'DB', '1'], ['COPY', 'a', 'a', 'DB', '1'], ['COPY', 'a', 'a', 'DB', '1', 'replace'],
      ['COPY', 'a', 'x', 'DB', '16'], ['COPY', 'a', 'x', 'DB', '-1'], ['COPY', 'a', 'x', 'DB', 'x'], ['COPY', 'a', 'x', 'DB', '2147483648'], ['COPY', 'a', 'x', 'DB'],
      ['COPY', 'a', 'x', 'FOO'], ['COPY', 'a', 'x', 'REPLACE', 'REPLACE', 'DB', '2', 'DB', '3'], ['COPY', 'nope', 'x'], ['COPY', 'nope', 'nope'],
      ['COPY', 'h', 'h2'], ['TYPE', 'h2'], ['COPY', 'l', 'l2'], ['TYPE', 'l2'], ['COPY', 's', 's2'], ['TYPE', 's2'], ['COPY', 'h', 'a', 'REPLACE'], ['TYPE', 'a'],
      ['SET', 't', 'v', 'EX', '100'], ['COPY', 't', 't2'], ttl('TTL', 't2'), ['COPY', 't', 't3', 'DB', '4'], ['SELECT', '4'], ttl('TTL', 't3'), ['GET', 't3'],
      ['SELECT', '3'], ['GET', 'a'], ['SELECT', '1'], ['GET', 'a'], ['DBSIZE'], ['SELECT', '0'], ['DBSIZE'],
    ],
  },
  {
    name: 'MOVE',
    seed: [['hash', 'h', 'f', 'v']],
    lines: [
      ['SET', 'a', '1'], ['MOVE', 'a', '0'], ['MOVE', 'a', '16'], ['MOVE', 'a', '-1'], ['MOVE', 'a', 'x'], ['MOVE', 'a', '2147483648'], ['MOVE', 'nope', '1'],
      ['MOVE', 'nope', '0'], ['MOVE', 'nope', '99'], ['MOVE', 'a', '1'], ['EXISTS', 'a'], ['SET', 'a', 'again'], ['MOVE', 'a', '1'], ['GET', 'a'],
      ['SET', 't', 'v', 'EX', '100'], ['MOVE', 't', '2'], ['MOVE', 'h', '2'], ['SELECT', '2'], ttl('TTL', 't'), ['TYPE', 'h'], ['SELECT', '1'], ['GET', 'a'],
    ],
  },
  {
    name: 'SELECT, SWAPDB, DBSIZE, FLUSHDB, FLUSHALL',
    lines: [
      ['SELECT', '15'], ['SELECT', '16'], ['SELECT', '-1'], ['SELECT', 'x'], ['SELECT', '2147483648'], ['SELECT', '-2147483649'], ['SELECT', '1.0'], ['SELECT', '00'],
      ['SELECT', '0'], ['MSET', 'a', '1', 'b', '2'], ['SELECT', '1'], ['SET', 'c', '3', 'EX', '100'], ['DBSIZE'], ['SWAPDB', '0', '1'], ['DBSIZE'], unordered('KEYS', '*'),
      ttl('TTL', 'c'), ['SELECT', '0'], ['DBSIZE'], ttl('TTL', 'c'), ['SWAPDB', '1', '1'], ['SWAPDB', 'x', '1'], ['SWAPDB', '0', 'x'], ['SWAPDB', 'x', 'y'],
      ['SWAPDB', '0', '16'], ['SWAPDB', '-1', '0'], ['SWAPDB', '2147483648', '0'], ['SWAPDB', '0', '15'], ['DBSIZE'], ['SELECT', '15'], ['DBSIZE'],
      ['FLUSHDB', 'NOW'], ['FLUSHDB', 'async'], ['DBSIZE'], ['SELECT', '1'], ['DBSIZE'], ['FLUSHDB', 'SYNC'], ['DBSIZE'],
      ['MSET', 'x', '1'], ['SELECT', '5'], ['MSET', 'y', '1'], ['FLUSHALL', 'NOW'], ['FLUSHALL', 'ASYNC'], ['DBSIZE'], ['SELECT', '1'], ['DBSIZE'],
      ['MSET', 'x', '1'], ['FLUSHALL'], ['DBSIZE'], ['SELECT', '0'],
    ],
  },
];

describe.skipIf(!run)('differential: keyspace commands vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) it(c.name, async () => runCase(d, c));

  it('SCAN: complete iterations return the same keys (MATCH, COUNT, TYPE)', async () => {
    await resetBoth(d);
    await seed(d, [['hash', 'h1', 'f', 'v'], ['hash', 'h2', 'f', 'v'], ['list', 'l1', 'a'], ['set', 'user:set', 'm']]);
    const args: string[] = [];
    for (let i = 0; i < 300; i++) args.push(i % 3 === 0 ? `user:${i}` : `key:${i}`, String(i));
    await d.run(['MSET', ...args]);
    const ours = (argv: string[]) => Promise.resolve(d.engine.exec(d.client, argv));
    const theirs = (argv: string[]) => d.redis.call(argv);
    for (const extra of [[], ['COUNT', '1'], ['COUNT', '7'], ['COUNT', '1000'], ['MATCH', 'user:*'], ['MATCH', 'user:1*', 'COUNT', '3'],
      ['TYPE', 'hash'], ['TYPE', 'STRING', 'MATCH', '*:2?'], ['TYPE', 'list'], ['TYPE', 'set'], ['TYPE', 'zset'], ['TYPE', 'nonsense'], ['MATCH', 'nothing']]) {
      const a = await scanAll(ours, extra);
      const b = await scanAll(theirs, extra);
      expect(new Set(a.keys), `SCAN ${extra.join(' ')}`).toEqual(new Set(b.keys));
      // Our pages hold about COUNT keys: a full walk takes about size / COUNT calls.
      const at = extra.indexOf('COUNT');
      const count = at >= 0 ? Number(extra[at + 1]) : 10;
      expect(a.calls).toBeLessThanOrEqual(Math.ceil(304 / count) + 1);
    }
    // A one-shot SCAN with a huge COUNT returns everything with cursor 0 on both sides.
    const p = await d.run(['SCAN', '0', 'COUNT', '100000', 'MATCH', 'user:1?']);
    compare('unordered', p.ours && p.ours.t === 'array' ? p.ours.v[1] : undefined, p.theirs.t === 'array' ? p.theirs.v[1]! : p.theirs, 'SCAN 0 COUNT 100000');
    expect(p.ours?.t === 'array' && p.ours.v[0]).toEqual({ t: 'bulk', v: '0' });
  });

  it('RANDOMKEY returns existing keys only', async () => {
    await resetBoth(d);
    await d.run(['MSET', 'a', '1', 'b', '2', 'c', '3']);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const r = d.engine.exec(d.client, ['RANDOMKEY']);
      expect(r?.t).toBe('bulk');
      if (r?.t === 'bulk') seen.add(r.v);
    }
    expect(seen).toEqual(new Set(['a', 'b', 'c']));
  });
});
