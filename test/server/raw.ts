/** Raw socket helpers for protocol tests: send exact bytes, collect exact bytes. */
import net from 'node:net';

export interface Exchange {
  /** Everything the server wrote, as a byte string. */
  out: string;
  /** True when the server closed the connection. */
  closed: boolean;
}

/**
 * Sends each chunk (byte strings) with a small pause between them, then waits
 * until the server closes the connection or stays quiet for `idleMs`.
 */
export function exchange(port: number, chunks: readonly string[], opts: { gapMs?: number; idleMs?: number } = {}): Promise<Exchange> {
  const gap = opts.gapMs ?? 30;
  const idle = opts.idleMs ?? 250;
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ port, host: '127.0.0.1' });
    sock.setEncoding('latin1');
    let out = '';
    let closed = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ out, closed });
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(finish, idle);
    };
    sock.on('data', (d: string) => {
      out += d;
      arm();
    });
    sock.on('close', () => {
      closed = true;
      finish();
    });
    sock.on('error', (e: NodeJS.ErrnoException) => {
      // A reset after the server closed on us still counts as closed.
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') closed = true;
      else reject(e);
    });
    sock.once('connect', async () => {
      for (const c of chunks) {
        if (sock.destroyed) break;
        sock.write(c, 'latin1');
        await new Promise((r) => setTimeout(r, gap));
      }
      arm();
    });
  });
}

/** Connects and resolves once connected. */
export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.createConnection({ port, host: '127.0.0.1' }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Reads from a socket until `done(received)` holds. */
export function readUntil(sock: net.Socket, done: (s: string) => boolean, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString('latin1');
      if (done(got)) {
        cleanup();
        resolve(got);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out; received ${JSON.stringify(got.slice(0, 200))}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      sock.off('data', onData);
    };
    sock.on('data', onData);
  });
}
