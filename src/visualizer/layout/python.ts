/**
 * The keyspace as the Python structures the lecture maps Redis types to:
 * string = a variable (str, or int for a counter), hash = dict, list =
 * collections.deque, set = set, sorted set = a list of (score, member)
 * sorted by score, stream = a list of (id, dict) tuples in ID order.
 */
import type { ValueWindow } from '../../protocol/views';
import { bytesToText, isIntegerString } from './text';
import { formatScore } from './zset';

/** A Python string literal (double quotes, as json.dumps writes them). */
export function pyStr(bin: string, max = 60): string {
  let t = bytesToText(bin);
  const cut = t.length > max;
  if (cut) t = t.slice(0, max);
  const body = t
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `"${body}${cut ? '…' : ''}"`;
}

function pyFloat(s: number): string {
  if (s === Infinity) return 'float("inf")';
  if (s === -Infinity) return 'float("-inf")';
  const t = formatScore(s);
  return /[.e]/.test(t) ? t : `${t}.0`;
}

const more = (shown: number, length: number) => (length > shown ? ', ...' : '');

/** A trailing comment with the real size when the preview is cut (`# 1,000,000 items`). */
export function pyLengthNote(v: ValueWindow, max = Infinity): string {
  if (v.type === null || v.type === 'string') return '';
  const shown = Math.min(max, v.type === 'hash' || v.type === 'stream' ? v.entries.length : v.type === 'set' ? v.members.length : v.items.length);
  return v.length > shown ? `# len ${v.length.toLocaleString('en-US')}` : '';
}

/** The Python expression for a key's value (from a preview window), at most `max` elements. */
export function pyValue(w: ValueWindow, max = Infinity): string {
  const v = clip(w, max);
  switch (v.type) {
    case null:
      return 'None';
    case 'string':
      return isIntegerString(v.value) ? v.value : pyStr(v.value);
    case 'hash':
      if (v.length === 0) return '{}';
      return `{${v.entries.map(([f, x]) => `${pyStr(f, 30)}: ${pyStr(x, 40)}`).join(', ')}${more(v.entries.length, v.length)}}`;
    case 'list':
      return `deque([${v.items.map((x) => pyStr(x, 30)).join(', ')}${more(v.items.length, v.length)}])`;
    case 'set':
      if (v.length === 0) return 'set()';
      return `{${v.members.map((x) => pyStr(x, 30)).join(', ')}${more(v.members.length, v.length)}}`;
    case 'zset':
      return `[${v.items.map(([m, s]) => `(${pyFloat(s)}, ${pyStr(m, 30)})`).join(', ')}${more(v.items.length, v.length)}]`;
    case 'stream':
      return `[${v.entries.map((e) => `(${pyStr(e.id)}, ${pyFields(e.fields)})`).join(', ')}${more(v.entries.length, v.length)}]`;
  }
}

/**
 * A stream window that does not start at the oldest entry: its newest
 * entries, when the window reaches the end (`[..., ("2-0", {...})]`), else ''.
 */
export function pyStreamTail(v: ValueWindow, max = 3): string {
  if (v.type !== 'stream' || v.offset === 0 || v.offset + v.entries.length < v.length) return '';
  const tail = v.entries.slice(-max);
  return `[..., ${tail.map((e) => `(${pyStr(e.id)}, ${pyFields(e.fields)})`).join(', ')}]`;
}

/** A stream entry's fields as a dict (a repeated field keeps its last value, as a dict would). */
export function pyFields(fields: readonly string[]): string {
  const d = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) d.set(fields[i]!, fields[i + 1]!);
  return `{${[...d].map(([f, x]) => `${pyStr(f, 30)}: ${pyStr(x, 40)}`).join(', ')}}`;
}

function clip(v: ValueWindow, max: number): ValueWindow {
  if (v.type === null || v.type === 'string' || !Number.isFinite(max)) return v;
  switch (v.type) {
    case 'hash':
      return v.entries.length > max ? { ...v, entries: v.entries.slice(0, max) } : v;
    case 'list':
      return v.items.length > max ? { ...v, items: v.items.slice(0, max) } : v;
    case 'set':
      return v.members.length > max ? { ...v, members: v.members.slice(0, max) } : v;
    case 'zset':
      return v.items.length > max ? { ...v, items: v.items.slice(0, max) } : v;
    case 'stream':
      return v.entries.length > max ? { ...v, entries: v.entries.slice(0, max) } : v;
  }
}

/** The Python type a Redis type maps to, for labels. */
export function pyTypeName(type: string | null): string {
  switch (type) {
    case 'string':
      return 'str';
    case 'hash':
      return 'dict';
    case 'list':
      return 'deque';
    case 'set':
      return 'set';
    case 'zset':
      return 'sorted list of (score, member)';
    case 'stream':
      return 'list of (id, dict) tuples, append-only';
    default:
      return 'None';
  }
}
