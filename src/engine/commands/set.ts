import type { Ctx, HandlersFor } from '../core/command';
import { NOTIFY, afterRemoval, notify } from '../core/notify';
import { combined, readEach, track } from '../core/changes';
import { isCompact, noteGrowth } from '../core/encoding';
import type { EntryOf } from '../core/entry';
import { E } from '../core/errors';
import { RedisError, is } from '../core/parse';
import { INT64_MAX } from '../../text/int';
import { EMPTY_ARRAY, NIL, array, bulk, bulks, int, type Reply } from '../core/reply';
import { emptyScanReply, parseScanArgs, parseScanCursor, scanAll, scanIterable, scanReply } from '../core/scan';
import { parsePositiveLong, parseRangeLong } from '../core/parse';
import type { setSpecs } from '../spec/set';

/**
 * Set commands, Redis 7.0 semantics. Members live in a JS Set (insertion
 * order); Redis orders small integer sets numerically (intset) and others by
 * hash, and documents the order as unspecified, so only SSCAN of a small
 * integer set reproduces an order (the intset's, ascending).
 */
export const setCommands: HandlersFor<typeof setSpecs> = {
  sadd,
  srem,
  smembers: (c) => sinterGeneric(c, c.argv.slice(1), undefined, false, 0),
  sismember,
  smismember,
  scard,
  spop,
  srandmember,
  smove,
  sinter: (c) => sinterGeneric(c, c.argv.slice(1), undefined, false, 0),
  sintercard,
  sinterstore: (c) => sinterGeneric(c, c.argv.slice(2), c.argv[1]!, false, 0),
  sunion: (c) => sunionDiff(c, c.argv.slice(1), undefined, 'union'),
  sunionstore: (c) => sunionDiff(c, c.argv.slice(2), c.argv[1]!, 'union'),
  sdiff: (c) => sunionDiff(c, c.argv.slice(1), undefined, 'diff'),
  sdiffstore: (c) => sunionDiff(c, c.argv.slice(2), c.argv[1]!, 'diff'),
  sscan,
};

/** A RESP3 set reply (RESP2 clients see an array). */
const setReply = (members: Iterable<string>): Reply => ({ t: 'set', v: Array.from(members, bulk) });
const EMPTY_SET: Reply = Object.freeze({ t: 'set', v: Object.freeze([]) });

function readSet(c: Ctx, key: string): Set<string> | undefined {
  return c.db.get(key, 'set')?.value;
}

function writeSet(c: Ctx, key: string): Set<string> | undefined {
  return c.db.getForWrite(key, 'set')?.value;
}

/** After removing members: notifies `event`, deletes the key when empty (`del`), else signals the change. */
function removedMembers(c: Ctx, key: string, s: Set<string>, removed: number, event: string): void {
  if (removed > 0) afterRemoval(c, NOTIFY.SET, event, key, s.size === 0);
}

/** Stores a result at `dst` (replacing anything, notifying `event`), or deletes `dst` when empty. */
function storeResult(c: Ctx, dst: string, s: Set<string>, event: string): Reply {
  if (s.size === 0) {
    if (c.db.delete(dst)) notify(c, NOTIFY.GENERIC, 'del', dst);
    return int(0);
  }
  const e: EntryOf<'set'> = { type: 'set', value: s };
  noteGrowth(e, c.engine.config);
  c.db.set(dst, e);
  notify(c, NOTIFY.SET, event, dst);
  return int(s.size);
}

function sadd(c: Ctx): Reply {
  const key = c.argv[1]!;
  const existing = c.db.getForWrite(key, 'set');
  const e: EntryOf<'set'> = existing ?? { type: 'set', value: new Set<string>() };
  const s = e.value;
  const added: string[] = [];
  for (let j = 2; j < c.argv.length; j++) {
    const m = c.argv[j]!;
    if (!s.has(m)) {
      s.add(m);
      added.push(m);
    }
  }
  if (added.length > 0) track(c, key)?.addedAll(added);
  noteGrowth(e, c.engine.config, added);
  if (existing === undefined) c.db.add(key, e);
  else if (added.length > 0) c.db.modified(key);
  if (added.length > 0) notify(c, NOTIFY.SET, 'sadd', key);
  return int(added.length);
}

function srem(c: Ctx): Reply {
  const key = c.argv[1]!;
  const s = writeSet(c, key);
  if (s === undefined) return int(0);
  let deleted = 0;
  for (let j = 2; j < c.argv.length; j++) {
    if (s.delete(c.argv[j]!)) {
      deleted++;
      track(c, key)?.removed(c.argv[j]!);
      if (s.size === 0) break;
    }
  }
  removedMembers(c, key, s, deleted, 'srem');
  return int(deleted);
}

function sismember(c: Ctx): Reply {
  const s = readSet(c, c.argv[1]!);
  if (s !== undefined) track(c, c.argv[1]!)?.read(c.argv[2]!);
  return int(s?.has(c.argv[2]!) === true ? 1 : 0);
}

function smismember(c: Ctx): Reply {
  const s = readSet(c, c.argv[1]!);
  return readEach(c, s !== undefined, (m) => int(s?.has(m) === true ? 1 : 0));
}

function scard(c: Ctx): Reply {
  return int(readSet(c, c.argv[1]!)?.size ?? 0);
}

// ---- Random members ----------------------------------------------------------

function randomIndex(c: Ctx, n: number): number {
  return Math.min(n - 1, Math.floor(c.engine.random() * n));
}

/** The member at a position in iteration order. O(position): sets have no random access. */
function memberAt(s: Set<string>, pos: number): string {
  let i = 0;
  for (const m of s) if (i++ === pos) return m;
  throw new Error('set position out of range');
}

/** `count` distinct members chosen uniformly (count < size), in one pass. */
function sampleDistinct(c: Ctx, s: Set<string>, count: number): string[] {
  const size = s.size;
  // Choose `count` distinct positions (Floyd's algorithm), then walk the set once.
  const chosen = new Set<number>();
  for (let j = size - count; j < size; j++) {
    const t = Math.floor(c.engine.random() * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  const out: string[] = [];
  let i = 0;
  for (const m of s) {
    if (chosen.has(i++)) out.push(m);
    if (out.length === count) break;
  }
  // Shuffle so the reply order says nothing about iteration order.
  for (let k = out.length - 1; k > 0; k--) {
    const r = Math.floor(c.engine.random() * (k + 1));
    [out[k], out[r]] = [out[r]!, out[k]!];
  }
  return out;
}

/** Redis pops most of a set by rebuilding it from the survivors past this ratio. */
const SPOP_MOVE_STRATEGY_MUL = 5;

function spop(c: Ctx): Reply {
  const argv = c.argv;
  if (argv.length > 3) throw new RedisError(E.SYNTAX);
  const key = argv[1]!;
  if (argv.length === 3) {
    const count = parsePositiveLong(argv[2]!);
    const s = writeSet(c, key);
    if (s === undefined || count === 0) return EMPTY_SET;
    notify(c, NOTIFY.SET, 'spop', key);
    if (count >= s.size) {
      const all = Array.from(s);
      track(c, key)?.removedAll(all);
      c.db.delete(key);
      notify(c, NOTIFY.GENERIC, 'del', key);
      return setReply(all);
    }
    const picked = sampleDistinct(c, s, count);
    for (const m of picked) s.delete(m);
    if (s.size * SPOP_MOVE_STRATEGY_MUL <= count) {
      // Redis builds a new set from the survivors here, so its encoding starts over.
      const fresh: EntryOf<'set'> = { type: 'set', value: new Set(s) };
      noteGrowth(fresh, c.engine.config);
      c.db.set(key, fresh, true);
      track(c, key)?.rebuilt();
    } else {
      c.db.modified(key);
    }
    track(c, key)?.removedAll(picked);
    return setReply(picked);
  }
  const s = writeSet(c, key);
  if (s === undefined) return NIL;
  const m = memberAt(s, randomIndex(c, s.size));
  s.delete(m);
  track(c, key)?.removed(m);
  removedMembers(c, key, s, 1, 'spop');
  return bulk(m);
}

function srandmember(c: Ctx): Reply {
  const argv = c.argv;
  if (argv.length > 3) throw new RedisError(E.SYNTAX);
  const key = argv[1]!;
  if (argv.length === 3) {
    const l = parseRangeLong(argv[2]!, -INT64_MAX, INT64_MAX);
    const s = readSet(c, key);
    if (s === undefined) return EMPTY_ARRAY;
    const count = Math.abs(l);
    if (count === 0) return EMPTY_ARRAY;
    if (l < 0 || count === 1) {
      const members = Array.from(s);
      const out: Reply[] = [];
      for (let i = 0; i < count; i++) out.push(bulk(members[randomIndex(c, members.length)]!));
      return array(out);
    }
    if (count >= s.size) return bulks(s);
    return bulks(sampleDistinct(c, s, count));
  }
  const s = readSet(c, key);
  if (s === undefined) return NIL;
  return bulk(memberAt(s, randomIndex(c, s.size)));
}

function smove(c: Ctx): Reply {
  const srcKey = c.argv[1]!;
  const dstKey = c.argv[2]!;
  const member = c.argv[3]!;
  const srcE = c.db.peek(srcKey);
  const dstE = c.db.peek(dstKey);
  if (srcE === undefined) return int(0);
  if (srcE.type !== 'set' || (dstE !== undefined && dstE.type !== 'set')) throw new RedisError(E.WRONGTYPE);
  const src = srcE.value;
  if (dstE !== undefined && dstE.value === src) return int(src.has(member) ? 1 : 0);
  if (!src.delete(member)) return int(0);
  track(c, srcKey)?.removed(member);
  removedMembers(c, srcKey, src, 1, 'srem');
  if (dstE === undefined) {
    const e: EntryOf<'set'> = { type: 'set', value: new Set([member]) };
    noteGrowth(e, c.engine.config);
    c.db.add(dstKey, e);
    track(c, dstKey)?.added(member);
    notify(c, NOTIFY.SET, 'sadd', dstKey);
  } else if (!dstE.value.has(member)) {
    dstE.value.add(member);
    track(c, dstKey)?.added(member);
    noteGrowth(dstE, c.engine.config, [member]);
    c.db.modified(dstKey);
    notify(c, NOTIFY.SET, 'sadd', dstKey);
  }
  return int(1);
}

// ---- Set algebra ---------------------------------------------------------------

/**
 * SINTER, SMEMBERS, SINTERSTORE, SINTERCARD: iterates the smallest set and
 * probes the others, so the work is proportional to the smallest input.
 */
function sinterGeneric(c: Ctx, keys: readonly string[], dst: string | undefined, cardOnly: boolean, limit: number): Reply {
  if (keys.length > 1) combined(c, 'inter', keys, dst);
  const sets: Set<string>[] = [];
  let empty = false;
  for (const k of keys) {
    const e = c.db.lookup(k);
    if (e === undefined) {
      empty = true;
      continue;
    }
    if (e.type !== 'set') throw new RedisError(E.WRONGTYPE);
    sets.push(e.value);
  }
  if (empty) {
    if (dst !== undefined) return storeResult(c, dst, new Set(), 'sinterstore');
    return cardOnly ? int(0) : EMPTY_SET;
  }
  sets.sort((a, b) => a.size - b.size);
  const smallest = sets[0]!;
  const result: string[] = [];
  let cardinality = 0;
  outer: for (const m of smallest) {
    for (let j = 1; j < sets.length; j++) {
      const other = sets[j]!;
      if (other !== smallest && !other.has(m)) continue outer;
    }
    if (cardOnly) {
      cardinality++;
      if (limit > 0 && cardinality >= limit) break;
    } else {
      result.push(m);
    }
  }
  if (cardOnly) return int(cardinality);
  if (dst !== undefined) return storeResult(c, dst, new Set(result), 'sinterstore');
  return setReply(result);
}

function sintercard(c: Ctx): Reply {
  const argv = c.argv;
  const numkeys = parseRangeLong(argv[1]!, 1n, INT64_MAX, E.NUMKEYS_POSITIVE);
  if (numkeys > argv.length - 2) throw new RedisError(E.NUMKEYS_TOO_MANY);
  let limit = 0;
  for (let j = 2 + numkeys; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (is(argv[j], 'LIMIT') && more > 0) {
      j++;
      limit = parsePositiveLong(argv[j]!, E.LIMIT_NEGATIVE);
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  return sinterGeneric(c, argv.slice(2, 2 + numkeys), undefined, true, limit);
}

/** SUNION, SDIFF and their STORE forms. SDIFF walks the first set and probes the others. */
function sunionDiff(c: Ctx, keys: readonly string[], dst: string | undefined, op: 'union' | 'diff'): Reply {
  if (keys.length > 1) combined(c, op, keys, dst);
  const sets: (Set<string> | null)[] = [];
  for (const k of keys) {
    const e = c.db.lookup(k);
    if (e === undefined) {
      sets.push(null);
      continue;
    }
    if (e.type !== 'set') throw new RedisError(E.WRONGTYPE);
    sets.push(e.value);
  }
  const result = new Set<string>();
  if (op === 'union') {
    for (const s of sets) if (s !== null) for (const m of s) result.add(m);
  } else {
    const first = sets[0];
    if (first !== null && first !== undefined && !sets.some((s, i) => i > 0 && s === first)) {
      // Probe the biggest sets first: a member found early stops the probing.
      const others = sets.slice(1).filter((s): s is Set<string> => s !== null && s.size > 0);
      others.sort((a, b) => b.size - a.size);
      outer: for (const m of first) {
        for (const o of others) if (o.has(m)) continue outer;
        result.add(m);
      }
    }
  }
  if (dst !== undefined) return storeResult(c, dst, result, op === 'union' ? 'sunionstore' : 'sdiffstore');
  return setReply(result);
}

// ---- SSCAN ---------------------------------------------------------------------

function sscan(c: Ctx): Reply {
  const cursor = parseScanCursor(c.argv[2]!);
  const e = c.db.get(c.argv[1]!, 'set');
  if (e === undefined) return emptyScanReply();
  const o = parseScanArgs(c.argv, 3, false);
  if (isCompact(e, c.engine.config)) {
    // An intset is replied whole, in ascending numeric order.
    const sorted = Array.from(e.value, (m) => [BigInt(m), m] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const page = scanAll(
      sorted.map((x) => x[1]),
      o,
    );
    return scanReply(page.cursor, page.items);
  }
  const page = scanIterable(e.value, cursor, o, (m) => [m]);
  return scanReply(page.cursor, page.items);
}
