/**
 * RESP2/RESP3 encoding and incremental parsing, shared by the TCP server
 * (requests in, replies out) and the test client (requests out, replies in).
 * Byte strings (one char per byte) are written with the 'latin1' encoding,
 * which maps code units 0..255 to bytes one to one.
 */
import type { Reply } from '../src/engine';

const CRLF = '\r\n';

/** Encodes a reply as RESP text (a byte string). */
export function encodeReply(r: Reply, resp: 2 | 3 = 2): string {
  switch (r.t) {
    case 'simple':
      return `+${r.v}${CRLF}`;
    case 'error':
      return `-${r.v}${CRLF}`;
    case 'int':
      return `:${r.v}${CRLF}`;
    case 'bulk':
      return `$${r.v.length}${CRLF}${r.v}${CRLF}`;
    case 'nil':
      return resp === 3 ? `_${CRLF}` : `$-1${CRLF}`;
    case 'nilarray':
      return resp === 3 ? `_${CRLF}` : `*-1${CRLF}`;
    case 'array':
      return `*${r.v.length}${CRLF}${r.v.map((x) => encodeReply(x, resp)).join('')}`;
    case 'push':
      return resp === 3
        ? `>${r.v.length}${CRLF}${r.v.map((x) => encodeReply(x, resp)).join('')}`
        : `*${r.v.length}${CRLF}${r.v.map((x) => encodeReply(x, resp)).join('')}`;
    case 'set':
      return resp === 3
        ? `~${r.v.length}${CRLF}${r.v.map((x) => encodeReply(x, resp)).join('')}`
        : `*${r.v.length}${CRLF}${r.v.map((x) => encodeReply(x, resp)).join('')}`;
    case 'map':
      return resp === 3
        ? `%${r.v.length}${CRLF}${r.v.map(([k, v]) => encodeReply(k, resp) + encodeReply(v, resp)).join('')}`
        : `*${r.v.length * 2}${CRLF}${r.v.map(([k, v]) => encodeReply(k, resp) + encodeReply(v, resp)).join('')}`;
    case 'double': {
      const text = formatDouble(r.v);
      return resp === 3 ? `,${text}${CRLF}` : `$${text.length}${CRLF}${text}${CRLF}`;
    }
    case 'bool':
      return resp === 3 ? `#${r.v ? 't' : 'f'}${CRLF}` : `:${r.v ? 1 : 0}${CRLF}`;
    case 'verbatim': {
      if (resp === 2) return `$${r.v.length}${CRLF}${r.v}${CRLF}`;
      const body = `${r.format}:${r.v}`;
      return `=${body.length}${CRLF}${body}${CRLF}`;
    }
    case 'bignum':
      return resp === 3 ? `(${r.v}${CRLF}` : `$${r.v.length}${CRLF}${r.v}${CRLF}`;
  }
}

/** RESP3 double text: inf, -inf, nan, else the shortest round-trip form. */
export function formatDouble(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  if (Number.isNaN(v)) return 'nan';
  return String(v);
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
