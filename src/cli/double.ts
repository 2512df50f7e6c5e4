/**
 * C's `printf("%.17g", d)` as glibc prints it, which is how Redis 7.0 sends a
 * double (ZSCORE, ZINCRBY, RESP3 `,` replies) and therefore what redis-cli
 * shows. JavaScript's own number formatting differs (`0.1` vs
 * `0.10000000000000001`, `1e+21` vs `1e21`), so the digits are computed
 * exactly with BigInt and rounded half-to-even like glibc.
 */

const SIG = 17;

/** Redis's text for a double reply: `inf`, `-inf`, `nan`, else `%.17g`. */
export function redisDouble(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isNaN(v)) return 'nan';
  return formatG(v, SIG);
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
