import type { ClientState } from './command';
import { array, bulk, int, NIL, type Reply } from './reply';

/**
 * Client-side caching (Redis's tracking.c): which clients may hold which
 * keys in a local cache, and the invalidation messages that tell them a key
 * changed.
 *
 * - The tracking table maps a key name to the ids of the clients that read
 *   it (keys are global: a key read in database 0 is invalidated by a write
 *   to the same name in any database, as in Redis). A write sends each of
 *   those clients one invalidation and forgets the key; clients are not
 *   removed from it when they stop tracking (as in Redis: lazily, a message
 *   to a client that no longer tracks is simply not sent).
 * - BCAST clients register prefixes instead: every key written that starts
 *   with a prefix is collected, and once per event loop cycle
 *   (`broadcast`, Redis's beforeSleep) each prefix's keys go to its clients
 *   in one message.
 * - Invalidations for the client whose command is running are held until
 *   its reply has been sent (`takePending`), so that they never interleave
 *   with it, EXEC's included.
 *
 * Messages: RESP3 clients get a push `invalidate [keys]` (or a null for "all
 * keys", after a flush); a RESP2 client can only get them through REDIRECT
 * to a client subscribed to anything, as a `message` on
 * `__redis__:invalidate`.
 */
export const INVALIDATE_CHANNEL = '__redis__:invalidate';

/** A client's tracking mode (Redis's CLIENT_TRACKING_* flags, redirection and prefixes). */
export interface TrackingState {
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  noloop: boolean;
  /** CLIENT CACHING yes/no was given for the next command (CLIENT_TRACKING_CACHING). */
  caching: boolean;
  /** The redirection client went away (CLIENT_TRACKING_BROKEN_REDIR). */
  brokenRedirect: boolean;
  /** The client id invalidations go to; 0: this client. */
  redirect: number;
  /** BCAST prefixes ('' is every key). */
  prefixes: Set<string>;
}

export interface TrackingOptions {
  readonly bcast: boolean;
  readonly optin: boolean;
  readonly optout: boolean;
  readonly noloop: boolean;
}

/** A BCAST prefix: the keys changed under it this cycle (with who changed each last) and its clients. */
interface Prefix {
  keys: Map<string, ClientState | undefined>;
  readonly clients: Set<ClientState>;
}

export interface TrackingHost {
  /** A live client by id (lookupClientByID). */
  client(id: number): ClientState | undefined;
  /** Every connected client, in the order they connected. */
  clients(): Iterable<ClientState>;
  /** The client has subscriptions (CLIENT_PUBSUB). */
  subscribed(client: ClientState): boolean;
  random(): number;
}

/** One tracked key: who may cache it, and where it sits in `keyList` (for picking one at random). */
interface Tracked {
  readonly ids: Set<number>;
  at: number;
}

export class Tracking {
  /** How many clients have tracking on (INFO tracking_clients). */
  clients = 0;
  /** Client ids across the whole table (INFO tracking_total_items). */
  totalItems = 0;
  private readonly table = new Map<string, Tracked>();
  private readonly keyList: string[] = [];
  private readonly prefixes = new Map<string, Prefix>();
  /** Invalidations held for a client until its reply is out (server.tracking_pending_keys); null: all keys. */
  private readonly pending = new Map<ClientState, (string | null)[]>();
  /** The client whose command (or the step before it) is being processed: server.current_client. */
  current: ClientState | undefined;
  /** A command of the current client is running (Redis's fixed_time_expire, inside call()). */
  inCall = false;
  /** Key writes are not signalled while set (a flush sends its own message; SWAPDB sends none). */
  private quiet = 0;
  /** Rounds in a row the table stayed over its limit (trackingLimitUsedSlots' timeout_counter). */
  private overLimitRounds = 0;

  constructor(private readonly host: TrackingHost) {}

  /** True when a key write may have someone to tell. */
  get active(): boolean {
    return this.quiet === 0 && (this.table.size > 0 || this.prefixes.size > 0);
  }

  /** Invalidations are held for some client's reply. */
  get hasPending(): boolean {
    return this.pending.size !== 0;
  }

  get totalKeys(): number {
    return this.table.size;
  }

  get totalPrefixes(): number {
    return this.prefixes.size;
  }

  // ---- Turning it on and off -----------------------------------------------

  /** enableTracking: on (again), with a redirection (0: none), options and BCAST prefixes. */
  enable(c: ClientState, redirect: number, opts: TrackingOptions, prefixes: readonly string[]): void {
    let t = c.tracking;
    if (t === undefined) {
      this.clients++;
      t = c.tracking = { bcast: false, optin: false, optout: false, noloop: false, caching: false, brokenRedirect: false, redirect: 0, prefixes: new Set() };
    }
    t.brokenRedirect = false;
    t.redirect = redirect;
    t.bcast = opts.bcast;
    t.optin = opts.optin;
    t.optout = opts.optout;
    t.noloop = opts.noloop;
    if (opts.bcast) {
      if (prefixes.length === 0) this.addPrefix(c, t, '');
      for (const p of prefixes) this.addPrefix(c, t, p);
    }
  }

  private addPrefix(c: ClientState, t: TrackingState, prefix: string): void {
    let p = this.prefixes.get(prefix);
    if (p === undefined) this.prefixes.set(prefix, (p = { keys: new Map(), clients: new Set() }));
    p.clients.add(c);
    t.prefixes.add(prefix);
  }

  /** disableTracking: off; the client's ids stay in the table until their keys change. */
  disable(c: ClientState): void {
    const t = c.tracking;
    if (t === undefined) return;
    if (t.bcast) {
      for (const prefix of t.prefixes) {
        const p = this.prefixes.get(prefix);
        if (p === undefined) continue;
        p.clients.delete(c);
        if (p.clients.size === 0) this.prefixes.delete(prefix);
      }
    }
    c.tracking = undefined;
    this.clients--;
  }

  /** A closed connection: off, and nothing held for it. */
  closed(c: ClientState): void {
    this.disable(c);
    this.pending.delete(c);
  }

  /**
   * checkPrefixCollisionsOrReply: the error text when a new prefix and one
   * the client has, or two new ones, would both cover some key.
   */
  prefixCollision(c: ClientState, prefixes: readonly string[]): string | undefined {
    const own = c.tracking?.bcast === true ? sortedBytes([...c.tracking.prefixes]) : [];
    for (let i = 0; i < prefixes.length; i++) {
      const p = prefixes[i]!;
      for (const q of own) {
        if (overlap(q, p)) return `ERR Prefix '${cstr(p)}' overlaps with an existing prefix '${cstr(q)}'. Prefixes for a single client must not overlap.`;
      }
      for (let j = i + 1; j < prefixes.length; j++) {
        const q = prefixes[j]!;
        if (overlap(p, q)) return `ERR Prefix '${cstr(p)}' overlaps with another provided prefix '${cstr(q)}'. Prefixes for a single client must not overlap.`;
      }
    }
    return undefined;
  }

  // ---- Reads -----------------------------------------------------------------

  /**
   * trackingRememberKeys: after a read-only command of a tracking client
   * (not BCAST), the keys it named are remembered for it, unless OPTIN
   * without CACHING yes, or OPTOUT with CACHING no.
   */
  remember(c: ClientState, argv: readonly string[], positions: readonly number[]): void {
    const t = c.tracking;
    if (t === undefined || t.bcast) return;
    if ((t.optin && !t.caching) || (t.optout && t.caching)) return;
    for (const i of positions) {
      const key = argv[i];
      if (key === undefined) continue;
      let e = this.table.get(key);
      if (e === undefined) {
        e = { ids: new Set(), at: this.keyList.length };
        this.keyList.push(key);
        this.table.set(key, e);
      }
      if (!e.ids.has(c.id)) {
        e.ids.add(c.id);
        this.totalItems++;
      }
    }
  }

  // ---- Writes ----------------------------------------------------------------

  /**
   * trackingInvalidateKey: `key` changed (`writer`: the client whose
   * command changed it; undefined for expiry and eviction). Its BCAST
   * prefixes collect it, and every client that read it is told, at once or
   * after the reply of the command running now if it is that client's.
   * `bcast` false: the key leaves the table without having changed (the
   * table is over its size limit).
   */
  invalidate(key: string, writer: ClientState | undefined, bcast = true): void {
    if (bcast && this.prefixes.size > 0) {
      for (const [prefix, p] of this.prefixes) {
        if (prefix.length > key.length || !key.startsWith(prefix)) continue;
        p.keys.set(key, writer);
      }
    }
    const e = this.table.get(key);
    if (e === undefined) return;
    this.forget(key, e);
    for (const id of sortedIds(e.ids)) {
      const target = this.host.client(id);
      const t = target?.tracking;
      if (target === undefined || t === undefined || t.bcast) continue;
      if (t.noloop && target === this.current) continue;
      if (target === this.current && this.inCall) this.hold(target, key);
      else this.send(target, array([bulk(key)]));
    }
  }

  private forget(key: string, e: Tracked): void {
    this.totalItems -= e.ids.size;
    this.table.delete(key);
    // Swap-remove from the key list.
    const last = this.keyList.pop()!;
    if (last !== key) {
      this.keyList[e.at] = last;
      this.table.get(last)!.at = e.at;
    }
  }

  private hold(c: ClientState, key: string | null): void {
    const list = this.pending.get(c);
    if (list === undefined) this.pending.set(c, [key]);
    else list.push(key);
  }

  /**
   * trackingInvalidateKeysOnFlush: every tracking client is told that all
   * its keys are gone (a null), and the table starts again empty.
   */
  flushed(): void {
    if (this.clients > 0) {
      for (const c of this.host.clients()) {
        if (c.tracking === undefined) continue;
        if (c === this.current) this.hold(c, null);
        else this.send(c, NIL);
      }
    }
    this.table.clear();
    this.keyList.length = 0;
    this.totalItems = 0;
  }

  /** Runs `work` without signalling the keys it writes or deletes (FLUSHDB, FLUSHALL, SWAPDB). */
  quietly<T>(work: () => T): T {
    this.quiet++;
    try {
      return work();
    } finally {
      this.quiet--;
    }
  }

  /** trackingHandlePendingKeyInvalidations: what was held for `c` while its command ran, now that its reply is out. */
  sendPending(c: ClientState): void {
    const list = this.pending.get(c);
    if (list === undefined) return;
    this.pending.delete(c);
    if (c.closed) return;
    for (const key of list) this.send(c, key === null ? NIL : array([bulk(key)]));
  }

  /**
   * sendTrackingMessage: `keys` (an array of names, or null for all) to
   * the client, or to the client it redirects to.
   */
  private send(c: ClientState, keys: Reply): void {
    const t = c.tracking;
    let to = c;
    let redirected = false;
    if (t !== undefined && t.redirect !== 0) {
      const r = this.host.client(t.redirect);
      if (r === undefined) {
        t.brokenRedirect = true;
        // Only a RESP3 client can be told that its redirection is gone.
        if (c.resp === 3) c.send({ t: 'push', v: [bulk('tracking-redir-broken'), int(t.redirect)] });
        return;
      }
      to = r;
      redirected = true;
    }
    if (to.resp === 3) to.send({ t: 'push', v: [bulk('invalidate'), keys] });
    else if (redirected && this.host.subscribed(to)) to.send({ t: 'push', v: [bulk('message'), bulk(INVALIDATE_CHANNEL), keys] });
    // A RESP2 client without redirection cannot be sent anything.
  }

  // ---- Once per event loop cycle -------------------------------------------

  /**
   * trackingBroadcastInvalidationMessages: each prefix's keys changed since
   * the last cycle, in byte order, to each of its clients (a NOLOOP client
   * without the keys it changed itself, and nothing if that leaves none).
   */
  broadcast(): void {
    if (this.clients === 0 || this.prefixes.size === 0) return;
    for (const name of sortedBytes([...this.prefixes.keys()])) {
      const p = this.prefixes.get(name)!;
      if (p.keys.size === 0) continue;
      const keys = sortedBytes([...p.keys.keys()]);
      const all = array(keys.map(bulk));
      const changed = p.keys;
      p.keys = new Map();
      for (const c of [...p.clients]) {
        if (c.tracking?.noloop === true) {
          const own = keys.filter((k) => changed.get(k) !== c);
          if (own.length > 0) this.send(c, array(own.map(bulk)));
        } else {
          this.send(c, all);
        }
      }
    }
  }

  /**
   * trackingLimitUsedSlots: over `tracking-table-max-keys`, keys picked at
   * random leave the table, their clients told as if they had changed; the
   * effort grows by 100 keys for each cycle the table stays over the limit.
   */
  limit(maxKeys: number): void {
    if (maxKeys === 0 || this.table.size === 0) return;
    if (this.table.size <= maxKeys) {
      this.overLimitRounds = 0;
      return;
    }
    let effort = 100 * (this.overLimitRounds + 1);
    while (effort-- > 0 && this.keyList.length > 0) {
      const key = this.keyList[Math.floor(this.host.random() * this.keyList.length)]!;
      this.invalidate(key, undefined, false);
      if (this.table.size <= maxKeys) {
        this.overLimitRounds = 0;
        return;
      }
    }
    this.overLimitRounds++;
  }
}

/** Two prefixes overlap when the shorter starts the longer (stringCheckPrefix). */
function overlap(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) === b.slice(0, n);
}

/** printf's %s stops at the first NUL. */
function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/** Byte strings in memcmp order (a radix tree's order). */
export function sortedBytes(list: string[]): string[] {
  return list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Client ids in the order Redis walks them: the table stores each id's 8
 * bytes as they are in memory (little-endian) in a radix tree, so ids come
 * out ordered by their lowest byte first.
 */
function sortedIds(ids: Set<number>): number[] {
  const list = [...ids];
  if (list.length < 2) return list;
  return list.sort((a, b) => {
    let x = a;
    let y = b;
    for (let i = 0; i < 8; i++) {
      const d = (x % 256) - (y % 256);
      if (d !== 0) return d;
      x = Math.floor(x / 256);
      y = Math.floor(y / 256);
    }
    return 0;
  });
}
