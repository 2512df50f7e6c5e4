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

export class MemberTable implements Iterable<[string, number]> {
  // Set by replaceArrays (the constructor calls it).
  /** Hash per slot; 0 marks an empty slot. */
  private hashes!: Int32Array;
  private members!: (string | undefined)[];
  private values!: Float64Array;
  private mask!: number;
  /** 32 - log2(capacity): home slot = hash >>> shift. */
  private shift!: number;
  private count = 0;
  /**
   * The last lookup that missed, and the empty slot where it ended: a `set`
   * of that member right after (ZADD's "look, then add") skips the probe.
   * Any change to the table's layout forgets it.
   */
  private missKey: string | undefined = undefined;
  private missHash = 0;
  private missSlot = -1;

  constructor(capacity = MIN_CAPACITY) {
    this.replaceArrays(Math.max(MIN_CAPACITY, 2 ** Math.ceil(Math.log2(capacity))));
  }

  /** Empty arrays of `cap` slots, put in place; the old ones are returned. */
  private replaceArrays(cap: number): { hashes: Int32Array; members: (string | undefined)[]; values: Float64Array } {
    const old = { hashes: this.hashes, members: this.members, values: this.values };
    this.hashes = new Int32Array(cap);
    this.members = new Array<string | undefined>(cap).fill(undefined);
    this.values = new Float64Array(cap);
    this.mask = cap - 1;
    this.shift = 32 - Math.log2(cap);
    return old;
  }

  get size(): number {
    return this.count;
  }

  /** Slot count; for tests. */
  get capacity(): number {
    return this.mask + 1;
  }

  /** The slot holding `m`, or -1. */
  private find(m: string, h: number): number {
    const hashes = this.hashes;
    const members = this.members;
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
      if (x === h && members[i] === m) return i;
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
    if (m !== this.missKey) {
      const i = this.find(m, hashMember(m));
      if (i >= 0) {
        const old = this.values[i]!;
        this.values[i] = score;
        return old;
      }
    }
    // m is absent, and the lookup that said so (just now, or the caller's)
    // stopped at the empty slot where it goes.
    const i = this.missSlot;
    this.hashes[i] = this.missHash;
    this.members[i] = m;
    this.values[i] = score;
    this.missKey = undefined;
    const cap = this.mask + 1;
    if (++this.count > cap * MAX_LOAD) this.resize(cap * 2);
    return undefined;
  }

  /** Removes m. Returns its score, or undefined when it was not there. */
  delete(m: string): number | undefined {
    let i = this.find(m, hashMember(m));
    this.missKey = undefined;
    if (i < 0) return undefined;
    const old = this.values[i]!;
    const hashes = this.hashes;
    const members = this.members;
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
      members[i] = members[j];
      values[i] = values[j]!;
      i = j;
    }
    hashes[i] = 0;
    members[i] = undefined;
    values[i] = 0;
    this.count--;
    const cap = mask + 1;
    if (cap > MIN_CAPACITY && this.count < cap * MAX_LOAD * 0.2) this.resize(cap / 2);
    return old;
  }

  private resize(cap: number): void {
    this.missKey = undefined;
    const old = this.replaceArrays(cap);
    const { hashes, members, values, mask, shift } = this;
    for (let k = 0; k < old.hashes.length; k++) {
      const h = old.hashes[k]!;
      if (h === 0) continue;
      let i = h >>> shift;
      while (hashes[i] !== 0) i = (i + 1) & mask;
      hashes[i] = h;
      members[i] = old.members[k];
      values[i] = old.values[k]!;
    }
  }

  /** [member, score] pairs in table order. Do not modify the table meanwhile. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    const { hashes, members, values } = this;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] !== 0) yield [members[i]!, values[i]!];
    }
  }

  /** Members in table order. Do not modify the table meanwhile. */
  *keys(): IterableIterator<string> {
    const { hashes, members } = this;
    for (let i = 0; i < hashes.length; i++) {
      if (hashes[i] !== 0) yield members[i]!;
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
    const hashes = this.hashes;
    const members = this.members;
    const values = this.values;
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
      visit(members[i]!, values[i]!);
      seen++;
    }
    // The run that wraps around: members homed near the end, stored at the front.
    for (let i = 0; i < cap; i++) {
      const x = hashes[i]!;
      if (x === 0) break;
      const u = x >>> 0;
      if (u >>> shift > i && u >= from) visit(members[i]!, values[i]!);
    }
    return 0;
  }
}
