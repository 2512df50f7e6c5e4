import { describe, expect, it } from 'vitest';
import { formatScore, inScoreRange, rankMoves, rankRange, scoreBar, zsetRead } from './zset';

describe('score bounds and reads', () => {
  it('reads what the engine said was read: a score range, ranks, or members', () => {
    const k = { db: 0, key: 'z' };
    const score = { kind: 'score', min: { value: 10, exclusive: true }, max: { value: 20, exclusive: false } } as const;
    expect(zsetRead({ ...k, readRanges: [score] })).toEqual(score);
    expect(zsetRead({ ...k, readRanges: [{ kind: 'index', start: 2, stop: 4 }] })).toEqual({ kind: 'rank', start: 2, stop: 4, rev: false });
    expect(zsetRead({ ...k, read: ['bob'] })).toEqual({ kind: 'member', members: ['bob'] });
    expect(zsetRead({ ...k })).toBeNull();
    expect(zsetRead(undefined)).toBeNull();
  });
  it('tests scores against a window', () => {
    const r = { min: { value: 10, exclusive: true }, max: { value: 20, exclusive: false } };
    expect([10, 15, 20, 21].map((s) => inScoreRange(s, r))).toEqual([false, true, true, false]);
  });
  it('turns rank ranges into ascending ranks', () => {
    expect(rankRange(0, 1, false, 5)).toEqual([0, 1]);
    expect(rankRange(0, 1, true, 5)).toEqual([3, 4]);
    expect(rankRange(-2, -1, false, 5)).toEqual([3, 4]);
    expect(rankRange(9, 10, false, 5)).toBeNull();
  });
});

describe('bars, scores and moves', () => {
  it('sizes bars from zero (or the lowest negative score) to the highest', () => {
    expect(scoreBar(50, 10, 100)).toBeCloseTo(0.5);
    expect(scoreBar(0, -100, 100)).toBeCloseTo(0.5);
    expect(scoreBar(0, 0, 100)).toBe(0.04);
    expect(scoreBar(5, 5, 5)).toBe(1);
    expect(scoreBar(Infinity, 0, 10)).toBe(1);
  });
  it('prints scores as redis-cli does', () => {
    expect(formatScore(35)).toBe('35');
    expect(formatScore(1.5)).toBe('1.5');
    expect(formatScore(-Infinity)).toBe('-inf');
  });
  it('turns the reported ranks into moves, counted from the top when reversed', () => {
    const scores = [
      { member: 'b', old: 2, new: 4, oldRank: 1, newRank: 2 },
      { member: 'z', old: null, new: 9, oldRank: null, newRank: 3 },
      { member: 'q', old: 1, new: null, oldRank: 0, newRank: null },
    ];
    expect(rankMoves(scores, false, 4, 4)).toEqual([
      { member: 'b', from: 1, to: 2 },
      { member: 'z', from: null, to: 3 },
    ]);
    expect(rankMoves(scores.slice(0, 1), true, 4, 4)).toEqual([{ member: 'b', from: 2, to: 1 }]);
    // Too many changes for ranks: no moves.
    expect(rankMoves([{ member: 'b', old: 2, new: 4 }], false, 4, 4)).toEqual([]);
  });
});
