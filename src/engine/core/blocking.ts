/**
 * Blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN,
 * BZPOPMAX, BZMPOP): a generic mechanism, modelled on Redis 7.0's blocked.c.
 *
 * ## Contract for a blocking handler
 *
 * 1. Parse every argument first (errors come before any blocking), with
 *    `parseBlockTimeout` for the timeout in seconds.
 * 2. Try to serve at once, exactly like the non-blocking command.
 * 3. If nothing can be served:
 *    - inside EXEC (`!mayBlock(ctx)`), reply what Redis replies when blocking
 *      is denied (a null array for BLPOP/BLMPOP/BZPOP*, a null bulk for
 *      BLMOVE/BRPOPLPUSH);
 *    - otherwise `return block(ctx, { keys, timeoutAt, retry, onTimeout })`,
 *      which sets `client.blocked` and returns `BLOCK`. The engine then
 *      returns `undefined` to its caller and parks the client here.
 *
 * `retry(readyKey)` is called after a later command touched `readyKey` (one
 * of `keys`): it must serve the client from that key (Redis serves from the
 * key that became ready, not from the first key given) and return the reply,
 * or return undefined to keep waiting, e.g. when the key is missing, empty or
 * now holds another type (Redis skips clients of the wrong type). It may
 * throw a RedisError, which is delivered as the client's reply (BLMOVE into
 * a key of the wrong type gets WRONGTYPE). It runs with the engine clock
 * frozen: use `ctx.engine.now()`, never a captured `ctx.now`. Every keyspace
 * access goes through Db as in any handler, so its changes are emitted as a
 * command event of the served client.
 *
 * `onTimeout()` gives the reply when the timeout passes (Redis replies a null
 * array for every list and sorted-set command, BLMOVE included). CLIENT
 * UNBLOCK uses it too; it should call `engine.blocking.unblock(client,
 * reply)`, but clearing `client.blocked` and sending is tolerated: the stale
 * registration is dropped when next met.
 *
 * ## What the engine does
 *
 * - `park` after a handler returned BLOCK: the client joins, at the tail, the
 *   FIFO queue of each of its keys. (Inside EXEC a handler that returns BLOCK
 *   anyway gets its timeout reply at once.)
 * - `signal` from `Engine.written`, i.e. on every write to a key (Db.set,
 *   Db.add, Db.modified): a key with clients waiting on it becomes "ready".
 *   Redis signals only when such a key is created (dbAdd); here every write
 *   signals, which only costs a retry that declines, since a blocked client
 *   cannot be served by a key that was already non-empty when it blocked.
 * - `serveReady` after each top-level command (so after a whole EXEC): for
 *   every ready key in the order they became ready, the clients waiting on it
 *   are retried in the order they blocked; a served client pops first, so
 *   later ones may find the key empty and stay blocked. Serving may make new
 *   keys ready (BLMOVE pushes into its destination), which are served in a
 *   further round, as in handleClientsBlockedOnKeys. The pusher's own reply
 *   was computed before any of this (LPUSH reports the length after its
 *   push even when a waiting BLPOP takes the element right away).
 * - `checkTimeouts`, called periodically by the host through
 *   `Engine.checkBlockedTimeouts()`: clients whose deadline is strictly in
 *   the past are answered with `onTimeout()`, earliest deadline first.
 * - `remove` when a client is closed.
 *
 * A served or timed-out client has `client.blocked` cleared before its reply
 * is delivered through `client.send`, so a host may go on with the requests
 * that client pipelined.
 */
import type { BlockedState, ClientState, Ctx } from './command';
import { BLOCK } from './command';
import { parseLongDouble } from './ldouble';
import { RedisError } from './parse';
import type { EntryOf } from './entry';
import type { Db } from './keyspace';
import { NIL_ARRAY, type Reply } from './reply';

export const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const TIMEOUT_NEGATIVE = 'ERR timeout is negative';

/** What the engine provides to the mechanism. */
export interface BlockingHost {
  /** Wall time of the engine clock (not frozen). */
  clockNow(): number;
  /**
   * Runs a parked client's continuation as that client's command: engine
   * time frozen, RedisErrors turned into error replies, and the keyspace
   * changes emitted as a command event when it replied.
   */
  resumeBlocked(client: ClientState, command: string, argv: readonly string[], work: () => Reply | undefined): Reply | undefined;
  /** A parked client was sent its reply (what its command held for after the reply goes out now). */
  served?(client: ClientState): void;
}

/** One parked client. */
interface Parked {
  readonly client: ClientState;
  readonly state: BlockedState;
  readonly argv: readonly string[];
  readonly keys: readonly string[];
}

export class Blocking {
  /** db -> key -> clients waiting on it, in the order they blocked. */
  private readonly queues = new Map<number, Map<string, Parked[]>>();
  /** Every parked client (insertion order = order of blocking). */
  private readonly parked = new Map<ClientState, Parked>();
  /** Keys that became ready since the last `serveReady`, in order. */
  private ready: { db: number; key: string }[] = [];
  private readonly readySet = new Map<number, Set<string>>();
  private serving = false;

  constructor(private readonly host: BlockingHost) {}

  /** Number of clients currently blocked (INFO's blocked_clients). */
  get size(): number {
    return this.parked.size;
  }

  /** True when the client is parked here with its current BlockedState. */
  isParked(client: ClientState): boolean {
    const p = this.parked.get(client);
    return p !== undefined && client.blocked === p.state;
  }

  /** Keys the given database has clients waiting on (for views and INFO). */
  blockedKeys(db: number): string[] {
    const m = this.queues.get(db);
    return m === undefined ? [] : [...m.keys()];
  }

  /**
   * Registers a client whose handler returned BLOCK after setting
   * `client.blocked`. Returns false when it was not set (a handler bug).
   */
  park(client: ClientState, argv: readonly string[]): boolean {
    const state = client.blocked;
    if (state === undefined) return false;
    this.remove(client);
    const keys = [...new Set(state.keys)];
    const p: Parked = { client, state, argv, keys };
    this.parked.set(client, p);
    let byKey = this.queues.get(state.db);
    if (byKey === undefined) this.queues.set(state.db, (byKey = new Map()));
    for (const k of keys) {
      const q = byKey.get(k);
      if (q === undefined) byKey.set(k, [p]);
      else q.push(p);
    }
    return true;
  }

  /** Forgets a client (closed, served, timed out, unblocked). Does not reply. */
  remove(client: ClientState): void {
    const p = this.parked.get(client);
    if (p === undefined) return;
    this.parked.delete(client);
    const byKey = this.queues.get(p.state.db);
    if (byKey === undefined) return;
    for (const k of p.keys) {
      const q = byKey.get(k);
      if (q === undefined) continue;
      const i = q.indexOf(p);
      if (i >= 0) q.splice(i, 1);
      if (q.length === 0) byKey.delete(k);
    }
    if (byKey.size === 0) this.queues.delete(p.state.db);
  }

  /** Ends a client's wait with `reply` (CLIENT UNBLOCK). Returns false when it was not blocked. */
  unblock(client: ClientState, reply: Reply): boolean {
    if (client.blocked === undefined) return false;
    this.remove(client);
    client.blocked = undefined;
    client.send(reply);
    return true;
  }

  /** A key was written: if clients wait on it, it becomes ready. O(1). */
  signal(db: number, key: string): void {
    if (this.parked.size === 0) return;
    const byKey = this.queues.get(db);
    if (byKey === undefined || !byKey.has(key)) return;
    let set = this.readySet.get(db);
    if (set === undefined) this.readySet.set(db, (set = new Set()));
    if (set.has(key)) return;
    set.add(key);
    this.ready.push({ db, key });
  }

  /** Serves clients waiting on keys that became ready (handleClientsBlockedOnKeys). */
  serveReady(): void {
    if (this.ready.length === 0 || this.serving) return;
    this.serving = true;
    try {
      while (this.ready.length > 0) {
        const batch = this.ready;
        this.ready = [];
        this.readySet.clear();
        for (const { db, key } of batch) this.serveKey(db, key);
      }
    } finally {
      this.serving = false;
    }
  }

  private serveKey(db: number, key: string): void {
    const q = this.queues.get(db)?.get(key);
    if (q === undefined) return;
    for (const p of [...q]) {
      if (this.parked.get(p.client) !== p) continue; // served from another key meanwhile
      if (p.client.blocked !== p.state) {
        this.remove(p.client); // unblocked from outside (CLIENT UNBLOCK) or closed
        continue;
      }
      const reply = this.host.resumeBlocked(p.client, p.state.command, p.argv, () => p.state.retry(key));
      if (reply === undefined) continue;
      this.finish(p, reply);
    }
  }

  /**
   * Answers every client whose deadline is strictly before now (Redis:
   * `timeout < now`), earliest first, then by client id.
   */
  checkTimeouts(): void {
    if (this.parked.size === 0) return;
    const now = this.host.clockNow();
    const due: Parked[] = [];
    for (const p of this.parked.values()) {
      if (p.client.blocked !== p.state) {
        this.remove(p.client);
        continue;
      }
      if (p.state.timeoutAt !== 0 && p.state.timeoutAt < now) due.push(p);
    }
    due.sort((a, b) => a.state.timeoutAt - b.state.timeoutAt || a.client.id - b.client.id);
    for (const p of due) {
      if (this.parked.get(p.client) !== p) continue;
      this.finish(p, p.state.onTimeout());
    }
  }

  private finish(p: Parked, reply: Reply): void {
    this.remove(p.client);
    p.client.blocked = undefined;
    if (p.client.closed) return;
    p.client.send(reply);
    this.host.served?.(p.client);
  }
}

// ---- Helpers for handlers --------------------------------------------------

/** False inside EXEC (Redis's CLIENT_DENY_BLOCKING): reply as if timed out instead. */
export function mayBlock(ctx: Ctx): boolean {
  return !ctx.client.inExec;
}

export interface BlockRequest {
  readonly keys: readonly string[];
  /** From `parseBlockTimeout`: absolute engine time in ms, 0 for ever. */
  readonly timeoutAt: number;
  readonly retry: (readyKey: string) => Reply | undefined;
  /** Defaults to a null array (`*-1`), Redis's timeout reply for lists and sorted sets. */
  readonly onTimeout?: () => Reply;
}

/** Blocks the client (see the contract above): sets `client.blocked`, returns BLOCK. */
export function block(ctx: Ctx, req: BlockRequest): typeof BLOCK {
  ctx.client.blocked = {
    keys: req.keys,
    db: ctx.db.id,
    timeoutAt: req.timeoutAt,
    retry: req.retry,
    onTimeout: req.onTimeout ?? (() => NIL_ARRAY),
    command: ctx.argv[0]!.toLowerCase(),
  };
  return BLOCK;
}

/**
 * Blocks on `keys` until one holds a non-empty value of `type` (a list for
 * BLPOP and BLMPOP, a sorted set for BZPOPMIN and BZMPOP), then answers with
 * `serve`. Where a client may not block (inside EXEC), a null array.
 */
export function blockUntilNonEmpty<T extends 'list' | 'zset'>(
  c: Ctx,
  keys: readonly string[],
  timeoutAt: number,
  type: T,
  serve: (db: Db, key: string, e: EntryOf<T>) => Reply,
): Reply | typeof BLOCK {
  if (!mayBlock(c)) return NIL_ARRAY;
  const db = c.db;
  return block(c, {
    keys,
    timeoutAt,
    retry: (readyKey) => {
      const e = db.peek(readyKey);
      if (e === undefined || e.type !== type) return undefined;
      const size = e.type === 'list' ? e.value.length : e.type === 'zset' ? e.value.size : 0;
      return size === 0 ? undefined : serve(db, readyKey, e as EntryOf<T>);
    },
  });
}

const TWO63 = 2n ** 63n;

/**
 * Parses a timeout in seconds as Redis's getTimeoutFromObjectOrReply does
 * with UNIT_SECONDS: a long double (so `0x10`, `1e-3`, `inf` are accepted),
 * times 1000 rounded up to whole milliseconds, cast to a 64-bit integer (x86
 * turns out-of-range values, infinities included, into INT64_MIN, hence
 * 'timeout is negative' for `1e300` or `inf`); negative is an error, and a
 * fraction of a millisecond below zero rounds up to 0 (block for ever).
 * Returns the absolute engine time of the deadline, or 0 for no deadline.
 */
export function parseBlockTimeout(arg: string, now: number): number {
  const v = parseLongDouble(arg);
  if (v === undefined) throw new RedisError(TIMEOUT_NOT_FLOAT);
  if (v.inf || v.m === 0n) {
    if (v.inf) throw new RedisError(TIMEOUT_NEGATIVE);
    return 0;
  }
  // v * 1000.0 rounded to a 64-bit significand (long double product), then ceill.
  let m = v.m * 1000n;
  let e = v.e;
  const extra = m.toString(2).length - 64;
  if (extra > 0) {
    const unit = 1n << BigInt(extra);
    let q = m >> BigInt(extra);
    const r = m - (q << BigInt(extra));
    if (r * 2n > unit || (r * 2n === unit && (q & 1n) === 1n)) q++;
    m = q;
    e += extra;
  }
  let ms: bigint;
  if (e >= 0) {
    ms = m << BigInt(e);
  } else {
    const den = 1n << BigInt(-e);
    const q = m / den;
    // ceil of +x rounds the quotient up; ceil of -x truncates towards zero.
    ms = !v.neg && q * den !== m ? q + 1n : q;
  }
  if (v.neg) ms = -ms;
  if (ms >= TWO63 || ms < -TWO63) throw new RedisError(TIMEOUT_NEGATIVE);
  if (ms < 0n) throw new RedisError(TIMEOUT_NEGATIVE);
  if (ms === 0n) return 0;
  return now + Number(ms);
}
