/**
 * Turning a reply into the text redis-cli 7.0.15 prints on a terminal.
 *
 * redis-cli never sees our Reply values: it sees what the server put on the
 * wire, which depends on the connection's protocol. So a reply is first
 * lowered to its wire form (RESP2 turns maps into flat arrays, doubles and
 * verbatim strings into bulk strings, booleans into integers; a double's
 * text is `%.17g` as Redis 7.0 prints it), then printed the way redis-cli's
 * TTY formatter prints it:
 *
 *   OK                      status replies, as they are
 *   "a\nb\xff"              bulk strings, quoted and escaped (sdscatrepr)
 *   (integer) 3, (nil), (error) ERR ..., (double) 1.5, (true), (false)
 *   (empty array), (empty hash), (empty set), (empty push)
 *   1) ...                  arrays; the index is right-aligned to the width
 *                           of the largest index and nested items are
 *                           indented under the parent's first item
 *   1# "key" => value       RESP3 maps; 1~ ... RESP3 sets
 *
 * Everything here returns the output *without* its final newline; lines are
 * separated by "\n" (the terminal writes "\r\n").
 */
import { toText } from '../text/bytes';
import type { Reply } from '../engine/core/reply';
import { formatDouble } from '../text/double';

export interface FormatOptions {
  /**
   * The connection's protocol (HELLO 2/3). Default 2, which is what
   * redis-cli speaks until `HELLO 3` (or `redis-cli -3`).
   */
  readonly resp?: 2 | 3;
}

/** A reply as hiredis hands it to redis-cli. */
type Wire =
  | { readonly k: 'status' | 'error' | 'string' | 'verb' | 'double' | 'bignum'; readonly s: string }
  | { readonly k: 'integer'; readonly n: number | bigint }
  | { readonly k: 'nil' }
  | { readonly k: 'bool'; readonly b: boolean }
  | { readonly k: 'array' | 'set' | 'push' | 'map'; readonly items: readonly Wire[] };

/** Lowers a reply to what the client receives over RESP2 or RESP3. */
function toWire(r: Reply, resp: 2 | 3): Wire {
  switch (r.t) {
    case 'simple':
      return { k: 'status', s: r.v };
    case 'error':
      return { k: 'error', s: r.v };
    case 'int':
      return { k: 'integer', n: r.v };
    case 'bulk':
      return { k: 'string', s: r.v };
    case 'nil':
    case 'nilarray':
      return { k: 'nil' };
    case 'array':
      return { k: 'array', items: r.v.map((x) => toWire(x, resp)) };
    case 'set':
      return { k: resp === 3 ? 'set' : 'array', items: r.v.map((x) => toWire(x, resp)) };
    case 'push':
      return { k: resp === 3 ? 'push' : 'array', items: r.v.map((x) => toWire(x, resp)) };
    case 'map': {
      const items: Wire[] = [];
      for (const [key, value] of r.v) items.push(toWire(key, resp), toWire(value, resp));
      return { k: resp === 3 ? 'map' : 'array', items };
    }
    case 'double':
      return { k: resp === 3 ? 'double' : 'string', s: r.text ?? formatDouble(r.v) };
    case 'bool':
      return resp === 3 ? { k: 'bool', b: r.v } : { k: 'integer', n: r.v ? 1 : 0 };
    case 'verbatim':
      return { k: resp === 3 ? 'verb' : 'string', s: r.v };
    case 'bignum':
      return { k: resp === 3 ? 'bignum' : 'string', s: r.v };
  }
}

/** C `isprint` in the C locale. */
const isPrint = (c: number): boolean => c >= 0x20 && c <= 0x7e;

/** redis-cli's quoting of a bulk string (sds `sdscatrepr`), on a byte string. */
export function quoteBytes(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isPrint(c) && c !== 0x22 && c !== 0x5c) continue;
    if (i > start) out += s.slice(start, i);
    start = i + 1;
    switch (c) {
      case 0x5c:
        out += '\\\\';
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        out += `\\x${(c & 0xff).toString(16).padStart(2, '0')}`;
    }
  }
  if (start < s.length) out += s.slice(start);
  return `${out}"`;
}

/** Does the TTY formatter print this value over several lines? */
function isMultiline(r: Wire): boolean {
  switch (r.k) {
    case 'array':
    case 'set':
    case 'push':
      if (r.items.length === 0) return false;
      if (r.items.length > 1) return true;
      return isMultiline(r.items[0]!);
    case 'map':
      if (r.items.length === 0) return false;
      if (r.items.length > 2) return true;
      return isMultiline(r.items[1]!);
    default:
      return false;
  }
}

const EMPTY: Readonly<Record<'array' | 'set' | 'push' | 'map', string>> = {
  array: '(empty array)\n',
  map: '(empty hash)\n',
  set: '(empty set)\n',
  push: '(empty push)\n',
};

/** redis-cli's `cliFormatReplyTTY`: every line ends with "\n". */
function tty(r: Wire, prefix: string): string {
  switch (r.k) {
    // redis-cli prints these two as C strings: a NUL byte ends them.
    case 'error':
      return `(error) ${cString(r.s)}\n`;
    case 'status':
      return `${cString(r.s)}\n`;
    case 'integer':
      return `(integer) ${r.n}\n`;
    case 'double':
      return `(double) ${r.s}\n`;
    case 'bignum':
      // redis-cli 7.0.15 has no case for big numbers (it exits with
      // "Unknown reply type"); later versions print this.
      return `(big number) ${r.s}\n`;
    case 'string':
      return `${quoteBytes(r.s)}\n`;
    case 'verb':
      return `${r.s}\n`;
    case 'nil':
      return '(nil)\n';
    case 'bool':
      return r.b ? '(true)\n' : '(false)\n';
    case 'array':
    case 'set':
    case 'push':
    case 'map': {
      const n = r.items.length;
      if (n === 0) return EMPTY[r.k];
      const isMap = r.k === 'map';
      const count = isMap ? Math.floor(n / 2) : n;
      const width = String(count).length;
      const childPrefix = prefix + ' '.repeat(width + 2);
      const sep = r.k === 'set' ? '~' : isMap ? '#' : ')';
      let out = '';
      for (let i = 0; i < n; i++) {
        const human = (isMap ? i / 2 : i) + 1;
        // The first item follows the parent's index on the same line.
        out += `${i === 0 ? '' : prefix}${String(human).padStart(width)}${sep} `;
        const item = tty(r.items[i]!, childPrefix);
        if (isMap) {
          // The key's own line break gives way to " => " and the value.
          out += `${item.slice(0, -1)} => `;
          i++;
          const value = r.items[i];
          if (value === undefined) break; // an odd map cannot come from a Reply
          if (isMultiline(value)) out += `\n${childPrefix}`;
          out += tty(value, childPrefix);
        } else {
          out += item;
        }
      }
      return out;
    }
  }
}

/** redis-cli's `cliFormatReplyRaw` (no trailing delimiter). */
function raw(r: Wire): string {
  switch (r.k) {
    case 'nil':
      return '';
    case 'error':
      return `${r.s}\n`;
    case 'status':
    case 'string':
    case 'verb':
    case 'double':
    case 'bignum':
      return r.s;
    case 'bool':
      return r.b ? '(true)' : '(false)';
    case 'integer':
      return String(r.n);
    case 'array':
    case 'set':
    case 'push':
      return r.items.map(raw).join('\n');
    case 'map': {
      const parts: string[] = [];
      for (let i = 0; i + 1 < r.items.length; i += 2) parts.push(`${raw(r.items[i]!)} ${raw(r.items[i + 1]!)}`);
      return parts.join('\n');
    }
  }
}

const dropFinalNewline = (s: string): string => (s.endsWith('\n') ? s.slice(0, -1) : s);

/**
 * The bytes redis-cli writes for a reply in TTY mode, as a byte string
 * (one char per byte), without the final newline. Non-ASCII bytes can only
 * appear unescaped in status, error and verbatim replies.
 */
export function formatReplyBytes(reply: Reply, opts: FormatOptions = {}): string {
  return dropFinalNewline(tty(toWire(reply, opts.resp ?? 2), ''));
}

/**
 * What redis-cli 7.0.15 prints for a reply on a TTY (`--no-raw`), as
 * Unicode text the way a UTF-8 terminal shows it, without the final newline.
 * Lines are joined with "\n".
 */
export function formatReply(reply: Reply, opts: FormatOptions = {}): string {
  return toText(formatReplyBytes(reply, opts));
}

/**
 * A push that arrives on its own (RESP3 pub/sub message, client-side caching
 * invalidation) as redis-cli's push handler prints it: invalidations as
 * `-> invalidate: 'k1', 'k2'`, anything else like a reply. Text, no final
 * newline.
 */
export function formatPush(reply: Reply, opts: FormatOptions = {}): string {
  const w = toWire(reply, opts.resp ?? 3);
  if (
    w.k === 'push' &&
    w.items.length === 2 &&
    w.items[0]!.k === 'string' &&
    w.items[0]!.s.startsWith('invalidate') &&
    w.items[1]!.k === 'array'
  ) {
    const keys = w.items[1]!.items.map((k) => `'${'s' in k ? cString(k.s) : ''}'`);
    return toText(`-> invalidate: ${keys.join(', ')}`);
  }
  return toText(dropFinalNewline(tty(w, '')));
}

/** printf's `%s` stops at the first NUL. */
function cString(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/**
 * Commands whose replies redis-cli prints raw even on a TTY (INFO's text
 * with its real line breaks rather than one quoted string), as in
 * redis-cli 7.0's cliSendCommand. `argv` holds byte strings.
 */
export function printsRaw(argv: readonly string[]): boolean {
  const argc = argv.length;
  if (argc === 0) return false;
  const cmd = argv[0]!.toLowerCase();
  const sub = argc >= 2 ? argv[1]!.toLowerCase() : '';
  switch (cmd) {
    case 'info':
    case 'lolwut':
      return true;
    case 'debug':
      return argc >= 2 && (sub === 'htstats' || sub === 'htstats-key' || sub === 'client-eviction');
    case 'memory':
      return argc >= 2 && (sub === 'malloc-stats' || sub === 'doctor');
    case 'cluster':
      return argc === 2 && (sub === 'nodes' || sub === 'info');
    case 'client':
      return argc >= 2 && (sub === 'list' || sub === 'info');
    case 'latency':
      return (argc === 3 && sub === 'graph') || (argc === 2 && sub === 'doctor');
    case 'proxy':
      return argc >= 2 && sub === 'info';
    default:
      return false;
  }
}

/**
 * Byte-string output for the reply to `argv`, choosing raw printing for the
 * commands redis-cli prints raw (see `printsRaw`). No final newline; raw
 * text keeps whatever line endings the reply holds ("\r\n" for INFO).
 */
export function formatCommandReplyBytes(argv: readonly string[], reply: Reply, opts: FormatOptions = {}): string {
  if (!printsRaw(argv)) return formatReplyBytes(reply, opts);
  return dropFinalNewline(raw(toWire(reply, opts.resp ?? 2)));
}

/**
 * What redis-cli prints after running `argv`: the entry point for the
 * terminal. Unicode text, lines joined with "\n" ("\r\n" inside raw INFO
 * text becomes "\n"), without the final newline.
 */
export function formatCommandReply(argv: readonly string[], reply: Reply, opts: FormatOptions = {}): string {
  return toText(formatCommandReplyBytes(argv, reply, opts)).replace(/\r\n/g, '\n');
}
