/**
 * A tiny RESP server for oracle tests: it records every command redis-cli
 * sends (byte exact) and answers with whatever bytes the test chooses. It
 * lets the real redis-cli print replies no real command produces (any
 * nesting, any RESP3 type) and shows exactly how redis-cli split a line.
 */
import net from 'node:net';
import type { Reply } from '../../src/engine';
import { ReplyParser } from '../../server/resp';
import { formatDouble } from '../../src/text/double';

export type Responder = (argv: readonly string[]) => string;

export class FakeRedis {
  readonly received: string[][] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  /** `respond` returns raw RESP bytes (a byte string) for each command. */
  static async start(respond: Responder): Promise<FakeRedis> {
    const server = net.createServer();
    const fake: { value?: FakeRedis } = {};
    server.on('connection', (sock) => {
      fake.value!.sockets.add(sock);
      sock.on('close', () => fake.value!.sockets.delete(sock));
      sock.setEncoding('latin1');
      const parser = new ReplyParser();
      sock.on('data', (chunk: string) => {
        parser.feed(chunk);
        for (let r = parser.next(); r !== undefined; r = parser.next()) {
          const argv = r.t === 'array' ? r.v.map((x) => (x.t === 'bulk' ? x.v : '')) : [];
          fake.value!.received.push(argv);
          const name = (argv[0] ?? '').toLowerCase();
          // redis-cli asks for its help table at start: say no, quietly.
          const out = name === 'command' ? '-ERR unknown command\r\n' : respond(argv);
          sock.write(out, 'latin1');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    fake.value = new FakeRedis(server, port);
    return fake.value;
  }

  /** Commands received other than redis-cli's own start-up queries. */
  commands(): string[][] {
    return this.received.filter((a) => (a[0] ?? '').toLowerCase() !== 'command');
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** RESP3 bytes for a reply, the way Redis 7.0 writes it (doubles as %.17g). */
export function encode3(r: Reply): string {
  const CRLF = '\r\n';
  switch (r.t) {
    case 'simple':
      return `+${r.v}${CRLF}`;
    case 'error':
      return `-${r.v}${CRLF}`;
    case 'int':
      return `:${r.v}${CRLF}`;
    case 'bulk':
      return `$${r.v.length}${CRLF}${r.v}${CRLF}`;
    case 'nil':
    case 'nilarray':
      return `_${CRLF}`;
    case 'array':
      return `*${r.v.length}${CRLF}${r.v.map(encode3).join('')}`;
    case 'set':
      return `~${r.v.length}${CRLF}${r.v.map(encode3).join('')}`;
    case 'push':
      return `>${r.v.length}${CRLF}${r.v.map(encode3).join('')}`;
    case 'map':
      return `%${r.v.length}${CRLF}${r.v.map(([k, v]) => encode3(k) + encode3(v)).join('')}`;
    case 'double':
      return `,${formatDouble(r.v)}${CRLF}`;
    case 'bool':
      return `#${r.v ? 't' : 'f'}${CRLF}`;
    case 'verbatim':
      return `=${r.v.length + 4}${CRLF}${r.format}:${r.v}${CRLF}`;
    case 'bignum':
      return `(${r.v}${CRLF}`;
  }
}
