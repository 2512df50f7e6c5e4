/**
 * Starts a real redis-server (Debian's package) on a free loopback port and
 * talks RESP to it. Differential tests use it as the oracle.
 *
 * Under CI=true a missing redis-server is a failure, never a skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reply } from '../../src/engine';
import { ReplyParser, encodeCommand } from '../../server/resp';

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? 'redis-server';

export function redisServerAvailable(): boolean {
  const r = spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

/** True when differential tests must run (in CI they may never be skipped). */
export function requireRedis(): boolean {
  const ok = redisServerAvailable();
  if (!ok && process.env.CI) throw new Error(`${REDIS_SERVER} is not installed, and CI=true: differential tests cannot be skipped`);
  return ok;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  port: number;
  stop(): Promise<void>;
}

/** Starts a throwaway redis-server with persistence off. */
export async function startRedis(extra: string[] = []): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'redis-oracle-'));
  const proc: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const c = await RespClient.connect(port);
      const pong = await c.call(['PING']);
      c.close();
      if (pong.t === 'simple') break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    stop: async () => {
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal pipelined RESP client over TCP, byte-string in and out. */
export class RespClient {
  private parser = new ReplyParser();
  private waiting: ((r: Reply) => void)[] = [];
  /** Replies nobody waited for (MONITOR lines, pub/sub messages), for `read`. */
  private unclaimed: Reply[] = [];

  private constructor(private readonly sock: net.Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (chunk: string) => {
      this.parser.feed(chunk);
      for (let r = this.parser.next(); r !== undefined; r = this.parser.next()) {
        const w = this.waiting.shift();
        if (w) w(r);
        else this.unclaimed.push(r);
      }
    });
  }

  /** The replies received that no `call` was waiting for, taken. */
  takeUnclaimed(): Reply[] {
    return this.unclaimed.splice(0);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const sock = net.createConnection({ port, host }, () => resolve(new RespClient(sock)));
      sock.once('error', reject);
    });
  }

  call(argv: readonly string[]): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.sock.write(encodeCommand(argv), 'latin1');
    });
  }

  /** Sends raw bytes (for protocol-error tests). */
  writeRaw(bytes: string): void {
    this.sock.write(bytes, 'latin1');
  }

  close(): void {
    this.sock.destroy();
  }
}
