/**
 * What a list command did to the elements on screen, so the deque view can
 * animate it: LPUSH slides new boxes in from the left, RPOP sends the last
 * one out to the right, LTRIM fades out what it cut, LMOVE carries a box from
 * one end to the other, LRANGE lights up the range it read.
 *
 * The plan maps every old index to its new index (or to null when the
 * element left). It comes from the command's meaning, not from comparing
 * values, because lists hold duplicates; comparing values is only the
 * fallback for commands whose effect depends on the data (LREM, LINSERT).
 */
export type Side = 'left' | 'right' | 'fade';

export interface ListPlan {
  /** New index of the element that was at old index i, or null when it left. */
  readonly map: (oldIndex: number) => number | null;
  /** Where removed elements go. */
  readonly leave: Side;
  /** New indexes [start, end) that arrived, and from where. */
  readonly enter: { readonly start: number; readonly end: number; readonly from: Side } | null;
  /** New indexes whose value was replaced in place (LSET). */
  readonly changed: readonly number[];
}

export interface ListReadRange {
  readonly start: number;
  /** Inclusive. */
  readonly stop: number;
}

const lower = (s: string | undefined) => (s ?? '').toLowerCase();

/** Redis's index normalisation for LRANGE/LTRIM: negative from the end, clamped. */
export function normalizeRange(start: number, stop: number, len: number): ListReadRange | null {
  let s = start < 0 ? len + start : start;
  let e = stop < 0 ? len + stop : stop;
  if (s < 0) s = 0;
  if (e >= len) e = len - 1;
  if (s > e || s >= len) return null;
  return { start: s, stop: e };
}

function int(s: string | undefined): number {
  const n = Number(s);
  return Number.isFinite(n) ? Math.trunc(n) : 0;
}

const identity = (i: number) => i;

/**
 * The plan for `argv` (argv[0] is the command) applied to list `key`, which
 * had `prevLen` elements and now has `nextLen`. `prev`/`next` are the windows
 * on screen before and after (offset + items), used for LINSERT/LREM.
 */
export function planList(
  argv: readonly string[],
  key: string,
  prevLen: number,
  nextLen: number,
  prev?: { readonly offset: number; readonly items: readonly string[] },
  next?: { readonly offset: number; readonly items: readonly string[] },
): ListPlan | undefined {
  const cmd = lower(argv[0]);
  const grew = nextLen - prevLen;
  const shrank = prevLen - nextLen;
  switch (cmd) {
    case 'lpush':
    case 'lpushx':
      if (grew <= 0) return undefined;
      return { map: (i) => i + grew, leave: 'fade', enter: { start: 0, end: grew, from: 'left' }, changed: [] };
    case 'rpush':
    case 'rpushx':
      if (grew <= 0) return undefined;
      return { map: identity, leave: 'fade', enter: { start: prevLen, end: nextLen, from: 'right' }, changed: [] };
    case 'lpop':
    case 'blpop':
      return popLeft(shrank);
    case 'rpop':
    case 'brpop':
      return popRight(shrank, nextLen);
    case 'lmpop':
    case 'blmpop': {
      const n = int(argv[cmd === 'lmpop' ? 1 : 2]);
      const dir = lower(argv[(cmd === 'lmpop' ? 2 : 3) + n]);
      return dir === 'left' ? popLeft(shrank) : popRight(shrank, nextLen);
    }
    case 'rpoplpush':
    case 'brpoplpush':
      return move(argv[1], argv[2], 'right', 'left', key, prevLen, nextLen);
    case 'lmove':
    case 'blmove':
      return move(argv[1], argv[2], lower(argv[3]) === 'left' ? 'left' : 'right', lower(argv[4]) === 'left' ? 'left' : 'right', key, prevLen, nextLen);
    case 'ltrim': {
      const r = normalizeRange(int(argv[2]), int(argv[3]), prevLen);
      if (r === null) return { map: () => null, leave: 'fade', enter: null, changed: [] };
      return { map: (i) => (i >= r.start && i <= r.stop ? i - r.start : null), leave: 'fade', enter: null, changed: [] };
    }
    case 'lset': {
      let i = int(argv[2]);
      if (i < 0) i += nextLen;
      return { map: identity, leave: 'fade', enter: null, changed: i >= 0 && i < nextLen ? [i] : [] };
    }
    default:
      if (prev !== undefined && next !== undefined) return diffWindows(prev, next, prevLen, nextLen);
      return undefined;
  }
}

function popLeft(n: number): ListPlan | undefined {
  if (n <= 0) return undefined;
  return { map: (i) => (i >= n ? i - n : null), leave: 'left', enter: null, changed: [] };
}

function popRight(n: number, nextLen: number): ListPlan | undefined {
  if (n <= 0) return undefined;
  return { map: (i) => (i < nextLen ? i : null), leave: 'right', enter: null, changed: [] };
}

function move(src: string | undefined, dst: string | undefined, from: 'left' | 'right', to: 'left' | 'right', key: string, prevLen: number, nextLen: number): ListPlan | undefined {
  if (src === key && dst === key) {
    if (prevLen === 0) return undefined;
    // Rotation: one element travels from one end to the other.
    const last = prevLen - 1;
    if (from === to) return { map: identity, leave: 'fade', enter: null, changed: [] };
    if (from === 'left') return { map: (i) => (i === 0 ? last : i - 1), leave: 'fade', enter: null, changed: [] };
    return { map: (i) => (i === last ? 0 : i + 1), leave: 'fade', enter: null, changed: [] };
  }
  if (src === key) return from === 'left' ? popLeft(prevLen - nextLen) : popRight(prevLen - nextLen, nextLen);
  if (dst === key) {
    if (nextLen <= prevLen) return undefined;
    return to === 'left'
      ? { map: (i) => i + 1, leave: 'fade', enter: { start: 0, end: 1, from: 'left' }, changed: [] }
      : { map: identity, leave: 'fade', enter: { start: prevLen, end: nextLen, from: 'right' }, changed: [] };
  }
  return undefined;
}

/**
 * Fallback for data-dependent commands: align the old and new windows (both
 * must hold the whole list) greedily. Good for LINSERT (one element appears)
 * and LREM (equal elements vanish).
 */
function diffWindows(
  prev: { readonly offset: number; readonly items: readonly string[] },
  next: { readonly offset: number; readonly items: readonly string[] },
  prevLen: number,
  nextLen: number,
): ListPlan | undefined {
  if (prev.offset !== 0 || next.offset !== 0 || prev.items.length !== prevLen || next.items.length !== nextLen) return undefined;
  const a = prev.items;
  const b = next.items;
  const map = new Array<number | null>(a.length).fill(null);
  let enter: ListPlan['enter'] = null;
  if (b.length > a.length) {
    // Insertions: find the first difference, then match the rest from the end.
    let p = 0;
    while (p < a.length && a[p] === b[p]) p++;
    const k = b.length - a.length;
    for (let i = 0; i < a.length; i++) map[i] = i < p ? i : i + k;
    for (let i = p; i < a.length; i++) if (a[i] !== b[i + k]) return undefined;
    enter = { start: p, end: p + k, from: 'fade' };
  } else {
    let j = 0;
    for (let i = 0; i < a.length; i++) {
      if (j < b.length && a[i] === b[j]) map[i] = j++; // else: removed
    }
    if (j !== b.length) return undefined;
  }
  return { map: (i) => map[i] ?? null, leave: 'fade', enter, changed: [] };
}

/** The index range a read command lit up (LRANGE, LINDEX), or null. */
export function listReadRange(argv: readonly string[], len: number): ListReadRange | null {
  const cmd = lower(argv[0]);
  if (cmd === 'lrange') return normalizeRange(int(argv[2]), int(argv[3]), len);
  if (cmd === 'lindex') {
    let i = int(argv[2]);
    if (i < 0) i += len;
    return i >= 0 && i < len ? { start: i, stop: i } : null;
  }
  return null;
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
    const entering = plan?.enter && index >= plan.enter.start && index < plan.enter.end;
    const had = byNew.get(index);
    if (had !== undefined && !entering) {
      ids.push(had.id);
      const state: BoxState = changed.has(index) ? 'changed' : had.from !== index ? 'moved' : 'stay';
      boxes.push({ id: had.id, value, index, state, from: had.from, side: null });
    } else {
      const id = newId();
      ids.push(id);
      boxes.push({ id, value, index, state: entering ? 'enter' : 'stay', from: null, side: entering ? plan!.enter!.from : null });
    }
  });
  return { boxes: [...boxes, ...leaving], frame: { offset: next.offset, items: next.items, ids } };
}
