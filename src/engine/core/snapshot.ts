/**
 * A structured-clone friendly copy of the whole keyspace, so the browser can
 * save a learner's data and bring it back after a reload (or after a runaway
 * command forced a fresh worker). Values are plain arrays and strings.
 */
import type { Engine } from '../engine';
import { Deque } from '../types/deque';
import { SortedSet } from '../types/zset';
import { Stream, streamFromSnapshot, streamToSnapshot, type StreamSnapshot } from '../types/stream';
import type { Entry } from './entry';

export type SnapshotValue =
  | { readonly type: 'string'; readonly v: string }
  | { readonly type: 'hash'; readonly v: readonly (readonly [string, string])[] }
  | { readonly type: 'list'; readonly v: readonly string[] }
  | { readonly type: 'set'; readonly v: readonly string[] }
  | { readonly type: 'zset'; readonly v: readonly (readonly [string, number])[] }
  | { readonly type: 'stream'; readonly v: StreamSnapshot };

export interface SnapshotKey {
  readonly key: string;
  readonly value: SnapshotValue;
  /** Absolute expiry in ms on the engine clock, or -1. */
  readonly expireAt: number;
}

export interface Snapshot {
  readonly version: 1;
  /** Engine time when the snapshot was taken. */
  readonly now: number;
  readonly dbs: readonly (readonly SnapshotKey[])[];
}

function dumpEntry(e: Entry): SnapshotValue {
  switch (e.type) {
    case 'string':
      return { type: 'string', v: e.value };
    case 'hash':
      return { type: 'hash', v: [...e.value] };
    case 'list':
      return { type: 'list', v: e.value.toArray() };
    case 'set':
      return { type: 'set', v: [...e.value] };
    default:
      return dumpOther(e);
  }
}

/** Types added to the Entry union later (sorted sets) are handled here. */
function dumpOther(e: { type: string; value: unknown }): SnapshotValue {
  if (e.type === 'zset' && e.value instanceof SortedSet) return { type: 'zset', v: [...e.value] };
  if (e.type === 'stream' && e.value instanceof Stream) return { type: 'stream', v: streamToSnapshot(e.value) };
  throw new Error(`cannot save a value of type ${e.type}`);
}

function loadEntry(v: SnapshotValue): Entry {
  switch (v.type) {
    case 'string':
      return { type: 'string', value: v.v };
    case 'hash':
      return { type: 'hash', value: new Map(v.v) };
    case 'list':
      return { type: 'list', value: new Deque(v.v) };
    case 'set':
      return { type: 'set', value: new Set(v.v) };
    case 'zset': {
      const z = new SortedSet();
      for (const [m, s] of v.v) z.set(m, s);
      return { type: 'zset', value: z } as unknown as Entry;
    }
    case 'stream':
      return { type: 'stream', value: streamFromSnapshot(v.v) };
  }
}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isPairs = (x: unknown, second: (y: unknown) => boolean): boolean =>
  Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && isStr(p[0]) && second(p[1]));

/**
 * Whether a saved value has its type's shape (strings where the engine
 * holds byte strings, numbers for scores): a saved string holding a number
 * would make GET answer a number and the views that read it fail.
 */
export function validSnapshotKey(k: unknown): k is SnapshotKey {
  if (typeof k !== 'object' || k === null) return false;
  const { key, value, expireAt } = k as Record<string, unknown>;
  if (!isStr(key) || typeof expireAt !== 'number' || Number.isNaN(expireAt)) return false;
  if (typeof value !== 'object' || value === null) return false;
  const { type, v } = value as Record<string, unknown>;
  switch (type) {
    case 'string':
      return isStr(v);
    case 'hash':
      return isPairs(v, isStr);
    case 'list':
    case 'set':
      return Array.isArray(v) && v.every(isStr);
    case 'zset':
      return isPairs(v, (s) => typeof s === 'number' && !Number.isNaN(s));
    case 'stream':
      return typeof v === 'object' && v !== null && Array.isArray((v as { entries?: unknown }).entries);
    default:
      return false;
  }
}

/** Copies every live key of every database. */
export function takeSnapshot(engine: Engine): Snapshot {
  const now = engine.clock.now();
  const dbs = engine.dbs.map((db) => {
    const keys: SnapshotKey[] = [];
    for (const [key, entry] of db.data) {
      const at = db.expires.get(key);
      if (at !== undefined && at <= now) continue;
      keys.push({ key, value: dumpEntry(entry), expireAt: at ?? -1 });
    }
    return keys;
  });
  return { version: 1, now, dbs };
}

/** Number of keys a snapshot would hold (to decide whether saving is affordable). */
export function keyCount(engine: Engine): number {
  let n = 0;
  for (const db of engine.dbs) n += db.data.size;
  return n;
}

/** Replaces the engine's keyspace with a snapshot's. Keys already expired stay out. */
export function restoreSnapshot(engine: Engine, snap: Snapshot): void {
  if (snap.version !== 1) throw new Error(`unknown snapshot version ${String(snap.version)}`);
  const now = engine.clock.now();
  snap.dbs.forEach((keys, i) => {
    const db = engine.dbs[i];
    if (db === undefined) return;
    db.data.clear();
    db.expires.clear();
    for (const k of keys) {
      // A corrupt entry stays out; the others are restored.
      if (!validSnapshotKey(k)) continue;
      if (k.expireAt !== -1 && k.expireAt <= now) continue;
      db.data.set(k.key, loadEntry(k.value));
      if (k.expireAt !== -1) db.expires.set(k.key, k.expireAt);
    }
    db.reindex();
  });
  // Keys were placed directly: measure them again for MEMORY USAGE and maxmemory.
  engine.memory.rebuild();
}
