import { describe, expect, it } from 'vitest';
import { MemberTable } from './member-table';

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Runs a full SCAN with `count` per step, calling `between` after each step. */
function fullScan(t: MemberTable, count: number, between: (step: number) => void = () => {}): string[] {
  const seen: string[] = [];
  let cursor = 0;
  let step = 0;
  do {
    cursor = t.scan(cursor, count, (m) => seen.push(m));
    between(step++);
    if (step > 1_000_000) throw new Error('scan does not end');
  } while (cursor !== 0);
  return seen;
}

describe('MemberTable', () => {
  it('behaves like a Map under random sets and deletes, growing and shrinking', () => {
    const r = rng(7);
    const t = new MemberTable();
    const ref = new Map<string, number>();
    for (let op = 0; op < 60_000; op++) {
      // Phases: mostly inserts, then mostly deletes, so the table resizes both ways.
      const inserting = op % 20_000 < 12_000;
      const m = `m${Math.floor(r() * 5000)}`;
      let got: number | undefined;
      const want = ref.get(m);
      if (r() < (inserting ? 0.8 : 0.2)) {
        const score = Math.floor(r() * 100) - 50;
        // Half the time look first, as ZADD does (a miss remembers its slot).
        if (r() < 0.5 && t.has(m) !== ref.has(m)) expect(t.has(m)).toBe(ref.has(m));
        got = t.set(m, score);
        ref.set(m, score);
      } else {
        got = t.delete(m);
        ref.delete(m);
      }
      // Plain comparisons in the loop; expect() only on a mismatch.
      if (got !== want || t.size !== ref.size) expect({ op, m, got, size: t.size }).toEqual({ op, m, got: want, size: ref.size });
    }
    for (const [m, s] of ref) expect(t.get(m)).toBe(s);
    expect(t.get('absent')).toBeUndefined();
    expect(t.has('absent')).toBe(false);
    expect(new Map(t)).toEqual(ref);
    expect(new Set(t.keys())).toEqual(new Set(ref.keys()));
  });

  it('grows with its contents and gives memory back when emptied', () => {
    const t = new MemberTable();
    for (let i = 0; i < 10_000; i++) t.set(`k${i}`, i);
    expect(t.capacity).toBeGreaterThanOrEqual(10_000 / 0.6);
    expect(t.capacity).toBeLessThanOrEqual(4 * 10_000);
    for (let i = 0; i < 10_000; i++) t.delete(`k${i}`);
    expect(t.size).toBe(0);
    expect(t.capacity).toBeLessThanOrEqual(16);
  });

  it('keeps -0 and 0 apart as values, and handles binary and empty members', () => {
    const t = new MemberTable();
    t.set('', -0);
    t.set('\u0000\u00ff', 1.5);
    expect(Object.is(t.get(''), -0)).toBe(true);
    expect(t.get('\u0000\u00ff')).toBe(1.5);
    expect(t.has('\u0000')).toBe(false);
  });

  it('SCAN returns every member exactly once on a quiet table, whatever the count', () => {
    const t = new MemberTable();
    for (let i = 0; i < 3000; i++) t.set(`member:${i}`, i);
    for (const count of [1, 7, 10, 1000, 5000]) {
      const seen = fullScan(t, count);
      expect(seen.length).toBe(3000);
      expect(new Set(seen).size).toBe(3000);
    }
    expect(fullScan(new MemberTable(), 10)).toEqual([]);
  });

  it('SCAN returns every member present throughout while the table grows and shrinks', () => {
    const r = rng(11);
    const t = new MemberTable();
    const stable: string[] = [];
    for (let i = 0; i < 500; i++) {
      stable.push(`stable:${i}`);
      t.set(`stable:${i}`, i);
    }
    let churn = 0;
    // Each step adds a burst (several doublings over the scan), then the
    // second half deletes them again (shrinking).
    const seen = new Set(
      fullScan(t, 5, (step) => {
        if (step < 60) for (let k = 0; k < 200; k++) t.set(`churn:${churn++}`, r());
        else for (let k = 0; k < 400 && churn > 0; k++) t.delete(`churn:${--churn}`);
      }),
    );
    for (const m of stable) expect(seen.has(m)).toBe(true);
  });

  it('SCAN tolerates any cursor, including ones past 2^32', () => {
    const t = new MemberTable();
    for (let i = 0; i < 100; i++) t.set(`x${i}`, i);
    expect(() => t.scan(2 ** 40 + 3, 10, () => {})).not.toThrow();
    expect(() => t.scan(Number.MAX_SAFE_INTEGER, 10, () => {})).not.toThrow();
  });
});
