/**
 * Redis's glob matching (as KEYS, SCAN MATCH, CONFIG GET and PSUBSCRIBE use
 * it), on byte strings:
 *
 *   *        any run of bytes (consecutive stars act as one)
 *   ?        any single byte
 *   [abc]    one of; `[^abc]` none of; `[a-z]` a range (bounds may come in
 *            either order, and `]` can be a range's end: `[1-]` spans 1..]);
 *            `\x` inside a class is a literal x; an unterminated class runs to
 *            the end of the pattern
 *   \x       a literal x
 *
 * The matcher never backtracks more than once per star position, so a
 * pattern such as `a*a*a*a*...b` costs O(pattern x subject), not an
 * exponential walk that would freeze the engine.
 */

/** Matches one class starting at `pattern[p] === '['` against byte `c`. Returns [matched, index after the class]. */
function matchClass(pattern: string, p: number, c: number, nocase: boolean): [boolean, number] {
  const n = pattern.length;
  let i = p + 1;
  const not = pattern[i] === '^';
  if (not) i++;
  let match = false;
  const cc = nocase ? lower(c) : c;
  for (;;) {
    if (i >= n) break; // unterminated: the class ends with the pattern
    const ch = pattern.charCodeAt(i);
    if (ch === 0x5c /* \ */ && i + 1 < n) {
      i++;
      if (eq(pattern.charCodeAt(i), cc, nocase)) match = true;
    } else if (ch === 0x5d /* ] */) {
      i++;
      break;
    } else if (i + 2 < n && pattern.charCodeAt(i + 1) === 0x2d /* - */) {
      let start = pattern.charCodeAt(i);
      let end = pattern.charCodeAt(i + 2);
      if (start > end) [start, end] = [end, start];
      if (nocase) {
        start = lower(start);
        end = lower(end);
      }
      if (cc >= start && cc <= end) match = true;
      i += 2;
    } else if (eq(ch, cc, nocase)) {
      match = true;
    }
    i++;
  }
  return [not ? !match : match, i];
}

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

function eq(a: number, b: number, nocase: boolean): boolean {
  return a === b || (nocase && lower(a) === lower(b));
}

/** True when `subject` matches the glob `pattern` (Redis's stringmatchlen). */
export function globMatch(pattern: string, subject: string, nocase = false): boolean {
  const pn = pattern.length;
  const sn = subject.length;
  // stringmatchlen compares nothing when the subject is empty: only an empty
  // pattern matches it, not even "*" (KEYS and SCAN treat a lone "*" as
  // "everything" before matching, see matchesAll).
  if (sn === 0) return pn === 0;
  if (pattern === '*') return true;
  let p = 0;
  let s = 0;
  // Where to resume after the last star: the pattern index after it, and the subject index it has eaten up to.
  let starP = -1;
  let starS = 0;
  while (s < sn || p < pn) {
    if (p < pn) {
      const ch = pattern.charCodeAt(p);
      if (ch === 0x2a /* * */) {
        while (p < pn && pattern.charCodeAt(p) === 0x2a) p++;
        if (p === pn) return true; // a trailing star eats the rest
        starP = p;
        starS = s;
        continue;
      }
      if (s < sn) {
        const c = subject.charCodeAt(s);
        if (ch === 0x3f /* ? */) {
          p++;
          s++;
          continue;
        }
        if (ch === 0x5b /* [ */) {
          const [ok, next] = matchClass(pattern, p, c, nocase);
          if (ok) {
            p = next;
            s++;
            continue;
          }
        } else if (ch === 0x5c /* \ */ && p + 1 < pn) {
          if (eq(pattern.charCodeAt(p + 1), c, nocase)) {
            p += 2;
            s++;
            continue;
          }
        } else if (eq(ch, c, nocase)) {
          p++;
          s++;
          continue;
        }
      }
    }
    // Mismatch: let the last star eat one more byte, or fail.
    if (starP < 0 || starS >= sn) return false;
    starS++;
    s = starS;
    p = starP;
  }
  return true;
}

/**
 * KEYS and SCAN's MATCH: a pattern of exactly "*" takes everything without
 * matching (the empty key included); anything else goes through globMatch.
 */
export function keyMatches(pattern: string, key: string): boolean {
  return pattern === '*' || globMatch(pattern, key);
}
