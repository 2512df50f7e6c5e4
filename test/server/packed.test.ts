/**
 * Packed bulk arrays (core/reply.ts BulkArray): the RESP server's clients get
 * LRANGE's strings without a reply object each. Encoded, a packed array must
 * be byte for byte the ordinary array of bulks; read as a Reply, it must be
 * that array; and over the wire, LRANGE in every context (plain, pipelined,
 * in MULTI/EXEC followed by a write, from a script) must give what
 * redis-server gives.
 */
import { describe, expect, it } from 'vitest';
import { encodeCommand, encodeReply } from '../../server/resp';
import { BulkArray, bulks, bulksFor, type Reply } from '../../src/engine/core/reply';
import { requireRedis } from '../support/redis';
import { Rng } from '../fuzz/rng';
import { bothServers } from '../support/servers';
import { exchange } from './raw';

describe('BulkArray', () => {
  const rng = new Rng('packed bulk arrays');
  const lengths = [0, 1, 2, 9, 10, 11, 31, 32, 33, 99, 100, 1000, 16 * 1024, 65535, 65536, 70000];
  const byteString = (n: number) => String.fromCharCode(...Array.from({ length: Math.min(n, 64) }, () => rng.int(256))).repeat(Math.ceil(n / 64) || 1).slice(0, n);
  const strings = (count: number) => Array.from({ length: count }, () => byteString(rng.chance(0.2) ? lengths[rng.int(lengths.length)]! : rng.int(40)));

  it('encodes exactly as the array of bulks it stands for, in RESP2 and RESP3', () => {
    for (const count of [0, 1, 2, 100, 3000]) {
      for (let round = 0; round < 5; round++) {
        const items = strings(count);
        const packed = new BulkArray(items);
        const plain = bulks(items);
        for (const resp of [2, 3] as const) expect(encodeReply(packed, resp)).toBe(encodeReply(plain, resp));
      }
    }
  });

  it('fills and crosses the encoder buffer with short strings (many replies in one output)', () => {
    const items = Array.from({ length: 5000 }, (_, i) => 'v'.repeat(i % 32));
    const nested: Reply = { t: 'array', v: [new BulkArray(items), { t: 'int', v: 7 }, new BulkArray(items.slice(0, 3))] };
    const plain: Reply = { t: 'array', v: [bulks(items), { t: 'int', v: 7 }, bulks(items.slice(0, 3))] };
    expect(encodeReply(nested, 2)).toBe(encodeReply(plain, 2));
  });

  it('reads as the ordinary array reply (the same elements, made once)', () => {
    const packed = new BulkArray(['a', '', 'ccc']);
    expect({ t: packed.t, v: packed.v }).toEqual(bulks(['a', '', 'ccc']));
    expect(packed.v).toBe(packed.v);
  });

  it('is made only for clients that asked for packed replies', () => {
    expect(bulksFor(true, ['x'])).toBeInstanceOf(BulkArray);
    expect(bulksFor(undefined, ['x'])).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'x' }] });
    expect(bulksFor(false, ['x'])).not.toBeInstanceOf(BulkArray);
  });
});

describe.skipIf(!requireRedis())('LRANGE over the wire gives what redis-server gives', () => {
  const servers = bothServers();
  const same = async (lines: (readonly string[])[]) => {
    const flush = encodeCommand(['FLUSHALL']);
    const chunk = flush + lines.map((l) => encodeCommand(l)).join('');
    const mine = await exchange(servers.ours.port, [chunk], { idleMs: 150 });
    const theirs = await exchange(servers.redis.port, [chunk], { idleMs: 150 });
    expect(mine.out.length).toBeGreaterThan(0);
    expect(mine.out).toBe(theirs.out);
  };
  const big = 'x'.repeat(70000);
  const fill = ['RPUSH', 'l', 'a', '', 'bb', 'c'.repeat(31), 'd'.repeat(32), 'e'.repeat(200), big, '\x00\xff\r\n'];

  it('plain and pipelined, every range', async () => {
    const ranges = [
      ['0', '-1'],
      ['0', '0'],
      ['-3', '-1'],
      ['2', '1'],
      ['100', '200'],
      ['-100', '100'],
    ];
    await same([fill, ...ranges.map((r) => ['LRANGE', 'l', ...r]), ['LRANGE', 'missing', '0', '-1']]);
  });

  it('in MULTI/EXEC, with the list changed after it in the same transaction', async () => {
    await same([fill, ['MULTI'], ['LRANGE', 'l', '0', '-1'], ['RPUSH', 'l', 'z'], ['LSET', 'l', '0', 'changed'], ['LRANGE', 'l', '0', '2'], ['EXEC']]);
  });

  it('from a script', async () => {
    await same([fill, ['EVAL', "return redis.call('LRANGE', KEYS[1], 0, -1)", '1', 'l'], ['EVAL', "return #redis.call('LRANGE', KEYS[1], 1, 4)", '1', 'l']]);
  });

  it('100 elements, 16 requests pipelined (redis-benchmark -t lrange_100 -P 16)', async () => {
    const push = ['LPUSH', 'mylist', ...Array.from({ length: 150 }, (_, i) => `v${i}`)];
    await same([push, ...Array.from({ length: 16 }, () => ['LRANGE', 'mylist', '0', '99'])]);
  });
});
