/**
 * SORT and SORT_RO (Redis 7.0's sort.c semantics): sorts a list, set or
 * sorted set numerically or lexicographically, optionally by external keys
 * (`BY weight_*`, `BY h_*->field`, `BY nosort`), with LIMIT, GET patterns
 * and STORE into a list.
 */
import type { Ctx, HandlersFor } from '../core/command';
import { objectEncoding } from '../core/encoding';
import type { Db } from '../core/keyspace';
import { E } from '../core/errors';
import { NOTIFY, notify } from '../core/notify';
import { RedisError, is } from '../core/parse';
import { parseInt64 } from '../../text/int';
import { NIL, array, bulk, int, type Reply } from '../core/reply';
import { Deque } from '../types/deque';
import type { sortSpecs } from '../spec/sort';

export const sortCommands: HandlersFor<typeof sortSpecs> = {
  sort: (c) => sortGeneric(c, false),
  sort_ro: (c) => sortGeneric(c, true),
};

interface SortOptions {
  desc: boolean;
  alpha: boolean;
  limitStart: number;
  limitCount: number;
  by: string | undefined;
  dontsort: boolean;
  store: string | undefined;
  gets: string[];
}

/** getLongFromObjectOrReply: an int64, as a number (clamped harmlessly past 2^53). */
function longArg(s: string): number {
  const v = parseInt64(s);
  if (v === null) throw new RedisError(E.NOT_INTEGER);
  return Number(v);
}

function parseOptions(argv: readonly string[], readonly: boolean): SortOptions {
  const o: SortOptions = { desc: false, alpha: false, limitStart: 0, limitCount: -1, by: undefined, dontsort: false, store: undefined, gets: [] };
  for (let j = 2; j < argv.length; j++) {
    const a = argv[j]!;
    const left = argv.length - j - 1;
    if (is(a, 'ASC')) o.desc = false;
    else if (is(a, 'DESC')) o.desc = true;
    else if (is(a, 'ALPHA')) o.alpha = true;
    else if (is(a, 'LIMIT') && left >= 2) {
      o.limitStart = longArg(argv[j + 1]!);
      o.limitCount = longArg(argv[j + 2]!);
      j += 2;
    } else if (!readonly && is(a, 'STORE') && left >= 1) {
      o.store = argv[++j]!;
    } else if (is(a, 'BY') && left >= 1) {
      o.by = argv[++j]!;
      o.dontsort = !o.by.includes('*');
    } else if (is(a, 'GET') && left >= 1) {
      o.gets.push(argv[++j]!);
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  return o;
}

/**
 * Resolves a BY / GET pattern for one element (lookupKeyByPattern): `#` is
 * the element; the first `*` is replaced by it; `->field` after the `*`
 * reads a hash field. Missing keys, wrong types and patterns without `*`
 * give undefined.
 */
export function lookupByPattern(db: Db, pattern: string, elem: string): string | undefined {
  if (pattern === '#') return elem;
  const star = pattern.indexOf('*');
  if (star === -1) return undefined;
  const arrow = pattern.indexOf('->', star + 1);
  const hasField = arrow !== -1 && arrow + 2 < pattern.length;
  const key = pattern.slice(0, star) + elem + pattern.slice(star + 1, hasField ? arrow : pattern.length);
  const e = db.lookup(key);
  if (e === undefined) return undefined;
  if (hasField) return e.type === 'hash' ? e.value.get(pattern.slice(arrow + 2)) : undefined;
  return e.type === 'string' ? e.value : undefined;
}

const SPACE = /^[ \t\n\v\f\r]*/;
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)(?:[pP]([+-]?[0-9]+))?$/;
const SPECIAL = /^[+-]?(?:inf|infinity)$/i;

/**
 * A sort weight as SORT reads it with strtod: leading spaces allowed, the
 * whole rest must be consumed, no NaN, no overflow or underflow (ERANGE).
 * The empty string converts to 0 (strtod stops at once at the end).
 * Returns undefined on a conversion error.
 */
export function sortScore(s: string): number | undefined {
  // strtod reads a C string: it ends at the first NUL byte.
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  if (s.length === 0) return 0;
  const t = s.slice(SPACE.exec(s)![0].length);
  if (DECIMAL.test(t)) {
    const v = Number(t);
    if (!Number.isFinite(v)) return undefined;
    if (underflows(v, t)) return undefined;
    return v;
  }
  if (SPECIAL.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  const h = HEX.exec(t);
  if (h !== null && (h[2]!.length > 0 || h[3]!.length > 0)) {
    let m = 0;
    for (const ch of h[2]! + h[3]!) m = m * 16 + parseInt(ch, 16);
    const v = m * Math.pow(2, Number(h[4] ?? '0') - 4 * h[3]!.length) * (h[1] === '-' ? -1 : 1);
    if (!Number.isFinite(v) || underflows(v, m === 0 ? '0' : '1')) return undefined;
    return v;
  }
  return undefined;
}

/** strtod reports ERANGE for results too small to be a normal double. */
function underflows(v: number, text: string): boolean {
  if (v === 0) return /[1-9]/.test(text.replace(/[eE].*$/, ''));
  return Math.abs(v) < 2.2250738585072014e-308;
}

interface Item {
  obj: string;
  score: number;
  /** ALPHA BY: the external value, null when missing. */
  cmp: string | null;
}

function cmpBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortGeneric(c: Ctx, readonly: boolean): Reply {
  const o = parseOptions(c.argv, readonly);
  const e = c.db.lookup(c.argv[1]!);
  if (e !== undefined && e.type !== 'list' && e.type !== 'set' && e.type !== 'zset') throw new RedisError(E.WRONGTYPE);

  let { dontsort, alpha, by } = o;
  // A set has no order of its own: when storing, or for a script, sort it
  // anyway so the result does not depend on the hash table's layout.
  if (dontsort && e?.type === 'set' && (o.store !== undefined || c.client.script === true)) {
    dontsort = false;
    alpha = true;
    by = undefined;
  }
  if (e?.type === 'zset') e.value.encoding = 'skiplist';

  // The elements, in the order they are taken when not sorting.
  let elems: string[];
  if (e === undefined) elems = [];
  else if (e.type === 'list') elems = e.value.toArray();
  else if (e.type === 'zset') elems = e.value.range(0, e.value.size - 1).map(([m]) => m);
  else {
    elems = [...e.value];
    // An intset iterates in ascending order.
    if (objectEncoding(e, c.engine.config) === 'intset') elems.sort((a, b) => Number(BigInt(a) - BigInt(b) > 0n) - Number(BigInt(a) - BigInt(b) < 0n));
  }
  const len = elems.length;

  let start = Math.min(Math.max(o.limitStart, 0), len);
  const count = Math.min(Math.max(o.limitCount, -1), len);
  let end = count < 0 ? len - 1 : start + count - 1;
  if (start >= len) {
    start = len - 1;
    end = len - 2;
  }
  if (end >= len) end = len - 1;

  let out: string[];
  if (dontsort) {
    // Lists and sorted sets are walked in their order (reversed for DESC); sets as they iterate.
    if (o.desc && e?.type !== 'set') elems.reverse();
    out = elems;
  } else {
    const items: Item[] = elems.map((obj) => ({ obj, score: 0, cmp: null }));
    let conversionError = false;
    for (const it of items) {
      const v = by !== undefined ? lookupByPattern(c.db, by, it.obj) : it.obj;
      if (v === undefined) continue;
      if (alpha) {
        if (by !== undefined) it.cmp = v;
      } else {
        const s = sortScore(v);
        if (s === undefined) conversionError = true;
        else it.score = s;
      }
    }
    if (conversionError) throw new RedisError(E.SORT_NOT_DOUBLE);
    const sign = o.desc ? -1 : 1;
    const byPattern = by !== undefined;
    items.sort((a, b) => {
      let r: number;
      if (!alpha) r = a.score > b.score ? 1 : a.score < b.score ? -1 : cmpBytes(a.obj, b.obj);
      else if (byPattern) r = a.cmp === null || b.cmp === null ? (a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1) : cmpBytes(a.cmp, b.cmp);
      else r = cmpBytes(a.obj, b.obj);
      return sign * r;
    });
    out = items.map((it) => it.obj);
  }

  const window = end >= start ? out.slice(start, end + 1) : [];
  if (o.store === undefined) {
    const replies: Reply[] = [];
    for (const elem of window) {
      if (o.gets.length === 0) replies.push(bulk(elem));
      for (const g of o.gets) {
        const v = lookupByPattern(c.db, g, elem);
        replies.push(v === undefined ? NIL : bulk(v));
      }
    }
    return array(replies);
  }
  const values: string[] = [];
  for (const elem of window) {
    if (o.gets.length === 0) values.push(elem);
    for (const g of o.gets) values.push(lookupByPattern(c.db, g, elem) ?? '');
  }
  if (values.length > 0) {
    c.db.set(o.store, { type: 'list', value: new Deque(values) });
    notify(c, NOTIFY.LIST, 'sortstore', o.store);
  } else if (c.db.delete(o.store)) notify(c, NOTIFY.GENERIC, 'del', o.store);
  return int(values.length);
}
