/**
 * The value view's scene: a key's window plus what the last command did to
 * it, ready to draw. Built outside React (in the view model) once per
 * update, so element identities carry over from one command to the next
 * and the components only render.
 *
 * What the command did comes from the engine's element-level report for the
 * key (`KeyChange`: fields, members, scores and ranks, list operations,
 * stream IDs, reads); nothing here reads the command's arguments, so a new
 * command animates as soon as its handler reports what it does.
 */
import type { ChangeEvent, GeoSearchChange, KeyChange } from '../../protocol/messages';
import type { StreamEntryView, StreamGroupView, ValueWindow } from '../../protocol/views';
import { transitionKeyed, type KeyedItem } from './keyed';
import { lengthChange, planList, transitionList, type Box, type ListFrame, type ListReadRange } from './list';
import { isIntegerString } from './text';
import { compareStreamIds, groupChanges, streamRead, type GroupChange, type StreamRead } from './stream';
import { rankMoves, zsetRead, type RankMove, type ZsetRead } from './zset';

export type Scene =
  | { readonly type: null; readonly key: string }
  | {
      readonly type: 'string';
      readonly key: string;
      readonly value: string;
      readonly truncated: boolean;
      /** The previous value when the command changed it (for the counter's tick). */
      readonly prev: string | undefined;
      /** For integer changes (INCR/DECR): new minus old. */
      readonly delta: number | undefined;
      readonly read: boolean;
    }
  | { readonly type: 'list'; readonly key: string; readonly boxes: readonly Box[]; readonly frame: ListFrame; readonly read: ListReadRange | null }
  | { readonly type: 'hash'; readonly key: string; readonly rows: readonly KeyedItem<string>[]; readonly read: ReadonlySet<string> }
  | { readonly type: 'set'; readonly key: string; readonly chips: readonly KeyedItem<null>[]; readonly read: ReadonlySet<string> }
  | {
      readonly type: 'zset';
      readonly key: string;
      readonly rows: readonly KeyedItem<number>[];
      readonly read: ZsetRead | null;
      readonly moves: readonly RankMove[];
      /** The area a geo search looked in, and what it found. */
      readonly geo: GeoSearchChange | null;
    }
  | {
      readonly type: 'stream';
      readonly key: string;
      /** Entries in the window (index = position from the oldest); appended ones are `enter`. */
      readonly rows: readonly KeyedItem<StreamEntryView>[];
      readonly groups: readonly StreamGroupView[];
      /** IDs the command appended (XADD). */
      readonly added: readonly string[];
      readonly read: StreamRead | null;
      readonly groupChanges: readonly GroupChange[];
    };

/** The engine's report of what `e` did inside `key` (database `db`), if anything. */
export function changeOf(e: ChangeEvent | undefined, db: number, key: string): KeyChange | undefined {
  return e?.changes.find((k) => k.db === db && k.key === key);
}

/** Elements the view should show as gone, arrived or rewritten, from the report. */
function elements(k: KeyChange | undefined): { written: ReadonlySet<string>; removed: ReadonlySet<string>; read: ReadonlySet<string> } {
  return {
    written: new Set([...(k?.added ?? []), ...(k?.changed ?? [])]),
    removed: new Set(k?.removed ?? []),
    read: new Set(k?.read ?? []),
  };
}

function wrote(e: ChangeEvent | undefined, key: string): boolean {
  return e !== undefined && e.keys.some((m) => m.key === key);
}

function readIt(e: ChangeEvent | undefined, key: string): e is ChangeEvent {
  return e !== undefined && e.reads.includes(key);
}

/** Both windows hold the whole collection: anything missing really left. */
function complete(prev: ValueWindow | undefined, next: ValueWindow): boolean {
  if (prev === undefined || prev.type === null || next.type === null || prev.type === 'string' || next.type === 'string') return false;
  const n = (w: typeof prev) =>
    w.type === 'hash' || w.type === 'stream' ? w.entries.length : w.type === 'set' ? w.members.length : w.type === 'list' || w.type === 'zset' ? w.items.length : 0;
  return prev.offset === 0 && next.offset === 0 && n(prev) === prev.length && n(next) === next.length;
}

/**
 * `prev` is the scene and window on screen before (any key); `e` the command
 * that caused this update, when there was one (scrolling has none).
 */
export function buildScene(
  prev: { readonly scene: Scene; readonly value: ValueWindow } | undefined,
  next: ValueWindow,
  e: ChangeEvent | undefined,
  newId: () => number,
): Scene {
  const same = prev !== undefined && prev.value.key === next.key && prev.value.db === next.db && prev.value.type === next.type;
  const pv = same ? prev.value : undefined;
  const ps = same ? prev.scene : undefined;
  const key = next.key;
  const w = wrote(e, key) ? e : undefined;
  const k = changeOf(e, next.db, key);
  /** The value as a whole is new: everything in the window arrived. */
  const whole = k?.created === true || k?.replaced === true;
  switch (next.type) {
    case null:
      return { type: null, key };
    case 'string': {
      const old = pv?.type === 'string' ? pv.value : undefined;
      const changed = w !== undefined && old !== undefined && old !== next.value;
      const delta = changed && isIntegerString(old) && isIntegerString(next.value) ? Number(BigInt(next.value) - BigInt(old)) : undefined;
      return { type: 'string', key, value: next.value, truncated: next.truncated, prev: changed ? old : undefined, delta, read: readIt(e, key) };
    }
    case 'list': {
      const prevFrame = ps?.type === 'list' ? ps.frame : undefined;
      const prevList = pv?.type === 'list' ? pv : undefined;
      const ops = w && k?.replaced !== true ? (k?.list ?? []) : [];
      // Without a window before, the length before is the new one less what the operations added.
      const prevLen = prevList ? prevList.length : next.length - (lengthChange(ops) ?? 0);
      const plan = planList(ops, prevLen);
      const { boxes, frame } = transitionList(prevFrame, next, plan, newId);
      const r = readIt(e, key) ? k?.readRanges?.find((x) => x.kind === 'index') : undefined;
      const read: ListReadRange | null = r?.kind === 'index' ? { start: r.start, stop: r.stop } : null;
      return { type: 'list', key, boxes, frame, read };
    }
    case 'hash': {
      const f = elements(k);
      const all = complete(pv, next);
      const rows = transitionKeyed(
        pv?.type === 'hash' ? { offset: pv.offset, ids: pv.entries.map((x) => x[0]), data: pv.entries.map((x) => x[1]) } : undefined,
        { offset: next.offset, ids: next.entries.map((x) => x[0]), data: next.entries.map((x) => x[1]) },
        w ? (whole ? new Set(next.entries.map((x) => x[0])) : f.written) : new Set(),
        (id) => w !== undefined && (f.removed.has(id) || all || whole),
      );
      return { type: 'hash', key, rows, read: f.read };
    }
    case 'set': {
      const f = elements(k);
      const all = complete(pv, next);
      const chips = transitionKeyed<null>(
        pv?.type === 'set' ? { offset: pv.offset, ids: pv.members, data: pv.members.map(() => null) } : undefined,
        { offset: next.offset, ids: next.members, data: next.members.map(() => null) },
        w ? (whole ? new Set(next.members) : f.written) : new Set(),
        (id) => w !== undefined && (f.removed.has(id) || all || whole),
      );
      return { type: 'set', key, chips, read: f.read };
    }
    case 'zset': {
      const scores = w && !whole ? (k?.scores ?? []) : [];
      const touched = scores.map((x) => x.member);
      const gone = new Set(scores.filter((x) => x.new === null).map((x) => x.member));
      const all = complete(pv, next);
      const samePrev = pv?.type === 'zset' && pv.reverse === next.reverse ? pv : undefined;
      // A window somewhere else entirely (it followed a member far away): nothing there arrived, it is just shown.
      const overlaps = samePrev !== undefined && samePrev.offset < next.offset + next.items.length && next.offset < samePrev.offset + samePrev.items.length;
      const rows = transitionKeyed(
        samePrev && overlaps ? { offset: samePrev.offset, ids: samePrev.items.map((x) => x[0]), data: samePrev.items.map((x) => x[1]) } : undefined,
        { offset: next.offset, ids: next.items.map((x) => x[0]), data: next.items.map((x) => x[1]) },
        new Set(touched),
        (id) => w !== undefined && (gone.has(id) || (all && gone.size > 0) || whole),
      );
      const prevLen = next.length - scores.filter((x) => x.old === null).length + gone.size;
      const moves = scores.length <= 16 ? rankMoves(scores, next.reverse, prevLen, next.length) : [];
      const read = readIt(e, key);
      return { type: 'zset', key, rows, read: read ? zsetRead(k) : null, moves, geo: read ? (k?.geo ?? null) : null };
    }
    case 'stream': {
      const ps2 = pv?.type === 'stream' ? pv : undefined;
      const added = w ? (k?.added ?? []) : [];
      const gone = new Set(w ? (k?.removed ?? []) : []);
      const rows = transitionKeyed(
        ps2 ? { offset: ps2.offset, ids: ps2.entries.map((x) => x.id), data: ps2.entries } : undefined,
        { offset: next.offset, ids: next.entries.map((x) => x.id), data: next.entries },
        new Set(added),
        // Gone for real: removed (XDEL, a trim), or older than the first entry now.
        (id) => w !== undefined && (gone.has(id) || next.length === 0 || compareStreamIds(id, next.firstId) < 0),
      );
      return {
        type: 'stream',
        key,
        rows,
        groups: next.groups,
        added,
        read: e && readIt(e, key) ? streamRead(e.command, k) : null,
        groupChanges: ps2 ? groupChanges(ps2.groups, next.groups) : [],
      };
    }
  }
}
