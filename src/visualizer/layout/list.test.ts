import { describe, expect, it } from 'vitest';
import { lengthChange, normalizeRange, planList, transitionList, type ListPlan } from './list';

const mapAll = (p: ListPlan | undefined, n: number) => Array.from({ length: n }, (_, i) => p!.map(i));

describe('planList', () => {
  it('a push at the head shifts everything right and enters from the left', () => {
    const p = planList([{ op: 'push', end: 'head', count: 2 }], 3)!;
    expect(mapAll(p, 3)).toEqual([2, 3, 4]);
    expect(p.enter).toEqual([{ start: 0, end: 2, from: 'left' }]);
  });
  it('a push at the tail keeps indexes and enters from the right', () => {
    const p = planList([{ op: 'push', end: 'tail', count: 1 }], 3)!;
    expect(mapAll(p, 3)).toEqual([0, 1, 2]);
    expect(p.enter).toEqual([{ start: 3, end: 4, from: 'right' }]);
  });
  it('pops (with a count) leave by their end', () => {
    const l = planList([{ op: 'pop', end: 'head', count: 2 }], 4)!;
    expect(mapAll(l, 4)).toEqual([null, null, 0, 1]);
    expect(l.leave).toBe('left');
    const r = planList([{ op: 'pop', end: 'tail', count: 1 }], 4)!;
    expect(mapAll(r, 4)).toEqual([0, 1, 2, null]);
    expect(r.leave).toBe('right');
    expect(planList([], 0)).toBeUndefined();
  });
  it('a trim keeps its range and fades the rest', () => {
    const p = planList([{ op: 'trim', start: 1, stop: 3 }], 5)!;
    expect(mapAll(p, 5)).toEqual([null, 0, 1, 2, null]);
    expect(p.leave).toBe('fade');
    expect(mapAll(planList([{ op: 'trim', start: 1, stop: 0 }], 2), 2)).toEqual([null, null]);
  });
  it('a rotation carries an element from one end to the other', () => {
    expect(mapAll(planList([{ op: 'rotate', from: 'head', to: 'tail' }], 3), 3)).toEqual([2, 0, 1]);
    expect(mapAll(planList([{ op: 'rotate', from: 'tail', to: 'head' }], 3), 3)).toEqual([1, 2, 0]);
  });
  it('set marks the element replaced; insert and remove shift the others', () => {
    expect(planList([{ op: 'set', index: 2 }], 3)!.changed).toEqual([2]);
    const ins = planList([{ op: 'insert', index: 1 }], 3)!;
    expect(mapAll(ins, 3)).toEqual([0, 2, 3]);
    expect(ins.enter).toEqual([{ start: 1, end: 2, from: 'fade' }]);
    const rem = planList([{ op: 'remove', indexes: [0, 2] }], 4)!;
    expect(mapAll(rem, 4)).toEqual([null, 0, null, 1]);
  });
  it('composes several operations (a transaction)', () => {
    const p = planList(
      [
        { op: 'push', end: 'head', count: 1 },
        { op: 'pop', end: 'tail', count: 2 },
        { op: 'push', end: 'tail', count: 1 },
      ],
      3,
    )!;
    // a b c -> x a b c -> x a -> x a y
    expect(mapAll(p, 3)).toEqual([1, null, null]);
    expect(p.enter).toEqual([
      { start: 0, end: 1, from: 'left' },
      { start: 2, end: 3, from: 'right' },
    ]);
    expect(lengthChange([{ op: 'push', end: 'head', count: 3 }, { op: 'pop', end: 'tail', count: 1 }])).toBe(2);
    expect(lengthChange([{ op: 'trim', start: 0, stop: 1 }])).toBeUndefined();
  });
});

describe('read ranges', () => {
  it('normalises like Redis', () => {
    expect(normalizeRange(0, -1, 5)).toEqual({ start: 0, stop: 4 });
    expect(normalizeRange(-100, 100, 5)).toEqual({ start: 0, stop: 4 });
    expect(normalizeRange(3, 1, 5)).toBeNull();
    expect(normalizeRange(7, 9, 5)).toBeNull();
  });
});

describe('transitionList', () => {
  it('carries identities over, so moved boxes slide and new ones enter', () => {
    let id = 0;
    const newId = () => ++id;
    const first = transitionList(undefined, { offset: 0, items: ['a', 'b'] }, undefined, newId);
    expect(first.frame.ids).toEqual([1, 2]);
    const plan = planList([{ op: 'push', end: 'head', count: 1 }], 2);
    const next = transitionList(first.frame, { offset: 0, items: ['z', 'a', 'b'] }, plan, newId);
    expect(next.boxes.map((b) => [b.value, b.state, b.from])).toEqual([
      ['z', 'enter', null],
      ['a', 'moved', 0],
      ['b', 'moved', 1],
    ]);
    expect(next.frame.ids).toEqual([3, 1, 2]);
    const popped = transitionList(next.frame, { offset: 0, items: ['z', 'a'] }, planList([{ op: 'pop', end: 'tail', count: 1 }], 3), newId);
    expect(popped.boxes.map((b) => [b.value, b.state, b.side])).toEqual([
      ['z', 'stay', null],
      ['a', 'stay', null],
      ['b', 'leave', 'right'],
    ]);
  });
  it('duplicates keep their own identity', () => {
    let id = 0;
    const newId = () => ++id;
    const a = transitionList(undefined, { offset: 0, items: ['x'] }, undefined, newId);
    const b = transitionList(a.frame, { offset: 0, items: ['x', 'x'] }, planList([{ op: 'push', end: 'head', count: 1 }], 1), newId);
    expect(b.boxes.map((x) => [x.id, x.state])).toEqual([
      [2, 'enter'],
      [1, 'moved'],
    ]);
  });
});
