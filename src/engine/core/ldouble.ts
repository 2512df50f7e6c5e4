/**
 * Redis's `long double` arithmetic, as the x86-64 builds of Redis do it
 * (INCRBYFLOAT, HINCRBYFLOAT): 80-bit x87 extended precision, a 64-bit
 * significand and a 15-bit exponent, emulated exactly with BigInt.
 *
 * Why emulate: with doubles, `INCRBYFLOAT k 0.1` then `0.2` would print
 * `0.30000000000000004`; Redis prints `0.3`, and `1e400` is a finite value
 * for it. Parsing follows glibc's strtold as Redis's string2ld uses it
 * (decimal and hex floats, inf/infinity; NaN, spaces, overflow and underflow
 * to zero are rejected) and printing follows ld2string's human mode
 * (`%.17Lf`, then trailing zeros and a trailing dot removed, `-0` -> `0`).
 * Every result is correctly rounded (round half to even), as the FPU and
 * glibc do, so the digits match the real server bit for bit.
 */

/** A finite extended value: (-1)^neg * m * 2^e, with m < 2^64; or an infinity. */
export interface LongDouble {
  readonly neg: boolean;
  readonly inf: boolean;
  readonly m: bigint;
  readonly e: number;
}

/** Smallest exponent (of the unit in the last place), shared by subnormals and the smallest normals. */
const E_MIN = -16445;
/** Largest exponent of a finite value: (2^64 - 1) * 2^16320 is the maximum. */
const E_MAX = 16320;
const TWO64 = 1n << 64n;
const TWO63 = 1n << 63n;

const ZERO: LongDouble = { neg: false, inf: false, m: 0n, e: 0 };

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * Rounds the exact positive rational num / den * 2^shift to the nearest
 * extended value (ties to even). Returns undefined on overflow.
 */
function roundRational(neg: boolean, num: bigint, den: bigint, shift: number): LongDouble | undefined {
  if (num === 0n) return { neg, inf: false, m: 0n, e: 0 };
  // Choose e so that num/den * 2^(shift - e) lies in [2^63, 2^64).
  let e = shift + bitLength(num) - bitLength(den) - 64;
  const scaled = (exp: number): [bigint, bigint] => {
    const k = shift - exp;
    return k >= 0 ? [num << BigInt(k), den] : [num, den << BigInt(-k)];
  };
  let [n, d] = scaled(e);
  let q = n / d;
  if (q >= TWO64) {
    e++;
    [n, d] = scaled(e);
    q = n / d;
  } else if (q < TWO63) {
    e--;
    [n, d] = scaled(e);
    q = n / d;
  }
  if (e < E_MIN) {
    e = E_MIN;
    [n, d] = scaled(e);
    q = n / d;
  }
  const r2 = (n - q * d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) q++;
  if (q === TWO64) {
    q = TWO63;
    e++;
  }
  if (e > E_MAX) return undefined;
  return { neg, inf: false, m: q, e };
}

const DEC_RE = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/;
const INF_RE = /^([+-]?)(?:inf|infinity)$/i;

/** Longest input Redis accepts (MAX_LONG_DOUBLE_CHARS). */
const MAX_CHARS = 5 * 1024;

/**
 * Parses a byte string as Redis's string2ld does. Returns undefined when
 * Redis would reply 'ERR value is not a valid float'.
 */
export function parseLongDouble(s: string): LongDouble | undefined {
  if (s.length === 0 || s.length >= MAX_CHARS) return undefined;
  let m = DEC_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2]!;
    const frac = m[3] ?? '';
    if (intPart.length + frac.length === 0) return undefined;
    let digits = (intPart + frac).replace(/^0+/, '');
    if (digits === '') return { ...ZERO, neg };
    let exp10 = -frac.length;
    const trailing = digits.length - digits.replace(/0+$/, '').length;
    if (trailing > 0) {
      digits = digits.slice(0, digits.length - trailing);
      exp10 += trailing;
    }
    const expText = m[4];
    if (expText !== undefined) {
      // Exponents far outside the range are clamped: the value is 0 or inf either way.
      const x = Number(expText);
      exp10 += Math.max(-100000, Math.min(100000, x));
    }
    const magnitude = exp10 + digits.length; // value < 10^magnitude, >= 10^(magnitude-1)
    if (magnitude - 1 > 4933) return undefined; // overflow (>= 1e4933)
    if (magnitude < -4960) return undefined; // underflows to zero: rejected
    const mant = BigInt(digits);
    const r = exp10 >= 0 ? roundRational(neg, mant * 10n ** BigInt(exp10), 1n, 0) : roundRational(neg, mant, 10n ** BigInt(-exp10), 0);
    if (r === undefined || r.m === 0n) return undefined;
    return r;
  }
  m = HEX_RE.exec(s);
  if (m !== null) {
    const neg = m[1] === '-';
    const intPart = m[2]!;
    const frac = m[3] ?? '';
    if (intPart.length + frac.length === 0) return undefined;
    const mant = BigInt(`0x${intPart}${frac}`);
    if (mant === 0n) return { ...ZERO, neg };
    let exp2 = -4 * frac.length;
    if (m[4] !== undefined) exp2 += Math.max(-100000, Math.min(100000, Number(m[4])));
    const magnitude = exp2 + bitLength(mant);
    if (magnitude > 16400) return undefined;
    if (magnitude < -16600) return undefined;
    const r = roundRational(neg, mant, 1n, exp2);
    if (r === undefined || r.m === 0n) return undefined;
    return r;
  }
  m = INF_RE.exec(s);
  if (m !== null) return { neg: m[1] === '-', inf: true, m: 0n, e: 0 };
  return undefined;
}

/** a + b, correctly rounded; an infinity when the sum overflows. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.inf || b.inf) {
    // inf + -inf is NaN; callers reject both, so report it as an infinity.
    return a.inf ? a : b;
  }
  if (a.m === 0n) return b.m === 0n ? { ...ZERO, neg: a.neg && b.neg } : b;
  if (b.m === 0n) return a;
  const e = Math.min(a.e, b.e);
  const va = (a.neg ? -a.m : a.m) << BigInt(a.e - e);
  const vb = (b.neg ? -b.m : b.m) << BigInt(b.e - e);
  const sum = va + vb;
  if (sum === 0n) return ZERO;
  const neg = sum < 0n;
  return roundRational(neg, neg ? -sum : sum, 1n, e) ?? { neg, inf: true, m: 0n, e: 0 };
}

/** True for infinities (Redis refuses to store them: 'increment would produce NaN or Infinity'). */
export function isInfinite(v: LongDouble): boolean {
  return v.inf;
}

/**
 * Redis's human-friendly long double text (ld2string with LD_STR_HUMAN):
 * `%.17Lf` with trailing zeros and a trailing dot removed, `-0` as `0`,
 * infinities as `inf` / `-inf`.
 */
export function formatLongDouble(v: LongDouble): string {
  if (v.inf) return v.neg ? '-inf' : 'inf';
  const P = 10n ** 17n;
  let q: bigint;
  if (v.e >= 0) {
    q = (v.m << BigInt(v.e)) * P;
  } else {
    const num = v.m * P;
    const den = 1n << BigInt(-v.e);
    q = num / den;
    const r2 = (num - q * den) * 2n;
    if (r2 > den || (r2 === den && (q & 1n) === 1n)) q++;
  }
  let digits = q.toString().padStart(18, '0');
  let text = `${digits.slice(0, -17)}.${digits.slice(-17)}`;
  text = text.replace(/0+$/, '').replace(/\.$/, '');
  digits = text;
  if (v.neg && digits !== '0') return `-${digits}`;
  return digits;
}

/** Converts a JS number (a double) exactly. */
export function fromNumber(x: number): LongDouble {
  if (!Number.isFinite(x)) return { neg: x < 0, inf: true, m: 0n, e: 0 };
  if (x === 0) return { ...ZERO, neg: Object.is(x, -0) };
  const neg = x < 0;
  let a = Math.abs(x);
  let e = 0;
  while (a < 2 ** 52) {
    a *= 2;
    e--;
  }
  while (a >= 2 ** 53) {
    a /= 2;
    e++;
  }
  return roundRational(neg, BigInt(a), 1n, e) ?? { neg, inf: true, m: 0n, e: 0 };
}

/** The nearest double (for callers that need a plain number, such as a sorted set score). */
export function toNumber(v: LongDouble): number {
  if (v.inf) return v.neg ? -Infinity : Infinity;
  if (v.m === 0n) return v.neg ? -0 : 0;
  let text: string;
  if (v.e >= 0) {
    text = (v.m << BigInt(v.e)).toString();
  } else {
    // m / 2^-e = m * 5^-e / 10^-e: an exact decimal, which Number() rounds correctly.
    const k = -v.e;
    text = `${(v.m * 5n ** BigInt(k)).toString()}e-${k}`;
  }
  const x = Number(text);
  return v.neg ? -x : x;
}
