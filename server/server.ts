/**
 * The engine behind a RESP TCP server, so redis-cli, redis-benchmark and
 * Redis's own test suite can talk to it. One engine, one ClientState per
 * connection. Requests are parsed incrementally with Redis 7.0's rules
 * (see RequestParser); replies are encoded with the client's protocol
 * version (RESP3 after HELLO 3).
 *
 * Sockets carry byte strings ('latin1': one char per byte), which is how
 * the engine stores strings.
 */
import net from 'node:net';
import { Engine, type ClientState, type Reply } from '../src/engine';
import { RequestParser, encodeReply } from './resp';

export interface RespServerOptions {
  port?: number;
  host?: string;
  engine?: Engine;
  /** Background work period (active expiry, blocked timeouts); Redis's hz 10 is 100 ms. */
  tickMs?: number;
}

export interface RespServer {
  readonly engine: Engine;
  readonly host: string;
  readonly port: number;
  /** Open connections. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Addresses CLIENT LIST and CLIENT KILL ADDR/LADDR show and match (read by the engine when present). */
interface ClientAddress {
  addr?: string;
  laddr?: string;
}

/** Redis's client-query-buffer-limit default: a client sending more unparsed input is dropped. */
const QUERY_BUFFER_LIMIT = 1024 * 1024 * 1024;
/** Stop reading from a client whose unread replies exceed this, until it catches up. */
const OUTPUT_HIGH_WATER = 64 * 1024 * 1024;

class Connection {
  private readonly parser = new RequestParser();
  private out: string[] = [];
  private flushScheduled = false;
  private processScheduled = false;
  /** No more requests are read: a protocol error or QUIT; close once replies are out. */
  private closing = false;
  private destroyed = false;
  readonly client: ClientState;

  constructor(
    private readonly engine: Engine,
    private readonly sock: net.Socket,
    private readonly onGone: (c: Connection) => void,
    private readonly afterBatch: () => void,
  ) {
    sock.setNoDelay(true);
    this.client = engine.createClient((reply) => this.push(reply));
    const where = this.client as ClientState & ClientAddress;
    where.addr = `${sock.remoteAddress ?? '127.0.0.1'}:${sock.remotePort ?? 0}`;
    where.laddr = `${sock.localAddress ?? '127.0.0.1'}:${sock.localPort ?? 0}`;
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
    sock.on('drain', () => {
      if (!this.closing && !this.destroyed) sock.resume();
    });
    sock.on('error', () => this.destroy());
    sock.on('close', () => this.destroy());
  }

  /** An asynchronous reply (a blocked client woken, a timeout, a push). */
  private push(reply: Reply): void {
    if (this.destroyed) return;
    this.out.push(encodeReply(reply, this.client.resp));
    this.scheduleFlush();
    // A woken client goes on with the requests it pipelined behind the blocking one,
    // but not inside the command that woke it (process() checks it is unblocked).
    if (this.parser.buffered > 0) this.scheduleProcess();
  }

  private onData(chunk: Buffer): void {
    if (this.closing || this.destroyed) return;
    this.parser.feed(chunk);
    if (this.parser.buffered > QUERY_BUFFER_LIMIT) {
      this.destroy(); // as Redis: dropped without a reply
      return;
    }
    this.process();
  }

  private scheduleProcess(): void {
    if (this.processScheduled) return;
    this.processScheduled = true;
    setImmediate(() => {
      this.processScheduled = false;
      this.process();
    });
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Runs every whole request received, as Redis's processInputBuffer does. */
  process(): void {
    try {
      this.engine.batch(() => this.processRequests());
    } catch (e) {
      // A bug must cost one connection, never the server.
      console.error('connection failed:', e);
      this.out.push(`-ERR internal error: ${String(e instanceof Error ? e.message : e).replace(/[\r\n]+/g, ' ')}\r\n`);
      this.closing = true;
    }
    this.flush();
    this.afterBatch();
  }

  private processRequests(): void {
    while (!this.closing && !this.destroyed && this.client.blocked === undefined && !this.client.closed) {
      const req = this.parser.next();
      if (req === undefined) break;
      if (req.error !== undefined) {
        this.out.push(`-${req.error}\r\n`);
        this.closing = true;
        break;
      }
      const first = req.argv[0]!;
      if ((first.length === 4 || first.length === 5) && isCrossProtocol(first)) {
        // Cross protocol scripting guard: Redis drops the connection at once,
        // without the replies still waiting to be written.
        this.out = [];
        this.destroy();
        return;
      }
      const reply = this.engine.exec(this.client, req.argv);
      if (reply !== undefined) this.out.push(encodeReply(reply, this.client.resp));
      // QUIT, or CLIENT KILL of itself: reply, then close.
      if (this.client.closeAfterReply) this.closing = true;
    }
  }

  flush(): void {
    if (this.destroyed) return;
    if (this.out.length > 0) {
      const data = this.out.length === 1 ? this.out[0]! : this.out.join('');
      this.out = [];
      this.sock.write(data, 'latin1');
      if (this.sock.writableLength > OUTPUT_HIGH_WATER) this.sock.pause();
    }
    if (this.closing || this.client.closed) {
      this.closing = true;
      // Redis closes the socket once the reply is written (CLIENT_CLOSE_AFTER_REPLY).
      this.sock.end(() => this.sock.destroy());
      this.release();
    }
  }

  /** Abrupt end: the socket is gone or must go now. */
  destroy(): void {
    if (!this.destroyed) this.sock.destroy();
    this.release();
  }

  private release(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.out = [];
    if (!this.client.closed) this.engine.closeClient(this.client);
    this.onGone(this);
  }

  /** Called by the server tick: the engine may have closed this client (CLIENT KILL). */
  checkClosed(): void {
    if (this.client.closed && !this.destroyed) this.flush();
  }
}

/** `POST` or `Host:` in any case: an HTTP request sent to the Redis port. */
function isCrossProtocol(first: string): boolean {
  const c = first.charCodeAt(0) | 0x20;
  if (c !== 0x70 /* p */ && c !== 0x68 /* h */) return false; // most names of 4 or 5 letters: no lower-casing
  const name = first.toLowerCase();
  return name === 'post' || name === 'host:';
}

/** Starts the server; resolves once it is listening. */
export function startRespServer(opts: RespServerOptions = {}): Promise<RespServer> {
  const engine = opts.engine ?? new Engine();
  const host = opts.host ?? '127.0.0.1';
  const conns = new Set<Connection>();
  /** Disconnects the connections whose client the engine closed (CLIENT KILL). */
  const sweep = () => {
    if (engine.clients.size >= conns.size) return; // every connection still has its client
    for (const c of conns) c.checkClosed();
  };
  const server = net.createServer((sock) => {
    conns.add(new Connection(engine, sock, (c) => conns.delete(c), sweep));
  });
  const background = (task: () => void) => () => {
    try {
      task();
    } catch (e) {
      console.error('background task failed:', e);
    }
  };
  // Redis's serverCron runs the active expiry cycle ten times a second (hz 10).
  const timer = setInterval(
    background(() => {
      engine.activeExpireCycle();
      for (const c of conns) c.checkClosed();
    }),
    opts.tickMs ?? 100,
  );
  // Redis answers timed-out blocked clients before every event loop sleep, so
  // a 1 ms BLPOP timeout is answered within milliseconds: check often (cheap
  // when nobody is blocked).
  const blockTimer = setInterval(background(() => engine.checkBlockedTimeouts()), 10);

  return new Promise((resolve, reject) => {
    server.once('error', (e) => {
      clearInterval(timer);
      clearInterval(blockTimer);
      reject(e);
    });
    server.listen(opts.port ?? 6379, host, () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : (opts.port ?? 6379);
      resolve({
        engine,
        host,
        port,
        get connections() {
          return conns.size;
        },
        close: () =>
          new Promise<void>((done) => {
            clearInterval(timer);
            clearInterval(blockTimer);
            for (const c of conns) c.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
