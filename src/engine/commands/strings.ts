import type { Ctx, Handler } from '../core/command';
import { E } from '../core/errors';
import { INT64_MAX, INT64_MIN, RedisError, parseInt64, parseInt64Arg } from '../core/parse';
import { NIL, OK, array, bulk, bulkOrNil, int, type Reply } from '../core/reply';

/** Redis's proto-max-bulk-len default: 512 MB. */
export const MAX_STRING = 512 * 1024 * 1024;

export const stringCommands: Record<string, Handler> = {
  get,
  set,
  incr: (c) => incrBy(c, 1n),
  decr: (c) => incrBy(c, -1n),
  incrby: (c) => incrBy(c, parseInt64Arg(c.argv[2]!)),
  decrby: (c) => {
    const by = parseInt64Arg(c.argv[2]!);
    if (by === INT64_MIN) throw new RedisError('ERR decrement would overflow');
    return incrBy(c, -by);
  },
  mset,
  mget,
  strlen: (c) => int(getString(c, c.argv[1]!)?.length ?? 0),
  append,
};

/** The string at key, undefined when absent; WRONGTYPE for other types. */
export function getString(c: Ctx, key: string): string | undefined {
  return c.db.get(key, 'string')?.value;
}

function get(c: Ctx): Reply {
  return bulkOrNil(getString(c, c.argv[1]!));
}

interface SetOptions {
  condition: 'NX' | 'XX' | undefined;
  get: boolean;
  /** Absolute expiry in ms, or undefined. */
  expireAt: number | undefined;
  keepTtl: boolean;
}

/** Parses SET's options (argv from index 3). Throws Redis's errors. */
export function parseSetOptions(c: Ctx, from: number): SetOptions {
  const o: SetOptions = { condition: undefined, get: false, expireAt: undefined, keepTtl: false };
  let unit: 'EX' | 'PX' | 'EXAT' | 'PXAT' | 'KEEPTTL' | undefined;
  let rawExpire: string | undefined;
  const argv = c.argv;
  for (let i = from; i < argv.length; i++) {
    const a = argv[i]!.toUpperCase();
    const next = argv[i + 1];
    if ((a === 'NX' || a === 'XX') && o.condition === undefined) {
      o.condition = a;
    } else if (a === 'GET' && !o.get) {
      o.get = true;
    } else if (a === 'KEEPTTL' && unit === undefined) {
      unit = 'KEEPTTL';
      o.keepTtl = true;
    } else if ((a === 'EX' || a === 'PX' || a === 'EXAT' || a === 'PXAT') && unit === undefined && next !== undefined) {
      unit = a;
      rawExpire = next;
      i++;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  if (rawExpire !== undefined && unit !== undefined && unit !== 'KEEPTTL') {
    o.expireAt = expireFromArg(rawExpire, unit, c.now, 'set');
  }
  return o;
}

/** Turns an EX/PX/EXAT/PXAT argument into an absolute ms time, with Redis's checks. */
export function expireFromArg(raw: string, unit: 'EX' | 'PX' | 'EXAT' | 'PXAT', now: number, cmdName: string): number {
  const v = parseInt64Arg(raw);
  if (v <= 0n) throw new RedisError(E.INVALID_EXPIRE(cmdName));
  let ms = unit === 'EX' || unit === 'EXAT' ? v * 1000n : v;
  if ((unit === 'EX' || unit === 'EXAT') && v > INT64_MAX / 1000n) throw new RedisError(E.INVALID_EXPIRE(cmdName));
  if (unit === 'EX' || unit === 'PX') {
    if (ms > INT64_MAX - BigInt(now)) throw new RedisError(E.INVALID_EXPIRE(cmdName));
    ms += BigInt(now);
  }
  return Number(ms);
}

function set(c: Ctx): Reply {
  const key = c.argv[1]!;
  const value = c.argv[2]!;
  const o = c.argv.length > 3 ? parseSetOptions(c, 3) : undefined;
  if (o === undefined) {
    c.db.set(key, { type: 'string', value });
    return OK;
  }
  let old: Reply = NIL;
  if (o.get) old = bulkOrNil(getString(c, key));
  const exists = c.db.peek(key) !== undefined;
  if ((o.condition === 'NX' && exists) || (o.condition === 'XX' && !exists)) return o.get ? old : NIL;
  c.db.set(key, { type: 'string', value }, o.keepTtl);
  if (o.expireAt !== undefined) {
    if (o.expireAt <= c.now) c.db.delete(key);
    else c.db.setExpire(key, o.expireAt);
  }
  return o.get ? old : OK;
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
  if (e !== undefined) {
    e.value = text;
    c.db.modified(key);
  } else {
    c.db.add(key, { type: 'string', value: text });
  }
  return int(next >= -9007199254740991n && next <= 9007199254740991n ? Number(next) : next);
}

function mset(c: Ctx): Reply {
  if (c.argv.length % 2 === 0) throw new RedisError(E.WRONG_ARITY('mset'));
  for (let i = 1; i < c.argv.length; i += 2) c.db.set(c.argv[i]!, { type: 'string', value: c.argv[i + 1]! });
  return OK;
}

function mget(c: Ctx): Reply {
  const out: Reply[] = [];
  for (let i = 1; i < c.argv.length; i++) {
    const e = c.db.lookup(c.argv[i]!);
    out.push(e !== undefined && e.type === 'string' ? bulk(e.value) : NIL);
  }
  return array(out);
}

function append(c: Ctx): Reply {
  const key = c.argv[1]!;
  const add = c.argv[2]!;
  const e = c.db.getForWrite(key, 'string');
  if (e === undefined) {
    c.db.add(key, { type: 'string', value: add });
    return int(add.length);
  }
  if (e.value.length + add.length > MAX_STRING) throw new RedisError(E.STRING_TOO_LONG);
  e.value += add;
  c.db.modified(key);
  return int(e.value.length);
}

