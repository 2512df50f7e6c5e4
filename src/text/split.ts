/**
 * Splitting a line into arguments exactly as Redis 7.0's `sdssplitargs`
 * does: redis-cli splits a typed line with it, redis-server an inline
 * request. The line is a byte string (one UTF-16 code unit per byte, see
 * bytes.ts) and so are the arguments: `"\xff"` yields the raw byte 0xff.
 *
 * Rules (Redis 7.0.15):
 * - Blanks between arguments are C `isspace` bytes: space, \t, \n, \v, \f, \r.
 *   Inside an unquoted argument only space, \t, \n and \r end it; \v and \f
 *   are kept as part of the argument.
 * - `"..."` understands \n \r \t \b \a, `\xHH` (two hex digits, either case)
 *   and `\<any>` (that character itself, so `\\` and `\"`).
 * - `'...'` understands only `\'`; every other backslash is literal.
 * - A quote may start in the middle of a word (`a"b c"` is `ab c`), but a
 *   closing quote must be followed by a blank or the end of the line.
 * - An unterminated quote or a closing quote followed by something else
 *   makes the whole line invalid: `null` (redis-cli then prints
 *   `Invalid argument(s)`).
 * - The line behaves like a C string: a NUL byte ends it.
 */

/** C `isspace` in the C locale. */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

const ESCAPES: Readonly<Record<number, string>> = {
  0x6e: '\n', // n
  0x72: '\r', // r
  0x74: '\t', // t
  0x62: '\b', // b
  0x61: '\x07', // a
};

/**
 * Splits a byte-string line into byte-string arguments, or returns null
 * when the quoting is invalid. An empty or blank line gives `[]`.
 */
export function sdssplitargs(line: string): string[] | null {
  let s = line;
  const nul = s.indexOf('\0');
  if (nul >= 0) s = s.slice(0, nul);
  const n = s.length;
  const out: string[] = [];
  let p = 0;
  for (;;) {
    while (p < n && isSpace(s.charCodeAt(p))) p++;
    if (p >= n) return out;
    // One argument. `parts` collects slices so long lines stay linear.
    const parts: string[] = [];
    let done = false;
    while (!done) {
      const c = s.charCodeAt(p);
      if (c === 0x22 /* " */ || c === 0x27 /* ' */) {
        // A quoted section. Double quotes take \n \r \t \b \a \xHH and \<any>;
        // single quotes only \'.
        const quote = c;
        p++;
        let start = p;
        for (;;) {
          if (p >= n) return null; // unterminated quotes
          const q = s.charCodeAt(p);
          if (q === 0x5c /* \ */ && p + 1 < n && (quote === 0x22 || s.charCodeAt(p + 1) === 0x27)) {
            if (p > start) parts.push(s.slice(start, p));
            const e = s.charCodeAt(p + 1);
            const hi = quote === 0x22 && e === 0x78 /* x */ && p + 3 < n ? hexValue(s.charCodeAt(p + 2)) : -1;
            const lo = hi >= 0 ? hexValue(s.charCodeAt(p + 3)) : -1;
            if (lo >= 0) {
              parts.push(String.fromCharCode(hi * 16 + lo));
              p += 4;
            } else {
              parts.push(quote === 0x22 ? (ESCAPES[e] ?? s[p + 1]!) : "'");
              p += 2;
            }
            start = p;
          } else if (q === quote) {
            if (p > start) parts.push(s.slice(start, p));
            // The closing quote must be followed by a blank or the end.
            if (p + 1 < n && !isSpace(s.charCodeAt(p + 1))) return null;
            p++;
            done = true;
            break;
          } else {
            p++;
          }
        }
      } else {
        // Unquoted run: up to a separator or a quote that opens a section.
        const start = p;
        while (p < n) {
          const u = s.charCodeAt(p);
          if (u === 0x20 || u === 0x0a || u === 0x0d || u === 0x09 || u === 0x22 || u === 0x27) break;
          p++;
        }
        if (p > start) parts.push(s.slice(start, p));
        if (p >= n) {
          done = true;
        } else {
          const u = s.charCodeAt(p);
          if (u !== 0x22 && u !== 0x27) {
            p++; // the separator is consumed with the argument
            done = true;
          }
        }
      }
    }
    out.push(parts.length === 1 ? parts[0]! : parts.join(''));
  }
}
