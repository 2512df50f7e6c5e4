import type { Ctx } from './command';
import type { Entry } from './entry';
import { array, type Reply } from './reply';

/**
 * What a command did inside each key, element by element: the hash fields,
 * set members and stream IDs it added, removed, changed or read; the sorted
 * set members whose score changed (old and new score, old and new rank);
 * what happened at which list indexes; which bytes of a string it wrote.
 *
 * Handlers (or the routines they call) report it where the change happens:
 *
 *     track(c, key)?.added(field);
 *
 * `track` returns undefined when nobody listens to the engine's events, and
 * `?.` then skips the call and the evaluation of its arguments: nothing is
 * allocated and a command costs one field read per call site.
 *
 * The views draw from it (a new command animates without the views knowing
 * its syntax); a test walks every write command in the table and checks that
 * each one reports what it changed (test/changes.test.ts).
 */

/** A list end. */
export type ListEnd = 'head' | 'tail';

/** One thing a command did to a list, in the order it did them; indexes are those of the list at that moment. */
export type ListChange =
  /** `count` elements pushed at one end (they are the first or last `count` indexes now). */
  | { readonly op: 'push'; readonly end: ListEnd; readonly count: number }
  /** `count` elements popped from one end. */
  | { readonly op: 'pop'; readonly end: ListEnd; readonly count: number }
  /** LTRIM: old indexes start..stop (inclusive) were kept, everything else removed; start > stop when nothing was kept. */
  | { readonly op: 'trim'; readonly start: number; readonly stop: number }
  /** LSET: the element at `index` was replaced. */
  | { readonly op: 'set'; readonly index: number }
  /** LINSERT: an element now sits at `index` (the ones from there on moved one place right). */
  | { readonly op: 'insert'; readonly index: number }
  /** LREM: the elements at these old indexes (ascending) were removed. */
  | { readonly op: 'remove'; readonly indexes: readonly number[] }
  /** LMOVE of a list onto itself: the element at one end went to the other end (or stayed when from = to). */
  | { readonly op: 'rotate'; readonly from: ListEnd; readonly to: ListEnd };

/** A sorted-set member whose score changed; null means absent (added: old null; removed: new null). */
export interface ScoreChange {
  readonly member: string;
  readonly old: number | null;
  readonly new: number | null;
  /** 0-based ascending ranks before and after (null when absent), given when few members changed. */
  readonly oldRank?: number | null;
  readonly newRank?: number | null;
}

/** A score bound as ZRANGEBYSCORE takes it. */
export interface ScoreBound {
  readonly value: number;
  readonly exclusive: boolean;
}

/** A part of a key a command read (besides individual fields and members, reported in `read`). */
export type ReadRange =
  /** List indexes, or sorted-set ranks (ascending), inclusive. */
  | { readonly kind: 'index'; readonly start: number; readonly stop: number }
  /** Sorted-set scores between two bounds. */
  | { readonly kind: 'score'; readonly min: ScoreBound; readonly max: ScoreBound }
  /** Stream IDs from..to (inclusive, `ms-seq`). */
  | { readonly kind: 'ids'; readonly from: string; readonly to: string };

/** Everything one command reported about one key. */
export interface KeyChange {
  readonly db: number;
  readonly key: string;
  /** The key did not exist before the command. */
  readonly created?: true;
  /** The value was replaced as a whole (SET, the destination of RENAME, COPY or a *STORE command). */
  readonly replaced?: true;
  /** Hash fields, set members or stream IDs added, removed, changed in place, and read. */
  readonly added?: readonly string[];
  readonly removed?: readonly string[];
  readonly changed?: readonly string[];
  readonly read?: readonly string[];
  /** Sorted sets: members whose score changed, in the order they changed. */
  readonly scores?: readonly ScoreChange[];
  /** Lists: what happened, in order. */
  readonly list?: readonly ListChange[];
  /** Strings: byte ranges written, [start, end). */
  readonly ranges?: readonly (readonly [number, number])[];
  /** Ranges read (LRANGE, ZRANGEBYSCORE, XRANGE ...). */
  readonly readRanges?: readonly ReadRange[];
  /** Streams: consumer groups created, changed or destroyed. */
  readonly groups?: readonly string[];
  /** Streams: the last ID, when XSETID set it. */
  readonly lastId?: string;
  /** Geo indexes: the area a GEOSEARCH / GEORADIUS looked in, and what it found. */
  readonly geo?: GeoSearchChange;
  /** Elements left out of the lists above (past `ELEMENT_CAP`). */
  readonly more?: number;
}

/**
 * A geo search: its centre, its circle or box (in metres), the unit the
 * command used, and the members it returned with their distances in that
 * unit (at most `ELEMENT_CAP`), nearest first.
 */
export interface GeoSearchChange {
  readonly lon: number;
  readonly lat: number;
  readonly shape: { readonly type: 'radius'; readonly radius: number } | { readonly type: 'box'; readonly width: number; readonly height: number };
  readonly unit: string;
  readonly toMeters: number;
  readonly found: readonly { readonly member: string; readonly dist: number }[];
}

/** Set algebra a command computed (SINTER, SUNIONSTORE, ZDIFF ...): the views draw it as a Venn diagram. */
export interface Combination {
  readonly op: 'inter' | 'union' | 'diff';
  readonly keys: readonly string[];
  /** The key a *STORE variant wrote. */
  readonly dest?: string;
}

/** Elements reported per key and per list; the rest are counted in `more`. */
export const ELEMENT_CAP = 1000;
/** Keys recorded per command (a change event lists at most as many); the rest go to a record that is thrown away. */
export const KEY_CAP = 1000;
/** Sorted-set ranks are given when at most this many members changed. */
const RANK_CAP = 64;

type State = 'added' | 'removed' | 'changed';

/** The record of one key while a command runs. */
export class KeyRecord {
  created = false;
  replaced = false;
  private elements: Map<string, State> | undefined;
  private reads: Set<string> | undefined;
  private scoreMap: Map<string, { old: number | null; new: number | null }> | undefined;
  private listOps: ListChange[] | undefined;
  private byteRanges: [number, number][] | undefined;
  private readRanges: ReadRange[] | undefined;
  private groupNames: Set<string> | undefined;
  private streamLastId: string | undefined;
  private geoSearch: GeoSearchChange | undefined;
  private more = 0;

  constructor(
    readonly db: number,
    readonly key: string,
  ) {}

  /** A hash field, set member or stream ID was added. */
  added(x: string): void {
    this.element(x, 'added');
  }
  /** A hash field, set member or stream ID was removed. */
  removed(x: string): void {
    this.element(x, 'removed');
  }
  /** A hash field's value changed in place. */
  changed(x: string): void {
    this.element(x, 'changed');
  }
  /** A hash field, set member, sorted-set member or stream ID was read. */
  read(x: string): void {
    const r = (this.reads ??= new Set());
    if (r.size < ELEMENT_CAP || r.has(x)) r.add(x);
    else this.more++;
  }
  /** Every one of `xs` was added / removed / read. */
  addedAll(xs: Iterable<string>): void {
    for (const x of xs) this.element(x, 'added');
  }
  removedAll(xs: Iterable<string>): void {
    for (const x of xs) this.element(x, 'removed');
  }
  readAll(xs: Iterable<string>): void {
    for (const x of xs) this.read(x);
  }

  /** A sorted-set member's score went from `old` to `now` (null: absent). */
  score(member: string, old: number | null, now: number | null): void {
    const m = (this.scoreMap ??= new Map());
    const had = m.get(member);
    if (had !== undefined) {
      if (had.old === now) m.delete(member);
      else had.new = now;
    } else if (m.size < ELEMENT_CAP) m.set(member, { old, new: now });
    else this.more++;
  }

  /** Something happened to a list. */
  list(op: ListChange): void {
    const l = (this.listOps ??= []);
    if (l.length < ELEMENT_CAP) l.push(op);
    else this.more++;
  }

  /** Bytes [start, end) of a string were written. */
  range(start: number, end: number): void {
    const r = (this.byteRanges ??= []);
    if (r.length < ELEMENT_CAP) r.push([start, end]);
    else this.more++;
  }

  /** A range of the key was read. */
  readRange(r: ReadRange): void {
    const l = (this.readRanges ??= []);
    if (l.length < ELEMENT_CAP) l.push(r);
    else this.more++;
  }

  /** A stream's consumer group was created, changed or destroyed. */
  group(name: string): void {
    (this.groupNames ??= new Set()).add(name);
  }

  /** A geo search looked in an area of this key (the last one of a command counts). */
  geo(g: GeoSearchChange): void {
    this.geoSearch = g;
  }

  /** A stream's last ID was set (XSETID). */
  lastId(id: string): void {
    this.streamLastId = id;
  }

  /** The value was replaced as a whole: what was recorded before no longer applies. */
  replace(): void {
    this.replaced = true;
    this.elements = undefined;
    this.scoreMap = undefined;
    this.listOps = undefined;
    this.byteRanges = undefined;
  }

  /** The key existed before the command and now holds another value as a whole (RENAME or COPY onto it). */
  overwritten(): void {
    this.created = false;
    this.replace();
  }

  /**
   * The key now holds a new object with the same value edited (a rebuild
   * for the encoding, not a replacement): the calls that follow say how.
   */
  rebuilt(): void {
    this.replaced = false;
  }

  private element(x: string, s: State): void {
    const m = (this.elements ??= new Map());
    const had = m.get(x);
    if (had === undefined) {
      if (m.size < ELEMENT_CAP) m.set(x, s);
      else this.more++;
      return;
    }
    // Several changes to one element in a command (or a transaction): the net effect.
    if (had === 'added' && s === 'removed') m.delete(x);
    else if (had === 'removed' && s === 'added') m.set(x, 'changed');
    else if (had !== 'added') m.set(x, s);
  }

  /** The record as data; `entry` is the key's value now (for sorted-set ranks). */
  finish(entry: Entry | undefined): KeyChange {
    const out: { -readonly [K in keyof KeyChange]: KeyChange[K] } = { db: this.db, key: this.key };
    if (this.created) out.created = true;
    if (this.replaced) out.replaced = true;
    if (this.elements !== undefined && this.elements.size > 0) {
      const added: string[] = [];
      const removed: string[] = [];
      const changed: string[] = [];
      for (const [x, s] of this.elements) (s === 'added' ? added : s === 'removed' ? removed : changed).push(x);
      if (added.length > 0) out.added = added;
      if (removed.length > 0) out.removed = removed;
      if (changed.length > 0) out.changed = changed;
    }
    if (this.reads !== undefined) out.read = [...this.reads];
    if (this.scoreMap !== undefined && this.scoreMap.size > 0) out.scores = scoreChanges(this.scoreMap, entry, this.more === 0 && !this.replaced);
    if (this.listOps !== undefined) out.list = this.listOps;
    if (this.byteRanges !== undefined) out.ranges = this.byteRanges;
    if (this.readRanges !== undefined) out.readRanges = this.readRanges;
    if (this.groupNames !== undefined) out.groups = [...this.groupNames];
    if (this.streamLastId !== undefined) out.lastId = this.streamLastId;
    if (this.geoSearch !== undefined) out.geo = this.geoSearch;
    if (this.more > 0) out.more = this.more;
    return out;
  }
}

/**
 * The score changes with ranks before and after. New ranks come from the
 * set; an old rank is the number of elements that were below the member's
 * old place: those unchanged by the command that are below it now, plus the
 * changed ones whose old place was below it.
 */
function scoreChanges(m: Map<string, { old: number | null; new: number | null }>, entry: Entry | undefined, ranks: boolean): ScoreChange[] {
  const zs = entry?.type === 'zset' ? entry.value : undefined;
  const list = [...m];
  if (!ranks || list.length > RANK_CAP) return list.map(([member, s]) => ({ member, old: s.old, new: s.new }));
  const below = (s1: number, m1: string, s2: number, m2: string) => s1 < s2 || (s1 === s2 && m1 < m2);
  return list.map(([member, s]): ScoreChange => {
    const newRank = s.new === null ? null : (zs?.rank(member) ?? null);
    let oldRank: number | null = null;
    if (s.old !== null) {
      const os = s.old;
      let n = zs === undefined ? 0 : zs.countWhile((sc, mb) => below(sc, mb, os, member));
      for (const [y, t] of list) {
        if (t.new !== null && below(t.new, y, os, member)) n--;
        if (t.old !== null && y !== member && below(t.old, y, os, member)) n++;
      }
      oldRank = n;
    }
    return { member, old: s.old, new: s.new, oldRank, newRank };
  });
}

/** The engine's collector: one record per key touched by the running command. */
export class ChangeLog {
  /** True while someone listens to the engine's events. */
  on = false;
  private records = new Map<string, KeyRecord>();
  private combination: Combination | undefined;
  private sink: KeyRecord | undefined;

  /** The last record asked for: a handler asks for the same key again and again. */
  private last: KeyRecord | undefined;

  /** The record of `key` in database `db`. */
  key(db: number, key: string): KeyRecord {
    const last = this.last;
    if (last !== undefined && last.key === key && last.db === db) return last;
    const id = `${db}\u0000${key}`;
    let r = this.records.get(id);
    if (r === undefined) {
      if (this.records.size >= KEY_CAP) return (this.sink ??= new KeyRecord(-1, ''));
      this.records.set(id, (r = new KeyRecord(db, key)));
    }
    this.last = r;
    return r;
  }

  /** A set-algebra command combined these keys. */
  combined(c: Combination): void {
    this.combination = c;
  }

  /** Everything recorded since the last call, as data. `entryOf` gives a key's value now. */
  take(entryOf: (db: number, key: string) => Entry | undefined): { changes: KeyChange[]; combination: Combination | undefined } {
    const combination = this.combination;
    this.combination = undefined;
    this.sink = undefined;
    this.last = undefined;
    if (this.records.size === 0) return { changes: [], combination };
    const changes: KeyChange[] = [];
    for (const r of this.records.values()) changes.push(r.finish(entryOf(r.db, r.key)));
    this.records.clear();
    return { changes, combination };
  }
}

/**
 * The record of `key` (in the command's database unless `db` says otherwise),
 * or undefined when nobody listens. Use with `?.`.
 */
export function track(c: Ctx, key: string, db?: number): KeyRecord | undefined {
  const log = c.engine.changes;
  return log.on ? log.key(db ?? c.db.id, key) : undefined;
}

/** Reports set algebra (see Combination), when somebody listens. */
export function combined(c: Ctx, op: Combination['op'], keys: readonly string[], dest?: string): void {
  const log = c.engine.changes;
  if (log.on) log.combined(dest === undefined ? { op, keys } : { op, keys, dest });
}

/**
 * One reply per element named from `argv[2]` on (HMGET, SMISMEMBER,
 * ZMSCORE), each element recorded as read when the key exists.
 */
export function readEach(c: Ctx, exists: boolean, reply: (element: string) => Reply): Reply {
  const rec = exists ? track(c, c.argv[1]!) : undefined;
  const out: Reply[] = [];
  for (let i = 2; i < c.argv.length; i++) {
    rec?.read(c.argv[i]!);
    out.push(reply(c.argv[i]!));
  }
  return array(out);
}
