/**
 * Engine strings are byte strings (one UTF-16 code unit per byte). The views
 * show them as text: UTF-8 decoded, control characters made visible.
 */
const decoder = new TextDecoder('utf-8', { fatal: false });

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Byte string -> Unicode text (invalid UTF-8 becomes U+FFFD). */
export function bytesToText(bin: string): string {
  if (isAscii(bin)) return bin;
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i) & 0xff;
  return decoder.decode(bytes);
}

/** Unicode text -> byte string (UTF-8), e.g. to send a typed key back to the engine. */
export function textToBytes(text: string): string {
  if (isAscii(text)) return text;
  let out = '';
  for (const b of new TextEncoder().encode(text)) out += String.fromCharCode(b);
  return out;
}

/** Text for one line of the UI: control characters shown as \n, \t, \xNN. */
export function display(bin: string, max = Infinity): string {
  let t = bytesToText(bin);
  if (t.length > max) t = `${t.slice(0, Math.max(0, max - 1))}…`;
  return t.replace(/[\x00-\x1f\x7f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/** An empty name is shown as "" so that it can be seen and clicked. */
export function segmentLabel(name: string): string {
  return name === '' ? '""' : display(name, 200);
}

/** A string Redis would treat as an integer (INCR works on it). */
export function isIntegerString(s: string): boolean {
  return /^-?(0|[1-9][0-9]{0,18})$/.test(s);
}

/** A string that reads as a number (INCRBYFLOAT works on it). */
export function isNumberString(s: string): boolean {
  return s.length > 0 && s.length < 40 && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s);
}

export type JsonToken = { readonly t: 'key' | 'string' | 'number' | 'literal' | 'punct' | 'space'; readonly v: string };

/**
 * The value pretty-printed as JSON when it parses as an object or array,
 * as tokens for colouring; undefined otherwise.
 */
export function jsonTokens(text: string, maxChars = 20_000): JsonToken[] | undefined {
  const s = text.trim();
  if (s.length < 2 || s.length > maxChars || !((s[0] === '{' && s.at(-1) === '}') || (s[0] === '[' && s.at(-1) === ']'))) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(s);
  } catch {
    return undefined;
  }
  const out: JsonToken[] = [];
  const walk = (v: unknown, indent: string): void => {
    if (Array.isArray(v)) {
      if (v.length === 0) return void out.push({ t: 'punct', v: '[]' });
      out.push({ t: 'punct', v: '[' });
      v.forEach((x, i) => {
        out.push({ t: 'space', v: `\n${indent}  ` });
        walk(x, `${indent}  `);
        if (i < v.length - 1) out.push({ t: 'punct', v: ',' });
      });
      out.push({ t: 'space', v: `\n${indent}` }, { t: 'punct', v: ']' });
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v);
      if (entries.length === 0) return void out.push({ t: 'punct', v: '{}' });
      out.push({ t: 'punct', v: '{' });
      entries.forEach(([k, x], i) => {
        out.push({ t: 'space', v: `\n${indent}  ` }, { t: 'key', v: JSON.stringify(k) }, { t: 'punct', v: ': ' });
        walk(x, `${indent}  `);
        if (i < entries.length - 1) out.push({ t: 'punct', v: ',' });
      });
      out.push({ t: 'space', v: `\n${indent}` }, { t: 'punct', v: '}' });
    } else if (typeof v === 'string') out.push({ t: 'string', v: JSON.stringify(v) });
    else if (typeof v === 'number') out.push({ t: 'number', v: String(v) });
    else out.push({ t: 'literal', v: String(v) });
  };
  walk(value, '');
  return out;
}

/** What the header of a HyperLogLog value says (see PFADD), or undefined for other strings. */
export interface HllSummary {
  readonly encoding: 'sparse' | 'dense';
  /** The cardinality PFCOUNT cached in the value, when it is current. */
  readonly cached: number | undefined;
}

/**
 * Recognises a HyperLogLog by its 16-byte header: "HYLL", the encoding
 * (0 dense, 1 sparse), three unused bytes, and the cached count as 8
 * little-endian bytes whose top bit marks it stale.
 */
export function hllSummary(value: string): HllSummary | undefined {
  if (value.length < 16 || !value.startsWith('HYLL')) return undefined;
  const enc = value.charCodeAt(4);
  if (enc > 1) return undefined;
  let cached: number | undefined;
  if ((value.charCodeAt(15) & 0x80) === 0) {
    cached = 0;
    for (let i = 15; i >= 8; i--) cached = cached * 256 + value.charCodeAt(i);
  }
  return { encoding: enc === 0 ? 'dense' : 'sparse', cached };
}
