import { BLOCK, newClientState, REPLY_FLAG, REPLY_SILENT, type ClientState, type CommandSpec, type Ctx, type Handler } from './core/command';
import { Blocking } from './core/blocking';
import { systemClock, type Clock } from './core/clock';
import { Config } from './core/config';
import { MemoryMeter } from './core/memory';
import { Persistence, type SaveTarget } from './core/persistence';
import { SlowLog } from './core/slowlog';
import { CommandHistogram, LatencyMonitor } from './core/latency';
import { discardTransaction } from './core/multi';
import { PubSub } from './core/pubsub';
import { KeyspaceEvents, NOTIFY } from './core/notify';
import { ChangeLog, type Combination, type KeyChange } from './core/changes';
import { E, unknownCommand } from './core/errors';
import type { Entry } from './core/entry';
import { Db, type KeyTracker } from './core/keyspace';
import { RedisError } from './core/parse';
import { err, type Reply } from './core/reply';
import { allHandlers } from './commands';
import { clientAddress, quoteArg } from './core/monitor';
import { allSpecs } from './spec';
import { Scripting } from './core/scripting';
import { Tracking } from './core/tracking';
import { keyPositions } from './spec/keys';
import { Acl, DENIED, type AclCommand, type AclLogEntry, type Denied } from './core/acl';
import { clientInfo } from './commands/connection';

export interface KeyRef {
  readonly db: number;
  readonly key: string;
}

/**
 * What a command was and what it did inside keys: the part of a command's
 * event that the engine's listeners and the page's views share.
 */
export interface CommandFacts {
  readonly clientId: number;
  /** Lower-case full name (`set`, `config|get`); '' for background expiry. */
  readonly command: string;
  /** The command as typed, for display only: what it did is in `changes`. */
  readonly argv: readonly string[];
  readonly db: number;
  /** The client's database after the command (SELECT, RESET and EXEC may change it); -1 for background expiry. */
  readonly dbAfter: number;
  readonly error: boolean;
  /** What the command did inside each key it touched, element by element (see core/changes.ts). */
  readonly changes: readonly KeyChange[];
  /** Set algebra the command computed (SINTER, ZUNIONSTORE ...), if any. */
  readonly combination?: Combination;
  readonly time: number;
}

/** What one command did to the keyspace; pushed to views after each command. */
export interface CommandEvent extends CommandFacts {
  readonly reads: readonly KeyRef[];
  readonly writes: readonly KeyRef[];
  readonly deletes: readonly KeyRef[];
  readonly expired: readonly KeyRef[];
  /** The keys of `deletes` that maxmemory evicted (before the command ran). */
  readonly evicted: readonly KeyRef[];
}

export interface EngineOptions {
  clock?: Clock;
  databases?: number;
  random?: () => number;
  /**
   * Start-up configuration, as redis-server command-line options without the
   * dashes (`{ maxmemory: '256mb', 'maxmemory-policy': 'allkeys-lru' }`).
   */
  config?: Readonly<Record<string, string>>;
  /** Where SAVE and BGSAVE save the keyspace; without one they answer that there is nowhere to save. */
  saveTarget?: SaveTarget;
}

interface Command {
  readonly spec: CommandSpec;
  readonly handler: Handler | undefined;
  readonly subcommands: Map<string, Command> | undefined;
  /** The `denyoom` flag: refused while used memory is over maxmemory. */
  readonly denyoom: boolean;
  /** The `write` flag: refused while saving fails (stop-writes-on-bgsave-error). */
  readonly write: boolean;
  /** Quick in this engine (see `Engine.batch`): may share the time of the command before it in a batch. */
  readonly quick: boolean;
  /** Not shown to MONITOR clients (`admin` or `skip_monitor`, as in Redis). */
  readonly unmonitored: boolean;
  /** The `no_multi` flag: refused inside MULTI (SAVE). */
  readonly noMulti: boolean;
  /** The `skip_slowlog` flag (EXEC: the commands it runs are logged instead). */
  readonly skipSlowlog: boolean;
  /** The `readonly` flag: the keys it names are remembered for a tracking client (client-side caching). */
  readonly readonly: boolean;
  /** This command's commandStats record, cached while `statsEpoch` matches the table's. */
  stats?: CommandStat | undefined;
  /** LATENCY HISTOGRAM's durations of this command (none until it runs with latency-tracking on). */
  histogram?: CommandHistogram | undefined;
  statsEpoch?: number;
}

type CommandStat = { calls: number; failed: number; rejected: number };

/** INFO commandstats records by command name; `epoch` changes when they are reset, invalidating cached records. */
class CommandStats extends Map<string, CommandStat> {
  epoch = 0;
  override delete(name: string): boolean {
    this.epoch++;
    return super.delete(name);
  }
  override clear(): void {
    this.epoch++;
    super.clear();
  }
}

/**
 * The command table, keyed by lower-case name, plus a cache from the exact
 * spelling clients send (`SET`, `set`) so dispatch skips lower-casing. The
 * cache is dropped whenever the table changes.
 */
class CommandTable extends Map<string, Command> {
  readonly exact = new Map<string, Command>();
  override set(name: string, cmd: Command): this {
    this.exact.clear();
    return super.set(name, cmd);
  }
  override delete(name: string): boolean {
    this.exact.clear();
    return super.delete(name);
  }
  override clear(): void {
    this.exact.clear();
    super.clear();
  }
}

/**
 * Writes Redis does not flag `fast` only because freeing the value they
 * replace can take long there; here that is the garbage collector's work,
 * and they are O(1).
 */
const QUICK_WRITES = new Set(['set', 'setnx', 'setex', 'psetex', 'getset']);

/** Quick commands are timed for SLOWLOG only when `slowlog-log-slower-than` is below this (µs). */
const QUICK_TIMING_BELOW_US = 1000;

/** How many quick commands in a row may reuse one clock reading inside `Engine.batch`. */
const SHARED_TIME_USES = 8;

/** Commands allowed while a client is inside MULTI without being queued. */
const TX_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/** Commands a RESP2 client may run while subscribed. */
const SUBSCRIBED_OK = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

/**
 * The Redis engine: databases, clients, the command table and dispatch.
 * Pure TypeScript: no DOM, no Worker, no Node APIs.
 */
export class Engine implements KeyTracker {
  readonly clock: Clock;
  readonly dbs: Db[];
  readonly clients = new Map<number, ClientState>();
  readonly commands: Map<string, Command> = new CommandTable();
  readonly random: () => number;
  readonly startedAt: number;
  private nextClientId = 1;
  private listeners = new Set<(e: CommandEvent) => void>();

  // Per-command change tracking (only while someone listens).
  private tracking = false;
  private reads: KeyRef[] = [];
  private writes: KeyRef[] = [];
  private deletes: KeyRef[] = [];
  private expiredKeys: KeyRef[] = [];
  private evictedKeys: KeyRef[] = [];
  /** Set while maxmemory evicts: the deletions are evictions. */
  private evicting = false;
  /** Element-level changes, collected while someone listens (see core/changes.ts). */
  readonly changes = new ChangeLog();
  /** Engine time frozen for the duration of a command. */
  private frozenNow: number | undefined;
  /** Inside `batch()`: the time the last quick command ran at, and how many commands reused it. */
  private batchDepth = 0;
  private sharedNow: number | undefined;
  private sharedUses = 0;

  /**
   * Set by a handler whose error reply repeats an error already counted (a
   * script passing on the error of a command it ran, Redis's
   * ERR_REPLY_FLAG_NO_STATS_UPDATE): the reply is not counted again.
   */
  uncountedError = false;
  /** Stats reported by INFO. */
  readonly stats = { commands: 0, connections: 0, expiredKeys: 0, keyspaceHits: 0, keyspaceMisses: 0, errorReplies: 0, rejectedConnections: 0 };
  /** Per-command call counts (INFO commandstats) and per-code error counts (INFO errorstats). */
  readonly commandStats: Map<string, CommandStat> = new CommandStats();
  readonly errorStats = new Map<string, number>();
  /** CONFIG GET/SET parameters. */
  readonly config: Config;
  /** Running memory estimate, per-key access times, eviction. */
  readonly memory: MemoryMeter;
  /** SLOWLOG's entries; see `run` for which commands are timed. */
  readonly slowlog = new SlowLog();
  /** `slowlog-log-slower-than` in microseconds (negative: off), kept current by a config listener. */
  private slowerThan = 10000;
  /** LATENCY's events (see core/latency.ts). */
  readonly latency = new LatencyMonitor();
  /** `latency-monitor-threshold` in milliseconds (0: off), kept current by a config listener. */
  private latencyThreshold = 0;
  /** `latency-tracking`: every command timed for LATENCY HISTOGRAM (Redis's default, yes). */
  private latencyTracking = true;
  /** SAVE, BGSAVE and LASTSAVE's state (INFO persistence). */
  readonly persistence: Persistence;
  /** DEBUG SET-ACTIVE-EXPIRE: when false, activeExpireCycle does nothing. */
  activeExpireEnabled = true;
  /** Clients in MONITOR mode, sent a line for every command any client runs. */
  readonly monitors = new Set<ClientState>();
  /** Pub/Sub channels, patterns and their subscribers; see core/pubsub.ts. */
  readonly pubsub = new PubSub();
  /**
   * Connection state other parts own that RESET clears
   * (clearClientConnectionState): registered here by the engine.
   */
  readonly resetHooks: ((client: ClientState) => void)[] = [
    // RESET leaves every channel and pattern without a word to the client.
    (client) => this.pubsub.removeClient(client),
    // RESET turns tracking off.
    (client) => this.clientTracking.disable(client),
  ];
  /** Client-side caching: the tracking table, BCAST prefixes and invalidation messages; see core/tracking.ts. */
  readonly clientTracking: Tracking = new Tracking({
    client: (id) => this.clients.get(id),
    clients: () => this.clients.values(),
    subscribed: (c) => this.pubsub.total(c) > 0,
    random: () => this.random(),
  });
  /** The client whose command runs now, innermost (a script's commands run as the Lua client). */
  private running: ClientState | undefined;
  /** Keyspace notifications (notify-keyspace-events); see core/notify.ts. */
  readonly keyspaceEvents = new KeyspaceEvents(this.pubsub);
  /** Clients blocked in BLPOP & co, by key; see core/blocking.ts. */
  /** The script cache, function libraries and the lazily loaded Lua VM; see core/scripting.ts. */
  readonly scripting: Scripting = new Scripting(this);
  /** ACL users, their rules and the ACL LOG; see core/acl.ts. */
  readonly acl: Acl;
  readonly blocking = new Blocking({
    clockNow: () => this.clock.now(),
    resumeBlocked: (client, command, argv, work) => this.resumeBlocked(client, command, argv, work),
    served: (client) => this.clientTracking.sendPending(client),
  });

  constructor(opts: EngineOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.random = opts.random ?? Math.random;
    this.startedAt = this.clock.now();
    const n = opts.databases ?? 16;
    this.config = new Config({ databases: String(n), ...opts.config });
    this.dbs = Array.from({ length: n }, (_, i) => new Db(i, this));
    this.memory = new MemoryMeter({
      dbs: this.dbs,
      config: this.config,
      now: () => this.now(),
      random: () => this.random(),
      clientCount: () => this.clients.size,
      evicted: (db, key) => this.keyspaceEvents.emit(NOTIFY.EVICTED, 'evicted', key, db),
    });
    this.persistence = new Persistence(opts.saveTarget, {
      now: () => this.clock.now(),
      changes: () => this.memory.changes,
      savePoints: () => this.config.get('save') ?? '',
    });
    // With somewhere to save, the save points are the engine's to apply (Persistence.cron).
    if (opts.saveTarget !== undefined) this.config.hostApplies(['save']);
    for (const spec of allSpecs) this.commands.set(spec.name, this.buildCommand(spec));
    this.acl = new Acl(allSpecs, {
      pubsubAllChannels: () => this.config.get('acl-pubsub-default') === 'allchannels',
      now: () => this.clock.now(),
      logMaxLen: () => this.config.num('acllog-max-len'),
      clients: () => this.clients.values(),
      closeClient: (c) => this.closeClient(c),
    });
    this.acl.setRequirepass(this.config.get('requirepass') ?? '');
    this.keyspaceEvents.flags = this.config.notifyKeyspaceEvents;
    this.slowerThan = this.config.num('slowlog-log-slower-than');
    this.latencyThreshold = this.config.num('latency-monitor-threshold');
    this.latencyTracking = this.config.num('latency-tracking') === 1;
    this.config.onChange((name) => {
      if (name === 'notify-keyspace-events') this.keyspaceEvents.flags = this.config.notifyKeyspaceEvents;
      if (name === 'slowlog-log-slower-than') this.slowerThan = this.config.num(name);
      if (name === 'latency-monitor-threshold') this.latencyThreshold = this.config.num(name);
      if (name === 'latency-tracking') this.latencyTracking = this.config.num(name) === 1;
      if (name === 'requirepass') this.acl.setRequirepass(this.config.get(name) ?? '');
    });
  }

  private buildCommand(spec: CommandSpec): Command {
    const subcommands = spec.subcommands
      ? new Map(spec.subcommands.map((s) => [s.name.slice(s.name.indexOf('|') + 1), this.buildCommand(s)]))
      : undefined;
    const flags = spec.flags;
    return {
      spec,
      handler: allHandlers[spec.name],
      subcommands,
      denyoom: flags.includes('denyoom'),
      write: flags.includes('write'),
      quick: flags.includes('fast') || QUICK_WRITES.has(spec.name),
      unmonitored: flags.includes('admin') || flags.includes('skip_monitor'),
      noMulti: flags.includes('no_multi'),
      skipSlowlog: flags.includes('skip_slowlog'),
      readonly: flags.includes('readonly'),
    };
  }

  // ---- KeyTracker --------------------------------------------------------

  now(): number {
    return this.frozenNow ?? this.clock.now();
  }
  read(db: number, key: string, entry: Entry | undefined): void {
    if (this.memory.read(db, key, entry, !this.noTouch)) this.stats.keyspaceHits++;
    else {
      this.stats.keyspaceMisses++;
      if (this.keyspaceEvents.flags & NOTIFY.KEY_MISS) this.keyspaceEvents.emit(NOTIFY.KEY_MISS, 'keymiss', key, db);
    }
    if (this.tracking) this.reads.push({ db, key });
  }
  written(db: number, key: string, entry?: Entry, old?: Entry, whole?: boolean): void {
    this.memory.written(db, key, entry, old);
    this.blocking.signal(db, key);
    if (this.clientTracking.active) this.clientTracking.invalidate(key, this.running);
    if (this.tracking) {
      this.writes.push({ db, key });
      // A different object under the key: its value was replaced as a whole.
      if (whole === true || (old !== undefined && entry !== undefined && old !== entry)) this.changes.key(db, key).replace();
    }
  }
  deleted(db: number, key: string, entry?: Entry): void {
    this.memory.deleted(db, key, entry);
    // XREADGROUP clients blocked on a deleted stream are unblocked with an error.
    this.blocking.signal(db, key);
    if (this.clientTracking.active) this.clientTracking.invalidate(key, this.running);
    if (this.tracking) {
      this.deletes.push({ db, key });
      if (this.evicting) this.evictedKeys.push({ db, key });
    }
  }
  expired(db: number, key: string, entry?: Entry): void {
    this.stats.expiredKeys++;
    this.memory.deleted(db, key, entry);
    if (this.tracking) this.expiredKeys.push({ db, key });
    if (this.keyspaceEvents.flags & NOTIFY.EXPIRED) this.keyspaceEvents.emit(NOTIFY.EXPIRED, 'expired', key, db);
    // An expiry has no client (signalModifiedKey(NULL, ...)): NOLOOP does not hide it from BCAST clients.
    if (this.clientTracking.active) this.clientTracking.invalidate(key, undefined);
  }
  created(db: number, key: string): void {
    if (this.tracking) this.changes.key(db, key).created = true;
    if (this.keyspaceEvents.flags & NOTIFY.NEW) this.keyspaceEvents.emit(NOTIFY.NEW, 'new', key, db);
  }

  /** Set while a lookup must not change the key's access time (see `lookupNoTouch`). */
  private noTouch = false;

  /**
   * lookupKeyReadWithFlags(LOOKUP_NOTOUCH): a read (expiring the key when
   * due, counted as a hit or miss) that leaves its access time, and so
   * OBJECT IDLETIME and LRU eviction, as they were: TTL, TYPE, EXISTS.
   */
  lookupNoTouch(db: Db, key: string): Entry | undefined {
    this.noTouch = true;
    try {
      return db.lookup(key);
    } finally {
      this.noTouch = false;
    }
  }

  // ---- Events ------------------------------------------------------------

  /** Subscribes to per-command change events. Returns an unsubscribe function. */
  onEvent(listener: (e: CommandEvent) => void): () => void {
    this.listeners.add(listener);
    this.tracking = this.changes.on = true;
    return () => {
      this.listeners.delete(listener);
      this.tracking = this.changes.on = this.listeners.size > 0;
    };
  }

  private emit(e: CommandEvent): void {
    for (const l of this.listeners) l(e);
  }

  private takeChanges(): Pick<CommandEvent, 'reads' | 'writes' | 'deletes' | 'expired' | 'evicted' | 'changes' | 'combination'> {
    const { changes, combination } = this.changes.take((db, key) => this.dbs[db]?.data.peek(key));
    const out = {
      reads: this.reads,
      writes: this.writes,
      deletes: this.deletes,
      expired: this.expiredKeys,
      evicted: this.evictedKeys,
      changes,
      ...(combination !== undefined ? { combination } : {}),
    };
    this.reads = [];
    this.writes = [];
    this.deletes = [];
    this.expiredKeys = [];
    this.evictedKeys = [];
    return out;
  }

  // ---- Clients -----------------------------------------------------------

  createClient(send: (reply: Reply) => void = () => {}): ClientState {
    const client = newClientState(this.nextClientId++, this.clock.now(), (reply) => {
      // CLIENT REPLY OFF/SKIP silence everything but pushes (pub/sub messages, confirmations).
      if (client.replyFlags !== 0 && (client.replyFlags & REPLY_SILENT) !== 0 && reply.t !== 'push') return;
      send(reply);
    });
    client.user = this.acl.defaultUser;
    this.clients.set(client.id, client);
    this.stats.connections++;
    return client;
  }

  closeClient(client: ClientState): void {
    client.closed = true;
    this.clientTracking.closed(client);
    this.pubsub.removeClient(client);
    this.monitors.delete(client);
    this.blocking.remove(client);
    client.blocked = undefined;
    for (const wk of client.watching) this.dbs[wk.db]?.unwatch(wk);
    client.watching = [];
    client.multi = undefined;
    this.clients.delete(client.id);
  }

  // ---- Dispatch ----------------------------------------------------------

  /** Resolves argv to a command (following subcommands), or an error text. */
  lookup(argv: readonly string[]): Command | string {
    const first = argv[0]!;
    const table = this.commands as CommandTable;
    let cmd = table.exact.get(first);
    if (cmd === undefined) {
      cmd = table.get(first.toLowerCase());
      if (cmd === undefined) return unknownCommand(first, argv.slice(1));
      if (table.exact.size < 1024) table.exact.set(first, cmd);
    }
    if (cmd.subcommands !== undefined && argv.length >= 2) {
      const sub = cmd.subcommands.get(argv[1]!.toLowerCase());
      if (sub === undefined) return E.UNKNOWN_SUBCOMMAND(argv[1]!, cmd.spec.name);
      return sub;
    }
    return cmd;
  }

  private checkArity(spec: CommandSpec, argc: number): boolean {
    return spec.arity > 0 ? argc === spec.arity : argc >= -spec.arity;
  }

  /**
   * Runs one command for a client. Returns the reply, or undefined when the
   * client is now blocked (the reply arrives later through `client.send`) or
   * the argv was empty.
   */
  exec(client: ClientState, argv: readonly string[]): Reply | undefined {
    const tracking = this.clientTracking;
    const previous = tracking.current;
    tracking.current = client;
    let reply: Reply | undefined;
    try {
      if (tracking.clients !== 0 || tracking.hasPending) this.beforeCommand(client);
      reply = this.execCommand(client, argv);
    } finally {
      tracking.current = previous;
    }
    // CLIENT CACHING applies to the next command, or to the next transaction as a whole (resetClient).
    if (client.tracking?.caching === true && client.multi === undefined && argv[0]!.toLowerCase() !== 'client') client.tracking.caching = false;
    return client.replyFlags === 0 ? reply : afterSilencedCommand(client, reply);
  }

  /** Client-side caching before a command: what was held for the client is sent, the tracking table kept to its size. */
  private beforeCommand(client: ClientState): void {
    const tracking = this.clientTracking;
    // Invalidations held for the client's previous reply that its host did not send with it.
    if (tracking.hasPending) tracking.sendPending(client);
    if (tracking.clients !== 0) tracking.limit(this.config.num('tracking-table-max-keys'));
  }

  /**
   * Hosts call this after sending a command's reply: the invalidations
   * caused by the client's own command, held so that they follow its reply
   * (trackingHandlePendingKeyInvalidations).
   */
  afterReply(client: ClientState): void {
    if (this.clientTracking.hasPending) this.clientTracking.sendPending(client);
  }

  /**
   * Hosts call this once per round of requests (Redis's beforeSleep) and
   * from their timer: BCAST clients get the keys changed since the last
   * round, and the tracking table is brought back under
   * `tracking-table-max-keys`.
   */
  beforeSleep(): void {
    const tracking = this.clientTracking;
    if (tracking.clients === 0) return;
    tracking.limit(this.config.num('tracking-table-max-keys'));
    tracking.broadcast();
  }

  private execCommand(client: ClientState, argv: readonly string[]): Reply | undefined {
    if (argv.length === 0) return undefined;
    const cmd = this.lookup(argv);
    if (typeof cmd === 'string') {
      if (client.multi) client.multi.dirty = true;
      return this.rejected(undefined, cmd);
    }
    const spec = cmd.spec;
    if (!this.checkArity(spec, argv.length)) {
      if (client.multi) client.multi.dirty = true;
      return this.rejected(spec.name, E.WRONG_ARITY(spec.name), client);
    }
    // authRequired: while the default user has a password (requirepass) or is off, a client that has not
    // authenticated may only run `no_auth` commands (AUTH, HELLO, QUIT ...).
    // Clients with `authenticated` undefined are the host's own and always authenticated.
    if (client.authenticated === false && !spec.flags.includes('no_auth') && this.acl.defaultNeedsAuth()) {
      if (client.multi) client.multi.dirty = true;
      return this.rejected(spec.name, E.NOAUTH, client);
    }
    if (cmd.noMulti && client.multi) {
      client.multi.dirty = true;
      return this.rejected(spec.name, E.NO_MULTI, client);
    }
    // ACL: the user may run this command, with these keys and channels (a user allowed everything skips the check).
    const user = client.user;
    if (user !== undefined && !(user.root.allCommands && user.root.allKeys && user.root.allChannels)) {
      const denied = this.aclCheck(client, spec, argv, client.multi ? 'multi' : 'toplevel');
      if (denied !== undefined) {
        if (client.multi) client.multi.dirty = true;
        const text = denied === DENIED.CMD ? E.NOPERM_COMMAND(spec.name) : denied === DENIED.KEY ? E.NOPERM_KEY : E.NOPERM_CHANNEL;
        return this.rejected(spec.name, text, client);
      }
    }
    // maxmemory: evict per policy, then refuse commands that may grow memory
    // (and anything queued in MULTI, as Redis does), EXEC with such commands included.
    if (this.config.maxmemory !== 0 && !this.makeRoom()) {
      const name = spec.name;
      const denied =
        cmd.denyoom ||
        (client.multi !== undefined && name !== 'exec' && name !== 'discard' && name !== 'quit' && name !== 'reset') ||
        (name === 'exec' && client.multi !== undefined && client.multi.queue.some((q) => this.isDenyoom(q)));
      if (denied) {
        if (client.multi) client.multi.dirty = true;
        return this.rejected(name, E.OOM, client);
      }
    }
    // The last save failed and stop-writes-on-bgsave-error is on: writes, PING and an EXEC
    // with writes queued are refused until a save works again, as in Redis.
    if (this.writesDenied()) {
      const name = spec.name;
      const denied = cmd.write || name === 'ping' || this.scripting.declaresWrites(argv) || (name === 'exec' && client.multi !== undefined && client.multi.queue.some((q) => this.isWrite(q)));
      if (denied) {
        if (client.multi) client.multi.dirty = true;
        return this.rejected(name, E.MISCONF, client);
      }
    }
    // A RESP2 connection with subscriptions only reads pushes: it may only change them, PING, QUIT or RESET.
    if (client.resp === 2 && !SUBSCRIBED_OK.has(spec.name) && this.pubsub.total(client) > 0) {
      if (client.multi) client.multi.dirty = true;
      return this.rejected(spec.name, E.PUBSUB_CONTEXT(spec.name), client);
    }
    if (client.multi && !TX_CONTROL.has(spec.name)) {
      client.multi.queue.push([...argv]);
      client.lastCommand = spec.name; // CLIENT LIST's cmd= shows the queued command, as in Redis
      return { t: 'simple', v: 'QUEUED' };
    }
    return this.run(client, cmd, argv);
  }

  /** performEvictions before a command, timed as the `eviction-cycle` latency event. */
  private makeRoom(): boolean {
    this.evicting = true;
    try {
      return this.timedMakeRoom();
    } finally {
      this.evicting = false;
    }
  }

  private timedMakeRoom(): boolean {
    if (this.latencyThreshold === 0) return this.memory.makeRoom();
    const started = performance.now();
    const ok = this.memory.makeRoom();
    const ms = Math.floor(performance.now() - started);
    if (ms >= this.latencyThreshold) this.latency.add('eviction-cycle', ms, this.clock.now());
    return ok;
  }

  /**
   * ACLCheckAllPerm for a client about to run `spec`: undefined when its
   * user may, else why not, after writing the ACL LOG entry (`context`: at
   * the top level, inside MULTI/EXEC, or from a script, whose `caller`
   * the entry describes).
   */
  aclCheck(client: ClientState, spec: CommandSpec, argv: readonly string[], context: AclLogEntry['context'], caller?: { client: ClientState; argv: readonly string[] }): Denied | undefined {
    const user = client.user;
    if (user === undefined) return undefined;
    const cmd: AclCommand | undefined = this.acl.commandOf(spec);
    if (cmd === undefined) return undefined;
    const r = this.acl.check(user, cmd, argv);
    if (r === undefined) return undefined;
    const reason = r.denied === DENIED.CMD ? 'command' : r.denied === DENIED.KEY ? 'key' : 'channel';
    const object = r.denied === DENIED.CMD ? spec.name : argv[r.pos]!;
    this.acl.addLog({ reason, context, object, username: user.name, cinfo: caller !== undefined ? this.clientInfoLine(caller.client, caller.argv) : this.clientInfoLine(client, argv) });
    return r.denied;
  }

  /** One CLIENT LIST line for a client (the ACL LOG's client-info), `argv` being the command it is running. */
  clientInfoLine(client: ClientState, argv: readonly string[]): string {
    return clientInfo({ engine: this, client, db: this.dbs[client.db]!, argv, now: this.now() }, client);
  }

  /** Runs an already validated command (also used by EXEC). */
  run(client: ClientState, cmd: Command, argv: readonly string[]): Reply | undefined {
    const handler = cmd.handler;
    if (handler === undefined) return err(unknownCommand(argv[0]!, argv.slice(1)));
    const outer = this.frozenNow === undefined;
    // One clock read per command: handlers, lastCommandAt and the event share it.
    const now = outer ? (this.frozenNow = this.commandTime(cmd.quick && argv.length <= 8)) : this.frozenNow!;
    const dbIndex = client.db;
    // Timed for SLOWLOG: every command but those it skips, except that quick
    // commands (which take microseconds) are timed only under a low threshold.
    const slower = this.slowerThan;
    // With the latency monitor on, every command is timed (its `command` and `fast-command` events).
    // With latency-tracking on (Redis's default), every command is timed for LATENCY HISTOGRAM.
    const timed = this.latencyTracking || (slower >= 0 && !cmd.skipSlowlog && (slower < QUICK_TIMING_BELOW_US || !cmd.quick)) || this.latencyThreshold !== 0;
    const started = timed ? performance.now() : 0;
    let reply: Reply | typeof BLOCK;
    const running = this.running;
    this.running = client;
    if (outer) this.clientTracking.inCall = true;
    try {
      const ctx: Ctx = { engine: this, client, db: this.dbs[client.db]!, argv, now };
      reply = handler(ctx);
    } catch (e) {
      reply = err(e instanceof RedisError ? e.reply : internalError(e));
    } finally {
      this.running = running;
      if (outer) {
        this.clientTracking.inCall = false;
        this.frozenNow = undefined;
        this.memory.settleBatch();
      }
    }
    if (cmd.readonly && this.clientTracking.clients !== 0) this.rememberKeys(client, cmd, argv);
    if (timed) {
      // Whole microseconds, as Redis's ustime() differences.
      const us = Math.floor((performance.now() - started) * 1000);
      if (this.latencyTracking && reply !== BLOCK) (cmd.histogram ??= new CommandHistogram()).record(us);
      // The threshold as it is now: CONFIG SET slowlog-log-slower-than 0 logs itself, as in Redis.
      // A command that blocks is logged when it is served (see resumeBlocked), as Redis does.
      const parks = reply === BLOCK && outer && !client.inExec;
      if (this.slowerThan >= 0 && us >= this.slowerThan && !cmd.skipSlowlog && !parks) this.slowlog.push(client, argv, us, this.clock.now(), this.config.num('slowlog-max-len'));
      const ms = Math.floor(us / 1000);
      if (this.latencyThreshold !== 0 && ms >= this.latencyThreshold && reply !== BLOCK) {
        this.latency.add(cmd.spec.flags.includes('fast') ? 'fast-command' : 'command', ms, this.clock.now());
      }
    }
    if (reply === BLOCK) reply = this.parkBlocked(client, argv, outer);
    if (this.monitors.size !== 0 && !cmd.unmonitored) this.feedMonitors(client, argv);
    this.stats.commands++;
    this.countCall(cmd, reply === BLOCK ? undefined : reply);
    client.lastCommand = cmd.spec.name;
    client.lastCommandAt = now;
    if (outer && this.tracking) {
      this.emit({
        clientId: client.id,
        command: cmd.spec.name,
        argv,
        db: dbIndex,
        error: reply !== BLOCK && reply.t === 'error',
        ...this.takeChanges(),
        dbAfter: client.db,
        time: now,
      });
    }
    if (outer) this.blocking.serveReady();
    return reply === BLOCK ? undefined : reply;
  }

  /**
   * After a read-only command, the keys it named are remembered for a
   * tracking client (call()'s trackingRememberKeys). A script's reads
   * remember the keys the script declared, for the client that ran it;
   * EVAL_RO, EVALSHA_RO and FCALL_RO themselves remember nothing (their
   * reads do).
   */
  private rememberKeys(client: ClientState, cmd: Command, argv: readonly string[]): void {
    let caller = client;
    let spec = cmd.spec;
    let args = argv;
    if (client.script === true) {
      const call = this.scripting.runningCall();
      if (call === undefined) return;
      const outer = this.lookup(call.argv);
      if (typeof outer === 'string') return;
      caller = call.caller;
      spec = outer.spec;
      args = call.argv;
    } else if (spec.name === 'eval_ro' || spec.name === 'evalsha_ro' || spec.name === 'fcall_ro') {
      return;
    }
    const t = caller.tracking;
    if (t === undefined || t.bcast || spec.flags.includes('pubsub')) return;
    const positions = keyPositions(spec, args);
    if (positions !== undefined && positions.length > 0) this.clientTracking.remember(caller, args, positions);
  }

  /**
   * Runs `work` (a host's loop over requests that arrived together, such as
   * one read from a socket) letting quick commands share a clock reading:
   * a quick command (flag `fast` or one of QUICK_WRITES, at most 8
   * arguments) that follows a quick command runs at that command's time, up
   * to SHARED_TIME_USES in a row. Reading the clock costs about as much
   * as a whole GET; sharing it moves a command's time back by the few
   * microseconds the commands before it took, as if it had run that much
   * earlier. Any other command reads the clock, and so does the first
   * command after one (it may have run long), and every command outside a
   * batch.
   */
  batch<T>(work: () => T): T {
    this.batchDepth++;
    try {
      return work();
    } finally {
      if (--this.batchDepth === 0) this.sharedNow = undefined;
    }
  }

  private commandTime(quick: boolean): number {
    if (quick && this.sharedNow !== undefined && this.sharedUses < SHARED_TIME_USES) {
      this.sharedUses++;
      return this.sharedNow;
    }
    const now = this.clock.now();
    this.sharedUses = 0;
    this.sharedNow = quick && this.batchDepth > 0 ? now : undefined;
    return now;
  }

  /**
   * Sends MONITOR clients the command just run, as Redis does after each
   * call: `<seconds>.<microseconds> [<db> <client address>] "arg" "arg"`,
   * each argument quoted and escaped. Commands refused before running
   * (unknown, wrong arity) are not shown; in a transaction MULTI is, then
   * each queued command as EXEC runs it, then EXEC.
   */
  feedMonitors(client: ClientState, argv: readonly string[]): void {
    const ms = this.clock.now();
    const stamp = `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
    const line: Reply = { t: 'simple', v: `${stamp} [${client.db} ${clientAddress(client)}] ${argv.map(quoteArg).join(' ')}` };
    for (const m of this.monitors) if (!m.closed) m.send(line);
  }

  // ---- Blocked clients (the mechanism is in core/blocking.ts) ------------

  /**
   * A handler returned BLOCK: park the client. Inside EXEC (or any nested
   * call) a client cannot block, so it gets its timeout reply at once.
   */
  private parkBlocked(client: ClientState, argv: readonly string[], outer: boolean): Reply | typeof BLOCK {
    const state = client.blocked;
    if (state === undefined) return err(internalError(new Error('handler blocked without a BlockedState')));
    if (!outer || client.inExec) {
      client.blocked = undefined;
      return state.onTimeout();
    }
    this.blocking.park(client, argv);
    return BLOCK;
  }

  /** Serves a parked client (see BlockingHost.resumeBlocked): frozen time, and a change event when it replied. */
  private resumeBlocked(client: ClientState, command: string, argv: readonly string[], work: () => Reply | undefined): Reply | undefined {
    this.frozenNow = this.clock.now();
    this.sharedNow = undefined;
    let reply: Reply | undefined;
    // The served client is the current one meanwhile: invalidations its command causes follow its reply.
    const tracking = this.clientTracking;
    const current = tracking.current;
    const inCall = tracking.inCall;
    const running = this.running;
    tracking.current = this.running = client;
    tracking.inCall = true;
    const timed = this.slowerThan >= 0 || this.latencyTracking;
    const started = timed ? performance.now() : 0;
    try {
      reply = work();
    } catch (e) {
      reply = err(e instanceof RedisError ? e.reply : internalError(e));
    } finally {
      tracking.current = current;
      tracking.inCall = inCall;
      this.running = running;
      this.frozenNow = undefined;
      this.memory.settleBatch();
    }
    // The served command goes to the SLOWLOG now, under the time its serving took (updateStatsOnUnblock).
    if (reply !== undefined && timed) {
      const us = Math.floor((performance.now() - started) * 1000);
      if (this.slowerThan >= 0 && us >= this.slowerThan) this.slowlog.push(client, argv, us, this.clock.now(), this.config.num('slowlog-max-len'));
      if (this.latencyTracking) {
        const served = this.lookupByName(command);
        if (served !== undefined) (served.histogram ??= new CommandHistogram()).record(us);
      }
    }
    if (reply?.t === 'error') {
      // An error reply after blocking counts against the command too (updateStatsOnUnblock).
      this.countError(reply.v);
      let st = this.commandStats.get(command);
      if (st === undefined) this.commandStats.set(command, (st = { calls: 0, failed: 0, rejected: 0 }));
      st.failed++;
    }
    if (this.tracking) {
      const changes = this.takeChanges();
      if (reply !== undefined || changes.expired.length > 0) {
        this.emit({
          clientId: reply !== undefined ? client.id : 0,
          command: reply !== undefined ? command : '',
          argv: reply !== undefined ? argv : [],
          db: reply !== undefined ? client.db : -1,
          error: reply?.t === 'error',
          ...changes,
          dbAfter: reply !== undefined ? client.db : -1,
          time: this.clock.now(),
        });
      }
    }
    return reply;
  }

  /**
   * Answers blocked clients whose timeout has passed. Hosts call it
   * periodically (Redis checks ten times a second).
   */
  checkBlockedTimeouts(): void {
    this.blocking.checkTimeouts();
  }

  /**
   * Keyspace work a host does itself rather than through a command (putting
   * back keys an undo restores): runs at one frozen time and is reported as
   * one change event under `command`, so views, memory accounting, WATCH and
   * blocked clients see it as they see a command. MONITOR does not: it is
   * not a Redis command.
   */
  hostChange(clientId: number, command: string, argv: readonly string[], db: number, work: () => void): void {
    const outer = this.frozenNow === undefined;
    const now = outer ? (this.frozenNow = this.clock.now()) : this.frozenNow!;
    try {
      work();
    } finally {
      if (outer) {
        this.frozenNow = undefined;
        this.memory.settleBatch();
      }
    }
    if (!outer) return;
    if (this.tracking) this.emit({ clientId, command, argv, db, dbAfter: db, error: false, ...this.takeChanges(), time: now });
    this.blocking.serveReady();
  }

  /** Runs a command by name for internal callers (EXEC, lessons, tests). */
  runArgv(client: ClientState, argv: readonly string[]): Reply | undefined {
    const cmd = this.lookup(argv);
    if (typeof cmd === 'string') return err(cmd);
    if (!this.checkArity(cmd.spec, argv.length)) return err(E.WRONG_ARITY(cmd.spec.name));
    return this.run(client, cmd, argv);
  }

  // ---- Background work ---------------------------------------------------

  /**
   * Redis's active expiry cycle: sample keys with a TTL and delete the expired
   * ones, repeating while more than 10% of a sample was expired (Redis 7's
   * acceptable-stale threshold at the default effort). Call it about ten
   * times a second.
   */
  activeExpireCycle(budget = 20): void {
    if (!this.activeExpireEnabled) return;
    const now = this.clock.now();
    const started = this.latencyThreshold !== 0 ? performance.now() : 0;
    for (const db of this.dbs) {
      if (db.expires.size === 0) continue;
      for (let round = 0; round < 16; round++) {
        let sampled = 0;
        let expired = 0;
        const limit = Math.min(budget, db.expires.size);
        while (sampled < limit) {
          const [key, at] = db.nextExpireSample();
          sampled++;
          if (at <= now) {
            db.expireIfNeeded(key);
            expired++;
          }
        }
        if (expired * 10 <= sampled || db.expires.size === 0) break;
      }
    }
    if (this.latencyThreshold !== 0) {
      const ms = Math.floor(performance.now() - started);
      if (ms >= this.latencyThreshold) this.latency.add('expire-cycle', ms, this.clock.now());
    }
    if (this.tracking && this.expiredKeys.length > 0) {
      this.emit({
        clientId: 0,
        command: '',
        argv: [],
        db: -1,
        error: false,
        ...this.takeChanges(),
        dbAfter: -1,
        time: now,
      });
    }
  }

  // ---- Command and error statistics (INFO commandstats / errorstats) -----

  /**
   * Redis's writeCommandsDeniedByDiskError (RDB part): the host saves the
   * keyspace, `save` points are set, the last save failed and
   * stop-writes-on-bgsave-error is yes. A host that saves nothing is never
   * refused.
   */
  writesDenied(): boolean {
    return !this.persistence.lastBgsaveOk && this.persistence.available && this.config.num('stop-writes-on-bgsave-error') === 1 && (this.config.get('save') ?? '') !== '';
  }

  /** A write for MISCONF: a write command, or a script that declares it writes. */
  private isWrite(argv: readonly string[]): boolean {
    const c = this.lookup(argv);
    return typeof c !== 'string' && (c.write || this.scripting.declaresWrites(argv));
  }

  private isDenyoom(argv: readonly string[]): boolean {
    const c = this.lookup(argv);
    return typeof c !== 'string' && c.denyoom;
  }

  /** A command or subcommand by its full name (`get`, `client|id`). */
  lookupByName(name: string): Command | undefined {
    const [base, sub] = name.toLowerCase().split('|');
    const cmd = this.commands.get(base!);
    return sub === undefined ? cmd : cmd?.subcommands?.get(sub);
  }

  /** CONFIG RESETSTAT: every command's latency histogram is emptied. */
  resetLatencyHistograms(): void {
    for (const cmd of this.commands.values()) {
      cmd.histogram = undefined;
      for (const sub of cmd.subcommands?.values() ?? []) sub.histogram = undefined;
    }
  }

  private countCall(cmd: Command, reply: Reply | undefined): void {
    const table = this.commandStats as CommandStats;
    let st = cmd.stats;
    if (st === undefined || cmd.statsEpoch !== table.epoch) {
      const name = cmd.spec.name;
      st = table.get(name);
      if (st === undefined) table.set(name, (st = { calls: 0, failed: 0, rejected: 0 }));
      cmd.stats = st;
      cmd.statsEpoch = table.epoch;
    }
    st.calls++;
    if (reply !== undefined && reply.t === 'error') {
      // The command failed either way; an error already counted is not counted again.
      st.failed++;
      if (this.uncountedError) this.uncountedError = false;
      else this.countError(reply.v);
    }
  }

  /**
   * A command refused before it ran (unknown, arity, OOM): counted as
   * rejected. A refused EXEC discards the transaction and says why, as
   * Redis's execCommandAbort does.
   */
  rejected(name: string | undefined, text: string, client?: ClientState): Reply {
    if (name === 'exec' && client !== undefined) {
      discardTransaction(this, client);
      text = `EXECABORT Transaction discarded because of: ${text.startsWith('ERR ') ? text.slice(4) : text}`;
    }
    if (name !== undefined) {
      let st = this.commandStats.get(name);
      if (st === undefined) this.commandStats.set(name, (st = { calls: 0, failed: 0, rejected: 0 }));
      st.rejected++;
    }
    this.countError(text);
    return err(text);
  }

  /**
   * A command its host refused before the engine saw it (NOAUTH from a
   * server enforcing requirepass), counted as Redis's rejectCommand counts
   * it: the command's rejected calls, the error, a transaction in progress
   * spoilt (EXEC aborts it).
   */
  refuseCommand(client: ClientState, name: string, text: string): Reply {
    if (client.multi) client.multi.dirty = true;
    return this.rejected(name, text, client);
  }

  /** An error reply its host sent without running a command (a protocol error): counted in INFO errorstats. */
  countErrorReply(text: string): void {
    this.countError(text);
  }

  private countError(text: string): void {
    this.stats.errorReplies++;
    // afterErrorReply: the code ends at a space within the reply's first 32 bytes ('-' included), else it counts as ERR.
    const sp = text.indexOf(' ');
    const code = sp < 0 || sp > 30 ? 'ERR' : text.slice(0, sp);
    this.errorStats.set(code, (this.errorStats.get(code) ?? 0) + 1);
  }

  /** Returns the command table (specs) for COMMAND, HELP and hints. */
  specs(): CommandSpec[] {
    return [...this.commands.values()].map((c) => c.spec);
  }
}

/**
 * CLIENT REPLY after a command (Redis's prepareClientToWrite and the flag
 * handover after each command): the reply is dropped while OFF or SKIP is
 * set, pushes excepted; SKIP lasts one command, SKIP_NEXT becomes SKIP.
 */
function afterSilencedCommand(client: ClientState, reply: Reply | undefined): Reply | undefined {
  let f = client.replyFlags;
  const silent = (f & REPLY_SILENT) !== 0 && reply !== undefined && reply.t !== 'push';
  f &= ~(REPLY_FLAG.SKIP | REPLY_FLAG.NO_REPLY);
  if (f & REPLY_FLAG.SKIP_NEXT) f = (f | REPLY_FLAG.SKIP) & ~REPLY_FLAG.SKIP_NEXT;
  client.replyFlags = f;
  return silent ? undefined : reply;
}

function internalError(e: unknown): string {
  // A bug in a handler must never take the engine down; report it like Redis would an internal failure.
  const msg = e instanceof Error ? e.message : String(e);
  return `ERR internal error: ${msg.replace(/[\r\n]+/g, ' ')}`;
}
