/**
 * Bitmap commands (Redis 7.0's bitops.c semantics): SETBIT, GETBIT, BITCOUNT,
 * BITPOS, BITOP, BITFIELD, BITFIELD_RO. Strings are byte strings (one char
 * per byte); bit 0 is the most significant bit of byte 0.
 */
import type { Ctx, HandlersFor } from '../core/command';
import type { EntryOf } from '../core/entry';
import { markRaw } from '../core/encoding';
import { E } from '../core/errors';
import { NOTIFY, notify } from '../core/notify';
import { track } from '../core/changes';
import { RedisError, is, parseInt64Arg } from '../core/parse';
import { parseInt64 } from '../../text/int';
import { NIL, ONE, ZERO, array, int, type Reply } from '../core/reply';
import { MAX_ALLOC, MAX_STRING, storeString } from '../core/strings';
import type { bitmapSpecs } from '../spec/bitmap';

export const bitmapCommands: HandlersFor<typeof bitmapSpecs> = {
  setbit, getbit,
  bitcount, bitpos, bitop,
  bitfield: (c) => bitfield(c, false),
  bitfield_ro: (c) => bitfield(c, true),
};

/** Bytes 0..255 -> number of set bits. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

/**
 * A bit offset argument (getBitOffsetFromArgument). With `bits` > 0 a
 * leading '#' multiplies the number by the field width (BITFIELD).
 */
export function parseBitOffset(arg: string, bits = 0): number {
  const hash = bits > 0 && arg.charCodeAt(0) === 35;
  const v = parseInt64(hash ? arg.slice(1) : arg);
  if (v === null) throw new RedisError(E.BIT_OFFSET);
  const off = hash ? BigInt.asIntN(64, v * BigInt(bits)) : v;
  if (off < 0n || off >> 3n >= BigInt(MAX_STRING)) throw new RedisError(E.BIT_OFFSET);
  return Number(off);
}

/** Replaces `n` bytes at `at` of a byte string. */
function splice(s: string, at: number, bytes: string): string {
  return s.slice(0, at) + bytes + s.slice(at + bytes.length);
}

/**
 * The string at argv[1] for a bit write touching bits up to `maxbit`
 * (lookupStringForBitCommand): created or zero-padded as needed. `dirty` is
 * true when the key was created or grown.
 */
function stringForBits(c: Ctx, maxbit: number): { e: EntryOf<'string'>; dirty: boolean; created: boolean } {
  const key = c.argv[1]!;
  const need = Math.floor(maxbit / 8) + 1;
  const e = c.db.getForWrite(key, 'string');
  const old = e?.value.length ?? 0;
  if (need > old) {
    if (need > MAX_ALLOC) throw new RedisError(E.OOM);
    c.engine.memory.checkGrowth(need - old);
  }
  if (e === undefined) {
    const entry: EntryOf<'string'> = { type: 'string', value: '\0'.repeat(need) };
    markRaw(entry);
    c.db.add(key, entry);
    return { e: entry, dirty: true, created: true };
  }
  markRaw(e);
  if (need > old) {
    e.value += '\0'.repeat(need - old);
    track(c, key)?.range(old, need);
    return { e, dirty: true, created: false };
  }
  return { e, dirty: false, created: false };
}

function setbit(c: Ctx): Reply {
  const offset = parseBitOffset(c.argv[2]!);
  const on = parseInt64Arg(c.argv[3]!, E.BIT_VALUE);
  if (on !== 0n && on !== 1n) throw new RedisError(E.BIT_VALUE);
  const { e, dirty, created } = stringForBits(c, offset);
  const byte = offset >> 3;
  const mask = 1 << (7 - (offset & 7));
  const old = e.value.charCodeAt(byte);
  const was = (old & mask) !== 0;
  if (dirty || was !== (on === 1n)) {
    const next = on === 1n ? old | mask : old & ~mask;
    e.value = splice(e.value, byte, String.fromCharCode(next));
    track(c, c.argv[1]!)?.range(byte, byte + 1);
    // A new key was already reported as written when it was added.
    if (!created) c.db.modified(c.argv[1]!);
    notify(c, NOTIFY.STRING, 'setbit', c.argv[1]!);
  }
  return was ? ONE : ZERO;
}

function getbit(c: Ctx): Reply {
  const offset = parseBitOffset(c.argv[2]!);
  const s = c.db.get(c.argv[1]!, 'string')?.value;
  if (s === undefined) return ZERO;
  const byte = offset >> 3;
  if (byte >= s.length) return ZERO;
  return (s.charCodeAt(byte) & (1 << (7 - (offset & 7)))) !== 0 ? ONE : ZERO;
}

/**
 * BITCOUNT and BITPOS ranges, normalised as Redis does: negative indexes
 * count from the end, then both ends are clamped. Returns the inclusive bit
 * range [from, to] (to < from when empty).
 */
function bitRange(start: bigint, end: bigint, len: number, isBit: boolean): [number, number] {
  const total = BigInt(isBit ? len * 8 : len);
  if (start < 0n) start += total;
  if (end < 0n) end += total;
  if (start < 0n) start = 0n;
  if (end < 0n) end = 0n;
  if (end >= total) end = total - 1n;
  if (start > end) return [1, 0];
  const s = Number(start);
  const e = Number(end);
  return isBit ? [s, e] : [s * 8, e * 8 + 7];
}

function unitArg(arg: string | undefined): boolean {
  if (arg === undefined || is(arg, 'BYTE')) return false;
  if (is(arg, 'BIT')) return true;
  throw new RedisError(E.SYNTAX);
}

function bitcount(c: Ctx): Reply {
  const s = c.db.get(c.argv[1]!, 'string')?.value;
  if (s === undefined) return ZERO;
  const n = c.argv.length;
  let from = 0;
  let to = s.length * 8 - 1;
  if (n === 4 || n === 5) {
    const start = parseInt64Arg(c.argv[2]!);
    const end = parseInt64Arg(c.argv[3]!);
    if (start < 0n && end < 0n && start > end) return ZERO;
    [from, to] = bitRange(start, end, s.length, unitArg(c.argv[4]));
  } else if (n !== 2) {
    throw new RedisError(E.SYNTAX);
  }
  return int(countBits(s, from, to));
}

/** Number of set bits in the inclusive bit range [from, to]. */
export function countBits(s: string, from: number, to: number): number {
  if (from > to) return 0;
  const b0 = from >> 3;
  const b1 = to >> 3;
  let count = 0;
  for (let i = b0; i <= b1; i++) count += POPCOUNT[s.charCodeAt(i)]!;
  // Take away the bits outside the range in the first and last bytes.
  const headMask = (0xff << (8 - (from & 7))) & 0xff;
  const tailMask = (1 << (7 - (to & 7))) - 1;
  count -= POPCOUNT[s.charCodeAt(b0) & headMask]!;
  count -= POPCOUNT[s.charCodeAt(b1) & tailMask]!;
  return count;
}

/** The first bit equal to `bit` in the inclusive bit range [from, to], or -1. */
export function findBit(s: string, bit: 0 | 1, from: number, to: number): number {
  const skip = bit === 1 ? 0 : 0xff;
  let i = from;
  while (i <= to) {
    if ((i & 7) === 0 && i + 7 <= to && s.charCodeAt(i >> 3) === skip) {
      i += 8;
      continue;
    }
    const v = (s.charCodeAt(i >> 3) >> (7 - (i & 7))) & 1;
    if (v === bit) return i;
    i++;
  }
  return -1;
}

function bitpos(c: Ctx): Reply {
  const b = parseInt64Arg(c.argv[2]!);
  if (b !== 0n && b !== 1n) throw new RedisError(E.BITPOS_BIT);
  const bit = b === 1n ? 1 : 0;
  const s = c.db.get(c.argv[1]!, 'string')?.value;
  if (s === undefined) return int(bit === 1 ? -1 : 0);
  const n = c.argv.length;
  let from = 0;
  let to = s.length * 8 - 1;
  let endGiven = false;
  if (n >= 4 && n <= 6) {
    const start = parseInt64Arg(c.argv[3]!);
    const isBit = n === 6 ? unitArg(c.argv[5]) : false;
    let end: bigint;
    if (n >= 5) {
      end = parseInt64Arg(c.argv[4]!);
      endGiven = true;
    } else {
      end = BigInt(isBit ? s.length * 8 + 7 : s.length - 1);
    }
    [from, to] = bitRange(start, end, s.length, isBit);
  } else if (n !== 3) {
    throw new RedisError(E.SYNTAX);
  }
  if (from > to) return int(-1);
  const pos = findBit(s, bit, from, to);
  if (pos !== -1) return int(pos);
  // Looking for a clear bit without an explicit end: the string is taken as
  // padded with zeros on the right, so the answer is the first bit past it.
  if (bit === 0 && !endGiven) return int(((to >> 3) + 1) * 8);
  return int(-1);
}

function bitop(c: Ctx): Reply {
  const op = c.argv[1]!.toUpperCase();
  if (op !== 'AND' && op !== 'OR' && op !== 'XOR' && op !== 'NOT') throw new RedisError(E.SYNTAX);
  if (op === 'NOT' && c.argv.length !== 4) throw new RedisError(E.BITOP_NOT_ONE_KEY);
  const dest = c.argv[2]!;
  const srcs: string[] = [];
  let maxlen = 0;
  for (let j = 3; j < c.argv.length; j++) {
    const v = c.db.get(c.argv[j]!, 'string')?.value ?? '';
    srcs.push(v);
    if (v.length > maxlen) maxlen = v.length;
  }
  if (maxlen === 0) {
    if (c.db.delete(dest)) notify(c, NOTIFY.GENERIC, 'del', dest);
    return ZERO;
  }
  const out: string[] = [];
  const CHUNK = 8192;
  let buf = new Uint8Array(Math.min(CHUNK, maxlen));
  for (let base = 0; base < maxlen; base += CHUNK) {
    const n = Math.min(CHUNK, maxlen - base);
    if (buf.length !== n) buf = new Uint8Array(n);
    for (let k = 0; k < n; k++) {
      const j = base + k;
      const first = srcs[0]!;
      let o = j < first.length ? first.charCodeAt(j) : 0;
      if (op === 'NOT') o = ~o & 0xff;
      for (let i = 1; i < srcs.length; i++) {
        const s = srcs[i]!;
        const byte = j < s.length ? s.charCodeAt(j) : 0;
        if (op === 'AND') o &= byte;
        else if (op === 'OR') o |= byte;
        else o ^= byte;
      }
      buf[k] = o;
    }
    out.push(String.fromCharCode.apply(null, Array.from(buf)));
  }
  storeString(c.db, dest, out.join(''));
  const e = c.db.peek(dest);
  if (e !== undefined) markRaw(e);
  notify(c, NOTIFY.STRING, 'set', dest);
  return int(maxlen);
}

// ---- BITFIELD ---------------------------------------------------------------

type Overflow = 'WRAP' | 'SAT' | 'FAIL';

interface FieldOp {
  op: 'GET' | 'SET' | 'INCRBY';
  offset: number;
  bits: number;
  signed: boolean;
  value: bigint;
  overflow: Overflow;
}

function fieldType(arg: string): { signed: boolean; bits: number } {
  const t = arg.charCodeAt(0);
  const signed = t === 105; // 'i'
  if (!signed && t !== 117) throw new RedisError(E.BITFIELD_TYPE); // 'u'
  const n = parseInt64(arg.slice(1));
  if (n === null || n < 1n || (signed && n > 64n) || (!signed && n > 63n)) throw new RedisError(E.BITFIELD_TYPE);
  return { signed, bits: Number(n) };
}

/** Reads `bits` bits at bit `offset` as an unsigned number (bytes past the end read as 0). */
export function getField(s: string, offset: number, bits: number): bigint {
  let v = 0n;
  for (let j = 0; j < bits; j++) {
    const i = offset + j;
    const byte = i >> 3;
    const b = byte < s.length ? (s.charCodeAt(byte) >> (7 - (i & 7))) & 1 : 0;
    v = (v << 1n) | BigInt(b);
  }
  return v;
}

/** Writes the low `bits` bits of `value` at bit `offset` (the string is long enough). */
export function setField(s: string, offset: number, bits: number, value: bigint): string {
  const b0 = offset >> 3;
  const b1 = (offset + bits - 1) >> 3;
  const bytes: number[] = [];
  for (let b = b0; b <= b1; b++) bytes.push(s.charCodeAt(b));
  const u = BigInt.asUintN(bits, value);
  for (let j = 0; j < bits; j++) {
    const i = offset + j;
    const bit = Number((u >> BigInt(bits - 1 - j)) & 1n);
    const k = (i >> 3) - b0;
    const mask = 1 << (7 - (i & 7));
    bytes[k] = bit ? bytes[k]! | mask : bytes[k]! & ~mask;
  }
  return splice(s, b0, String.fromCharCode(...bytes));
}

/**
 * The value to store for `value + incr` in a field of the given width, or
 * undefined when it overflows under FAIL. `overflowed` tells whether the
 * limits were crossed.
 */
function fitField(value: bigint, incr: bigint, bits: number, signed: boolean, ow: Overflow): bigint | undefined {
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -max - 1n : 0n;
  const sum = value + incr;
  let over: boolean;
  if (signed) {
    // checkSignedBitfieldOverflow works in int64: max - value wraps for a
    // value within `max` of INT64_MIN, and that counts as an overflow (so
    // SET i16 with -9223372036854775808 saturates to the maximum).
    const maxincr = BigInt.asIntN(64, max - value);
    const minincr = BigInt.asIntN(64, min - value);
    const wide = bits === 64;
    if (value > max || (!wide && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) over = true;
    else if (value < min || (!wide && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) over = false;
    else return sum;
  } else {
    if (sum >= min && sum <= max) return sum;
    over = sum > max;
  }
  if (ow === 'FAIL') return undefined;
  if (ow === 'SAT') return over ? max : min;
  return signed ? BigInt.asIntN(bits, sum) : BigInt.asUintN(bits, sum);
}

function bitfield(c: Ctx, readonlyCmd: boolean): Reply {
  const ops: FieldOp[] = [];
  let overflow: Overflow = 'WRAP';
  let readonly = true;
  let highest = 0;
  const argv = c.argv;
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j]!;
    let op: FieldOp['op'];
    if (is(sub, 'GET') && rem >= 2) op = 'GET';
    else if (is(sub, 'SET') && rem >= 3) op = 'SET';
    else if (is(sub, 'INCRBY') && rem >= 3) op = 'INCRBY';
    else if (is(sub, 'OVERFLOW') && rem >= 1) {
      const t = argv[++j]!;
      if (is(t, 'WRAP')) overflow = 'WRAP';
      else if (is(t, 'SAT')) overflow = 'SAT';
      else if (is(t, 'FAIL')) overflow = 'FAIL';
      else throw new RedisError(E.BITFIELD_OVERFLOW);
      continue;
    } else {
      throw new RedisError(E.SYNTAX);
    }
    const { signed, bits } = fieldType(argv[j + 1]!);
    const offset = parseBitOffset(argv[j + 2]!, bits);
    let value = 0n;
    if (op !== 'GET') {
      readonly = false;
      if (offset + bits - 1 > highest) highest = offset + bits - 1;
      value = parseInt64Arg(argv[j + 3]!);
    }
    ops.push({ op, offset, bits, signed, value, overflow });
    j += op === 'GET' ? 2 : 3;
  }

  if (readonly) {
    const s = c.db.get(argv[1]!, 'string')?.value ?? '';
    return array(ops.map((o) => bigReply(readField(s, o))));
  }
  if (readonlyCmd) throw new RedisError(E.BITFIELD_RO);
  const { e, dirty, created } = stringForBits(c, highest);
  const replies: Reply[] = [];
  let changes = 0;
  for (const o of ops) {
    if (o.op === 'GET') {
      replies.push(bigReply(readField(e.value, o)));
      continue;
    }
    const old = readField(e.value, o);
    let next: bigint | undefined;
    if (o.op === 'INCRBY') {
      next = fitField(old, o.value, o.bits, o.signed, o.overflow);
    } else {
      // SET: an unsigned field sees the value as C's uint64 cast would.
      const v = o.signed ? o.value : BigInt.asUintN(64, o.value);
      next = fitField(v, 0n, o.bits, o.signed, o.overflow);
    }
    if (next === undefined) {
      replies.push(NIL);
      continue;
    }
    replies.push(bigReply(o.op === 'INCRBY' ? next : old));
    e.value = setField(e.value, o.offset, o.bits, next);
    if (old !== next) track(c, argv[1]!)?.range(o.offset >> 3, ((o.offset + o.bits - 1) >> 3) + 1);
    if (dirty || old !== next) changes++;
  }
  if (changes > 0 && !created) c.db.modified(argv[1]!);
  if (changes > 0) notify(c, NOTIFY.STRING, 'setbit', argv[1]!);
  return array(replies);
}

/** An integer reply, as a number when it is exact. */
function bigReply(v: bigint): Reply {
  return v >= -9007199254740991n && v <= 9007199254740991n ? int(Number(v)) : int(v);
}

function readField(s: string, o: FieldOp): bigint {
  const u = getField(s, o.offset, o.bits);
  return o.signed ? BigInt.asIntN(o.bits, u) : u;
}
