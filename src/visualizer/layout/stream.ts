/**
 * Stream layout: entry IDs (`ms-seq`) compared and shown as time, the
 * entries a command read (as the engine reported them), and what changed in
 * the consumer groups (for the highlight and the narration).
 */
import type { KeyChange } from '../../protocol/messages';
import type { StreamGroupView } from '../../protocol/views';

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

/** The entries a read command returned from the stream (XRANGE, XREAD ...), as the engine reported them. */
export interface StreamRead {
  readonly ids: ReadonlySet<string>;
  readonly label: string;
}

/** The read of `k` by `command`, or null when it read no entry. */
export function streamRead(command: string, k: KeyChange | undefined): StreamRead | null {
  if (k?.read === undefined || k.read.length === 0) return null;
  return { ids: new Set(k.read), label: command.toUpperCase() };
}

export function inRead(id: string, r: StreamRead): boolean {
  return r.ids.has(id);
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
