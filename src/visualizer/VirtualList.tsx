/**
 * A small windowed list for fixed-size items, vertical or horizontal, that
 * stays usable past a million items: beyond the browser's element-size
 * limit the scroll range is compressed (see layout/virtual.ts), which the
 * usual libraries do not do. Only the visible items (plus a few) exist in
 * the DOM; each sits in an absolutely positioned wrapper moved with a
 * transform, so its content is free to animate its own transform. The
 * items share one "strip" element: a view can slide them all with a single
 * compositor animation (`stripRef`), and when a jump replaces every item the
 * strip is swapped whole (one DOM removal and one insertion, the new rows
 * built off the document) instead of item by item. It is focusable (the
 * arrow keys scroll it) and shows the app's focus ring.
 */
import { useEffect, useLayoutEffect, useRef, useState, type CSSProperties, type HTMLAttributes, type ReactNode, type Ref } from 'react';
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
  /** The element holding the items (not the overlay), e.g. to slide them all at once. */
  stripRef?: Ref<HTMLDivElement>;
}

const STRIP: CSSProperties = { position: 'absolute', inset: 0 };

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
  stripRef,
  style,
  className = '',
  tabIndex = 0,
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

  // Right after a jump far away only the items on screen are built; the few beyond the
  // edges (for smooth scrolling) follow once that frame is out.
  const [lean, setLean] = useState(false);
  const layout = layoutWindow({ scroll, viewport, itemSize, count, overscan: lean ? 0 : overscan });
  useEffect(() => {
    if (!lean) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setLean(false), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [lean]);

  const onRangeRef = useRef(onRange);
  useEffect(() => {
    onRangeRef.current = onRange;
  });
  useEffect(() => {
    if (viewport > 0) onRangeRef.current?.({ first: layout.first, last: layout.last, visibleFirst: layout.visibleFirst, visibleLast: layout.visibleLast });
  }, [layout.first, layout.last, layout.visibleFirst, layout.visibleLast, viewport]);

  // A scroll request is turned into the new position while rendering (from the position
  // onScroll last reported: reading scrollTop would force a synchronous layout of the rows
  // just committed, the costliest part of an update). The items at the target render at
  // once; the scroller is moved after they are committed. Only a new request (seq) or a new
  // viewport scrolls: later count changes must not yank the view.
  const [handled, setHandled] = useState<{ seq: number; viewport: number } | undefined>(undefined);
  const [target, setTarget] = useState<{ pos: number } | undefined>(undefined);
  // A new strip when a move leaves none of the rendered items in place (a jump far away).
  const [strip, setStrip] = useState(0);
  const moveTo = (next: number) => {
    const to = layoutWindow({ scroll: next, viewport, itemSize, count, overscan });
    if (to.first >= layout.last || to.last <= layout.first) {
      setStrip((n) => n + 1);
      setLean(true);
    }
    setScroll(next);
  };
  if (scrollTo !== undefined && viewport > 0 && (handled?.seq !== scrollTo.seq || handled.viewport !== viewport)) {
    setHandled({ seq: scrollTo.seq, viewport });
    const next = scrollToItem({ scroll, viewport, itemSize, count }, scrollTo.index, scrollTo.align ?? 'auto');
    if (next !== scroll) {
      moveTo(next);
      setTarget({ pos: next });
    }
  }
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || target === undefined) return;
    if (horizontal) el.scrollLeft = target.pos;
    else el.scrollTop = target.pos;
  }, [target, horizontal]);

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
      onScroll={(e) => {
        const next = horizontal ? e.currentTarget.scrollLeft : e.currentTarget.scrollTop;
        if (next !== scroll) moveTo(next);
      }}
      // Layout inside the scroller never reaches the rest of the page (it is sized by its parent).
      style={{ overflowX: horizontal ? 'auto' : 'hidden', overflowY: horizontal ? 'hidden' : 'auto', position: 'relative', contain: 'strict', ...style }}
      // A scroller keyboard users reach and scroll, with the app's focus ring.
      tabIndex={tabIndex}
      className={`${className} outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-[#ffb4ad]`}
      {...rest}
    >
      <div style={{ position: 'relative', width: horizontal ? layout.spacer : '100%', height: horizontal ? '100%' : layout.spacer, ...innerStyle }}>
        <div key={strip} ref={stripRef} style={STRIP}>
          {items}
        </div>
        {overlay?.(layout.position)}
      </div>
    </div>
  );
}
