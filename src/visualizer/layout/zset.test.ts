import { describe, expect, it } from 'vitest';
import { formatScore, inScoreRange, parseScoreBound, rankMoves, rankRange, scoreBar, zsetRead, zsetWrittenMembers } from './zset';

describe('score bounds and reads', () => {
  it('parses Redis score bounds', () => {
    expect(parseScoreBound('5')).toEqual({ value: 5, exclusive: false });
    expect(parseScoreBound('(1.5')).toEqual({ value: 1.5, exclusive: true });
    expect(parseScoreBound('-inf')).toEqual({ value: -Infinity, exclusive: false });
    expect(parseScoreBound('+inf')).toEqual({ value: Infinity, exclusive: false });
    expect(parseScoreBound('abc')).toBeNull();
  });
  it('knows what ZRANGEBYSCORE, ZREVRANGEBYSCORE and ZRANGE BYSCORE REV read', () => {
    const a = zsetRead(['ZRANGEBYSCORE', 'z', '(10', '20']);
    expect(a).toEqual({ kind: 'score', min: { value: 10, exclusive: true }, max: { value: 20, exclusive: false } });
    expect(zsetRead(['ZREVRANGEBYSCORE', 'z', '20', '10'])).toEqual(zsetRead(['ZRANGEBYSCORE', 'z', '10', '20']));
    expect(zsetRead(['ZRANGE', 'z', '30', '10', 'BYSCORE', 'REV'])).toEqual(zsetRead(['ZRANGEBYSCORE', 'z', '10', '30']));
    expect(zsetRead(['ZRANGE', 'z', '0', '2', 'REV'])).toEqual({ kind: 'rank', start: 0, stop: 2, rev: true });
    expect(zsetRead(['ZRANK', 'z', 'bob'])).toEqual({ kind: 'member', members: ['bob'] });
    expect(zsetRead(['ZCARD', 'z'])).toBeNull();
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
  it('finds rank moves between windows, with probes for far moves', () => {
    const prev = { offset: 0, items: [['a', 1], ['b', 2], ['c', 3]] as const };
    const next = { offset: 0, items: [['a', 1], ['c', 3], ['b', 4]] as const };
    expect(rankMoves(['b'], prev, next)).toEqual([{ member: 'b', from: 1, to: 2 }]);
    expect(rankMoves(['z'], prev, { offset: 0, items: [] }, [{ member: 'z', rank: 900 }])).toEqual([{ member: 'z', from: null, to: 900 }]);
  });
  it('knows which members a write names', () => {
    expect(zsetWrittenMembers(['ZADD', 'z', 'NX', 'CH', '1', 'a', '2', 'b'])).toEqual(['a', 'b']);
    expect(zsetWrittenMembers(['ZINCRBY', 'z', '5', 'bob'])).toEqual(['bob']);
    expect(zsetWrittenMembers(['ZREM', 'z', 'a', 'b'])).toEqual(['a', 'b']);
  });
});
