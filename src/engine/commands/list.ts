/**
 * List commands, Redis 7.0 semantics reply for reply (t_list.c), including
 * the blocking ones (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP) built on
 * core/blocking.ts.
 *
 * A list is a `Deque<string>` (types/deque.ts): O(1) push and pop at both
 * ends and O(1) access by index. Every handler parses its arguments in the
 * order Redis does (so the same error wins when several are wrong), then
 * acts through Db, deleting a list that becomes empty.
 */
import { block, mayBlock, blockUntilNonEmpty, parseBlockTimeout } from '../core/blocking';
import type { BLOCK, Ctx, HandlersFor } from '../core/command';
import type { EntryOf } from '../core/entry';
import { E } from '../core/errors';
import type { Db } from '../core/keyspace';
import { RedisError, is, parseInt64Arg, parseIntArg } from '../core/parse';
import { INT64_MIN, parseInt64 } from '../../text/int';
import { EMPTY_ARRAY, NIL, NIL_ARRAY, OK, array, bulk, bulks, bulksFor, int, type Reply } from '../core/reply';
import { NOTIFY, afterRemoval, notify } from '../core/notify';
import { track } from '../core/changes';
import { Deque } from '../types/deque';
import type { listSpecs } from '../spec/list';

type ListEntry = EntryOf<'list'>;
type End = 'left' | 'right';
/** A reply, or BLOCK when the client now waits (see core/blocking.ts). */
type MaybeBlocked = Reply | typeof BLOCK;

export const listCommands: HandlersFor<typeof listSpecs> = {
  lpush: (c) => push(c, 'left', false),
  rpush: (c) => push(c, 'right', false),
  lpushx: (c) => push(c, 'left', true),
  rpushx: (c) => push(c, 'right', true),
  lpop: (c) => pop(c, 'left'),
  rpop: (c) => pop(c, 'right'),
  llen: (c) => int(readList(c.db, c.argv[1]!)?.value.length ?? 0),
  lindex,
  lset,
  lrange,
  ltrim,
  linsert,
  lrem,
  lpos,
  lmove: (c) => lmove(c, parseEnd(c.argv[3]!), parseEnd(c.argv[4]!)),
  rpoplpush: (c) => lmove(c, 'right', 'left'),
  lmpop: (c) => mpop(c, 1, false),
  blpop: (c) => bpop(c, 'left'),
  brpop: (c) => bpop(c, 'right'),
  blmove: (c) => {
    const from = parseEnd(c.argv[3]!);
    const to = parseEnd(c.argv[4]!);
    return blmove(c, from, to, parseBlockTimeout(c.argv[5]!, c.now));
  },
  brpoplpush: (c) => blmove(c, 'right', 'left', parseBlockTimeout(c.argv[3]!, c.now)),
  blmpop: (c) => mpop(c, 2, true),
};

// ---- Helpers ---------------------------------------------------------------

/** The list at key for reading (read-tracked); WRONGTYPE for other types. */
function readList(db: Db, key: string): ListEntry | undefined {
  return db.get(key, 'list');
}

/** The list at key on a write path; WRONGTYPE for other types. */
function writeList(db: Db, key: string): ListEntry | undefined {
  return db.getForWrite(key, 'list');
}

/** LEFT / RIGHT (case-insensitive), else a syntax error. */
function parseEnd(arg: string): End {
  if (is(arg, 'LEFT')) return 'left';
  if (is(arg, 'RIGHT')) return 'right';
  throw new RedisError(E.SYNTAX);
}

/** getPositiveLongFromObjectOrReply: an integer >= 0; `error` for anything else, non-integers included. */
function parsePositive(arg: string, error: string = E.POSITIVE_RANGE): number {
  const v = parseInt64(arg);
  if (v === null || v < 0n) throw new RedisError(error);
  return Number(v);
}

/** getRangeLongFromObjectOrReply(1, LONG_MAX, msg): both failures give msg. */
function parseAtLeastOne(arg: string, error: string): number {
  const v = parseInt64(arg);
  if (v === null || v < 1n) throw new RedisError(error);
  return Number(v);
}

/** Pops one element; the caller deletes the key or signals the change. */
function popOne(list: Deque<string>, end: End): string {
  return (end === 'left' ? list.popFront() : list.popBack())!;
}

/**
 * After removing elements: notifies `event` (lpop, rpop, ltrim, lrem), then
 * deletes an emptied list (notifying `del`) or signals the modification.
 */
function removedElements(c: Ctx, db: Db, key: string, e: ListEntry, event: string): void {
  afterRemoval(c, NOTIFY.LIST, event, key, e.value.length === 0, db);
}

const popEvent = (end: End): string => (end === 'left' ? 'lpop' : 'rpop');
const side = (end: End) => (end === 'left' ? 'head' : 'tail');
const pushEvent = (end: End): string => (end === 'left' ? 'lpush' : 'rpush');

/** Pushes onto a list, creating it when absent (lmoveHandlePush's push side). */
function pushTo(c: Ctx, db: Db, key: string, e: ListEntry | undefined, value: string, end: End, record: boolean): void {
  if (record) track(c, key, db.id)?.list({ op: 'push', end: side(end), count: 1 });
  if (e === undefined) {
    db.add(key, { type: 'list', value: new Deque([value]) });
    return;
  }
  if (end === 'left') e.value.pushFront(value);
  else e.value.pushBack(value);
  db.modified(key);
}

/**
 * Turns Redis's [start, end] (negative from the tail) into a clamped index
 * range, or undefined when the range is empty (addListRangeReply's rules).
 */
function clampRange(start: number, end: number, len: number): [number, number] | undefined {
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  if (start > end || start >= len) return undefined;
  if (end >= len) end = len - 1;
  return [start, end];
}

// ---- Push and pop ------------------------------------------------------------

/** LPUSH / RPUSH / LPUSHX / RPUSHX: the length after the push. */
function push(c: Ctx, end: End, onlyIfExists: boolean): Reply {
  const key = c.argv[1]!;
  const e = writeList(c.db, key);
  if (e === undefined) {
    if (onlyIfExists) return int(0);
    const list = new Deque<string>();
    for (let i = 2; i < c.argv.length; i++) {
      if (end === 'left') list.pushFront(c.argv[i]!);
      else list.pushBack(c.argv[i]!);
    }
    c.db.add(key, { type: 'list', value: list });
    track(c, key)?.list({ op: 'push', end: side(end), count: list.length });
    notify(c, NOTIFY.LIST, pushEvent(end), key);
    return int(list.length);
  }
  const list = e.value;
  for (let i = 2; i < c.argv.length; i++) {
    if (end === 'left') list.pushFront(c.argv[i]!);
    else list.pushBack(c.argv[i]!);
  }
  c.db.modified(key);
  track(c, key)?.list({ op: 'push', end: side(end), count: c.argv.length - 2 });
  notify(c, NOTIFY.LIST, pushEvent(end), key);
  return int(list.length);
}

/** LPOP / RPOP key [count]. */
function pop(c: Ctx, end: End): Reply {
  const argv = c.argv;
  if (argv.length > 3) throw new RedisError(E.WRONG_ARITY(argv[0]!.toLowerCase()));
  const hasCount = argv.length === 3;
  const count = hasCount ? parsePositive(argv[2]!) : 0;
  const key = argv[1]!;
  const e = writeList(c.db, key);
  if (e === undefined) return hasCount ? NIL_ARRAY : NIL;
  if (hasCount && count === 0) return EMPTY_ARRAY;
  if (!hasCount) {
    const v = popOne(e.value, end);
    track(c, key)?.list({ op: 'pop', end: side(end), count: 1 });
    removedElements(c, c.db, key, e, popEvent(end));
    return bulk(v);
  }
  const items = end === 'left' ? e.value.removeFront(count) : e.value.removeBack(count);
  track(c, key)?.list({ op: 'pop', end: side(end), count: items.length });
  removedElements(c, c.db, key, e, popEvent(end));
  return bulks(items);
}

// ---- Reading -----------------------------------------------------------------

function lindex(c: Ctx): Reply {
  const e = readList(c.db, c.argv[1]!);
  if (e === undefined) return NIL;
  let i = parseIntArg(c.argv[2]!);
  if (i < 0) i += e.value.length;
  const v = e.value.at(i);
  if (v !== undefined) track(c, c.argv[1]!)?.readRange({ kind: 'index', start: i, stop: i });
  return v === undefined ? NIL : bulk(v);
}

function lrange(c: Ctx): Reply {
  const start = parseIntArg(c.argv[2]!);
  const end = parseIntArg(c.argv[3]!);
  const e = readList(c.db, c.argv[1]!);
  if (e === undefined) return EMPTY_ARRAY;
  const r = clampRange(start, end, e.value.length);
  if (r === undefined) return EMPTY_ARRAY;
  track(c, c.argv[1]!)?.readRange({ kind: 'index', start: r[0], stop: r[1] });
  return bulksFor(c.client.packedReplies, e.value.slice(r[0], r[1]));
}

const RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
const COUNT_NEGATIVE = "ERR COUNT can't be negative";
const MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";

interface LposOptions {
  rank: number;
  /**
   * RANK -9223372036854775808: Redis negates it into itself (a C overflow),
   * so every match passes the rank test and COUNT never stops the search.
   */
  rankMin: boolean;
  /** -1 when COUNT was not given; 0 means every match. */
  count: number;
  /** 0 means no limit. */
  maxlen: number;
}

function parseLposOptions(argv: readonly string[]): LposOptions {
  const o: LposOptions = { rank: 1, rankMin: false, count: -1, maxlen: 0 };
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!;
    const more = j + 1 < argv.length;
    if (is(opt, 'RANK') && more) {
      const r = parseInt64Arg(argv[++j]!);
      if (r === 0n) throw new RedisError(RANK_ZERO);
      o.rank = Number(r);
      o.rankMin = r === INT64_MIN;
    } else if (is(opt, 'COUNT') && more) {
      o.count = parsePositive(argv[++j]!, COUNT_NEGATIVE);
    } else if (is(opt, 'MAXLEN') && more) {
      o.maxlen = parsePositive(argv[++j]!, MAXLEN_NEGATIVE);
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  return o;
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
function lpos(c: Ctx): Reply {
  const o = parseLposOptions(c.argv);
  const ele = c.argv[2]!;
  const e = readList(c.db, c.argv[1]!);
  if (e === undefined) return o.count !== -1 ? EMPTY_ARRAY : NIL;
  const list = e.value;
  const len = list.length;
  const fromTail = o.rank < 0;
  const rank = Math.abs(o.rank);
  const found: Reply[] = [];
  let matches = 0;
  for (let n = 0; n < len && (o.maxlen === 0 || n < o.maxlen); n++) {
    const idx = fromTail ? len - 1 - n : n;
    if (list.at(idx) !== ele) continue;
    matches++;
    if (!o.rankMin && matches < rank) continue;
    if (o.count === -1) return int(idx);
    found.push(int(idx));
    if (!o.rankMin && o.count !== 0 && matches - rank + 1 >= o.count) break;
  }
  return o.count === -1 ? NIL : array(found);
}

// ---- Editing -----------------------------------------------------------------

function lset(c: Ctx): Reply {
  const key = c.argv[1]!;
  const e = writeList(c.db, key);
  if (e === undefined) throw new RedisError(E.NO_SUCH_KEY);
  let i = parseIntArg(c.argv[2]!);
  if (i < 0) i += e.value.length;
  if (i < 0 || i >= e.value.length) throw new RedisError(E.OUT_OF_RANGE);
  e.value.set(i, c.argv[3]!);
  c.db.modified(key);
  track(c, key)?.list({ op: 'set', index: i });
  notify(c, NOTIFY.LIST, 'lset', key);
  return OK;
}

function ltrim(c: Ctx): Reply {
  let start = parseIntArg(c.argv[2]!);
  let end = parseIntArg(c.argv[3]!);
  const key = c.argv[1]!;
  const e = writeList(c.db, key);
  if (e === undefined) return OK;
  const len = e.value.length;
  if (start < 0) start += len;
  if (end < 0) end += len;
  if (start < 0) start = 0;
  let ltrimN: number;
  let rtrimN: number;
  if (start > end || start >= len) {
    ltrimN = len;
    rtrimN = 0;
  } else {
    if (end >= len) end = len - 1;
    ltrimN = start;
    rtrimN = len - end - 1;
  }
  e.value.removeFront(ltrimN);
  e.value.removeBack(rtrimN);
  if (ltrimN > 0 || rtrimN > 0) track(c, key)?.list({ op: 'trim', start: ltrimN, stop: len - rtrimN - 1 });
  removedElements(c, c.db, key, e, 'ltrim');
  return OK;
}

function linsert(c: Ctx): Reply {
  const where = c.argv[2]!;
  let after: boolean;
  if (is(where, 'AFTER')) after = true;
  else if (is(where, 'BEFORE')) after = false;
  else throw new RedisError(E.SYNTAX);
  const key = c.argv[1]!;
  const e = writeList(c.db, key);
  if (e === undefined) return int(0);
  const list = e.value;
  const pivot = c.argv[3]!;
  for (let i = 0; i < list.length; i++) {
    if (list.at(i) !== pivot) continue;
    list.insertAt(after ? i + 1 : i, c.argv[4]!);
    c.db.modified(key);
    track(c, key)?.list({ op: 'insert', index: after ? i + 1 : i });
    notify(c, NOTIFY.LIST, 'linsert', key);
    return int(list.length);
  }
  return int(-1);
}

function lrem(c: Ctx): Reply {
  const toRemove = parseIntArg(c.argv[2]!);
  const key = c.argv[1]!;
  const e = writeList(c.db, key);
  if (e === undefined) return int(0);
  const list = e.value;
  const ele = c.argv[3]!;
  const rec = track(c, key);
  if (rec !== undefined) rec.list({ op: 'remove', indexes: lremIndexes(list, ele, toRemove) });
  let removed: number;
  if (toRemove === 0) {
    removed = list.retain((x) => x !== ele);
  } else if (toRemove > 0) {
    let left = toRemove;
    removed = list.retain((x) => {
      if (left > 0 && x === ele) {
        left--;
        return false;
      }
      return true;
    });
  } else {
    // From the tail: find the indexes first, then drop them in one pass.
    const drop = new Set<number>();
    for (let i = list.length - 1; i >= 0 && drop.size < -toRemove; i--) if (list.at(i) === ele) drop.add(i);
    removed = drop.size === 0 ? 0 : list.retain((_x, i) => !drop.has(i));
  }
  if (removed > 0) removedElements(c, c.db, key, e, 'lrem');
  return int(removed);
}

/** The indexes LREM removes (ascending), for the change record. */
function lremIndexes(list: Deque<string>, ele: string, toRemove: number): number[] {
  const out: number[] = [];
  const limit = toRemove === 0 ? Infinity : Math.abs(toRemove);
  if (toRemove >= 0) {
    for (let i = 0; i < list.length && out.length < limit; i++) if (list.at(i) === ele) out.push(i);
    return out;
  }
  for (let i = list.length - 1; i >= 0 && out.length < limit; i--) if (list.at(i) === ele) out.push(i);
  return out.reverse();
}

// ---- Moving between lists ----------------------------------------------------

/** LMOVE / RPOPLPUSH (and BLMOVE when the source has elements). */
function lmove(c: Ctx, from: End, to: End): Reply {
  const src = c.argv[1]!;
  const dst = c.argv[2]!;
  const s = writeList(c.db, src);
  if (s === undefined) return NIL;
  return bulk(moveOne(c, c.db, src, s, dst, from, to));
}

/**
 * Pops from `src` (a non-empty list) and pushes onto `dst`, checking the
 * destination's type first. Source and destination may be the same list.
 */
function moveOne(c: Ctx, db: Db, src: string, s: ListEntry, dst: string, from: End, to: End): string {
  const d = writeList(db, dst);
  if (src === dst) track(c, src, db.id)?.list({ op: 'rotate', from: side(from), to: side(to) });
  else track(c, src, db.id)?.list({ op: 'pop', end: side(from), count: 1 });
  const value = popOne(s.value, from);
  pushTo(c, db, dst, d, value, to, src !== dst);
  notify(c, NOTIFY.LIST, pushEvent(to), dst, db.id);
  removedElements(c, db, src, s, popEvent(from));
  return value;
}

// ---- Multi-key pops: LMPOP, BLPOP, BRPOP, BLMPOP --------------------------------

/** Pops up to `count` elements from one list: [key, [elements]]. */
function popRangeWithKey(c: Ctx, db: Db, key: string, e: ListEntry, end: End, count: number): Reply {
  const items = end === 'left' ? e.value.removeFront(count) : e.value.removeBack(count);
  track(c, key, db.id)?.list({ op: 'pop', end: side(end), count: items.length });
  removedElements(c, db, key, e, popEvent(end));
  return array([bulk(key), bulks(items)]);
}

/** Pops one element from one list: [key, element]. */
function popWithKey(c: Ctx, db: Db, key: string, e: ListEntry, end: End): Reply {
  const v = popOne(e.value, end);
  track(c, key, db.id)?.list({ op: 'pop', end: side(end), count: 1 });
  removedElements(c, db, key, e, popEvent(end));
  return array([bulk(key), bulk(v)]);
}

/**
 * The first non-empty list among keys, in order; WRONGTYPE when a key met
 * before it holds another type (missing keys are skipped).
 */
function firstNonEmpty(db: Db, keys: readonly string[]): [string, ListEntry] | undefined {
  for (const k of keys) {
    const e = writeList(db, k);
    if (e !== undefined && e.value.length > 0) return [k, e];
  }
  return undefined;
}

interface MpopOptions {
  keys: string[];
  end: End;
  count: number;
}

/** `numkeys key [key ...] LEFT|RIGHT [COUNT count]` from argv[numkeysIdx]. */
function parseMpop(argv: readonly string[], numkeysIdx: number): MpopOptions {
  const numkeys = parseAtLeastOne(argv[numkeysIdx]!, E.NUMKEYS_POSITIVE);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new RedisError(E.SYNTAX);
  const end = parseEnd(argv[whereIdx]!);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count === -1 && is(argv[j], 'COUNT') && j + 1 < argv.length) {
      count = parseAtLeastOne(argv[++j]!, E.COUNT_POSITIVE);
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx) as string[], end, count: count === -1 ? 1 : count };
}

/** LMPOP numkeys key... LEFT|RIGHT [COUNT n]; BLMPOP timeout numkeys ... */
function mpop(c: Ctx, numkeysIdx: number, blocking: boolean): MaybeBlocked {
  const o = parseMpop(c.argv, numkeysIdx);
  if (!blocking) {
    const hit = firstNonEmpty(c.db, o.keys);
    return hit === undefined ? NIL_ARRAY : popRangeWithKey(c, c.db, hit[0], hit[1], o.end, o.count);
  }
  const timeoutAt = parseBlockTimeout(c.argv[1]!, c.now);
  return blockingPop(c, o.keys, timeoutAt, (db, key, e) => popRangeWithKey(c, db, key, e, o.end, o.count));
}

/** BLPOP / BRPOP key [key ...] timeout. */
function bpop(c: Ctx, end: End): MaybeBlocked {
  const timeoutAt = parseBlockTimeout(c.argv[c.argv.length - 1]!, c.now);
  const keys = c.argv.slice(1, -1);
  return blockingPop(c, keys, timeoutAt, (db, key, e) => popWithKey(c, db, key, e, end));
}

/**
 * blockingPopGenericCommand: serve from the first non-empty list, else reply
 * a null array inside EXEC, else block on every key.
 */
function blockingPop(
  c: Ctx,
  keys: readonly string[],
  timeoutAt: number,
  serve: (db: Db, key: string, e: ListEntry) => Reply,
): MaybeBlocked {
  const hit = firstNonEmpty(c.db, keys);
  if (hit !== undefined) return serve(c.db, hit[0], hit[1]);
  return blockUntilNonEmpty(c, keys, timeoutAt, 'list', serve);
}

/** BLMOVE / BRPOPLPUSH: like LMOVE when the source has elements, else block on it. */
function blmove(c: Ctx, from: End, to: End, timeoutAt: number): MaybeBlocked {
  const src = c.argv[1]!;
  const dst = c.argv[2]!;
  const s = writeList(c.db, src);
  if (s !== undefined) return bulk(moveOne(c, c.db, src, s, dst, from, to));
  if (!mayBlock(c)) return NIL;
  const db = c.db;
  return block(c, {
    keys: [src],
    timeoutAt,
    retry: (readyKey) => {
      const e = db.peek(readyKey);
      if (e === undefined || e.type !== 'list' || e.value.length === 0) return undefined;
      return bulk(moveOne(c, db, readyKey, e, dst, from, to));
    },
  });
}
