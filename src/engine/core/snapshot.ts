/**
 * A structured-clone friendly copy of keys, so the browser can save a
 * learner's data and bring it back after a reload (or after a runaway
 * command forced a fresh worker). Values are plain arrays and strings.
 *
 * Saved data is read back as untrusted: every value is checked against its
 * type's invariants before it becomes an entry, and a value that fails is
 * reported and skipped, never allowed to stop the rest from loading.
 */
import type { Engine } from '../engine';
import { Deque } from '../types/deque';
import { SortedSet } from '../types/zset';
import { Stream, streamFromSnapshot, streamToSnapshot, type StreamSnapshot } from '../types/stream';
import type { Entry } from './entry';

/**
 * A saved value. Hashes and sorted sets are saved flat (fields and values
 * alternating; members in order with their scores in a Float64Array): a
 * million pairs as arrays of two cost seconds to copy, flat arrays a
 * fraction of that. The pair forms are what earlier versions saved; they
 * still load.
 */
export type SnapshotValue =
  | { readonly type: 'string'; readonly v: string }
  | { readonly type: 'hash'; readonly f: readonly string[] }
  | { readonly type: 'hash'; readonly v: readonly (readonly [string, string])[] }
  | { readonly type: 'list'; readonly v: readonly string[] }
  | { readonly type: 'set'; readonly v: readonly string[] }
  | { readonly type: 'zset'; readonly m: readonly string[]; readonly s: Float64Array }
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
  /** The function libraries' code (FUNCTION LOAD), as an RDB file keeps them; absent in older snapshots. */
  readonly functions?: readonly string[];
}

/** A saved clock further ahead of the wall clock than this is not believed (ten years). */
export const CLOCK_AHEAD_LIMIT_MS = 10 * 366 * 24 * 3600 * 1000;

/** A saved value as plain data (the key's current value; nothing is shared with the entry). */
export function dumpValue(e: Entry): SnapshotValue {
  switch (e.type) {
    case 'string':
      return { type: 'string', v: e.value };
    case 'hash': {
      const f: string[] = [];
      for (const [k, v] of e.value) f.push(k, v);
      return { type: 'hash', f };
    }
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
  if (e.type === 'zset' && e.value instanceof SortedSet) {
    const z = e.value;
    const m: string[] = new Array<string>(z.size);
    const s = new Float64Array(z.size);
    let i = 0;
    // In order, without allocating a pair per member.
    z.sumFirst(0, (member, score) => {
      m[i] = member;
      s[i++] = score;
      return 0;
    });
    return { type: 'zset', m, s };
  }
  if (e.type === 'stream' && e.value instanceof Stream) return { type: 'stream', v: streamToSnapshot(e.value) };
  throw new Error(`cannot save a value of type ${e.type}`);
}

/** Why a saved value cannot be loaded. */
export class CorruptValue extends Error {}

const isStr = (x: unknown): x is string => typeof x === 'string';
const isNum = (x: unknown): x is number => typeof x === 'number' && !Number.isNaN(x);
const isPair = <A, B>(x: unknown, a: (y: unknown) => y is A, b: (y: unknown) => y is B): x is readonly [A, B] =>
  Array.isArray(x) && x.length === 2 && a(x[0]) && b(x[1]);
const STREAM_ID = /^\d+-\d+$/;
const isId = (x: unknown): x is string => isStr(x) && STREAM_ID.test(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

function need(ok: boolean, what: string): void {
  if (!ok) throw new CorruptValue(what);
}

function checkStream(v: unknown): StreamSnapshot {
  need(typeof v === 'object' && v !== null, 'a stream is not an object');
  const s = v as Record<string, unknown>;
  need(Array.isArray(s.entries), 'stream entries are not a list');
  for (const e of s.entries as unknown[]) {
    need(Array.isArray(e) && e.length === 2 && isId(e[0]) && Array.isArray(e[1]) && (e[1] as unknown[]).every(isStr), 'a stream entry is malformed');
  }
  need(isId(s.lastId) && isId(s.firstId) && isId(s.maxDeletedId), 'a stream id is malformed');
  need(isCount(s.entriesAdded), 'entries-added is not a count');
  need(Array.isArray(s.groups), 'stream groups are not a list');
  for (const g of s.groups as unknown[]) {
    need(typeof g === 'object' && g !== null, 'a consumer group is not an object');
    const o = g as Record<string, unknown>;
    need(isStr(o.name) && isId(o.lastId) && isNum(o.entriesRead), 'a consumer group is malformed');
    need(Array.isArray(o.consumers) && (o.consumers as unknown[]).every((c) => isPair(c, isStr, isNum)), 'a consumer is malformed');
    need(
      Array.isArray(o.pel) &&
        (o.pel as unknown[]).every((p) => Array.isArray(p) && p.length === 4 && isId(p[0]) && isStr(p[1]) && isNum(p[2]) && isCount(p[3])),
      'a pending entry is malformed',
    );
  }
  return v as StreamSnapshot;
}

/**
 * Makes an entry of a saved value after checking it holds what its type
 * must (strings are strings, scores are numbers, no empty collections);
 * throws CorruptValue otherwise.
 */
export function loadValue(saved: unknown): Entry {
  need(typeof saved === 'object' && saved !== null, 'not an object');
  const { type, v } = saved as { type?: unknown; v?: unknown };
  if (type === 'string') {
    need(isStr(v), 'a string value is not a string');
    return { type: 'string', value: v as string };
  }
  if (type === 'stream') {
    try {
      return { type: 'stream', value: streamFromSnapshot(checkStream(v)) };
    } catch (e) {
      throw e instanceof CorruptValue ? e : new CorruptValue('a stream cannot be rebuilt');
    }
  }
  const o = saved as { f?: unknown; m?: unknown; s?: unknown };
  if (type === 'hash' && v === undefined) {
    need(Array.isArray(o.f) && (o.f as unknown[]).length > 0 && (o.f as unknown[]).length % 2 === 0, 'a hash is not a list of fields and values');
    const f = o.f as unknown[];
    const map = new Map<string, string>();
    for (let i = 0; i < f.length; i += 2) {
      const k = f[i];
      const x = f[i + 1];
      need(isStr(k) && isStr(x), 'a hash field or value is not a string');
      map.set(k as string, x as string);
    }
    return { type: 'hash', value: map };
  }
  if (type === 'zset' && v === undefined) return loadZset(o.m, o.s);
  need(Array.isArray(v), `a ${String(type)} value is not a list`);
  const items = v as unknown[];
  need(items.length > 0, `an empty ${String(type)}`);
  switch (type) {
    case 'hash':
      need(
        items.every((p) => isPair(p, isStr, isStr)),
        'a hash field or value is not a string',
      );
      return { type: 'hash', value: new Map(items as [string, string][]) };
    case 'list':
      need(items.every(isStr), 'a list element is not a string');
      return { type: 'list', value: new Deque(items as string[]) };
    case 'set':
      need(items.every(isStr), 'a set member is not a string');
      return { type: 'set', value: new Set(items as string[]) };
    case 'zset': {
      need(
        items.every((p) => isPair(p, isStr, isNum)),
        'a sorted set member is not a string or its score not a number',
      );
      const z = new SortedSet();
      for (const [m, s] of items as [string, number][]) z.set(m, s);
      return { type: 'zset', value: z } as unknown as Entry;
    }
    default:
      throw new CorruptValue(`unknown type ${String(type)}`);
  }
}

/** A flat sorted set: bulk-loaded when in order with distinct members (as saved), inserted one by one otherwise. */
function loadZset(m: unknown, s: unknown): Entry {
  need(Array.isArray(m) && s instanceof Float64Array && m.length === s.length && m.length > 0, 'a sorted set is not members with scores');
  const members = m as unknown[];
  const scores = s as Float64Array;
  let sorted = true;
  for (let i = 0; i < members.length; i++) {
    need(isStr(members[i]) && !Number.isNaN(scores[i]), 'a sorted set member is not a string or its score not a number');
    if (i > 0) {
      const a = scores[i - 1]!;
      const b = scores[i]!;
      if (!(a < b || (a === b && (members[i - 1] as string) < (members[i] as string)))) sorted = false;
    }
  }
  let z: SortedSet;
  if (sorted) z = SortedSet.fromSorted(Array.from(members as string[], (x, i): [string, number] => [x, scores[i]!]));
  else {
    z = new SortedSet();
    for (let i = 0; i < members.length; i++) z.set(members[i] as string, scores[i]!);
  }
  return { type: 'zset', value: z } as unknown as Entry;
}

/** A saved expiry: -1 (none) or a time in ms; anything else is corrupt. */
export function loadExpireAt(x: unknown): number {
  if (x === -1 || x === undefined) return -1;
  need(typeof x === 'number' && Number.isSafeInteger(x) && x >= 0, 'the expiry time is not a time');
  return x as number;
}

/**
 * A saved engine time to move the clock to, or undefined when it is not
 * believable (not a number, or further ahead of `wall` than the limit): the
 * clock then stays at the wall clock's time.
 */
export function savedClock(saved: unknown, wall: number): number | undefined {
  if (typeof saved !== 'number' || !Number.isFinite(saved) || saved <= 0) return undefined;
  if (saved - wall > CLOCK_AHEAD_LIMIT_MS) return undefined;
  return saved;
}

/** Copies every live key of every database. */
export function takeSnapshot(engine: Engine): Snapshot {
  const now = engine.clock.now();
  const dbs = engine.dbs.map((db) => {
    const keys: SnapshotKey[] = [];
    for (const [key, entry] of db.data.view()) {
      const at = db.expires.get(key);
      if (at !== undefined && at <= now) continue;
      keys.push({ key, value: dumpValue(entry), expireAt: at ?? -1 });
    }
    return keys;
  });
  const functions = engine.scripting.libraryCodes();
  return functions.length > 0 ? { version: 1, now, dbs, functions } : { version: 1, now, dbs };
}

/** A saved key that could not be loaded, and why. */
export interface LoadProblem {
  readonly db: number;
  readonly key: string;
  readonly reason: string;
}

/** One saved key: its database, name, value and expiry (all unchecked). */
export interface SavedKey {
  readonly db: unknown;
  readonly key: unknown;
  readonly value: unknown;
  readonly expireAt: unknown;
}

/**
 * Replaces the engine's keyspace (every database) with saved keys. Keys
 * already expired stay out; a key whose value breaks its type's invariants
 * is skipped and returned as a problem, the others load.
 */
export function loadKeys(engine: Engine, keys: Iterable<SavedKey>): LoadProblem[] {
  const now = engine.clock.now();
  const problems: LoadProblem[] = [];
  for (const db of engine.dbs) {
    db.data.clear();
    db.expires.clear();
  }
  for (const k of keys) {
    const dbIndex = typeof k.db === 'number' ? k.db : -1;
    const name = typeof k.key === 'string' ? k.key : String(k.key);
    const db = engine.dbs[dbIndex];
    try {
      need(db !== undefined, 'no such database');
      need(typeof k.key === 'string', 'the key name is not a string');
      const at = loadExpireAt(k.expireAt);
      const entry = loadValue(k.value);
      if (at !== -1 && at <= now) continue;
      db!.data.set(name, entry);
      if (at !== -1) db!.expires.set(name, at);
    } catch (e) {
      problems.push({ db: dbIndex, key: name, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  for (const db of engine.dbs) db.reindex();
  // Keys were placed directly: measure them again for MEMORY USAGE and maxmemory.
  engine.memory.rebuild();
  return problems;
}

/** Replaces the engine's keyspace with a snapshot's (checked as `loadKeys` does). */
export function restoreSnapshot(engine: Engine, snap: Snapshot): LoadProblem[] {
  if (snap.version !== 1) throw new Error(`unknown snapshot version ${String(snap.version)}`);
  const keys: SavedKey[] = [];
  snap.dbs.forEach((list, db) => {
    for (const k of list) keys.push({ db, key: k.key, value: k.value, expireAt: k.expireAt });
  });
  const problems = loadKeys(engine, keys);
  // Libraries are replaced as a whole, as loading an RDB file does (one that fails to load is reported, not fatal).
  const functions = Array.isArray(snap.functions) ? snap.functions.filter((f): f is string => typeof f === 'string') : [];
  engine.scripting.flushLibraries();
  for (const reason of engine.scripting.restoreLibraries(functions)) problems.push({ db: -1, key: '', reason });
  return problems;
}
