/**
 * The sorted set: a dictionary member -> score plus an ordered index, as in
 * Redis (which pairs a dict with a skiplist).
 *
 * The ordered index here is a counted B+tree rather than a skiplist: leaves
 * hold up to LEAF_MAX (score, member) pairs in two parallel arrays and are
 * linked both ways; inner nodes keep, for every child, the number of elements
 * below it and a separator key. That gives the skiplist's O(log n) insert,
 * delete, rank and "seek to rank / to score" with far fewer objects (one per
 * ~100 elements instead of one or more per element), which matters in a
 * browser holding a million-member set, and with searches over small arrays
 * (see `search`) that touch few cache lines. Inner nodes also cache running
 * sums of their counts for ZRANK (see `Inner.before`).
 *
 * Order: by score, then by member bytes. Members are byte strings (every code
 * unit is 0..255), so JavaScript's `<` on strings is exactly memcmp order.
 *
 * This module does no argument parsing and knows nothing about commands.
 */

import { MemberTable } from './member-table';

/** What `SortedSet.scores` exposes: the dictionary, read-only. */
export type ReadonlyMemberTable = Pick<MemberTable, 'size' | 'get' | 'has' | 'keys' | 'scan' | typeof Symbol.iterator>;

const LEAF_MAX = 128;
const LEAF_MIN = 32;
const NODE_MAX = 128;
const NODE_MIN = 32;
/** Fill factor used when building a tree from sorted input. */
const LEAF_BULK = 96;
const NODE_BULK = 96;

class Leaf {
  readonly leaf = true;
  members: string[] = [];
  scores: number[] = [];
  prev: Leaf | null = null;
  next: Leaf | null = null;
}

/**
 * Separator invariant: for every child i >= 1, sepS/sepM[i] is a key that is
 * <= every key below child i and > every key below child i-1. Deletions may
 * leave separators that are no longer members; they stay valid. The entry at
 * index 0 is only meaningful once the child moves to a position >= 1
 * (rebalancing refreshes it from the parent first).
 */
class Inner {
  readonly leaf = false;
  children: Node[] = [];
  counts: number[] = [];
  sepS: number[] = [];
  sepM: string[] = [];
  /**
   * prefix[i] = elements below children 0..i-1, for i < `valid`: running
   * sums that ZRANK extends as far as it needs and writes cut back. In a run
   * of reads a rank costs one lookup per level instead of a sum over up to
   * 64 counts.
   */
  prefix: number[] = [];
  valid = 0;

  /** Elements below the children before `i`. */
  before(i: number): number {
    const prefix = this.prefix;
    let j = this.valid;
    if (i < j) return prefix[i]!;
    const counts = this.counts;
    let acc = j === 0 ? 0 : prefix[j - 1]! + counts[j - 1]!;
    for (; j <= i; j++) {
      prefix[j] = acc;
      acc += counts[j]!;
    }
    this.valid = i + 1;
    return prefix[i]!;
  }

  /** Call when counts[i] or anything after it changed (or moved). */
  stale(i: number): void {
    if (this.valid > i) this.valid = i;
  }

  /** Child li + 1 was merged into child li: drop it and its count and separator. */
  mergedInto(li: number): void {
    const ri = li + 1;
    this.counts[li]! += this.counts[ri]!;
    this.stale(ri);
    this.children.splice(ri, 1);
    this.counts.splice(ri, 1);
    this.sepS.splice(ri, 1);
    this.sepM.splice(ri, 1);
  }

  /**
   * Children li and li + 1 shared their elements out anew: their counts,
   * and the right one's separator (its first element).
   */
  shared(li: number, leftCount: number, rightCount: number, firstS: number, firstM: string): void {
    const ri = li + 1;
    this.counts[li] = leftCount;
    this.counts[ri] = rightCount;
    this.stale(ri);
    this.sepS[ri] = firstS;
    this.sepM[ri] = firstM;
  }
}

type Node = Leaf | Inner;

/** (s1, m1) < (s2, m2) in sorted set order. */
function keyLess(s1: number, m1: string, s2: number, m2: string): boolean {
  return s1 < s2 || (s1 === s2 && m1 < m2);
}

/**
 * Whether key j of the parallel arrays (ks, km) is below (s, m), or at or
 * below it when `orEqual`. With km null only scores are compared.
 */
function keyBelow(ks: readonly number[], km: readonly string[] | null, j: number, s: number, m: string, orEqual: boolean): boolean {
  const y = ks[j]!;
  return y < s || (y === s && km !== null && (orEqual ? km[j]! <= m : km[j]! < m));
}

/**
 * First index j in [from, ks.length) whose key is not below (s, m) (see
 * keyBelow), the keys being sorted. `below` and `above`, when finite, bound
 * the scores of ks[from..] (from the parent's separators).
 *
 * A plain binary search touches about log2(128) = 7 slots of a node, most of
 * them on different cache lines, and at a million members those misses are
 * most of a lookup. So the search first guesses the position by
 * interpolating the score between bounds on the node's scores (the
 * parent's separators, else its first and last keys), then
 * gallops from the guess to bracket the answer and finishes with a binary
 * search inside the bracket. On locally even scores (counters, timestamps,
 * ranks) the guess is within a slot or two; on skewed ones the gallop keeps
 * the worst case at about twice a binary search's probes.
 */
function search(ks: readonly number[], km: readonly string[] | null, from: number, s: number, m: string, orEqual: boolean, below = -Infinity, above = Infinity): number {
  const len = ks.length;
  let lo = from;
  let hi = len;
  if (len - from > 8) {
    // The caller's bounds save reading the ends, which are cache misses of their own.
    const a = below > -Infinity ? below : ks[from]!;
    const b = above < Infinity ? above : ks[len - 1]!;
    // Also false for NaN; infinite ends give a NaN guess, caught below.
    if (a < s && s < b) {
      const g = from + Math.floor(((s - a) / (b - a)) * (len - 1 - from));
      if (g >= from && g < len) {
        // Invariant on exit: everything before lo is below, hi is not (or is len).
        let step = 1;
        if (keyBelow(ks, km, g, s, m, orEqual)) {
          let j = g + 1;
          lo = g + 1;
          while (j < len && keyBelow(ks, km, j, s, m, orEqual)) {
            lo = j + 1;
            step <<= 1;
            j = g + step;
          }
          hi = Math.min(j, len);
        } else {
          let j = g - 1;
          hi = g;
          while (j >= from && !keyBelow(ks, km, j, s, m, orEqual)) {
            hi = j;
            step <<= 1;
            j = g - step;
          }
          lo = Math.max(j + 1, from);
        }
      }
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keyBelow(ks, km, mid, s, m, orEqual)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** a.splice(i, 0, x) without allocating the removed-elements array. */
function insertAt<T>(a: T[], i: number, x: T): void {
  let j = a.length;
  if (i === j) {
    a.push(x);
    return;
  }
  a.push(a[j - 1]!);
  for (j--; j > i; j--) a[j] = a[j - 1]!;
  a[i] = x;
}

/** a.splice(i, 1) without allocating the removed-elements array. */
function removeAt<T>(a: T[], i: number): void {
  const n = a.length - 1;
  for (let j = i; j < n; j++) a[j] = a[j + 1]!;
  a.pop();
}

function sum(a: readonly number[], from = 0, to = a.length): number {
  let t = 0;
  for (let i = from; i < to; i++) t += a[i]!;
  return t;
}

/** What `descend` does on its way down besides recording the path. */
const PATH_ONLY = 0;
const COUNT_INSERT = 1;
const SUM_RANK = 2;
type Descent = typeof PATH_ONLY | typeof COUNT_INSERT | typeof SUM_RANK;

/** A monotone predicate over keys: true on a prefix of the order, false after. */
export type KeyPredicate = (score: number, member: string) => boolean;

/** Redis zset encodings, tracked so OBJECT ENCODING and SCAN can mirror Redis. */
export type ZsetEncoding = 'listpack' | 'skiplist';

export class SortedSet implements Iterable<[string, number]> {
  private dict = new MemberTable();
  private root: Node = new Leaf();
  // Reused descent path (avoids allocating per operation).
  private pathN: Inner[] = [];
  private pathI: number[] = [];
  // What `descend` found besides the leaf.
  private depth = 0;
  private leafBelow = -Infinity;
  private leafAbove = Infinity;
  private leftOfLeaf = 0;

  /**
   * The encoding real Redis would use for this set. The structure does not
   * depend on it; commands maintain it with Redis's conversion rules.
   */
  encoding: ZsetEncoding = 'listpack';

  get size(): number {
    return this.dict.size;
  }

  /** member -> score in hash-table order (what ZSCAN pages over). */
  get scores(): ReadonlyMemberTable {
    return this.dict;
  }

  score(member: string): number | undefined {
    return this.dict.get(member);
  }

  has(member: string): boolean {
    return this.dict.has(member);
  }

  /**
   * Sets a member's score. Returns 'added', 'updated' (score changed) or
   * 'same'. NaN is the caller's business (Redis rejects it before this).
   */
  set(member: string, score: number): 'added' | 'updated' | 'same' {
    const cur = this.dict.set(member, score);
    if (cur === undefined) {
      this.insertKey(score, member);
      return 'added';
    }
    // -0 and 0 compare equal; like Redis, an "equal" score is not an update
    // (and the stored one stays).
    if (cur === score) {
      if (!Object.is(cur, score)) this.dict.set(member, cur);
      return 'same';
    }
    this.deleteKey(cur, member);
    this.insertKey(score, member);
    return 'updated';
  }

  /** Adds a member known to be absent (the caller checked). Saves a lookup over `set`. */
  add(member: string, score: number): void {
    this.dict.set(member, score);
    this.insertKey(score, member);
  }

  /** Removes a member. Returns false when it was not there. */
  delete(member: string): boolean {
    const s = this.dict.delete(member);
    if (s === undefined) return false;
    this.deleteKey(s, member);
    return true;
  }

  /** 0-based rank in ascending order, or undefined when absent. O(log n). */
  rank(member: string): number | undefined {
    const s = this.dict.get(member);
    if (s === undefined) return undefined;
    const leaf = this.descend(s, member, SUM_RANK);
    // By score alone first: the member's own string is only read when
    // another member of this leaf has the same score.
    const scores = leaf.scores;
    const j = search(scores, null, 0, s, member, false, this.leafBelow, this.leafAbove);
    if (j + 1 < scores.length && scores[j + 1] === s) return this.leftOfLeaf + search(scores, leaf.members, j, s, member, false);
    return this.leftOfLeaf + j;
  }

  /**
   * Number of elements for which `p` holds, `p` being true on a prefix of
   * the order (e.g. "score < 5"). This is the rank of the first element
   * where it fails. O(log n) calls of `p`.
   */
  countWhile(p: KeyPredicate): number {
    let n = this.root;
    let acc = 0;
    while (!n.leaf) {
      // Separator 0 is not a bound: the search starts at 1.
      const i = firstFailing(n.sepS, n.sepM, 1, p) - 1;
      acc += n.before(i);
      n = n.children[i]!;
    }
    return acc + firstFailing(n.scores, n.members, 0, p);
  }

  /** Number of elements with score < x (or <= x when `inclusive`). */
  countScoreBelow(x: number, inclusive: boolean): number {
    return inclusive ? this.countWhile((s) => s <= x) : this.countWhile((s) => s < x);
  }

  /**
   * Number of elements whose member is < x (or <= x when `inclusive`),
   * assuming, as Redis's lex commands do, that all scores are equal.
   */
  countMemberBelow(x: string, inclusive: boolean): number {
    return inclusive ? this.countWhile((_s, m) => m <= x) : this.countWhile((_s, m) => m < x);
  }

  /** The element at a rank (0-based, ascending), or undefined out of range. */
  at(rank: number): [string, number] | undefined {
    const pos = this.seek(rank);
    if (pos === undefined) return undefined;
    return [pos[0].members[pos[1]]!, pos[0].scores[pos[1]]!];
  }

  /** Lowest element, or undefined when empty. */
  first(): [string, number] | undefined {
    return this.at(0);
  }

  /** Highest element, or undefined when empty. */
  last(): [string, number] | undefined {
    return this.at(this.size - 1);
  }

  /**
   * Calls `fn` for elements starting at rank `start`, walking up (or down
   * when `reverse`), until `fn` returns false or the set ends. O(log n + k).
   */
  visit(start: number, reverse: boolean, fn: (member: string, score: number) => boolean | void): void {
    const pos = this.seek(start);
    if (pos === undefined) return;
    let [leaf, i] = pos;
    for (;;) {
      if (fn(leaf.members[i]!, leaf.scores[i]!) === false) return;
      if (reverse) {
        if (--i < 0) {
          const p = leaf.prev;
          if (p === null) return;
          leaf = p;
          i = leaf.members.length - 1;
        }
      } else if (++i >= leaf.members.length) {
        const nx = leaf.next;
        if (nx === null) return;
        leaf = nx;
        i = 0;
      }
    }
  }

  /** Elements with ranks start..end inclusive (clamped), ascending or not. */
  range(start: number, end: number, reverse = false): [string, number][] {
    const out: [string, number][] = [];
    if (start < 0) start = 0;
    if (end >= this.size) end = this.size - 1;
    if (start > end) return out;
    let left = end - start + 1;
    this.visit(reverse ? this.size - 1 - start : start, reverse, (m, s) => {
      out.push([m, s]);
      return --left > 0;
    });
    return out;
  }

  /** All elements in order. */
  *[Symbol.iterator](): IterableIterator<[string, number]> {
    let leaf: Leaf | null = this.firstLeaf();
    while (leaf !== null) {
      const { members, scores } = leaf;
      for (let i = 0; i < members.length; i++) yield [members[i]!, scores[i]!];
      leaf = leaf.next;
    }
  }

  /**
   * Sum of `f(member, score)` over the first `n` elements in order (all of
   * them when n <= 0), without allocating pairs: for memory estimates.
   */
  sumFirst(n: number, f: (member: string, score: number) => number): number {
    let left = n <= 0 ? this.dict.size : Math.min(n, this.dict.size);
    let t = 0;
    for (let leaf: Leaf | null = this.firstLeaf(); leaf !== null && left > 0; leaf = leaf.next) {
      const { members, scores } = leaf;
      for (let i = 0; i < members.length && left > 0; i++, left--) t += f(members[i]!, scores[i]!);
    }
    return t;
  }

  clone(): SortedSet {
    const out = SortedSet.fromSorted(Array.from(this));
    out.encoding = this.encoding;
    return out;
  }

  /**
   * Builds a set from [member, score] pairs with distinct members. Sorts
   * them, then bulk-loads the tree (O(n log n), leaves 3/4 full).
   */
  static from(entries: Iterable<readonly [string, number]>): SortedSet {
    const arr = Array.from(entries, (e): [string, number] => [e[0], e[1]]);
    arr.sort((a, b) => (keyLess(a[1], a[0], b[1], b[0]) ? -1 : keyLess(b[1], b[0], a[1], a[0]) ? 1 : 0));
    return SortedSet.fromSorted(arr);
  }

  /** Bulk-loads already sorted [member, score] pairs with distinct members. */
  static fromSorted(sorted: readonly (readonly [string, number])[]): SortedSet {
    const z = new SortedSet();
    const n = sorted.length;
    z.dict = new MemberTable(n / 0.5);
    for (const [m, s] of sorted) z.dict.set(m, s);
    if (n === 0) return z;
    // Leaves.
    let level: Node[] = [];
    let firstS: number[] = [];
    let firstM: string[] = [];
    let sizes: number[] = [];
    let prev: Leaf | null = null;
    for (const [from, to] of chunks(n, LEAF_BULK)) {
      const l = new Leaf();
      for (let i = from; i < to; i++) {
        l.members.push(sorted[i]![0]);
        l.scores.push(sorted[i]![1]);
      }
      l.prev = prev;
      if (prev !== null) prev.next = l;
      prev = l;
      level.push(l);
      firstS.push(l.scores[0]!);
      firstM.push(l.members[0]!);
      sizes.push(to - from);
    }
    // Inner levels.
    while (level.length > 1) {
      const up: Node[] = [];
      const upS: number[] = [];
      const upM: string[] = [];
      const upSizes: number[] = [];
      for (const [from, to] of chunks(level.length, NODE_BULK)) {
        const node = new Inner();
        node.children = level.slice(from, to);
        node.counts = sizes.slice(from, to);
        node.sepS = firstS.slice(from, to);
        node.sepM = firstM.slice(from, to);
        up.push(node);
        upS.push(firstS[from]!);
        upM.push(firstM[from]!);
        upSizes.push(sum(node.counts));
      }
      level = up;
      firstS = upS;
      firstM = upM;
      sizes = upSizes;
    }
    z.root = level[0]!;
    return z;
  }

  /**
   * Checks the inner nodes' cached prefix sums against their counts; for
   * tests. Cheap (no leaf is visited), so tests can call it after every write.
   */
  checkPrefixSums(): void {
    const walk = (n: Node): void => {
      if (n.leaf) return;
      if (n.valid > n.counts.length) throw new Error('prefix longer than the node');
      let acc = 0;
      for (let i = 0; i < n.valid; i++) {
        if (n.prefix[i] !== acc) throw new Error(`stale prefix at ${i}`);
        acc += n.counts[i]!;
      }
      if (!n.children[0]!.leaf) for (const c of n.children) walk(c);
    };
    walk(this.root);
  }

  /** Checks every structural invariant; for tests. Throws on the first violation. */
  check(): void {
    let count = 0;
    let prevLeaf: Leaf | null = null;
    let lastS = -Infinity;
    let lastM: string | undefined;
    const walk = (n: Node, lo: [number, string] | undefined, hi: [number, string] | undefined, isRoot: boolean): number => {
      if (n.leaf) {
        if (!isRoot && n.members.length < LEAF_MIN) throw new Error(`leaf underflow ${n.members.length}`);
        if (n.members.length > LEAF_MAX) throw new Error('leaf overflow');
        if (n.prev !== prevLeaf) throw new Error('bad prev link');
        if (prevLeaf !== null && prevLeaf.next !== n) throw new Error('bad next link');
        prevLeaf = n;
        for (let i = 0; i < n.members.length; i++) {
          const s = n.scores[i]!;
          const m = n.members[i]!;
          if (lastM !== undefined && !keyLess(lastS, lastM, s, m)) throw new Error('order violated');
          if (lo !== undefined && keyLess(s, m, lo[0], lo[1])) throw new Error('key below separator');
          if (hi !== undefined && !keyLess(s, m, hi[0], hi[1])) throw new Error('key above next separator');
          if (this.dict.get(m) !== s) throw new Error(`dict mismatch for ${m}`);
          lastS = s;
          lastM = m;
          count++;
        }
        return n.members.length;
      }
      const k = n.children.length;
      if (n.counts.length !== k || n.sepS.length !== k || n.sepM.length !== k) throw new Error('array length mismatch');
      if (!isRoot && k < NODE_MIN) throw new Error(`node underflow ${k}`);
      if (isRoot && k < 2) throw new Error('root with one child');
      if (k > NODE_MAX) throw new Error('node overflow');
      let total = 0;
      for (let i = 0; i < k; i++) {
        const clo: [number, string] | undefined = i === 0 ? lo : [n.sepS[i]!, n.sepM[i]!];
        const chi: [number, string] | undefined = i + 1 < k ? [n.sepS[i + 1]!, n.sepM[i + 1]!] : hi;
        const c = walk(n.children[i]!, clo, chi, false);
        if (c !== n.counts[i]) throw new Error(`count mismatch ${c} != ${n.counts[i]}`);
        total += c;
      }
      return total;
    };
    walk(this.root, undefined, undefined, true);
    this.checkPrefixSums();
    if (prevLeaf !== null && (prevLeaf as Leaf).next !== null) throw new Error('last leaf has next');
    if (count !== this.dict.size) throw new Error(`size mismatch ${count} != ${this.dict.size}`);
  }

  // ---- internals -----------------------------------------------------------

  private firstLeaf(): Leaf {
    let n = this.root;
    while (!n.leaf) n = n.children[0]!;
    return n;
  }

  /** Leaf and index of a rank, or undefined when out of range. */
  private seek(rank: number): [Leaf, number] | undefined {
    if (rank < 0 || rank >= this.dict.size || !Number.isInteger(rank)) return undefined;
    let n = this.root;
    let total = this.dict.size;
    while (!n.leaf) {
      const counts = n.counts;
      let i: number;
      if (rank < total >>> 1) {
        i = 0;
        while (rank >= counts[i]!) rank -= counts[i++]!;
      } else {
        // Closer to the end: walk from the right.
        i = counts.length - 1;
        let before = total - counts[i]!;
        while (rank < before) before -= counts[--i]!;
        rank -= before;
      }
      total = counts[i]!;
      n = n.children[i]!;
    }
    return [n, rank];
  }

  /** Inserts a key known to be absent from the tree. */
  private insertKey(s: number, m: string): void {
    const n = this.descend(s, m, COUNT_INSERT);
    const pos = search(n.scores, n.members, 0, s, m, false, this.leafBelow, this.leafAbove);
    insertAt(n.members, pos, m);
    insertAt(n.scores, pos, s);
    if (n.members.length > LEAF_MAX) this.splitLeaf(n, this.depth);
  }

  /**
   * Walks from the root to the leaf where (s, m) belongs and returns it,
   * leaving the path in pathN/pathI (depth in `depth`) and bounds on the
   * leaf's scores in leafBelow/leafAbove. Rank also sums the elements left
   * of the path into `leftOfLeaf`; Insert counts the new element on the path.
   */
  private descend(s: number, m: string, mode: Descent): Leaf {
    const pathN = this.pathN;
    const pathI = this.pathI;
    let depth = 0;
    let n = this.root;
    let below = -Infinity;
    let above = Infinity;
    let before = 0;
    while (!n.leaf) {
      const sepS = n.sepS;
      const i = search(sepS, n.sepM, 1, s, m, true, below, above) - 1;
      if (i > 0) below = sepS[i]!;
      if (i + 1 < sepS.length) above = sepS[i + 1]!;
      if (mode === SUM_RANK) before += n.before(i);
      else if (mode === COUNT_INSERT) {
        n.counts[i]!++;
        n.stale(i + 1);
      }
      pathN[depth] = n;
      pathI[depth] = i;
      depth++;
      n = n.children[i]!;
    }
    this.depth = depth;
    this.leafBelow = below;
    this.leafAbove = above;
    this.leftOfLeaf = before;
    return n;
  }

  private splitLeaf(l: Leaf, depth: number): void {
    const half = l.members.length >>> 1;
    const r = new Leaf();
    r.members = l.members.splice(half);
    r.scores = l.scores.splice(half);
    r.next = l.next;
    if (r.next !== null) r.next.prev = r;
    r.prev = l;
    l.next = r;
    this.addSibling(depth, l, r, r.members.length, r.scores[0]!, r.members[0]!);
  }

  /**
   * After splitting the node at `depth` (child of pathN[depth-1]) into
   * `left` and `right`, inserts `right` into the parent (or grows a new root).
   */
  private addSibling(depth: number, left: Node, right: Node, rightCount: number, sepS: number, sepM: string): void {
    if (depth === 0) {
      const root = new Inner();
      const leftCount = this.dict.size - rightCount;
      root.children = [left, right];
      root.counts = [leftCount, rightCount];
      root.sepS = [sepS, sepS];
      root.sepM = [sepM, sepM];
      this.root = root;
      return;
    }
    const p = this.pathN[depth - 1]!;
    const i = this.pathI[depth - 1]!;
    p.children.splice(i + 1, 0, right);
    p.counts.splice(i + 1, 0, rightCount);
    p.counts[i]! -= rightCount;
    p.stale(i + 1);
    p.sepS.splice(i + 1, 0, sepS);
    p.sepM.splice(i + 1, 0, sepM);
    if (p.children.length > NODE_MAX) {
      const half = p.children.length >>> 1;
      const r = new Inner();
      r.children = p.children.splice(half);
      r.counts = p.counts.splice(half);
      p.stale(half);
      r.sepS = p.sepS.splice(half);
      r.sepM = p.sepM.splice(half);
      this.addSibling(depth - 1, p, r, sum(r.counts), r.sepS[0]!, r.sepM[0]!);
    }
  }

  /** Deletes a key known to be in the tree. */
  private deleteKey(s: number, m: string): void {
    const pathN = this.pathN;
    const pathI = this.pathI;
    const n = this.descend(s, m, PATH_ONLY);
    const depth = this.depth;
    const pos = search(n.scores, n.members, 0, s, m, false, this.leafBelow, this.leafAbove);
    if (n.members[pos] !== m) throw new Error('sorted set index out of sync');
    removeAt(n.members, pos);
    removeAt(n.scores, pos);
    for (let d = 0; d < depth; d++) {
      const p = pathN[d]!;
      const i = pathI[d]!;
      p.counts[i]!--;
      p.stale(i + 1);
    }
    // Rebalance bottom-up while nodes underflow.
    let size = n.members.length;
    let min = LEAF_MIN;
    for (let d = depth - 1; d >= 0 && size < min; d--) {
      const p = pathN[d]!;
      const i = pathI[d]!;
      if (p.children.length >= 2) {
        // The underfull child and a sibling: the one before it, or after the first.
        const li = i > 0 ? i - 1 : i;
        if (d === depth - 1) this.fixLeaf(p, li);
        else this.fixInner(p, li);
      }
      size = p.children.length;
      min = NODE_MIN;
    }
    while (!this.root.leaf && this.root.children.length === 1) this.root = this.root.children[0]!;
  }

  /** Merges or rebalances the leafs p.children[li] and [li + 1], one of them underfull. */
  private fixLeaf(p: Inner, li: number): void {
    const ri = li + 1;
    const l = p.children[li] as Leaf;
    const r = p.children[ri] as Leaf;
    const total = l.members.length + r.members.length;
    if (total <= LEAF_MAX) {
      for (let k = 0; k < r.members.length; k++) {
        l.members.push(r.members[k]!);
        l.scores.push(r.scores[k]!);
      }
      l.next = r.next;
      if (l.next !== null) l.next.prev = l;
      p.mergedInto(li);
      return;
    }
    const want = total >>> 1;
    if (l.members.length < want) {
      const k = want - l.members.length;
      const ms = r.members.splice(0, k);
      const ss = r.scores.splice(0, k);
      for (let j = 0; j < k; j++) {
        l.members.push(ms[j]!);
        l.scores.push(ss[j]!);
      }
    } else {
      const k = l.members.length - want;
      r.members.unshift(...l.members.splice(want, k));
      r.scores.unshift(...l.scores.splice(want, k));
    }
    p.shared(li, l.members.length, r.members.length, r.scores[0]!, r.members[0]!);
  }

  /** Merges or rebalances the inner nodes p.children[li] and [li + 1], one of them underfull. */
  private fixInner(p: Inner, li: number): void {
    const ri = li + 1;
    const l = p.children[li] as Inner;
    const r = p.children[ri] as Inner;
    // r's first child is about to sit after l's children: give it a valid separator.
    r.sepS[0] = p.sepS[ri]!;
    r.sepM[0] = p.sepM[ri]!;
    const total = l.children.length + r.children.length;
    if (total <= NODE_MAX) {
      l.children.push(...r.children);
      l.counts.push(...r.counts);
      l.sepS.push(...r.sepS);
      l.sepM.push(...r.sepM);
      p.mergedInto(li);
      return;
    }
    const want = total >>> 1;
    if (l.children.length < want) {
      const k = want - l.children.length;
      l.children.push(...r.children.splice(0, k));
      l.counts.push(...r.counts.splice(0, k));
      l.sepS.push(...r.sepS.splice(0, k));
      l.sepM.push(...r.sepM.splice(0, k));
    } else {
      l.stale(want);
      const k = l.children.length - want;
      r.children.unshift(...l.children.splice(want, k));
      r.counts.unshift(...l.counts.splice(want, k));
      r.sepS.unshift(...l.sepS.splice(want, k));
      r.sepM.unshift(...l.sepM.splice(want, k));
    }
    r.stale(0);
    const lc = sum(l.counts);
    p.shared(li, lc, p.counts[li]! + p.counts[ri]! - lc, r.sepS[0]!, r.sepM[0]!);
  }
}

/** The first index from `lo` where `p` fails on (scores[i], members[i]), `p` holding on a prefix. */
function firstFailing(scores: readonly number[], members: readonly string[], lo: number, p: KeyPredicate): number {
  let hi = scores.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p(scores[mid]!, members[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Splits 0..n into ceil(n / size) nearly equal [from, to) ranges. */
function* chunks(n: number, size: number): IterableIterator<[number, number]> {
  const k = Math.max(1, Math.ceil(n / size));
  const base = Math.floor(n / k);
  let extra = n % k;
  let from = 0;
  for (let c = 0; c < k; c++) {
    const to = from + base + (extra > 0 ? 1 : 0);
    if (extra > 0) extra--;
    yield [from, to];
    from = to;
  }
}
