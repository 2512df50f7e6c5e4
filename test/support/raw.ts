/**
 * A raw RESP connection that keeps every byte it receives (pushes included),
 * for tests that compare what several connections see on two servers.
 */
import net from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { encodeCommand } from '../../server/resp';
import { startRespServer, type RespServer } from '../../server/server';
import { startRedis, type RedisServer } from './redis';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class Raw {
  buf = '';
  private constructor(private readonly sock: net.Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => (this.buf += d));
  }
  static connect(port: number): Promise<Raw> {
    return new Promise((resolve, reject) => {
      const s = net.createConnection({ port, host: '127.0.0.1' }, () => resolve(new Raw(s)));
      s.once('error', reject);
    });
  }
  send(argv: readonly string[]): void {
    this.sock.write(encodeCommand(argv), 'latin1');
  }
  take(): string {
    const b = this.buf;
    this.buf = '';
    return b;
  }
  close(): void {
    this.sock.destroy();
  }
}

/**
 * Waits until every connection went quiet: at least `minMs`, then until the
 * bytes received stop growing for one `stepMs` (at most `steps` times).
 */
export async function settle(conns: readonly Raw[], minMs: number, stepMs: number, steps: number): Promise<void> {
  await sleep(minMs);
  let last = -1;
  for (let i = 0; i < steps; i++) {
    const total = conns.reduce((n, c) => n + c.buf.length, 0);
    if (total === last) return;
    last = total;
    await sleep(stepMs);
  }
}

/** Both servers a byte-for-byte comparison talks to, and the connections to close after it. */
export interface ServerPair {
  readonly redis: RedisServer;
  readonly ours: RespServer;
  readonly open: Raw[];
}

/**
 * For a describe block: a fresh redis-server and engine server, started
 * before its tests and stopped after them, with every connection pushed to
 * `open` closed first (read the servers inside the tests).
 */
export function useServerPair(): ServerPair {
  let redis: RedisServer | undefined;
  let ours: RespServer | undefined;
  const open: Raw[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    ours = await startRespServer({ port: 0 });
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await ours?.close();
    await redis?.stop();
  });
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error('the servers start in beforeAll: use them inside a test');
    return v;
  };
  return {
    get redis() {
      return started(redis);
    },
    get ours() {
      return started(ours);
    },
    open,
  };
}
