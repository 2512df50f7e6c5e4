/**
 * A growable ring buffer: O(1) push and pop at both ends, O(1) index.
 * Backs Redis lists. Capacity is a power of two so wrapping is a mask.
 */
export class Deque<T> {
  private buf: (T | undefined)[];
  private head = 0;
  private len = 0;
  private mask: number;

  constructor(initial: Iterable<T> = []) {
    this.buf = new Array<T | undefined>(8);
    this.mask = 7;
    for (const x of initial) this.pushBack(x);
  }

  get length(): number {
    return this.len;
  }

  private grow(): void {
    const old = this.buf;
    const cap = old.length * 2;
    const next = new Array<T | undefined>(cap);
    for (let i = 0; i < this.len; i++) next[i] = old[(this.head + i) & this.mask];
    this.buf = next;
    this.head = 0;
    this.mask = cap - 1;
  }

  pushBack(x: T): void {
    if (this.len === this.buf.length) this.grow();
    this.buf[(this.head + this.len) & this.mask] = x;
    this.len++;
  }

  pushFront(x: T): void {
    if (this.len === this.buf.length) this.grow();
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

  /** Element at index 0..length-1 (no negative indexes here). */
  at(i: number): T | undefined {
    if (i < 0 || i >= this.len) return undefined;
    return this.buf[(this.head + i) & this.mask];
  }

  set(i: number, x: T): void {
    if (i < 0 || i >= this.len) throw new RangeError('index out of range');
    this.buf[(this.head + i) & this.mask] = x;
  }

  /** Elements from start to end inclusive (already clamped by the caller). */
  slice(start: number, end: number): T[] {
    const out: T[] = [];
    for (let i = Math.max(0, start); i <= end && i < this.len; i++) out.push(this.buf[(this.head + i) & this.mask] as T);
    return out;
  }

  toArray(): T[] {
    return this.slice(0, this.len - 1);
  }

  /** Replace the whole content (used by LTRIM, LREM, LINSERT). */
  replace(items: T[]): void {
    let cap = 8;
    while (cap < items.length) cap *= 2;
    this.buf = new Array<T | undefined>(cap);
    for (let i = 0; i < items.length; i++) this.buf[i] = items[i];
    this.head = 0;
    this.len = items.length;
    this.mask = cap - 1;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.len; i++) yield this.buf[(this.head + i) & this.mask] as T;
  }

  private maybeShrink(): void {
    const cap = this.buf.length;
    if (cap > 64 && this.len < cap / 4) {
      const next = new Array<T | undefined>(cap / 2);
      for (let i = 0; i < this.len; i++) next[i] = this.buf[(this.head + i) & this.mask];
      this.buf = next;
      this.head = 0;
      this.mask = cap / 2 - 1;
    }
  }
}
