/**
 * Stream layout: entry IDs (`ms-seq`) compared and shown as time, which
 * entries a command appended, read or removed, and what changed in the
 * consumer groups (for the highlight and the narration).
 */
import type { StreamEntryView, StreamGroupView } from '../../protocol/views';

/** An entry ID as a comparable pair; `-` and `+` are the smallest and largest. Null when not an ID. */
export function parseStreamId(s: string | undefined, missingSeq: 'low' | 'high' = 'low'): [bigint, bigint] | null {
  if (s === undefined) return null;
  if (s === '-') return [0n, 0n];
  if (s === '+') return [2n ** 64n - 1n, 2n ** 64n - 1n];
  const m = /^(\d+)(?:-(\d+))?$/.exec(s);
  if (!m) return null;
  return [BigInt(m[1]!), m[2] === undefined ? (missingSeq === 'low' ? 0n : 2n ** 64n - 1n) : BigInt(m[2])];
}

export function compareStreamIds(a: string, b: string): number {
  const x = parseStreamId(a);
  const y = parseStreamId(b);
  if (!x || !y) return a < b ? -1 : a > b ? 1 : 0;
  return x[0] !== y[0] ? (x[0] < y[0] ? -1 : 1) : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
}

/** The wall-clock time in an ID's millisecond part (UTC, `HH:MM:SS.mmm`), or '' when out of range. */
export function idTime(id: string): string {
  const p = parseStreamId(id);
  if (!p || p[0] > 8_640_000_000_000_000n) return '';
  const d = new Date(Number(p[0]));
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(11, 23);
}

/** The ID range a read command looked at in `key` (inclusive bounds as pairs), or null. */
export interface StreamRead {
  readonly from: [bigint, bigint];
  readonly to: [bigint, bigint];
  /** Count limit (the view marks only the entries in range it shows). */
  readonly label: string;
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

function after(id: [bigint, bigint]): [bigint, bigint] {
  return id[1] === 2n ** 64n - 1n ? [id[0] + 1n, 0n] : [id[0], id[1] + 1n];
}

function bound(s: string | undefined, side: 'start' | 'end'): [bigint, bigint] | null {
  if (s === undefined) return null;
  const exclusive = s.startsWith('(');
  const p = parseStreamId(exclusive ? s.slice(1) : s, side === 'start' ? 'low' : 'high');
  if (!p) return null;
  if (!exclusive) return p;
  if (side === 'start') return after(p);
  return p[1] === 0n ? [p[0] - 1n, 2n ** 64n - 1n] : [p[0], p[1] - 1n];
}

/** What XRANGE / XREVRANGE / XREAD looked at in the stream `key`. */
export function streamRead(argv: readonly string[], key: string): StreamRead | null {
  const cmd = lower(argv[0]);
  if (cmd === 'xrange' || cmd === 'xrevrange') {
    const [a, b] = cmd === 'xrange' ? [argv[2], argv[3]] : [argv[3], argv[2]];
    const from = bound(a, 'start');
    const to = bound(b, 'end');
    return from && to ? { from, to, label: `${cmd.toUpperCase()} ${argv[2]} ${argv[3]}` } : null;
  }
  if (cmd === 'xread') {
    const at = argv.findIndex((x, i) => i > 0 && lower(x) === 'streams');
    if (at < 0) return null;
    const rest = argv.slice(at + 1);
    const n = Math.floor(rest.length / 2);
    const k = rest.slice(0, n).indexOf(key);
    if (k < 0) return null;
    const id = rest[n + k];
    const p = id === '$' || id === '+' ? null : parseStreamId(id);
    if (!p) return null;
    return { from: after(p), to: [2n ** 64n - 1n, 2n ** 64n - 1n], label: `XREAD after ${id}` };
  }
  return null;
}

export function inRead(id: string, r: StreamRead): boolean {
  const p = parseStreamId(id);
  if (!p) return false;
  const ge = (x: [bigint, bigint], y: [bigint, bigint]) => x[0] > y[0] || (x[0] === y[0] && x[1] >= y[1]);
  return ge(p, r.from) && ge(r.to, p);
}

/** Entries the command appended: newer than the last ID seen before (none without a previous window). */
export function appendedIds(prevLastId: string | undefined, entries: readonly StreamEntryView[]): string[] {
  if (prevLastId === undefined) return [];
  return entries.filter((e) => compareStreamIds(e.id, prevLastId) > 0).map((e) => e.id);
}

/** IDs an XDEL named. */
export function deletedIds(argv: readonly string[], key: string): string[] {
  return lower(argv[0]) === 'xdel' && argv[1] === key ? argv.slice(2) : [];
}

export interface GroupChange {
  readonly name: string;
  readonly kind: 'created' | 'delivered' | 'acked' | 'changed' | 'destroyed';
  readonly text: string;
}

/** What changed in the consumer groups between two windows of the same stream. */
export function groupChanges(prev: readonly StreamGroupView[] | undefined, next: readonly StreamGroupView[]): GroupChange[] {
  if (prev === undefined) return [];
  const old = new Map(prev.map((g) => [g.name, g]));
  const out: GroupChange[] = [];
  for (const g of next) {
    const p = old.get(g.name);
    old.delete(g.name);
    if (p === undefined) {
      out.push({ name: g.name, kind: 'created', text: `group ${g.name} created, last delivered ID ${g.lastDeliveredId}` });
      continue;
    }
    const moved = p.lastDeliveredId !== g.lastDeliveredId;
    if (moved && compareStreamIds(g.lastDeliveredId, p.lastDeliveredId) > 0) {
      out.push({ name: g.name, kind: 'delivered', text: `group ${g.name} delivered up to ${g.lastDeliveredId}, ${g.pending} pending` });
    } else if (g.pending < p.pending) {
      out.push({ name: g.name, kind: 'acked', text: `group ${g.name} acknowledged ${p.pending - g.pending}, ${g.pending} pending` });
    } else if (moved || g.pending !== p.pending || g.consumerCount !== p.consumerCount) {
      out.push({ name: g.name, kind: 'changed', text: `group ${g.name}: last delivered ${g.lastDeliveredId}, ${g.pending} pending` });
    }
  }
  for (const name of old.keys()) out.push({ name, kind: 'destroyed', text: `group ${name} destroyed` });
  return out;
}
