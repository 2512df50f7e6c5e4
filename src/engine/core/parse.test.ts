import { describe, expect, it } from 'vitest';
import { leadingFlags } from './parse';

describe('leadingFlags', () => {
  const names = ['NX', 'XX', 'CH', 'INCR'] as const;

  it('reads flags in any order and case, up to the first other argument', () => {
    const r = leadingFlags(['ZADD', 'k', 'ch', 'Nx', 'incr', '1', 'm'], 2, names);
    expect([...r.flags].sort()).toEqual(['CH', 'INCR', 'NX']);
    expect(r.next).toBe(5);
  });

  it('stops at a number, an unknown word or a longer word', () => {
    expect(leadingFlags(['ZADD', 'k', '1', 'NX'], 2, names).next).toBe(2);
    expect(leadingFlags(['ZADD', 'k', 'XX', 'GT', '1', 'm'], 2, names)).toEqual({ flags: new Set(['XX']), next: 3 });
    expect(leadingFlags(['ZADD', 'k', 'INCRBY', '1'], 2, names).next).toBe(2);
    expect(leadingFlags(['ZADD', 'k', 'inf', 'm'], 2, names).next).toBe(2);
  });

  it('reaches the end when every argument is a flag', () => {
    expect(leadingFlags(['GEOADD', 'k', 'NX', 'CH'], 2, names)).toEqual({ flags: new Set(['NX', 'CH']), next: 4 });
  });
});
