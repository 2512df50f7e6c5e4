/**
 * Big replies are encoded a slice per turn (server/resp.ts startReply,
 * continueReply): the bytes on the wire are redis-server's, byte for byte,
 * and other clients are served between the slices. Ordering and bytes are
 * asserted, never timings.
 */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../server/resp';
import { RespClient, requireRedis } from '../support/redis';
import { useServerPair } from '../support/raw';
import { connect, readUntil } from './raw';

const hasRedis = requireRedis();
const END = encodeCommand(['ECHO', '__end__']);
const ENDED = '$7\r\n__end__\r\n';

/** Sends one write on a fresh connection; returns every byte up to the ECHO that ends it (after `skip` bytes of a first reply). */
async function replies(port: number, commands: string[][], first?: string[]): Promise<string> {
  const sock = await connect(port);
  try {
    if (first !== undefined) {
      sock.write(encodeCommand(first) + END, 'latin1');
      await readUntil(sock, (s) => s.endsWith(ENDED));
    }
    sock.write(commands.map(encodeCommand).join('') + END, 'latin1');
    return await readUntil(sock, (s) => s.endsWith(ENDED), 60_000);
  } finally {
    sock.destroy();
  }
}

/** The same data on both servers: a 6,000-element list, a 3,000-member sorted set, a 1,500-entry stream. */
async function fill(port: number): Promise<void> {
  const c = await RespClient.connect(port);
  try {
    await c.call(['FLUSHALL']);
    for (let i = 0; i < 6000; i += 1000) await c.call(['RPUSH', 'list', ...Array.from({ length: 1000 }, (_, j) => `v${'x'.repeat((i + j) % 40)}${i + j}`)]);
    const z: string[] = [];
    for (let i = 0; i < 3000; i++) z.push(String((i * 7919) % 1000 / 8), `m${i}`);
    await c.call(['ZADD', 'z', ...z]);
    const sock = await connect(port);
    sock.write(Array.from({ length: 1500 }, (_, i) => encodeCommand(['XADD', 's', `${i + 1}-0`, 'f', `v${i}`, 'g', String(i)])).join('') + END, 'latin1');
    await readUntil(sock, (s) => s.endsWith(ENDED));
    sock.destroy();
  } finally {
    c.close();
  }
}

describe.runIf(hasRedis)('big replies in slices, against redis-server', () => {
  const pair = useServerPair();

  it('the bytes of big and nested replies, pipelined with small ones, in RESP2 and RESP3', { timeout: 120_000 }, async () => {
    await fill(pair.redis.port);
    await fill(pair.ours.port);
    const commands = [
      ['LRANGE', 'list', '0', '-1'],
      ['PING'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['XRANGE', 's', '-', '+'],
      ['MULTI'],
      ['LRANGE', 'list', '0', '-1'],
      ['LPUSH', 'list', 'changed'],
      ['LRANGE', 'list', '0', '2'],
      ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
      ['EXEC'],
      ['LPOP', 'list'],
      ['LRANGE', 'list', '-2000', '-1'],
    ];
    for (const hello of [undefined, ['HELLO', '3']]) {
      const theirs = await replies(pair.redis.port, commands, hello);
      const mine = await replies(pair.ours.port, commands, hello);
      expect(theirs.length).toBeGreaterThan(200_000);
      expect(mine.length).toBe(theirs.length);
      expect(mine === theirs).toBe(true);
    }
  });

  it('another client is answered while a big reply is unfinished; killed then, its client gets only part of it, as from Redis', { timeout: 120_000 }, async () => {
    const run = async (port: number) => {
      const admin = await RespClient.connect(port);
      await admin.call(['DEL', 'huge']);
      // 400,000 elements of 100 bytes: a 42 MB reply, far more than socket buffers hold.
      const value = 'y'.repeat(100);
      for (let i = 0; i < 400; i++) await admin.call(['RPUSH', 'huge', ...Array.from({ length: 1000 }, () => value)]);
      const full = 400_000 * (`$100\r\n`.length + 100 + 2) + `*400000\r\n`.length;
      // A asks for the whole list and does not read.
      const a = await connect(port);
      a.write(encodeCommand(['CLIENT', 'ID']), 'latin1');
      const idReply = await readUntil(a, (s) => s.endsWith('\r\n'));
      const id = idReply.slice(1, -2);
      a.pause();
      let received = 0;
      a.on('data', (d: Buffer) => (received += d.length));
      const closed = new Promise<void>((r) => a.once('close', () => r()));
      a.on('error', () => {});
      a.write(encodeCommand(['LRANGE', 'huge', '0', '-1']), 'latin1');
      // Another client is served meanwhile (after A's request was read: CLIENT LIST shows it ran LRANGE).
      const b = await RespClient.connect(port);
      for (;;) {
        const list = await b.call(['CLIENT', 'LIST', 'ID', id]);
        if (list.t === 'bulk' && list.v.includes('cmd=lrange')) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const pong = await b.call(['PING']);
      const beforeKill = received;
      // Then A is killed: what the server had not yet handed to its socket is dropped.
      const killed = await b.call(['CLIENT', 'KILL', 'ID', id]);
      a.resume();
      await closed;
      await admin.call(['DEL', 'huge']);
      admin.close();
      b.close();
      return { pong, beforeKill, killed, partial: received > 0 && received < full, full };
    };
    const theirs = await run(pair.redis.port);
    const mine = await run(pair.ours.port);
    expect(theirs).toMatchObject({ pong: { t: 'simple', v: 'PONG' }, beforeKill: 0, killed: { t: 'int', v: 1 }, partial: true });
    expect(mine).toEqual(theirs);
  });
});

describe('a big reply to a client that closes early', () => {
  it('costs only its connection', { timeout: 60_000 }, async () => {
    const { startRespServer } = await import('../../server/server');
    const server = await startRespServer({ port: 0 });
    try {
      const admin = await RespClient.connect(server.port);
      for (let i = 0; i < 100; i++) await admin.call(['RPUSH', 'l', ...Array.from({ length: 1000 }, (_, j) => `e${j}`)]);
      for (let k = 0; k < 5; k++) {
        const s = net.createConnection({ port: server.port, host: '127.0.0.1' });
        s.on('error', () => {});
        await new Promise<void>((r) => s.once('connect', () => r()));
        s.write(encodeCommand(['LRANGE', 'l', '0', '-1']).repeat(3) + encodeCommand(['SUBSCRIBE', 'x']), 'latin1');
        await new Promise<void>((r) => s.once('data', () => r()));
        s.destroy();
      }
      expect(await admin.call(['PING'])).toEqual({ t: 'simple', v: 'PONG' });
      expect(await admin.call(['LLEN', 'l'])).toEqual({ t: 'int', v: 100_000 });
      admin.close();
    } finally {
      await server.close();
    }
  });
});
