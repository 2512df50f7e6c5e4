/**
 * Transitions for collections whose elements have identities (hash fields,
 * set members, sorted-set members): which stayed, moved, arrived, changed or
 * left between two windows.
 */
export type ItemState = 'stay' | 'moved' | 'enter' | 'changed' | 'leave';

export interface KeyedItem<T> {
  readonly id: string;
  readonly data: T;
  /** Position in the new window (old position for a leaving item). */
  readonly index: number;
  readonly from: number | null;
  readonly state: ItemState;
  /** The command named this element (it gets the highlight; others just make room). */
  readonly touched: boolean;
}

export interface KeyedWindow<T> {
  readonly offset: number;
  readonly ids: readonly string[];
  readonly data: readonly T[];
}

/**
 * `touched` are ids the command named (their rows light up); `removed` tells
 * whether an id missing from the new window really left (rather than moved
 * out of view).
 */
export function transitionKeyed<T>(
  prev: KeyedWindow<T> | undefined,
  next: KeyedWindow<T>,
  touched: ReadonlySet<string>,
  removed: (id: string) => boolean,
): KeyedItem<T>[] {
  const old = new Map<string, number>();
  prev?.ids.forEach((id, k) => old.set(id, prev.offset + k));
  const out: KeyedItem<T>[] = next.ids.map((id, k) => {
    const index = next.offset + k;
    const from = old.get(id);
    let state: ItemState;
    if (from === undefined) state = prev === undefined ? (touched.has(id) ? 'changed' : 'stay') : 'enter';
    else if (from !== index) state = 'moved';
    else state = touched.has(id) ? 'changed' : 'stay';
    if (from !== undefined && from !== index && touched.has(id)) state = 'moved';
    return { id, data: next.data[k]!, index, from: from ?? null, state, touched: touched.has(id) };
  });
  if (prev !== undefined) {
    const present = new Set(next.ids);
    prev.ids.forEach((id, k) => {
      if (!present.has(id) && removed(id)) out.push({ id, data: prev.data[k]!, index: prev.offset + k, from: prev.offset + k, state: 'leave', touched: touched.has(id) });
    });
  }
  return out;
}

/**
 * The step (index - from) by which every item that was already on screen
 * moved, when they all moved by the same one (a push at the head shifts every
 * box by one), so the whole strip can slide instead of each item; 0 when
 * they did not (some stayed, or moved differently). Items that arrived or
 * left do not count, and at most `others` items may differ (a member that
 * jumped while the rest made room animates on its own).
 */
export function commonShift(items: Iterable<{ readonly index: number; readonly from: number | null; readonly state: string }>, others = 0): number {
  const count = new Map<number, number>();
  let total = 0;
  for (const m of items) {
    if (m.from === null || m.state === 'leave' || m.state === 'enter') continue;
    const d = m.index - m.from;
    count.set(d, (count.get(d) ?? 0) + 1);
    total++;
  }
  let best = 0;
  let n = 0;
  for (const [d, c] of count) if (c > n) [best, n] = [d, c];
  return best !== 0 && n >= 2 && total - n <= others ? best : 0;
}
