import { stringEntry, type Entry } from './entry';
import { isEditedString } from './encoding';
import { plainStringUsage } from './memory';

/** Plain strings longer than this keep their entry object (its size matters little next to theirs). */
const COMPACT_MAX_LENGTH = 64;
/** Candidates gathered before `compact` is worth a pass. */
const COMPACT_BATCH = 128;

/**
 * A database's main dictionary: key -> entry, with a Map's interface and
 * insertion order.
 *
 * Most keys of a big keyspace are short plain strings that nobody touches
 * for a while. Such a key is stored compactly: the Map holds a slot number
 * and the slot holds the value and the key's LRU/LFU field, about 12 bytes
 * where an entry object takes 80. Whoever reads the key through `get`
 * (every command does) gets a real entry, made on the spot and stored back
 * in the Map, so it is the same object until the key is compacted again;
 * its memory meter record (LRU field, measured size) is restored as it was.
 *
 * Compaction happens only between commands (`compact`, called by the memory
 * meter when it settles), so no command ever holds an entry that stops
 * being its key's. A key is compacted only when its entry is a string that
 * carries its own settled meter record, was not edited in place (its
 * OBJECT ENCODING follows its value) and is short.
 */
export class KeyTable {
  private readonly map = new Map<string, Entry | number>();
  /** Values of compact keys, by slot ('' in free slots). */
  private vals: string[] = [];
  /** LRU/LFU fields of compact keys, by slot; a free slot holds the next free one. */
  private lrus = new Int32Array(256);
  private freeSlot = -1;
  /** Keys whose string entries may be compactable at the next `compact`. */
  private candidates: string[] = [];
  /** The database the keys belong to (the meter's record names it; SWAPDB changes it). */
  db: number;

  constructor(db: number) {
    this.db = db;
  }

  get size(): number {
    return this.map.size;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  /** The key's entry (a compact key becomes an entry object again). */
  get(key: string): Entry | undefined {
    const v = this.map.get(key);
    return typeof v === 'number' ? this.expand(key, v) : v;
  }

  /**
   * The key's entry for reading only: a compact key's is a temporary copy,
   * not stored (changing it changes nothing).
   */
  peek(key: string): Entry | undefined {
    const v = this.map.get(key);
    return typeof v === 'number' ? this.entryOf(key, v) : v;
  }

  /** The value of a key stored compactly (a plain string); undefined when the key is absent or held as an entry object. */
  compactValue(key: string): string | undefined {
    const v = this.map.get(key);
    return typeof v === 'number' ? this.vals[v] : undefined;
  }

  /**
   * The LRU/LFU field of a key stored compactly, without making it an entry
   * object (eviction sampling reads many keys it will not keep); undefined
   * when the key is absent or held as an entry object.
   */
  compactLru(key: string): number | undefined {
    const v = this.map.get(key);
    return typeof v === 'number' ? this.lrus[v] : undefined;
  }

  set(key: string, e: Entry): this {
    const v = this.map.get(key);
    if (typeof v === 'number') this.release(v);
    this.map.set(key, e);
    if (e.type === 'string') this.candidates.push(key);
    return this;
  }

  /**
   * `set` for a key the caller knows is absent (one lookup instead of two).
   * Returns false when the key was there after all; a compact value it had
   * is then left unreclaimed until `clear`.
   */
  add(key: string, e: Entry): boolean {
    const n = this.map.size;
    this.map.set(key, e);
    if (e.type === 'string') this.candidates.push(key);
    return this.map.size !== n;
  }

  delete(key: string): boolean {
    const v = this.map.get(key);
    if (v === undefined) return false;
    if (typeof v === 'number') this.release(v);
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.vals = [];
    this.lrus = new Int32Array(256);
    this.freeSlot = -1;
    this.candidates = [];
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  /** Every entry, in insertion order (compact keys become entry objects again). */
  *entries(): Generator<[string, Entry], undefined, unknown> {
    for (const [key, v] of this.map) yield [key, typeof v === 'number' ? this.expand(key, v) : v];
    return undefined;
  }

  *values(): Generator<Entry, undefined, unknown> {
    for (const [key, v] of this.map) yield typeof v === 'number' ? this.expand(key, v) : v;
    return undefined;
  }

  [Symbol.iterator](): Generator<[string, Entry], undefined, unknown> {
    return this.entries();
  }

  /** Every entry for reading only (compact keys as temporary copies; see `peek`). */
  *view(): Generator<[string, Entry], undefined, unknown> {
    for (const [key, v] of this.map) yield [key, typeof v === 'number' ? this.entryOf(key, v) : v];
    return undefined;
  }

  /** True when `e` is the entry object stored for `key` (nothing is expanded). */
  holds(key: string, e: Entry): boolean {
    return this.map.get(key) === e;
  }

  /** Number of keys stored compactly (for tests and the heap benchmark). */
  get compactCount(): number {
    let n = 0;
    for (const v of this.map.values()) if (typeof v === 'number') n++;
    return n;
  }

  /** True when a pass of `compact` is due. */
  get compactDue(): boolean {
    return this.candidates.length >= COMPACT_BATCH;
  }

  /**
   * Stores the candidates' plain string entries compactly. Call only
   * between commands. A candidate whose record waits to be measured
   * (`queued`) stays a candidate.
   */
  compact(): void {
    const list = this.candidates;
    this.candidates = [];
    for (let i = 0; i < list.length; i++) {
      const key = list[i]!;
      const e = this.map.get(key);
      if (e === undefined || typeof e === 'number' || e.type !== 'string') continue;
      if (e.queued === true) {
        this.candidates.push(key);
        continue;
      }
      const value = e.value;
      if (value.length > COMPACT_MAX_LENGTH || e.sKey !== key || e.sDb !== this.db || isEditedString(e)) continue;
      if (e.bytes !== plainStringUsage(key, value)) continue;
      const slot = this.allocate();
      this.vals[slot] = value;
      this.lrus[slot] = e.lru ?? 0;
      this.map.set(key, slot);
      // The object is no longer the key's: its record must not be taken for the key's.
      e.sKey = undefined;
    }
  }

  private entryOf(key: string, slot: number): Entry {
    const value = this.vals[slot]!;
    const e = stringEntry(value);
    e.sKey = key;
    e.sDb = this.db;
    e.lru = this.lrus[slot]!;
    e.bytes = plainStringUsage(key, value);
    return e;
  }

  private expand(key: string, slot: number): Entry {
    const e = this.entryOf(key, slot);
    this.release(slot);
    this.map.set(key, e);
    this.candidates.push(key);
    return e;
  }

  private allocate(): number {
    const free = this.freeSlot;
    if (free >= 0) {
      this.freeSlot = this.lrus[free]!;
      return free;
    }
    const slot = this.vals.length;
    this.vals.push('');
    if (slot >= this.lrus.length) {
      const bigger = new Int32Array(this.lrus.length * 2);
      bigger.set(this.lrus);
      this.lrus = bigger;
    }
    return slot;
  }

  private release(slot: number): void {
    this.vals[slot] = '';
    this.lrus[slot] = this.freeSlot;
    this.freeSlot = slot;
  }
}
