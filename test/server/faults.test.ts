/**
 * Fault injection against the RESP server: what used to take `npm run
 * server` down or starve its clients. The crash cases run the server in
 * its own process, so a crash is observed here instead of killing vitest.
 * Timings are never asserted: ordering and liveness are.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { BIG_VALUE, ReplyOutput, encodeCommand, encodeReply, writeReply } from '../../server/resp';
import { startRespServer, type RespServer } from '../../server/server';
import { neverReadingClient, replyBurst, rssMB, startEngineTarget } from '../../bench/soak';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { exchange } from './raw';

const hasRedis = requireRedis();

async function ping(port: number): Promise<Reply> {
  const c = await RespClient.connect(port);
  try {
    return await c.call(['PING']);
  } finally {
    c.close();
  }
}

/** Resolves when the socket is closed by the other side, with the bytes it received. */
function closedBy(sock: net.Socket): Promise<number> {
  let n = 0;
  sock.on('data', (d: Buffer) => (n += d.length));
  return new Promise((r) => sock.once('close', () => r(n)));
}

describe('a 629 MB reply burst from one read', () => {
  it('keeps the server process alive and delivers every byte', { timeout: 120_000 }, async () => {
    const server = await startEngineTarget();
    try {
      // SETRANGE v 104857599 x, then six GET v in one write: 6 x 100 MB of replies.
      const burst = await replyBurst(server.port, 100 * 1024 * 1024, 6);
      expect(server.exitCode()).toBeNull();
      expect(burst.received).toBe(burst.expected);
      expect(burst.expected).toBe(6 * (12 + 104857600 + 2));
      expect(await ping(server.port)).toEqual({ t: 'simple', v: 'PONG' });
    } finally {
      await server.stop();
    }
  });
});

describe('a reply with big values', () => {
  it('keeps each big value as its own piece, and the pieces add up to the same bytes', () => {
    const big = 'x'.repeat(BIG_VALUE);
    const reply: Reply = {
      t: 'array',
      v: [
        { t: 'bulk', v: big },
        { t: 'map', v: [[{ t: 'bulk', v: 'k' }, { t: 'set', v: [{ t: 'int', v: 1 }, { t: 'nil' }, { t: 'bulk', v: big }] }]] },
        { t: 'push', v: [{ t: 'double', v: 1.5 }, { t: 'array', v: [] }] },
      ],
    };
    for (const resp of [2, 3] as const) {
      const out = new ReplyOutput();
      writeReply(reply, resp, out);
      out.seal();
      const pieces: (Buffer | string)[] = [];
      for (let x = out.take(); x !== undefined; x = out.take()) pieces.push(x);
      // The engine's own strings, not copies of them.
      expect(pieces.filter((x) => x === big)).toHaveLength(2);
      expect(pieces.map((x) => (typeof x === 'string' ? x : x.toString('latin1'))).join('')).toBe(encodeReply(reply, resp));
      expect(out.pending).toBe(0);
    }
  });
});

describe('a client that never reads its replies', () => {
  it('does not grow the process without bound, and others are still served', { timeout: 60_000 }, async () => {
    const server = await startEngineTarget();
    try {
      const prep = await RespClient.connect(server.port);
      for (let i = 0; i < 10; i++) await prep.call(['RPUSH', '__soak_list', ...Array.from({ length: 1000 }, (_, j) => `element:${i * 1000 + j}`)]);
      const before = rssMB(server.pid);
      const reader = neverReadingClient(server.port);
      let peak = before;
      let answered = 0;
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline) {
        const r = await prep.call(['PING']);
        if (r.t === 'simple') answered++;
        peak = Math.max(peak, rssMB(server.pid));
        await new Promise((res) => setTimeout(res, 50));
      }
      reader.stop();
      prep.close();
      expect(server.exitCode()).toBeNull();
      expect(answered).toBeGreaterThan(0);
      // Unbounded, it grew by more than 700 MB in these 3 s; served in turns it stays near its start.
      expect(peak - before).toBeLessThan(300);
    } finally {
      await server.stop();
    }
  });
});

describe('fair service', () => {
  let server: RespServer;
  beforeAll(async () => {
    server = await startRespServer({ port: 0 });
  });
  afterAll(() => server.close());

  it('answers another client while one pipelines seconds of work in a single write', { timeout: 60_000 }, async () => {
    const prep = await RespClient.connect(server.port);
    await prep.call(['DEL', 'big', 'progress']);
    for (let i = 0; i < 10; i++) await prep.call(['RPUSH', 'big', ...Array.from({ length: 1000 }, (_, j) => `e${i * 1000 + j}`)]);
    // 800 x (LRANGE of 10,000 elements + INCR progress): about 52 KB, one read, seconds of work.
    const pairs = 800;
    const heavyReq = (encodeCommand(['LRANGE', 'big', '0', '-1']) + encodeCommand(['INCR', 'progress'])).repeat(pairs);
    const heavy = net.createConnection({ port: server.port, host: '127.0.0.1' });
    let heavyBytes = 0;
    heavy.on('data', (d: Buffer) => (heavyBytes += d.length)); // reads everything
    await new Promise<void>((r) => heavy.once('connect', () => r()));
    heavy.write(heavyReq, 'latin1');
    // Served in turns, a GET runs after a few of the heavy client's commands, not after all of them
    // (the first GETs may even come before its first INCR).
    let progress = await prep.call(['GET', 'progress']);
    while (progress.t === 'nil') progress = await prep.call(['GET', 'progress']);
    expect(progress.t).toBe('bulk');
    const done = Number(progress.t === 'bulk' ? progress.v : NaN);
    expect(done).toBeLessThan(pairs);
    // And the heavy client still gets all its replies, in order.
    for (;;) {
      const r = await prep.call(['GET', 'progress']);
      if (r.t === 'bulk' && Number(r.v) === pairs) break;
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(heavyBytes).toBeGreaterThan(0);
    heavy.destroy();
    prep.close();
  });
});

describe.runIf(hasRedis)('client-output-buffer-limit, against redis-server', () => {
  let redis: RedisServer;
  let ours: RespServer;
  const logged: string[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    ours = await startRespServer({ port: 0, log: (l) => logged.push(l) });
  });
  afterAll(async () => {
    await ours.close();
    await redis.stop();
  });

  /** A subscriber that never reads while a publisher floods its channel: both servers close it. */
  async function floodSubscriber(port: number): Promise<{ disconnected: boolean; published: boolean }> {
    const admin = await RespClient.connect(port);
    expect(await admin.call(['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 1mb 256kb 60'])).toEqual({ t: 'simple', v: 'OK' });
    const sub = net.createConnection({ port, host: '127.0.0.1' });
    await new Promise<void>((r) => sub.once('connect', () => r()));
    sub.write(encodeCommand(['SUBSCRIBE', 'flood']), 'latin1');
    // Wait for the subscription, then stop reading.
    await new Promise<void>((r) => sub.once('data', () => r()));
    sub.pause();
    const payload = 'x'.repeat(16 * 1024);
    let disconnected = false;
    let published = false;
    for (let i = 0; i < 4000; i++) {
      const receivers = await admin.call(['PUBLISH', 'flood', payload]);
      if (receivers.t === 'int' && receivers.v === 1) published = true;
      if (receivers.t === 'int' && receivers.v === 0) {
        disconnected = true; // the server dropped the subscriber
        break;
      }
    }
    await admin.call(['CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 33554432 8388608 60']);
    admin.close();
    sub.destroy();
    return { disconnected, published };
  }

  it('pubsub class: a subscriber that never reads is disconnected, as by Redis, and logged', async () => {
    const theirs = await floodSubscriber(redis.port);
    const mine = await floodSubscriber(ours.port);
    expect(theirs).toEqual({ disconnected: true, published: true });
    expect(mine).toEqual(theirs);
    expect(logged.some((l) => /# Client id=\d+ addr=127\.0\.0\.1:\d+ .*flags=P .*sub=1 .* scheduled to be closed ASAP for overcoming of output buffer limits\.$/.test(l))).toBe(true);
  });

  it('normal class: a reply past the hard limit closes the client, as in Redis', async () => {
    const run = async (port: number) => {
      const admin = await RespClient.connect(port);
      await admin.call(['DEL', 'biglist']);
      for (let i = 0; i < 10; i++) await admin.call(['RPUSH', 'biglist', ...Array.from({ length: 1000 }, () => 'y'.repeat(200))]);
      await admin.call(['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 0 0']);
      const c = net.createConnection({ port, host: '127.0.0.1' });
      const received = closedBy(c);
      c.write(encodeCommand(['LRANGE', 'biglist', '0', '-1']), 'latin1');
      const bytes = await received;
      await admin.call(['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0']);
      const alive = await admin.call(['PING']);
      admin.close();
      return { complete: bytes >= 2_000_000, alive };
    };
    const theirs = await run(redis.port);
    expect(theirs.complete).toBe(false);
    expect(await run(ours.port)).toEqual(theirs);
  });
});

describe.runIf(hasRedis)('maxclients, against redis-server', () => {
  it('refuses connections past the limit with Redis error', { timeout: 30_000 }, async () => {
    const redis = await startRedis();
    const ours = await startRespServer({ port: 0 });
    try {
      const run = async (port: number) => {
        const admin = await RespClient.connect(port);
        await admin.call(['CONFIG', 'SET', 'maxclients', '5']);
        await admin.call(['CONFIG', 'RESETSTAT']);
        const socks: net.Socket[] = [];
        const replies: string[] = [];
        for (let i = 0; i < 8; i++) {
          const s = net.createConnection({ port, host: '127.0.0.1' });
          socks.push(s);
          replies.push(
            await new Promise<string>((resolve) => {
              let buf = '';
              s.setEncoding('latin1');
              s.on('data', (d: string) => {
                buf += d;
                if (buf.endsWith('\r\n')) resolve(buf);
              });
              s.on('close', () => resolve(buf));
              s.on('error', () => resolve(buf));
              s.write(encodeCommand(['PING']), 'latin1');
            }),
          );
        }
        for (const s of socks) s.destroy();
        await new Promise((r) => setTimeout(r, 100));
        await admin.call(['CONFIG', 'SET', 'maxclients', '10000']);
        // INFO counts the refused connections apart from those received; CONFIG RESETSTAT clears it.
        const stats = async () => {
          const info = await admin.call(['INFO', 'stats']);
          const text = info.t === 'bulk' || info.t === 'verbatim' ? info.v : '';
          return text.split('\r\n').filter((l) => /^(rejected_connections|total_connections_received):/.test(l));
        };
        const counted = [...(await stats()), await admin.call(['CONFIG', 'RESETSTAT']), ...(await stats())];
        admin.close();
        return { replies, counted };
      };
      const theirs = await run(redis.port);
      expect(theirs.replies).toContain('-ERR max number of clients reached\r\n');
      expect(theirs.counted).toContain('rejected_connections:4');
      expect(await run(ours.port)).toEqual(theirs);
    } finally {
      await ours.close();
      await redis.stop();
    }
  });
});

describe.runIf(hasRedis)('hostile input, against redis-server', () => {
  let redis: RedisServer;
  let ours: RespServer;
  beforeAll(async () => {
    redis = await startRedis();
    ours = await startRespServer({ port: 0, log: () => {} });
  });
  afterAll(async () => {
    await ours.close();
    await redis.stop();
  });

  const line = (bytes: number) => 'ECHO ' + 'a'.repeat(bytes - 7) + '\r\n';
  const cases: [string, string[]][] = [
    ['a multibulk count of INT_MAX followed by arguments waits for the rest', ['*2147483647\r\n' + '$1\r\nx\r\n'.repeat(1000)]],
    ['a bulk length of -2', ['*1\r\n$-2\r\n']],
    ['$-2 as an inline command', ['$-2\r\n']],
    ['an inline command Redis still finds the end of past 64 KB', [line(81_910)]],
    ['an inline command one byte longer, in the same write', [line(81_911)]],
    ['an inline command of 100 KB in one write', [line(100_000)]],
    ['20,000 inline arguments: the unknown-command error lists 128 bytes of them', [Array.from({ length: 20_000 }, () => 'a').join(' ') + '\r\n']],
    ['QUIT in the middle of a pipeline: the rest is not run', ['PING\r\nSET q 1\r\nQUIT\r\nSET q 2\r\nPING\r\n']],
    ['QUIT in the middle of a multibulk pipeline with a partial request after it', ['*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nQUIT\r\n*1\r\n$4\r\nPING\r\n*1\r\n$100\r\nab']],
    ['QUIT inside MULTI', ['MULTI\r\nSET q 3\r\nQUIT\r\nEXEC\r\n']],
    ['QUIT followed by malformed bytes', ['QUIT\r\n*x\r\n']],
  ];
  for (const [name, send] of cases) {
    it(name, async () => {
      const theirs = await exchange(redis.port, send);
      expect(await exchange(ours.port, send)).toEqual(theirs);
    });
  }

  it('the pipeline cut by QUIT left the key as Redis did', async () => {
    const get = async (port: number) => {
      const c = await RespClient.connect(port);
      const r = [await c.call(['GET', 'q'])];
      c.close();
      return r;
    };
    expect(await get(ours.port)).toEqual(await get(redis.port));
  });

  it('a client closing in the middle of a long reply costs only its connection', async () => {
    const run = async (port: number) => {
      const c = await RespClient.connect(port);
      await c.call(['SETRANGE', 'big', String(32 * 1024 * 1024 - 1), 'x']);
      // Six GETs of 32 MB; the client reads the first bytes and hangs up.
      const sock = net.createConnection({ port, host: '127.0.0.1' });
      await new Promise<void>((r) => sock.once('connect', () => r()));
      sock.write(encodeCommand(['GET', 'big']).repeat(6), 'latin1');
      await new Promise<void>((r) => sock.once('data', () => r()));
      sock.destroy();
      await new Promise((r) => setTimeout(r, 200));
      const out = [await c.call(['PING']), await c.call(['STRLEN', 'big'])];
      const info = await c.call(['INFO', 'clients']);
      out.push({ t: 'simple', v: /connected_clients:\d+/.exec(info.t === 'bulk' ? info.v : '')?.[0] ?? '' });
      await c.call(['DEL', 'big']);
      c.close();
      return out;
    };
    const theirs = await run(redis.port);
    expect(theirs[0]).toEqual({ t: 'simple', v: 'PONG' });
    expect(await run(ours.port)).toEqual(theirs);
  });
});
