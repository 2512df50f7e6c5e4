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

/** Optional engine features that other parts of the engine may provide. */
interface EngineBackground {
  checkBlockedTimeouts?: () => void;
  blockedTimeouts?: () => void;
  tick?: () => void;
}
interface ClientFlags {
  /** Set by QUIT: close the connection once the reply is written. */
  closeAfterReply?: boolean;
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
  ) {
    sock.setNoDelay(true);
    this.client = engine.createClient((reply) => this.push(reply));
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
    while (!this.closing && !this.destroyed && this.client.blocked === undefined && !this.client.closed) {
      const req = this.parser.next();
      if (req === undefined) break;
      if (req.error !== undefined) {
        this.out.push(`-${req.error}\r\n`);
        this.closing = true;
        break;
      }
      const name = req.argv[0]!.toLowerCase();
      if (name === 'post' || name === 'host:') {
        // Cross protocol scripting guard: Redis drops the connection at once,
        // without the replies still waiting to be written.
        this.out = [];
        this.destroy();
        return;
      }
      const reply = this.engine.exec(this.client, req.argv);
      if (reply !== undefined) this.out.push(encodeReply(reply, this.client.resp));
      if ((this.client as ClientState & ClientFlags).closeAfterReply) this.closing = true;
    }
    this.flush();
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

/** Starts the server; resolves once it is listening. */
export function startRespServer(opts: RespServerOptions = {}): Promise<RespServer> {
  const engine = opts.engine ?? new Engine();
  const host = opts.host ?? '127.0.0.1';
  const conns = new Set<Connection>();
  const server = net.createServer((sock) => {
    conns.add(new Connection(engine, sock, (c) => conns.delete(c)));
  });
  const bg = engine as unknown as EngineBackground;
  const timer = setInterval(() => {
    try {
      engine.activeExpireCycle();
      if (typeof bg.checkBlockedTimeouts === 'function') bg.checkBlockedTimeouts();
      else if (typeof bg.blockedTimeouts === 'function') bg.blockedTimeouts();
      else if (typeof bg.tick === 'function') bg.tick();
    } catch (e) {
      console.error('background task failed:', e);
    }
    for (const c of conns) c.checkClosed();
  }, opts.tickMs ?? 100);

  return new Promise((resolve, reject) => {
    server.once('error', (e) => {
      clearInterval(timer);
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
            for (const c of conns) c.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
