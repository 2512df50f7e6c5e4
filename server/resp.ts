/**
 * RESP2/RESP3 encoding and incremental parsing, shared by the TCP server
 * (requests in, replies out) and the test client (requests out, replies in).
 * Byte strings (one char per byte) are written with the 'latin1' encoding,
 * which maps code units 0..255 to bytes one to one.
 */
import type { Reply } from '../src/engine';
import { BulkArray } from '../src/engine/core/reply';
import { formatDouble } from '../src/text/double';
import { INT64_MAX } from '../src/text/int';
import { sdssplitargs } from '../src/text/split';

const CRLF = '\r\n';

/**
 * Values at least this long are never copied: the output keeps the
 * engine's own string and the socket writes it in slices.
 */
export const BIG_VALUE = 64 * 1024;
/** A connection's first output buffer; a reply that does not fit seals it and starts one twice as big. */
const FIRST_BUFFER = 16 * 1024;
/** Buffers grow by doubling up to this size (a bigger piece gets a buffer of its size). */
const MAX_GROWN_BUFFER = 1024 * 1024;
/** Output buffers bigger than this are not kept once drained. */
const KEEP_BUFFER = 64 * 1024;
/** Strings shorter than this are copied by a loop; longer ones by Buffer#latin1Write. */
const COPY_LOOP_MAX = 32;

/**
 * A connection's encoded replies, waiting for its socket: sealed pieces
 * (ranges of its byte buffer, and big values kept as the engine's own
 * strings), in order, then the open range [start, end) of `buf` that the
 * next reply extends. Bytes are never copied into a JS string and back:
 * what the socket writes is what the encoder wrote.
 *
 * The buffer is only appended to while the socket may still hold a range
 * of it; once everything was written (`drained`), it is written again
 * from its start. A buffer that fills is sealed and replaced.
 */
export class ReplyOutput {
  /** Sealed pieces not yet handed on; `head` is the first. */
  parts: (Buffer | string)[] = [];
  head = 0;
  /** Unsent bytes of the sealed pieces from `head` (see `pending` for all). */
  bytes = 0;
  buf: Buffer | undefined = undefined;
  start = 0;
  end = 0;

  /** Unsent bytes, the open range included. */
  get pending(): number {
    return this.bytes + (this.end - this.start);
  }

  /** Makes the open range a sealed piece (before a flush takes the pieces). */
  seal(): void {
    if (this.buf !== undefined && this.end > this.start) {
      this.parts.push(this.buf.subarray(this.start, this.end));
      this.bytes += this.end - this.start;
      this.start = this.end;
    }
  }

  /** The next piece to send, or undefined when all sealed pieces are out. */
  take(): Buffer | string | undefined {
    if (this.head === this.parts.length) return undefined;
    const x = this.parts[this.head]!;
    this.parts[this.head++] = '';
    this.bytes -= x.length;
    if (this.head === this.parts.length) {
      this.parts = [];
      this.head = 0;
    }
    return x;
  }

  /** Puts back the unsent end of a piece `take` returned. */
  untake(rest: string): void {
    this.parts[--this.head] = rest;
    this.bytes += rest.length;
  }

  /**
   * The socket has written everything handed to it (nothing of the buffer
   * is held any more): the buffer is written again from its start, or let
   * go when it grew big.
   */
  drained(): void {
    if (this.pending > 0 || this.buf === undefined) return;
    if (this.buf.length > KEEP_BUFFER) this.buf = undefined;
    this.start = this.end = 0;
  }

  /** Drops everything unsent (the socket may still hold ranges of the buffer: a new one is used). */
  clear(): void {
    this.parts = [];
    this.head = 0;
    this.bytes = 0;
    this.buf = undefined;
    this.start = this.end = 0;
  }

  /** Everything unsent as one byte string (tests, and replies wanted as text). */
  text(): string {
    this.seal();
    let s = '';
    for (let i = this.head; i < this.parts.length; i++) {
      const x = this.parts[i]!;
      s += typeof x === 'string' ? x : latin1(x, 0, x.length);
    }
    return s;
  }
}

type Latin1Writable = Buffer & { latin1Write?: (s: string, offset: number) => number };

/** Aggregates of more elements than this are encoded a slice at a time by startReply/continueReply. */
export const SLICE_ITEMS = 1024;
/** Strings of a packed array encoded between two checks of the slice's budget. */
const STRINGS_PER_STEP = 256;

const REPLIES = 0;
const STRINGS = 1;
const PAIRS = 2;
/** An aggregate being encoded: its elements and the next one's index. */
type Frame =
  | { readonly kind: typeof REPLIES; readonly items: readonly Reply[]; i: number }
  | { readonly kind: typeof STRINGS; readonly items: readonly string[]; i: number }
  | { readonly kind: typeof PAIRS; readonly items: readonly (readonly [Reply, Reply])[]; i: number };

/** An aggregate of more than SLICE_ITEMS elements. */
function isBig(r: Reply): boolean {
  switch (r.t) {
    case 'array':
      return r instanceof BulkArray ? r.strings.length > SLICE_ITEMS : r.v.length > SLICE_ITEMS;
    case 'push':
    case 'set':
    case 'map':
      return r.v.length > SLICE_ITEMS;
    default:
      return false;
  }
}

/** Where a reply encoded in slices stands: the aggregates open, innermost last. */
export class ReplyCursor {
  constructor(
    readonly resp: 2 | 3,
    readonly stack: Frame[],
  ) {}
}

/**
 * The RESP2/RESP3 encoder: every reply type, aggregates of any kind
 * (arrays, sets, pushes, maps) and their elements, written byte by byte
 * at the end of an output's buffer.
 */
class Encoder {
  private b: Buffer = Buffer.alloc(0);
  private p = 0;
  private o: ReplyOutput = new ReplyOutput();
  private resp: 2 | 3 = 2;

  write(r: Reply, resp: 2 | 3, o: ReplyOutput): void {
    this.attach(resp, o);
    this.reply(r);
    o.end = this.p;
  }

  /**
   * Starts a reply that may be big: an aggregate of more than SLICE_ITEMS
   * elements gets only its header now and is returned as a cursor for
   * `resume`; anything else is written whole (undefined is returned).
   */
  begin(r: Reply, resp: 2 | 3, o: ReplyOutput): ReplyCursor | undefined {
    this.attach(resp, o);
    const frame = this.open(r);
    if (frame === undefined) this.reply(r);
    o.end = this.p;
    return frame === undefined ? undefined : new ReplyCursor(resp, [frame]);
  }

  /**
   * Writes the next elements of a started reply until about `budget` bytes
   * were added to the output; true once the reply is complete. The bytes
   * are those `write` would have written, only cut at other places.
   */
  resume(cur: ReplyCursor, o: ReplyOutput, budget: number): boolean {
    this.attach(cur.resp, o);
    const stack = cur.stack;
    const before = o.bytes + this.p - o.start;
    while (stack.length > 0) {
      const f = stack[stack.length - 1]!;
      if (f.i >= f.items.length) {
        stack.pop();
        continue;
      }
      if (o.bytes + this.p - o.start - before >= budget) break;
      if (f.kind === STRINGS) {
        const end = Math.min(f.items.length, f.i + STRINGS_PER_STEP);
        this.stringRange(f.items, f.i, end);
        f.i = end;
        continue;
      }
      let x: Reply;
      if (f.kind === PAIRS) {
        const pair = f.items[f.i++]!;
        this.element(pair[0]);
        x = pair[1];
      } else {
        x = f.items[f.i++]!;
      }
      const sub = this.open(x);
      if (sub !== undefined) stack.push(sub);
      else this.element(x);
    }
    o.end = this.p;
    return stack.length === 0;
  }

  private attach(resp: 2 | 3, o: ReplyOutput): void {
    if (o.buf === undefined) {
      o.buf = Buffer.allocUnsafe(FIRST_BUFFER);
      o.start = o.end = 0;
    }
    this.o = o;
    this.b = o.buf;
    this.p = o.end;
    this.resp = resp;
  }

  /**
   * For an aggregate of more than SLICE_ITEMS elements, or holding one
   * (an EXEC of big LRANGEs): writes its header, returns its elements to come.
   */
  private open(r: Reply): Frame | undefined {
    switch (r.t) {
      case 'array':
        if (r instanceof BulkArray) {
          if (r.strings.length <= SLICE_ITEMS) return undefined;
          this.header(42 /* * */, r.strings.length);
          return { kind: STRINGS, items: r.strings, i: 0 };
        }
        return this.openItems(42, r.v);
      case 'push':
        return this.openItems(this.resp === 3 ? 62 /* > */ : 42, r.v);
      case 'set':
        return this.openItems(this.resp === 3 ? 126 /* ~ */ : 42, r.v);
      case 'map': {
        const pairs = r.v;
        if (pairs.length <= SLICE_ITEMS && !pairs.some((p) => isBig(p[0]) || isBig(p[1]))) return undefined;
        if (this.resp === 3) this.header(37 /* % */, pairs.length);
        else this.header(42, pairs.length * 2);
        return { kind: PAIRS, items: pairs, i: 0 };
      }
      default:
        return undefined;
    }
  }

  private openItems(mark: number, items: readonly Reply[]): Frame | undefined {
    if (items.length <= SLICE_ITEMS && !items.some(isBig)) return undefined;
    this.header(mark, items.length);
    return { kind: REPLIES, items, i: 0 };
  }

  private reply(r: Reply): void {
    switch (r.t) {
      case 'simple':
        return this.line(43 /* + */, r.v);
      case 'error':
        return this.line(45 /* - */, r.v);
      case 'int': {
        const v = r.v;
        if (typeof v === 'number' && v >= 0 && v <= Number.MAX_SAFE_INTEGER) {
          this.room(24);
          this.b[this.p++] = 58; // ':'
          this.p = writeUint(this.b, this.p, v);
          this.crlf();
          return;
        }
        return this.line(58 /* : */, String(v));
      }
      case 'bulk':
        return this.bulk(r.v);
      case 'nil':
        return this.ascii(this.resp === 3 ? `_${CRLF}` : `$-1${CRLF}`);
      case 'nilarray':
        return this.ascii(this.resp === 3 ? `_${CRLF}` : `*-1${CRLF}`);
      case 'array':
        if (r instanceof BulkArray) return this.strings(r.strings);
        return this.items(42 /* * */, r.v);
      case 'push':
        return this.items(this.resp === 3 ? 62 /* > */ : 42, r.v);
      case 'set':
        return this.items(this.resp === 3 ? 126 /* ~ */ : 42, r.v);
      case 'map': {
        const pairs = r.v;
        if (this.resp === 3) this.header(37 /* % */, pairs.length);
        else this.header(42, pairs.length * 2);
        for (let i = 0; i < pairs.length; i++) {
          const pair = pairs[i]!;
          this.element(pair[0]);
          this.element(pair[1]);
        }
        return;
      }
      case 'double': {
        const text = r.text ?? formatDouble(r.v);
        return this.resp === 3 ? this.line(44 /* , */, text) : this.bulk(text);
      }
      case 'bool':
        return this.ascii(this.resp === 3 ? (r.v ? `#t${CRLF}` : `#f${CRLF}`) : r.v ? `:1${CRLF}` : `:0${CRLF}`);
      case 'verbatim':
        if (this.resp === 2) return this.bulk(r.v);
        this.header(61 /* = */, r.format.length + 1 + r.v.length);
        this.ascii(`${r.format}:`);
        this.bytes(r.v);
        return this.crlf();
      case 'bignum':
        return this.resp === 3 ? this.line(40 /* ( */, r.v) : this.bulk(r.v);
    }
  }

  /** An aggregate's elements: bulks (most of them) inline, anything else through reply(). */
  private items(mark: number, items: readonly Reply[]): void {
    this.header(mark, items.length);
    for (let i = 0; i < items.length; i++) this.element(items[i]!);
  }

  /** A packed array of bulk strings (BulkArray): `*<n>` then each `$<len>\r\n<bytes>\r\n`. */
  private strings(items: readonly string[]): void {
    this.header(42 /* * */, items.length);
    this.stringRange(items, 0, items.length);
  }

  /** Bulk strings items[from, count) of a packed array. */
  private stringRange(items: readonly string[], from: number, count: number): void {
    let i = from;
    while (i < count) {
      // Short strings in one tight loop while they fit; anything else through bulk().
      const b = this.b;
      const limit = b.length - 8 - COPY_LOOP_MAX;
      let p = this.p;
      for (; i < count; i++) {
        const s = items[i]!;
        const n = s.length;
        if (n >= COPY_LOOP_MAX || p > limit) break;
        b[p++] = 36; // '$'
        if (n < 10) b[p++] = 48 + n;
        else {
          b[p++] = 48 + ((n / 10) | 0);
          b[p++] = 48 + (n % 10);
        }
        b[p++] = 13;
        b[p++] = 10;
        for (let j = 0; j < n; j++) b[p++] = s.charCodeAt(j);
        b[p++] = 13;
        b[p++] = 10;
      }
      this.p = p;
      if (i < count) this.bulk(items[i++]!);
    }
  }

  private element(x: Reply): void {
    if (x.t === 'bulk') this.bulk(x.v);
    else this.reply(x);
  }

  private bulk(v: string): void {
    const n = v.length;
    if (n >= BIG_VALUE) {
      this.header(36 /* $ */, n);
      this.bytes(v);
      return this.crlf();
    }
    this.room(n + 24);
    const b = this.b;
    let p = this.p;
    b[p++] = 36; // '$'
    p = writeUint(b, p, n);
    b[p++] = 13;
    b[p++] = 10;
    p = writeBytes(b, p, v);
    b[p++] = 13;
    b[p++] = 10;
    this.p = p;
  }

  /** `<mark><n>\r\n` */
  private header(mark: number, n: number): void {
    this.room(24);
    this.b[this.p++] = mark;
    this.p = writeUint(this.b, this.p, n);
    this.crlf();
  }

  /** `<mark><text>\r\n` */
  private line(mark: number, text: string): void {
    this.room(1);
    this.b[this.p++] = mark;
    this.bytes(text);
    this.crlf();
  }

  private crlf(): void {
    this.room(2);
    this.b[this.p++] = 13;
    this.b[this.p++] = 10;
  }

  private ascii(s: string): void {
    this.room(s.length);
    this.p = writeAscii(this.b, this.p, s);
  }

  /** A byte string: copied when short, kept as the string itself when big. */
  private bytes(s: string): void {
    if (s.length < BIG_VALUE) {
      this.room(s.length);
      this.p = writeBytes(this.b, this.p, s);
      return;
    }
    const o = this.o;
    o.end = this.p;
    o.seal();
    o.parts.push(s);
    o.bytes += s.length;
  }

  /** Makes room for n more bytes: past the buffer's end, what it holds is sealed and a bigger one begun. */
  private room(n: number): void {
    if (this.p + n <= this.b.length) return;
    const o = this.o;
    o.end = this.p;
    o.seal();
    this.b = o.buf = Buffer.allocUnsafe(Math.max(Math.min(2 * this.b.length, MAX_GROWN_BUFFER), n, FIRST_BUFFER));
    this.p = o.start = o.end = 0;
  }
}

const encoder = new Encoder();

/** Encodes a reply onto a connection's output. */
export function writeReply(r: Reply, resp: 2 | 3, o: ReplyOutput): void {
  encoder.write(r, resp, o);
}

/**
 * Encodes a reply, or, when it is an aggregate of more than SLICE_ITEMS
 * elements, only its start: the cursor returned is continued by
 * `continueReply` a slice at a time, so a huge reply (LRANGE of a million
 * elements) is not encoded in one go while other clients wait. Replies are
 * values the engine no longer touches, so the bytes are the same whenever
 * they are encoded.
 */
export function startReply(r: Reply, resp: 2 | 3, o: ReplyOutput): ReplyCursor | undefined {
  return encoder.begin(r, resp, o);
}

/** Encodes about `budget` more bytes of a started reply; true once it is complete. */
export function continueReply(cur: ReplyCursor, o: ReplyOutput, budget: number): boolean {
  return encoder.resume(cur, o, budget);
}

/** Encodes a reply as RESP text (a byte string). */
export function encodeReply(r: Reply, resp: 2 | 3 = 2): string {
  const o = new ReplyOutput();
  encoder.write(r, resp, o);
  return o.text();
}

/** Writes a byte string at `p`; returns the position after it. */
function writeBytes(b: Buffer, p: number, s: string): number {
  const n = s.length;
  if (n < COPY_LOOP_MAX) {
    for (let j = 0; j < n; j++) b[p++] = s.charCodeAt(j);
    return p;
  }
  const w = b as Latin1Writable;
  return p + (w.latin1Write !== undefined ? w.latin1Write(s, p) : b.write(s, p, 'latin1'));
}

function writeAscii(b: Buffer, p: number, s: string): number {
  for (let j = 0; j < s.length; j++) b[p++] = s.charCodeAt(j);
  return p;
}

/** Writes a non-negative integer in decimal at `p`; returns the position after it. */
function writeUint(b: Buffer, p: number, n: number): number {
  if (n < 10) {
    b[p] = 48 + n;
    return p + 1;
  }
  if (n < 100) {
    b[p] = 48 + ((n / 10) | 0);
    b[p + 1] = 48 + (n % 10);
    return p + 2;
  }
  let digits = 3;
  for (let m = 1000; m <= n; m *= 10) digits++;
  let q = n;
  for (let i = p + digits - 1; i >= p; i--) {
    b[i] = 48 + (q % 10);
    q = Math.floor(q / 10);
  }
  return p + digits;
}

export function encodeCommand(argv: readonly string[]): string {
  let s = `*${argv.length}${CRLF}`;
  for (const a of argv) s += `$${a.length}${CRLF}${a}${CRLF}`;
  return s;
}

export class ProtocolError extends Error {}

/**
 * Incremental reply parser: feed byte-string chunks, take whole replies.
 * Used by tests to talk to a real redis-server.
 */
export class ReplyParser {
  private buf = '';
  private pos = 0;

  feed(chunk: string): void {
    this.buf = this.buf.slice(this.pos) + chunk;
    this.pos = 0;
  }

  /** Returns the next whole reply, or undefined when more bytes are needed. */
  next(): Reply | undefined {
    const start = this.pos;
    const r = this.parse();
    if (r === undefined) this.pos = start;
    return r;
  }

  private line(): string | undefined {
    const end = this.buf.indexOf(CRLF, this.pos);
    if (end < 0) return undefined;
    const l = this.buf.slice(this.pos, end);
    this.pos = end + 2;
    return l;
  }

  private parse(): Reply | undefined {
    if (this.pos >= this.buf.length) return undefined;
    const type = this.buf[this.pos]!;
    this.pos++;
    const l = this.line();
    if (l === undefined) return undefined;
    switch (type) {
      case '+':
        return { t: 'simple', v: l };
      case '-':
        return { t: 'error', v: l };
      case ':':
        return { t: 'int', v: toInt(l) };
      case '(':
        return { t: 'bignum', v: l };
      case ',':
        return { t: 'double', v: l === 'inf' ? Infinity : l === '-inf' ? -Infinity : Number(l) };
      case '#':
        return { t: 'bool', v: l === 't' };
      case '_':
        return { t: 'nil' };
      case '$':
      case '=': {
        const n = Number(l);
        if (n < 0) return { t: 'nil' };
        if (this.buf.length < this.pos + n + 2) return undefined;
        const v = this.buf.slice(this.pos, this.pos + n);
        this.pos += n + 2;
        if (type === '=') return { t: 'verbatim', format: v.slice(0, 3), v: v.slice(4) };
        return { t: 'bulk', v };
      }
      case '*':
      case '~':
      case '>': {
        const n = Number(l);
        if (n < 0) return { t: 'nilarray' };
        const items: Reply[] = [];
        for (let i = 0; i < n; i++) {
          const x = this.parse();
          if (x === undefined) return undefined;
          items.push(x);
        }
        return type === '*' ? { t: 'array', v: items } : type === '~' ? { t: 'set', v: items } : { t: 'push', v: items };
      }
      case '%': {
        const n = Number(l);
        const pairs: [Reply, Reply][] = [];
        for (let i = 0; i < n; i++) {
          const k = this.parse();
          if (k === undefined) return undefined;
          const v = this.parse();
          if (v === undefined) return undefined;
          pairs.push([k, v]);
        }
        return { t: 'map', v: pairs };
      }
      default:
        throw new ProtocolError(`unexpected reply type byte ${JSON.stringify(type)}`);
    }
  }
}

function toInt(s: string): number | bigint {
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : BigInt(s);
}

// ---- Requests --------------------------------------------------------------

/** Longest inline command, or multibulk/bulk count line, Redis accepts (PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/**
 * Where redis-server 7.0 first looks for an inline request's newline past
 * PROTO_INLINE_MAX_SIZE: after its fifth read of the line (reads of a
 * little under 16 KB; measured: a line of 81,910 bytes with its LF passes,
 * one of 81,911 is too big).
 */
const INLINE_FIRST_LOOK_PAST_LIMIT = 81_910;
/** Redis's default proto-max-bulk-len. */
export const PROTO_MAX_BULK_LEN = 512 * 1024 * 1024;
/**
 * The longest string V8 can make (2^29 - 24 chars), a little under 512 MB.
 * A bulk between the two is accepted like Redis does, but once it has
 * arrived whole it is refused like an over-long one: the one place where
 * this parser and Redis differ.
 */
const MAX_JS_STRING = 0x1fffffe8;
const INT_MAX = 2147483647;
/** Requests with more arguments, or bulks longer than this, take the general path. */
const FAST_MAX_COUNT = 1024;
/** What a client that must still authenticate may send: arguments per request, bytes per argument. */
const UNAUTH_MAX_COUNT = 10;
const UNAUTH_MAX_BULK = 16384;
const FAST_MAX_BULK = 65536;
/** Arguments up to this long are compared with the previous request's (see RequestParser.prev). */
const REUSE_MAX = 64;

/**
 * One parsed request: an argv (empty requests are skipped), or a protocol
 * error. After an error the connection must reply with it and close; the
 * parser returns nothing more.
 */
export type Request = { readonly argv: string[]; readonly error?: undefined } | { readonly error: string };

const EMPTY = Buffer.alloc(0);

/**
 * `buf.toString('latin1', s, e)` without its argument handling: Node's
 * Buffer has a `latin1Slice` method behind toString (undocumented, present
 * in every supported version); the documented call is the fallback.
 */
type Latin1Sliceable = Buffer & { latin1Slice?: (start: number, end: number) => string };
const hasLatin1Slice = typeof (EMPTY as Latin1Sliceable).latin1Slice === 'function';
function latin1(b: Buffer, s: number, e: number): string {
  if (e - s === 0) return '';
  return hasLatin1Slice ? (b as Latin1Sliceable).latin1Slice!(s, e) : b.toString('latin1', s, e);
}

/**
 * Incremental request parser with Redis 7.0's exact behaviour
 * (processInputBuffer, processMultibulkBuffer, processInlineBuffer):
 *
 * - a request starting with `*` is multibulk, anything else is inline;
 * - count lines are found by the first `\r`, as Redis's strchr does (so a NUL
 *   byte before it means "wait for more"), and the byte after that `\r` is
 *   skipped whatever it is; a bulk's two trailing bytes are skipped unchecked;
 * - `*0` and negative counts are empty requests; counts over INT_MAX, bulk
 *   lengths that are not strict integers, negative or over 512 MB are errors;
 * - inline requests end at `\n` (an optional `\r` before it is dropped) and
 *   are split like redis-cli arguments (quotes, `\xHH` escapes);
 * - more than 64 KB without the line end is "too big".
 *
 * Arguments come out as byte strings (latin1: one char per byte).
 */
export class RequestParser {
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Chunks received while waiting for a long bulk, concatenated once it is whole. */
  private pending: Buffer[] = [];
  private pendingLen = 0;
  /** 0: unknown, 1: inline, 2: multibulk (Redis's c->reqtype). */
  private reqtype = 0;
  private multibulklen = 0;
  private bulklen = -1;
  private argv: string[] = [];
  private failed = false;
  /** `buf` decoded whole, for cutting short arguments out of it (see `fast`). */
  private text = '';
  private textOf: Buffer = EMPTY;
  /**
   * The previous request's arguments. An argument of at most REUSE_MAX
   * bytes equal to the one at the same place in the previous request is
   * that same string: pipelines repeat command names, keys (a counter, a
   * queue, a leaderboard) and small values, and one string object skips
   * decoding, V8's hashing for the lookups, and memory for the copies
   * stored (as Redis shares its small integer objects).
   */
  private prev: readonly string[] = [];
  /**
   * The client must still authenticate (Redis's authRequired): a request of
   * more than 10 arguments or an argument over 16 KB is a protocol error,
   * so an unauthenticated client cannot make the server hold much.
   */
  authRequired = false;

  feed(chunk: Buffer | string): void {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    if (b.length === 0) return;
    if (this.pos >= this.buf.length && this.pending.length === 0) {
      this.buf = b;
      this.pos = 0;
    } else {
      this.pending.push(b);
      this.pendingLen += b.length;
    }
  }

  /** Bytes received and not yet consumed. */
  get buffered(): number {
    return this.buf.length - this.pos + this.pendingLen;
  }

  /** The next request, or undefined when more bytes are needed (or after an error). */
  next(): Request | undefined {
    while (!this.failed) {
      if (this.reqtype === 0) {
        if (this.buffered === 0) return undefined;
        this.compact();
        if (this.buf[this.pos] === 0x2a /* * */ && !this.authRequired) {
          const argv = this.fast();
          if (argv !== undefined) return { argv };
        }
        this.reqtype = this.buf[this.pos] === 0x2a /* * */ ? 2 : 1;
      }
      const r = this.reqtype === 1 ? this.inline() : this.multibulk();
      if (r === undefined) return undefined;
      this.reqtype = 0;
      this.multibulklen = 0;
      this.bulklen = -1;
      this.argv = [];
      if (r.error !== undefined) {
        this.failed = true;
        this.buf = EMPTY;
        this.pos = 0;
        this.pending = [];
        this.pendingLen = 0;
        return r;
      }
      if (r.argv.length > 0) return r;
    }
    return undefined;
  }

  /**
   * The common case in one pass: a whole multibulk request in canonical
   * form (count and lengths plain positive decimals, nothing oversized) lying
   * in `buf`. Returns undefined, having consumed nothing, for anything else
   * (a partial request, an empty one, a malformed one, a long bulk); the
   * general state machine below then handles it with Redis's exact rules.
   *
   * Arguments shorter than 13 bytes are cut from `buf` decoded once as a
   * string: V8 copies such substrings, so none keeps the chunk alive, and no
   * call into Node is needed per argument. Longer ones are decoded on their
   * own (a longer substring would share, and retain, the whole chunk). An
   * argument with the same bytes as the previous request's in that place is
   * the same string (see `prev`).
   */
  private fast(): string[] | undefined {
    const b = this.buf;
    const n = b.length;
    let p = this.pos + 1;
    let count = 0;
    for (let c = b[p]!; c !== 0x0d; c = b[p]!) {
      if (c < 0x30 || c > 0x39 || count > FAST_MAX_COUNT || p + 1 >= n) return undefined;
      count = count * 10 + (c - 0x30);
      p++;
    }
    if (count === 0 || count > FAST_MAX_COUNT || b[this.pos + 1] === 0x30) return undefined;
    p += 2; // the \r and the byte after it, whatever it is (as Redis)
    const argv = new Array<string>(count);
    const prev = this.prev;
    for (let i = 0; i < count; i++) {
      if (p >= n || b[p] !== 0x24 /* $ */) return undefined;
      const d0 = ++p;
      let len = 0;
      for (let c = b[p]!; c !== 0x0d; c = b[p]!) {
        if (c < 0x30 || c > 0x39 || len > FAST_MAX_BULK || p + 1 >= n) return undefined;
        len = len * 10 + (c - 0x30);
        p++;
      }
      // no digits, a leading zero ("01" is malformed), a long bulk: the general path
      if (p === d0 || (b[d0] === 0x30 && p - d0 > 1) || len > FAST_MAX_BULK) return undefined;
      const start = p + 2;
      p = start + len + 2; // the bulk's two trailing bytes are skipped unchecked, as Redis does
      if (p > n) return undefined;
      if (i < prev.length && len <= REUSE_MAX) {
        const last = prev[i]!;
        if (len === last.length && sameBytes(b, start, last)) {
          argv[i] = last;
          continue;
        }
      }
      let arg: string;
      if (len >= 13) arg = latin1(b, start, start + len);
      else {
        if (this.textOf !== b) {
          this.text = latin1(b, 0, n);
          this.textOf = b;
        }
        arg = this.text.substring(start, start + len);
      }
      argv[i] = arg;
    }
    this.pos = p;
    this.prev = argv;
    return argv;
  }

  private compact(): void {
    if (this.pending.length === 0) return;
    this.buf = Buffer.concat([this.buf.subarray(this.pos), ...this.pending]);
    this.pos = 0;
    this.pending = [];
    this.pendingLen = 0;
  }

  /** Like C's strchr from pos: -1 when absent or when a NUL byte comes first. */
  private find(byte: number): number {
    const b = this.buf;
    const n = b.length;
    // Count lines are short: a plain loop finds the byte (or a NUL first)
    // faster than a native indexOf call; long inline lines go native.
    const stop = Math.min(n, this.pos + 32);
    let j = this.pos;
    for (; j < stop; j++) {
      const c = b[j]!;
      if (c === byte) return j;
      if (c === 0) return -1;
    }
    if (j === n) return -1;
    const i = b.indexOf(byte, j);
    if (i < 0) return -1;
    if (b.subarray(j, i).indexOf(0) >= 0) return -1;
    return i;
  }

  private inline(): Request | undefined {
    this.compact();
    const nl = this.find(0x0a);
    if (nl < 0) {
      if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return { error: 'ERR Protocol error: too big inline request' };
      return undefined;
    }
    // Redis reads about 16 KB at a time and looks for the newline after each
    // read: a line it has not found by its first look past 64 KB is too big,
    // even when a longer read here brought the newline too.
    if (nl - this.pos >= INLINE_FIRST_LOOK_PAST_LIMIT) return { error: 'ERR Protocol error: too big inline request' };
    const end = nl !== this.pos && this.buf[nl - 1] === 0x0d ? nl - 1 : nl;
    const argv = sdssplitargs(latin1(this.buf, this.pos, end));
    if (argv === null) return { error: 'ERR Protocol error: unbalanced quotes in request' };
    this.pos = nl + 1;
    return { argv };
  }

  private multibulk(): Request | undefined {
    if (this.multibulklen === 0) {
      this.compact();
      const cr = this.find(0x0d);
      if (cr < 0) {
        if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return { error: 'ERR Protocol error: too big mbulk count string' };
        return undefined;
      }
      if (cr + 1 >= this.buf.length) return undefined; // the byte after \r is not here yet
      const ll = string2ll(this.buf, this.pos + 1, cr);
      if (ll === undefined || ll > INT_MAX) return { error: 'ERR Protocol error: invalid multibulk length' };
      if (ll > UNAUTH_MAX_COUNT && this.authRequired) return { error: 'ERR Protocol error: unauthenticated multibulk length' };
      this.pos = cr + 2;
      if (ll <= 0) return { argv: [] };
      this.multibulklen = ll;
      this.argv = [];
    }
    while (this.multibulklen > 0) {
      if (this.bulklen === -1) {
        this.compact();
        const cr = this.find(0x0d);
        if (cr < 0) {
          if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return { error: 'ERR Protocol error: too big bulk count string' };
          return undefined;
        }
        if (cr + 1 >= this.buf.length) return undefined;
        const first = this.buf[this.pos]!;
        if (first !== 0x24 /* $ */) {
          // Redis's error replies turn CR and LF into spaces.
          const ch = first === 0x0d || first === 0x0a ? ' ' : String.fromCharCode(first);
          return { error: `ERR Protocol error: expected '$', got '${ch}'` };
        }
        const ll = string2ll(this.buf, this.pos + 1, cr);
        if (ll === undefined || ll < 0 || ll > PROTO_MAX_BULK_LEN) return { error: 'ERR Protocol error: invalid bulk length' };
        if (ll > UNAUTH_MAX_BULK && this.authRequired) return { error: 'ERR Protocol error: unauthenticated bulk length' };
        this.pos = cr + 2;
        this.bulklen = ll;
      }
      if (this.buffered < this.bulklen + 2) return undefined; // wait without copying
      if (this.bulklen > MAX_JS_STRING) return { error: 'ERR Protocol error: invalid bulk length' };
      this.compact();
      this.argv.push(latin1(this.buf, this.pos, this.pos + this.bulklen));
      this.pos += this.bulklen + 2;
      this.bulklen = -1;
      this.multibulklen--;
    }
    return { argv: this.argv };
  }
}

/** True when bytes [s, s + text.length) of b are the char codes of text. */
function sameBytes(b: Uint8Array, s: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (b[s + k] !== text.charCodeAt(k)) return false;
  return true;
}

/**
 * Redis's string2ll over bytes [s, e): a strict decimal long long (no
 * sign but '-', no leading zeros, no spaces). Returns undefined when
 * invalid. Values beyond 2^53 lose precision, which only matters for
 * comparisons against limits far below that.
 */
export function string2ll(b: Uint8Array, s: number, e: number): number | undefined {
  const len = e - s;
  if (len <= 0 || len >= 21) return undefined;
  if (len === 1 && b[s] === 0x30) return 0;
  let p = s;
  let negative = false;
  if (b[p] === 0x2d) {
    negative = true;
    p++;
    if (p === e) return undefined;
  }
  const d0 = b[p]!;
  if (d0 < 0x31 || d0 > 0x39) return undefined;
  const from = p;
  let v = 0;
  for (; p < e; p++) {
    const d = b[p]!;
    if (d < 0x30 || d > 0x39) return undefined;
    v = v * 10 + (d - 0x30); // exact below 2^53, i.e. up to 15 digits
  }
  if (e - from >= 16) {
    let digits = '';
    for (let q = from; q < e; q++) digits += String.fromCharCode(b[q]!);
    if (e - from >= 19) {
      const big = BigInt(digits);
      if (big > (negative ? INT64_MAX + 1n : INT64_MAX)) return undefined;
    }
    v = Number(digits);
  }
  return negative ? -v : v;
}

