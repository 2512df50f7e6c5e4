import type { Ctx, HandlersFor } from '../core/command';
import { cloneEntry } from '../core/entry';
import { E } from '../core/errors';
import { getExpireAt, setExpireAt } from '../core/expire';
import { keyMatches } from '../core/glob';
import type { Db } from '../core/keyspace';
import { RedisError, is } from '../core/parse';
import { parseInt64 } from '../../text/int';
import { NIL, OK, ONE, ZERO, bulk, bulks, int, simple, type Reply } from '../core/reply';
import { parseScanArgs, parseScanCursor, scanReply } from '../core/scan';
import { NOTIFY, notify } from '../core/notify';
import { track } from '../core/changes';
import type { genericSpecs } from '../spec/generic';

export const genericCommands: HandlersFor<typeof genericSpecs> = {
  del,
  unlink: del,
  exists,
  type,
  touch,
  // Listing keys.
  keys, scan, randomkey,
  rename: (c) => rename(c, false),
  renamenx: (c) => rename(c, true),
  copy,
  move,
  select,
  swapdb,
  dbsize: (c) => int(c.db.size),
  flushdb: (c) => {
    parseFlushFlags(c.argv);
    flushed(c, () => c.db.clear());
    return OK;
  },
  flushall: (c) => {
    parseFlushFlags(c.argv);
    flushed(c, () => {
      for (const db of c.engine.dbs) db.clear();
    });
    return OK;
  },
};

/** DEL and UNLINK (the engine frees memory at once either way). */
function del(c: Ctx): Reply {
  let n = 0;
  for (let i = 1; i < c.argv.length; i++) {
    const key = c.argv[i]!;
    if (!c.db.delete(key)) continue;
    notify(c, NOTIFY.GENERIC, 'del', key);
    n++;
  }
  return int(n);
}

/** EXISTS: how many of the keys exist (a key named twice counts twice); their access times stay as they were. */
function exists(c: Ctx): Reply {
  let n = 0;
  for (let i = 1; i < c.argv.length; i++) if (c.engine.lookupNoTouch(c.db, c.argv[i]!) !== undefined) n++;
  return int(n);
}

/** TOUCH: like EXISTS, but each key found gets its access time updated. */
function touch(c: Ctx): Reply {
  let n = 0;
  for (let i = 1; i < c.argv.length; i++) if (c.db.lookup(c.argv[i]!) !== undefined) n++;
  return int(n);
}

function type(c: Ctx): Reply {
  const e = c.engine.lookupNoTouch(c.db, c.argv[1]!);
  return simple(e === undefined ? 'none' : e.type);
}

function keys(c: Ctx): Reply {
  const pat = c.argv[1]!;
  const out: string[] = [];
  for (const k of c.db.keys()) if (keyMatches(pat, k)) out.push(k);
  return bulks(out);
}

/**
 * SCAN cursor [MATCH pattern] [COUNT count] [TYPE type].
 *
 * The cursor is a position in the database's ScanIndex (core/scan.ts): keys
 * in insertion order, each with a sequence number that never changes. A call
 * binary-searches the cursor (O(log n)), looks at about COUNT entries and
 * replies the sequence number of the next one. Every key present for the
 * whole iteration is returned at least once, whatever is inserted or deleted
 * meanwhile; MATCH and TYPE filter the page after it is taken, and expired
 * keys are expired on the way, as in Redis.
 */
function scan(c: Ctx): Reply {
  const cursor = parseScanCursor(c.argv[1]!);
  const o = parseScanArgs(c.argv, 2, true);
  const db = c.db;
  db.ensureIndexed();
  const page = db.scanIndex.page(cursor, o.count, db.isStored);
  const out: string[] = [];
  const seen = page.items.length > 1 ? new Set<string>() : undefined;
  const wantType = o.type?.toLowerCase();
  for (const k of page.items) {
    if (seen !== undefined) {
      if (seen.has(k)) continue;
      seen.add(k);
    }
    if (o.match !== undefined && !keyMatches(o.match, k)) continue;
    if (wantType !== undefined) {
      const e = db.peek(k);
      if ((e === undefined ? 'none' : e.type) !== wantType) continue;
    }
    if (db.expireIfNeeded(k)) continue;
    out.push(k);
  }
  return scanReply(page.cursor, out);
}

function randomkey(c: Ctx): Reply {
  const db = c.db;
  db.ensureIndexed();
  // The index holds every key (plus some deleted ones): a few draws find a live one.
  for (let tries = 0; tries < 64 && db.size > 0; tries++) {
    const k = db.scanIndex.sample(c.engine.random);
    if (k === undefined) break;
    if (!db.isStored(k)) continue;
    if (db.expireIfNeeded(k)) continue;
    return bulk(k);
  }
  for (const k of db.data.keys()) if (!db.expireIfNeeded(k)) return bulk(k);
  return NIL;
}

// ---- Moving keys around ---------------------------------------------------

function rename(c: Ctx, nx: boolean): Reply {
  const db = c.db;
  const src = c.argv[1]!;
  const dst = c.argv[2]!;
  const e = db.peek(src);
  if (e === undefined) throw new RedisError(E.NO_SUCH_KEY);
  if (src === dst) return nx ? ZERO : OK;
  const when = getExpireAt(db, src);
  const existed = db.peek(dst) !== undefined;
  if (existed) {
    if (nx) return ZERO;
    db.delete(dst);
  }
  db.delete(src);
  db.add(dst, e);
  if (existed) track(c, dst)?.overwritten();
  if (when !== undefined) setExpireAt(db, dst, when);
  notify(c, NOTIFY.GENERIC, 'rename_from', src);
  notify(c, NOTIFY.GENERIC, 'rename_to', dst);
  return nx ? ONE : OK;
}

/**
 * Parses a DB index like getIntFromObjectOrReply: an int32. Errors are
 * `message` when given (SWAPDB), else Redis's integer and range errors.
 */
function parseDbIndex(arg: string, message?: string): number {
  const v = parseInt64(arg);
  if (v === null) throw new RedisError(message ?? E.NOT_INTEGER);
  if (v < -2147483648n || v > 2147483647n) throw new RedisError(message ?? E.INT32_RANGE);
  return Number(v);
}

function dbAt(c: Ctx, index: number): Db {
  const db = index >= 0 ? c.engine.dbs[index] : undefined;
  if (db === undefined) throw new RedisError(E.DB_INDEX);
  return db;
}

function move(c: Ctx): Reply {
  const key = c.argv[1]!;
  const src = c.db;
  const dst = dbAt(c, parseDbIndex(c.argv[2]!));
  if (dst === src) throw new RedisError(E.SAME_OBJECT);
  const e = src.peek(key);
  if (e === undefined) return ZERO;
  const when = getExpireAt(src, key);
  if (dst.peek(key) !== undefined) return ZERO;
  dst.add(key, e);
  if (when !== undefined) setExpireAt(dst, key, when);
  src.delete(key);
  notify(c, NOTIFY.GENERIC, 'move_from', key, src.id);
  notify(c, NOTIFY.GENERIC, 'move_to', key, dst.id);
  return ONE;
}

function copy(c: Ctx): Reply {
  const src = c.db;
  let dst = c.db;
  let replace = false;
  const argv = c.argv;
  for (let j = 3; j < argv.length; j++) {
    const more = argv.length - j - 1;
    if (is(argv[j], 'REPLACE')) {
      replace = true;
    } else if (is(argv[j], 'DB') && more >= 1) {
      dst = dbAt(c, parseDbIndex(argv[j + 1]!));
      j++;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  const key = argv[1]!;
  const newKey = argv[2]!;
  if (src === dst && key === newKey) throw new RedisError(E.SAME_OBJECT);
  const e = src.lookup(key);
  if (e === undefined) return ZERO;
  const when = getExpireAt(src, key);
  const existed = dst.peek(newKey) !== undefined;
  if (existed) {
    if (!replace) return ZERO;
    dst.delete(newKey);
  }
  dst.add(newKey, cloneEntry(e));
  if (existed) track(c, newKey, dst.id)?.overwritten();
  if (when !== undefined) setExpireAt(dst, newKey, when);
  notify(c, NOTIFY.GENERIC, 'copy_to', newKey, dst.id);
  return ONE;
}

// ---- Databases ------------------------------------------------------------

function select(c: Ctx): Reply {
  const db = dbAt(c, parseDbIndex(c.argv[1]!));
  c.client.db = db.id;
  return OK;
}

function swapdb(c: Ctx): Reply {
  const a = parseDbIndex(c.argv[1]!, E.INVALID_FIRST_DB);
  const b = parseDbIndex(c.argv[2]!, E.INVALID_SECOND_DB);
  const dbA = dbAt(c, a);
  const dbB = dbAt(c, b);
  // Client-side caching is told nothing about the keys SWAPDB moves (as in Redis 7.0).
  if (dbA !== dbB) c.engine.clientTracking.quietly(() => dbA.swapWith(dbB));
  return OK;
}

/** A flush tells tracking clients once that every key is gone (signalFlushedDb), not key by key. */
function flushed(c: Ctx, clear: () => void): void {
  const tracking = c.engine.clientTracking;
  tracking.quietly(clear);
  tracking.flushed();
}

/** FLUSHDB / FLUSHALL [ASYNC | SYNC]: the engine always flushes at once. */
function parseFlushFlags(argv: readonly string[]): void {
  if (argv.length === 1) return;
  if (argv.length === 2 && (is(argv[1], 'ASYNC') || is(argv[1], 'SYNC'))) return;
  throw new RedisError(E.SYNTAX);
}
