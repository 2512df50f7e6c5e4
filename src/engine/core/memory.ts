/**
 * Memory accounting: what each key would cost in Redis 7.0 (MEMORY USAGE),
 * a running estimate of the whole dataset (INFO's used_memory, the
 * maxmemory check), per-key access metadata (OBJECT IDLETIME/FREQ, LRU and
 * LFU eviction) and the eviction policies themselves.
 *
 * Sizes follow Redis's own structures on a 64-bit build with jemalloc's
 * size classes (16-byte quantum, as Debian's redis-server uses): an robj is
 * 16 bytes, a dictEntry 24, a dict 56, sds strings carry a 1/3/5/9/17 byte
 * header, listpack entries are sized like lpEncode does, quicklist nodes are
 * 40 bytes, skiplist nodes 24 + 16 per level. For strings, listpacks and
 * intsets the figures match MEMORY USAGE byte for byte; for big aggregates
 * they are estimates from a sample of elements, as Redis's are.
 *
 * The running estimate is cheap: the keyspace reports every written and
 * deleted key (KeyTracker); written keys are measured once at the end of the
 * command (strings O(1), aggregates O(samples)) and the difference is added.
 */
import type { Config } from './config';
import { EMBSTR_LIMIT, isInt64String, objectEncoding, quickEncoding, stringEncoding } from './encoding';
import type { Entry } from './entry';
import { E } from './errors';
import type { Db } from './keyspace';
import { RedisError } from './parse';
import type { Deque } from '../types/deque';
import { SortedSet } from '../types/zset';
import { formatStoredScore } from '../../text/double';

// ---- Allocation sizes ----------------------------------------------------

/** jemalloc's size class for a request of n bytes (4 classes per doubling, 16-byte quantum). */
export function allocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return (n + 15) & ~15;
  // Group base: the largest power of two strictly below n; step is a quarter of it.
  const m = n - 1;
  const base = m === (m | 0) ? 2 ** (31 - Math.clz32(m)) : 2 ** Math.floor(Math.log2(m));
  const step = base / 4;
  return Math.ceil(n / step) * step;
}

const ROBJ = 16;
const DICT_ENTRY = 24;
const DICT = 56;
const QUICKLIST = 40;
const QUICKLIST_NODE = 40;
const ZSET_STRUCT = 16;
const ZSKIPLIST = 32;
/** zmalloc(24 + 32 levels * 16) for the skiplist header node. */
const ZSL_HEADER = 640;
/** Average skiplist node allocation (24 + 16 * level, p = 1/4). */
const ZSL_NODE_AVG = 52;

/** sds header size for a string of `len` bytes; `type5` allows the 1-byte header (sdsnewlen/sdsdup). */
function sdsHeader(len: number, type5: boolean): number {
  if (len < 32 && type5 && len > 0) return 1;
  if (len < 256) return 3;
  if (len < 65536) return 5;
  if (len < 4294967296) return 9;
  return 17;
}

/** Allocation of an sds string (sdsZmallocSize). */
export function sdsAlloc(len: number, type5 = true): number {
  return allocSize(sdsHeader(len, type5) + len + 1);
}

/** Bytes a string takes inside a listpack (encoding + data + backlen). */
export function lpEntrySize(s: string): number {
  let enc: number;
  if (s.length <= 20 && isInt64String(s)) {
    const v = Number(s);
    if (v >= 0 && v <= 127) enc = 1;
    else if (v >= -4096 && v <= 4095) enc = 2;
    else if (v >= -32768 && v <= 32767) enc = 3;
    else if (v >= -8388608 && v <= 8388607) enc = 4;
    else if (v >= -2147483648 && v <= 2147483647) enc = 5;
    else enc = 9;
  } else {
    const n = s.length;
    enc = n < 64 ? 1 + n : n < 4096 ? 2 + n : 5 + n;
  }
  const back = enc <= 127 ? 1 : enc < 16383 ? 2 : enc < 2097151 ? 3 : enc < 268435455 ? 4 : 5;
  return enc + back;
}

/** Hash table bucket count for n entries (power of two, at least 4). */
function dictSlots(n: number): number {
  if (n <= 4) return 4;
  return n <= 0x40000000 ? 2 ** (32 - Math.clz32(n - 1)) : 2 ** Math.ceil(Math.log2(n));
}

/** Averages `f` over at most `samples` items (all when samples <= 0), times `count`. */
function sampled<T>(items: Iterable<T>, count: number, samples: number, f: (x: T) => number): number {
  if (count === 0) return 0;
  let sum = 0;
  let n = 0;
  for (const x of items) {
    sum += f(x);
    if (++n === samples) break;
  }
  return n === 0 ? 0 : Math.round((sum / n) * count);
}

/** Listpack bytes per quicklist node for list-max-listpack-size `fill`. */
function listNodeBytesLimit(fill: number): number {
  if (fill >= 0) return Infinity;
  const sizes = [4096, 8192, 16384, 32768, 65536];
  return sizes[Math.min(-fill, 5) - 1]!;
}

/** Elements inspected per aggregate by the running estimate (`fast`). */
const FAST_SAMPLES = 8;

/**
 * The bytes a value occupies (objectComputeSize). `samples` bounds the
 * number of elements inspected in big aggregates; 0 inspects them all.
 * Compact encodings (listpack, intset) are measured exactly, as Redis does,
 * unless `fast` (the running estimate) asks for a sample there too.
 */
export function valueBytes(e: Entry, config: Config, samples = 5, fast = false): number {
  const enc = fast ? quickEncoding(e, config) : objectEncoding(e, config);
  switch (e.type) {
    case 'string': {
      const len = e.value.length;
      if (enc === 'int') return ROBJ;
      if (enc === 'embstr' && len <= EMBSTR_LIMIT) return allocSize(ROBJ + 3 + len + 1);
      return ROBJ + sdsAlloc(len, false);
    }
    case 'list': {
      const n = e.value.length;
      const fill = config.num('list-max-listpack-size');
      const all = samples <= 0 || n <= (fast ? FAST_SAMPLES : Math.max(samples, 128));
      const total = all ? sumOf(e.value, lpEntrySize) : sampledList(e.value, n, Math.max(samples, 32));
      const nodes = Math.max(1, fill > 0 ? Math.ceil(n / fill) : Math.ceil(total / listNodeBytesLimit(fill)));
      const perNode = QUICKLIST_NODE + allocSize(Math.ceil(total / nodes) + 7);
      return ROBJ + QUICKLIST + perNode * nodes;
    }
    case 'hash': {
      const h = e.value;
      if (enc === 'listpack') {
        if (fast && h.size > FAST_SAMPLES) return ROBJ + allocSize(7 + sampled(h, h.size, FAST_SAMPLES, lpPairSize));
        let lp = 7;
        for (const kv of h) lp += lpPairSize(kv);
        return ROBJ + allocSize(lp);
      }
      return (
        ROBJ +
        DICT +
        8 * dictSlots(h.size) +
        sampled(h, h.size, samples, htPairSize)
      );
    }
    case 'set': {
      const s = e.value;
      if (enc === 'intset') {
        if (fast && s.size > FAST_SAMPLES) return ROBJ + allocSize(8 + 8 * s.size);
        let width = 2;
        for (const m of s) {
          const v = Number(m);
          if (v < -2147483648 || v > 2147483647) {
            width = 8;
            break;
          }
          if (v < -32768 || v > 32767) width = 4;
        }
        return ROBJ + allocSize(8 + width * s.size);
      }
      return ROBJ + DICT + 8 * dictSlots(s.size) + sampled(s, s.size, samples, htMemberSize);
    }
    default:
      return otherBytes(e, enc, samples, fast);
  }
}

// Per-element sizes (module-level, so measuring allocates no closures).
function lpPairSize([k, v]: readonly [string, string]): number {
  return lpEntrySize(k) + lpEntrySize(v);
}
function htPairSize([k, v]: readonly [string, string]): number {
  return DICT_ENTRY + sdsAlloc(k.length) + sdsAlloc(v.length);
}
function htMemberSize(m: string): number {
  return DICT_ENTRY + sdsAlloc(m.length);
}
function lpScoredSize([m, sc]: readonly [string, number]): number {
  return lpEntrySize(m) + lpEntrySize(formatStoredScore(sc));
}
function zslMemberSize([m]: readonly [string, number]): number {
  return sdsAlloc(m.length) + DICT_ENTRY + ZSL_NODE_AVG;
}
function zslMemberSize2(m: string): number {
  return sdsAlloc(m.length) + DICT_ENTRY + ZSL_NODE_AVG;
}

/** `sampled(list, count, samples, lpEntrySize)` by index, without an iterator. */
function sampledList(list: Deque<string>, count: number, samples: number): number {
  const k = Math.min(samples, count);
  if (k === 0) return 0;
  let sum = 0;
  for (let i = 0; i < k; i++) sum += lpEntrySize(list.at(i)!);
  return Math.round((sum / k) * count);
}

function sumOf(items: Iterable<string>, f: (s: string) => number): number {
  let t = 0;
  for (const x of items) t += f(x);
  return t;
}

/** Types defined by other modules: sorted sets (iterable of [member, score]) and anything else. */
function otherBytes(e: { type: string; value?: unknown }, enc: string, samples: number, fast: boolean): number {
  const v = e.value;
  if (e.type === 'zset' && isPairIterable(v)) {
    const size = v.size;
    if (enc === 'listpack') {
      if (fast && size > FAST_SAMPLES) {
        return ROBJ + allocSize(7 + sampled(v, size, FAST_SAMPLES, lpScoredSize));
      }
      let lp = 7;
      for (const [m, sc] of v) lp += lpEntrySize(m) + lpEntrySize(formatStoredScore(sc));
      return ROBJ + allocSize(lp);
    }
    return (
      ROBJ +
      ZSET_STRUCT +
      ZSKIPLIST +
      DICT +
      8 * dictSlots(size) +
      ZSL_HEADER +
      (v instanceof SortedSet ? sampledZset(v, size, samples) : sampled(v, size, samples, zslMemberSize))
    );
  }
  // Unknown shapes: a small object plus ~64 bytes per element when the size is known.
  const n = typeof v === 'object' && v !== null ? countOf(v) : 0;
  return ROBJ + 64 + 64 * n;
}

interface PairIterable {
  readonly size: number;
  [Symbol.iterator](): Iterator<[string, number]>;
}

function isPairIterable(v: unknown): v is PairIterable {
  return typeof v === 'object' && v !== null && 'size' in v && typeof v.size === 'number' && Symbol.iterator in v;
}

/** `sampled(z, count, samples, zslMemberSize)` without iterating pairs. */
function sampledZset(z: SortedSet, count: number, samples: number): number {
  if (count === 0) return 0;
  const n = samples <= 0 ? count : Math.min(samples, count);
  return n === 0 ? 0 : Math.round((z.sumFirst(n, zslMemberSize2) / n) * count);
}

function countOf(v: object): number {
  if ('size' in v && typeof v.size === 'number') return v.size;
  if ('length' in v && typeof v.length === 'number') return v.length;
  return 0;
}

/**
 * keyUsage of a string that was not edited in place (its encoding follows
 * its value), from the key and value alone.
 */
/** See MemoryMeter.checkGrowth: how much one step may grow memory past maxmemory. */
const GROWTH_ALLOWED_OVER = 1024 * 1024;

export function plainStringUsage(key: string, value: string): number {
  const len = value.length;
  const enc = stringEncoding(value);
  const v = enc === 'int' ? ROBJ : enc === 'embstr' ? allocSize(ROBJ + 3 + len + 1) : ROBJ + sdsAlloc(len, false);
  return v + sdsAlloc(key.length) + DICT_ENTRY;
}

/** MEMORY USAGE: the value plus the key's sds and its dictEntry. */
export function keyUsage(key: string, e: Entry, config: Config, samples = 5, fast = false): number {
  return valueBytes(e, config, samples, fast) + sdsAlloc(key.length) + DICT_ENTRY;
}

// ---- The running estimate ------------------------------------------------

/** What a freshly started redis-server reports as used_memory_startup. */
export const STARTUP_BYTES = 876016;
/** A connected, idle client's buffers (CLIENT LIST tot-mem of an idle client). */
export const CLIENT_BYTES = 1838;
/** Written keys waiting to be measured before `settleBatch` measures them. */
const SETTLE_BATCH = 128;
/** Eviction candidates kept between rounds (EVPOOL_SIZE). */
const POOL_SIZE = 16;

/**
 * Per-key metadata: estimated bytes and Redis's 24-bit `lru` object field.
 * As in Redis the field holds either an LRU clock (seconds, 24 bits) or,
 * while an LFU policy is selected, a minutes timestamp (16 bits) and a
 * logarithmic counter (8 bits); switching policies leaves old values to be
 * reinterpreted, exactly as Redis does.
 *
 * The record lives on the key's entry itself (entry.ts's KeyStatFields), so
 * a key access costs one dictionary lookup. `sKey`/`sDb` name the key the
 * record is about: an entry copied with a spread (COPY) or stored under a
 * second key (MOVE stores before it deletes) carries a record that is not
 * its key's, and is given a fresh one; a live owner's record it displaced is
 * kept aside (`displaced`) until that key goes.
 */
export interface KeyStat {
  /** The key this record is about; undefined once the key was deleted. */
  sKey: string | undefined;
  sDb: number;
  /** Redis's lru field. */
  lru: number;
  /** Estimated bytes (value + key + dictEntry), as of the last settle. */
  bytes: number;
  /**
   * Waiting in the meter's pending list to be measured at the next settle.
   * A record re-claimed while waiting keeps its one slot and is measured
   * under its new key.
   */
  queued: boolean;
}

const LFU_INIT_VAL = 5;
const LRU_CLOCK_MAX = 0xffffff;

/** LRU_CLOCK(): seconds resolution, 24 bits. */
function lruClock(now: number): number {
  return Math.floor(now / 1000) & LRU_CLOCK_MAX;
}

/** LFUGetTimeInMinutes(). */
function lfuMinutes(now: number): number {
  return Math.floor(now / 60000) & 0xffff;
}

export interface MemoryHost {
  readonly dbs: readonly Db[];
  readonly config: Config;
  now(): number;
  random(): number;
  clientCount(): number;
  /** A key was evicted (after its deletion): the `evicted` keyspace event. */
  evicted?(db: number, key: string): void;
}

/**
 * The dataset's running size and per-key access metadata, kept per database
 * index. Fed by the Engine's KeyTracker callbacks.
 */
export class MemoryMeter {
  private datasetBytes = 0;
  /** Sum of the keys' estimated bytes. */
  get dataset(): number {
    this.settleCommitted();
    return this.datasetBytes;
  }
  /** Highest used_memory seen (INFO used_memory_peak). */
  peak = STARTUP_BYTES;
  evictedKeys = 0;
  /** Modifications since start (INFO rdb_changes_since_last_save, like server.dirty). */
  changes = 0;
  /** Records of keys whose entry carries another key's record (see KeyStat); almost always empty. */
  private readonly displaced: Map<string, KeyStat>[];
  private displacedCount = 0;
  /** Stats of keys written by the running command, each once, measured by `settle`. */
  private pending: KeyStat[] = [];
  /** How many of `pending` were written by commands that have finished. */
  private committed = 0;
  /** Redis's eviction pool (EVPOOL_SIZE candidates, worst first; undefined: an empty place). */
  private readonly pool: ({ db: number; key: string; score: number } | undefined)[] = new Array<undefined>(POOL_SIZE).fill(undefined);
  /** Per database, the keys with a TTL as a list to pick from (volatile-* policies). */
  private readonly volatileSamplers: VolatileSampler[];
  /** The database allkeys-random / volatile-random took its last victim from (Redis's static next_db). */
  private nextDb = -1;

  /** The record the running command wrote last (its next write report is the same access). */
  private lastWritten: KeyStat | undefined;
  /** An LFU maxmemory policy is selected (cached: it is read on every key access). */
  private lfu: boolean;

  constructor(private readonly host: MemoryHost) {
    this.displaced = host.dbs.map(() => new Map());
    this.volatileSamplers = host.dbs.map(() => ({ source: undefined, keys: [], stale: 0 }));
    this.lfu = host.config.maxmemoryPolicy.endsWith('-lfu');
    host.config.onChange((name) => {
      if (name === 'maxmemory-policy') this.lfu = host.config.maxmemoryPolicy.endsWith('-lfu');
    });
  }

  /** used_memory: startup overhead, clients, hash table buckets and the dataset. */
  used(): number {
    let tables = 0;
    for (const db of this.host.dbs) {
      if (db.size === 0) continue;
      tables += 8 * dictSlots(db.size);
      const ex = db.expires.size;
      if (ex > 0) tables += 8 * dictSlots(ex) + DICT_ENTRY * ex;
    }
    this.settleCommitted();
    const u = STARTUP_BYTES + CLIENT_BYTES * this.host.clientCount() + tables + this.datasetBytes;
    if (u > this.peak) this.peak = u;
    return u;
  }

  /** Bytes of bookkeeping outside the dataset (INFO used_memory_overhead). */
  overhead(): number {
    return this.used() - this.datasetBytes;
  }

  /** The stat of a key, if it exists. */
  stat(db: number, key: string): KeyStat | undefined {
    const e = this.host.dbs[db]?.data.get(key);
    return e === undefined ? undefined : this.own(db, key, e);
  }

  /** The record of `key`, whose entry is `e`: the entry's own, or a displaced one. */
  private own(db: number, key: string, e: Entry): KeyStat | undefined {
    if (e.sKey === key && e.sDb === db) return e as Entry & KeyStat;
    return this.displacedCount === 0 ? undefined : this.displaced[db]?.get(key);
  }

  /**
   * Makes `e` carry a fresh record for (db, key). If its record is another
   * live key's (the same entry object stored under two keys), that record is
   * kept aside first.
   */
  private claim(db: number, key: string, e: Entry, lru: number, bytes: number): KeyStat {
    const prevKey = e.sKey;
    if (prevKey !== undefined && e.sDb !== undefined && this.host.dbs[e.sDb]?.data.holds(prevKey, e) === true) {
      const prev = e as Entry & KeyStat;
      this.displaced[prev.sDb]!.set(prevKey, { sKey: prevKey, sDb: prev.sDb, lru: prev.lru, bytes: prev.bytes, queued: false });
      this.displacedCount++;
    }
    e.sKey = key;
    e.sDb = db;
    e.lru = lru;
    e.bytes = bytes;
    e.queued = e.queued === true;
    return e as Entry & KeyStat;
  }

  /** The key of this record is gone. */
  private retire(st: KeyStat): void {
    const key = st.sKey;
    if (key === undefined) return;
    st.sKey = undefined;
    if (this.displacedCount !== 0 && this.displaced[st.sDb]?.get(key) === st) {
      this.displaced[st.sDb]!.delete(key);
      this.displacedCount--;
    }
  }

  // KeyTracker feeds -------------------------------------------------------

  /** A read lookup that found `entry` (undefined: a miss); true when the key exists (a keyspace hit). */
  read(db: number, key: string, entry: Entry | undefined, touch = true): boolean {
    if (entry === undefined) return false;
    const st = this.own(db, key, entry);
    if (st !== undefined) {
      // LOOKUP_NOTOUCH (TTL, TYPE, EXISTS): a hit that leaves the access time as it was.
      if (touch) this.touch(st);
      return true;
    }
    // A key stored without going through Db's writers (a restored snapshot) is adopted here.
    if (db < 0 || db >= this.displaced.length) return true;
    this.track(db, key, entry);
    return true;
  }

  written(db: number, key: string, entry?: Entry, old?: Entry): void {
    this.changes++;
    if (db < 0 || db >= this.displaced.length) return;
    const e = entry ?? this.host.dbs[db]!.data.get(key);
    if (e === undefined) return;
    this.track(db, key, e, old);
  }

  /**
   * Creates or touches the key's stat and queues it to be measured. A new
   * entry object replacing `old` takes over old's record (access time, last
   * measured size), as one per-key record would.
   */
  private track(db: number, key: string, e: Entry, old?: Entry): void {
    let st = this.own(db, key, e);
    if (st === undefined) {
      const prev = old !== undefined && old !== e ? this.own(db, key, old) : undefined;
      if (prev !== undefined) {
        st = this.claim(db, key, e, prev.lru, prev.bytes);
        this.retire(prev);
        this.touch(st);
      } else {
        const now = this.host.now();
        st = this.claim(db, key, e, this.lfuPolicy() ? (lfuMinutes(now) << 8) | LFU_INIT_VAL : lruClock(now), 0);
      }
    } else if (st !== this.lastWritten) {
      // A command that reports the same key again (SET ... EX stores, then sets the TTL) is one
      // access: Redis looks the key up once per write, and a new key is not looked up at all.
      this.touch(st);
    }
    this.lastWritten = st;
    if (!st.queued) {
      st.queued = true;
      this.pending.push(st);
    }
  }

  deleted(db: number, key: string, entry?: Entry): void {
    const e = entry ?? this.host.dbs[db]?.data.get(key);
    const st = e === undefined ? undefined : this.own(db, key, e);
    if (st === undefined) return;
    this.changes++;
    this.datasetBytes -= st.bytes;
    this.retire(st);
  }

  /**
   * Guard for commands that can grow memory a lot in one step (SETRANGE at a
   * far offset, APPEND, DEBUG POPULATE ...): throws Redis's OOM error when
   * `bytes` more would pass maxmemory, before anything is allocated. With
   * maxmemory 0 (no limit) it never throws. A step of up to
   * GROWTH_ALLOWED_OVER bytes may pass the limit, as any command may in
   * Redis (which checks memory before a command, then evicts before the
   * next one); only bigger single steps are refused up front.
   */
  checkGrowth(bytes: number): void {
    const max = this.host.config.maxmemory;
    if (max !== 0 && (bytes === 0 || bytes > GROWTH_ALLOWED_OVER) && this.used() + bytes > max) throw new RedisError(E.OOM);
  }

  /**
   * Measures the written keys once enough of them are waiting. Called after
   * every command: a key written again and again (LPUSH on one list) is
   * measured once per batch instead of once per command. Every reader of the
   * total (`dataset`, `used`, hence INFO, MEMORY STATS and the maxmemory
   * checks) settles first, so it sees the same figure as with measuring
   * after each command.
   */
  settleBatch(): void {
    this.lastWritten = undefined;
    if (this.pending.length >= SETTLE_BATCH) this.settle();
    else this.committed = this.pending.length;
    // Between commands: settled plain strings go back to their compact form (see KeyTable).
    if (this.displacedCount === 0) for (const db of this.host.dbs) if (db.data.compactDue) db.data.compact();
  }

  /** Measures the keys written by commands that have finished (not by the running one). */
  private settleCommitted(): void {
    if (this.committed > 0) this.settle(this.committed);
  }

  /** Measures the keys written since the last settle (the first `upTo` of them). */
  settle(upTo = this.pending.length): void {
    this.committed = 0;
    if (this.pending.length === 0) return;
    const pending = this.pending;
    const n = Math.min(upTo, pending.length);
    this.pending = n === pending.length ? [] : pending.slice(n);
    const config = this.host.config;
    const dbs = this.host.dbs;
    for (let i = 0; i < n; i++) {
      const st = pending[i]!;
      st.queued = false;
      const key = st.sKey;
      if (key === undefined) continue;
      // An entry carries its own record; a displaced record's entry is looked up.
      const e = (st as Partial<Entry>).type !== undefined ? (st as Entry & KeyStat) : dbs[st.sDb]!.data.get(key);
      if (e === undefined) continue;
      const bytes = keyUsage(key, e, config, FAST_SAMPLES, true);
      this.datasetBytes += bytes - st.bytes;
      st.bytes = bytes;
    }
  }

  /** Forgets everything (a fresh engine). */
  reset(): void {
    for (const db of this.host.dbs) {
      for (const e of db.data.values()) {
        e.sKey = undefined;
        e.queued = false;
      }
    }
    for (const st of this.pending) st.queued = false;
    for (const m of this.displaced) m.clear();
    this.displacedCount = 0;
    this.pool.fill(undefined);
    for (const v of this.volatileSamplers) v.source = undefined;
    this.datasetBytes = 0;
    this.pending = [];
    this.committed = 0;
  }

  /**
   * Measures the whole keyspace again, for callers that filled `Db.data`
   * directly (restoring a snapshot): O(number of keys). Access times restart
   * from now, as after a Redis restart.
   */
  rebuild(): void {
    this.reset();
    this.host.dbs.forEach((db, i) => {
      for (const [key, e] of db.data) this.track(i, key, e);
    });
    this.settle();
  }

  /** Resets the peak (CONFIG RESETSTAT / MEMORY PURGE do not; used by tests). */
  resetPeak(): void {
    this.peak = this.used();
  }

  // LRU / LFU --------------------------------------------------------------

  private lfuPolicy(): boolean {
    return this.lfu;
  }

  /** An access (lookupKey): refresh the LRU clock, or decay and bump the LFU counter. */
  private touch(st: KeyStat): void {
    const now = this.host.now();
    if (!this.lfuPolicy()) {
      st.lru = lruClock(now);
      return;
    }
    let counter = this.lfuDecayed(st, now);
    if (counter < 255) {
      const base = Math.max(0, counter - LFU_INIT_VAL);
      const p = 1 / (base * this.host.config.num('lfu-log-factor') + 1);
      if (this.host.random() < p) counter++;
    }
    st.lru = (lfuMinutes(now) << 8) | counter;
  }

  /** The LFU counter after Redis's time decay (LFUDecrAndReturn). */
  lfuDecayed(st: KeyStat, now = this.host.now()): number {
    return this.decayedCounter(st.lru, now);
  }

  /** LFUDecrAndReturn on a raw lru field: minus one per `lfu-decay-time` minutes since its last access. */
  private decayedCounter(lru: number, now: number): number {
    const ldt = lru >> 8;
    const counter = lru & 255;
    const decay = this.host.config.num('lfu-decay-time');
    if (decay <= 0) return counter;
    const nowMin = lfuMinutes(now);
    const elapsed = nowMin >= ldt ? nowMin - ldt : 65535 - ldt + nowMin;
    const periods = Math.floor(elapsed / decay);
    return periods > counter ? 0 : counter - periods;
  }

  /** estimateObjectIdleTime, in ms. */
  idleMs(st: KeyStat, now = this.host.now()): number {
    return idleFromLru(st.lru, now);
  }

  /** Seconds since the key was last accessed (OBJECT IDLETIME). */
  idleSeconds(db: number, key: string): number {
    const st = this.stat(db, key);
    return st === undefined ? 0 : Math.floor(this.idleMs(st) / 1000);
  }

  /** The key's raw lru field, without turning a compact key into an entry object. */
  private lruField(db: number, key: string): number | undefined {
    const c = this.host.dbs[db]!.data.compactLru(key);
    return c !== undefined ? c : this.stat(db, key)?.lru;
  }

  // Eviction ---------------------------------------------------------------

  /**
   * performEvictions: while used memory is over maxmemory, evict keys by the
   * configured policy. Returns false when memory is still over the limit
   * (noeviction, or nothing left to evict): write commands must then fail
   * with OOM.
   */
  makeRoom(): boolean {
    const config = this.host.config;
    const max = config.maxmemory;
    if (max === 0) return true;
    if (this.used() <= max) return true;
    const policy = config.maxmemoryPolicy;
    if (policy === 'noeviction') return false;
    const volatile = policy.startsWith('volatile-');
    const kind = policy.endsWith('-lru') ? 'lru' : policy.endsWith('-lfu') ? 'lfu' : policy.endsWith('-ttl') ? 'ttl' : 'random';
    // Bounded: at most every key once, so a tiny limit cannot spin forever.
    let budget = this.host.dbs.reduce((n, db) => n + db.size, 0) + 1;
    while (this.used() > max && budget-- > 0) {
      const victim = kind === 'random' ? this.randomVictim(volatile) : this.pooledVictim(kind, volatile);
      if (victim === undefined) return false;
      const db = this.host.dbs[victim.db]!;
      if (db.delete(victim.key)) {
        this.evictedKeys++;
        if (volatile) this.volatileSamplers[victim.db]!.stale++;
        this.settle();
        this.host.evicted?.(victim.db, victim.key);
      }
    }
    return this.used() <= max;
  }

  /** One key of database `i` chosen uniformly at random from the main or the expires dictionary. */
  private randomKey(i: number, volatile: boolean): string | undefined {
    const out = this.sampleKeys(i, volatile, 1);
    return out[0];
  }

  /**
   * dictGetSomeKeys: up to `n` distinct keys of database `i` (of those with
   * a TTL when `volatile`), picked at random. Redis walks its hash table
   * from a random bucket, which scatters keys independently of when they
   * were written; uniform picks from the database's key index do the same.
   */
  private sampleKeys(i: number, volatile: boolean, n: number): string[] {
    const db = this.host.dbs[i]!;
    const size = volatile ? db.expires.size : db.size;
    const want = Math.min(n, size);
    const out: string[] = [];
    if (want === 0) return out;
    const random = this.host.random;
    if (!volatile) {
      db.ensureIndexed();
      const index = db.scanIndex;
      // The index holds deleted keys too (at most about half of it): pick again when one comes up.
      for (let tries = 0; out.length < want && tries < want * 20; tries++) {
        const key = index.sample(random);
        if (key === undefined) break;
        if (db.data.has(key) && !out.includes(key)) out.push(key);
      }
      return out;
    }
    const expires = db.expires;
    for (let round = 0; round < 2 && out.length === 0; round++) {
      const s = this.volatileSamplers[i]!;
      if (s.source !== expires || s.keys.length === 0 || expires.size > 2 * s.keys.length || 2 * s.stale > s.keys.length) {
        s.keys = [...expires.keys()];
        s.source = expires;
        s.stale = 0;
      }
      const keys = s.keys;
      for (let tries = 0; out.length < want && tries < want * 20; tries++) {
        const key = keys[Math.min(keys.length - 1, Math.floor(random() * keys.length))]!;
        if (!expires.has(key)) {
          s.stale++;
          continue;
        }
        if (!out.includes(key)) out.push(key);
      }
      // Nothing found: the list is out of date; rebuild it once.
      if (out.length === 0) s.stale = keys.length;
    }
    return out;
  }

  /** allkeys-random / volatile-random: the next non-empty database in turn, one random key of it. */
  private randomVictim(volatile: boolean): { db: number; key: string } | undefined {
    const dbs = this.host.dbs;
    for (let n = 0; n < dbs.length; n++) {
      const i = (this.nextDb = (this.nextDb + 1) % dbs.length);
      const db = dbs[i]!;
      if ((volatile ? db.expires.size : db.size) === 0) continue;
      const key = this.randomKey(i, volatile);
      return key === undefined ? undefined : { db: i, key };
    }
    return undefined;
  }

  /**
   * evictionPoolPopulate: scores `maxmemory-samples` random keys of database
   * `i` (higher is a better victim: idle ms for LRU, 255 minus the decayed
   * counter for LFU, nearness of the expiry for volatile-ttl) and inserts
   * them into the pool, kept sorted from the worst candidate to the best.
   */
  private populatePool(i: number, kind: 'lru' | 'lfu' | 'ttl', volatile: boolean, now: number): void {
    const db = this.host.dbs[i]!;
    const pool = this.pool;
    for (const key of this.sampleKeys(i, volatile, this.host.config.num('maxmemory-samples'))) {
      let score: number;
      if (kind === 'ttl') score = -(db.expires.get(key) ?? Infinity);
      else {
        const lru = this.lruField(i, key);
        if (lru === undefined) score = Infinity;
        else score = kind === 'lru' ? idleFromLru(lru, now) : 255 - this.decayedCounter(lru, now);
      }
      // The first empty place, or the first candidate scoring at least as high.
      let k = 0;
      while (k < POOL_SIZE && pool[k] !== undefined && pool[k]!.score < score) k++;
      const full = pool[POOL_SIZE - 1] !== undefined;
      // Worse than every candidate of a full pool: not kept.
      if (k === 0 && full) continue;
      if (k < POOL_SIZE && pool[k] === undefined) {
        // An empty place: taken as it is.
      } else if (!full) {
        // Room on the right: shift from k onwards.
        for (let j = POOL_SIZE - 1; j > k; j--) pool[j] = pool[j - 1];
      } else {
        // Full: drop the worst candidate (the leftmost), shifting the ones below k left.
        k--;
        for (let j = 0; j < k; j++) pool[j] = pool[j + 1];
      }
      pool[k] = { db: i, key, score };
    }
  }

  /**
   * The LRU, LFU and volatile-ttl victim, as performEvictions picks it: fill
   * the pool from every database holding candidates, then take the best
   * candidate that still exists, from the right; candidates found gone are
   * dropped on the way. The pool keeps its other candidates for the next
   * eviction, as Redis's does.
   */
  private pooledVictim(kind: 'lru' | 'lfu' | 'ttl', volatile: boolean): { db: number; key: string } | undefined {
    const dbs = this.host.dbs;
    const pool = this.pool;
    // Bounded: each round either finds a victim or empties the pool of ghosts.
    for (let round = 0; round < 64; round++) {
      const now = this.host.now();
      let total = 0;
      for (let i = 0; i < dbs.length; i++) {
        const size = volatile ? dbs[i]!.expires.size : dbs[i]!.size;
        if (size === 0) continue;
        total += size;
        this.populatePool(i, kind, volatile, now);
      }
      if (total === 0) return undefined;
      for (let k = POOL_SIZE - 1; k >= 0; k--) {
        const c = pool[k];
        if (c === undefined) continue;
        pool[k] = undefined;
        const db = dbs[c.db]!;
        if (db.data.has(c.key) && (!volatile || db.expires.has(c.key))) return c;
      }
    }
    return undefined;
  }
}

/** estimateObjectIdleTime on a raw lru field: ms since the LRU clock it holds, wrapping at 24 bits. */
function idleFromLru(lru: number, now: number): number {
  const clock = lruClock(now);
  return clock >= lru ? (clock - lru) * 1000 : (clock + (LRU_CLOCK_MAX - lru)) * 1000;
}

/** The keys of one expires dictionary, as an array to pick from at random; rebuilt when it drifts. */
interface VolatileSampler {
  /** The expires map the list was taken from (SWAPDB exchanges maps). */
  source: Map<string, number> | undefined;
  keys: string[];
  /** Keys of the list known to have lost their TTL or gone since it was taken. */
  stale: number;
}
