import { markRaw, resetStringEncoding } from '../core/encoding';
import type { Ctx, HandlersFor } from '../core/command';
import { stringEntry, type EntryOf } from '../core/entry';
import { E } from '../core/errors';
import { setExpireAt } from '../core/expire';
import { addLongDouble, formatLongDouble, parseLongDouble } from '../core/ldouble';
import { RedisError, parseInt64Arg, parseIntArg } from '../core/parse';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../../text/int';
import { NIL, OK, ONE, ZERO, array, bulk, bulkOrNil, int, intReply, type Reply } from '../core/reply';
import { NOTIFY, notify } from '../core/notify';
import { track } from '../core/changes';
import { MAX_ALLOC, MAX_STRING, storeString } from '../core/strings';
import type { stringSpecs } from '../spec/strings';

const EMPTY_BULK: Reply = Object.freeze({ t: 'bulk', v: '' });

export const stringCommands: HandlersFor<typeof stringSpecs> = {
  get,
  set,
  setnx: (c) => setGeneric(c, c.argv[1]!, c.argv[2]!, NX, undefined, ONE, ZERO),
  setex: (c) => setGeneric(c, c.argv[1]!, c.argv[3]!, NONE, { raw: c.argv[2]!, unit: 'EX' }, OK, NIL),
  psetex: (c) => setGeneric(c, c.argv[1]!, c.argv[3]!, NONE, { raw: c.argv[2]!, unit: 'PX' }, OK, NIL),
  getex,
  getdel,
  getset,
  mset: (c) => msetGeneric(c, false),
  msetnx: (c) => msetGeneric(c, true),
  mget,
  append,
  strlen: (c) => int(getString(c, c.argv[1]!)?.length ?? 0),
  getrange,
  substr: getrange,
  setrange,
  incr: (c) => incrSmall(c, 1),
  decr: (c) => incrSmall(c, -1),
  incrby: (c) => {
    const arg = c.argv[2]!;
    const by = smallInt(arg);
    return by === by ? incrSmall(c, by) : incrBy(c, parseInt64Arg(arg));
  },
  decrby: (c) => {
    const arg = c.argv[2]!;
    const small = smallInt(arg);
    if (small === small) return incrSmall(c, -small);
    const by = parseInt64Arg(arg);
    if (by === INT64_MIN) throw new RedisError(E.DECR_OVERFLOW);
    return incrBy(c, -by);
  },
  incrbyfloat,
  lcs,
};

/** The string at key, undefined when absent; WRONGTYPE for other types. Marks a read. */
export function getString(c: Ctx, key: string): string | undefined {
  return c.db.get(key, 'string')?.value;
}

function get(c: Ctx): Reply {
  const e = c.db.lookup(c.argv[1]!);
  if (e === undefined) return NIL;
  if (e.type !== 'string') throw new RedisError(E.WRONGTYPE);
  return bulk(e.value);
}

// ---- SET and friends ------------------------------------------------------

type ExpireUnit = 'EX' | 'PX' | 'EXAT' | 'PXAT';

interface SetFlags {
  readonly nx: boolean;
  readonly xx: boolean;
  readonly get: boolean;
  readonly keepTtl: boolean;
  readonly persist: boolean;
}

interface ExpireArg {
  readonly raw: string;
  readonly unit: ExpireUnit;
}

const NONE: SetFlags = { nx: false, xx: false, get: false, keepTtl: false, persist: false };
const NX: SetFlags = { ...NONE, nx: true };

/**
 * Parses SET's options (`forSet`) or GETEX's, as Redis 7.0 does: an option
 * may repeat, but NX/XX and the expiry forms exclude each other; anything
 * else is 'ERR syntax error'. EX/PX/EXAT/PXAT may repeat (the last wins).
 */
export function parseStringOptions(argv: readonly string[], from: number, forSet: boolean): { flags: SetFlags; expire: ExpireArg | undefined } {
  let nx = false;
  let xx = false;
  let getFlag = false;
  let keepTtl = false;
  let persistFlag = false;
  let unit: ExpireUnit | undefined;
  let raw: string | undefined;
  for (let j = from; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const next = j === argv.length - 1 ? undefined : argv[j + 1];
    const noExpireBut = (u: ExpireUnit | undefined): boolean => unit === undefined || unit === u;
    if (opt === 'nx' && !xx && forSet) {
      nx = true;
    } else if (opt === 'xx' && !nx && forSet) {
      xx = true;
    } else if (opt === 'get' && forSet) {
      getFlag = true;
    } else if (opt === 'keepttl' && !persistFlag && unit === undefined && forSet) {
      keepTtl = true;
    } else if (opt === 'persist' && !forSet && unit === undefined && !keepTtl) {
      persistFlag = true;
    } else if ((opt === 'ex' || opt === 'px' || opt === 'exat' || opt === 'pxat') && !keepTtl && !persistFlag && next !== undefined) {
      const u = opt.toUpperCase() as ExpireUnit;
      if (!noExpireBut(u)) throw new RedisError(E.SYNTAX);
      unit = u;
      raw = next;
      j++;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  return {
    flags: { nx, xx, get: getFlag, keepTtl, persist: persistFlag },
    expire: unit !== undefined && raw !== undefined ? { raw, unit } : undefined,
  };
}

/**
 * Turns an EX/PX/EXAT/PXAT argument into an absolute time in ms, with
 * Redis's checks: not an integer -> 'ERR value is not an integer or out of
 * range'; zero, negative or overflowing -> "ERR invalid expire time in '<cmd>' command".
 */
export function expireFromArg(raw: string, unit: ExpireUnit, now: number, cmdName: string): bigint {
  let v = parseInt64(raw);
  if (v === null) throw new RedisError(E.NOT_INTEGER);
  const seconds = unit === 'EX' || unit === 'EXAT';
  if (v <= 0n || (seconds && v > INT64_MAX / 1000n)) throw new RedisError(E.INVALID_EXPIRE(cmdName));
  if (seconds) v *= 1000n;
  if (unit === 'EX' || unit === 'PX') v += BigInt(now);
  if (v > INT64_MAX) throw new RedisError(E.INVALID_EXPIRE(cmdName));
  return v;
}

function set(c: Ctx): Reply {
  const argv = c.argv;
  if (argv.length === 3) {
    storeString(c.db, argv[1]!, argv[2]!);
    notify(c, NOTIFY.STRING, 'set', argv[1]!);
    return OK;
  }
  const { flags, expire } = parseStringOptions(argv, 3, true);
  return setGeneric(c, argv[1]!, argv[2]!, flags, expire, OK, NIL);
}

/** SET, SETNX, SETEX, PSETEX: Redis's setGenericCommand. */
function setGeneric(c: Ctx, key: string, value: string, flags: SetFlags, expire: ExpireArg | undefined, okReply: Reply, abortReply: Reply): Reply {
  const db = c.db;
  const when = expire !== undefined ? expireFromArg(expire.raw, expire.unit, c.now, c.argv[0]!.toLowerCase()) : undefined;
  let old: Reply = NIL;
  if (flags.get) old = bulkOrNil(getString(c, key));
  const found = db.peek(key) !== undefined;
  if ((flags.nx && found) || (flags.xx && !found)) return flags.get ? old : abortReply;
  storeString(db, key, value, flags.keepTtl);
  notify(c, NOTIFY.STRING, 'set', key);
  if (when !== undefined) {
    // An EXAT/PXAT in the past stores a key that is already expired: like Redis 7.0 it
    // still counts in DBSIZE until an access or the active cycle removes it.
    setExpireAt(db, key, when);
    notify(c, NOTIFY.GENERIC, 'expire', key);
  }
  return flags.get ? old : okReply;
}

function getex(c: Ctx): Reply {
  const key = c.argv[1]!;
  const { flags, expire } = parseStringOptions(c.argv, 2, false);
  const value = getString(c, key);
  if (value === undefined) return NIL;
  const when = expire !== undefined ? expireFromArg(expire.raw, expire.unit, c.now, 'getex') : undefined;
  const reply = bulk(value);
  if (when !== undefined && when <= BigInt(c.now)) {
    c.db.delete(key);
    notify(c, NOTIFY.GENERIC, 'del', key);
  } else if (when !== undefined) {
    setExpireAt(c.db, key, when);
    notify(c, NOTIFY.GENERIC, 'expire', key);
  } else if (flags.persist) {
    if (c.db.persist(key)) notify(c, NOTIFY.GENERIC, 'persist', key);
  }
  return reply;
}

function getdel(c: Ctx): Reply {
  const key = c.argv[1]!;
  const value = getString(c, key);
  if (value === undefined) return NIL;
  c.db.delete(key);
  notify(c, NOTIFY.GENERIC, 'del', key);
  return bulk(value);
}

function getset(c: Ctx): Reply {
  const key = c.argv[1]!;
  const old = bulkOrNil(getString(c, key));
  storeString(c.db, key, c.argv[2]!);
  notify(c, NOTIFY.STRING, 'set', key);
  return old;
}

function msetGeneric(c: Ctx, nx: boolean): Reply {
  const argv = c.argv;
  if (argv.length % 2 === 0) throw new RedisError(E.WRONG_ARITY(nx ? 'msetnx' : 'mset'));
  if (nx) {
    for (let i = 1; i < argv.length; i += 2) if (c.db.peek(argv[i]!) !== undefined) return ZERO;
  }
  for (let i = 1; i < argv.length; i += 2) {
    storeString(c.db, argv[i]!, argv[i + 1]!);
    notify(c, NOTIFY.STRING, 'set', argv[i]!);
  }
  return nx ? ONE : OK;
}

function mget(c: Ctx): Reply {
  const out: Reply[] = [];
  for (let i = 1; i < c.argv.length; i++) {
    const e = c.db.lookup(c.argv[i]!);
    out.push(e !== undefined && e.type === 'string' ? bulk(e.value) : NIL);
  }
  return array(out);
}

// ---- Substrings -----------------------------------------------------------

function append(c: Ctx): Reply {
  const key = c.argv[1]!;
  const add = c.argv[2]!;
  const e = c.db.getForWrite(key, 'string');
  if (e === undefined) {
    c.db.add(key, { type: 'string', value: add });
    notify(c, NOTIFY.STRING, 'append', key);
    return int(add.length);
  }
  if (e.value.length + add.length > MAX_STRING) throw new RedisError(E.STRING_TOO_LONG);
  c.engine.memory.checkGrowth(add.length);
  track(c, key)?.range(e.value.length, e.value.length + add.length);
  e.value += add;
  markRaw(e);
  c.db.modified(key);
  notify(c, NOTIFY.STRING, 'append', key);
  return int(e.value.length);
}

function getrange(c: Ctx): Reply {
  let start = parseIntArg(c.argv[2]!);
  let end = parseIntArg(c.argv[3]!);
  const s = getString(c, c.argv[1]!);
  if (s === undefined) return EMPTY_BULK;
  const len = s.length;
  if (start < 0 && end < 0 && start > end) return EMPTY_BULK;
  if (start < 0) start = len + start;
  if (end < 0) end = len + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= len) end = len - 1;
  if (start > end || len === 0) return EMPTY_BULK;
  return bulk(s.slice(start, end + 1));
}

function setrange(c: Ctx): Reply {
  const key = c.argv[1]!;
  const offset = parseIntArg(c.argv[2]!);
  const value = c.argv[3]!;
  if (offset < 0) throw new RedisError(E.OFFSET_OUT_OF_RANGE);
  const e = c.db.getForWrite(key, 'string');
  if (e === undefined && value.length === 0) return ZERO;
  if (e !== undefined && value.length === 0) return int(e.value.length);
  if (offset + value.length > MAX_STRING) throw new RedisError(E.STRING_TOO_LONG);
  const old = e?.value ?? '';
  const total = Math.max(old.length, offset + value.length);
  if (total > MAX_ALLOC && total > old.length) throw new RedisError(E.OOM);
  if (total > old.length) c.engine.memory.checkGrowth(total - old.length);
  const head = old.length >= offset ? old.slice(0, offset) : old + '\0'.repeat(offset - old.length);
  const next = head + value + old.slice(offset + value.length);
  if (e === undefined) {
    c.db.add(key, { type: 'string', value: next });
  } else {
    e.value = next;
    markRaw(e);
    c.db.modified(key);
    track(c, key)?.range(Math.min(old.length, offset), offset + value.length);
  }
  notify(c, NOTIFY.STRING, 'setrange', key);
  return int(next.length);
}

// ---- Counters -------------------------------------------------------------

/**
 * The value of a canonical integer of at most 15 digits (exact as a double,
 * and sums of two stay exact), else NaN: no sign but '-', no leading zero,
 * no '-0'. One pass over the text, no regular expression.
 */
export function smallInt(s: string): number {
  const n = s.length;
  if (n === 0 || n > 16) return NaN;
  const neg = s.charCodeAt(0) === 45;
  let i = neg ? 1 : 0;
  if (i === n || n - i > 15) return NaN;
  let d = s.charCodeAt(i) - 48;
  if (d < 0 || d > 9 || (d === 0 && (n - i > 1 || neg))) return NaN;
  let v = d;
  for (i++; i < n; i++) {
    d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/**
 * INCR/DECR/INCRBY/DECRBY when the stored value and the increment are small
 * integers (the usual case): plain number arithmetic, no BigInt. Anything
 * else (big values, overflow, errors) goes through `incrBy`.
 */
function incrSmall(c: Ctx, by: number): Reply {
  const key = c.argv[1]!;
  const e = c.db.getForWrite(key, 'string');
  if (e === undefined) {
    c.db.add(key, stringEntry(intText(by + 0))); // + 0 turns -0 into 0
    notify(c, NOTIFY.STRING, 'incrby', key);
    return int(by + 0);
  }
  const cur = smallInt(e.value);
  if (cur !== cur) return incrBy(c, BigInt(by));
  const next = cur + by;
  e.value = intText(next);
  resetStringEncoding(e);
  c.db.replaced(key, e, true);
  notify(c, NOTIFY.STRING, 'incrby', key);
  return int(next);
}

/** Redis's OBJ_SHARED_INTEGERS: values 0..9999 are shared objects. */
const SHARED_INTEGERS = 10_000;
const sharedIntText = new Array<string | undefined>(SHARED_INTEGERS).fill(undefined);

/**
 * The decimal text of an integer; 0..9999 come from a shared table, as Redis
 * shares its small integer objects, so counters allocate nothing new (and
 * leave the garbage collector nothing) in the common case.
 */
function intText(n: number): string {
  if (n >= 0 && n < SHARED_INTEGERS) return (sharedIntText[n] ??= String(n));
  return String(n);
}

function incrBy(c: Ctx, by: bigint): Reply {
  const key = c.argv[1]!;
  const e = c.db.getForWrite(key, 'string');
  let cur = 0n;
  if (e !== undefined) {
    const parsed = parseInt64(e.value);
    if (parsed === null) throw new RedisError(E.NOT_INTEGER);
    cur = parsed;
  }
  const next = cur + by;
  if (next > INT64_MAX || next < INT64_MIN) throw new RedisError(E.INCR_OVERFLOW);
  const text = next.toString();
  storeNumber(c, key, e, text);
  notify(c, NOTIFY.STRING, 'incrby', key);
  return intReply(next);
}

/** Stores the new text of INCRBY / INCRBYFLOAT: in place (its encoding worked out again) or as a new key. */
function storeNumber(c: Ctx, key: string, e: EntryOf<'string'> | undefined, text: string): void {
  if (e !== undefined) {
    e.value = text;
    resetStringEncoding(e);
    c.db.replaced(key, e, true);
  } else {
    c.db.add(key, { type: 'string', value: text });
  }
}

function incrbyfloat(c: Ctx): Reply {
  const key = c.argv[1]!;
  const e = c.db.getForWrite(key, 'string');
  const cur = e === undefined ? parseLongDouble('0') : parseLongDouble(e.value);
  const incr = parseLongDouble(c.argv[2]!);
  if (cur === undefined || incr === undefined) throw new RedisError(E.NOT_FLOAT);
  const sum = addLongDouble(cur, incr);
  if (sum.inf) throw new RedisError(E.INCR_NAN);
  const text = formatLongDouble(sum);
  storeNumber(c, key, e, text);
  notify(c, NOTIFY.STRING, 'incrbyfloat', key);
  return bulk(text);
}

// ---- LCS ------------------------------------------------------------------

interface LcsOptions {
  len: boolean;
  idx: boolean;
  withMatchLen: boolean;
  minMatchLen: number;
}

function lcs(c: Ctx): Reply {
  const ea = c.db.lookup(c.argv[1]!);
  const eb = c.db.lookup(c.argv[2]!);
  if ((ea !== undefined && ea.type !== 'string') || (eb !== undefined && eb.type !== 'string')) {
    throw new RedisError(E.LCS_NOT_STRINGS);
  }
  const a = (ea as EntryOf<'string'> | undefined)?.value ?? '';
  const b = (eb as EntryOf<'string'> | undefined)?.value ?? '';
  const o: LcsOptions = { len: false, idx: false, withMatchLen: false, minMatchLen: 0 };
  const argv = c.argv;
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j]!.toLowerCase();
    const more = argv.length - 1 - j;
    if (opt === 'idx') o.idx = true;
    else if (opt === 'len') o.len = true;
    else if (opt === 'withmatchlen') o.withMatchLen = true;
    else if (opt === 'minmatchlen' && more > 0) {
      const v = parseInt64Arg(argv[j + 1]!);
      o.minMatchLen = v < 0n ? 0 : v > 4294967295n ? Infinity : Number(v);
      j++;
    } else throw new RedisError(E.SYNTAX);
  }
  if (o.len && o.idx) throw new RedisError(E.LCS_LEN_AND_IDX);
  return lcsCompute(a, b, o);
}

/**
 * Classic dynamic programming over (|a|+1) x (|b|+1) cells, then a walk back
 * from the end that collects the common subsequence and, for IDX, the
 * matching ranges from the last to the first, exactly as Redis reports them.
 */
function lcsCompute(a: string, b: string, o: LcsOptions): Reply {
  const alen = a.length;
  const blen = b.length;
  const cells = (alen + 1) * (blen + 1);
  if (cells * 4 > MAX_STRING) throw new RedisError(E.LCS_TOO_MUCH_MEMORY);
  if (cells > MAX_ALLOC / 2) throw new RedisError(E.OOM);
  const w = blen + 1;
  // Every cell holds at most min(alen, blen): 16 bits are enough for most inputs.
  const table = Math.min(alen, blen) < 0xffff ? new Uint16Array(cells) : new Uint32Array(cells);
  for (let i = 1; i <= alen; i++) {
    const ca = a.charCodeAt(i - 1);
    const row = i * w;
    const prev = row - w;
    for (let j = 1; j <= blen; j++) {
      if (ca === b.charCodeAt(j - 1)) {
        table[row + j] = table[prev + j - 1]! + 1;
      } else {
        const up = table[prev + j]!;
        const left = table[row + j - 1]!;
        table[row + j] = up > left ? up : left;
      }
    }
  }
  const total = table[alen * w + blen]!;
  if (o.len) return int(total);

  const out: number[] = new Array<number>(total);
  let k = total;
  const matches: Reply[] = [];
  // Current range, walking backwards; aStart === alen means "no range open".
  let aStart = alen;
  let aEnd = 0;
  let bStart = 0;
  let bEnd = 0;
  let i = alen;
  let j = blen;
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      out[--k] = a.charCodeAt(i - 1);
      if (aStart === alen) {
        aStart = aEnd = i - 1;
        bStart = bEnd = j - 1;
      } else if (aStart === i && bStart === j) {
        aStart--;
        bStart--;
      } else {
        emit = true;
      }
      if (aStart === 0 || bStart === 0) emit = true;
      i--;
      j--;
    } else {
      if (table[(i - 1) * w + j]! > table[i * w + j - 1]!) i--;
      else j--;
      if (aStart !== alen) emit = true;
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1;
      if (o.idx && (o.minMatchLen === 0 || matchLen >= o.minMatchLen)) {
        const m: Reply[] = [array([int(aStart), int(aEnd)]), array([int(bStart), int(bEnd)])];
        if (o.withMatchLen) m.push(int(matchLen));
        matches.push(array(m));
      }
      aStart = alen;
    }
  }
  if (o.idx) {
    return {
      t: 'map',
      v: [
        [bulk('matches'), array(matches)],
        [bulk('len'), int(total)],
      ],
    };
  }
  let s = '';
  for (let x = 0; x < out.length; x += 8192) s += String.fromCharCode(...out.slice(x, x + 8192));
  return bulk(s);
}
