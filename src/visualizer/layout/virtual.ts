/**
 * Windowing math for lists of fixed-size items, vertical or horizontal.
 *
 * Browsers cap an element's size (Chrome near 33.5 million px, Firefox near
 * 17.9 million), so a million 30 px rows cannot simply be a 30 million px
 * scroller. Past `maxPx` the scroller is compressed: its scroll range maps
 * linearly onto the content's, and the visible items are drawn at their
 * place relative to the viewport. Within `maxPx` it is a plain 1:1 scroller.
 */
export const MAX_SCROLL_PX = 8_000_000;

export interface WindowInput {
  /** scrollTop (or scrollLeft) of the scroller. */
  readonly scroll: number;
  /** Visible size of the scroller. */
  readonly viewport: number;
  readonly itemSize: number;
  readonly count: number;
  /** Extra items rendered before and after the visible ones. */
  readonly overscan?: number;
  readonly maxPx?: number;
}

export interface WindowLayout {
  /** Size of the spacer that gives the scroller its range. */
  readonly spacer: number;
  /** First and last (exclusive) item to render. */
  readonly first: number;
  readonly last: number;
  /** First and last (exclusive) item actually visible. */
  readonly visibleFirst: number;
  readonly visibleLast: number;
  /** Content px per scroll px (1 when not compressed). */
  readonly ratio: number;
  /** Position (px from the spacer's start) at which to draw item i. */
  readonly position: (i: number) => number;
}

export function layoutWindow(input: WindowInput): WindowLayout {
  const { viewport, itemSize, count } = input;
  const overscan = input.overscan ?? 4;
  const maxPx = input.maxPx ?? MAX_SCROLL_PX;
  const content = count * itemSize;
  const spacer = Math.min(content, maxPx);
  const scrollMax = Math.max(0, spacer - viewport);
  const scroll = Math.max(0, Math.min(input.scroll, scrollMax));
  const contentMax = Math.max(0, content - viewport);
  const ratio = scrollMax > 0 && content > maxPx ? contentMax / scrollMax : 1;
  // Where the viewport's top edge falls in content coordinates.
  const top = content > maxPx ? scroll * ratio : scroll;
  const visibleFirst = Math.max(0, Math.min(count, Math.floor(top / itemSize)));
  const visibleLast = Math.max(visibleFirst, Math.min(count, Math.ceil((top + viewport) / itemSize)));
  const first = Math.max(0, visibleFirst - overscan);
  const last = Math.min(count, visibleLast + overscan);
  const shift = scroll - top;
  return { spacer, first, last, visibleFirst, visibleLast, ratio, position: (i) => i * itemSize + shift };
}

/**
 * The scroll position that shows item `index`: unchanged when it is already
 * fully visible, else the smallest move that brings it in (`align` forces it
 * to the start or the centre).
 */
export function scrollToItem(
  input: Omit<WindowInput, 'overscan'>,
  index: number,
  align: 'auto' | 'start' | 'center' = 'auto',
): number {
  const { viewport, itemSize, count } = input;
  const maxPx = input.maxPx ?? MAX_SCROLL_PX;
  const content = count * itemSize;
  const spacer = Math.min(content, maxPx);
  const scrollMax = Math.max(0, spacer - viewport);
  const contentMax = Math.max(0, content - viewport);
  const ratio = scrollMax > 0 && content > maxPx ? contentMax / scrollMax : 1;
  const toScroll = (top: number) => Math.max(0, Math.min(scrollMax, Math.round(top / ratio)));
  const itemTop = index * itemSize;
  if (align === 'start') return toScroll(itemTop);
  if (align === 'center') return toScroll(itemTop - (viewport - itemSize) / 2);
  const cur = input.scroll * ratio;
  if (itemTop < cur) return toScroll(itemTop);
  if (itemTop + itemSize > cur + viewport) return toScroll(itemTop + itemSize - viewport);
  return Math.max(0, Math.min(scrollMax, input.scroll));
}
