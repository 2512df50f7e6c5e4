import { describe, expect, it } from 'vitest';
import { listReadRange, normalizeRange, planList, transitionList, type ListPlan } from './list';

const mapAll = (p: ListPlan | undefined, n: number) => Array.from({ length: n }, (_, i) => p!.map(i));

describe('planList', () => {
  it('LPUSH shifts everything right and enters from the left', () => {
    const p = planList(['LPUSH', 'q', 'x', 'y'], 'q', 3, 5)!;
    expect(mapAll(p, 3)).toEqual([2, 3, 4]);
    expect(p.enter).toEqual({ start: 0, end: 2, from: 'left' });
  });
  it('RPUSH keeps indexes and enters from the right', () => {
    const p = planList(['rpush', 'q', 'x'], 'q', 3, 4)!;
    expect(mapAll(p, 3)).toEqual([0, 1, 2]);
    expect(p.enter).toEqual({ start: 3, end: 4, from: 'right' });
  });
  it('LPOP and RPOP (with a count) leave by their end', () => {
    const l = planList(['LPOP', 'q', '2'], 'q', 4, 2)!;
    expect(mapAll(l, 4)).toEqual([null, null, 0, 1]);
    expect(l.leave).toBe('left');
    const r = planList(['RPOP', 'q'], 'q', 4, 3)!;
    expect(mapAll(r, 4)).toEqual([0, 1, 2, null]);
    expect(r.leave).toBe('right');
    expect(planList(['LPOP', 'q'], 'q', 0, 0)).toBeUndefined();
  });
  it('LTRIM keeps its range (negative indexes too) and fades the rest', () => {
    const p = planList(['LTRIM', 'q', '1', '-2'], 'q', 5, 3)!;
    expect(mapAll(p, 5)).toEqual([null, 0, 1, 2, null]);
    expect(p.leave).toBe('fade');
  });
  it('LMOVE on one list rotates an element from one end to the other', () => {
    const p = planList(['LMOVE', 'q', 'q', 'LEFT', 'RIGHT'], 'q', 3, 3)!;
    expect(mapAll(p, 3)).toEqual([2, 0, 1]);
    const r = planList(['RPOPLPUSH', 'q', 'q'], 'q', 3, 3)!;
    expect(mapAll(r, 3)).toEqual([1, 2, 0]);
  });
  it('LMOVE between lists pops the source and pushes the destination', () => {
    expect(mapAll(planList(['LMOVE', 'a', 'b', 'RIGHT', 'LEFT'], 'a', 3, 2), 3)).toEqual([0, 1, null]);
    const dst = planList(['LMOVE', 'a', 'b', 'RIGHT', 'LEFT'], 'b', 1, 2)!;
    expect(mapAll(dst, 1)).toEqual([1]);
    expect(dst.enter).toEqual({ start: 0, end: 1, from: 'left' });
  });
  it('LMPOP reads its direction after the keys', () => {
    expect(planList(['LMPOP', '2', 'a', 'q', 'RIGHT', 'COUNT', '2'], 'q', 3, 1)!.leave).toBe('right');
    expect(planList(['BLMPOP', '0', '1', 'q', 'LEFT'], 'q', 3, 2)!.leave).toBe('left');
  });
  it('LSET marks the element it replaced', () => {
    expect(planList(['LSET', 'q', '-1', 'z'], 'q', 3, 3)!.changed).toEqual([2]);
  });
  it('LINSERT and LREM fall back to comparing whole windows', () => {
    const ins = planList(['LINSERT', 'q', 'BEFORE', 'b', 'x'], 'q', 3, 4, { offset: 0, items: ['a', 'b', 'c'] }, { offset: 0, items: ['a', 'x', 'b', 'c'] })!;
    expect(mapAll(ins, 3)).toEqual([0, 2, 3]);
    expect(ins.enter).toEqual({ start: 1, end: 2, from: 'fade' });
    const rem = planList(['LREM', 'q', '0', 'x'], 'q', 4, 2, { offset: 0, items: ['x', 'a', 'x', 'b'] }, { offset: 0, items: ['a', 'b'] })!;
    expect(mapAll(rem, 4)).toEqual([null, 0, null, 1]);
  });
});

describe('read ranges', () => {
  it('normalises like Redis', () => {
    expect(normalizeRange(0, -1, 5)).toEqual({ start: 0, stop: 4 });
    expect(normalizeRange(-100, 100, 5)).toEqual({ start: 0, stop: 4 });
    expect(normalizeRange(3, 1, 5)).toBeNull();
    expect(normalizeRange(7, 9, 5)).toBeNull();
  });
  it('LRANGE and LINDEX light up what they read', () => {
    expect(listReadRange(['LRANGE', 'q', '0', '1'], 3)).toEqual({ start: 0, stop: 1 });
    expect(listReadRange(['LINDEX', 'q', '-1'], 3)).toEqual({ start: 2, stop: 2 });
    expect(listReadRange(['LLEN', 'q'], 3)).toBeNull();
  });
});

describe('transitionList', () => {
  it('carries identities over, so moved boxes slide and new ones enter', () => {
    let id = 0;
    const newId = () => ++id;
    const first = transitionList(undefined, { offset: 0, items: ['a', 'b'] }, undefined, newId);
    expect(first.frame.ids).toEqual([1, 2]);
    const plan = planList(['LPUSH', 'q', 'z'], 'q', 2, 3);
    const next = transitionList(first.frame, { offset: 0, items: ['z', 'a', 'b'] }, plan, newId);
    expect(next.boxes.map((b) => [b.value, b.state, b.from])).toEqual([
      ['z', 'enter', null],
      ['a', 'moved', 0],
      ['b', 'moved', 1],
    ]);
    expect(next.frame.ids).toEqual([3, 1, 2]);
    const popped = transitionList(next.frame, { offset: 0, items: ['z', 'a'] }, planList(['RPOP', 'q'], 'q', 3, 2), newId);
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
    const b = transitionList(a.frame, { offset: 0, items: ['x', 'x'] }, planList(['LPUSH', 'q', 'x'], 'q', 1, 2), newId);
    expect(b.boxes.map((x) => [x.id, x.state])).toEqual([
      [2, 'enter'],
      [1, 'moved'],
    ]);
  });
});
