/**
 * The keyspace tree behind the visualizer, kept in the worker so a million
 * keys never cross to the page: keys grouped into folders by their `:`
 * segments, filtered by a glob, sorted, and answered as windows of rows.
 *
 * Every folder holds its subfolders (by name) and its keys (in the chosen
 * order) in sorted arrays, plus counts of the rows below it, so the row at
 * any offset is found by descending the tree (prefix sums over subfolders,
 * cached per folder) instead of walking a million rows. A command updates
 * the index incrementally (binary search + splice per key it touched); an
 * event touching very many keys (FLUSHDB, DEBUG POPULATE) marks the view
 * stale and it is rebuilt on the next request.
 *
 * Deleted and expired keys stay in their place for a moment as "ghost" rows
 * so the page can fade them out where they were.
 */
import type { KeySort } from '../protocol/views';

/** What the index needs to know about a key (from the engine). */
export interface KeyFacts {
  readonly type: string;
  readonly size: number;
  readonly expireAt: number;
}

export interface KeySource {
  /** Calls `fn` for every live key of the database (a callback: no generator per key). */
  forEach(fn: (key: string) => void): void;
  facts(key: string): KeyFacts | undefined;
  /**
   * Sort values of many keys at once (optional): only the fact the order
   * needs is looked up (a TTL order never reads the values).
   */
  sortValues?(keys: readonly string[], from: number, to: number, sort: Exclude<KeySort, 'name'>, out: Float64Array): void;
}

/** How long a deleted or expired key keeps its row (page fades it out meanwhile). */
export const GHOST_MS = 2600;
/** Events touching more keys than this rebuild the view instead of patching it. */
export const BULK_LIMIT = 4096;
/** At most this many keys of one command are kept as ghosts. */
export const GHOST_LIMIT = 64;
/**
 * In a type/size/TTL order a key whose sort value changed is found by a
 * linear scan of its folder; a command changing more keys than this in such
 * an order rebuilds the view instead.
 */
export const VALUE_PATCH_LIMIT = 32;
/**
 * A value order seeded from the name index is built in slices when a folder
 * holds more keys than this (sort values looked up this many keys at a time).
 */
export const SLICE_KEYS = 16_384;

const TYPE_ORDER: Record<string, number> = { string: 0, hash: 1, list: 2, set: 3, zset: 4 };

/**
 * Natural order on byte strings: digit runs compare by value (`key:2` before
 * `key:10`), everything else by byte. A total order: equal-valued runs with
 * different leading zeros are ordered by their length.
 */
export function naturalCompare(a: string, b: string, from = 0): number {
  const la = a.length;
  const lb = b.length;
  let i = from;
  let j = from;
  while (i < la && j < lb) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (ca >= 48 && ca <= 57 && cb >= 48 && cb <= 57) {
      let si = i;
      while (si < la && a.charCodeAt(si) === 48) si++;
      let sj = j;
      while (sj < lb && b.charCodeAt(sj) === 48) sj++;
      let ei = si;
      while (ei < la && isDigit(a.charCodeAt(ei))) ei++;
      let ej = sj;
      while (ej < lb && isDigit(b.charCodeAt(ej))) ej++;
      const d = ei - si - (ej - sj);
      if (d !== 0) return d;
      for (let k = 0; k < ei - si; k++) {
        const c = a.charCodeAt(si + k) - b.charCodeAt(sj + k);
        if (c !== 0) return c;
      }
      const r = ei - i - (ej - j);
      if (r !== 0) return r;
      i = ei;
      j = ej;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return la - i - (lb - j);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export class Folder {
  readonly folders: Folder[] = [];
  keys: string[] = [];
  /** Sort values parallel to `keys` (type/size/TTL orders; empty for name order). */
  vals: number[] = [];
  /** Live keys below (ghosts excluded). */
  live = 0;
  /** Key rows below, ghosts included (the flat view's row count). */
  n = 0;
  /** Rows of the content (subfolders with their rows, then keys) when open. */
  inner = 0;
  open = true;
  prefR: Float64Array | null = null;
  prefN: Float64Array | null = null;
  constructor(
    readonly name: string,
    readonly path: string,
    readonly parent: Folder | null,
    readonly depth: number,
  ) {}

  /** Rows this folder takes in the tree: its header plus its content when open. */
  get rows(): number {
    return 1 + (this.open ? this.inner : 0);
  }
}

export type Row =
  | { kind: 'folder'; folder: Folder; depth: number }
  | { kind: 'key'; key: string; folder: Folder; depth: number; gone: 'deleted' | 'expired' | 'evicted' | undefined };

interface Ghost {
  gone: 'deleted' | 'expired' | 'evicted';
  until: number;
}

export class KeyView {
  root = new Folder('', '', null, -1);
  private byPath = new Map<string, Folder>();
  /** Folder paths the user closed (remembered across rebuilds). */
  readonly closed = new Set<string>();
  /** Type, size or TTL order: folders carry sort values next to their keys. */
  private readonly byValue: boolean;
  private lastFolder: Folder | undefined;
  private ghosts = new Map<string, Ghost>();
  /** Folders whose value order is still to be built (see `step`). */
  private queue: { f: Folder; v: Float64Array; i: number }[] = [];
  private stale = true;
  private matcher: ((key: string) => boolean) | null;

  constructor(
    private readonly source: () => KeySource,
    readonly db: number,
    readonly pattern: string,
    readonly sort: KeySort,
    matcher: (pattern: string, key: string) => boolean,
    private readonly realNow: () => number = () => Date.now(),
  ) {
    this.matcher = pattern === '*' ? null : (k) => matcher(pattern, k);
    this.byValue = sort !== 'name';
  }

  matches(key: string): boolean {
    return this.matcher === null || this.matcher(key);
  }

  /** Marks the view for a rebuild on the next request. */
  invalidate(): void {
    this.stale = true;
    this.queue = [];
  }

  get isStale(): boolean {
    return this.stale;
  }

  /** Can `base` (a current name-ordered index of the same keys) seed this view? */
  private canSeed(base: KeyView | undefined): base is KeyView {
    return base !== undefined && base !== this && base.sort === 'name' && !base.stale && base.db === this.db && base.pattern === this.pattern;
  }

  /**
   * Builds the index from the database (sorting each folder once). With
   * `base`, a current name-ordered view of the same keys, the folders and
   * their name order are copied from it instead: switching a million keys
   * to a size/type/TTL order then costs one pass over the keys for their
   * sort values and a bucket sort, no scan of the keyspace, no name sort.
   */
  rebuild(base?: KeyView, incremental = false): void {
    this.queue = [];
    const closed = this.closed;
    this.stale = true;
    this.root = new Folder('', '', null, -1);
    this.byPath = new Map();
    this.lastFolder = undefined;
    this.ghosts.clear();
    const src = this.source();
    const matcher = this.matcher;
    const seeded = this.canSeed(base);
    if (seeded) {
      const copy = (from: Folder, to: Folder): void => {
        // Ghost rows of the base (deleted keys fading out) are not copied.
        to.keys = base.ghosts.size === 0 ? from.keys.slice() : from.keys.filter((k) => !base.ghosts.has(k));
        for (const g of from.folders) {
          const f = new Folder(g.name, g.path, to, to.depth + 1);
          this.byPath.set(g.path, f);
          to.folders.push(f);
          copy(g, f);
        }
      };
      copy(base.root, this.root);
    } else {
      src.forEach((k) => {
        if (matcher !== null && !matcher(k)) return;
        this.folderOf(k, true)!.keys.push(k);
      });
    }
    const fix = (f: Folder): void => {
      f.open = f === this.root || !closed.has(f.path);
      let n = f.keys.length;
      let inner = f.keys.length;
      for (const g of f.folders) {
        fix(g);
        n += g.n;
        inner += g.rows;
      }
      f.n = n;
      f.live = n;
      f.inner = inner;
      f.prefN = f.prefR = null;
      // Seeded, a big folder's value order is built in slices (`step`): meanwhile it shows its keys by name.
      if (seeded && incremental && this.byValue && f.keys.length > SLICE_KEYS) this.queue.push({ f, v: new Float64Array(f.keys.length), i: 0 });
      else this.sortKeys(f, src, seeded);
    };
    if (!seeded) this.sortFolders(this.root);
    fix(this.root);
    if (seeded) this.removeEmptyFolders(this.root);
    this.stale = false;
  }

  private sortFolders(f: Folder): void {
    if (f.folders.length > 1) f.folders.sort((a, b) => naturalCompare(a.name, b.name) || (a.name < b.name ? -1 : 1));
    for (const g of f.folders) this.sortFolders(g);
  }

  /** Drops folders left empty (a seed's folders that held only ghosts). */
  private removeEmptyFolders(f: Folder): void {
    for (const g of [...f.folders]) this.removeEmptyFolders(g);
    if (f.parent !== null && f.n === 0 && f.folders.length === 0) this.removeFolderIfEmpty(f);
  }

  /** True while a value order is still being built in slices (rows are in name order meanwhile). */
  get sorting(): boolean {
    return this.queue.length > 0;
  }

  /**
   * Builds the pending value order for about `budgetMs` (sort values are
   * looked up in runs of keys, then each folder is bucket-sorted in one go).
   * Returns true when the order is complete.
   */
  step(budgetMs: number, clock: () => number = () => performance.now()): boolean {
    const t0 = clock();
    const src = this.source();
    while (this.queue.length > 0) {
      const job = this.queue[0]!;
      const keys = job.f.keys;
      while (job.i < keys.length) {
        const end = Math.min(keys.length, job.i + SLICE_KEYS);
        this.fillValues(src, keys, job.i, end, job.v);
        job.i = end;
        if (clock() - t0 > budgetMs) return false;
      }
      this.bucketSort(job.f, job.v);
      this.queue.shift();
      if (clock() - t0 > budgetMs) return this.queue.length === 0;
    }
    return true;
  }

  private fillValues(src: KeySource, keys: readonly string[], from: number, to: number, out: Float64Array): void {
    if (src.sortValues !== undefined && this.sort !== 'name') src.sortValues(keys, from, to, this.sort, out);
    else for (let i = from; i < to; i++) out[i] = this.sortValue(src.facts(keys[i]!));
  }

  private sortKeys(f: Folder, src: KeySource, named = false): void {
    const from = f.path === '' ? 0 : f.path.length + 1;
    const keys = f.keys;
    // Name order first (TimSort: near-linear on the mostly sorted input of a typical keyspace) ...
    if (keys.length > 1 && !named) keys.sort((a, b) => naturalCompare(a, b, from) || (a < b ? -1 : a > b ? 1 : 0));
    if (!this.byValue) return;
    const v = new Float64Array(keys.length);
    this.fillValues(src, keys, 0, keys.length, v);
    this.bucketSort(f, v);
  }

  /** A stable bucket sort of `f.keys` (in name order) by their sort values `v` (few distinct sizes/types; no comparator calls). */
  private bucketSort(f: Folder, v: Float64Array): void {
    const keys = f.keys;
    const n = keys.length;
    // Each key's bucket, found once (a Map lookup per key, not two).
    const slotOf = new Uint32Array(n);
    const slot = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      let b = slot.get(v[i]!);
      if (b === undefined) slot.set(v[i]!, (b = slot.size));
      slotOf[i] = b;
    }
    const distinct = Float64Array.from(slot.keys());
    const rank = new Uint32Array(distinct.length);
    Array.from(distinct.keys())
      .sort((a, b) => distinct[a]! - distinct[b]!)
      .forEach((b, r) => (rank[b] = r));
    const start = new Uint32Array(distinct.length + 1);
    for (let i = 0; i < n; i++) start[rank[slotOf[i]!]! + 1]!++;
    for (let i = 1; i < start.length; i++) start[i]! += start[i - 1]!;
    const outK = new Array<string>(n);
    const outV = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const j = start[rank[slotOf[i]!]!]!++;
      outK[j] = keys[i]!;
      outV[j] = v[i]!;
    }
    f.keys = outK;
    f.vals = outV;
  }

  private sortValue(f: KeyFacts | undefined): number {
    return f === undefined ? 0 : sortValueOf(this.sort, f.type, f.size, f.expireAt);
  }

  /** Index of `key` (with sort value `v`) in `f.keys` if present, else ~(where it would go). */
  private locate(f: Folder, key: string, v: number): number {
    const ks = f.keys;
    const vs = f.vals;
    const from = f.path === '' ? 0 : f.path.length + 1;
    const byValue = this.byValue;
    let lo = 0;
    let hi = ks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = ks[mid]!;
      let c = byValue ? v - vs[mid]! : 0;
      if (c === 0) c = naturalCompare(key, other, from) || (key < other ? -1 : key > other ? 1 : 0);
      if (c > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo < ks.length && ks[lo] === key ? lo : ~lo;
  }

  /** Where `key` is in `f.keys` now, or -1 (by value order: tries its current value, then scans). */
  private find(f: Folder, key: string, facts: KeyFacts | undefined): number {
    const at = this.locate(f, key, this.sortValue(facts));
    if (at >= 0) return at;
    return this.byValue ? f.keys.indexOf(key) : -1;
  }

  /** Index of the subfolder named `name` in `p.folders`, or where it would go. */
  private folderIndex(p: Folder, name: string): number {
    const fs = p.folders;
    let lo = 0;
    let hi = fs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = fs[mid]!.name;
      const c = naturalCompare(other, name) || (other < name ? -1 : other > name ? 1 : 0);
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private folderOf(key: string, create: boolean): Folder | undefined {
    const cut = key.lastIndexOf(':');
    if (cut < 0) return this.root;
    // Consecutive keys mostly share a folder: compare in place instead of slicing.
    const last = this.lastFolder;
    if (last !== undefined && last.path.length === cut && key.startsWith(last.path) && this.byPath.get(last.path) === last) return last;
    const path = key.slice(0, cut);
    let f = this.byPath.get(path);
    if (f === undefined && create) f = this.makeFolder(path);
    if (f !== undefined) this.lastFolder = f;
    return f;
  }

  private makeFolder(path: string): Folder {
    const cut = path.lastIndexOf(':');
    const parent = cut < 0 ? this.root : (this.byPath.get(path.slice(0, cut)) ?? this.makeFolder(path.slice(0, cut)));
    const name = cut < 0 ? path : path.slice(cut + 1);
    const f = new Folder(name, path, parent, parent.depth + 1);
    f.open = !this.closed.has(path);
    this.byPath.set(path, f);
    if (!this.stale) {
      parent.folders.splice(this.folderIndex(parent, name), 0, f);
      parent.prefR = parent.prefN = null;
      this.bump(parent, 0, 0, 1);
    } else {
      parent.folders.push(f);
    }
    return f;
  }

  private removeFolderIfEmpty(f: Folder): void {
    while (f.parent !== null && f.n === 0 && f.folders.length === 0) {
      const p = f.parent;
      const i = this.folderIndex(p, f.name);
      if (p.folders[i] === f) p.folders.splice(i, 1);
      this.byPath.delete(f.path);
      p.prefR = p.prefN = null;
      this.bump(p, 0, 0, -f.rows);
      f = p;
    }
  }

  /** Applies count changes to a folder and its ancestors. */
  private bump(f: Folder, dLive: number, dN: number, dInner: number): void {
    let x: Folder = f;
    let dI = dInner;
    for (;;) {
      x.live += dLive;
      x.n += dN;
      x.inner += dI;
      const p = x.parent;
      if (p === null) break;
      const dR = x.open ? dI : 0;
      if (dR !== 0) p.prefR = null;
      if (dN !== 0) p.prefN = null;
      dI = dR;
      x = p;
    }
  }

  private insert(key: string, facts: KeyFacts | undefined): void {
    const f = this.folderOf(key, true)!;
    const v = this.sortValue(facts);
    const at = this.locate(f, key, v);
    if (at >= 0) return;
    f.keys.splice(~at, 0, key);
    if (this.byValue) f.vals.splice(~at, 0, v);
    this.bump(f, 1, 1, 1);
  }

  private removeAt(f: Folder, at: number, wasLive: boolean): void {
    f.keys.splice(at, 1);
    if (this.byValue) f.vals.splice(at, 1);
    this.bump(f, wasLive ? -1 : 0, -1, -1);
    this.removeFolderIfEmpty(f);
  }

  /** Where the key is in the index (folder and position), if it is. */
  private position(key: string, facts: KeyFacts | undefined): { f: Folder; at: number } | undefined {
    if (this.stale) return undefined;
    const f = this.folderOf(key, false);
    if (f === undefined) return undefined;
    const at = this.find(f, key, facts);
    return at < 0 ? undefined : { f, at };
  }

  has(key: string): boolean {
    return this.position(key, this.source().facts(key)) !== undefined;
  }

  /**
   * Updates the index after a command. `written` keys exist now (or were
   * deleted in the same command: facts undefined), `removed` are gone.
   * Returns the written keys that were not in the view before.
   */
  apply(written: readonly string[], removed: readonly { key: string; gone: 'deleted' | 'expired' | 'evicted' }[], count: number): string[] {
    if (this.stale) return [];
    if (this.sorting) {
      // The order being built no longer holds: it starts over on the next request.
      this.invalidate();
      return [];
    }
    if (count > BULK_LIMIT || (this.byValue && written.length + removed.length > VALUE_PATCH_LIMIT && this.root.n > 10_000)) {
      this.stale = true;
      return [];
    }
    const src = this.source();
    const created: string[] = [];
    const now = this.realNow();
    let ghosts = 0;
    const toGhost = (key: string, gone: 'deleted' | 'expired' | 'evicted', pos: { f: Folder; at: number }) => {
      if (ghosts++ < GHOST_LIMIT) {
        this.ghosts.set(key, { gone, until: now + GHOST_MS });
        this.bump(pos.f, -1, 0, 0);
      } else this.removeAt(pos.f, pos.at, true);
    };
    for (const r of removed) {
      if (!this.matches(r.key) || this.ghosts.has(r.key)) continue;
      if (src.facts(r.key) !== undefined) continue; // re-created within the command
      const pos = this.position(r.key, undefined);
      if (pos !== undefined) toGhost(r.key, r.gone, pos);
    }
    for (const key of written) {
      if (!this.matches(key)) continue;
      const facts = src.facts(key);
      const ghost = this.ghosts.get(key);
      if (facts === undefined) {
        if (ghost !== undefined) continue;
        const pos = this.position(key, undefined);
        if (pos !== undefined) toGhost(key, 'deleted', pos);
        continue;
      }
      const f = this.folderOf(key, true)!;
      const v = this.sortValue(facts);
      if (this.locate(f, key, v) >= 0 && ghost === undefined) continue; // in place already
      const old = this.byValue || ghost !== undefined ? this.find(f, key, facts) : -1;
      if (old >= 0) this.removeAt(f, old, ghost === undefined);
      if (ghost !== undefined) this.ghosts.delete(key);
      this.insert(key, facts);
      if (old < 0 || ghost !== undefined) created.push(key);
    }
    return created;
  }

  /** Drops ghosts whose time is up. Returns ms until the next one is due, or undefined. */
  sweep(): number | undefined {
    if (this.ghosts.size === 0) return undefined;
    const now = this.realNow();
    let next = Infinity;
    for (const [key, g] of this.ghosts) {
      if (g.until <= now) {
        this.ghosts.delete(key);
        const pos = this.position(key, undefined);
        if (pos !== undefined) this.removeAt(pos.f, pos.at, false);
      } else next = Math.min(next, g.until - now);
    }
    return next === Infinity ? undefined : next;
  }

  ghostOf(key: string): 'deleted' | 'expired' | 'evicted' | undefined {
    return this.ghosts.get(key)?.gone;
  }

  /** Opens or closes a folder (or all of them). */
  toggle(path: string, open: boolean, all = false): void {
    if (all) {
      this.closed.clear();
      if (!open) for (const p of this.byPath.keys()) this.closed.add(p);
      this.stale = true;
      return;
    }
    if (open) this.closed.delete(path);
    else this.closed.add(path);
    const f = this.byPath.get(path);
    if (f === undefined || f.open === open) return;
    f.open = open;
    const d = open ? f.inner : -f.inner;
    f.parent!.prefR = null;
    this.bump(f.parent!, 0, 0, d);
  }

  /** Total rows: tree rows, or key rows in the flat view. */
  total(flat: boolean): number {
    return flat ? this.root.n : this.root.inner;
  }

  get matched(): number {
    return this.root.live;
  }

  private pref(f: Folder, flat: boolean): Float64Array {
    let p = flat ? f.prefN : f.prefR;
    if (p !== null) return p;
    const fs = f.folders;
    p = new Float64Array(fs.length + 1);
    for (let i = 0; i < fs.length; i++) p[i + 1] = p[i]! + (flat ? fs[i]!.n : fs[i]!.rows);
    if (flat) f.prefN = p;
    else f.prefR = p;
    return p;
  }

  /** Rows [offset, offset + limit). */
  window(offset: number, limit: number, flat: boolean): Row[] {
    const out: Row[] = [];
    if (limit > 0) this.walk(this.root, 0, Math.max(0, offset), out, limit, flat);
    return out;
  }

  private walk(f: Folder, depth: number, skip: number, out: Row[], limit: number, flat: boolean): number {
    const fs = f.folders;
    let i = 0;
    if (skip > 0 && fs.length > 16) {
      const p = this.pref(f, flat);
      let lo = 0;
      let hi = fs.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (p[mid]! <= skip) lo = mid;
        else hi = mid - 1;
      }
      i = lo;
      skip -= p[lo]!;
    }
    for (; i < fs.length && out.length < limit; i++) {
      const g = fs[i]!;
      const size = flat ? g.n : g.rows;
      if (skip >= size) {
        skip -= size;
        continue;
      }
      if (!flat) {
        if (skip === 0) out.push({ kind: 'folder', folder: g, depth });
        else skip--;
      }
      if (flat || g.open) skip = this.walk(g, depth + 1, skip, out, limit, flat);
    }
    if (out.length >= limit) return 0;
    const ks = f.keys;
    if (skip >= ks.length) return skip - ks.length;
    for (let j = skip; j < ks.length && out.length < limit; j++) {
      const key = ks[j]!;
      out.push({ kind: 'key', key, folder: f, depth, gone: this.ghosts.get(key)?.gone });
    }
    return 0;
  }

  /** Opens the folders above `key` and returns its row, or -1. */
  reveal(key: string, flat: boolean): number {
    const hit = this.position(key, this.source().facts(key));
    if (hit === undefined) return -1;
    const f = hit.f;
    const j = hit.at;
    if (!flat) for (let g: Folder | null = f; g !== null && g.parent !== null; g = g.parent) if (!g.open) this.toggle(g.path, true);
    let pos = this.pref(f, flat)[f.folders.length]! + j;
    for (let c: Folder = f; c.parent !== null; c = c.parent) {
      const p = c.parent;
      const ci = this.folderIndex(p, c.name);
      pos += this.pref(p, flat)[ci]! + (flat ? 0 : 1);
    }
    return pos;
  }
}

/** A key's sort value in a type/size/TTL order (ascending; size is negated: largest first). */
export function sortValueOf(sort: KeySort, type: string, size: number, expireAt: number): number {
  switch (sort) {
    case 'type':
      return TYPE_ORDER[type] ?? 9;
    case 'size':
      return -size;
    case 'ttl':
      return expireAt < 0 ? Number.MAX_VALUE : expireAt;
    default:
      return 0;
  }
}
