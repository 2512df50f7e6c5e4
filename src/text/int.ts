/**
 * Redis's 64-bit integers as text: the limits and string2ll. Pure, shared by
 * the engine, redis-cli emulation and the RESP server.
 */

/** LLONG_MAX / LONG_MAX (int64). */
export const INT64_MAX = 9223372036854775807n;
/** LLONG_MIN / LONG_MIN (int64). */
export const INT64_MIN = -9223372036854775808n;
/** ULLONG_MAX / ULONG_MAX (uint64). */
export const UINT64_MAX = 18446744073709551615n;

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

/** True when `s` is a small string2ll integer that a JS number holds exactly (15 digits at most). */
export function isSmallInt(s: string): boolean {
  return s.length <= 15 && INT_RE.test(s);
}
