/**
 * Redis 7.0's internal encodings, as OBJECT ENCODING reports them, computed
 * from an entry and the configuration.
 *
 * The engine stores every type in one JavaScript structure; what Redis would
 * use is derived here:
 *
 * - strings: `int` for a canonical integer that fits a long, `embstr` up to
 *   44 bytes, `raw` beyond, and `raw` after an in-place edit (APPEND,
 *   SETRANGE, SETBIT ...) until the value is replaced wholesale.
 * - lists: always `quicklist` (Redis 7.0 has no listpack-encoded lists; that
 *   came in 7.2).
 * - hashes: `listpack` while at most hash-max-listpack-entries fields and
 *   every field and value at most hash-max-listpack-value bytes, else
 *   `hashtable`.
 * - sets: `intset` while every member is an integer and there are at most
 *   set-max-intset-entries of them, else `hashtable` (7.0 has no listpack
 *   sets).
 * - sorted sets: the zset type keeps its own `encoding` (listpack/skiplist).
 *
 * Conversions to the big encoding are one-way in Redis: a hash that became a
 * hashtable stays one after HDEL shrinks it. That history is remembered in a
 * WeakSet (no field on the entry, so entries keep one shape). Type commands
 * call `noteGrowth(entry, config)` after adding to an aggregate, and
 * `markRaw(entry)` after editing a string in place; the reported encoding is
 * "big" when the entry was marked or when its current contents exceed the
 * limits, so a missed call can only delay, never invent, a conversion.
 */
import type { Config } from './config';
import type { Entry } from './entry';
import { INT64_MAX, INT64_MIN } from '../../text/int';

export type Encoding = 'int' | 'embstr' | 'raw' | 'quicklist' | 'listpack' | 'hashtable' | 'intset' | 'skiplist' | 'stream' | 'unknown';

/** Strings up to this many bytes are embstr (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
export const EMBSTR_LIMIT = 44;

/** Entries converted to their big encoding (or strings edited in place). */
const big = new WeakSet<object>();

const CANONICAL_INT = /^(?:0|-?[1-9][0-9]{0,18})$/;

/** True for strings Redis stores as a 64-bit integer (string2ll succeeds). */
export function isInt64String(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  // Cheap rejection first: most members and fields are not numbers.
  const c0 = s.charCodeAt(0);
  if (c0 !== 45 && (c0 < 48 || c0 > 57)) return false;
  if (!CANONICAL_INT.test(s)) return false;
  if (n < 19) return true;
  const v = BigInt(s);
  return v <= INT64_MAX && v >= INT64_MIN;
}

/** The encoding Redis would give a string value written by SET. */
export function stringEncoding(value: string): 'int' | 'embstr' | 'raw' {
  if (value.length <= 20 && isInt64String(value)) return 'int';
  return value.length <= EMBSTR_LIMIT ? 'embstr' : 'raw';
}

type HashOrSet = Extract<Entry, { type: 'hash' | 'set' }>;

/** The small encoding's limits for a hash (listpack) or a set (intset): how many elements, and which element may stay small. */
function smallLimits(type: HashOrSet['type'], config: Config): { entries: number; fits: (s: string) => boolean } {
  if (type === 'set') return { entries: config.num('set-max-intset-entries'), fits: isInt64String };
  const max = config.num('hash-max-listpack-value');
  return { entries: config.num('hash-max-listpack-entries'), fits: (s) => s.length <= max };
}

/** The strings the small encodings limit: a hash's fields and values, a set's members. */
function* elements(e: HashOrSet): Generator<string> {
  if (e.type === 'set') yield* e.value;
  else
    for (const [f, v] of e.value) {
      yield f;
      yield v;
    }
}

/** True while the entry stays within its small encoding's limits; `added`, when given, are the only elements to check. */
function fitsSmall(e: HashOrSet, config: Config, added?: Iterable<string>): boolean {
  const { entries, fits } = smallLimits(e.type, config);
  if (e.value.size > entries) return false;
  for (const s of added ?? elements(e)) if (!fits(s)) return false;
  return true;
}

/** What OBJECT ENCODING says for this entry. */
export function objectEncoding(e: Entry, config: Config): Encoding {
  switch (e.type) {
    case 'string':
      return big.has(e) ? 'raw' : stringEncoding(e.value);
    case 'list':
      return 'quicklist';
    case 'hash':
      return !big.has(e) && fitsSmall(e, config) ? 'listpack' : 'hashtable';
    case 'set':
      return !big.has(e) && fitsSmall(e, config) ? 'intset' : 'hashtable';
    default:
      return otherEncoding(e);
  }
}

/**
 * objectEncoding without scanning contents: hashes and sets are judged by
 * their conversion mark and size only. For the memory meter, which measures
 * after every write and must stay O(1)-ish.
 */
export function quickEncoding(e: Entry, config: Config): Encoding {
  switch (e.type) {
    case 'hash':
      return big.has(e) || e.value.size > config.num('hash-max-listpack-entries') ? 'hashtable' : 'listpack';
    case 'set':
      return big.has(e) || e.value.size > config.num('set-max-intset-entries') ? 'hashtable' : e.value.size > 16 ? 'intset' : objectEncoding(e, config);
    default:
      return objectEncoding(e, config);
  }
}

/** Types added by other modules (sorted sets, streams) carry their own encoding. */
function otherEncoding(e: { type: string; value?: unknown }): Encoding {
  const v = e.value;
  if (typeof v === 'object' && v !== null && 'encoding' in v && typeof v.encoding === 'string') {
    return v.encoding as Encoding;
  }
  return e.type === 'stream' ? 'stream' : 'unknown';
}

/** True when the entry uses a compact encoding (SCAN-family commands reply in one page). */
export function isCompact(e: Entry, config: Config): boolean {
  const enc = objectEncoding(e, config);
  return enc === 'listpack' || enc === 'intset';
}

/**
 * Call after adding elements to a hash or set (or growing a value): records
 * the one-way conversion to the big encoding once the limits are exceeded.
 * Cheap: O(1) once converted; otherwise bounded by the small-encoding limits.
 * `added` (the new fields/values or members), when given, avoids rescanning
 * the whole entry.
 */
export function noteGrowth(e: Entry, config: Config, added?: Iterable<string>): void {
  if ((e.type === 'hash' || e.type === 'set') && !big.has(e) && !fitsSmall(e, config, added)) big.add(e);
}

/** Call after editing a string in place (APPEND, SETRANGE, SETBIT, ...): it is now `raw`. */
/** True when a string was edited in place since its value was last replaced (OBJECT ENCODING says raw). */
export function isEditedString(e: Entry): boolean {
  return big.has(e);
}

export function markRaw(e: Entry): void {
  if (e.type === 'string') big.add(e);
}

/**
 * Forgets a string's in-place history when its value is replaced wholesale
 * inside the same entry object (INCR on a raw string yields an `int` again).
 */
export function resetStringEncoding(e: Entry): void {
  if (e.type === 'string') big.delete(e);
}

/** Forgets the entry's history: its encoding follows its contents again (DEBUG RELOAD, RESTORE). */
export function forgetEncoding(e: Entry): void {
  big.delete(e);
}

/** Whether the entry was marked as converted (or, for strings, edited in place). */
export function isMarkedBig(e: Entry): boolean {
  return big.has(e);
}

/** Carries the encoding history to a copy (COPY keeps the source's encoding). */
export function copyEncoding(from: Entry, to: Entry): void {
  if (big.has(from)) big.add(to);
}

/** Values 0..9999 of int-encoded strings are shared objects unless maxmemory uses LRU/LFU (OBJECT REFCOUNT). */
export function isSharedInteger(config: Config, e: Entry): boolean {
  if (e.type !== 'string' || isMarkedBig(e) || stringEncoding(e.value) !== 'int') return false;
  const v = Number(e.value);
  if (v < 0 || v >= 10000) return false;
  const policy = config.maxmemoryPolicy;
  return config.maxmemory === 0 || !(policy.endsWith('-lru') || policy.endsWith('-lfu'));
}
