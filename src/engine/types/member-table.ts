/**
 * The sorted set's dictionary: member -> score in an open-addressing hash
 * table (linear probing, backward-shift deletion).
 *
 * Why not a `Map`: with a million members a `Map` lookup costs several cache
 * misses (bucket, entry chain, key, then the value), which made ZSCORE and
 * ZRANK on a big set slower than everything around them. Here a slot is three
 * parallel arrays (hash, member, score), so a hit costs the hash word, the
 * member pointer and the member's bytes.
 *
 * A member's home slot is taken from the top bits of its hash. Linear probing
 * keeps every member at or after its home slot with no empty slot in between,
 * so the table is ordered by hash apart from short displacements. `scan`
 * relies on that: its cursor is a position in hash space, not a slot, which
 * keeps it valid when the table grows or shrinks between calls. Like Redis's
 * SCAN, every member present for the whole iteration is returned at least
 * once.
 *
 * Members are byte strings; the hash reads their code units.
 */

const MIN_CAPACITY = 8;
/** Grow when size exceeds capacity * MAX_LOAD. */
const MAX_LOAD = 0.6;

/** 32-bit hash of a string (FNV-1a with a final avalanche), never 0. */
export function hashMember(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
}

/**
 * `R` is a reference the owner keeps per member (the sorted set: the leaf of
 * its index that holds the member). Slots move when members are deleted and
 * when the table resizes; `onMove` and `onRemap` tell the owner, which may
 * store slot numbers.
 */
export class MemberTable<R = unknown> implements Iterable<[string, number]> {
  /** Hash per slot; 0 marks an empty slot. */
  private hashes: Int32Array;
  /**
   * Per slot i: the member at 2i and the owner's reference at 2i + 1, so the
   * reference shares the member pointer's cache line.
   */
  private cells: (string | R | undefined)[];
  private values: Float64Array;
  /** The slot of the member the last `set` stored. */
  lastSlot = -1;
  /**
   * The last lookup that missed, and the empty slot where it ended: a `set`
   * of that member right after (ZADD's "look, then add") skips the probe.
   * Any change to the table forgets it.
   */
  private missKey: string | undefined = undefined;
  private missHash = 0;
  private missSlot = -1;
  /** A member moved from one slot to another (deletion). */
  onMove: ((from: number, to: number) => void) | undefined;
  /** The table was rebuilt: every member at old slot i is now at remap[i]. */
  onRemap: ((remap: Int32Array) => void) | undefined;
  private mask: number;
  /** 32 - log2(capacity): home slot = hash >>> shift. */
  private shift: number;
  private count = 0;

  constructor(capacity = MIN_CAPACITY) {
    const cap = Math.max(MIN_CAPACITY, 2 ** Math.ceil(Math.log2(capacity)));
    this.hashes = new Int32Array(cap);
    this.cells = new Array<string | R | undefined>(2 * cap).fill(undefined);
    this.values = new Float64Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
  }

  get size(): number {
    return this.count;
  }

  /** Slot count; for tests. */
  get capacity(): number {
    return this.mask + 1;
  }

  /** The slot holding `m`, or -1. */
  slotOf(m: string): number {
    return this.find(m, hashMember(m));
  }

  scoreAt(slot: number): number {
    return this.values[slot]!;
  }

  memberAt(slot: number): string | undefined {
    return this.cells[2 * slot] as string | undefined;
  }

  refAt(slot: number): R | undefined {
    return this.cells[2 * slot + 1] as R | undefined;
  }

  setRef(slot: number, ref: R): void {
    this.cells[2 * slot + 1] = ref;
  }

  private find(m: string, h: number): number {
    const hashes = this.hashes;
    const cells = this.cells;
    const mask = this.mask;
    let i = h >>> this.shift;
    for (;;) {
      const x = hashes[i]!;
      if (x === 0) {
        this.missKey = m;
        this.missHash = h;
        this.missSlot = i;
        return -1;
      }
      if (x === h && cells[2 * i] === m) return i;
      i = (i + 1) & mask;
    }
  }

  get(m: string): number | undefined {
    const i = this.find(m, hashMember(m));
    return i < 0 ? undefined : this.values[i];
  }

  has(m: string): boolean {
    return this.find(m, hashMember(m)) >= 0;
  }

  /**
   * Sets m's score. Returns the previous score, or undefined when `m` is new.
   */
  set(m: string, score: number): number | undefined {
    const hashes = this.hashes;
    const cells = this.cells;
    const mask = this.mask;
    let h: number;
    let i: number;
    if (m === this.missKey) {
      h = this.missHash;
      i = this.missSlot;
    } else {
      h = hashMember(m);
      i = h >>> this.shift;
      for (;;) {
        const x = hashes[i]!;
        if (x === 0) break;
        if (x === h && cells[2 * i] === m) {
          const old = this.values[i]!;
          this.values[i] = score;
          this.lastSlot = i;
          return old;
        }
        i = (i + 1) & mask;
      }
    }
    this.missKey = undefined;
    hashes[i] = h;
    cells[2 * i] = m;
    this.values[i] = score;
    this.lastSlot = i;
    if (++this.count > (mask + 1) * MAX_LOAD) this.resize((mask + 1) * 2);
    return undefined;
  }

  /** Removes m. Returns its score, or undefined when it was not there. */
  delete(m: string): number | undefined {
    const i = this.find(m, hashMember(m));
    if (i < 0) return undefined;
    const old = this.values[i]!;
    this.deleteAt(i);
    return old;
  }

  /** Removes the member at an occupied slot. */
  deleteAt(slot: number): void {
    this.missKey = undefined;
    let i = slot;
    const hashes = this.hashes;
    const cells = this.cells;
    const values = this.values;
    const mask = this.mask;
    const shift = this.shift;
    // Backward shift: pull later members of the run into the hole when that
    // keeps them at or after their home slot.
    let j = i;
    for (;;) {
      j = (j + 1) & mask;
      const x = hashes[j]!;
      if (x === 0) break;
      const home = x >>> shift;
      // Move j into i unless its home lies cyclically in (i, j].
      const stays = i <= j ? home > i && home <= j : home > i || home <= j;
      if (stays) continue;
      hashes[i] = x;
      cells[2 * i] = cells[2 * j];
      cells[2 * i + 1] = cells[2 * j + 1];
      values[i] = values[j]!;
      this.onMove?.(j, i);
      i = j;
    }
    hashes[i] = 0;
    cells[2 * i] = undefined;
    cells[2 * i + 1] = undefined;
    values[i] = 0;
    this.count--;
    const cap = mask + 1;
    if (cap > MIN_CAPACITY && this.count < cap * MAX_LOAD * 0.2) this.resize(cap / 2);
  }

  clear(): void {
    this.missKey = undefined;
    const fresh = new MemberTable<R>();
    this.hashes = fresh.hashes;
    this.cells = fresh.cells;
    this.values = fresh.values;
    this.mask = fresh.mask;
    this.shift = fresh.shift;
    this.count = 0;
  }

  private resize(cap: number): void {
    this.missKey = undefined;
    const oldH = this.hashes;
    const oldC = this.cells;
    const oldV = this.values;
    const hashes = new Int32Array(cap);
    const cells = new Array<string | R | undefined>(2 * cap).fill(undefined);
    const values = new Float64Array(cap);
    const remap = this.onRemap === undefined ? undefined : new Int32Array(oldH.length).fill(-1);
    const mask = cap - 1;
    const shift = 32 - Math.log2(cap);
    const last = this.lastSlot;
    for (let k = 0; k < oldH.length; k++) {
      const h = oldH[k]!;
      if (h === 0) continue;
      let i = h >>> shift;
      while (hashes[i] !== 0) i = (i + 1) & mask;
      hashes[i] = h;
      cells[2 * i] = oldC[2 * k];
      cells[2 * i + 1] = oldC[2 * k + 1];
      values[i] = oldV[k]!;
      if (remap !== undefined) remap[k] = i;
      if (k === last) this.lastSlot = i;
    }
    this.hashes = hashes;
    this.cells = cells;
    this.values = values;
    this.mask = mask;
    this.shift = shift;
    if (remap !== undefined) this.onRemap?.(remap);
  }

  /** [member, score] pairs in table order. Do not modify the table meanwhile. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    const { hashes, cells, values } = this;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] !== 0) yield [cells[2 * i] as string, values[i]!];
    }
  }

  /** Members in table order. Do not modify the table meanwhile. */
  *keys(): IterableIterator<string> {
    const { hashes, cells } = this;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] !== 0) yield cells[2 * i] as string;
    }
  }

  /** Calls fn for every member in table order (faster than iterating). */
  forEach(fn: (member: string, score: number) => void): void {
    const { hashes, cells, values } = this;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] !== 0) fn(cells[2 * i] as string, values[i]!);
    }
  }

  /**
   * One step of a SCAN over the table. `cursor` is 0 to start, or what the
   * previous step returned: a point in hash space (0 .. 2^32) such that every
   * member hashing below it has been visited. Visits at least `count` members
   * when that many remain (more when a probe run has to be finished) and
   * returns the next cursor, 0 when the iteration is complete.
   */
  scan(cursor: number, count: number, visit: (member: string, score: number) => void): number {
    if (this.count === 0) return 0;
    const from = cursor % 2 ** 32;
    const { hashes, cells, values } = this;
    const cap = this.mask + 1;
    const shift = this.shift;
    let seen = 0;
    // Main pass: slots from the cursor's home slot to the end of the table.
    // Members wrapped to the front (home after their slot) wait for the end.
    for (let i = Math.floor(from / 2 ** shift); i < cap; i++) {
      const x = hashes[i]!;
      if (x === 0) {
        // No probe run crosses an empty slot: everything hashing below this
        // slot's range has been visited.
        if (seen >= count) return i * 2 ** shift;
        continue;
      }
      const u = x >>> 0;
      if (u >>> shift > i || u < from) continue;
      visit(cells[2 * i] as string, values[i]!);
      seen++;
    }
    // The run that wraps around: members homed near the end, stored at the front.
    for (let i = 0; i < cap; i++) {
      const x = hashes[i]!;
      if (x === 0) break;
      const u = x >>> 0;
      if (u >>> shift > i && u >= from) visit(cells[2 * i] as string, values[i]!);
    }
    return 0;
  }
}
