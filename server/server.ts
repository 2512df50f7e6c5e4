/**
 * The engine behind a RESP TCP server, so redis-cli, redis-benchmark and
 * Redis's own test suite can talk to it. One engine, one ClientState per
 * connection. Requests are parsed incrementally with Redis 7.0's rules
 * (see RequestParser); replies are encoded with the client's protocol
 * version (RESP3 after HELLO 3).
 *
 * No client can take the process down or starve the others:
 *
 * - Replies are written reply by reply (never joined into one string), small
 *   ones grouped into chunks of at most OUTPUT_CHUNK bytes. A client whose
 *   unsent output passes OUTPUT_PAUSE stops being served (its socket is not
 *   read, its pipelined commands wait) until its socket drains: six 100 MB
 *   GETs in one write are answered one after the other, with about one
 *   reply in memory at a time. A reply of more than SLICE_ITEMS elements
 *   (LRANGE of a million elements, an EXEC holding one) is encoded about
 *   REPLY_SLICE bytes per turn, so other clients are answered between its
 *   slices; the client's next commands and later replies wait behind it.
 * - Clients are served in short turns (TURN_MS, one command at least):
 *   data that arrives is served at once while the event loop's round has
 *   budget left, the rest round-robin from a ready queue in slices between
 *   socket reads (see Scheduler), so a PING is not queued behind hundreds
 *   of pipelines. The replies of one read are written together once it is
 *   processed (or 1 MB is waiting), as Redis writes them after its read.
 * - `client-output-buffer-limit` is enforced on output the client did not
 *   ask for in that turn (pub/sub messages, MONITOR lines) and on any
 *   class limit set: hard limit at once, soft limit after its seconds; the
 *   client is closed and the event logged as Redis logs it.
 * - `maxclients`, `protected-mode`, `requirepass` (NOAUTH until AUTH),
 *   `bind` (CONFIG SET rebinds), `timeout` and `tcp-keepalive` are enforced.
 *
 * Sockets carry byte strings ('latin1': one char per byte), which is how
 * the engine stores strings.
 */
import net from 'node:net';
import { Engine, type ClientState, type Reply } from '../src/engine';
import type { Clock } from '../src/engine/core/clock';
import { E } from '../src/engine/core/errors';
import { ReplyOutput, RequestParser, continueReply, startReply, writeReply, type ReplyCursor } from './resp';
import { RdbError, absoluteDir, diskTarget, loadDump, saveDump, type DiskOptions } from './disk';

export interface RespServerOptions {
  port?: number;
  /** Addresses to listen on, space separated as Redis's `bind` ("127.0.0.1 ::1", "*"). */
  host?: string;
  engine?: Engine;
  /** Background work period (active expiry, blocked timeouts); Redis's hz 10 is 100 ms. */
  tickMs?: number;
  /** Where server events are logged (a client closed for its output buffer); one line each, as Redis writes them. */
  log?: (line: string) => void;
  /**
   * Keep the keyspace on disk as redis-server does (`--dir`, `--dbfilename`,
   * `--save`): dump.rdb is loaded at start and written by SAVE, BGSAVE, the
   * save points and SHUTDOWN. Without it nothing is kept on disk (save "").
   */
  disk?: DiskOptions & { readonly save?: string };
  /** Called once SHUTDOWN has closed the server (the process entry point exits). */
  onShutdown?: () => void;
  /** The clock of the engine the server makes (tests move it to fire save points). */
  clock?: Clock;
}

export interface RespServer {
  readonly engine: Engine;
  readonly host: string;
  readonly port: number;
  /** Open connections. */
  readonly connections: number;
  /** Connections refused (maxclients, protected mode): INFO's rejected_connections. */
  readonly rejected: number;
  close(): Promise<void>;
}

/** Addresses CLIENT LIST and CLIENT KILL ADDR/LADDR show and match (read by the engine when present). */
interface ClientAddress {
  addr?: string;
  laddr?: string;
}

/** A client with this much unsent output is not served again until its socket drains. */
const OUTPUT_PAUSE = 1024 * 1024;
/**
 * A reply of more than SLICE_ITEMS elements is encoded about this many
 * bytes per turn (a client's other commands and later replies wait behind
 * it), so other clients are served between its slices.
 */
const REPLY_SLICE = 64 * 1024;
/** Small replies are grouped into writes of up to this many bytes; big ones are written in slices of this size. */
const OUTPUT_CHUNK = 64 * 1024;
/** The socket is given at most this much ahead of what the client has read; the rest follows as it drains. */
const WRITE_AHEAD = 1024 * 1024;
/**
 * One client's turn: at most this many commands, and no more once this much
 * time has passed (one command at least). Short turns served round-robin
 * keep a light client (a PING) from waiting behind hundreds of pipelines.
 */
const TURN_COMMANDS = 512;
const TURN_MS = 0.05;
/**
 * Turns run as data arrives until this much work was done since the
 * event loop last came round; later arrivals wait in the ready queue ...
 */
const ARRIVAL_BUDGET_MS = 2;
/** ... which is served, round-robin, this long at a time before sockets are read again. */
const QUEUE_SLICE_MS = 2;

/** One class of `client-output-buffer-limit`, in bytes and seconds (0: no limit). */
interface ObufLimit {
  hard: number;
  soft: number;
  softSeconds: number;
}

/** What every connection shares: the engine and the settings read on hot paths. */
interface Shared {
  scheduler: Scheduler;
  engine: Engine;
  log: (line: string) => void;
  limits: { normal: ObufLimit; pubsub: ObufLimit };
}

/** `normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60` -> limits by class. */
function parseLimits(text: string): Shared['limits'] {
  const parts = text.split(' ');
  const out: Shared['limits'] = { normal: { hard: 0, soft: 0, softSeconds: 0 }, pubsub: { hard: 0, soft: 0, softSeconds: 0 } };
  for (let i = 0; i + 3 < parts.length; i += 4) {
    const l = { hard: Number(parts[i + 1]), soft: Number(parts[i + 2]), softSeconds: Number(parts[i + 3]) };
    if (parts[i] === 'normal') out.normal = l;
    else if (parts[i] === 'pubsub') out.pubsub = l;
    // replica: there are no replicas here.
  }
  return out;
}

/** A log line as redis-server writes it: `pid:M 07 Dec 2026 10:41:41.123 # message`. */
export function redisLogLine(message: string, level = '#'): string {
  const d = new Date();
  const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const p2 = (n: number) => String(n).padStart(2, '0');
  const stamp = `${p2(d.getUTCDate())} ${mon} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
  return `${process.pid}:M ${stamp} ${level} ${message}`;
}

/**
 * Fair service across connections. A connection with requests gets turns
 * (see TURN_MS); one whose data just arrived is served at once while the
 * event loop's current round has budget left, otherwise it joins the ready
 * queue, served round-robin in slices between socket reads.
 */
class Scheduler {
  private ready: Connection[] = [];
  private head = 0;
  /** Time spent in turns run on arrival since the queue last ran. */
  private arrivalSpent = 0;
  private tickScheduled = false;

  /** Runs a turn now if this round has budget left, else queues the connection. */
  arrived(c: Connection): void {
    this.scheduleTick();
    if (this.arrivalSpent >= ARRIVAL_BUDGET_MS) {
      this.enqueue(c);
      return;
    }
    const t = performance.now();
    c.turn();
    this.arrivalSpent += performance.now() - t;
  }

  enqueue(c: Connection): void {
    if (c.queued) return;
    c.queued = true;
    this.ready.push(c);
    this.scheduleTick();
  }

  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    setImmediate(this.tick);
  }

  /** After the sockets were read: a slice of the ready queue, then the sockets again. */
  private readonly tick = (): void => {
    this.tickScheduled = false;
    this.arrivalSpent = 0;
    const started = performance.now();
    while (this.head < this.ready.length) {
      const c = this.ready[this.head]!;
      this.ready[this.head++] = undefined as unknown as Connection;
      c.queued = false;
      c.turn(); // queues itself again when it has more
      if (performance.now() - started >= QUEUE_SLICE_MS) break;
    }
    if (this.head >= this.ready.length) {
      this.ready = [];
      this.head = 0;
    } else {
      if (this.head > 1024 && this.head * 2 > this.ready.length) {
        this.ready = this.ready.slice(this.head);
        this.head = 0;
      }
      this.scheduleTick();
    }
  };
}

function subscriptions(c: ClientState): number {
  return (c.subscriptions?.size ?? 0) + (c.patterns?.size ?? 0) + (c.shardSubscriptions?.size ?? 0);
}

class Connection {
  private readonly parser = new RequestParser();
  /** Encoded replies not yet handed to the socket. */
  private readonly out = new ReplyOutput();
  /** A big reply being encoded a slice per turn, and the replies that follow it (not encoded yet). */
  private sliced: ReplyCursor | undefined = undefined;
  private behind: Reply[] = [];
  private flushScheduled = false;
  /** In the scheduler's ready queue. */
  queued = false;
  /** Waiting for the socket to drain before serving more commands. */
  private waitingDrain = false;
  /** Waiting for an asynchronous step of a command (CONFIG SET bind). */
  private waitingHost = false;
  /** No more requests are read: a protocol error or QUIT; close once replies are out. */
  private closing = false;
  private destroyed = false;
  /** When the soft output limit was first exceeded (0: it is not). */
  private softSince = 0;
  /** Last time a request arrived (for `timeout`). */
  lastInteraction = Date.now();
  readonly client: ClientState;

  constructor(
    private readonly shared: Shared,
    private readonly sock: net.Socket,
    private readonly onGone: (c: Connection) => void,
    private readonly afterBatch: () => void,
    private readonly hostCommand: (c: Connection, argv: readonly string[]) => Promise<Reply> | undefined,
  ) {
    const engine = shared.engine;
    sock.setNoDelay(true);
    const keepalive = engine.config.num('tcp-keepalive');
    if (keepalive > 0) sock.setKeepAlive(true, keepalive * 1000);
    this.client = engine.createClient((reply) => this.push(reply));
    // Every reply goes straight to writeReply: arrays of bulk strings may come packed.
    this.client.packedReplies = true;
    // Redis's clientSetDefaultAuth: the default user, authenticated when it needs no password now.
    engine.acl.setDefaultAuth(this.client);
    const where = this.client as ClientState & ClientAddress;
    where.addr = `${sock.remoteAddress ?? '127.0.0.1'}:${sock.remotePort ?? 0}`;
    where.laddr = `${sock.localAddress ?? '127.0.0.1'}:${sock.localPort ?? 0}`;
    sock.on('data', (chunk: Buffer) => this.onData(chunk));
    sock.on('drain', () => this.onDrain());
    sock.on('error', () => this.destroy());
    sock.on('close', () => this.destroy());
  }

  /** An asynchronous reply (a blocked client woken, a timeout, a push). */
  private push(reply: Reply): void {
    if (this.destroyed) return;
    this.append(reply);
    if (this.destroyed) return;
    if (this.sliced !== undefined) this.scheduleProcess();
    this.scheduleFlush();
    // A woken client goes on with the requests it pipelined behind the blocking one,
    // but not inside the command that woke it (process() checks it is unblocked).
    if (this.parser.buffered > 0) this.scheduleProcess();
  }

  /**
   * Encodes a reply into the output, then applies the output buffer limits.
   * A big aggregate is only started (the rest is encoded in later turns,
   * see continueSliced), unless the client's class has output limits: those
   * count the whole reply at once, as Redis does.
   */
  private append(reply: Reply): void {
    if (this.sliced !== undefined) {
      this.behind.push(reply);
      return;
    }
    if (this.hasLimits()) writeReply(reply, this.client.resp, this.out);
    else this.sliced = startReply(reply, this.client.resp, this.out);
    this.checkLimits();
  }

  /** One slice of the big reply being encoded, then the replies waiting behind it; true while it is unfinished. */
  private continueSliced(): boolean {
    const cur = this.sliced;
    if (cur === undefined) return false;
    if (this.client.closed) {
      // Killed (CLIENT KILL): the rest is never encoded.
      this.sliced = undefined;
      this.behind = [];
      return false;
    }
    if (!continueReply(cur, this.out, REPLY_SLICE)) return true;
    this.sliced = undefined;
    const behind = this.behind;
    this.behind = [];
    for (let i = 0; i < behind.length; i++) {
      if (this.sliced !== undefined) {
        // Another big one: the rest waits behind it again.
        this.behind = behind.slice(i);
        return true;
      }
      this.append(behind[i]!);
      if (this.destroyed) return false;
    }
    return this.sliced !== undefined;
  }

  private limitsOf(): ObufLimit {
    return subscriptions(this.client) > 0 ? this.shared.limits.pubsub : this.shared.limits.normal;
  }

  private hasLimits(): boolean {
    const l = this.limitsOf();
    return l.hard !== 0 || l.soft !== 0;
  }

  /** Unsent output: encoded here plus queued in the socket (Redis's reply list size). */
  private pending(): number {
    return this.out.pending + this.sock.writableLength;
  }

  /**
   * Redis's checkClientOutputBufferLimits: the client's class (pubsub when
   * subscribed, else normal), closed at once past the hard limit, or after
   * staying past the soft limit for more than its seconds.
   */
  private checkLimits(): void {
    const l = this.limitsOf();
    if (l.hard === 0 && l.soft === 0) return;
    const used = this.pending();
    let over = l.hard !== 0 && used >= l.hard;
    if (l.soft !== 0 && used >= l.soft) {
      const now = Date.now();
      if (this.softSince === 0) this.softSince = now;
      else if ((now - this.softSince) / 1000 > l.softSeconds) over = true;
    } else {
      this.softSince = 0;
    }
    if (!over) return;
    this.shared.log(redisLogLine(`Client ${this.describe(used)} scheduled to be closed ASAP for overcoming of output buffer limits.`));
    this.clearOut();
    this.destroy();
  }

  /** The client as Redis's log names it (CLIENT LIST's fields). */
  private describe(omem: number): string {
    const c = this.client as ClientState & ClientAddress;
    const now = Date.now();
    const sub = c.subscriptions?.size ?? 0;
    const psub = c.patterns?.size ?? 0;
    const ssub = c.shardSubscriptions?.size ?? 0;
    const flags = `${c.monitor === true ? 'O' : ''}${sub + psub + ssub > 0 ? 'P' : ''}` || 'N';
    return (
      `id=${c.id} addr=${c.addr ?? ''} laddr=${c.laddr ?? ''} name=${c.name} age=${Math.floor((now - c.createdAt) / 1000)} ` +
      `idle=${Math.floor((now - c.lastCommandAt) / 1000)} flags=${flags} db=${c.db} sub=${sub} psub=${psub} ssub=${ssub} ` +
      `omem=${omem} cmd=${c.lastCommand} user=default resp=${c.resp}`
    );
  }

  private onData(chunk: Buffer): void {
    if (this.closing || this.destroyed) return;
    this.lastInteraction = Date.now();
    this.parser.feed(chunk);
    // client-query-buffer-limit: a client sending more unparsed input is dropped.
    if (this.parser.buffered > this.shared.engine.config.num('client-query-buffer-limit')) {
      this.destroy(); // as Redis: dropped without a reply
      return;
    }
    if (!this.waitingDrain && !this.waitingHost && !this.queued) this.shared.scheduler.arrived(this);
  }

  private onDrain(): void {
    if (this.destroyed) return;
    if (this.out.pending > 0) this.flush();
    else if (this.sock.writableLength === 0) this.out.drained();
    if (!this.waitingDrain || this.destroyed || this.sock.writableNeedDrain) return;
    this.waitingDrain = false;
    this.scheduleProcess();
  }

  private clearOut(): void {
    this.out.clear();
    this.sliced = undefined;
    this.behind = [];
  }

  private scheduleProcess(): void {
    if (this.destroyed) return;
    this.shared.scheduler.enqueue(this);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Runs one turn of this client's requests (Redis's processInputBuffer, in turns). */
  turn(): void {
    if (this.destroyed || this.waitingDrain || this.waitingHost) return;
    let more: boolean;
    try {
      if (this.sliced !== undefined) {
        // A turn goes to one slice of the big reply; the client's next requests wait behind it.
        more = this.continueSliced() || (this.parser.buffered > 0 && !this.closing && !this.destroyed);
      } else {
        more = this.shared.engine.batch(() => this.processRequests());
      }
    } catch (e) {
      // A bug must cost one connection, never the server.
      console.error('connection failed:', e);
      this.clearOut();
      writeReply(errorReply(`ERR internal error: ${String(e instanceof Error ? e.message : e).replace(/[\r\n]+/g, ' ')}`), 2, this.out);
      this.closing = true;
      more = false;
    }
    this.afterBatch();
    // A blocked client waits for its reply (push() goes on with the rest); its socket is
    // still read so a hang-up is seen.
    if (more && this.client.blocked !== undefined) more = false;
    if (more && this.sliced === undefined && !this.destroyed && !this.closing && !this.waitingHost && this.pending() < OUTPUT_PAUSE) {
      // Replies wait until the data read is processed, as Redis writes them
      // once its read is done: one write for a pipeline served in several turns.
      if (!this.sock.isPaused()) this.sock.pause();
      this.shared.scheduler.enqueue(this);
      return;
    }
    this.flush();
    if (this.destroyed || this.closing) return;
    if (more) {
      // Stop reading while served requests wait; go on once the output drains, or next turn.
      if (!this.sock.isPaused()) this.sock.pause();
      if (this.waitingHost) return;
      // A big reply's slices are written as they are made, and made while the socket keeps up.
      if (this.sliced !== undefined ? this.pending() >= OUTPUT_PAUSE : this.sock.writableNeedDrain || this.out.pending > 0) this.waitingDrain = true;
      else this.shared.scheduler.enqueue(this);
    } else if (this.sock.isPaused()) {
      this.sock.resume();
    }
  }

  /** Returns true when it stopped with whole requests possibly left (turn over, output full, waiting). */
  private processRequests(): boolean {
    const engine = this.shared.engine;
    const started = performance.now();
    let n = 0;
    while (!this.closing && !this.destroyed && this.client.blocked === undefined && !this.client.closed) {
      if (this.waitingHost || this.sliced !== undefined || this.pending() >= OUTPUT_PAUSE) return true;
      if (n > 0 && (n >= TURN_COMMANDS || performance.now() - started >= TURN_MS)) return true;
      n++;
      this.parser.authRequired = this.client.authenticated === false && engine.acl.defaultNeedsAuth();
      const req = this.parser.next();
      if (req === undefined) return false;
      if (req.error !== undefined) {
        engine.countErrorReply(req.error);
        writeReply(errorReply(req.error), 2, this.out);
        this.closing = true;
        return false;
      }
      const argv = req.argv;
      const first = argv[0]!;
      if ((first.length === 4 || first.length === 5) && isCrossProtocol(first)) {
        // Cross protocol scripting guard: Redis drops the connection at once,
        // without the replies still waiting to be written.
        this.clearOut();
        this.destroy();
        return false;
      }
      if (this.client.authenticated === false && engine.acl.defaultNeedsAuth()) {
        const refused = this.authRefusal(argv);
        if (refused !== undefined) {
          this.append(refused);
          continue;
        }
      }
      const deferred = argv.length >= 3 || argv[0]!.length === 8 ? this.hostCommand(this, argv) : undefined;
      if (deferred !== undefined) {
        this.waitingHost = true;
        void deferred.then((reply) => {
          this.waitingHost = false;
          if (this.destroyed) return;
          this.append(reply);
          this.flush();
          this.scheduleProcess();
        });
        return true;
      }
      const reply = engine.exec(this.client, argv);
      if (reply !== undefined) {
        this.append(reply);
        if (this.destroyed) return false;
      }
      // Client-side caching: invalidations the command caused for this client follow its reply.
      engine.afterReply(this.client);
      // QUIT, or CLIENT KILL of itself: reply, then close.
      if (this.client.closeAfterReply) this.closing = true;
    }
    return this.parser.buffered > 0 && !this.closing && !this.destroyed;
  }

  /**
   * processCommand's authentication gate: unknown commands and wrong
   * arities are reported first (by the engine); any other command without
   * the `no_auth` flag gets NOAUTH (and spoils a MULTI in progress).
   */
  private authRefusal(argv: readonly string[]): Reply | undefined {
    const engine = this.shared.engine;
    const cmd = engine.lookup(argv);
    if (typeof cmd === 'string') return undefined;
    const { arity, flags } = cmd.spec;
    if (arity > 0 ? argv.length !== arity : argv.length < -arity) return undefined;
    if (flags.includes('no_auth')) return undefined;
    // rejectCommand: counted (rejected_calls, errorstats), a MULTI spoilt, EXEC aborted saying why.
    return engine.refuseCommand(this.client, cmd.spec.name, E.NOAUTH);
  }

  /**
   * Hands output to the socket, at most WRITE_AHEAD bytes ahead of what the
   * client has read: the encoded bytes as they are (usually one range of
   * the connection's buffer per flush), big values in OUTPUT_CHUNK slices of their strings; the
   * rest is written as the socket drains.
   */
  flush(): void {
    if (this.destroyed) return;
    const sock = this.sock;
    const out = this.out;
    out.seal();
    if (out.bytes > 0) {
      sock.cork();
      while (sock.writableLength < WRITE_AHEAD) {
        const x = out.take();
        if (x === undefined) break;
        if (typeof x !== 'string') {
          sock.write(x);
        } else if (x.length <= OUTPUT_CHUNK) {
          sock.write(x, 'latin1');
        } else {
          // A slice of the string, copied by the socket as it writes: no Buffer per slice for the GC to track.
          sock.write(x.slice(0, OUTPUT_CHUNK), 'latin1');
          out.untake(x.slice(OUTPUT_CHUNK));
        }
      }
      sock.uncork();
      // Written to the kernel at once: no range of the buffer is held, it can be reused.
      if (sock.writableLength === 0) out.drained();
    }
    // The rest goes out on 'drain' (onDrain flushes again).
    if (out.bytes > 0) return;
    if (this.client.closed && this.sliced !== undefined) {
      // Killed (CLIENT KILL) in the middle of a big reply: as Redis frees such a client, the unsent rest is dropped.
      this.sliced = undefined;
      this.behind = [];
    }
    if (this.sliced !== undefined) return;
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
    this.clearOut();
    if (!this.client.closed) this.shared.engine.closeClient(this.client);
    this.onGone(this);
  }

  /** Called by the server tick: the engine may have closed this client (CLIENT KILL). */
  checkClosed(): void {
    if (this.client.closed && !this.destroyed) this.flush();
  }

  /** Redis's clientsCronHandleTimeout: idle past `timeout` seconds (not blocked, not subscribed, not waiting on output). */
  checkIdle(now: number, timeoutSec: number): void {
    if (this.destroyed || this.client.blocked !== undefined || subscriptions(this.client) > 0) return;
    if (now - this.lastInteraction > timeoutSec * 1000) this.destroy();
  }
}

const errorReply = (v: string): Reply => ({ t: 'error', v });

/** `POST` or `Host:` in any case: an HTTP request sent to the Redis port. */
function isCrossProtocol(first: string): boolean {
  const c = first.charCodeAt(0) | 0x20;
  if (c !== 0x70 /* p */ && c !== 0x68 /* h */) return false; // most names of 4 or 5 letters: no lower-casing
  const name = first.toLowerCase();
  return name === 'post' || name === 'host:';
}

/**
 * Redis's islocalClient: only 127.0.0.1 and ::1 count as local (another
 * 127.x address does not, though it is on the loopback interface).
 */
export function isLoopback(addr: string | undefined): boolean {
  if (addr === undefined) return false;
  if (addr === '::1') return true;
  const v4 = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return v4 === '127.0.0.1';
}

/** One `bind` address -> what to listen on: `*` is every IPv4 address, `::*` every IPv6 one; a leading `-` makes it optional. */
function listenAddress(a: string): { host: string; optional: boolean } {
  const optional = a.startsWith('-');
  const x = optional ? a.slice(1) : a;
  return { host: x === '*' ? '0.0.0.0' : x === '::*' ? '::' : x, optional };
}

/** The settings the server applies, on top of those the engine applies itself. */
const SERVER_SETTINGS = ['bind', 'port', 'client-query-buffer-limit', 'protected-mode', 'maxclients', 'requirepass', 'client-output-buffer-limit', 'timeout', 'tcp-keepalive'];

/** Starts the server; resolves once it is listening. */
export async function startRespServer(opts: RespServerOptions = {}): Promise<RespServer> {
  const log = opts.log ?? ((line) => console.log(line));
  const logAs = (message: string, level = '#') => log(redisLogLine(message, level));
  if (opts.disk !== undefined && opts.engine !== undefined) throw new Error('a server that keeps its data on disk makes its own engine');
  // With a directory the engine saves to dump.rdb there (the target reads the engine once it exists).
  let made: Engine | undefined;
  const engine: Engine =
    opts.engine ?? (made = new Engine({
      ...(opts.clock !== undefined ? { clock: opts.clock } : {}),
      ...(opts.disk !== undefined ? { saveTarget: diskTarget(() => made!, logAs) } : {}),
    }));
  // The Lua VM loads before the first connection, so every script command finds it ready.
  await engine.scripting.ready();
  const host = opts.host ?? '127.0.0.1';
  const cfg = engine.config;
  const setForced = (name: string, value: string) => {
    const e = cfg.set([[name, value]], true);
    if (e !== undefined) throw new Error(e.replace(/^ERR /, ''));
  };
  setForced('bind', host);
  if (opts.disk === undefined) {
    // The server keeps nothing on disk: it has no snapshot points, and says so. CONFIG SET save ""
    // (what Redis's own tests send first) is then accepted; points are refused, as not implemented.
    setForced('save', '');
  } else {
    setForced('dir', absoluteDir(opts.disk.dir));
    setForced('dbfilename', opts.disk.dbfilename ?? 'dump.rdb');
    if (opts.disk.save !== undefined) setForced('save', opts.disk.save);
    cfg.hostApplies(['save', 'dbfilename']);
    try {
      loadDump(engine, logAs);
    } catch (e) {
      if (e instanceof RdbError) {
        for (const line of e.log) logAs(line);
        throw new Error(`cannot load ${cfg.get('dbfilename') ?? ''}: ${e.log.join(' ')}`, { cause: e });
      }
      throw e;
    }
  }
  cfg.hostApplies(SERVER_SETTINGS);
  const shared: Shared = {
    scheduler: new Scheduler(),
    engine,
    log,
    limits: parseLimits(cfg.get('client-output-buffer-limit') ?? ''),
  };
  cfg.onChange((name) => {
    if (name === 'client-output-buffer-limit') shared.limits = parseLimits(cfg.get(name) ?? '');
  });

  const conns = new Set<Connection>();
  let rejected = 0;
  let port = opts.port ?? 6379;
  /** Disconnects the connections whose client the engine closed (CLIENT KILL). */
  const sweep = () => {
    // Redis's beforeSleep: BCAST invalidations, the tracking table's size limit.
    engine.beforeSleep();
    if (engine.clients.size >= conns.size) return; // every connection still has its client
    for (const c of conns) c.checkClosed();
  };

  const refuse = (sock: net.Socket, text: string) => {
    rejected++;
    engine.stats.rejectedConnections++;
    sock.on('error', () => sock.destroy());
    sock.end(`-${text}\r\n`, () => sock.destroy());
  };
  const accept = (sock: net.Socket) => {
    // acceptCommonHandler: the client limit first, then protected mode.
    if (conns.size >= cfg.num('maxclients')) return refuse(sock, E.MAX_CLIENTS);
    if (cfg.num('protected-mode') === 1 && engine.acl.defaultUser.nopass && !isLoopback(sock.remoteAddress)) return refuse(sock, E.PROTECTED_MODE);
    conns.add(new Connection(shared, sock, (c) => conns.delete(c), sweep, hostCommand));
  };

  // ---- Listening sockets (`bind`) ----
  let listeners: net.Server[] = [];
  const listenAll = async (bind: string, onPort: number): Promise<net.Server[]> => {
    const made: net.Server[] = [];
    const addrs = bind.split(' ').filter((a) => a !== '');
    for (const a of addrs.length === 0 ? ['*', '-::*'] : addrs) {
      const { host: h, optional } = listenAddress(a);
      const srv = net.createServer(accept);
      try {
        await new Promise<void>((resolve, reject) => {
          srv.once('error', reject);
          srv.listen(onPort, h, () => {
            srv.off('error', reject);
            resolve();
          });
        });
      } catch (e) {
        srv.close();
        if (optional) continue;
        for (const m of made) m.close();
        throw e;
      }
      srv.on('error', (e) => console.error('listening socket error:', e));
      made.push(srv);
      const addr = srv.address();
      if (onPort === 0 && typeof addr === 'object' && addr) onPort = addr.port; // every address on the same port
    }
    if (made.length === 0) throw new Error(`no address to listen on in "${bind}"`);
    return made;
  };
  const closeListeners = (list: net.Server[]) => Promise.all(list.map((s) => new Promise<void>((r) => s.close(() => r()))));

  let stopped = false;
  /** Stops everything once: timers, connections, listening sockets. */
  const stopAll = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    clearInterval(blockTimer);
    for (const c of conns) c.destroy();
    await closeListeners(listeners);
  };
  /** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] (shutdownCommand, prepareForShutdown): save if asked or if there are save points, then stop. */
  const shutdown = (argv: readonly string[]): Promise<Reply> => {
    let save = false;
    let nosave = false;
    let force = false;
    let abort = false;
    for (const a of argv.slice(1).map((x) => x.toLowerCase())) {
      if (a === 'nosave') nosave = true;
      else if (a === 'save') save = true;
      else if (a === 'now') continue;
      else if (a === 'force') force = true;
      else if (a === 'abort') abort = true;
      else return Promise.resolve({ t: 'error', v: E.SYNTAX });
    }
    if ((abort && argv.length !== 2) || (save && nosave)) return Promise.resolve({ t: 'error', v: E.SYNTAX });
    if (abort) return Promise.resolve({ t: 'error', v: 'ERR No shutdown in progress.' });
    logAs('User requested shutdown...');
    if (!nosave && (save || (cfg.get('save') ?? '') !== '')) {
      logAs('Saving the final RDB snapshot before exiting.');
      const ok = engine.persistence.available && (opts.disk === undefined ? engine.persistence.save() : saveDump(engine, logAs));
      if (!ok && !force) {
        logAs("Error trying to save the DB, can't exit.");
        return Promise.resolve({ t: 'error', v: 'ERR Errors trying to SHUTDOWN. Check logs.' });
      }
    }
    logAs('Redis is now ready to exit, bye bye...');
    return (async (): Promise<Reply> => {
      await stopAll();
      opts.onShutdown?.();
      return { t: 'simple', v: 'OK' };
    })();
  };

  /**
   * CONFIG SET with `bind` or `port` among its parameters: set, then listen
   * anew (changeBindAddr, changeListenPort); when that fails, every
   * parameter of the command goes back to its value before, as Redis rolls
   * back a CONFIG SET whose apply fails, and the old sockets listen again.
   * Port 0 closes the TCP listeners, as in Redis.
   */
  const hostCommand = (c: Connection, argv: readonly string[]): Promise<Reply> | undefined => {
    if (argv[0]!.length === 8 && argv[0]!.toLowerCase() === 'shutdown' && c.client.multi === undefined) return shutdown(argv);
    if (argv[0]!.toLowerCase() !== 'config' || argv[1]?.toLowerCase() !== 'set' || argv.length % 2 !== 0) return undefined;
    const names: string[] = [];
    for (let i = 2; i < argv.length; i += 2) names.push(argv[i]!.toLowerCase());
    const sockets = names.filter((n) => n === 'bind' || n === 'port');
    if (sockets.length === 0) return undefined;
    const before = names.map((n) => [n, cfg.get(n) ?? ''] as [string, string]);
    const bindBefore = cfg.get('bind') ?? '';
    const reply = engine.exec(c.client, argv);
    if (reply === undefined || reply.t === 'error') return Promise.resolve(reply ?? { t: 'simple', v: 'OK' });
    const bindAfter = cfg.get('bind') ?? '';
    const portAfter = cfg.num('port');
    if (bindAfter === bindBefore && portAfter === port) return Promise.resolve(reply);
    // The first of the two, in the command's order, whose new value is the one that failed.
    const culprit = sockets.find((n) => (n === 'bind' ? bindAfter !== bindBefore : portAfter !== port))!;
    return (async (): Promise<Reply> => {
      // Stop accepting at once (connections made through the old sockets stay), let the ports free.
      const old = listeners;
      for (const s of old) s.close();
      listeners = [];
      await new Promise((r) => setTimeout(r, 5));
      try {
        listeners = portAfter === 0 ? [] : await listenAll(bindAfter, portAfter);
        port = portAfter;
        return reply;
      } catch {
        const e = cfg.set(before, true);
        if (e !== undefined) console.error('CONFIG SET rollback failed:', e);
        listeners = port === 0 ? [] : await listenAll(bindBefore, port).catch(() => []);
        const why = culprit === 'bind' ? 'Failed to bind to specified addresses.' : 'Unable to listen on this port. Check server logs.';
        return { t: 'error', v: `ERR CONFIG SET failed (possibly related to argument '${culprit}') - ${why}` };
      }
    })();
  };

  const background = (task: () => void) => () => {
    try {
      task();
    } catch (e) {
      console.error('background task failed:', e);
    }
  };
  // Redis's serverCron runs `hz` times a second (10 by default): active expiry, client timeouts.
  const cron = background(() => {
      engine.activeExpireCycle();
      // The save points, on the engine's clock.
      engine.persistence.cron();
      engine.beforeSleep();
      const timeout = cfg.num('timeout');
      const now = Date.now();
      for (const c of conns) {
        c.checkClosed();
        if (timeout > 0) c.checkIdle(now, timeout);
      }
  });
  const cronPeriod = () => opts.tickMs ?? Math.max(2, Math.round(1000 / cfg.num('hz')));
  let timer = setInterval(cron, cronPeriod());
  cfg.onChange((name) => {
    if (name !== 'hz' || opts.tickMs !== undefined) return;
    clearInterval(timer);
    timer = setInterval(cron, cronPeriod());
  });
  // Redis answers timed-out blocked clients before every event loop sleep, so
  // a 1 ms BLPOP timeout is answered within milliseconds: check often (cheap
  // when nobody is blocked).
  const blockTimer = setInterval(background(() => engine.checkBlockedTimeouts()), 10);

  try {
    listeners = await listenAll(host, port);
  } catch (e) {
    clearInterval(timer);
    clearInterval(blockTimer);
    throw e;
  }
  const addr = listeners[0]!.address();
  if (typeof addr === 'object' && addr) port = addr.port;
  setForced('port', String(port));
  return {
    engine,
    host: host.split(' ')[0]!,
    port,
    get connections() {
      return conns.size;
    },
    get rejected() {
      return rejected;
    },
    close: stopAll,
  };
}
