/**
 * A small windowed list for fixed-size items, vertical or horizontal, that
 * stays usable past a million items: beyond the browser's element-size
 * limit the scroll range is compressed (see layout/virtual.ts), which the
 * usual libraries do not do. Only the visible items (plus a few) exist in
 * the DOM; each sits in an absolutely positioned wrapper moved with a
 * transform, so its content is free to animate its own transform.
 */
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type HTMLAttributes, type ReactNode } from 'react';
import { layoutWindow, scrollToItem } from './layout/virtual';

export interface VisibleRange {
  /** Rendered (with overscan). */
  readonly first: number;
  readonly last: number;
  /** On screen. */
  readonly visibleFirst: number;
  readonly visibleLast: number;
}

export interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  count: number;
  itemSize: number;
  horizontal?: boolean;
  overscan?: number;
  /** Cross-axis size of the items (defaults to 100%). */
  crossSize?: number | string;
  renderItem: (index: number) => ReactNode;
  /** Item key (defaults to the index). */
  itemKey?: (index: number) => string | number;
  onRange?: (r: VisibleRange) => void;
  /** Bring an item into view; change `seq` to ask again. */
  scrollTo?: { index: number; seq: number; align?: 'auto' | 'start' | 'center' } | undefined;
  /** Content drawn inside the scroller, over the items (overlays that scroll with them). */
  overlay?: (position: (i: number) => number) => ReactNode;
  innerStyle?: CSSProperties;
}

export function VirtualList({
  count,
  itemSize,
  horizontal = false,
  overscan = 6,
  crossSize = '100%',
  renderItem,
  itemKey,
  onRange,
  scrollTo,
  overlay,
  innerStyle,
  style,
  ...rest
}: VirtualListProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState(0);
  const [viewport, setViewport] = useState(0);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setViewport(horizontal ? el.clientWidth : el.clientHeight);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [horizontal]);

  const layout = layoutWindow({ scroll, viewport, itemSize, count, overscan });

  const onRangeRef = useRef(onRange);
  useEffect(() => {
    onRangeRef.current = onRange;
  });
  useEffect(() => {
    if (viewport > 0) onRangeRef.current?.({ first: layout.first, last: layout.last, visibleFirst: layout.visibleFirst, visibleLast: layout.visibleLast });
  }, [layout.first, layout.last, layout.visibleFirst, layout.visibleLast, viewport]);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || scrollTo === undefined || viewport === 0) return;
    const cur = horizontal ? el.scrollLeft : el.scrollTop;
    const next = scrollToItem({ scroll: cur, viewport, itemSize, count }, scrollTo.index, scrollTo.align ?? 'auto');
    if (next !== cur) {
      if (horizontal) el.scrollLeft = next;
      else el.scrollTop = next;
      setScroll(next);
    }
    // Only a new request (seq) scrolls; later count changes must not yank the view.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollTo?.seq, viewport]);

  const items: ReactNode[] = [];
  for (let i = layout.first; i < layout.last; i++) {
    const p = layout.position(i);
    items.push(
      <div
        key={itemKey ? itemKey(i) : i}
        style={{
          position: 'absolute',
          top: 0,
          left: 0,
          transform: horizontal ? `translateX(${p}px)` : `translateY(${p}px)`,
          contain: 'layout style',
          width: horizontal ? itemSize : crossSize,
          height: horizontal ? crossSize : itemSize,
        }}
      >
        {renderItem(i)}
      </div>,
    );
  }

  return (
    <div
      ref={ref}
      onScroll={(e) => setScroll(horizontal ? e.currentTarget.scrollLeft : e.currentTarget.scrollTop)}
      // Layout inside the scroller never reaches the rest of the page (it is sized by its parent).
      style={{ overflowX: horizontal ? 'auto' : 'hidden', overflowY: horizontal ? 'hidden' : 'auto', position: 'relative', contain: 'strict', ...style }}
      {...rest}
    >
      <div style={{ position: 'relative', width: horizontal ? layout.spacer : '100%', height: horizontal ? '100%' : layout.spacer, ...innerStyle }}>
        {items}
        {overlay?.(layout.position)}
      </div>
    </div>
  );
}
