/**
 * Cursor iteration shared by SCAN, HSCAN, SSCAN and ZSCAN.
 *
 * Argument parsing (Redis 7.0 semantics, word for word errors):
 *
 *   const cursor = parseScanCursor(argv[2]);           // 'ERR invalid cursor'
 *   ... look the key up (missing key -> emptyScanReply(), wrong type -> WRONGTYPE) ...
 *   const o = parseScanArgs(argv, 3, false);           // MATCH / COUNT (/ TYPE for SCAN)
 *
 * Note the order Redis uses for HSCAN/SSCAN/ZSCAN: the cursor is parsed first,
 * then the key is looked up, and only then the options are parsed. So
 * `HSCAN missing 0 COUNT 0` replies an empty scan, not a syntax error.
 *
 * Paging a collection:
 *
 *   - Redis replies *everything at once with cursor 0* when the collection uses
 *     a compact encoding (listpack / intset: small hashes, sets of integers,
 *     small sorted sets). Do that for collections Redis would keep compact, so
 *     the replies match the real server: `scanAll(items, o)`.
 *   - Otherwise page with `scanIterable(source, cursor, o)`: the cursor is a
 *     position in the iteration order of a JS Map/Set (insertion order). It
 *     never misses elements that stay present while nothing is deleted; a
 *     deletion before the cursor position may shift a later element back past
 *     the cursor (Redis allows duplicates, not misses; collections that need the
 *     strict guarantee can embed a `ScanIndex`, as the keyspace does).
 *
 * For hashes and sorted sets the page is a flat list of pairs (field, value);
 * MATCH applies to the field and drops its value with it (pass `pairs: true`).
 *
 * Finally reply with `scanReply(nextCursor, items)`.
 */
import { E } from './errors';
import { keyMatches } from './glob';
import { RedisError } from './parse';
import { parseInt64 } from '../../text/int';
import { array, bulk, bulks, type Reply } from './reply';
import { UINT64_MAX } from '../../text/int';

export interface ScanOptions {
  /** The MATCH pattern, or undefined when absent or exactly `*`. */
  readonly match: string | undefined;
  /** COUNT (default 10). */
  readonly count: number;
  /** SCAN's TYPE filter as typed (compared case-insensitively), or undefined. */
  readonly type: string | undefined;
}


/**
 * Parses a cursor as Redis does (strtoul, base 10): an optional sign and
 * digits; `-1` wraps around; an empty string is cursor 0; spaces, trailing
 * bytes and values past 2^64-1 are 'ERR invalid cursor'. Cursors beyond
 * 2^53 come back as imprecise numbers, which no cursor of ours reaches.
 */
export function parseScanCursor(arg: string): number {
  if (arg.length === 0) return 0;
  if (/^[0-9]{1,15}$/.test(arg)) return Number(arg);
  const m = /^([+-]?)([0-9]+)$/.exec(arg);
  if (m === null) throw new RedisError(E.INVALID_CURSOR);
  const v = BigInt(m[2]!);
  if (v > UINT64_MAX) throw new RedisError(E.INVALID_CURSOR);
  const u = m[1] === '-' && v !== 0n ? UINT64_MAX + 1n - v : v;
  return Number(u);
}

/**
 * Parses `[MATCH pattern] [COUNT count] [TYPE type]` starting at argv[from].
 * Options may repeat (the last one wins). TYPE is accepted only when
 * `allowType` (plain SCAN). COUNT must be an integer ('ERR value is not an
 * integer or out of range') and at least 1 ('ERR syntax error').
 */
export function parseScanArgs(argv: readonly string[], from: number, allowType: boolean): ScanOptions {
  let match: string | undefined;
  let count = 10;
  let type: string | undefined;
  for (let i = from; i < argv.length; i += 2) {
    const opt = argv[i]!.toLowerCase();
    const hasValue = i + 1 < argv.length;
    if (opt === 'count' && hasValue) {
      const v = parseInt64(argv[i + 1]!);
      if (v === null) throw new RedisError(E.NOT_INTEGER);
      if (v < 1n) throw new RedisError(E.SYNTAX);
      count = Number(v);
    } else if (opt === 'match' && hasValue) {
      const p = argv[i + 1]!;
      match = p === '*' ? undefined : p;
    } else if (opt === 'type' && allowType && hasValue) {
      type = argv[i + 1]!;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  return { match, count, type };
}

/** True when `item` passes MATCH. */
export function scanMatches(o: ScanOptions, item: string): boolean {
  return o.match === undefined || keyMatches(o.match, item);
}

export interface ScanPage {
  /** The cursor to reply: 0 when the iteration is complete. */
  readonly cursor: number;
  readonly items: string[];
}

/**
 * Everything at once, cursor 0: what Redis does for compact encodings.
 * With `pairs`, items is [field, value, field, value, ...] and MATCH looks
 * at fields only.
 */
export function scanAll(items: Iterable<string>, o: ScanOptions, pairs = false): ScanPage {
  const out: string[] = [];
  if (pairs) {
    let field: string | undefined;
    for (const x of items) {
      if (field === undefined) {
        field = x;
        continue;
      }
      if (scanMatches(o, field)) out.push(field, x);
      field = undefined;
    }
  } else {
    for (const x of items) if (scanMatches(o, x)) out.push(x);
  }
  return { cursor: 0, items: out };
}

/**
 * Pages over an iterable by position: skips `cursor` elements, takes up to
 * COUNT, filters them with MATCH, and returns the next position (0 at the
 * end). `toItems` turns one element into reply items (a field and its value
 * for hashes and sorted sets; filtered on the first item).
 */
export function scanIterable<T>(
  source: Iterable<T>,
  cursor: number,
  o: ScanOptions,
  toItems: (x: T) => readonly string[],
): ScanPage {
  const out: string[] = [];
  let pos = 0;
  let taken = 0;
  const it = source[Symbol.iterator]();
  for (let r = it.next(); r.done !== true; r = it.next()) {
    if (pos++ < cursor) continue;
    const items = toItems(r.value);
    if (scanMatches(o, items[0]!)) for (const x of items) out.push(x);
    if (++taken >= o.count) {
      const more = it.next().done !== true;
      return { cursor: more ? pos : 0, items: out };
    }
  }
  return { cursor: 0, items: out };
}

/** The two-element SCAN reply: the cursor as a bulk string and the items. */
export function scanReply(cursor: number, items: readonly string[]): Reply {
  return array([bulk(String(cursor)), bulks(items)]);
}

/** `*2 $1 0 *0`: what HSCAN/SSCAN/ZSCAN reply for a missing key. */
export function emptyScanReply(): Reply {
  return scanReply(0, []);
}

/**
 * A cursor index that is stable under inserts and deletes, O(log n) to resume
 * from a cursor and amortised O(1) per insert. The keyspace embeds one per
 * database; any collection can embed one too.
 *
 * Every insertion of a new member appends it with the next sequence number
 * (sequence numbers only grow, starting at 1). A cursor is the sequence number
 * of the next entry to visit, so an iteration walks members in insertion order
 * and a member inserted before the iteration started and present all along is
 * returned exactly when the walk passes its entry. Deletions leave the entry
 * behind (it is skipped when visited, as `isLive` says); when dead entries
 * outnumber live ones, a compaction drops them, keeping every survivor's
 * sequence number, so cursors in flight stay valid. A member deleted and
 * re-added has two entries until the next compaction: it may be returned
 * twice, which SCAN allows. Overwriting a member does not touch the index.
 */
export class ScanIndex {
  private members: string[] = [];
  private seqs: number[] = [];
  private nextSeq = 1;

  /** Number of entries, dead ones included. */
  get length(): number {
    return this.members.length;
  }

  /** Records a new member. `isLive` and `liveCount` let it compact now and then. */
  added(member: string, liveCount: number, isLive: (m: string) => boolean): void {
    this.members.push(member);
    this.seqs.push(this.nextSeq++);
    if (this.members.length > 2 * liveCount + 1024) this.compact(isLive);
  }

  /** Forgets every member (FLUSHDB); sequence numbers keep growing. */
  clear(): void {
    this.members = [];
    this.seqs = [];
  }

  /** Swaps contents with another index (SWAPDB). */
  swap(other: ScanIndex): void {
    [this.members, other.members] = [other.members, this.members];
    [this.seqs, other.seqs] = [other.seqs, this.seqs];
    const next = Math.max(this.nextSeq, other.nextSeq);
    this.nextSeq = next;
    other.nextSeq = next;
  }

  /** Keeps the last entry of every live member, with its sequence number. */
  compact(isLive: (m: string) => boolean): void {
    const seen = new Set<string>();
    const members: string[] = [];
    const seqs: number[] = [];
    for (let i = this.members.length - 1; i >= 0; i--) {
      const m = this.members[i]!;
      if (seen.has(m) || !isLive(m)) continue;
      seen.add(m);
      members.push(m);
      seqs.push(this.seqs[i]!);
    }
    members.reverse();
    seqs.reverse();
    this.members = members;
    this.seqs = seqs;
  }

  /**
   * Compacts, then appends every member of `all` the index does not know
   * (stored by code that bypassed `added`). O(n); called only when the index
   * has fewer entries than there are members.
   */
  resync(all: Iterable<string>, isLive: (m: string) => boolean): void {
    this.compact(isLive);
    const known = new Set(this.members);
    for (const m of all) {
      if (known.has(m)) continue;
      this.members.push(m);
      this.seqs.push(this.nextSeq++);
    }
  }

  /** Index of the first entry whose sequence number is >= cursor. */
  private position(cursor: number): number {
    let lo = 0;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.seqs[mid]! < cursor) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Collects up to `count` live members from `cursor` on, looking at no more
   * than 10 * count entries (Redis's bound for sparse tables). Returns the next
   * cursor (0 when the walk reached the end) and the members.
   */
  page(cursor: number, count: number, isLive: (m: string) => boolean): ScanPage {
    const out: string[] = [];
    let i = this.position(cursor);
    const n = this.members.length;
    const maxVisits = count * 10;
    let visits = 0;
    while (i < n && out.length < count && visits < maxVisits) {
      const m = this.members[i]!;
      if (isLive(m)) out.push(m);
      i++;
      visits++;
    }
    return { cursor: i < n ? this.seqs[i]! : 0, items: out };
  }

  /** A uniformly chosen entry (dead ones included), or undefined when empty. */
  sample(random: () => number): string | undefined {
    const n = this.members.length;
    if (n === 0) return undefined;
    return this.members[Math.min(n - 1, Math.floor(random() * n))];
  }
}
