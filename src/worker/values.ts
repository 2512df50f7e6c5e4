/**
 * Windows over one key's contents for the visualizer (a slice of a list, a
 * page of a sorted set by rank, a page of hash fields), and region counts of
 * two or three sets for the Venn view. Read-only: nothing here marks a key as
 * read or touches the engine's statistics.
 */
import type { StreamEntryView, StreamGroupView, ValueRequest, ValueType, ValueWindow, VennRequest, VennResult } from '../protocol/views';

/** Strings longer than this are sent cut (the page shows the length). */
export const STRING_WINDOW = 16_384;
/** Largest window the page may ask for. */
export const MAX_WINDOW = 2_000;

/** The sorted set as the views use it (src/engine/types/zset.ts). */
interface ZsetLike {
  readonly size: number;
  rank(member: string): number | undefined;
  range(start: number, end: number, reverse?: boolean): [string, number][];
  first(): [string, number] | undefined;
  last(): [string, number] | undefined;
}

/** The stream as the views use it (src/engine/types/stream.ts). */
interface StreamNack {
  readonly consumer: { readonly name: string };
}
interface StreamGroupLike {
  readonly lastId: bigint;
  readonly entriesRead: number;
  readonly pel: ReadonlyMap<bigint, StreamNack>;
  readonly consumers: ReadonlyMap<string, { readonly name: string; readonly seenTime: number; readonly pel: ReadonlyMap<bigint, unknown> }>;
}
interface StreamLike {
  readonly nodes: readonly { readonly entries: readonly { readonly id: bigint; readonly fields: readonly string[]; readonly deleted: boolean }[]; readonly live: number }[];
  readonly length: number;
  readonly firstId: bigint;
  readonly lastId: bigint;
  readonly entriesAdded: number;
  readonly groups: ReadonlyMap<string, StreamGroupLike>;
  lag(g: StreamGroupLike): number | undefined;
}

/** Consumer groups and consumers per group sent with a stream window. */
export const STREAM_GROUPS = 8;
export const STREAM_CONSUMERS = 8;

const ID_LOW = (1n << 64n) - 1n;
const formatId = (id: bigint): string => `${id >> 64n}-${id & ID_LOW}`;

interface DequeLike {
  readonly length: number;
  slice(start: number, end: number): string[];
}

/** An engine entry, typed loosely so new types cannot break the views. */
export type AnyEntry = { readonly type: string; readonly value: unknown };

export interface KeyInfo {
  readonly entry: AnyEntry;
  readonly expireAt: number;
  readonly encoding: string;
}

export function entryLength(e: AnyEntry): number {
  const v = e.value;
  switch (e.type) {
    case 'string':
      return (v as string).length;
    case 'hash':
    case 'set':
      return (v as ReadonlyMap<unknown, unknown>).size;
    case 'list':
      return (v as DequeLike).length;
    case 'zset':
      return (v as ZsetLike).size;
    case 'stream':
      return (v as StreamLike).length;
    default:
      return 0;
  }
}

export function valueWindow(req: ValueRequest, info: KeyInfo | undefined): ValueWindow {
  const { db, key } = req;
  if (info === undefined) return { db, key, type: null };
  const { entry, expireAt, encoding } = info;
  const length = entryLength(entry);
  const limit = Math.max(0, Math.min(MAX_WINDOW, Math.floor(req.limit)));
  let offset = Math.max(0, Math.min(Math.floor(req.offset), Math.max(0, length - 1)));
  if (req.around !== undefined && entry.type === 'zset' && limit > 0) {
    const z = entry.value as ZsetLike;
    const r = z.rank(req.around);
    const at = r === undefined ? undefined : req.reverse === true ? z.size - 1 - r : r;
    if (at !== undefined && (at < offset || at >= offset + limit)) offset = Math.max(0, Math.min(at - Math.floor(limit / 3), length - limit));
  }
  const base = { db, key, encoding, expireAt, length, offset };
  switch (entry.type) {
    case 'string': {
      const s = entry.value as string;
      return { ...base, offset: 0, type: 'string', value: s.length > STRING_WINDOW ? s.slice(0, STRING_WINDOW) : s, truncated: s.length > STRING_WINDOW };
    }
    case 'list':
      return { ...base, type: 'list', items: limit === 0 ? [] : (entry.value as DequeLike).slice(offset, offset + limit - 1) };
    case 'hash': {
      const h = entry.value as ReadonlyMap<string, string>;
      const entries = page(h.entries(), offset, limit);
      return { ...base, type: 'hash', entries };
    }
    case 'set':
      return { ...base, type: 'set', members: page((entry.value as ReadonlySet<string>).values(), offset, limit) };
    case 'zset': {
      const z = entry.value as ZsetLike;
      const reverse = req.reverse === true;
      const items = limit === 0 ? [] : z.range(offset, offset + limit - 1, reverse);
      return {
        ...base,
        type: 'zset',
        reverse,
        items,
        min: z.first()?.[1] ?? 0,
        max: z.last()?.[1] ?? 0,
      };
    }
    case 'stream':
      return { ...base, type: 'stream', ...streamWindow(entry.value as StreamLike, offset, limit) };
    default:
      return { db, key, type: null };
  }
}

/**
 * Live entries [offset, offset + limit) of a stream (nodes are skipped by
 * their live counts: a million-entry stream costs a walk over ~10,000 nodes),
 * with the consumer groups' state.
 */
function streamWindow(s: StreamLike, offset: number, limit: number) {
  const groups = [...s.groups].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const entries: StreamEntryView[] = [];
  let skip = offset;
  for (let n = 0; n < s.nodes.length && entries.length < limit; n++) {
    const node = s.nodes[n]!;
    if (skip >= node.live) {
      skip -= node.live;
      continue;
    }
    for (const e of node.entries) {
      if (e.deleted) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      if (entries.length >= limit) break;
      const pending: string[] = [];
      for (const [name, g] of groups) {
        const nack = g.pel.get(e.id);
        if (nack !== undefined) pending.push(`${name}/${nack.consumer.name}`);
      }
      entries.push(pending.length > 0 ? { id: formatId(e.id), fields: e.fields, pending } : { id: formatId(e.id), fields: e.fields });
    }
  }
  const views: StreamGroupView[] = groups.slice(0, STREAM_GROUPS).map(([name, g]) => {
    const consumers = [...g.consumers.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return {
      name,
      lastDeliveredId: formatId(g.lastId),
      entriesRead: g.entriesRead,
      lag: s.lag(g) ?? null,
      pending: g.pel.size,
      consumers: consumers.slice(0, STREAM_CONSUMERS).map((c) => ({ name: c.name, pending: c.pel.size, seenTime: c.seenTime })),
      consumerCount: consumers.length,
    };
  });
  return { entries, firstId: formatId(s.firstId), lastId: formatId(s.lastId), entriesAdded: s.entriesAdded, groups: views, groupCount: groups.length };
}

/** Elements [offset, offset + limit) of an iteration (hashes and sets have no index). */
function page<T>(it: Iterator<T>, offset: number, limit: number): T[] {
  const out: T[] = [];
  let i = 0;
  for (let r = it.next(); !r.done && out.length < limit; r = it.next(), i++) if (i >= offset) out.push(r.value);
  return out;
}

/** Members of an entry usable in a Venn diagram (sets; sorted sets by member). */
function membersOf(e: AnyEntry | undefined): { has(m: string): boolean; values(): Iterable<string>; size: number } | undefined {
  if (e === undefined) return undefined;
  if (e.type === 'set') return e.value as ReadonlySet<string>;
  if (e.type === 'zset') {
    const z = e.value as ZsetLike & { scores?: { has(m: string): boolean; keys(): Iterable<string> } };
    if (z.scores !== undefined) return { has: (m) => z.scores!.has(m), values: () => z.scores!.keys(), size: z.size };
  }
  return undefined;
}

export function venn(req: VennRequest, lookup: (key: string) => AnyEntry | undefined): VennResult {
  const keys = req.keys.slice(0, 3);
  const entries = keys.map(lookup);
  const sets = entries.map(membersOf);
  const counts = new Map<number, { count: number; sample: string[] }>();
  sets.forEach((s, i) => {
    if (s === undefined) return;
    outer: for (const m of s.values()) {
      // Each member is counted once, by the first set that holds it.
      for (let j = 0; j < i; j++) if (sets[j]?.has(m)) continue outer;
      let mask = 1 << i;
      for (let j = i + 1; j < sets.length; j++) if (sets[j]?.has(m)) mask |= 1 << j;
      let r = counts.get(mask);
      if (r === undefined) counts.set(mask, (r = { count: 0, sample: [] }));
      r.count++;
      if (r.sample.length < req.sample) r.sample.push(m);
    }
  });
  for (const r of counts.values()) r.sample.sort();
  return {
    keys,
    sets: entries.map((e, i) => ({ size: sets[i]?.size ?? 0, type: (e?.type ?? null) as ValueType | null })),
    regions: [...counts].sort((a, b) => a[0] - b[0]).map(([mask, r]) => ({ mask, count: r.count, sample: r.sample })),
  };
}
