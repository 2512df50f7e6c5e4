import { describe, expect, it } from 'vitest';
import { commonShift, transitionKeyed } from './keyed';
import { transitionList, planList } from './list';

describe('commonShift', () => {
  it('is the step every box moved by after LPUSH and LPOP', () => {
    const ids = [1, 2, 3, 4];
    let n = 10;
    const prev = { offset: 0, items: ['a', 'b', 'c', 'd'], ids };
    const push = transitionList(prev, { offset: 0, items: ['z', 'a', 'b', 'c', 'd'] }, planList([{ op: 'push', end: 'head', count: 1 }], 4), () => n++);
    expect(commonShift(push.boxes)).toBe(1);
    const pop = transitionList(prev, { offset: 0, items: ['b', 'c', 'd'] }, planList([{ op: 'pop', end: 'head', count: 1 }], 4), () => n++);
    // The box that left does not count: the rest all moved one to the left.
    expect(commonShift(pop.boxes)).toBe(-1);
  });

  it('is 0 when some boxes stayed or none moved', () => {
    const prev = { offset: 0, items: ['a', 'b', 'c'], ids: [1, 2, 3] };
    let n = 10;
    const rpush = transitionList(prev, { offset: 0, items: ['a', 'b', 'c', 'd'] }, planList([{ op: 'push', end: 'tail', count: 1 }], 3), () => n++);
    expect(commonShift(rpush.boxes)).toBe(0);
    // A rotation moves one box far and the others by one: not one shared step.
    const rot = transitionList(prev, { offset: 0, items: ['b', 'c', 'a'] }, planList([{ op: 'rotate', from: 'head', to: 'tail' }], 3), () => n++);
    expect(commonShift(rot.boxes)).toBe(0);
  });

  it('leaves out the member that moved when the others made room', () => {
    // ada jumps from rank 0 to the top: everyone else moves down one rank.
    const rows = transitionKeyed(
      { offset: 0, ids: ['ada', 'bob', 'cy', 'dan'], data: [1, 2, 3, 4] },
      { offset: 0, ids: ['bob', 'cy', 'dan', 'ada'], data: [2, 3, 4, 9] },
      new Set(['ada']),
      () => false,
    );
    expect(commonShift(rows.filter((r) => !r.touched))).toBe(-1);
    // ada moves to the middle: eve stays where she was, so no common slide.
    const mid = transitionKeyed(
      { offset: 0, ids: ['ada', 'bob', 'cy', 'eve'], data: [1, 2, 3, 9] },
      { offset: 0, ids: ['bob', 'cy', 'ada', 'eve'], data: [2, 3, 4, 9] },
      new Set(['ada']),
      () => false,
    );
    expect(commonShift(mid.filter((r) => !r.touched))).toBe(0);
  });
});
