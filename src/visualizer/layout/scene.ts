/**
 * The value view's scene: a key's window plus what the last command did to
 * it, ready to draw. Built outside React (in the store) once per update, so
 * element identities carry over from one command to the next and the
 * components only render.
 */
import type { ChangeEvent } from '../../protocol/messages';
import type { StreamEntryView, StreamGroupView, ValueWindow } from '../../protocol/views';
import { transitionKeyed, type KeyedItem } from './keyed';
import { listReadRange, planList, transitionList, type Box, type ListFrame, type ListReadRange } from './list';
import { isIntegerString } from './text';
import { appendedIds, compareStreamIds, deletedIds, groupChanges, streamRead, type GroupChange, type StreamRead } from './stream';
import { rankMoves, zsetRead, zsetWrittenMembers, type RankMove, type ZsetRead } from './zset';

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

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** Hash fields a command names (written or read). */
export function hashFields(argv: readonly string[]): { written: string[]; read: string[]; removed: string[] } {
  const cmd = lower(argv[0]);
  const rest = argv.slice(2);
  switch (cmd) {
    case 'hset':
    case 'hmset':
      return { written: rest.filter((_, i) => i % 2 === 0), read: [], removed: [] };
    case 'hsetnx':
    case 'hincrby':
    case 'hincrbyfloat':
      return { written: rest.slice(0, 1), read: [], removed: [] };
    case 'hdel':
      return { written: [], read: [], removed: rest };
    case 'hget':
    case 'hmget':
    case 'hexists':
    case 'hstrlen':
      return { written: [], read: rest, removed: [] };
    default:
      return { written: [], read: [], removed: [] };
  }
}

/** Set members a command names (written, read or removed). */
export function setMembers(argv: readonly string[], key: string): { written: string[]; read: string[]; removed: string[] } {
  const cmd = lower(argv[0]);
  switch (cmd) {
    case 'sadd':
      return { written: argv.slice(2), read: [], removed: [] };
    case 'srem':
      return { written: [], read: [], removed: argv.slice(2) };
    case 'smove': {
      const m = argv[3] === undefined ? [] : [argv[3]];
      return argv[1] === key ? { written: [], read: [], removed: m } : { written: m, read: [], removed: [] };
    }
    case 'sismember':
    case 'smismember':
      return { written: [], read: argv.slice(2), removed: [] };
    default:
      return { written: [], read: [], removed: [] };
  }
}

function wrote(e: ChangeEvent | undefined, key: string): boolean {
  return e !== undefined && e.keys.some((m) => m.key === key);
}

function readIt(e: ChangeEvent | undefined, key: string): boolean {
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
      const plan = w ? planList(w.argv, key, prevList ? prevList.length : inferPrevLen(w.argv, next.length), next.length, prevList, next) : undefined;
      const { boxes, frame } = transitionList(prevFrame, next, plan, newId);
      return { type: 'list', key, boxes, frame, read: e && readIt(e, key) ? listReadRange(e.argv, next.length) : null };
    }
    case 'hash': {
      const f = e ? hashFields(e.argv) : { written: [], read: [], removed: [] };
      const removed = new Set(f.removed);
      const whole = complete(pv, next);
      const rows = transitionKeyed(
        pv?.type === 'hash' ? { offset: pv.offset, ids: pv.entries.map((x) => x[0]), data: pv.entries.map((x) => x[1]) } : undefined,
        { offset: next.offset, ids: next.entries.map((x) => x[0]), data: next.entries.map((x) => x[1]) },
        new Set(w ? f.written : []),
        (id) => w !== undefined && (removed.has(id) || whole),
      );
      return { type: 'hash', key, rows, read: new Set(f.read) };
    }
    case 'set': {
      const f = e ? setMembers(e.argv, key) : { written: [], read: [], removed: [] };
      const removed = new Set(f.removed);
      const whole = complete(pv, next);
      const chips = transitionKeyed<null>(
        pv?.type === 'set' ? { offset: pv.offset, ids: pv.members, data: pv.members.map(() => null) } : undefined,
        { offset: next.offset, ids: next.members, data: next.members.map(() => null) },
        new Set(w ? f.written : []),
        (id) => w !== undefined && (removed.has(id) || whole),
      );
      return { type: 'set', key, chips, read: new Set(f.read) };
    }
    case 'zset': {
      const touched = w ? zsetWrittenMembers(w.argv) : [];
      const isRem = w !== undefined && /^(b?z(rem|popmin|popmax|mpop)|zremrange)/i.test(w.argv[0] ?? '');
      const whole = complete(pv, next);
      const samePrev = pv?.type === 'zset' && pv.reverse === next.reverse ? pv : undefined;
      // A window somewhere else entirely (it followed a member far away): nothing there arrived, it is just shown.
      const overlaps = samePrev !== undefined && samePrev.offset < next.offset + next.items.length && next.offset < samePrev.offset + samePrev.items.length;
      const rows = transitionKeyed(
        samePrev && overlaps ? { offset: samePrev.offset, ids: samePrev.items.map((x) => x[0]), data: samePrev.items.map((x) => x[1]) } : undefined,
        { offset: next.offset, ids: next.items.map((x) => x[0]), data: next.items.map((x) => x[1]) },
        new Set(touched),
        (id) => isRem && (touched.includes(id) || whole),
      );
      const moves = w && touched.length <= 16 ? rankMoves(touched, samePrev, next, next.probe) : [];
      return { type: 'zset', key, rows, read: e && readIt(e, key) ? zsetRead(e.argv) : null, moves };
    }
    case 'stream': {
      const ps2 = pv?.type === 'stream' ? pv : undefined;
      // Appended: newer than the last ID before; on a first look at the stream, the XADD's entry is the last one.
      let added = w ? appendedIds(ps2?.lastId, next.entries) : [];
      if (w && ps2 === undefined && /^xadd$/i.test(w.argv[0] ?? '') && next.entries.at(-1)?.id === next.lastId) added = [next.lastId];
      const gone = new Set(w ? deletedIds(w.argv, key) : []);
      const rows = transitionKeyed(
        ps2 ? { offset: ps2.offset, ids: ps2.entries.map((x) => x.id), data: ps2.entries } : undefined,
        { offset: next.offset, ids: next.entries.map((x) => x.id), data: next.entries },
        new Set(added),
        // Gone for real: named by XDEL, or older than the first entry now (trimmed).
        (id) => w !== undefined && (gone.has(id) || (next.length === 0 || compareStreamIds(id, next.firstId) < 0)),
      );
      return {
        type: 'stream',
        key,
        rows,
        groups: next.groups,
        added,
        read: e && readIt(e, key) ? streamRead(e.argv, key) : null,
        groupChanges: ps2 ? groupChanges(ps2.groups, next.groups) : [],
      };
    }
  }
}

/** Without a previous window, the length before a push is the new length minus what was pushed. */
function inferPrevLen(argv: readonly string[], len: number): number {
  return /^[lr]pushx?$/.test(lower(argv[0])) ? Math.max(0, len - (argv.length - 2)) : len;
}
