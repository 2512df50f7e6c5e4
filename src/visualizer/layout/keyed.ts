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
