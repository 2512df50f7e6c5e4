/**
 * A raw RESP connection that keeps every byte it receives (pushes included),
 * for tests that compare what several connections see on two servers.
 */
import net from 'node:net';
import { encodeCommand } from '../../server/resp';

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
