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
 * streams as listpack nodes with their consumer groups (19).
 * The reader also takes LZF-compressed strings (what Redis emits for values
 * over 20 bytes), plain lists (1), plain quicklist nodes, and the older
 * encodings an RDB file may still hold: ziplists (lists 10, quicklists 14,
 * sorted sets 12, hashes 13), sorted sets with text scores (3) and streams
 * without the 7.0 metadata (15).
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
import { ID_MASK, Stream, makeId, type StreamConsumer, type StreamEntry, type StreamGroup, type StreamNack } from '../types/stream';
import { formatStoredScore } from '../../text/double';

export const RDB_VERSION = 10;

const T_STRING = 0;
const T_LIST = 1;
const T_SET = 2;
const T_ZSET = 3;
const T_HASH = 4;
const T_ZSET_2 = 5;
const T_LIST_ZIPLIST = 10;
const T_SET_INTSET = 11;
const T_ZSET_ZIPLIST = 12;
const T_HASH_ZIPLIST = 13;
const T_LIST_QUICKLIST = 14;
const T_STREAM_LISTPACKS = 15;
const T_HASH_LISTPACK = 16;
const T_ZSET_LISTPACK = 17;
const T_LIST_QUICKLIST_2 = 18;
const T_STREAM_LISTPACKS_2 = 19;

/** True for a byte that names a value type (rdbIsObjectType): 0-7 and 9-19. */
export function isObjectType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 19);
}

/** Stream entry flags inside a node's listpack (t_stream.c). */
const STREAM_ITEM_DELETED = 1;
const STREAM_ITEM_SAMEFIELDS = 2;

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

export class Writer {
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
  /** A length that may pass 2^53 (stream IDs, counters): an unsigned 64-bit value. */
  lenBig(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    if (u <= 0xffffffffn) this.len(Number(u));
    else {
      this.byte(0x81);
      for (let k = 7; k >= 0; k--) this.byte(Number((u >> BigInt(8 * k)) & 0xffn));
    }
  }
  /** A time in milliseconds: a signed 64-bit little-endian integer (rdbSaveMillisecondTime). */
  millis(v: number | bigint): void {
    this.raw(leInt(0, BigInt(v), 8).slice(1));
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
  writeObject(w, e, config);
  w.raw(String.fromCharCode(RDB_VERSION & 0xff, RDB_VERSION >> 8));
  const body = w.done();
  return body + crc64(body);
}

/** A value as an RDB file and DUMP write it: its type byte, then the value (rdbSaveObjectType, rdbSaveObject). */
export function writeObject(w: Writer, e: Entry, config: Config): void {
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
    case 'stream':
      w.byte(T_STREAM_LISTPACKS_2);
      writeStream(w, e.value);
      break;
  }
}

/** A stream ID as the 16 big-endian bytes a node key and a PEL entry use. */
function rawId(id: bigint): string {
  let s = '';
  for (let k = 15; k >= 0; k--) s += String.fromCharCode(Number((id >> BigInt(8 * k)) & 0xffn));
  return s;
}

/**
 * One stream node as Redis's listpack: the master entry (live count,
 * deleted count, the first entry's field names, a 0 terminator), then each
 * entry: flags, ID as deltas from the master ID, fields (omitted when they
 * are the master's), values, and the entry's element count.
 */
function streamNodeListpack(entries: readonly StreamEntry[]): string {
  const master = entries[0]!;
  const masterFields: string[] = [];
  for (let i = 0; i < master.fields.length; i += 2) masterFields.push(master.fields[i]!);
  let live = 0;
  for (const e of entries) if (!e.deleted) live++;
  const ents: string[] = [lpEntry(String(live)), lpEntry(String(entries.length - live)), lpEntry(String(masterFields.length))];
  for (const f of masterFields) ents.push(lpEntry(f));
  ents.push(lpEntry('0'));
  const mMs = master.id >> 64n;
  const mSeq = master.id & ID_MASK;
  for (const e of entries) {
    const n = e.fields.length / 2;
    let same = n === masterFields.length;
    for (let i = 0; same && i < n; i++) if (e.fields[2 * i] !== masterFields[i]) same = false;
    const flags = (e.deleted ? STREAM_ITEM_DELETED : 0) | (same ? STREAM_ITEM_SAMEFIELDS : 0);
    ents.push(lpEntry(String(flags)));
    ents.push(lpEntry(BigInt.asIntN(64, (e.id >> 64n) - mMs).toString()));
    ents.push(lpEntry(BigInt.asIntN(64, (e.id & ID_MASK) - mSeq).toString()));
    if (same) {
      for (let i = 0; i < n; i++) ents.push(lpEntry(e.fields[2 * i + 1]!));
      ents.push(lpEntry(String(n + 3)));
    } else {
      ents.push(lpEntry(String(n)));
      for (const f of e.fields) ents.push(lpEntry(f));
      ents.push(lpEntry(String(2 * n + 4)));
    }
  }
  return listpack(ents);
}

/** A stream value (RDB_TYPE_STREAM_LISTPACKS_2): nodes, metadata, consumer groups with their PELs. */
function writeStream(w: Writer, s: Stream): void {
  const nodes = s.nodes.filter((n) => n.live > 0 && n.entries.length > 0);
  w.len(nodes.length);
  for (const n of nodes) {
    w.blob(rawId(n.entries[0]!.id));
    w.blob(streamNodeListpack(n.entries));
  }
  w.len(s.length);
  w.lenBig(s.lastId >> 64n);
  w.lenBig(s.lastId & ID_MASK);
  w.lenBig(s.firstId >> 64n);
  w.lenBig(s.firstId & ID_MASK);
  w.lenBig(s.maxDeletedId >> 64n);
  w.lenBig(s.maxDeletedId & ID_MASK);
  w.len(s.entriesAdded);
  // Groups in name order, as Redis's radix tree keeps them (byte order).
  const groups = [...s.groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  w.len(groups.length);
  for (const [name, g] of groups) {
    w.string(name);
    w.lenBig(g.lastId >> 64n);
    w.lenBig(g.lastId & ID_MASK);
    w.lenBig(BigInt(g.entriesRead));
    const pel = [...g.pel].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    w.len(pel.length);
    for (const [id, nack] of pel) {
      w.raw(rawId(id));
      w.millis(nack.deliveryTime);
      w.len(nack.deliveryCount);
    }
    const consumers = [...g.consumers].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    w.len(consumers.length);
    for (const [cname, c] of consumers) {
      w.string(cname);
      w.millis(c.seenTime);
      const ids = [...c.pel.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      w.len(ids.length);
      for (const id of ids) w.raw(rawId(id));
    }
  }
}

// ---- Reading ---------------------------------------------------------------

/**
 * Why a value or file cannot be read: the reason Redis's loader reports
 * (rdbReportCorruptRDB). A ShortRead is data that ends too soon.
 */
export class BadFormat extends Error {
  constructor(reason = 'Bad data format') {
    super(reason);
  }
}
export class ShortRead extends BadFormat {
  constructor() {
    super('Unexpected EOF reading RDB file');
  }
}

export class Reader {
  pos = 0;
  constructor(
    private readonly s: string,
    readonly end: number,
  ) {}
  byte(): number {
    if (this.pos >= this.end) throw new ShortRead();
    return this.s.charCodeAt(this.pos++);
  }
  bytes(n: number): string {
    if (n < 0 || this.pos + n > this.end) throw new ShortRead();
    const out = this.s.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  /** A length, or { enc } for the special string encodings. */
  lenOrEnc(): { len: number } | { enc: number } {
    const r = this.lenOrEncBig();
    if ('enc' in r) return r;
    if (r.len > BigInt(Number.MAX_SAFE_INTEGER)) throw new BadFormat('Length too big');
    return { len: Number(r.len) };
  }
  private lenOrEncBig(): { len: bigint } | { enc: number } {
    const b = this.byte();
    const kind = b >> 6;
    if (kind === 0) return { len: BigInt(b & 0x3f) };
    if (kind === 1) return { len: BigInt(((b & 0x3f) << 8) | this.byte()) };
    if (kind === 3) return { enc: b & 0x3f };
    if (b === 0x80) return { len: readBe(this.bytes(4)) };
    if (b === 0x81) return { len: readBe(this.bytes(8)) };
    throw new BadFormat(`Unknown length encoding ${b} in rdbLoadLen()`);
  }
  len(): number {
    const r = this.lenOrEnc();
    if ('enc' in r) throw new BadFormat();
    return r.len;
  }
  /** A length read as an unsigned 64-bit value (stream IDs and counters). */
  lenBig(): bigint {
    const r = this.lenOrEncBig();
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
        if (out === undefined) throw new BadFormat('Invalid LZF compressed string');
        return out;
      }
      default:
        throw new BadFormat(`Unknown RDB string encoding type ${r.enc}`);
    }
  }
  double(): number {
    const dv = new DataView(new ArrayBuffer(8));
    for (let k = 0; k < 8; k++) dv.setUint8(k, this.byte());
    return dv.getFloat64(0, true);
  }
  /** rdbLoadDoubleValue: the text form of RDB_TYPE_ZSET (length byte, 253 NaN, 254 +inf, 255 -inf). */
  textDouble(): number {
    const n = this.byte();
    if (n === 253) return NaN;
    if (n === 254) return Infinity;
    if (n === 255) return -Infinity;
    const v = parseDouble(this.bytes(n));
    if (v === null || v === undefined) throw new BadFormat();
    return v;
  }
  /** A signed 64-bit little-endian time in ms (rdbLoadMillisecondTime). */
  millis(): bigint {
    return BigInt.asIntN(64, readLe(this.bytes(8), 0, 8));
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

function readBe(s: string): bigint {
  let v = 0n;
  for (let k = 0; k < s.length; k++) v = (v << 8n) | BigInt(s.charCodeAt(k));
  return v;
}

/** The elements of a listpack blob, as strings. */
export function readListpack(lp: string, what = 'Listpack'): string[] {
  const bad = () => new BadFormat(`${what} integrity check failed.`);
  if (lp.length < 7) throw bad();
  if (Number(readLe(lp, 0, 4)) !== lp.length || lp.charCodeAt(lp.length - 1) !== 0xff) throw bad();
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
      if (width === 0) throw bad();
      val = BigInt.asIntN(width * 8, readLe(lp, p + 1, width)).toString();
      size = 1 + width;
    }
    p += size + backlen(size).length;
    if (p > end) throw bad();
    out.push(val);
  }
  if (p !== end) throw bad();
  return out;
}

/**
 * The elements of a ziplist (the encoding before listpacks, still found in
 * RDB files of Redis 3.2 to 6.2): zlbytes, zltail, zllen, then entries of
 * previous-length, encoding and data, then 0xff.
 */
export function readZiplist(zl: string, what = 'Ziplist'): string[] {
  const bad = () => new BadFormat(`${what} integrity check failed.`);
  if (zl.length < 11 || Number(readLe(zl, 0, 4)) !== zl.length || zl.charCodeAt(zl.length - 1) !== 0xff) throw bad();
  const out: string[] = [];
  let p = 10;
  const end = zl.length - 1;
  while (p < end) {
    p += zl.charCodeAt(p) < 254 ? 1 : 5;
    if (p >= end) throw bad();
    const b = zl.charCodeAt(p);
    const kind = b >> 6;
    let val: string;
    if (kind === 0) {
      const n = b & 0x3f;
      val = zl.slice(p + 1, p + 1 + n);
      p += 1 + n;
    } else if (kind === 1) {
      const n = ((b & 0x3f) << 8) | zl.charCodeAt(p + 1);
      val = zl.slice(p + 2, p + 2 + n);
      p += 2 + n;
    } else if (kind === 2) {
      const n = Number(readBe(zl.slice(p + 1, p + 5)));
      val = zl.slice(p + 5, p + 5 + n);
      p += 5 + n;
    } else if (b === 0xc0) {
      val = BigInt.asIntN(16, readLe(zl, p + 1, 2)).toString();
      p += 3;
    } else if (b === 0xd0) {
      val = BigInt.asIntN(32, readLe(zl, p + 1, 4)).toString();
      p += 5;
    } else if (b === 0xe0) {
      val = BigInt.asIntN(64, readLe(zl, p + 1, 8)).toString();
      p += 9;
    } else if (b === 0xf0) {
      val = BigInt.asIntN(24, readLe(zl, p + 1, 3)).toString();
      p += 4;
    } else if (b === 0xfe) {
      val = BigInt.asIntN(8, readLe(zl, p + 1, 1)).toString();
      p += 2;
    } else if (b >= 0xf1 && b <= 0xfd) {
      val = String((b & 0x0f) - 1);
      p += 1;
    } else throw bad();
    if (p > end) throw bad();
    out.push(val);
  }
  return out;
}

function readIntset(blob: string): string[] {
  const bad = () => new BadFormat('Intset integrity check failed.');
  if (blob.length < 8) throw bad();
  const width = Number(readLe(blob, 0, 4));
  const n = Number(readLe(blob, 4, 4));
  if ((width !== 2 && width !== 4 && width !== 8) || blob.length !== 8 + n * width) throw bad();
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
    const type = r.byte();
    if (!isObjectType(type)) return undefined;
    return readObject(r, type, config);
  } catch (err) {
    if (err instanceof BadFormat) return undefined;
    throw err;
  }
}

/** Pairs of a flat list into a hash; undefined when empty, throws on a duplicate field. */
function hashOf(items: readonly string[], what: string): Entry | undefined {
  if (items.length % 2 !== 0) throw new BadFormat(`${what} integrity check failed.`);
  if (items.length === 0) return undefined;
  const h = new Map<string, string>();
  for (let i = 0; i < items.length; i += 2) h.set(items[i]!, items[i + 1]!);
  if (h.size * 2 !== items.length) throw new BadFormat('Duplicate hash fields detected');
  return { type: 'hash', value: h };
}

/** Member/score pairs (scores as text) into a sorted set; undefined when empty. */
function zsetOf(items: readonly string[], what: string, config: Config): Entry | undefined {
  if (items.length % 2 !== 0) throw new BadFormat(`${what} integrity check failed.`);
  if (items.length === 0) return undefined;
  const z = new SortedSet();
  for (let i = 0; i < items.length; i += 2) {
    const score = parseDouble(items[i + 1]!) ?? NaN;
    if (Number.isNaN(score)) throw new BadFormat('Zset with NAN score detected');
    if (z.has(items[i]!)) throw new BadFormat('Duplicate zset fields detected');
    z.add(items[i]!, score);
  }
  return { type: 'zset', value: settleZset(z, config) };
}

function listOf(items: Iterable<string>): Entry | undefined {
  const d = new Deque<string>();
  for (const v of items) d.pushBack(v);
  return d.length === 0 ? undefined : { type: 'list', value: d };
}

/**
 * Reads a value of the given type (rdbLoadObject). Undefined for an empty
 * value (which Redis skips when loading a file); throws BadFormat with
 * Redis's reason when the value is corrupt.
 */
export function readObject(r: Reader, type: number, config: Config): Entry | undefined {
  switch (type) {
    case T_STRING:
      return { type: 'string', value: r.string() };
    case T_LIST: {
      const n = r.len();
      const items: string[] = [];
      for (let i = 0; i < n; i++) items.push(r.string());
      return listOf(items);
    }
    case T_LIST_ZIPLIST:
      return listOf(readZiplist(r.string(), 'List ziplist'));
    case T_LIST_QUICKLIST:
    case T_LIST_QUICKLIST_2: {
      const nodes = r.len();
      const d = new Deque<string>();
      for (let i = 0; i < nodes; i++) {
        const container = type === T_LIST_QUICKLIST ? QUICKLIST_NODE_PACKED : r.len();
        const blob = r.string();
        if (container === QUICKLIST_NODE_PLAIN) d.pushBack(blob);
        else if (container === QUICKLIST_NODE_PACKED) {
          const items = type === T_LIST_QUICKLIST ? readZiplist(blob) : readListpack(blob);
          if (items.length === 0) throw new BadFormat(type === T_LIST_QUICKLIST ? 'Ziplist integrity check failed.' : 'Listpack integrity check failed.');
          for (const v of items) d.pushBack(v);
        } else throw new BadFormat('Quicklist integrity check failed.');
      }
      return d.length === 0 ? undefined : { type: 'list', value: d };
    }
    case T_SET: {
      const n = r.len();
      if (n === 0) return undefined;
      const s = new Set<string>();
      for (let i = 0; i < n; i++) s.add(r.string());
      if (s.size !== n) throw new BadFormat('Duplicate set members detected');
      return { type: 'set', value: s };
    }
    case T_SET_INTSET: {
      const members = readIntset(r.string());
      const s = new Set(members);
      if (s.size !== members.length) throw new BadFormat('Intset integrity check failed.');
      return s.size === 0 ? undefined : { type: 'set', value: s };
    }
    case T_HASH: {
      const n = r.len();
      const items: string[] = [];
      for (let i = 0; i < 2 * n; i++) items.push(r.string());
      return hashOf(items, 'Hash');
    }
    case T_HASH_ZIPLIST:
      return hashOf(readZiplist(r.string(), 'Hash ziplist'), 'Hash ziplist');
    case T_HASH_LISTPACK:
      return hashOf(readListpack(r.string(), 'Hash listpack'), 'Hash listpack');
    case T_ZSET:
    case T_ZSET_2: {
      const n = r.len();
      if (n === 0) return undefined;
      const z = new SortedSet();
      for (let i = 0; i < n; i++) {
        const m = r.string();
        const score = type === T_ZSET ? r.textDouble() : r.double();
        if (Number.isNaN(score)) throw new BadFormat('Zset with NAN score detected');
        if (z.has(m)) throw new BadFormat('Duplicate zset fields detected');
        z.add(m, score);
      }
      return { type: 'zset', value: settleZset(z, config) };
    }
    case T_ZSET_ZIPLIST:
      return zsetOf(readZiplist(r.string(), 'Zset ziplist'), 'Zset ziplist', config);
    case T_ZSET_LISTPACK:
      return zsetOf(readListpack(r.string(), 'Zset listpack'), 'Zset listpack', config);
    case T_STREAM_LISTPACKS:
    case T_STREAM_LISTPACKS_2:
      return { type: 'stream', value: readStream(r, type === T_STREAM_LISTPACKS_2) };
    default:
      throw new BadFormat(`Unknown RDB encoding type ${type}`);
  }
}

function streamIdOf(raw: string): bigint {
  return readBe(raw);
}

/** A stream value (t_stream.c's node layout; see streamNodeListpack), checked as it is read. */
function readStream(r: Reader, v2: boolean): Stream {
  const s = new Stream();
  const nodes = r.len();
  let prevMaster = -1n;
  let live = 0;
  for (let n = 0; n < nodes; n++) {
    const key = r.string();
    if (key.length !== 16) throw new BadFormat('Stream node key entry is not the size of a stream ID');
    const master = streamIdOf(key);
    const items = readListpack(r.string(), 'Stream listpack');
    if (items.length === 0) throw new BadFormat('Empty listpack inside stream');
    if (master <= prevMaster) throw new BadFormat('Listpack re-added with existing key');
    prevMaster = master;
    const bad = () => new BadFormat('Stream listpack integrity check failed.');
    const int = (i: number): bigint => {
      const x = items[i];
      if (x === undefined || !isInt64String(x)) throw bad();
      return BigInt(x);
    };
    let i = 0;
    const count = Number(int(i++));
    const deleted = Number(int(i++));
    const nMaster = Number(int(i++));
    if (nMaster < 0 || i + nMaster >= items.length) throw bad();
    const masterFields = items.slice(i, i + nMaster);
    i += nMaster;
    if (int(i++) !== 0n) throw bad();
    const entries: StreamEntry[] = [];
    let nodeLive = 0;
    let bytes = 16;
    const mMs = master >> 64n;
    const mSeq = master & ID_MASK;
    while (i < items.length) {
      const flags = Number(int(i++));
      const ms = BigInt.asUintN(64, mMs + int(i++));
      const seq = BigInt.asUintN(64, mSeq + int(i++));
      const id = makeId(ms, seq);
      const fields: string[] = [];
      if (flags & STREAM_ITEM_SAMEFIELDS) {
        if (i + nMaster >= items.length) throw bad();
        for (let k = 0; k < nMaster; k++) fields.push(masterFields[k]!, items[i++]!);
      } else {
        const nf = Number(int(i++));
        if (nf < 0 || i + 2 * nf >= items.length) throw bad();
        for (let k = 0; k < 2 * nf; k++) fields.push(items[i++]!);
      }
      i++; // the entry's element count
      if (entries.length > 0 && id <= entries[entries.length - 1]!.id) throw bad();
      const del = (flags & STREAM_ITEM_DELETED) !== 0;
      entries.push({ id, fields, deleted: del });
      if (!del) nodeLive++;
      bytes += 8;
      for (const f of fields) bytes += f.length + 2;
    }
    if (i !== items.length || entries.length === 0 || entries[0]!.id !== master || nodeLive !== count || entries.length - nodeLive !== deleted) throw bad();
    if (nodeLive === 0) throw new BadFormat('Empty listpack inside stream');
    if (s.nodes.length > 0) {
      const prev = s.nodes[s.nodes.length - 1]!;
      if (prev.entries[prev.entries.length - 1]!.id >= master) throw bad();
    }
    s.nodes.push({ entries, live: nodeLive, bytes });
    live += nodeLive;
  }
  const length = r.len();
  s.lastId = makeId(r.lenBig(), r.lenBig());
  if (v2) {
    s.firstId = makeId(r.lenBig(), r.lenBig());
    s.maxDeletedId = makeId(r.lenBig(), r.lenBig());
    s.entriesAdded = Number(r.lenBig());
  }
  if (length !== live) throw new BadFormat('Stream length inconsistent with rax entries');
  s.length = length;
  if (!v2) {
    s.entriesAdded = length;
    s.refreshFirstId();
  }
  const last = s.nodes[s.nodes.length - 1];
  if (last !== undefined && last.entries[last.entries.length - 1]!.id > s.lastId) throw new BadFormat('Stream listpack integrity check failed.');
  const groups = r.len();
  for (let g = 0; g < groups; g++) {
    const name = r.string();
    const lastId = makeId(r.lenBig(), r.lenBig());
    const entriesRead = v2 ? Number(BigInt.asIntN(64, r.lenBig())) : s.estimateDistance(lastId);
    if (s.groups.has(name)) throw new BadFormat(`Duplicated consumer group name ${name}`);
    const group: StreamGroup = { lastId, entriesRead, pel: new Map(), consumers: new Map() };
    s.groups.set(name, group);
    const pending = new Map<bigint, { deliveryTime: number; deliveryCount: number }>();
    const pelSize = r.len();
    for (let k = 0; k < pelSize; k++) {
      const id = streamIdOf(r.bytes(16));
      const deliveryTime = Number(r.millis());
      const deliveryCount = r.len();
      if (pending.has(id)) throw new BadFormat('Duplicated global PEL entry loading stream consumer group');
      pending.set(id, { deliveryTime, deliveryCount });
    }
    const consumers = r.len();
    for (let c = 0; c < consumers; c++) {
      const cname = r.string();
      if (group.consumers.has(cname)) throw new BadFormat('Duplicate stream consumer detected.');
      const consumer: StreamConsumer = { name: cname, seenTime: Number(r.millis()), pel: new Map() };
      group.consumers.set(cname, consumer);
      const n = r.len();
      for (let k = 0; k < n; k++) {
        const id = streamIdOf(r.bytes(16));
        const p = pending.get(id);
        if (p === undefined) throw new BadFormat('Consumer entry not found in group global PEL');
        if (consumer.pel.has(id) || group.pel.has(id)) throw new BadFormat('Duplicated consumer PEL entry  loading a stream consumer group');
        const nack: StreamNack = { deliveryTime: p.deliveryTime, deliveryCount: p.deliveryCount, consumer };
        consumer.pel.set(id, nack);
        group.pel.set(id, nack);
      }
    }
    if (group.pel.size !== pending.size) throw new BadFormat('Stream CG PEL entry without consumer');
    // The global PEL in ID order, as the maps are listed elsewhere.
    const sorted = [...group.pel].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    group.pel.clear();
    for (const [id, nack] of sorted) group.pel.set(id, nack);
  }
  return s;
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
