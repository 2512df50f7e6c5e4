/**
 * The stream type (Redis 7.0 t_stream.c semantics).
 *
 * An entry ID is `ms-seq`, two unsigned 64-bit numbers; here one bigint
 * `(ms << 64) | seq`, so IDs compare as numbers. Entries live in "nodes"
 * that mimic Redis's listpack nodes (at most `stream-node-max-entries`
 * entries, about `stream-node-max-bytes` bytes): approximate trimming (`~`)
 * only drops whole nodes, as Redis does, and XDEL leaves tombstones in a node
 * until the node empties.
 *
 * Consumer groups and consumers are kept in Maps and listed sorted by name
 * (Redis keeps them in radix trees); pending entry lists (PELs) are Maps
 * listed sorted by ID.
 */

export type StreamId = bigint;

export const ID_MASK = (1n << 64n) - 1n;
export const MAX_ID: StreamId = (ID_MASK << 64n) | ID_MASK;
export const NODE_MAX_ENTRIES = 100;
export const NODE_MAX_BYTES = 4096;

export const makeId = (ms: bigint, seq: bigint): StreamId => (ms << 64n) | seq;
export const idMs = (id: StreamId): bigint => id >> 64n;
export const idSeq = (id: StreamId): bigint => id & ID_MASK;
export const formatId = (id: StreamId): string => `${id >> 64n}-${id & ID_MASK}`;

export interface StreamEntry {
  readonly id: StreamId;
  /** field, value, field, value ... */
  readonly fields: readonly string[];
  deleted: boolean;
}

export interface StreamNode {
  /** Entries in ID order, tombstones (deleted) included. */
  entries: StreamEntry[];
  /** Entries not deleted. */
  live: number;
  /** An estimate of the listpack's size in bytes. */
  bytes: number;
}

export interface StreamNack {
  deliveryTime: number;
  deliveryCount: number;
  consumer: StreamConsumer;
}

export interface StreamConsumer {
  readonly name: string;
  seenTime: number;
  readonly pel: Map<StreamId, StreamNack>;
}

export interface StreamGroup {
  lastId: StreamId;
  /** -1: unknown (SCG_INVALID_ENTRIES_READ). */
  entriesRead: number;
  readonly pel: Map<StreamId, StreamNack>;
  readonly consumers: Map<string, StreamConsumer>;
}

const entryBytes = (fields: readonly string[]): number => {
  let n = 8;
  for (const f of fields) n += f.length + 2;
  return n;
};

export const byName = <T>(m: Map<string, T>): [string, T][] =>
  [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

export const byId = <T>(m: Map<StreamId, T>): [StreamId, T][] =>
  [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

export class Stream {
  nodes: StreamNode[] = [];
  length = 0;
  lastId: StreamId = 0n;
  /** First live entry's ID, 0-0 when empty (Redis's first_id). */
  firstId: StreamId = 0n;
  maxDeletedId: StreamId = 0n;
  entriesAdded = 0;
  groups = new Map<string, StreamGroup>();

  /** Appends an entry whose ID is known to be greater than lastId. */
  append(id: StreamId, fields: readonly string[], maxEntries = NODE_MAX_ENTRIES, maxBytes = NODE_MAX_BYTES): void {
    const bytes = entryBytes(fields);
    let node = this.nodes[this.nodes.length - 1];
    const byteCap = maxBytes <= 0 || maxBytes > 2 ** 30 ? 2 ** 30 : maxBytes;
    if (node === undefined || node.bytes + bytes >= byteCap || (maxEntries > 0 && node.entries.length >= maxEntries)) {
      node = { entries: [], live: 0, bytes: 16 };
      this.nodes.push(node);
    }
    node.entries.push({ id, fields, deleted: false });
    node.live++;
    node.bytes += bytes;
    this.length++;
    this.entriesAdded++;
    this.lastId = id;
    if (this.length === 1) this.firstId = id;
  }

  /** Live entries with start <= id <= end, in order (reversed with rev), at most count (0: all). */
  range(start: StreamId, end: StreamId, count = 0, rev = false): StreamEntry[] {
    const out: StreamEntry[] = [];
    if (start > end) return out;
    if (!rev) {
      for (let n = this.firstNodeFrom(start); n < this.nodes.length; n++) {
        for (const e of this.nodes[n]!.entries) {
          if (e.id < start || e.deleted) continue;
          if (e.id > end) return out;
          out.push(e);
          if (count > 0 && out.length >= count) return out;
        }
      }
    } else {
      for (let n = this.nodes.length - 1; n >= 0; n--) {
        const es = this.nodes[n]!.entries;
        if (es.length > 0 && es[0]!.id > end) continue;
        for (let i = es.length - 1; i >= 0; i--) {
          const e = es[i]!;
          if (e.id > end || e.deleted) continue;
          if (e.id < start) return out;
          out.push(e);
          if (count > 0 && out.length >= count) return out;
        }
      }
    }
    return out;
  }

  /** Index of the first node that may hold an ID >= id. */
  private firstNodeFrom(id: StreamId): number {
    let lo = 0;
    let hi = this.nodes.length - 1;
    let ans = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const first = this.nodes[mid]!.entries[0]!.id;
      if (first <= id) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  find(id: StreamId): StreamEntry | undefined {
    const node = this.nodes[this.firstNodeFrom(id)];
    if (node === undefined) return undefined;
    const e = node.entries.find((x) => x.id === id);
    return e === undefined || e.deleted ? undefined : e;
  }

  /** The greatest live ID, or lastId's... 0n when empty (streamLastValidID). */
  lastValidId(): StreamId {
    const last = this.range(0n, MAX_ID, 1, true)[0];
    return last === undefined ? 0n : last.id;
  }

  /** XDEL of one ID; true if it existed. Updates tombstone bookkeeping. */
  deleteEntry(id: StreamId): boolean {
    const idx = this.firstNodeFrom(id);
    const node = this.nodes[idx];
    if (node === undefined) return false;
    const e = node.entries.find((x) => x.id === id);
    if (e === undefined || e.deleted) return false;
    e.deleted = true;
    node.live--;
    this.length--;
    if (node.live === 0) this.nodes.splice(idx, 1);
    return true;
  }

  refreshFirstId(): void {
    this.firstId = this.length === 0 ? 0n : (this.range(0n, MAX_ID, 1)[0]?.id ?? 0n);
  }

  /**
   * streamTrim: by MAXLEN (maxlen set) or MINID. Approximate trims only drop
   * whole nodes; `limit` (0: none) caps the entries removed. Returns the count.
   * `removed`, when given, is told each ID removed.
   */
  trim(strategy: 'maxlen' | 'minid', maxlen: number, minid: StreamId, approx: boolean, limit: number, removed?: (id: StreamId) => void): number {
    let deleted = 0;
    while (this.nodes.length > 0) {
      if (strategy === 'maxlen' && this.length <= maxlen) break;
      const node = this.nodes[0]!;
      const entries = node.live;
      if (limit > 0 && deleted + entries > limit) break;
      const remove =
        strategy === 'maxlen' ? this.length - entries >= maxlen : node.entries[node.entries.length - 1]!.id < minid;
      if (remove) {
        if (removed !== undefined) for (const e of node.entries) if (!e.deleted) removed(e.id);
        this.nodes.shift();
        this.length -= entries;
        deleted += entries;
        continue;
      }
      if (approx) break;
      for (const e of node.entries) {
        if (strategy === 'maxlen' ? this.length <= maxlen : e.id >= minid) break;
        if (!e.deleted) {
          removed?.(e.id);
          e.deleted = true;
          node.live--;
          this.length--;
          deleted++;
        }
      }
      break;
    }
    if (deleted > 0) this.refreshFirstId();
    return deleted;
  }

  /** Deep copy (COPY), consumer groups, consumers and PELs included. */
  clone(): Stream {
    const s = new Stream();
    s.nodes = this.nodes.map((n) => ({
      entries: n.entries.map((e) => ({ id: e.id, fields: e.fields, deleted: e.deleted })),
      live: n.live,
      bytes: n.bytes,
    }));
    s.length = this.length;
    s.lastId = this.lastId;
    s.firstId = this.firstId;
    s.maxDeletedId = this.maxDeletedId;
    s.entriesAdded = this.entriesAdded;
    for (const [name, g] of this.groups) {
      const ng: StreamGroup = { lastId: g.lastId, entriesRead: g.entriesRead, pel: new Map(), consumers: new Map() };
      for (const [cname, c] of g.consumers) {
        const nc: StreamConsumer = { name: cname, seenTime: c.seenTime, pel: new Map() };
        ng.consumers.set(cname, nc);
        for (const [id, nack] of c.pel) {
          const nn: StreamNack = { deliveryTime: nack.deliveryTime, deliveryCount: nack.deliveryCount, consumer: nc };
          nc.pel.set(id, nn);
          ng.pel.set(id, nn);
        }
      }
      s.groups.set(name, ng);
    }
    return s;
  }

  /** Number of radix tree keys (nodes). */
  get nodeCount(): number {
    return this.nodes.length;
  }

  /** Whether start <= maxDeletedId <= end may hide a tombstone (streamRangeHasTombstones). */
  rangeHasTombstones(start: StreamId, end: StreamId = MAX_ID): boolean {
    if (this.length === 0 || this.maxDeletedId === 0n) return false;
    if (this.firstId > this.maxDeletedId) return false;
    return start <= this.maxDeletedId && this.maxDeletedId <= end;
  }

  /** streamEstimateDistanceFromFirstEverEntry; -1 when unknown. */
  estimateDistance(id: StreamId): number {
    if (this.entriesAdded === 0) return 0;
    if (this.length === 0 && id <= this.lastId) return this.entriesAdded;
    if (id === this.lastId) return this.entriesAdded;
    if (id > this.lastId) return -1;
    if (this.maxDeletedId === 0n || this.maxDeletedId < this.firstId) {
      if (id < this.firstId) return this.entriesAdded - this.length;
      if (id === this.firstId) return this.entriesAdded - this.length + 1;
    }
    return -1;
  }

  /** The group's lag, or undefined when it cannot be known (streamReplyWithCGLag). */
  lag(g: StreamGroup): number | undefined {
    if (this.entriesAdded === 0) return 0;
    if (g.entriesRead !== -1 && !this.rangeHasTombstones(g.lastId)) return this.entriesAdded - g.entriesRead;
    const read = this.estimateDistance(g.lastId);
    return read === -1 ? undefined : this.entriesAdded - read;
  }
}

/** A plain-data form of a stream (IDs as `ms-seq` text) for snapshots. */
export interface StreamSnapshot {
  readonly entries: readonly (readonly [string, readonly string[]])[];
  readonly lastId: string;
  readonly firstId: string;
  readonly maxDeletedId: string;
  readonly entriesAdded: number;
  readonly groups: readonly {
    readonly name: string;
    readonly lastId: string;
    readonly entriesRead: number;
    readonly consumers: readonly (readonly [string, number])[];
    /** id, consumer, delivery time, delivery count */
    readonly pel: readonly (readonly [string, string, number, number])[];
  }[];
}

const parseIdText = (s: string): StreamId => {
  const d = s.indexOf('-');
  return makeId(BigInt(s.slice(0, d)), BigInt(s.slice(d + 1)));
};

export function streamToSnapshot(s: Stream): StreamSnapshot {
  return {
    entries: s.range(0n, MAX_ID).map((e) => [formatId(e.id), [...e.fields]] as const),
    lastId: formatId(s.lastId),
    firstId: formatId(s.firstId),
    maxDeletedId: formatId(s.maxDeletedId),
    entriesAdded: s.entriesAdded,
    groups: [...s.groups].map(([name, g]) => ({
      name,
      lastId: formatId(g.lastId),
      entriesRead: g.entriesRead,
      consumers: [...g.consumers.values()].map((c) => [c.name, c.seenTime] as const),
      pel: [...g.pel].map(([id, n]) => [formatId(id), n.consumer.name, n.deliveryTime, n.deliveryCount] as const),
    })),
  };
}

export function streamFromSnapshot(v: StreamSnapshot): Stream {
  const s = new Stream();
  for (const [id, fields] of v.entries) s.append(parseIdText(id), fields);
  s.lastId = parseIdText(v.lastId);
  s.firstId = parseIdText(v.firstId);
  s.maxDeletedId = parseIdText(v.maxDeletedId);
  s.entriesAdded = v.entriesAdded;
  for (const g of v.groups) {
    const ng: StreamGroup = { lastId: parseIdText(g.lastId), entriesRead: g.entriesRead, pel: new Map(), consumers: new Map() };
    for (const [name, seen] of g.consumers) ng.consumers.set(name, { name, seenTime: seen, pel: new Map() });
    for (const [id, cname, time, count] of g.pel) {
      const cons = ng.consumers.get(cname);
      if (cons === undefined) continue;
      const nack: StreamNack = { deliveryTime: time, deliveryCount: count, consumer: cons };
      const key = parseIdText(id);
      ng.pel.set(key, nack);
      cons.pel.set(key, nack);
    }
    s.groups.set(g.name, ng);
  }
  return s;
}
