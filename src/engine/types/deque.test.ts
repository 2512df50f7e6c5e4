import { describe, expect, it } from 'vitest';
import { Deque } from './deque';

/** A plain array model to check the ring buffer against. */
function check(d: Deque<number>, model: number[]): void {
  expect(d.length).toBe(model.length);
  expect(d.toArray()).toEqual(model);
  for (let i = 0; i < model.length; i++) expect(d.at(i)).toBe(model[i]);
  expect(d.at(-1)).toBeUndefined();
  expect(d.at(model.length)).toBeUndefined();
  expect(d.peekFront()).toBe(model[0]);
  expect(d.peekBack()).toBe(model[model.length - 1]);
}

/** A small deterministic PRNG so the random walk is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('Deque (ring buffer behind lists)', () => {
  it('pushes and pops at both ends, wrapping around the ring', () => {
    const d = new Deque<number>();
    const model: number[] = [];
    for (let i = 0; i < 20; i++) {
      d.pushFront(i);
      model.unshift(i);
      d.pushBack(100 + i);
      model.push(100 + i);
    }
    check(d, model);
    for (let i = 0; i < 15; i++) {
      expect(d.popFront()).toBe(model.shift());
      expect(d.popBack()).toBe(model.pop());
    }
    check(d, model);
    expect(new Deque<number>().popFront()).toBeUndefined();
    expect(new Deque<number>().popBack()).toBeUndefined();
  });

  it('matches an array model over a long random walk of every operation', () => {
    const r = rng(42);
    const d = new Deque<number>();
    const model: number[] = [];
    for (let step = 0; step < 4000; step++) {
      const op = Math.floor(r() * 10);
      const n = model.length;
      const i = Math.floor(r() * (n + 1));
      switch (op) {
        case 0:
        case 1:
          d.pushFront(step);
          model.unshift(step);
          break;
        case 2:
        case 3:
          d.pushBack(step);
          model.push(step);
          break;
        case 4:
          expect(d.popFront()).toBe(model.shift());
          break;
        case 5:
          expect(d.popBack()).toBe(model.pop());
          break;
        case 6:
          d.insertAt(i, step);
          model.splice(i, 0, step);
          break;
        case 7:
          if (n > 0) expect(d.removeAt(i % n)).toBe(model.splice(i % n, 1)[0]);
          break;
        case 8: {
          const k = Math.floor(r() * 4);
          if (r() < 0.5) expect(d.removeFront(k)).toEqual(model.splice(0, k));
          else expect(d.removeBack(k)).toEqual(model.splice(Math.max(0, n - k)).reverse());
          break;
        }
        case 9:
          if (n > 0) {
            d.set(i % n, -step);
            model[i % n] = -step;
          }
          break;
      }
      expect(d.length).toBe(model.length);
    }
    check(d, model);
  });

  it('removeFront/removeBack return the removed elements in pop order', () => {
    const d = new Deque([1, 2, 3, 4, 5, 6]);
    expect(d.removeFront(2)).toEqual([1, 2]);
    expect(d.removeBack(2)).toEqual([6, 5]);
    expect(d.toArray()).toEqual([3, 4]);
    expect(d.removeBack(10)).toEqual([4, 3]);
    expect(d.length).toBe(0);
    expect(d.removeFront(3)).toEqual([]);
  });

  it('slice clamps and copies only the range', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 10; i++) d.pushFront(i); // wraps: head moves backwards
    expect(d.slice(2, 4)).toEqual([7, 6, 5]);
    expect(d.slice(-5, 1)).toEqual([9, 8]);
    expect(d.slice(8, 100)).toEqual([1, 0]);
    expect(d.slice(5, 4)).toEqual([]);
  });

  it('retain keeps order and reports how many were removed', () => {
    const d = new Deque([1, 2, 1, 3, 1]);
    d.pushFront(1);
    expect(d.retain((x) => x !== 1)).toBe(4);
    expect(d.toArray()).toEqual([2, 3]);
    expect(d.retain((_x, i) => i === 1)).toBe(1);
    expect(d.toArray()).toEqual([3]);
  });

  it('grows by doubling and gives memory back after many pops', () => {
    const d = new Deque<number>();
    for (let i = 0; i < 10_000; i++) d.pushBack(i);
    expect(d.capacity).toBe(16384);
    for (let i = 0; i < 9_990; i++) d.popFront();
    expect(d.capacity).toBeLessThanOrEqual(64);
    expect(d.toArray()).toEqual([9990, 9991, 9992, 9993, 9994, 9995, 9996, 9997, 9998, 9999]);
  });

  it('pushes and pops at both ends of a 1,000,000-element ring without growing or moving it', () => {
    const d = new Deque<string>();
    for (let i = 0; i < 1_000_000; i++) d.pushBack(`e${i}`);
    const capacity = d.capacity;
    for (let i = 0; i < 200_000; i++) {
      d.pushFront('a');
      expect(d.popBack()).toBe('e999999');
      d.pushBack('e999999');
      expect(d.popFront()).toBe('a');
    }
    // One slot of headroom is all the churn needs: no regrowth, no copy, no shrink.
    expect(d.capacity).toBe(capacity);
    expect(d.length).toBe(1_000_000);
    expect(d.at(0)).toBe('e0');
    expect(d.at(999_999)).toBe('e999999');
    expect(d.at(500_000)).toBe('e500000');
  });
});
