import type { Entry, EntryOf, EntryType } from './entry';
import { E } from './errors';
import { KeyTable } from './keytable';
import { RedisError } from './parse';
import { ScanIndex } from './scan';

/** A key some client WATCHes; shared between the client's list and its Db's. */
export interface WatchedKey {
  readonly db: number;
  readonly key: string;
  /** The key was logically expired when WATCHed. */
  expired: boolean;
  readonly client: { dirtyCas: boolean };
}

/** Who is told about key reads, writes, deletions and expiries. */
export interface KeyTracker {
  now(): number;
  /** `entry` is what the lookup found (undefined: a miss). */
  read(db: number, key: string, entry: Entry | undefined): void;
  /**
   * `entry`, when given, is the key's entry now (saves looking it up again);
   * `old`, the entry it replaced when that was another object; `whole`:
   * the value was replaced as a whole in the same entry (see Db.replaced).
   */
  written(db: number, key: string, entry?: Entry, old?: Entry, whole?: boolean): void;
  /** `entry` is the entry just removed. */
  deleted(db: number, key: string, entry?: Entry): void;
  expired(db: number, key: string, entry?: Entry): void;
  /** A key was added to the main dictionary (dbAdd: the `new` keyspace event). */
  created(db: number, key: string): void;
}

/**
 * One Redis database: the main dictionary plus the expires dictionary, as in
 * Redis. Every lookup goes through `lookup`, which expires lazily against the
 * injected clock.
 */
export class Db {
  /** Not readonly only so that SWAPDB can exchange two databases' contents (`swapWith`). */
  data: KeyTable;
  expires = new Map<string, number>();
  /** Expiry times beyond 2^53 ms, exactly (see core/expire.ts); travels with `expires` on SWAPDB. */
  exactExpires: Map<string, bigint> | undefined;
  /** Insertion-ordered key index behind SCAN and RANDOMKEY (see core/scan.ts). */
  readonly scanIndex = new ScanIndex();
  /** True when `key` is in the main dictionary (expired or not). */
  readonly isStored = (key: string): boolean => this.data.has(key);
  /** Clients WATCHing keys of this database (multi.c's db->watched_keys). */
  private readonly watchers = new Map<string, WatchedKey[]>();

  constructor(
    readonly id: number,
    private readonly tracker: KeyTracker,
  ) {
    this.data = new KeyTable(id);
  }

  get size(): number {
    return this.data.size;
  }

  /** Deletes the key if its TTL has passed. Returns true if it was expired. */
  expireIfNeeded(key: string): boolean {
    const at = this.expires.get(key);
    if (at === undefined || at > this.tracker.now()) return false;
    this.unlink(key, this.data.peek(key), true);
    return true;
  }

  /**
   * Removes a stored key (its entry `e`, from `peek`) with its TTL, touches
   * its watchers and tells the tracker it expired or was deleted.
   */
  private unlink(key: string, e: Entry | undefined, expired: boolean): void {
    this.data.delete(key);
    this.expires.delete(key);
    this.bump(key);
    if (expired) this.tracker.expired(this.id, key, e);
    else this.tracker.deleted(this.id, key, e);
  }

  /** Looks a key up for reading. */
  lookup(key: string): Entry | undefined {
    if (this.expires.size !== 0) this.expireIfNeeded(key);
    const e = this.data.get(key);
    this.tracker.read(this.id, key, e);
    return e;
  }

  /** Looks a key up without marking it as read (for writes). */
  peek(key: string): Entry | undefined {
    if (this.expires.size !== 0) this.expireIfNeeded(key);
    return this.data.get(key);
  }

  /** Looks up a key that must hold `type` if it exists; WRONGTYPE otherwise. */
  get<T extends EntryType>(key: string, type: T): EntryOf<T> | undefined {
    const e = this.lookup(key);
    if (e === undefined) return undefined;
    if (e.type !== type) throw new RedisError(E.WRONGTYPE);
    return e as EntryOf<T>;
  }

  /** Like `get` but without marking a read; for write paths. */
  getForWrite<T extends EntryType>(key: string, type: T): EntryOf<T> | undefined {
    const e = this.peek(key);
    if (e === undefined) return undefined;
    if (e.type !== type) throw new RedisError(E.WRONGTYPE);
    return e as EntryOf<T>;
  }

  has(key: string): boolean {
    return this.peek(key) !== undefined;
  }

  /**
   * Stores an entry. Like Redis's setKey, this drops any TTL unless
   * `keepTtl` is true.
   */
  set(key: string, entry: Entry, keepTtl = false): void {
    const old = this.data.peek(key);
    this.data.set(key, entry);
    if (old === undefined) {
      this.indexKey(key);
      this.tracker.created(this.id, key);
    }
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    this.bump(key);
    this.tracker.written(this.id, key, entry, old);
  }

  /**
   * `set` for the entry the key already holds (from `peek`) after its value
   * was replaced in place: drops the TTL unless `keepTtl` and signals the
   * write, without storing the entry again.
   */
  replaced(key: string, entry: Entry, keepTtl = false): void {
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key);
    this.bump(key);
    this.tracker.written(this.id, key, entry, undefined, true);
  }

  /** Adds an entry for a key known to be absent (no TTL to drop). */
  add(key: string, entry: Entry): void {
    if (this.data.add(key, entry)) {
      this.indexKey(key);
      this.tracker.created(this.id, key);
    }
    this.bump(key);
    this.tracker.written(this.id, key, entry);
  }

  /**
   * Rebuilds the SCAN index from the main dictionary. Call it after filling
   * `data` directly (loading a snapshot); set/add keep it current otherwise.
   */
  reindex(): void {
    this.scanIndex.clear();
    this.scanIndex.resync(this.data.keys(), this.isStored);
  }

  /** Makes sure the SCAN index knows every key (cheap check; see `reindex`). */
  ensureIndexed(): void {
    if (this.scanIndex.length < this.data.size) this.scanIndex.resync(this.data.keys(), this.isStored);
  }

  private indexKey(key: string): void {
    this.scanIndex.added(key, this.data.size, this.isStored);
    // Keys stored by anything that bypassed set/add are picked up at compaction.
    if (this.scanIndex.length < this.data.size) this.scanIndex.resync(this.data.keys(), this.isStored);
  }

  /**
   * SWAPDB: exchanges the contents (keys, TTLs, scan index) with another
   * database. Identity-bound state (WATCH versions, blocked clients) stays, as
   * in Redis; watched keys of both databases are touched.
   */
  swapWith(other: Db): void {
    this.touchWatchedOnSwap(other);
    other.touchWatchedOnSwap(this);
    for (const db of [this, other]) for (const [k, e] of db.data) db.tracker.deleted(db.id, k, e);
    [this.data, other.data] = [other.data, this.data];
    this.data.db = this.id;
    other.data.db = other.id;
    [this.expires, other.expires] = [other.expires, this.expires];
    [this.exactExpires, other.exactExpires] = [other.exactExpires, this.exactExpires];
    this.scanIndex.swap(other.scanIndex);
    this.expireCursor = undefined;
    other.expireCursor = undefined;
    for (const db of [this, other]) for (const [k, e] of db.data) db.tracker.written(db.id, k, e);
  }

  /**
   * touchAllWatchedKeysInDb(this, replacedWith) before a swap: a watched key
   * that exists on either side changes, except an expired key that stays
   * expired (or goes away), and a missing key replaced by an expired one.
   */
  private touchWatchedOnSwap(replacedWith: Db): void {
    for (const [key, list] of this.watchers) {
      const inThis = this.data.has(key);
      const inOther = replacedWith.data.has(key);
      if (!inThis && !inOther) continue;
      for (const wk of list) {
        if (wk.expired) {
          if (!inOther) {
            wk.expired = false;
            continue;
          }
          if (replacedWith.isLogicallyExpired(key)) continue;
        } else if (!inThis && replacedWith.isLogicallyExpired(key)) {
          wk.expired = true;
          continue;
        }
        wk.client.dirtyCas = true;
      }
    }
  }

  /**
   * Signals an in-place modification of a key's value (signalModifiedKey).
   * `entry`, when the caller has it, is the key's entry (saves a lookup).
   */
  modified(key: string, entry?: Entry): void {
    this.bump(key);
    this.tracker.written(this.id, key, entry);
  }

  delete(key: string): boolean {
    if (this.expires.size !== 0) this.expireIfNeeded(key);
    const e = this.data.peek(key);
    if (e === undefined) return false;
    this.unlink(key, e, false);
    return true;
  }

  /** Absolute expiry time in ms, or undefined when the key has none. */
  getExpire(key: string): number | undefined {
    return this.expires.get(key);
  }

  setExpire(key: string, at: number): void {
    this.expires.set(key, at);
    this.modified(key);
  }

  /** Removes a TTL. Returns true when there was one. */
  persist(key: string): boolean {
    if (!this.expires.delete(key)) return false;
    this.modified(key);
    return true;
  }

  /** All live keys (expired ones are skipped, not deleted). */
  *keys(): IterableIterator<string> {
    const now = this.tracker.now();
    for (const k of this.data.keys()) {
      const at = this.expires.get(k);
      if (at !== undefined && at <= now) continue;
      yield k;
    }
  }

  clear(): void {
    // Watched keys that exist are touched after the flush (touchAllWatchedKeysInDb),
    // so that a key watched while already expired counts as unchanged.
    const watched = this.watchers.size === 0 ? undefined : [...this.watchers.keys()].filter((k) => this.data.has(k));
    for (const [k, e] of this.data.view()) this.tracker.deleted(this.id, k, e);
    this.data.clear();
    this.expires.clear();
    this.scanIndex.clear();
    if (watched !== undefined) for (const k of watched) this.bump(k);
  }

  /** WATCH: registers a watched key (its `expired` flag says whether it was logically expired). */
  watch(wk: WatchedKey): void {
    const list = this.watchers.get(wk.key);
    if (list === undefined) this.watchers.set(wk.key, [wk]);
    else list.push(wk);
  }

  unwatch(wk: WatchedKey): void {
    const list = this.watchers.get(wk.key);
    if (list === undefined) return;
    const i = list.indexOf(wk);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.watchers.delete(wk.key);
  }

  /** True when the key has a TTL in the past (expired but not yet deleted). */
  isLogicallyExpired(key: string): boolean {
    const at = this.expires.get(key);
    return at !== undefined && at <= this.tracker.now();
  }

  /**
   * touchWatchedKey: every modification (writes, deletions, expiries,
   * flushes, SWAPDB) marks the clients watching the key as dirty. A key that
   * was already expired when watched is not "changed" by its deletion.
   */
  private bump(key: string): void {
    if (this.watchers.size === 0) return;
    const list = this.watchers.get(key);
    if (list === undefined) return;
    for (const wk of list) {
      if (wk.expired && !this.data.has(key)) {
        wk.expired = false;
        continue;
      }
      wk.client.dirtyCas = true;
    }
  }

  private expireCursor: Iterator<[string, number]> | undefined;

  /**
   * The next key with a TTL in a round-robin walk over the expires table (a
   * live Map iterator survives deletions). Call only when expires is not empty.
   */
  nextExpireSample(): [string, number] {
    let r = this.expireCursor?.next();
    if (r === undefined || r.done === true) {
      this.expireCursor = this.expires.entries();
      r = this.expireCursor.next();
    }
    return r.value as [string, number];
  }
}
