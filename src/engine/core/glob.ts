/**
 * Redis glob matching (stringmatchlen): `*`, `?`, `[abc]`, `[^a]`, `[a-z]`,
 * and `\x` escapes. Works on byte strings. Compiled to a RegExp once per
 * pattern; the regexp is cached because KEYS/SCAN call it per key.
 */
const cache = new Map<string, RegExp>();

export function globToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let re = '^';
  const n = pattern.length;
  for (let i = 0; i < n; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      while (pattern[i + 1] === '*') i++;
      re += '[\\s\\S]*';
    } else if (c === '?') {
      re += '[\\s\\S]';
    } else if (c === '[') {
      let j = i + 1;
      let negate = false;
      if (pattern[j] === '^') {
        negate = true;
        j++;
      }
      let cls = '';
      let closed = false;
      while (j < n) {
        const d = pattern[j]!;
        if (d === '\\' && j + 1 < n) {
          cls += escapeClass(pattern[j + 1]!);
          j += 2;
          continue;
        }
        if (d === ']') {
          closed = true;
          break;
        }
        if (pattern[j + 1] === '-' && j + 2 < n && pattern[j + 2] !== ']') {
          let lo = d;
          let hi = pattern[j + 2]!;
          if (lo > hi) [lo, hi] = [hi, lo];
          cls += `${escapeClass(lo)}-${escapeClass(hi)}`;
          j += 3;
          continue;
        }
        cls += escapeClass(d);
        j++;
      }
      // Redis treats an unterminated class as running to the end of the pattern.
      re += cls === '' ? (negate ? '[\\s\\S]' : '(?!)') : `[${negate ? '^' : ''}${cls}]`;
      i = closed ? j : n;
    } else if (c === '\\' && i + 1 < n) {
      i++;
      re += escapeRe(pattern[i]!);
    } else {
      re += escapeRe(c);
    }
  }
  re += '$';
  const compiled = new RegExp(re);
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

export function globMatch(pattern: string, subject: string): boolean {
  if (pattern === '*') return true;
  return globToRegExp(pattern).test(subject);
}

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

function escapeClass(c: string): string {
  return /[\\\]^-]/.test(c) ? `\\${c}` : c;
}
