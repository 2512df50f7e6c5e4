/**
 * HyperLogLog values laid out byte for byte as Redis 7.0 lays them out, so
 * that GET, STRLEN, APPEND or DUMP of an HLL key show what Redis shows, and a
 * value written by Redis (SET of its bytes) works here.
 *
 * The value is a string:
 *
 *   - a 16-byte header: "HYLL", the encoding (0 dense, 1 sparse), three
 *     unused bytes, and the cached cardinality as 8 little-endian bytes whose
 *     top bit, when set, marks the cache stale;
 *   - dense: 16384 registers of 6 bits, packed from the low bits of byte 0,
 *     12288 bytes in all;
 *   - sparse: run-length opcodes over the registers, in order:
 *       ZERO  00llllll           1..64 registers at 0
 *       XZERO 01llllll llllllll  1..16384 registers at 0
 *       VAL   1vvvvvll           1..4 registers at value 1..32
 *     A new HLL is sparse (one XZERO); it turns dense when a register needs
 *     a value over 32 or the value would grow past `hll-sparse-max-bytes`.
 *
 * An element counts through a 64-bit MurmurHash2 (MurmurHash64A, seed
 * 0xadc83b19) of its bytes: the low 14 bits pick the register, and the
 * position of the lowest set bit of the rest (plus one) is the register's
 * candidate value. The cardinality estimate is Otmar Ertl's improved
 * estimator over the histogram of register values, as Redis computes it.
 */
import { fromBytes, toBytes } from '../../text/bytes';

export const HLL_REGISTERS = 16384;
const P = 14;
const Q = 64 - P;
export const HLL_HEADER = 16;
const DENSE_BYTES = (HLL_REGISTERS * 6) / 8;
export const HLL_DENSE_SIZE = HLL_HEADER + DENSE_BYTES;
const DENSE = 0;
const SPARSE = 1;
const VAL_MAX_VALUE = 32;
const VAL_MAX_LEN = 4;
const ZERO_MAX_LEN = 64;
const XZERO_MAX_LEN = 16384;
const ALPHA_INF = 0.7213475204444817; // 0.5 / ln(2), as a double

// ---- Hashing ------------------------------------------------------------------

// 64-bit arithmetic in two unsigned 32-bit halves (BigInt is about ten
// times slower here): `mul64` leaves its product in rHi:rLo.
const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;
const SEED = 0xadc83b19;
let rHi = 0;
let rLo = 0;

/** (aHi:aLo) * (bHi:bLo) mod 2^64, into rHi:rLo; the low halves multiply in 16-bit pieces to stay exact. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  let t = a0 * b0;
  const w0 = t & 0xffff;
  t = a1 * b0 + (t >>> 16);
  const w1 = t & 0xffff;
  const w2 = t >>> 16;
  t = a0 * b1 + w1;
  rLo = (((t & 0xffff) << 16) | w0) >>> 0;
  rHi = (a1 * b1 + w2 + (t >>> 16) + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)) >>> 0;
}

/**
 * MurmurHash64A (seed 0xadc83b19) over the bytes (code units) of a byte
 * string, as [high 32 bits, low 32 bits].
 */
export function murmurHash64A(s: string): [number, number] {
  const len = s.length;
  mul64(0, len, M_HI, M_LO);
  let hHi = rHi;
  let hLo = (rLo ^ SEED) >>> 0;
  const whole = len - (len & 7);
  let i = 0;
  for (; i < whole; i += 8) {
    const kLo = (s.charCodeAt(i) | (s.charCodeAt(i + 1) << 8) | (s.charCodeAt(i + 2) << 16) | (s.charCodeAt(i + 3) << 24)) >>> 0;
    const kHi = (s.charCodeAt(i + 4) | (s.charCodeAt(i + 5) << 8) | (s.charCodeAt(i + 6) << 16) | (s.charCodeAt(i + 7) << 24)) >>> 0;
    mul64(kHi, kLo, M_HI, M_LO); // k *= m
    mul64(rHi, (rLo ^ (rHi >>> 15)) >>> 0, M_HI, M_LO); // k ^= k >> 47; k *= m
    mul64((hHi ^ rHi) >>> 0, (hLo ^ rLo) >>> 0, M_HI, M_LO); // h ^= k; h *= m
    hHi = rHi;
    hLo = rLo;
  }
  const rest = len & 7;
  if (rest > 0) {
    for (let j = 0; j < rest; j++) {
      const byte = s.charCodeAt(i + j);
      if (j < 4) hLo = (hLo ^ (byte << (8 * j))) >>> 0;
      else hHi = (hHi ^ (byte << (8 * (j - 4)))) >>> 0;
    }
    mul64(hHi, hLo, M_HI, M_LO);
    hHi = rHi;
    hLo = rLo;
  }
  mul64(hHi, (hLo ^ (hHi >>> 15)) >>> 0, M_HI, M_LO); // h ^= h >> 47; h *= m
  return [rHi, (rLo ^ (rHi >>> 15)) >>> 0]; // h ^= h >> 47
}

/** The register an element goes to, and its candidate value (1..51). */
export function registerOf(element: string): { index: number; count: number } {
  const [hi, lo] = murmurHash64A(element);
  return registerOfHash(hi, lo);
}

/** registerOf for a 64-bit hash given as halves. */
export function registerOfHash(hi: number, lo: number): { index: number; count: number } {
  const index = lo & (HLL_REGISTERS - 1);
  // The remaining 50 bits, with bit 50 set so a run of zeros ends by then:
  // the value is 1 + the number of zeros below the lowest set bit.
  const low = ((lo >>> P) | (hi << (32 - P))) >>> 0;
  if (low !== 0) return { index, count: 1 + ctz(low) };
  const high = (hi >>> P) | (1 << (Q - 32));
  return { index, count: 33 + ctz(high) };
}

/** Trailing zero bits of a nonzero 32-bit value. */
const ctz = (x: number): number => 31 - Math.clz32(x & -x);

// ---- Opcodes of the sparse encoding ---------------------------------------------

const isZero = (op: number): boolean => (op & 0xc0) === 0;
const isXzero = (op: number): boolean => (op & 0xc0) === 0x40;
const isVal = (op: number): boolean => (op & 0x80) !== 0;
const zeroLen = (op: number): number => (op & 0x3f) + 1;
const xzeroLen = (op: number, next: number): number => (((op & 0x3f) << 8) | next) + 1;
const valValue = (op: number): number => ((op >> 2) & 0x1f) + 1;
const valLen = (op: number): number => (op & 0x3) + 1;
const valOp = (value: number, len: number): number => 0x80 | ((value - 1) << 2) | (len - 1);
const zeroOps = (len: number): number[] => (len > ZERO_MAX_LEN ? [0x40 | ((len - 1) >> 8), (len - 1) & 0xff] : [len - 1]);

/*
 * OVERFLOW: a VAL run reaching past register 16383 makes the value corrupt
 * when it is converted to dense or merged. Redis 7.0.15 as released stopped
 * reading there instead (and so accepted opcodes after 16384 registers);
 * the security fix for CVE-2025-32023, which distributions ship in their
 * 7.0.15 (Debian's among them), refuses them. This follows the fixed server.
 */

/**
 * Walks the runs of sparse opcodes in order: `run(first, len, value, op)`,
 * value 0 for ZERO and XZERO. Returns the number of registers covered; with
 * `bounded`, -1 as soon as a VAL run would go past the last register (see
 * OVERFLOW), before calling `run` for it.
 */
function walkRuns(
  ops: readonly number[],
  run: (first: number, len: number, value: number, op: 'zero' | 'xzero' | 'val') => void,
  bounded = true,
): number {
  let idx = 0;
  for (let p = 0; p < ops.length; ) {
    const op = ops[p]!;
    if (isZero(op)) {
      run(idx, zeroLen(op), 0, 'zero');
      idx += zeroLen(op);
      p++;
    } else if (isXzero(op)) {
      const len = xzeroLen(op, ops[p + 1] ?? 0);
      run(idx, len, 0, 'xzero');
      idx += len;
      p += 2;
    } else {
      const len = valLen(op);
      if (bounded && idx + len > HLL_REGISTERS) return -1;
      run(idx, len, valValue(op), 'val');
      idx += len;
      p++;
    }
  }
  return idx;
}

/** Result of setting a register: 1 changed, 0 unchanged, -1 the value is corrupt. */
export type SetResult = 1 | 0 | -1;

/**
 * A HyperLogLog being worked on: the header and either the sparse opcodes
 * or the dense registers, written back with `toString()`.
 */
export class Hll {
  /**
   * The string this HLL was read from or last written to, while it is dense
   * and was dense then: `toString()` rewrites only the register bytes
   * changed since ([dirtyLo, dirtyHi) of `dense`), not all 12 KB.
   */
  private denseSource: string | undefined;
  private dirtyLo = DENSE_BYTES;
  private dirtyHi = 0;

  private constructor(
    readonly header: Uint8Array,
    private sparse: number[] | undefined,
    private dense: Uint8Array | undefined,
  ) {}

  /** A new, empty HLL: sparse, one XZERO opcode per 16384 registers. */
  static empty(): Hll {
    const header = new Uint8Array(HLL_HEADER);
    header.set([0x48, 0x59, 0x4c, 0x4c, SPARSE]); // HYLL
    const ops: number[] = [];
    for (let left = HLL_REGISTERS; left > 0; left -= XZERO_MAX_LEN) ops.push(...zeroOps(Math.min(left, XZERO_MAX_LEN)));
    return new Hll(header, ops, undefined);
  }

  /**
   * Reads a string value as an HLL (isHLLObjectOrReply): undefined when it is
   * not one (too short, wrong magic, unknown encoding, dense of the wrong
   * length). A sparse value is not checked further here; its opcodes are,
   * as they are used.
   */
  static parse(value: string): Hll | undefined {
    if (value.length < HLL_HEADER) return undefined;
    if (!value.startsWith('HYLL')) return undefined;
    const encoding = value.charCodeAt(4);
    if (encoding > SPARSE) return undefined;
    if (encoding === DENSE && value.length !== HLL_DENSE_SIZE) return undefined;
    const header = toBytes(value.slice(0, HLL_HEADER));
    if (encoding === DENSE) {
      // One spare byte past the registers: the last register's high bits read (as 0) from there.
      const dense = new Uint8Array(DENSE_BYTES + 1);
      for (let i = 0; i < DENSE_BYTES; i++) dense[i] = value.charCodeAt(HLL_HEADER + i);
      const hll = new Hll(header, undefined, dense);
      hll.denseSource = value;
      return hll;
    }
    const ops = new Array<number>(value.length - HLL_HEADER);
    for (let i = 0; i < ops.length; i++) ops[i] = value.charCodeAt(HLL_HEADER + i);
    return new Hll(header, ops, undefined);
  }

  get encoding(): 'dense' | 'sparse' {
    return this.sparse === undefined ? 'dense' : 'sparse';
  }

  toString(): string {
    const source = this.denseSource;
    let out: string;
    if (this.dense !== undefined && source !== undefined) {
      const lo = this.dirtyLo;
      const hi = this.dirtyHi;
      out = fromBytes(this.header) + (lo < hi ? source.slice(HLL_HEADER, HLL_HEADER + lo) + fromBytes(this.dense.subarray(lo, hi)) + source.slice(HLL_HEADER + hi) : source.slice(HLL_HEADER));
    } else {
      const body = this.sparse !== undefined ? Uint8Array.from(this.sparse) : this.dense!.subarray(0, DENSE_BYTES);
      const bytes = new Uint8Array(HLL_HEADER + body.length);
      bytes.set(this.header);
      bytes.set(body, HLL_HEADER);
      out = fromBytes(bytes);
    }
    if (this.dense !== undefined) {
      this.denseSource = out;
      this.dirtyLo = DENSE_BYTES;
      this.dirtyHi = 0;
    }
    return out;
  }

  /** A dense register at `index` is raised to `count` if lower; the bytes it spans are remembered as changed. */
  private denseSet(index: number, count: number): 0 | 1 {
    if (denseSet(this.dense!, index, count) === 0) return 0;
    const byte = (index * 6) >> 3;
    if (byte < this.dirtyLo) this.dirtyLo = byte;
    if (byte + 2 > this.dirtyHi) this.dirtyHi = Math.min(byte + 2, DENSE_BYTES);
    return 1;
  }

  // ---- The cached cardinality ----

  invalidateCache(): void {
    this.header[15]! |= 0x80;
  }

  /** The cached cardinality, or undefined when it is stale. */
  cachedCount(): bigint | undefined {
    if ((this.header[15]! & 0x80) !== 0) return undefined;
    let v = 0n;
    for (let i = 15; i >= 8; i--) v = (v << 8n) | BigInt(this.header[i]!);
    return v;
  }

  setCachedCount(v: bigint): void {
    for (let i = 8; i < 16; i++) {
      this.header[i] = Number(v & 0xffn);
      v >>= 8n;
    }
  }

  // ---- Adding ----

  /** PFADD of one element. */
  add(element: string, sparseMaxBytes: number): SetResult {
    const { index, count } = registerOf(element);
    return this.set(index, count, sparseMaxBytes);
  }

  /** Raises register `index` to `count` if it is lower. */
  set(index: number, count: number, sparseMaxBytes: number): SetResult {
    if (this.sparse !== undefined) return this.sparseSet(index, count, sparseMaxBytes);
    return this.denseSet(index, count);
  }

  /** Converts to the dense encoding; false when the sparse opcodes are corrupt. */
  toDense(): boolean {
    const ops = this.sparse;
    if (ops === undefined) return true;
    const dense = new Uint8Array(DENSE_BYTES + 1);
    const idx = walkRuns(ops, (first, len, value) => {
      if (value !== 0) for (let k = 0; k < len; k++) setRegister(dense, first + k, value);
    });
    if (idx !== HLL_REGISTERS) return false;
    this.sparse = undefined;
    this.dense = dense;
    this.header[4] = DENSE;
    return true;
  }

  /**
   * Sets a register in the sparse encoding (hllSparseSet): finds the opcode
   * covering it, splits that run around it, merges neighbouring VAL runs of
   * equal value, and turns dense when the value does not fit a VAL opcode
   * or the encoding would outgrow `sparseMaxBytes`.
   */
  private sparseSet(index: number, count: number, sparseMaxBytes: number): SetResult {
    const ops = this.sparse!;
    if (count > VAL_MAX_VALUE) return this.promote(index, count);
    // The opcode covering the register: its position, first register, span.
    let p = 0;
    let prev = -1;
    let first = 0;
    let span = 0;
    let oplen = 1;
    while (p < ops.length) {
      const op = ops[p]!;
      oplen = 1;
      if (isZero(op)) span = zeroLen(op);
      else if (isVal(op)) span = valLen(op);
      else {
        span = xzeroLen(op, ops[p + 1] ?? 0);
        oplen = 2;
      }
      if (index <= first + span - 1) break;
      prev = p;
      p += oplen;
      first += span;
    }
    if (span === 0 || p >= ops.length) return -1;
    const op = ops[p]!;
    const last = first + span - 1;
    if (isVal(op)) {
      if (valValue(op) >= count) return 0;
      if (span === 1) {
        ops[p] = valOp(count, 1);
        return this.sparseUpdated(prev);
      }
    } else if (isZero(op) && span === 1) {
      ops[p] = valOp(count, 1);
      return this.sparseUpdated(prev);
    }
    // Split the run: [before] VAL(count) [after].
    const seq: number[] = [];
    if (isVal(op)) {
      const v = valValue(op);
      if (index !== first) seq.push(valOp(v, index - first));
      seq.push(valOp(count, 1));
      if (index !== last) seq.push(valOp(v, last - index));
    } else {
      if (index !== first) seq.push(...zeroOps(index - first));
      seq.push(valOp(count, 1));
      if (index !== last) seq.push(...zeroOps(last - index));
    }
    const grow = seq.length - oplen;
    if (grow > 0 && HLL_HEADER + ops.length + grow > sparseMaxBytes) return this.promote(index, count);
    ops.splice(p, oplen, ...seq);
    return this.sparseUpdated(prev);
  }

  /**
   * After a sparse update: merges adjacent VAL opcodes of the same value
   * (up to 4 registers each), looking at up to five opcodes from the one
   * before the change; then marks the cached count stale.
   */
  private sparseUpdated(prev: number): 1 {
    const ops = this.sparse!;
    let p = prev >= 0 ? prev : 0;
    for (let scans = 5; p < ops.length && scans > 0; scans--) {
      const op = ops[p]!;
      if (isXzero(op)) {
        p += 2;
        continue;
      }
      if (isZero(op)) {
        p++;
        continue;
      }
      const next = ops[p + 1];
      if (next !== undefined && isVal(next) && valValue(op) === valValue(next)) {
        const len = valLen(op) + valLen(next);
        if (len <= VAL_MAX_LEN) {
          ops[p + 1] = valOp(valValue(op), len);
          ops.splice(p, 1);
          continue; // try the merged run against the next one
        }
      }
      p++;
    }
    this.invalidateCache();
    return 1;
  }

  private promote(index: number, count: number): SetResult {
    if (!this.toDense()) return -1;
    return this.denseSet(index, count);
  }

  // ---- Reading ----

  /** Raises max[i] to each register's value; false when corrupt (hllMerge). */
  mergeInto(max: Uint8Array): boolean {
    if (this.dense !== undefined) {
      for (let i = 0; i < HLL_REGISTERS; i++) {
        const v = getRegister(this.dense, i);
        if (v > max[i]!) max[i] = v;
      }
      return true;
    }
    const covered = walkRuns(this.sparse!, (first, len, value) => {
      if (value !== 0) for (let i = first; i < first + len; i++) if (value > max[i]!) max[i] = value;
    });
    return covered === HLL_REGISTERS;
  }

  /** The estimated cardinality; undefined when the sparse opcodes are corrupt. */
  count(): bigint | undefined {
    const histogram = new Array<number>(64).fill(0);
    if (this.dense !== undefined) {
      for (let i = 0; i < HLL_REGISTERS; i++) histogram[getRegister(this.dense, i)]!++;
    } else {
      // Unlike a conversion, the histogram reads every run, past the last register too.
      const idx = walkRuns(this.sparse!, (_first, len, value) => {
        histogram[value]! += len;
      }, false);
      if (idx !== HLL_REGISTERS) return undefined;
    }
    return estimate(histogram);
  }

  /** Every register's value (PFDEBUG GETREG, after `toDense`). */
  registers(): number[] {
    const out = new Array<number>(HLL_REGISTERS);
    if (this.dense !== undefined) for (let i = 0; i < HLL_REGISTERS; i++) out[i] = getRegister(this.dense, i);
    return out;
  }

  /** The sparse opcodes as PFDEBUG DECODE prints them (`z:3 Z:200 v:5,2`). */
  decode(): string {
    const parts: string[] = [];
    walkRuns(this.sparse ?? [], (_first, len, value, op) => {
      parts.push(value !== 0 ? `v:${value},${len}` : `${op === 'xzero' ? 'Z' : 'z'}:${len}`);
    }, false);
    return parts.join(' ');
  }
}

// ---- Dense registers --------------------------------------------------------------

function getRegister(r: Uint8Array, i: number): number {
  const bit = i * 6;
  const byte = bit >> 3;
  const shift = bit & 7;
  return ((r[byte]! >> shift) | (r[byte + 1]! << (8 - shift))) & 63;
}

function setRegister(r: Uint8Array, i: number, v: number): void {
  const bit = i * 6;
  const byte = bit >> 3;
  const shift = bit & 7;
  r[byte] = (r[byte]! & ~(63 << shift)) | (v << shift);
  r[byte + 1] = (r[byte + 1]! & ~(63 >> (8 - shift))) | (v >> (8 - shift));
}

function denseSet(r: Uint8Array, index: number, count: number): 0 | 1 {
  if (count <= getRegister(r, index)) return 0;
  setRegister(r, index, count);
  return 1;
}

/** PFCOUNT over several keys: the estimate of registers merged into `max`. */
export function countRegisters(max: Uint8Array): bigint {
  const histogram = new Array<number>(64).fill(0);
  for (let i = 0; i < HLL_REGISTERS; i++) histogram[max[i]!]!++;
  return estimate(histogram);
}

// ---- The estimator (Ertl, "New cardinality estimation algorithms for HyperLogLog sketches") ----

function sigma(x: number): number {
  if (x === 1) return Infinity;
  let y = 1;
  let z = x;
  for (;;) {
    x *= x;
    const before = z;
    z += x * y;
    y += y;
    if (z === before) return z;
  }
}

function tau(x: number): number {
  if (x === 0 || x === 1) return 0;
  let y = 1;
  let z = 1 - x;
  for (;;) {
    x = Math.sqrt(x);
    const before = z;
    y *= 0.5;
    const d = 1 - x;
    z -= d * d * y;
    if (z === before) return z / 3;
  }
}

function estimate(histogram: readonly number[]): bigint {
  const m = HLL_REGISTERS;
  let z = m * tau((m - histogram[Q + 1]!) / m);
  for (let j = Q; j >= 1; j--) {
    z += histogram[j]!;
    z *= 0.5;
  }
  z += m * sigma(histogram[0]! / m);
  const e = Math.round((ALPHA_INF * m * m) / z);
  return Number.isFinite(e) ? BigInt(e) : 0n;
}
