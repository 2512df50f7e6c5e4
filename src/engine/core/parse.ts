import { INT64_MAX, isSmallInt, parseInt64 } from '../../text/int';
import { E } from './errors';

/** Thrown by handlers and parsers; the engine turns it into an error reply. */
export class RedisError extends Error {
  constructor(readonly reply: string) {
    super(reply);
  }
}

/**
 * Parses an integer that fits a JS number safely (indexes, counts, offsets).
 * Values outside int64 fail like Redis; values beyond 2^53 are clamped, which
 * is harmless for indexes and counts.
 */
export function parseIntArg(s: string, error: string = E.NOT_INTEGER): number {
  if (isSmallInt(s)) return Number(s);
  const v = parseInt64(s);
  if (v === null) throw new RedisError(error);
  return Number(v);
}

/** getLongFromObjectOrReply: a long, else `msg` (or the generic integer error). */
export function parseLong(arg: string, msg: string = E.NOT_INTEGER): number {
  const v = parseInt64(arg);
  if (v === null) throw new RedisError(msg);
  return Number(v);
}

/** getRangeLongFromObjectOrReply: a long within [min, max]. */
export function parseRangeLong(arg: string, min: bigint, max: bigint, msg?: string): number {
  const v = parseInt64(arg);
  if (v === null) throw new RedisError(msg ?? E.NOT_INTEGER);
  if (v < min || v > max) throw new RedisError(msg ?? E.RANGE_BETWEEN(String(min), String(max)));
  return Number(v);
}

/** getPositiveLongFromObjectOrReply: 0..LONG_MAX; both errors use one message. */
export function parsePositiveLong(arg: string, msg: string = E.POSITIVE_RANGE): number {
  return parseRangeLong(arg, 0n, INT64_MAX, msg);
}

export function parseInt64Arg(s: string, error: string = E.NOT_INTEGER): bigint {
  const v = parseInt64(s);
  if (v === null) throw new RedisError(error);
  return v;
}

const FLOAT_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * Parses a double as Redis does (strtold): accepts `inf`, `+inf`, `-inf`,
 * `infinity` in any case, rejects NaN, spaces and empty strings.
 */
export function parseDouble(s: string): number | null {
  if (s.length === 0 || s.length > 5000) return null;
  if (FLOAT_RE.test(s)) return Number(s);
  const l = s.toLowerCase();
  if (l === 'inf' || l === '+inf' || l === 'infinity' || l === '+infinity') return Infinity;
  if (l === '-inf' || l === '-infinity') return -Infinity;
  return null;
}

export function parseDoubleArg(s: string, error: string = E.NOT_FLOAT): number {
  const v = parseDouble(s);
  if (v === null) throw new RedisError(error);
  return v;
}

/** Case-insensitive ASCII comparison of an argument against a keyword. */
export function is(arg: string | undefined, keyword: string): boolean {
  return arg !== undefined && arg.length === keyword.length && arg.toUpperCase() === keyword;
}

/**
 * Reads the keyword flags that lead a command's arguments (ZADD's
 * `NX XX CH ...`, GEOADD's `NX XX CH`) from `from` on, in any order and
 * case, stopping at the first argument that is not one of `names`.
 * Returns the flags seen and the index of the first other argument.
 */
export function leadingFlags<K extends string>(argv: readonly string[], from: number, names: readonly K[]): { flags: Set<K>; next: number } {
  const flags = new Set<K>();
  let longest = 0;
  for (const n of names) longest = Math.max(longest, n.length);
  let i = from;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    // The argument after the flags is usually a number: skip the upper-casing for it.
    if (a.length > longest || (a.charCodeAt(0) | 0x20) < 0x61) break;
    const u = a.toUpperCase() as K;
    if (!names.includes(u)) break;
    flags.add(u);
  }
  return { flags, next: i };
}
