import { describe, expect, it } from 'vitest';
import { opFormula, resultMasks, resultSize, setOpOf, vennLayout } from './venn';

describe('set operations', () => {
  it('takes the combination the engine reported', () => {
    expect(setOpOf('sinter', { op: 'inter', keys: ['a', 'b'] })).toEqual({ op: 'inter', keys: ['a', 'b'], command: 'sinter' });
    expect(setOpOf('sunionstore', { op: 'union', keys: ['a', 'b', 'c'], dest: 'd' })).toEqual({ op: 'union', keys: ['a', 'b', 'c'], dest: 'd', command: 'sunionstore' });
    expect(setOpOf('sinter', { op: 'inter', keys: ['a'] })).toBeNull();
    expect(setOpOf('sadd', undefined)).toBeNull();
  });
  it('highlights the right regions', () => {
    expect(resultMasks('inter', 2)).toEqual([3]);
    expect(resultMasks('inter', 3)).toEqual([7]);
    expect(resultMasks('union', 2)).toEqual([1, 2, 3]);
    expect(resultMasks('diff', 3)).toEqual([1]);
    const regions = [
      { mask: 1, count: 2 },
      { mask: 2, count: 1 },
      { mask: 3, count: 2 },
    ];
    expect(resultSize('inter', 2, regions)).toBe(2);
    expect(resultSize('union', 2, regions)).toBe(5);
    expect(resultSize('diff', 2, regions)).toBe(2);
    expect(opFormula('diff', ['a', 'b'])).toBe('a − b');
  });
  it('places circles inside the box and labels inside their regions', () => {
    for (const n of [2, 3] as const) {
      const L = vennLayout(n, 360, 300);
      expect(L.circles).toHaveLength(n);
      for (const c of L.circles) {
        expect(c.cx - c.r).toBeGreaterThanOrEqual(0);
        expect(c.cx + c.r).toBeLessThanOrEqual(360);
        expect(c.cy + c.r).toBeLessThanOrEqual(300);
      }
      for (const p of L.names) {
        expect(p.y).toBeGreaterThan(10);
        expect(p.y).toBeLessThan(300);
      }
      for (const [mask, p] of L.labels) {
        L.circles.forEach((c, i) => {
          const inside = Math.hypot(p.x - c.cx, p.y - c.cy) < c.r;
          expect(inside).toBe(Boolean(mask & (1 << i)));
        });
      }
    }
  });
});
