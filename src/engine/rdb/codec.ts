/**
 * The DUMP payload format of Redis 7.0 (RDB version 10), written and read
 * from the format's description:
 *
 *   <type byte> <value> <RDB version: 2 bytes LE> <CRC64 of all before: 8 bytes LE>
 *
 * Values are written the way Redis 7.0 writes the value's encoding:
 * strings (integers up to 32 bits in the compact int form, others raw, never
 * LZF-compressed), lists as a quicklist of listpack nodes (type 18), hashes
 * as a listpack (16) or field/value pairs (4), sorted sets as a listpack (17)
 * or member/binary-score pairs (5), sets as an intset (11) or members (2).
 * The reader also takes LZF-compressed strings (what Redis emits for values
 * over 20 bytes), plain lists (1) and plain quicklist nodes.
 *
 * All byte sequences are byte strings (one char per byte), like the engine's
 * values.
 */
import type { Config } from '../core/config';
import type { Entry } from '../core/entry';
import { isInt64String, objectEncoding } from '../core/encoding';
import { parseDouble } from '../core/parse';
import { Deque } from '../types/deque';
import { SortedSet } from '../types/zset';
import { formatStoredScore } from '../../text/double';

export const RDB_VERSION = 10;

const T_STRING = 0;
const T_LIST = 1;
const T_SET = 2;
const T_ZSET_2 = 5;
const T_HASH = 4;
const T_SET_INTSET = 11;
const T_HASH_LISTPACK = 16;
const T_ZSET_LISTPACK = 17;
const T_LIST_QUICKLIST_2 = 18;

const QUICKLIST_NODE_PLAIN = 1;
const QUICKLIST_NODE_PACKED = 2;

/** list-max-listpack-size -2: 8 KB per quicklist node. */
const NODE_BYTES = 8192;

// ---- CRC64 (Jones polynomial, reflected, as Redis's crc64) ------------------

/** The table, as [high 32 bits, low 32 bits] for each byte value. */
const CRC_HI = new Uint32Array(256);
const CRC_LO = new Uint32Array(256);
{
  // Reflected form of 0xad93d23594c935a9.
  const PH = 0x95ac9329;
  const PL = 0xac4bc9b5;
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const bit = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (bit) {
        hi = (hi ^ PH) >>> 0;
        lo = (lo ^ PL) >>> 0;
      }
    }
    CRC_HI[i] = hi;
    CRC_LO[i] = lo;
  }
}

/** CRC64 of a byte string, as 8 little-endian bytes (a byte string). */
export function crc64(s: string, end = s.length): string {
  let hi = 0;
  let lo = 0;
  for (let i = 0; i < end; i++) {
    const idx = (lo ^ s.charCodeAt(i)) & 0xff;
    lo = (((lo >>> 8) | (hi << 24)) ^ CRC_LO[idx]!) >>> 0;
    hi = ((hi >>> 8) ^ CRC_HI[idx]!) >>> 0;
  }
  return le32(lo) + le32(hi);
}

function le32(v: number): string {
  return String.fromCharCode(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}

// ---- LZF -------------------------------------------------------------------

/** Decompresses LZF data into exactly `outLen` bytes; undefined when malformed. */
export function lzfDecompress(src: string, outLen: number): string | undefined {
  const out = new Uint8Array(outLen);
  let ip = 0;
  let op = 0;
  while (ip < src.length) {
    const ctrl = src.charCodeAt(ip++);
    if (ctrl < 32) {
      const n = ctrl + 1;
      if (op + n > outLen || ip + n > src.length) return undefined;
      for (let k = 0; k < n; k++) out[op++] = src.charCodeAt(ip++);
    } else {
      let n = ctrl >> 5;
      if (n === 7) {
        if (ip >= src.length) return undefined;
        n += src.charCodeAt(ip++);
      }
      if (ip >= src.length) return undefined;
      const ref = op - ((ctrl & 0x1f) << 8) - 1 - src.charCodeAt(ip++);
      n += 2;
      if (ref < 0 || op + n > outLen) return undefined;
      for (let k = 0; k < n; k++) out[op++] = out[ref + k]!;
    }
  }
  if (op !== outLen) return undefined;
  return bytesToString(out);
}

function bytesToString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, Array.from(b.subarray(i, i + 8192)));
  return s;
}

// ---- Writing ---------------------------------------------------------------

class Writer {
  private parts: string[] = [];
  byte(b: number): void {
    this.parts.push(String.fromCharCode(b & 0xff));
  }
  raw(s: string): void {
    this.parts.push(s);
  }
  len(n: number): void {
    if (n < 64) this.byte(n);
    else if (n < 16384) this.raw(String.fromCharCode(0x40 | (n >> 8), n & 0xff));
    else if (n <= 0xffffffff) this.raw(String.fromCharCode(0x80, (n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff));
    else {
      this.byte(0x81);
      const v = BigInt(n);
      for (let k = 7; k >= 0; k--) this.byte(Number((v >> BigInt(8 * k)) & 0xffn));
    }
  }
  /** rdbSaveRawString without compression: small integers in the int form. */
  string(s: string): void {
    if (s.length <= 11 && isInt64String(s)) {
      const v = Number(s);
      if (v >= -128 && v <= 127) {
        this.raw(String.fromCharCode(0xc0, v & 0xff));
        return;
      }
      if (v >= -32768 && v <= 32767) {
        this.raw(String.fromCharCode(0xc1, v & 0xff, (v >> 8) & 0xff));
        return;
      }
      if (v >= -2147483648 && v <= 2147483647) {
        this.byte(0xc2);
        this.raw(le32(v >>> 0));
        return;
      }
    }
    this.blob(s);
  }
  /** A length-prefixed string written as it is (also an encoded intset or listpack). */
  blob(s: string): void {
    this.len(s.length);
    this.raw(s);
  }
  /** An IEEE 754 double, 8 bytes little-endian. */
  double(v: number): void {
    const dv = new DataView(new ArrayBuffer(8));
    dv.setFloat64(0, v, true);
    for (let k = 0; k < 8; k++) this.byte(dv.getUint8(k));
  }
  done(): string {
    return this.parts.join('');
  }
}

/** Encodes one listpack entry (encoding + data + backlen). */
function lpEntry(s: string): string {
  let head: string;
  if (s.length <= 20 && isInt64String(s)) {
    const big = BigInt(s);
    if (big >= 0n && big <= 127n) head = String.fromCharCode(Number(big));
    else if (big >= -4096n && big <= 4095n) {
      const u = Number(big) & 0x1fff;
      head = String.fromCharCode(0xc0 | (u >> 8), u & 0xff);
    } else if (big >= -32768n && big <= 32767n) head = leInt(0xf1, big, 2);
    else if (big >= -8388608n && big <= 8388607n) head = leInt(0xf2, big, 3);
    else if (big >= -2147483648n && big <= 2147483647n) head = leInt(0xf3, big, 4);
    else head = leInt(0xf4, big, 8);
  } else if (s.length < 64) head = String.fromCharCode(0x80 | s.length) + s;
  else if (s.length < 4096) head = String.fromCharCode(0xe0 | (s.length >> 8), s.length & 0xff) + s;
  else head = String.fromCharCode(0xf0) + le32(s.length) + s;
  return head + backlen(head.length);
}

function leInt(tag: number, v: bigint, n: number): string {
  const u = BigInt.asUintN(n * 8, v);
  let s = String.fromCharCode(tag);
  for (let k = 0; k < n; k++) s += String.fromCharCode(Number((u >> BigInt(8 * k)) & 0xffn));
  return s;
}

/** A listpack of pairs, one after the other: a hash's fields and values, a sorted set's members and scores. */
function pairListpack(pairs: Iterable<readonly [string, string]>): string {
  const ents: string[] = [];
  for (const [a, b] of pairs) ents.push(lpEntry(a), lpEntry(b));
  return listpack(ents);
}

function backlen(l: number): string {
  if (l <= 127) return String.fromCharCode(l);
  if (l < 16383) return String.fromCharCode(l >> 7, (l & 127) | 128);
  if (l < 2097151) return String.fromCharCode(l >> 14, ((l >> 7) & 127) | 128, (l & 127) | 128);
  if (l < 268435455) return String.fromCharCode(l >> 21, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128);
  return String.fromCharCode(Math.floor(l / 268435456), ((l >> 21) & 127) | 128, ((l >> 14) & 127) | 128, ((l >> 7) & 127) | 128, (l & 127) | 128);
}

/** A whole listpack from already-encoded entries. */
function listpack(entries: readonly string[]): string {
  const body = entries.join('');
  const total = 6 + body.length + 1;
  const n = Math.min(entries.length, 65535);
  return le32(total) + String.fromCharCode(n & 0xff, n >> 8) + body + '\xff';
}

function intset(members: readonly string[]): string {
  const vals = members.map((m) => BigInt(m)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let width = 2;
  for (const v of vals) {
    if (v < -2147483648n || v > 2147483647n) width = 8;
    else if ((v < -32768n || v > 32767n) && width < 4) width = 4;
  }
  let s = le32(width) + le32(vals.length);
  for (const v of vals) s += leInt(0, v, width).slice(1);
  return s;
}

/** The DUMP payload of an entry. */
export function dumpEntry(e: Entry, config: Config): string {
  const w = new Writer();
  switch (e.type) {
    case 'string':
      w.byte(T_STRING);
      w.string(e.value);
      break;
    case 'list': {
      w.byte(T_LIST_QUICKLIST_2);
      const nodes: string[] = [];
      let cur: string[] = [];
      let size = 7;
      for (const v of e.value) {
        const ent = lpEntry(v);
        if (cur.length > 0 && size + ent.length > NODE_BYTES) {
          nodes.push(listpack(cur));
          cur = [];
          size = 7;
        }
        cur.push(ent);
        size += ent.length;
      }
      if (cur.length > 0) nodes.push(listpack(cur));
      w.len(nodes.length);
      for (const n of nodes) {
        w.len(QUICKLIST_NODE_PACKED);
        w.blob(n);
      }
      break;
    }
    case 'set': {
      const members = [...e.value];
      if (objectEncoding(e, config) === 'intset') {
        w.byte(T_SET_INTSET);
        w.blob(intset(members));
      } else {
        w.byte(T_SET);
        w.len(members.length);
        for (const m of members) w.string(m);
      }
      break;
    }
    case 'hash': {
      if (objectEncoding(e, config) === 'listpack') {
        w.byte(T_HASH_LISTPACK);
        w.blob(pairListpack(e.value));
      } else {
        w.byte(T_HASH);
        w.len(e.value.size);
        for (const [f, v] of e.value) {
          w.string(f);
          w.string(v);
        }
      }
      break;
    }
    case 'zset': {
      const pairs = e.value.range(0, e.value.size - 1);
      if (e.value.encoding === 'listpack') {
        w.byte(T_ZSET_LISTPACK);
        w.blob(pairListpack(pairs.map(([m, s]) => [m, formatStoredScore(s)] as const)));
      } else {
        w.byte(T_ZSET_2);
        w.len(pairs.length);
        // Redis writes from the highest rank down.
        for (let i = pairs.length - 1; i >= 0; i--) {
          w.string(pairs[i]![0]);
          w.double(pairs[i]![1]);
        }
      }
      break;
    }
  }
  w.raw(String.fromCharCode(RDB_VERSION & 0xff, RDB_VERSION >> 8));
  const body = w.done();
  return body + crc64(body);
}

// ---- Reading ---------------------------------------------------------------

class BadFormat extends Error {}

class Reader {
  pos = 0;
  constructor(
    private readonly s: string,
    private readonly end: number,
  ) {}
  byte(): number {
    if (this.pos >= this.end) throw new BadFormat();
    return this.s.charCodeAt(this.pos++);
  }
  bytes(n: number): string {
    if (n < 0 || this.pos + n > this.end) throw new BadFormat();
    const out = this.s.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** A length, or { enc } for the special string encodings. */
  lenOrEnc(): { len: number } | { enc: number } {
    const b = this.byte();
    const kind = b >> 6;
    if (kind === 0) return { len: b & 0x3f };
    if (kind === 1) return { len: ((b & 0x3f) << 8) | this.byte() };
    if (kind === 3) return { enc: b & 0x3f };
    if (b === 0x80) {
      let v = 0;
      for (let k = 0; k < 4; k++) v = v * 256 + this.byte();
      return { len: v };
    }
    if (b === 0x81) {
      let v = 0;
      for (let k = 0; k < 8; k++) v = v * 256 + this.byte();
      return { len: v };
    }
    throw new BadFormat();
  }
  len(): number {
    const r = this.lenOrEnc();
    if ('enc' in r) throw new BadFormat();
    return r.len;
  }
  string(): string {
    const r = this.lenOrEnc();
    if ('len' in r) return this.bytes(r.len);
    switch (r.enc) {
      case 0:
        return String((this.byte() << 24) >> 24);
      case 1: {
        const v = this.byte() | (this.byte() << 8);
        return String((v << 16) >> 16);
      }
      case 2: {
        const v = this.byte() | (this.byte() << 8) | (this.byte() << 16) | (this.byte() << 24);
        return String(v | 0);
      }
      case 3: {
        const clen = this.len();
        const len = this.len();
        const out = lzfDecompress(this.bytes(clen), len);
        if (out === undefined) throw new BadFormat();
        return out;
      }
      default:
        throw new BadFormat();
    }
  }
  double(): number {
    const dv = new DataView(new ArrayBuffer(8));
    for (let k = 0; k < 8; k++) dv.setUint8(k, this.byte());
    return dv.getFloat64(0, true);
  }
  atEnd(): boolean {
    return this.pos === this.end;
  }
}

function readLe(s: string, at: number, n: number): bigint {
  let v = 0n;
  for (let k = n - 1; k >= 0; k--) v = (v << 8n) | BigInt(s.charCodeAt(at + k));
  return v;
}

/** The elements of a listpack blob, as strings. */
export function readListpack(lp: string): string[] {
  if (lp.length < 7) throw new BadFormat();
  if (Number(readLe(lp, 0, 4)) !== lp.length || lp.charCodeAt(lp.length - 1) !== 0xff) throw new BadFormat();
  const out: string[] = [];
  let p = 6;
  const end = lp.length - 1;
  while (p < end) {
    const b = lp.charCodeAt(p);
    let size: number;
    let val: string;
    if (b < 0x80) {
      val = String(b);
      size = 1;
    } else if (b >> 6 === 2) {
      const n = b & 0x3f;
      val = lp.slice(p + 1, p + 1 + n);
      size = 1 + n;
    } else if (b >> 5 === 6) {
      const u = ((b & 0x1f) << 8) | lp.charCodeAt(p + 1);
      val = String(u >= 4096 ? u - 8192 : u);
      size = 2;
    } else if (b >> 4 === 14) {
      const n = ((b & 0x0f) << 8) | lp.charCodeAt(p + 1);
      val = lp.slice(p + 2, p + 2 + n);
      size = 2 + n;
    } else if (b === 0xf0) {
      const n = Number(readLe(lp, p + 1, 4));
      val = lp.slice(p + 5, p + 5 + n);
      size = 5 + n;
    } else {
      const width = b === 0xf1 ? 2 : b === 0xf2 ? 3 : b === 0xf3 ? 4 : b === 0xf4 ? 8 : 0;
      if (width === 0) throw new BadFormat();
      val = BigInt.asIntN(width * 8, readLe(lp, p + 1, width)).toString();
      size = 1 + width;
    }
    p += size + backlen(size).length;
    if (p > end) throw new BadFormat();
    out.push(val);
  }
  if (p !== end) throw new BadFormat();
  return out;
}

function readIntset(blob: string): string[] {
  if (blob.length < 8) throw new BadFormat();
  const width = Number(readLe(blob, 0, 4));
  const n = Number(readLe(blob, 4, 4));
  if ((width !== 2 && width !== 4 && width !== 8) || blob.length !== 8 + n * width) throw new BadFormat();
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(BigInt.asIntN(width * 8, readLe(blob, 8 + i * width, width)).toString());
  return out;
}

/** Checks the footer (version and CRC64) of a DUMP payload (verifyDumpPayload). */
export function verifyPayload(p: string): boolean {
  if (p.length < 10) return false;
  const footer = p.length - 10;
  const ver = p.charCodeAt(footer) | (p.charCodeAt(footer + 1) << 8);
  if (ver > RDB_VERSION) return false;
  return crc64(p, p.length - 8) === p.slice(p.length - 8);
}

/** Parses a verified payload into an entry; undefined for a bad format (or an unsupported type). */
export function loadPayload(p: string, config: Config): Entry | undefined {
  const r = new Reader(p, p.length - 10);
  try {
    const e = readValue(r, config);
    return e;
  } catch (err) {
    if (err instanceof BadFormat) return undefined;
    throw err;
  }
}

function readValue(r: Reader, config: Config): Entry | undefined {
  const type = r.byte();
  switch (type) {
    case T_STRING:
      return { type: 'string', value: r.string() };
    case T_LIST: {
      const n = r.len();
      const d = new Deque<string>();
      for (let i = 0; i < n; i++) d.pushBack(r.string());
      return d.length === 0 ? undefined : { type: 'list', value: d };
    }
    case T_LIST_QUICKLIST_2: {
      const nodes = r.len();
      const d = new Deque<string>();
      for (let i = 0; i < nodes; i++) {
        const container = r.len();
        const blob = r.string();
        if (container === QUICKLIST_NODE_PLAIN) d.pushBack(blob);
        else if (container === QUICKLIST_NODE_PACKED) for (const v of readListpack(blob)) d.pushBack(v);
        else throw new BadFormat();
      }
      return d.length === 0 ? undefined : { type: 'list', value: d };
    }
    case T_SET: {
      const n = r.len();
      const s = new Set<string>();
      for (let i = 0; i < n; i++) s.add(r.string());
      if (s.size !== n || n === 0) return undefined;
      return { type: 'set', value: s };
    }
    case T_SET_INTSET: {
      const members = readIntset(r.string());
      const s = new Set(members);
      if (s.size !== members.length || s.size === 0) return undefined;
      return { type: 'set', value: s };
    }
    case T_HASH: {
      const n = r.len();
      const h = new Map<string, string>();
      for (let i = 0; i < n; i++) {
        const f = r.string();
        h.set(f, r.string());
      }
      if (h.size !== n || n === 0) return undefined;
      return { type: 'hash', value: h };
    }
    case T_HASH_LISTPACK: {
      const items = readListpack(r.string());
      if (items.length % 2 !== 0 || items.length === 0) return undefined;
      const h = new Map<string, string>();
      for (let i = 0; i < items.length; i += 2) h.set(items[i]!, items[i + 1]!);
      if (h.size * 2 !== items.length) return undefined;
      return { type: 'hash', value: h };
    }
    case T_ZSET_2: {
      const n = r.len();
      const z = new SortedSet();
      for (let i = 0; i < n; i++) {
        const m = r.string();
        const score = r.double();
        if (Number.isNaN(score) || z.has(m)) return undefined;
        z.add(m, score);
      }
      if (z.size === 0) return undefined;
      return { type: 'zset', value: settleZset(z, config) };
    }
    case T_ZSET_LISTPACK: {
      const items = readListpack(r.string());
      if (items.length % 2 !== 0 || items.length === 0) return undefined;
      const z = new SortedSet();
      for (let i = 0; i < items.length; i += 2) {
        const score = parseDouble(items[i + 1]!) ?? NaN;
        if (Number.isNaN(score) || z.has(items[i]!)) return undefined;
        z.add(items[i]!, score);
      }
      return { type: 'zset', value: settleZset(z, config) };
    }
    default:
      return undefined;
  }
}

/** The encoding Redis gives a loaded sorted set: listpack while within the limits. */
function settleZset(z: SortedSet, config: Config): SortedSet {
  let fits = z.size <= config.num('zset-max-listpack-entries');
  if (fits) {
    const max = config.num('zset-max-listpack-value');
    for (const [m] of z) if (m.length > max) fits = false;
  }
  z.encoding = fits ? 'listpack' : 'skiplist';
  return z;
}

/** RDB_OPCODE_FUNCTION2: a library's code, as FUNCTION DUMP and the RDB file write it. */
const OPCODE_FUNCTION2 = 245;

/** FUNCTION DUMP's payload: each library's code after the function opcode, then the DUMP footer. */
export function dumpFunctions(codes: readonly string[]): string {
  const w = new Writer();
  for (const code of codes) {
    w.byte(OPCODE_FUNCTION2);
    w.string(code);
  }
  const body = w.done();
  const withVer = body + String.fromCharCode(RDB_VERSION & 0xff, RDB_VERSION >> 8);
  return withVer + crc64(withVer);
}

/**
 * The libraries' code in a verified FUNCTION DUMP payload, or the error
 * FUNCTION RESTORE gives: a type byte that is not the function opcode.
 */
export function loadFunctionsPayload(p: string): string[] | { error: string } {
  const r = new Reader(p, p.length - 10);
  const out: string[] = [];
  try {
    while (!r.atEnd()) {
      const type = r.byte();
      if (type !== OPCODE_FUNCTION2) return { error: 'given type is not a function' };
      out.push(r.string());
    }
  } catch (err) {
    if (err instanceof BadFormat) return { error: 'failed loading the given functions payload' };
    throw err;
  }
  return out;
}
