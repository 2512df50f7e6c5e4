/**
 * Redis's doubles as text, both ways, exactly as glibc and Redis 7.0 do it:
 * C's `printf("%.17g")` (how Redis sends a double: ZSCORE, ZINCRBY, RESP3
 * `,` replies, and therefore what redis-cli shows), `%.<p>g`, d2string (how
 * a listpack stores a score) and strtod / getDoubleFromObject.
 *
 * JavaScript's own number formatting differs (`0.1` vs `0.10000000000000001`,
 * `1e+21` vs `1e21`, exact ties rounded away from zero where glibc rounds
 * them to even), so ties are settled exactly with BigInt.
 *
 * Pure: imported by the engine, redis-cli emulation, the RESP server and the
 * visualizer alike.
 */

const SIG = 17;

/** Redis's text for a double reply (addReplyDouble): `inf`, `-inf`, `nan`, else `%.17g`. */
export function formatDouble(v: number): string {
  if (Number.isSafeInteger(v)) return v === 0 && Object.is(v, -0) ? '-0' : String(v);
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isNaN(v)) return 'nan';
  return formatG(v, SIG);
}

/**
 * d2string: how a listpack stores a score (what ZSCAN shows for small
 * sorted sets): integers within +-2^62 as integers, otherwise %.17g.
 */
export function formatStoredScore(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) <= 4611686018427387904 && !Object.is(x, -0)) {
    return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
  }
  return formatDouble(x);
}

/** `%.<precision>g` for a finite double (glibc semantics, no `#` flag). */
export function formatG(v: number, precision: number): string {
  if (!Number.isFinite(v)) throw new RangeError('formatG: finite numbers only');
  const p = precision === 0 ? 1 : precision;
  const negative = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  if (a === 0) return negative ? '-0' : '0';

  // Fast path: JavaScript rounds correctly too, but ties away from zero
  // where glibc rounds them to even. A tie at p digits shows as a 5 in the
  // (p+1)-th digit of the correctly rounded (p+1)-digit form; without one
  // the two agree.
  if (p <= 99) {
    const wider = a.toExponential(p);
    if (wider[wider.indexOf('e') - 1] !== '5') {
      const e = a.toExponential(p - 1);
      const at = e.indexOf('e');
      return layout(negative, e[0]! + e.slice(2, at), Number(e.slice(at + 1)), p);
    }
  }
  // Exact decimal expansion: a = D * 10^shift with D an integer.
  const [mant, exp2] = decompose(a);
  let digits: string;
  let shift: number;
  if (exp2 >= 0) {
    digits = (mant << BigInt(exp2)).toString();
    shift = 0;
  } else {
    digits = (mant * 5n ** BigInt(-exp2)).toString();
    shift = exp2;
  }
  // Round to p significant digits, ties to even.
  let x = digits.length - 1 + shift; // decimal exponent of the leading digit
  if (digits.length > p) {
    const head = digits.slice(0, p);
    const rest = digits.slice(p);
    const first = rest.charCodeAt(0) - 48;
    let up: boolean;
    if (first > 5) up = true;
    else if (first < 5) up = false;
    else if (/[1-9]/.test(rest.slice(1))) up = true;
    else up = (head.charCodeAt(head.length - 1) - 48) % 2 === 1; // exact tie
    let r = BigInt(head);
    if (up) r += 1n;
    digits = r.toString();
    if (digits.length > p) {
      digits = digits.slice(0, p);
      x += 1;
    }
  }
  return layout(negative, digits.padEnd(p, '0'), x, p);
}

/**
 * C's `%.<digits>f` for a double (glibc: the exact binary value rounded to
 * `digits` decimals, exact ties to even; `inf`, `-inf`, `nan`). Used for
 * `%f` in error texts and, with 17 digits, for Redis's "human" long double.
 */
export function formatFixed(v: number, digits: number): string {
  if (Number.isNaN(v)) return Object.is(Math.sign(v), -1) ? '-nan' : 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  const negative = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  let units: bigint; // a * 10^digits, rounded
  if (a === 0) units = 0n;
  else {
    const [mant, exp2] = decompose(a);
    const scaled = mant * 10n ** BigInt(digits);
    if (exp2 >= 0) units = scaled << BigInt(exp2);
    else {
      const den = 1n << BigInt(-exp2);
      units = scaled / den;
      const twice = (scaled % den) * 2n;
      if (twice > den || (twice === den && units % 2n === 1n)) units += 1n;
    }
  }
  const text = units.toString().padStart(digits + 1, '0');
  const body = digits === 0 ? text : `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
  return negative ? `-${body}` : body;
}

/**
 * Redis's "human" long double (ld2string LD_STR_HUMAN, what GEOPOS and
 * WITHCOORD send): `%.17Lf` with the trailing zeros and a bare dot removed,
 * and `-0` shown as `0`. A double is exact as a long double, so this is the
 * double's own exact value rounded to 17 decimals.
 */
export function formatHumanDouble(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  let s = formatFixed(v, 17);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/**
 * fixedpoint_d2string: a double with exactly `digits` decimals (1..17),
 * as Redis sends distances (GEODIST, WITHDIST: 4 decimals). The double is
 * scaled by 10^digits in double arithmetic and rounded with llrint (ties to
 * even), as Redis does, so the last digit can differ from `%.4f`.
 */
export function formatFixedPoint(v: number, digits: number): string {
  const zeros = '0'.repeat(digits);
  if (v === 0) return `0.${zeros}`;
  const scaled = v * 10 ** digits;
  let r = Math.round(scaled);
  // Math.round sends ties up; llrint sends them to the even neighbour.
  if (r - scaled === 0.5 && r % 2 !== 0) r -= 1;
  const negative = r < 0;
  const text = (negative ? BigInt(-r) : BigInt(r)).toString().padStart(digits + 1, '0');
  const body = `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}`;
  return negative ? `-${body}` : body;
}

/** `%g` layout of p significant digits with decimal exponent x. */
function layout(negative: boolean, digits: string, x: number, p: number): string {
  let body: string;
  if (x < -4 || x >= p) {
    // Exponential form: d.ddd…e±XX, trailing zeros removed.
    let frac = digits.slice(1).replace(/0+$/, '');
    frac = frac.length > 0 ? `.${frac}` : '';
    const ex = Math.abs(x);
    body = `${digits[0]}${frac}e${x < 0 ? '-' : '+'}${ex < 10 ? '0' : ''}${ex}`;
  } else if (x >= 0) {
    const int = digits.slice(0, x + 1);
    const frac = digits.slice(x + 1).replace(/0+$/, '');
    body = frac.length > 0 ? `${int}.${frac}` : int;
  } else {
    const frac = ('0'.repeat(-x - 1) + digits).replace(/0+$/, '');
    body = `0.${frac}`;
  }
  return negative ? `-${body}` : body;
}

/** A positive finite double as mantissa * 2^exponent with an integer mantissa. */
function decompose(a: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const fracHi = hi & 0xfffff;
  let mant = (BigInt(fracHi) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) {
    exp = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  return [mant, exp];
}

// ---- Parsing ---------------------------------------------------------------

const isSpace = (ch: number): boolean => ch === 32 || (ch >= 9 && ch <= 13);

export interface StrtodResult {
  readonly v: number;
  /** Index just past the parsed text; `from` when nothing was parsed. */
  readonly end: number;
  /** glibc's ERANGE: the value overflowed to infinity or underflowed to zero. */
  readonly erange: boolean;
}

const PLAIN_DEC_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const DEC_RE = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?/;
const HEX_RE = /^([+-]?)0[xX]((?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+))(?:[pP]([+-]?[0-9]+))?/;

/**
 * C's strtod (glibc): leading spaces, a sign, decimal or hexadecimal
 * floats, `inf`/`infinity`/`nan` in any case. Returns where parsing stopped.
 */
export function strtod(s: string, from = 0): StrtodResult {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  const rest = i === 0 ? s : s.slice(i);
  const hex = HEX_RE.exec(rest);
  if (hex !== null) return { ...hexValue(hex[1] === '-', hex[2]!, hex[3]), end: i + hex[0].length };
  const dec = DEC_RE.exec(rest);
  if (dec !== null) {
    const v = Number(dec[0]);
    const erange = !Number.isFinite(v) || (v === 0 && /[1-9]/.test(dec[0].split(/[eE]/)[0]!));
    return { v, end: i + dec[0].length, erange };
  }
  let j = 0;
  let neg = false;
  if (rest[0] === '+' || rest[0] === '-') {
    neg = rest[0] === '-';
    j = 1;
  }
  const word = rest.slice(j, j + 8).toLowerCase();
  if (word === 'infinity') return { v: neg ? -Infinity : Infinity, end: i + j + 8, erange: false };
  if (word.startsWith('inf')) return { v: neg ? -Infinity : Infinity, end: i + j + 3, erange: false };
  if (word.startsWith('nan')) {
    let end = i + j + 3;
    const m = /^\([0-9A-Za-z_]*\)/.exec(s.slice(end));
    if (m !== null) end += m[0].length;
    return { v: NaN, end, erange: false };
  }
  return { v: 0, end: from, erange: false };
}

function hexValue(neg: boolean, digits: string, exp: string | undefined): { v: number; erange: boolean } {
  const dot = digits.indexOf('.');
  const frac = dot < 0 ? 0 : digits.length - dot - 1;
  const all = dot < 0 ? digits : digits.slice(0, dot) + digits.slice(dot + 1);
  const m = BigInt(`0x${all.length === 0 ? '0' : all}`);
  let e = (exp === undefined ? 0 : Number(exp)) - 4 * frac;
  let v = Number(m);
  // Scale in steps so intermediate powers of two neither overflow nor vanish.
  while (e > 0 && Number.isFinite(v) && v !== 0) {
    const k = Math.min(e, 1000);
    v *= 2 ** k;
    e -= k;
  }
  while (e < 0 && v !== 0) {
    const k = Math.min(-e, 1000);
    v /= 2 ** k;
    e += k;
  }
  const erange = !Number.isFinite(v) || (v === 0 && m !== 0n);
  return { v: neg ? -v : v, erange };
}

/**
 * getDoubleFromObject: the whole argument must be a double; no leading
 * space, no NaN, no overflow or underflow to zero.
 */
export function parseStrictDouble(arg: string): number | null {
  if (PLAIN_DEC_RE.test(arg)) {
    // The common case: a plain decimal. Only an infinity, or a zero written
    // with a nonzero digit (an underflow), needs the range check.
    const v = Number(arg);
    if (Number.isFinite(v) && (v !== 0 || zeroMantissa(arg))) return v;
  }
  if (arg.length === 0 || isSpace(arg.charCodeAt(0))) return null;
  const r = strtod(arg);
  if (r.end !== arg.length || Number.isNaN(r.v)) return null;
  if (r.erange && (!Number.isFinite(r.v) || r.v === 0)) return null;
  return r.v;
}

/** True when every digit before the exponent is 0: the text is an exact zero, not an underflow. */
function zeroMantissa(text: string): boolean {
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 101 || c === 69) return true; // e, E
    if (c >= 49 && c <= 57) return false; // 1-9
  }
  return true;
}
