import { E } from './errors';

/** Thrown by handlers and parsers; the engine turns it into an error reply. */
export class RedisError extends Error {
  constructor(readonly reply: string) {
    super(reply);
  }
}

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

const INT_RE = /^(?:0|-?[1-9][0-9]*)$/;

/**
 * Parses a Redis integer exactly as string2ll does: optional '-', no '+', no
 * spaces, no leading zeros, within int64. Returns a bigint, or null.
 */
export function parseInt64(s: string): bigint | null {
  if (s.length === 0 || s.length > 20 || !INT_RE.test(s)) return null;
  const v = BigInt(s);
  if (v > INT64_MAX || v < INT64_MIN) return null;
  return v;
}

/**
 * Parses an integer that fits a JS number safely (indexes, counts, offsets).
 * Values outside int64 fail like Redis; values beyond 2^53 are clamped, which
 * is harmless for indexes and counts.
 */
export function parseIntArg(s: string, error: string = E.NOT_INTEGER): number {
  if (s.length <= 15 && INT_RE.test(s)) return Number(s);
  const v = parseInt64(s);
  if (v === null) throw new RedisError(error);
  return Number(v);
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
