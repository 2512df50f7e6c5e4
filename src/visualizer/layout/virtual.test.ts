import { describe, expect, it } from 'vitest';
import { layoutWindow, scrollToItem } from './virtual';

describe('layoutWindow', () => {
  it('is a plain 1:1 window for small lists', () => {
    const l = layoutWindow({ scroll: 300, viewport: 300, itemSize: 30, count: 100, overscan: 2 });
    expect(l.spacer).toBe(3000);
    expect([l.visibleFirst, l.visibleLast, l.first, l.last]).toEqual([10, 20, 8, 22]);
    expect(l.position(10)).toBe(300);
    expect(l.ratio).toBe(1);
  });

  it('clamps at the ends', () => {
    const l = layoutWindow({ scroll: 99_999, viewport: 300, itemSize: 30, count: 20, overscan: 3 });
    expect(l.last).toBe(20);
    expect(l.visibleLast).toBe(20);
    expect(layoutWindow({ scroll: 0, viewport: 300, itemSize: 30, count: 0 }).last).toBe(0);
  });

  it('compresses a million rows into a scroller the browser can hold', () => {
    const base = { viewport: 600, itemSize: 30, count: 1_000_000, overscan: 0, maxPx: 8_000_000 };
    const top = layoutWindow({ ...base, scroll: 0 });
    expect(top.spacer).toBe(8_000_000);
    expect(top.visibleFirst).toBe(0);
    const end = layoutWindow({ ...base, scroll: 8_000_000 - 600 });
    expect(end.visibleLast).toBe(1_000_000);
    expect(end.visibleFirst).toBe(1_000_000 - 20);
    // The last row is drawn at the bottom of the viewport.
    expect(end.position(999_999) + 30).toBeCloseTo(8_000_000, 0);
    const mid = layoutWindow({ ...base, scroll: 4_000_000 - 300 });
    expect(mid.visibleFirst).toBeGreaterThan(499_000);
    expect(mid.visibleFirst).toBeLessThan(501_000);
    // Items keep their spacing and fill the viewport.
    expect(mid.position(mid.visibleFirst + 1) - mid.position(mid.visibleFirst)).toBe(30);
    expect(mid.position(mid.visibleFirst)).toBeLessThanOrEqual(4_000_000 - 300);
    expect(mid.position(mid.visibleFirst) + 30).toBeGreaterThan(4_000_000 - 300);
  });
});

describe('scrollToItem', () => {
  const base = { viewport: 300, itemSize: 30, count: 100 };
  it('moves only as much as needed', () => {
    expect(scrollToItem({ ...base, scroll: 0 }, 5)).toBe(0);
    expect(scrollToItem({ ...base, scroll: 0 }, 10)).toBe(30);
    expect(scrollToItem({ ...base, scroll: 600 }, 3)).toBe(90);
    expect(scrollToItem({ ...base, scroll: 0 }, 50, 'start')).toBe(1500);
    expect(scrollToItem({ ...base, scroll: 0 }, 99, 'center')).toBe(2700);
  });
  it('finds rows in a compressed scroller', () => {
    const big = { viewport: 600, itemSize: 30, count: 1_000_000, maxPx: 8_000_000 };
    const s = scrollToItem({ ...big, scroll: 0 }, 999_999);
    const l = layoutWindow({ ...big, scroll: s });
    expect(l.visibleLast).toBe(1_000_000);
    const m = scrollToItem({ ...big, scroll: 0 }, 123_456, 'start');
    expect(layoutWindow({ ...big, scroll: m }).visibleFirst).toBe(123_456);
  });
});
