import { describe, expect, it } from 'vitest';
import { SortedSet } from './zset';
import { mulberry32 as rng } from '../../../test/support/rng';

const cmp = (a: [string, number], b: [string, number]): number =>
  a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;

/** The naive model: a sorted array of [member, score]. */
class Naive {
  items: [string, number][] = [];
  set(m: string, s: number): void {
    this.delete(m);
    this.items.push([m, s]);
    this.items.sort(cmp);
  }
  delete(m: string): boolean {
    const i = this.items.findIndex((x) => x[0] === m);
    if (i < 0) return false;
    this.items.splice(i, 1);
    return true;
  }
  rank(m: string): number | undefined {
    const i = this.items.findIndex((x) => x[0] === m);
    return i < 0 ? undefined : i;
  }
}

describe('SortedSet', () => {
  it('orders by score then member bytes', () => {
    const z = new SortedSet();
    z.set('b', 1);
    z.set('a', 1);
    z.set('c', 0);
    z.set('\xff', 1);
    z.set('B', 1);
    z.set('-inf', -Infinity);
    z.set('inf', Infinity);
    expect(Array.from(z)).toEqual([
      ['-inf', -Infinity],
      ['c', 0],
      ['B', 1],
      ['a', 1],
      ['b', 1],
      ['\xff', 1],
      ['inf', Infinity],
    ]);
    expect(z.rank('a')).toBe(3);
    expect(z.rank('zz')).toBeUndefined();
    expect(z.at(0)).toEqual(['-inf', -Infinity]);
    expect(z.at(7)).toBeUndefined();
    expect(z.first()).toEqual(['-inf', -Infinity]);
    expect(z.last()).toEqual(['inf', Infinity]);
  });

  it('reports added / updated / same, treating -0 as equal to 0', () => {
    const z = new SortedSet();
    expect(z.set('a', -0)).toBe('added');
    expect(z.set('a', 0)).toBe('same');
    expect(Object.is(z.score('a'), -0)).toBe(true);
    expect(z.set('a', 2)).toBe('updated');
    expect(z.score('a')).toBe(2);
    expect(z.delete('a')).toBe(true);
    expect(z.delete('a')).toBe(false);
    expect(z.size).toBe(0);
    z.check();
  });

  it('matches a naive sorted array under random inserts, updates and deletes', () => {
    const r = rng(42);
    const z = new SortedSet();
    const naive = new Naive();
    const universe = 3000;
    for (let step = 0; step < 20000; step++) {
      const m = `m${Math.floor(r() * universe)}`;
      const op = r();
      if (op < 0.55) {
        // Few distinct scores so member order matters often.
        const s = Math.floor(r() * 50) - 25 + (r() < 0.1 ? 0.5 : 0);
        z.set(m, s);
        naive.set(m, s);
      } else {
        expect(z.delete(m)).toBe(naive.delete(m));
      }
      if (step % 1000 === 999) {
        z.check();
        expect(Array.from(z)).toEqual(naive.items);
        for (let k = 0; k < 50; k++) {
          const probe = `m${Math.floor(r() * universe)}`;
          if (z.rank(probe) !== naive.rank(probe)) expect([probe, z.rank(probe)]).toEqual([probe, naive.rank(probe)]);
        }
      }
    }
    z.check();
    expect(z.size).toBe(naive.items.length);
    for (let k = 0; k < 500; k++) {
      const m = `m${Math.floor(r() * universe)}`;
      expect(z.rank(m)).toBe(naive.rank(m));
    }
    for (let i = 0; i < naive.items.length; i += 7) expect(z.at(i)).toEqual(naive.items[i]);
  });

  it('grows and shrinks through many tree levels, keeping invariants', () => {
    const r = rng(7);
    const z = new SortedSet();
    const n = 60000;
    const members: string[] = [];
    for (let i = 0; i < n; i++) {
      const m = `k${i}`;
      members.push(m);
      z.set(m, Math.floor(r() * 1000));
      if (i % 3 === 0) z.rank(members[Math.floor(r() * members.length)]!);
      z.checkPrefixSums();
    }
    z.check();
    // Delete in random order down to a few elements.
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [members[i], members[j]] = [members[j]!, members[i]!];
    }
    for (let i = 0; i < n - 10; i++) {
      expect(z.delete(members[i]!)).toBe(true);
      // A rank between writes extends the nodes' cached prefix sums; check()
      // then verifies that the merges and rebalances cut them back.
      z.rank(members[i + 1 + Math.floor(r() * (n - i - 1))]!);
      z.checkPrefixSums();
      if (i % 5000 === 0) {
        z.check();
        // Every remaining member's rank, after splits, merges and table resizes.
        const order = new Map(Array.from(z, (e, k) => [e[0], k] as const));
        for (const [m, k] of order) if (z.rank(m) !== k) expect([m, z.rank(m)]).toEqual([m, k]);
      }
    }
    z.check();
    expect(z.size).toBe(10);
    const rest = members.slice(n - 10).map((m) => [m, z.score(m)!] as [string, number]).sort(cmp);
    expect(Array.from(z)).toEqual(rest);
  });

  it('finds every rank under skewed, clustered and extreme scores', () => {
    // The node search guesses positions by interpolating scores; these
    // distributions make the guess land far off, overflow or turn into NaN.
    const r = rng(99);
    const draws: Record<string, () => number> = {
      exponential: () => Math.exp(r() * 700) * (r() < 0.5 ? -1 : 1),
      extremes: () => [Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324, -0, 0][Math.floor(r() * 7)]!,
      clustered: () => (r() < 0.9 ? 1 : r() < 0.5 ? 1e300 : -1e300),
      mixed: () => (r() < 0.2 ? Infinity : r() < 0.4 ? Number.MAX_VALUE * (r() - 0.5) : r() * 1000),
      steps: () => Math.floor(r() * 4) * 1e-300,
    };
    for (const [name, draw] of Object.entries(draws)) {
      const z = new SortedSet();
      for (let i = 0; i < 20000; i++) z.set(`m${Math.floor(r() * 15000)}`, draw());
      for (let i = 0; i < 3000; i++) z.delete(`m${Math.floor(r() * 15000)}`);
      z.check();
      let k = 0;
      for (const [m] of z) {
        if (z.rank(m) !== k) expect([name, m, z.rank(m)]).toEqual([name, m, k]);
        k++;
      }
      expect(k).toBe(z.size);
    }
  });

  it('keeps the cached rank sums right through node splits, merges and rebalances', () => {
    // Ascending inserts split the rightmost nodes again and again; ranking
    // the last member each time first extends their sums to the end.
    const z = new SortedSet();
    const n = 40000;
    const name = (i: number): string => `m${String(i).padStart(6, '0')}`;
    for (let i = 0; i < n; i++) {
      z.set(name(i), i);
      expect(z.rank(name(i))).toBe(i);
      z.checkPrefixSums();
    }
    z.check();
    // Deleting a block empties some nodes next to full ones: merges, and
    // rebalances that move children between inner nodes.
    const lo = 9000;
    const hi = 31000;
    for (let i = lo; i < hi; i++) {
      z.delete(name(i));
      expect(z.rank(name(n - 1))).toBe(n - 1 - (i - lo + 1));
      expect(z.rank(name(hi))).toBe(lo + (hi - 1 - i));
      z.checkPrefixSums();
    }
    z.check();
    for (let i = 0; i < n; i += 97) expect(z.rank(name(i))).toBe(i < lo ? i : i < hi ? undefined : i - (hi - lo));

    // Descending inserts leave the first inner node fuller than the rest;
    // emptying the one after it makes the two share children.
    const d = new SortedSet();
    for (let i = n - 1; i >= 0; i--) d.set(name(i), i);
    const from = 7000;
    const to = 15000;
    for (let i = from; i < to; i++) {
      d.delete(name(i));
      expect(d.rank(name(from - 1))).toBe(from - 1);
      expect(d.rank(name(to))).toBe(from + (to - 1 - i));
      expect(d.rank(name(n - 1))).toBe(n - 1 - (i - from + 1));
      d.checkPrefixSums();
    }
    d.check();
    expect(d.size).toBe(n - (to - from));
  });

  it('handles sequential (ascending and descending) inserts and deletes', () => {
    const z = new SortedSet();
    for (let i = 0; i < 5000; i++) z.set(`a${i}`, i);
    for (let i = 0; i < 5000; i++) z.set(`b${i}`, -i - 1);
    z.check();
    expect(z.rank('a0')).toBe(5000);
    expect(z.rank('b4999')).toBe(0);
    for (let i = 0; i < 4990; i++) z.delete(`a${i}`);
    z.check();
    for (let i = 4999; i >= 5; i--) z.delete(`b${i}`);
    z.check();
    expect(Array.from(z, (e) => e[0])).toEqual(['b4', 'b3', 'b2', 'b1', 'b0', ...Array.from({ length: 10 }, (_, i) => `a${4990 + i}`)]);
  });

  it('counts by score and by member with monotone predicates', () => {
    const z = new SortedSet();
    for (let i = 0; i < 1000; i++) z.set(`m${String(i).padStart(4, '0')}`, Math.floor(i / 10));
    expect(z.countScoreBelow(5, false)).toBe(50);
    expect(z.countScoreBelow(5, true)).toBe(60);
    expect(z.countScoreBelow(-Infinity, false)).toBe(0);
    expect(z.countScoreBelow(Infinity, true)).toBe(1000);
    expect(z.countScoreBelow(4.5, true)).toBe(50);
    const lex = new SortedSet();
    for (let i = 0; i < 1000; i++) lex.set(`m${String(i).padStart(4, '0')}`, 0);
    expect(lex.countMemberBelow('m0100', false)).toBe(100);
    expect(lex.countMemberBelow('m0100', true)).toBe(101);
    expect(lex.countMemberBelow('', true)).toBe(0);
    expect(lex.countMemberBelow('n', false)).toBe(1000);
  });

  it('visits and slices ranges forward and backward', () => {
    const z = new SortedSet();
    for (let i = 0; i < 500; i++) z.set(`m${i}`, i);
    expect(z.range(0, 2)).toEqual([
      ['m0', 0],
      ['m1', 1],
      ['m2', 2],
    ]);
    expect(z.range(0, 1, true)).toEqual([
      ['m499', 499],
      ['m498', 498],
    ]);
    expect(z.range(498, 10000)).toEqual([
      ['m498', 498],
      ['m499', 499],
    ]);
    expect(z.range(5, 4)).toEqual([]);
    const seen: number[] = [];
    z.visit(250, true, (_m, s) => {
      seen.push(s);
      return seen.length < 300;
    });
    expect(seen.length).toBe(251);
    expect(seen[0]).toBe(250);
    expect(seen[250]).toBe(0);
  });

  it('bulk-loads and clones', () => {
    const entries: [string, number][] = [];
    for (let i = 0; i < 20000; i++) entries.push([`x${i}`, (i * 7919) % 1000]);
    const z = SortedSet.from(entries);
    z.check();
    const expected = [...entries].sort(cmp);
    expect(Array.from(z)).toEqual(expected);
    const c = z.clone();
    c.delete('x0');
    c.check();
    expect(z.has('x0')).toBe(true);
    expect(c.size).toBe(19999);
    // Mutating a bulk-loaded tree keeps it valid.
    for (let i = 0; i < 20000; i += 3) z.delete(`x${i}`);
    for (let i = 0; i < 5000; i++) z.set(`y${i}`, i % 17);
    z.check();
    expect(SortedSet.from([]).size).toBe(0);
  });
});
