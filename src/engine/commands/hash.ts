/**
 * Hash commands, Redis 7.0 semantics reply for reply (t_hash.c).
 *
 * A hash is a `Map<string, string>`. Its insertion order is the order a
 * small (listpack-encoded) Redis hash keeps, so HGETALL, HKEYS, HVALS and
 * HSCAN of small hashes reply in the same order as the real server; for big
 * (hashtable-encoded) hashes Redis's order is unspecified anyway.
 * core/encoding.ts is told about growth so that OBJECT ENCODING and HSCAN
 * (one page for listpacks) follow Redis's conversions.
 */
import type { Ctx, HandlersFor } from '../core/command';
import { isCompact, noteGrowth } from '../core/encoding';
import type { EntryOf } from '../core/entry';
import { E } from '../core/errors';
import type { Db } from '../core/keyspace';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../core/ldouble';
import { RedisError, is, parseInt64Arg } from '../core/parse';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../../text/int';
import { NOTIFY, afterRemoval, notify } from '../core/notify';
import { readEach, track } from '../core/changes';
import { EMPTY_ARRAY, NIL, OK, array, bulk, bulkOrNil, bulks, int, type Reply } from '../core/reply';
import { ScanIndex, emptyScanReply, parseScanArgs, parseScanCursor, scanAll, scanMatches, scanReply } from '../core/scan';
import type { hashSpecs } from '../spec/hash';

type HashEntry = EntryOf<'hash'>;

const HASH_NOT_INTEGER = 'ERR hash value is not an integer';
const HASH_NOT_FLOAT = 'ERR hash value is not a float';
const INCR_NOT_FINITE = 'ERR value is NaN or Infinity';

export const hashCommands: HandlersFor<typeof hashSpecs> = {
  hset: (c) => hset(c, false),
  hmset: (c) => hset(c, true),
  hsetnx,
  hget: (c) => {
    const h = readHash(c.db, c.argv[1]!);
    if (h !== undefined) track(c, c.argv[1]!)?.read(c.argv[2]!);
    return bulkOrNil(h?.value.get(c.argv[2]!));
  },
  hmget,
  hdel,
  hlen: (c) => int(readHash(c.db, c.argv[1]!)?.value.size ?? 0),
  hstrlen: (c) => int(readField(c)?.length ?? 0),
  hexists: (c) => int(readField(c) !== undefined ? 1 : 0),
  hkeys: (c) => bulks(readHash(c.db, c.argv[1]!)?.value.keys() ?? []),
  hvals: (c) => bulks(readHash(c.db, c.argv[1]!)?.value.values() ?? []),
  hgetall,
  hincrby,
  hincrbyfloat,
  hrandfield,
  hscan,
};

// ---- Helpers ---------------------------------------------------------------

function readHash(db: Db, key: string): HashEntry | undefined {
  return db.get(key, 'hash');
}

/** HSTRLEN / HEXISTS key field: the field's value, recorded as read. */
function readField(c: Ctx): string | undefined {
  const h = readHash(c.db, c.argv[1]!);
  if (h !== undefined) track(c, c.argv[1]!)?.read(c.argv[2]!);
  return h?.value.get(c.argv[2]!);
}

/**
 * Sets fields on the hash at key, creating it when absent (Redis's
 * hashTypeLookupWriteOrCreate then hashTypeSet). `pairs` is [field, value, ...].
 * Returns how many fields were new. Signals the write once.
 */
function setFields(c: Ctx, key: string, e: HashEntry | undefined, pairs: readonly string[], checkLengths: boolean): number {
  let created = 0;
  const map = e?.value ?? new Map<string, string>();
  const index = scanIndexes.get(map);
  const rec = track(c, key);
  for (let i = 0; i < pairs.length; i += 2) {
    const f = pairs[i]!;
    if (!map.has(f)) {
      created++;
      map.set(f, pairs[i + 1]!);
      index?.added(f, map.size, (m) => map.has(m));
      rec?.added(f);
    } else {
      map.set(f, pairs[i + 1]!);
      rec?.changed(f);
    }
  }
  // HSET/HSETNX convert on long fields or values (hashTypeTryConversion);
  // HINCRBY* only on the field count.
  const added = checkLengths ? pairs : [];
  if (e === undefined) {
    const entry: HashEntry = { type: 'hash', value: map };
    noteGrowth(entry, c.engine.config, added);
    c.db.add(key, entry);
  } else {
    noteGrowth(e, c.engine.config, added);
    c.db.modified(key);
  }
  return created;
}

// ---- Writing -----------------------------------------------------------------

/** HSET key field value [field value ...] / HMSET (replies OK). */
function hset(c: Ctx, legacy: boolean): Reply {
  const argv = c.argv;
  if (argv.length % 2 === 1) throw new RedisError(E.WRONG_ARITY(legacy ? 'hmset' : 'hset'));
  const key = argv[1]!;
  const e = c.db.getForWrite(key, 'hash');
  const created = setFields(c, key, e, argv.slice(2), true);
  notify(c, NOTIFY.HASH, 'hset', key);
  return legacy ? OK : int(created);
}

function hsetnx(c: Ctx): Reply {
  const key = c.argv[1]!;
  const e = c.db.getForWrite(key, 'hash');
  if (e !== undefined && e.value.has(c.argv[2]!)) return int(0);
  setFields(c, key, e, [c.argv[2]!, c.argv[3]!], true);
  notify(c, NOTIFY.HASH, 'hset', key);
  return int(1);
}

function hdel(c: Ctx): Reply {
  const key = c.argv[1]!;
  const e = c.db.getForWrite(key, 'hash');
  if (e === undefined) return int(0);
  let deleted = 0;
  for (let i = 2; i < c.argv.length; i++) {
    if (e.value.delete(c.argv[i]!)) {
      deleted++;
      track(c, key)?.removed(c.argv[i]!);
      if (e.value.size === 0) break;
    }
  }
  if (deleted > 0) afterRemoval(c, NOTIFY.HASH, 'hdel', key, e.value.size === 0);
  return int(deleted);
}

function hincrby(c: Ctx): Reply {
  const incr = parseInt64Arg(c.argv[3]!);
  const key = c.argv[1]!;
  const field = c.argv[2]!;
  const e = c.db.getForWrite(key, 'hash');
  let value = 0n;
  const cur = e?.value.get(field);
  if (cur !== undefined) {
    const v = parseInt64(cur);
    if (v === null) throw new RedisError(HASH_NOT_INTEGER);
    value = v;
  }
  const next = value + incr;
  if (next > INT64_MAX || next < INT64_MIN) throw new RedisError(E.INCR_OVERFLOW);
  setFields(c, key, e, [field, next.toString()], false);
  notify(c, NOTIFY.HASH, 'hincrby', key);
  return int(next >= -9007199254740991n && next <= 9007199254740991n ? Number(next) : next);
}

/**
 * HINCRBYFLOAT: long double arithmetic and ld2string's human format, exactly
 * as INCRBYFLOAT (core/ldouble.ts).
 */
function hincrbyfloat(c: Ctx): Reply {
  const incr = parseLongDouble(c.argv[3]!);
  if (incr === undefined) throw new RedisError(E.NOT_FLOAT);
  if (incr.inf) throw new RedisError(INCR_NOT_FINITE);
  const key = c.argv[1]!;
  const field = c.argv[2]!;
  const e = c.db.getForWrite(key, 'hash');
  const cur = e?.value.get(field);
  let sum = incr;
  if (cur !== undefined) {
    const v = parseLongDouble(cur);
    if (v === undefined) throw new RedisError(HASH_NOT_FLOAT);
    sum = addLongDouble(v, incr);
  }
  if (sum.inf) throw new RedisError(E.INCR_NAN);
  const text = formatLongDouble(sum);
  setFields(c, key, e, [field, text], false);
  notify(c, NOTIFY.HASH, 'hincrbyfloat', key);
  return bulk(text);
}

// ---- Reading -----------------------------------------------------------------

function hmget(c: Ctx): Reply {
  const h = readHash(c.db, c.argv[1]!);
  return readEach(c, h !== undefined, (f) => bulkOrNil(h?.value.get(f)));
}

/** A map: RESP2 clients see a flat array of fields and values. */
function hgetall(c: Ctx): Reply {
  const h = readHash(c.db, c.argv[1]!);
  const pairs: (readonly [Reply, Reply])[] = [];
  if (h !== undefined) for (const [f, v] of h.value) pairs.push([bulk(f), bulk(v)]);
  return { t: 'map', v: pairs };
}

/**
 * HRANDFIELD key [count [WITHVALUES]]. Positive counts give distinct fields
 * (the whole hash, in order, when count >= size); negative counts may repeat.
 */
function hrandfield(c: Ctx): Reply {
  const argv = c.argv;
  if (argv.length < 3) {
    const h = readHash(c.db, argv[1]!);
    if (h === undefined) return NIL;
    return bulk(randomFields(h.value, 1, c.engine.random)[0]!);
  }
  const l = parseInt64(argv[2]!);
  if (l === null) throw new RedisError(E.NOT_INTEGER);
  if (l < -INT64_MAX) throw new RedisError(E.RANGE_BETWEEN(String(-INT64_MAX), String(INT64_MAX)));
  let withValues = false;
  if (argv.length > 4 || (argv.length === 4 && !is(argv[3], 'WITHVALUES'))) throw new RedisError(E.SYNTAX);
  if (argv.length === 4) {
    withValues = true;
    if (l < -INT64_MAX / 2n || l > INT64_MAX / 2n) throw new RedisError(E.VALUE_OUT_OF_RANGE);
  }
  const h = readHash(c.db, argv[1]!);
  if (h === undefined || l === 0n) return EMPTY_ARRAY;
  const map = h.value;
  const resp3 = c.client.resp === 3;
  let fields: string[];
  if (l < 0n || l === 1n) {
    const n = Number(l < 0n ? -l : l);
    fields = randomFields(map, n, c.engine.random);
  } else if (l >= BigInt(map.size)) {
    fields = [...map.keys()];
  } else {
    fields = distinctRandomFields(map, Number(l), c.engine.random);
  }
  if (!withValues) return bulks(fields);
  const out: Reply[] = [];
  for (const f of fields) {
    const v = bulk(map.get(f)!);
    if (resp3) out.push(array([bulk(f), v]));
    else out.push(bulk(f), v);
  }
  return array(out);
}

/** n fields drawn independently (repetitions allowed). */
function randomFields(map: ReadonlyMap<string, string>, n: number, random: () => number): string[] {
  const keys = n === 1 ? undefined : [...map.keys()];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = Math.floor(random() * map.size);
    out.push(keys !== undefined ? keys[at]! : nthKey(map, at));
  }
  return out;
}

/** n distinct fields, 0 < n < size. */
function distinctRandomFields(map: ReadonlyMap<string, string>, n: number, random: () => number): string[] {
  const keys = [...map.keys()];
  if (n * 3 > keys.length) {
    // Few to drop: remove random fields until n remain, keeping hash order (Redis's CASE 3).
    const keep = new Array<boolean>(keys.length).fill(true);
    let left = keys.length;
    while (left > n) {
      const i = Math.floor(random() * keys.length);
      if (keep[i]) {
        keep[i] = false;
        left--;
      }
    }
    return keys.filter((_k, i) => keep[i]);
  }
  // Few to pick: draw until n distinct ones (Redis's CASE 4), in the order drawn.
  const picked = new Set<number>();
  const out: string[] = [];
  while (out.length < n) {
    const i = Math.floor(random() * keys.length);
    if (picked.has(i)) continue;
    picked.add(i);
    out.push(keys[i]!);
  }
  return out;
}

function nthKey(map: ReadonlyMap<string, string>, n: number): string {
  let i = 0;
  for (const k of map.keys()) if (i++ === n) return k;
  throw new Error('index past the end of the hash');
}

/**
 * Cursor indexes of big hashes being scanned, created on their first HSCAN
 * (core/scan.ts's ScanIndex: stable under inserts and deletes, so a field
 * present for the whole iteration is returned at least once, as Redis
 * guarantees). New fields are appended by setFields while an index exists.
 */
const scanIndexes = new WeakMap<Map<string, string>, ScanIndex>();

function scanIndexFor(map: Map<string, string>): ScanIndex {
  let index = scanIndexes.get(map);
  if (index === undefined) scanIndexes.set(map, (index = new ScanIndex()));
  if (index.length < map.size) index.resync(map.keys(), (m) => map.has(m));
  return index;
}

/** HSCAN key cursor [MATCH pattern] [COUNT count]: cursor, then key, then options. */
function hscan(c: Ctx): Reply {
  const cursor = parseScanCursor(c.argv[2]!);
  const h = readHash(c.db, c.argv[1]!);
  if (h === undefined) return emptyScanReply();
  const o = parseScanArgs(c.argv, 3, false);
  const map = h.value;
  // Listpack-encoded hashes reply everything at once with cursor 0, as Redis does.
  if (isCompact(h, c.engine.config)) {
    const page = scanAll(flatPairs(map), o, true);
    return scanReply(page.cursor, page.items);
  }
  const page = scanIndexFor(map).page(cursor, o.count, (m) => map.has(m));
  const items: string[] = [];
  for (const f of page.items) if (scanMatches(o, f)) items.push(f, map.get(f)!);
  return scanReply(page.cursor, items);
}

function* flatPairs(map: ReadonlyMap<string, string>): IterableIterator<string> {
  for (const [f, v] of map) {
    yield f;
    yield v;
  }
}
