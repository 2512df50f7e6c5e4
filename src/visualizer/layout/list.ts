/**
 * What a list command did to the elements on screen, so the deque view can
 * animate it: LPUSH slides new boxes in from the left, RPOP sends the last
 * one out to the right, LTRIM fades out what it cut, LMOVE carries a box from
 * one end to the other, LRANGE lights up the range it read.
 *
 * The plan maps every old index to its new index (or to null when the
 * element left). It is composed from the operations the engine reports
 * (`ListChange`: push, pop, trim, set, insert, remove, rotate), never from
 * the command's arguments or by comparing values (lists hold duplicates).
 */
import type { ListChange } from '../../protocol/messages';

export type Side = 'left' | 'right' | 'fade';

export interface EnterRange {
  readonly start: number;
  readonly end: number;
  readonly from: Side;
}

export interface ListPlan {
  /** New index of the element that was at old index i, or null when it left. */
  readonly map: (oldIndex: number) => number | null;
  /** Where removed elements go. */
  readonly leave: Side;
  /** New indexes [start, end) that arrived, and from where. */
  readonly enter: readonly EnterRange[];
  /** New indexes whose value was replaced in place (LSET). */
  readonly changed: readonly number[];
}

export interface ListReadRange {
  readonly start: number;
  /** Inclusive. */
  readonly stop: number;
}

/** Redis's index normalisation for LRANGE/LTRIM: negative from the end, clamped. */
export function normalizeRange(start: number, stop: number, len: number): ListReadRange | null {
  let s = start < 0 ? len + start : start;
  let e = stop < 0 ? len + stop : stop;
  if (s < 0) s = 0;
  if (e >= len) e = len - 1;
  if (s > e || s >= len) return null;
  return { start: s, stop: e };
}

/** How much `ops` change a list's length, or undefined when that depends on the list (LTRIM). */
export function lengthChange(ops: readonly ListChange[]): number | undefined {
  let d = 0;
  for (const op of ops) {
    if (op.op === 'push') d += op.count;
    else if (op.op === 'pop') d -= op.count;
    else if (op.op === 'insert') d += 1;
    else if (op.op === 'remove') d -= op.indexes.length;
    else if (op.op === 'trim') return undefined;
  }
  return d;
}

/**
 * The plan for the operations `ops` applied, in order, to a list of
 * `prevLen` elements; undefined when they moved nothing.
 */
export function planList(ops: readonly ListChange[], prevLen: number): ListPlan | undefined {
  if (ops.length === 0) return undefined;
  let map = (i: number): number | null => i;
  let enter: EnterRange[] = [];
  let changed: number[] = [];
  let leave: Side = 'fade';
  let len = prevLen;
  /** Moves everything already planned through `f` (null: it left). */
  const through = (f: (i: number) => number | null) => {
    const before = map;
    map = (i) => {
      const m = before(i);
      return m === null ? null : f(m);
    };
    enter = enter.flatMap((r) => {
      const idx: number[] = [];
      for (let i = r.start; i < r.end; i++) {
        const m = f(i);
        if (m !== null) idx.push(m);
      }
      return idx.length === 0 ? [] : [{ start: Math.min(...idx), end: Math.max(...idx) + 1, from: r.from }];
    });
    changed = changed.map(f).filter((x): x is number => x !== null);
  };
  for (const op of ops) {
    switch (op.op) {
      case 'push': {
        const n = op.count;
        if (op.end === 'head') {
          through((i) => i + n);
          enter.push({ start: 0, end: n, from: 'left' });
        } else enter.push({ start: len, end: len + n, from: 'right' });
        len += n;
        break;
      }
      case 'pop': {
        const n = Math.min(op.count, len);
        const keep = len - n;
        through(op.end === 'head' ? (i) => (i >= n ? i - n : null) : (i) => (i < keep ? i : null));
        leave = op.end === 'head' ? 'left' : 'right';
        len = keep;
        break;
      }
      case 'trim': {
        const { start, stop } = op;
        through((i) => (start <= stop && i >= start && i <= stop ? i - start : null));
        leave = 'fade';
        len = start <= stop ? Math.min(stop, len - 1) - start + 1 : 0;
        break;
      }
      case 'set':
        changed.push(op.index);
        break;
      case 'insert': {
        const at = op.index;
        through((i) => (i >= at ? i + 1 : i));
        enter.push({ start: at, end: at + 1, from: 'fade' });
        len += 1;
        break;
      }
      case 'remove': {
        const gone = new Set(op.indexes);
        const sorted = [...op.indexes].sort((a, b) => a - b);
        through((i) => {
          if (gone.has(i)) return null;
          let below = 0;
          while (below < sorted.length && sorted[below]! < i) below++;
          return i - below;
        });
        leave = 'fade';
        len -= gone.size;
        break;
      }
      case 'rotate': {
        const last = len - 1;
        if (len === 0 || op.from === op.to) break;
        through(op.from === 'head' ? (i) => (i === 0 ? last : i - 1) : (i) => (i === last ? 0 : i + 1));
        break;
      }
    }
  }
  const plan: ListPlan = { map, leave, enter, changed };
  return plan;
}

export type BoxState = 'stay' | 'moved' | 'enter' | 'changed' | 'leave';

export interface Box {
  /** Stable identity across commands (React key). */
  readonly id: number;
  readonly value: string;
  /** New index, or the old index for a leaving box. */
  readonly index: number;
  readonly state: BoxState;
  /** Old index when the box moved, for the slide. */
  readonly from: number | null;
  readonly side: Side | null;
}

export interface ListFrame {
  readonly offset: number;
  readonly items: readonly string[];
  readonly ids: readonly number[];
}

/**
 * Boxes to draw after a command: the new window's elements with identities
 * carried over from the old window, plus the old elements that left.
 */
export function transitionList(
  prev: ListFrame | undefined,
  next: { readonly offset: number; readonly items: readonly string[] },
  plan: ListPlan | undefined,
  newId: () => number,
): { boxes: Box[]; frame: ListFrame } {
  const byNew = new Map<number, { id: number; from: number }>();
  const leaving: Box[] = [];
  if (prev !== undefined) {
    prev.items.forEach((value, k) => {
      const old = prev.offset + k;
      const to = plan ? plan.map(old) : old;
      if (to === null) leaving.push({ id: prev.ids[k]!, value, index: old, state: 'leave', from: old, side: plan?.leave ?? 'fade' });
      else byNew.set(to, { id: prev.ids[k]!, from: old });
    });
  }
  const changed = new Set(plan?.changed ?? []);
  const boxes: Box[] = [];
  const ids: number[] = [];
  next.items.forEach((value, k) => {
    const index = next.offset + k;
    const entering = plan?.enter.find((r) => index >= r.start && index < r.end);
    const had = byNew.get(index);
    if (had !== undefined && !entering) {
      ids.push(had.id);
      const state: BoxState = changed.has(index) ? 'changed' : had.from !== index ? 'moved' : 'stay';
      boxes.push({ id: had.id, value, index, state, from: had.from, side: null });
    } else {
      const id = newId();
      ids.push(id);
      boxes.push({ id, value, index, state: entering ? 'enter' : 'stay', from: null, side: entering ? entering.from : null });
    }
  });
  return { boxes: [...boxes, ...leaving], frame: { offset: next.offset, items: next.items, ids } };
}
