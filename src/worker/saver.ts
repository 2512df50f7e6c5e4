/**
 * Saves the keys each change touched, right after the change (the worker
 * calls `flush` before it answers, so the write is on its way before the
 * learner sees the reply), as Redis's AOF records every write.
 *
 * - Dirty keys are coalesced: a key written twice before a save is saved once,
 *   with its value at save time.
 * - A value of more than BIG_ELEMENTS elements (a sorted set of a million
 *   members) costs a full copy each time it is saved; it is saved at most
 *   once per `bigDelay` (at least a second, and five times what its last
 *   save took), and at once on `flush({ all: true })` (page hidden, SAVE,
 *   switching workspace).
 * - A failed write (storage full, storage gone) is reported through
 *   `status`, its keys go back to the dirty set (their current values are
 *   written next time) and the saver retries, with a back-off, until a write
 *   works again. Nothing already saved is deleted before its replacement is
 *   written: each write is one IndexedDB transaction.
 * - After a write is durable it is broadcast (other tabs apply it; see
 *   host.ts applyRemote), stamped so the last writer of a key wins.
 */
import { entrySize, type CommandEvent, type Engine, type Entry } from '../engine';
import { dumpValue } from '../engine/core/snapshot';
import type { KeyStore, SaveOp, WorkspaceMeta } from './persist';

/** Values with more elements than this are saved on a slower beat (see above). */
export const BIG_ELEMENTS = 10_000;
/** Keys visited per slice of a write (see flush). */
export const SAVE_SLICE = 2_000;
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 15_000;
/** How long a key's save stamp is remembered (to settle a race with another tab's write of it). */
const STAMP_MEMORY_MS = 60_000;

/** A durable write, as other tabs hear of it. */
export interface SyncMessage {
  readonly ws: string;
  /** When it was issued (ms since the epoch, with the fraction the browser gives). */
  readonly stamp: number;
  readonly ops: readonly SaveOp[];
  /** The libraries' code, when the write changed them. */
  readonly functions?: readonly string[];
}

/** Whether saving works, with a message saying what went wrong (or that saving works again). */
export interface SaveStatus { readonly ok: boolean; readonly message: string }

export interface SaverHooks {
  engine(): Engine;
  /** Saving started failing, failed differently, or works again. */
  status(s: SaveStatus): void;
  /** A write is durable (tell the other tabs). */
  saved?(m: SyncMessage): void;
  /** Wall-clock time (injected for tests). */
  wall?(): number;
  /** The timeline's mark, written with the keys (see timeline.ts SavedTimeline). */
  timelineMark?(): string;
}

const id = (db: number, key: string): string => `${db}\u0000${key}`;

export class Saver {
  /** The workspace the engine's keys belong to. */
  workspace = 'free';
  /** Keys changed since their last save, per database. */
  private dirty = new Map<number, Set<string>>();
  /** Databases to empty in the store before their dirty keys are written (FLUSHDB, SWAPDB, a failed clear). */
  private cleared = new Set<number>();
  /** Big values waiting for their slower beat. */
  private bigTimer: ReturnType<typeof setTimeout> | undefined;
  private bigDelay = 1000;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryMs = RETRY_FIRST_MS;
  private soon: ReturnType<typeof setTimeout> | undefined;
  private inflight = new Set<Promise<boolean>>();
  /** Why the last write failed, while saving fails. */
  failing: string | undefined;
  /** Save stamps of keys this tab wrote recently (see SyncMessage.stamp). */
  readonly stamps = new Map<string, number>();
  /** The engine's libraries changed since they were last written (they go in the workspace's meta record). */
  private functionsDirty = false;
  /** The libraries' version (Scripting.librariesVersion) last seen. */
  private functionsSeen = 0;
  /** Set while a change must not be saved (applying another tab's write, loading a workspace). */
  quiet = false;
  /** Time the last write took (ms), for measurements. */
  lastWriteMs = 0;

  constructor(
    private readonly store: KeyStore,
    private readonly hooks: SaverHooks,
  ) {}

  private meta(engine: Engine): WorkspaceMeta {
    const mark = this.hooks.timelineMark?.();
    const base = { now: engine.clock.now(), functions: engine.scripting.libraryCodes() };
    return mark === undefined ? base : { ...base, timeline: mark };
  }

  private wall(): number {
    // Sub-millisecond: two tabs writing in the same millisecond still get an order.
    return this.hooks.wall?.() ?? performance.timeOrigin + performance.now();
  }

  /** The engine's libraries were replaced by saved ones (loading a workspace, another tab's write): nothing to write. */
  librariesLoaded(): void {
    this.functionsSeen = this.hooks.engine().scripting.librariesVersion;
    this.functionsDirty = false;
  }

  /** True while a change of the libraries here is not yet written. */
  get librariesPending(): boolean {
    return this.functionsDirty || this.functionsSeen !== this.hooks.engine().scripting.librariesVersion;
  }

  /** Records the keys a command (or expiry, or eviction) changed. */
  note(e: CommandEvent): void {
    if (this.quiet) return;
    let any = false;
    const libs = this.hooks.engine().scripting.librariesVersion;
    if (libs !== this.functionsSeen) {
      this.functionsSeen = libs;
      this.functionsDirty = true;
      any = true;
    }
    for (const list of [e.writes, e.deletes, e.expired]) {
      for (const r of list) {
        this.mark(r.db, r.key);
        any = true;
      }
    }
    if (any) this.flushSoon();
  }

  private mark(db: number, key: string): void {
    let set = this.dirty.get(db);
    if (set === undefined) this.dirty.set(db, (set = new Set()));
    set.add(key);
  }

  /** True while the key has changes not yet written. */
  isDirty(db: number, key: string): boolean {
    if (this.dirty.get(db)?.has(key)) return true;
    for (const w of this.writing) if (w.get(db)?.has(key)) return true;
    return false;
  }

  /** Marks a whole database to be written again from scratch (its saved keys replaced). */
  rewriteDb(db: number): void {
    this.cleared.add(db);
    const d = this.hooks.engine().dbs[db];
    if (d) for (const k of d.data.keys()) this.mark(db, k);
    this.flushSoon();
  }

  /** Marks the whole keyspace to be written again from scratch. */
  rewriteAll(): void {
    this.hooks.engine().dbs.forEach((_, i) => this.rewriteDb(i));
  }

  /** The store's copy of the workspace is replaced by the engine's keys (a new workspace). */
  private wipe = false;

  wipeAll(): void {
    this.wipe = true;
    this.functionsDirty = true;
    this.cleared.clear();
    this.rewriteAll();
    this.cleared.clear();
  }

  /** Drops what is pending (the engine's keys were replaced by a workspace's saved ones). */
  forget(): void {
    this.dirty.clear();
    this.functionsDirty = false;
    this.cleared.clear();
    this.wipe = false;
    if (this.bigTimer) clearTimeout(this.bigTimer);
    this.bigTimer = undefined;
  }

  private flushSoon(): void {
    this.soon ??= setTimeout(() => {
      this.soon = undefined;
      void this.flush();
    }, 0);
  }

  get pending(): boolean {
    return this.dirty.size > 0 || this.cleared.size > 0 || this.wipe || this.functionsDirty;
  }

  /**
   * Writes what changed, as one transaction built in slices of SAVE_SLICE
   * keys: the first slice now, each next one when the store asks for it
   * (after the slice before is written, with requests answered in
   * between), each key's value copied as its slice is built. `all`
   * includes big values not yet due. Resolves true when the write (if any)
   * worked.
   */
  flush(opts: { all?: boolean } = {}): Promise<boolean> {
    this.placing = undefined;
    if (!this.pending) return Promise.resolve(this.failing === undefined);
    const engine = this.hooks.engine();
    const head: SaveOp[] = [];
    const wipe = this.wipe;
    const cleared = new Set(this.cleared);
    if (wipe) head.push({ op: 'wipe' });
    else for (const db of [...cleared].sort((a, b) => a - b)) head.push({ op: 'clear', db });
    const taken = this.dirty;
    const functions = this.functionsDirty;
    this.functionsDirty = false;
    this.functionsSeen = engine.scripting.librariesVersion;
    this.wipe = false;
    this.cleared.clear();
    this.dirty = new Map();
    const queue: [number, Set<string>][] = [];
    for (const [dbIndex, keys] of taken) {
      const d = engine.dbs[dbIndex];
      if (d === undefined) continue;
      // An emptied database (FLUSHDB of many keys): one range delete instead of a delete per key.
      if (d.data.size === 0 && keys.size > 100 && !cleared.has(dbIndex) && !wipe) {
        head.push({ op: 'clear', db: dbIndex });
        continue;
      }
      queue.push([dbIndex, keys]);
    }
    const ws = this.workspace;
    const changes = engine.memory.changes;
    const stamp = this.wall();
    this.prune(stamp);
    const all: SaveOp[] = [];
    let big = 0;
    let buildMs = 0;
    let q = 0;
    let iter: Iterator<string> | undefined;
    let first = true;
    /** The next slice of ops, built from the engine's values as they are now; undefined when every key was visited. */
    const slice = (): SaveOp[] | undefined => {
      if (ws !== this.workspace || this.hooks.engine() !== engine) return undefined; // switched away: the rest is not this workspace's
      const t0 = performance.now();
      const now = engine.clock.now();
      const ops: SaveOp[] = first ? head : [];
      const had = first;
      first = false;
      let visited = 0;
      while (q < queue.length && visited < SAVE_SLICE) {
        const [dbIndex, keys] = queue[q]!;
        const d = engine.dbs[dbIndex]!;
        iter ??= keys.values();
        const n = iter.next();
        if (n.done) {
          iter = undefined;
          q++;
          continue;
        }
        visited++;
        const key = n.value;
        if (this.isDirtyNow(dbIndex, key)) continue; // changed again since: written by the next write
        // A plain string stored compactly is read as it is (no entry object made for it).
        const plain = d.data.compactValue(key);
        const entry = plain === undefined ? (d.data.peek(key) as Entry | undefined) : undefined;
        const at = d.expires.get(key);
        if ((plain === undefined && entry === undefined) || (at !== undefined && at <= now)) {
          if (!cleared.has(dbIndex) && !wipe) ops.push({ op: 'del', db: dbIndex, key });
          continue;
        }
        if (entry !== undefined && !opts.all && entry.type !== 'string' && entrySize(entry) > BIG_ELEMENTS) {
          this.mark(dbIndex, key);
          big++;
          continue;
        }
        ops.push({ op: 'put', db: dbIndex, key, value: plain !== undefined ? { type: 'string', v: plain } : dumpValue(entry!), expireAt: at ?? -1 });
      }
      for (const o of ops) {
        if (o.op !== 'put' && o.op !== 'del') continue;
        const k = id(o.db, o.key);
        if ((this.stamps.get(k) ?? -Infinity) > stamp) continue; // a later write of it was built first
        this.stamps.delete(k);
        this.stamps.set(k, stamp);
      }
      for (const o of ops) all.push(o);
      buildMs += performance.now() - t0;
      if (q >= queue.length) this.writing.delete(taken);
      return ops.length > 0 || had || q < queue.length ? ops : undefined;
    };
    this.writing.add(taken);
    // The first slice now, so the changes of the request just answered are on their way.
    const firstOps = slice();
    const done0 = q >= queue.length;
    if (!functions && (firstOps === undefined || (firstOps.length === 0 && done0))) {
      this.writing.delete(taken);
      this.afterBuild(big, opts.all === true, buildMs);
      return Promise.resolve(this.failing === undefined);
    }
    let gaveFirst = false;
    let placed = (): void => {};
    if (!done0) this.placing = new Promise<void>((r) => (placed = r));
    const next = (): readonly SaveOp[] | undefined => {
      if (!gaveFirst) {
        gaveFirst = true;
        return firstOps;
      }
      const ops = slice();
      if (ops === undefined || (ops.length === 0 && q >= queue.length)) {
        this.afterBuild(big, opts.all === true, buildMs);
        placed();
        return undefined;
      }
      return ops;
    };
    const started = performance.now();
    let write: Promise<void>;
    const meta = this.meta(engine);
    try {
      // All in one slice: handed over as a list (the store can commit it at once).
      write = this.store.write(ws, done0 ? (this.afterBuild(big, opts.all === true, buildMs), firstOps ?? []) : next, meta, stamp);
    } catch (e) {
      write = Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    void write.then(placed, placed);
    const done = write.then(
      () => {
        this.writing.delete(taken);
        this.lastWriteMs = performance.now() - started;
        if (ws === this.workspace && this.hooks.engine() === engine) engine.persistence.saved(changes);
        if (this.failing !== undefined) {
          this.failing = undefined;
          this.retryMs = RETRY_FIRST_MS;
          engine.persistence.lastBgsaveOk = true;
          this.hooks.status({ ok: true, message: 'Saving works again: your keys are saved in this browser.' });
        }
        this.hooks.saved?.({ ws, stamp, ops: all, ...(functions ? { functions: meta.functions } : {}) });
        return true;
      },
      (e: unknown) => {
        const reason = e instanceof Error ? e.message : String(e);
        this.writing.delete(taken);
        // Every key this write was for goes back (their current values are written next time).
        if (ws === this.workspace) {
          if (wipe) this.wipeAll();
          else for (const o of head) if (o.op === 'clear') this.rewriteDb(o.db);
          for (const [dbIndex, keys] of taken) for (const k of keys) this.mark(dbIndex, k);
          if (functions) this.functionsDirty = true;
        }
        const firstTime = this.failing !== reason;
        this.failing = reason;
        engine.persistence.lastBgsaveOk = false;
        if (firstTime) this.hooks.status({ ok: false, message: `Your latest changes could not be saved: ${reason}. Saving is retried by itself.` });
        this.scheduleRetry();
        return false;
      },
    );
    this.inflight.add(done);
    void done.then(() => this.inflight.delete(done));
    return done;
  }

  /**
   * While the write the last `flush` started is still being placed in
   * slices: resolves once every slice is handed to the store (then a page
   * closed keeps it). The worker answers the request that caused it then.
   */
  placing: Promise<void> | undefined;

  /** Keys handed to a write that has not built them yet. */
  private readonly writing = new Set<Map<number, Set<string>>>();

  private isDirtyNow(db: number, key: string): boolean {
    return this.dirty.get(db)?.has(key) ?? false;
  }

  private afterBuild(big: number, all: boolean, buildMs: number): void {
    if (big > 0) this.bigTimer ??= setTimeout(() => ((this.bigTimer = undefined), void this.flush({ all: true })), this.bigDelay);
    if (all && big === 0) this.bigDelay = Math.max(1000, 5 * buildMs);
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush({ all: true });
    }, this.retryMs);
    this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
  }

  private prune(wall: number): void {
    for (const [k, s] of this.stamps) {
      if (wall - s > STAMP_MEMORY_MS) this.stamps.delete(k);
      else break; // in insertion order, which is time order
    }
  }

  /** Writes everything pending, big values included, and waits for every write: true when all worked. */
  async settle(): Promise<boolean> {
    const last = this.flush({ all: true });
    await Promise.all([...this.inflight, last]);
    return this.failing === undefined && !this.pending;
  }

  /** The save stamp this tab gave the key, if recent. */
  stampOf(db: number, key: string): number | undefined {
    return this.stamps.get(id(db, key));
  }
}
