/**
 * A growable ring buffer backing Redis lists.
 *
 * - push and pop at both ends: O(1) amortised (the buffer doubles when full
 *   and halves when three quarters empty, so a long run of pops gives the
 *   memory back without thrashing at the boundary);
 * - `at` / `set` by index: O(1) (LINDEX, LSET);
 * - `slice(start, end)`: O(end - start) (LRANGE);
 * - `removeFront(n)` / `removeBack(n)`: O(n) (LTRIM, LPOP with a count);
 * - `insertAt` / `removeAt`: O(min(i, length - i)), moving the shorter side
 *   (LINSERT, LREM).
 *
 * The capacity is a power of two so that wrapping is a mask. Indexes are
 * 0..length-1 from the head; callers turn Redis's negative indexes into
 * these.
 */
export class Deque<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private len = 0;
  private mask: number;

  constructor(initial: Iterable<T> = []) {
    const items = Array.isArray(initial) ? (initial as readonly T[]) : Array.from(initial);
    let cap = MIN_CAPACITY;
    while (cap < items.length) cap *= 2;
    this.buf = allocate<T>(cap);
    for (let i = 0; i < items.length; i++) this.buf[i] = items[i];
    this.len = items.length;
    this.mask = cap - 1;
  }

  get length(): number {
    return this.len;
  }

  /** Current capacity of the ring (for tests of the growth policy). */
  get capacity(): number {
    return this.buf.length;
  }

  pushBack(x: T): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.buf[(this.head + this.len) & this.mask] = x;
    this.len++;
  }

  pushFront(x: T): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    this.head = (this.head - 1) & this.mask;
    this.buf[this.head] = x;
    this.len++;
  }

  popFront(): T | undefined {
    if (this.len === 0) return undefined;
    const x = this.buf[this.head];
    this.buf[this.head] = undefined;
    this.head = (this.head + 1) & this.mask;
    this.len--;
    this.maybeShrink();
    return x;
  }

  popBack(): T | undefined {
    if (this.len === 0) return undefined;
    const i = (this.head + this.len - 1) & this.mask;
    const x = this.buf[i];
    this.buf[i] = undefined;
    this.len--;
    this.maybeShrink();
    return x;
  }

  /** The first element, or undefined when empty. */
  peekFront(): T | undefined {
    return this.len === 0 ? undefined : this.buf[this.head];
  }

  /** The last element, or undefined when empty. */
  peekBack(): T | undefined {
    return this.len === 0 ? undefined : this.buf[(this.head + this.len - 1) & this.mask];
  }

  /** Element at index 0..length-1 (no negative indexes here). */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.len) return undefined;
    return this.buf[(this.head + i) & this.mask];
  }

  set(i: number, x: T): void {
    if (i < 0 || i >= this.len) throw new RangeError('index out of range');
    this.buf[(this.head + i) & this.mask] = x;
  }

  /** Elements from start to end inclusive, clamped to the list. */
  slice(start: number, end: number): T[] {
    const from = Math.max(0, start);
    const to = Math.min(end, this.len - 1);
    if (to < from) return [];
    const out = new Array<T>(to - from + 1);
    for (let i = from, j = 0; i <= to; i++, j++) out[j] = this.buf[(this.head + i) & this.mask] as T;
    return out;
  }

  toArray(): T[] {
    return this.slice(0, this.len - 1);
  }

  /** Removes and returns up to n elements from the head, in head-to-tail order. */
  removeFront(n: number): T[] {
    const k = Math.min(Math.max(0, n), this.len);
    const out = new Array<T>(k);
    for (let j = 0; j < k; j++) {
      out[j] = this.buf[this.head] as T;
      this.buf[this.head] = undefined;
      this.head = (this.head + 1) & this.mask;
    }
    this.len -= k;
    this.maybeShrink();
    return out;
  }

  /** Removes and returns up to n elements from the tail, in tail-to-head order. */
  removeBack(n: number): T[] {
    const k = Math.min(Math.max(0, n), this.len);
    const out = new Array<T>(k);
    for (let j = 0; j < k; j++) {
      const i = (this.head + this.len - 1) & this.mask;
      out[j] = this.buf[i] as T;
      this.buf[i] = undefined;
      this.len--;
    }
    this.maybeShrink();
    return out;
  }

  /** Inserts x so that it ends up at index i (0..length), moving the shorter side. */
  insertAt(i: number, x: T): void {
    if (i < 0 || i > this.len) throw new RangeError('index out of range');
    if (i === 0) return this.pushFront(x);
    if (i === this.len) return this.pushBack(x);
    if (this.len === this.buf.length) this.resize(this.buf.length * 2);
    const b = this.buf;
    const m = this.mask;
    if (i < this.len / 2) {
      // Shift the first i elements one slot towards the front.
      this.head = (this.head - 1) & m;
      for (let j = 0; j < i; j++) b[(this.head + j) & m] = b[(this.head + j + 1) & m];
    } else {
      // Shift elements i..len-1 one slot towards the back.
      for (let j = this.len; j > i; j--) b[(this.head + j) & m] = b[(this.head + j - 1) & m];
    }
    b[(this.head + i) & m] = x;
    this.len++;
  }

  /** Removes and returns the element at index i, moving the shorter side. */
  removeAt(i: number): T {
    if (i < 0 || i >= this.len) throw new RangeError('index out of range');
    const b = this.buf;
    const m = this.mask;
    const x = b[(this.head + i) & m] as T;
    if (i < this.len / 2) {
      for (let j = i; j > 0; j--) b[(this.head + j) & m] = b[(this.head + j - 1) & m];
      b[this.head] = undefined;
      this.head = (this.head + 1) & m;
    } else {
      for (let j = i; j < this.len - 1; j++) b[(this.head + j) & m] = b[(this.head + j + 1) & m];
      b[(this.head + this.len - 1) & m] = undefined;
    }
    this.len--;
    this.maybeShrink();
    return x;
  }

  /**
   * Keeps only the elements for which keep(x, index) is true, in order.
   * O(length). Returns how many were removed.
   */
  retain(keep: (x: T, i: number) => boolean): number {
    const b = this.buf;
    const m = this.mask;
    let w = 0;
    for (let r = 0; r < this.len; r++) {
      const x = b[(this.head + r) & m] as T;
      if (keep(x, r)) {
        if (w !== r) b[(this.head + w) & m] = x;
        w++;
      }
    }
    const removed = this.len - w;
    for (let j = w; j < this.len; j++) b[(this.head + j) & m] = undefined;
    this.len = w;
    this.maybeShrink();
    return removed;
  }

  /** Replaces the whole content. */
  replace(items: readonly T[]): void {
    let cap = MIN_CAPACITY;
    while (cap < items.length) cap *= 2;
    this.buf = allocate<T>(cap);
    for (let i = 0; i < items.length; i++) this.buf[i] = items[i];
    this.head = 0;
    this.len = items.length;
    this.mask = cap - 1;
  }

  /** Head-to-tail iteration (a class-based iterator: several times cheaper than a generator in V8). */
  [Symbol.iterator](): IterableIterator<T> {
    return new DequeIterator(this.buf, this.head, this.mask, this.len);
  }

  private resize(cap: number): void {
    const old = this.buf;
    const next = allocate<T>(cap);
    for (let i = 0; i < this.len; i++) next[i] = old[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = cap - 1;
  }

  private maybeShrink(): void {
    const cap = this.buf.length;
    if (cap > SHRINK_ABOVE && this.len < cap / 4) {
      let next = cap / 2;
      while (next > SHRINK_ABOVE && this.len < next / 4) next /= 2;
      this.resize(next);
    }
  }
}

class DequeIterator<T> implements IterableIterator<T> {
  private i = 0;
  constructor(
    private readonly buf: readonly (T | undefined)[],
    private readonly head: number,
    private readonly mask: number,
    private readonly len: number,
  ) {}

  next(): IteratorResult<T> {
    if (this.i < this.len) return { value: this.buf[(this.head + this.i++) & this.mask] as T, done: false };
    return { value: undefined, done: true };
  }

  [Symbol.iterator](): IterableIterator<T> {
    return this;
  }
}

const MIN_CAPACITY = 8;
/** Rings at most this big never shrink (not worth the copies). */
const SHRINK_ABOVE = 64;

/**
 * A fast (non-dictionary) array of the given length. V8 turns `new Array(n)`
 * into a slow dictionary-backed array beyond 2^25 elements; growing an empty
 * array by pushes keeps the fast representation.
 */
function allocate<T>(n: number): (T | undefined)[] {
  if (n <= 1 << 25) return new Array<T | undefined>(n);
  const a: (T | undefined)[] = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}
