import { useCallback, useMemo } from 'react';
import { useKeyspace } from '../store/keyspace';
import type { VisibleRange } from './VirtualList';

/**
 * Keeps the selected key's element window covering what a virtual list
 * shows (`per` elements per list item, e.g. chips per row).
 */
export function useValueWindow(per = 1, pad = 40): (r: VisibleRange) => void {
  return useCallback(
    (r: VisibleRange) => {
      const s = useKeyspace.getState();
      const first = r.first * per;
      const last = r.last * per;
      const v = s.value;
      const have = v !== undefined && v.type !== null && v.type !== 'string';
      const covered = have && s.valueRange.offset <= first && s.valueRange.offset + s.valueRange.limit >= last;
      if (!covered) s.setValueRange(Math.max(0, first - pad * per), last - first + 2 * pad * per);
    },
    [per, pad],
  );
}

/**
 * A window's items by index (the ones still there), the ones the last
 * command removed (kept a moment to fade out or be named under the view),
 * and the list's item key: the element's identity, so a row follows its
 * element when a command shifts them (the index while it is not loaded).
 */
export function useWindowItems<T extends { readonly id: string | number; readonly index: number; readonly state: string }>(
  items: readonly T[],
): { byIndex: Map<number, T>; removed: T[]; itemKey: (i: number) => string | number } {
  return useMemo(() => {
    const byIndex = new Map<number, T>();
    const removed: T[] = [];
    for (const r of items) {
      if (r.state === 'leave') removed.push(r);
      else byIndex.set(r.index, r);
    }
    return { byIndex, removed, itemKey: (i: number) => byIndex.get(i)?.id ?? `i${i}` };
  }, [items]);
}

/**
 * For a row's memo: the item is the same object, or the same element
 * staying where it was with equal data (items are new objects with every
 * window, so identity alone would re-render every row).
 */
export function sameStayingItem<T extends { readonly id: string | number; readonly state: string }>(
  a: T | undefined,
  b: T | undefined,
  sameData: (a: T, b: T) => boolean,
): boolean {
  return a === b || (a !== undefined && b !== undefined && a.id === b.id && a.state === b.state && b.state === 'stay' && sameData(a, b));
}

/**
 * How an element shows the last command: `hot` when it was added or changed
 * (its React key then changes with every command `seq`, so the flash plays
 * again), `read` when the command read it; `attrs` are the element's
 * data-state and data-read attributes.
 */
export function touchOf(
  item: { readonly id: string; readonly state: string },
  read: ReadonlySet<string>,
  seq: number,
): { key: string; hot: boolean; read: boolean; attrs: { 'data-state': string; 'data-read': true | undefined } } {
  const hot = item.state === 'enter' || item.state === 'changed';
  const wasRead = read.has(item.id);
  return { key: hot ? `${item.id}-${seq}` : item.id, hot, read: wasRead, attrs: { 'data-state': item.state, 'data-read': wasRead || undefined } };
}

/**
 * A row's memo comparison: the `plain` props are equal (===), `item` picks
 * the same staying item with equal data (sameStayingItem), and `also`, when
 * given, holds.
 */
export function sameRow<P, T extends { readonly id: string | number; readonly state: string }>(
  plain: readonly (keyof P)[],
  item: (p: P) => T | undefined,
  sameData: (a: T, b: T) => boolean,
  also?: (p: P, n: P) => boolean,
): (p: P, n: P) => boolean {
  return (p, n) => plain.every((k) => p[k] === n[k]) && (also === undefined || also(p, n)) && sameStayingItem(item(p), item(n), sameData);
}

/**
 * A value view's windowed list of one element per item: the window's
 * items (see useWindowItems) and the list's props, `length` items of
 * `itemSize` px keyed by element, the element window kept `pad` elements
 * around what it shows.
 */
export function useElementList<T extends { readonly id: string | number; readonly index: number; readonly state: string }>(
  items: readonly T[],
  length: number,
  itemSize: number,
  pad = 30,
): { byIndex: Map<number, T>; removed: T[]; list: { count: number; itemSize: number; onRange: (r: VisibleRange) => void; itemKey: (i: number) => string | number } } {
  const onRange = useValueWindow(1, pad);
  const { byIndex, removed, itemKey } = useWindowItems(items);
  return { byIndex, removed, list: { count: length, itemSize, onRange, itemKey } };
}
