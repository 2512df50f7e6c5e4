import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { ManualClock } from './clock';
import { Deque } from '../types/deque';
import { SortedSet } from '../types/zset';
import type { Entry } from './entry';
import { restoreSnapshot, takeSnapshot } from './snapshot';

describe('snapshots', () => {
  it('round-trips every type, TTLs and databases, dropping what expired', () => {
    const clock = new ManualClock(1_000_000);
    const a = new Engine({ clock });
    const db0 = a.dbs[0]!;
    db0.add('s', { type: 'string', value: 'h\xe9llo' });
    db0.add('h', { type: 'hash', value: new Map([['f', 'v']]) });
    db0.add('l', { type: 'list', value: new Deque(['a', 'b', 'c']) });
    db0.add('set', { type: 'set', value: new Set(['x', 'y']) });
    const z = new SortedSet();
    z.set('bob', 2);
    z.set('ann', 1);
    db0.add('z', { type: 'zset', value: z } as unknown as Entry);
    db0.setExpire('s', 1_005_000);
    db0.add('gone', { type: 'string', value: 'x' });
    db0.setExpire('gone', 1_000_500);
    a.dbs[3]!.add('in3', { type: 'string', value: '3' });

    const snap = structuredClone(takeSnapshot(a));
    clock.advance(1000);
    const b = new Engine({ clock });
    restoreSnapshot(b, snap);

    const c = b.createClient();
    expect(b.exec(c, ['GET', 's'])).toEqual({ t: 'bulk', v: 'h\xe9llo' });
    expect(b.exec(c, ['PTTL', 's'])).toEqual({ t: 'int', v: 4000 });
    expect(b.dbs[0]!.data.get('h')).toMatchObject({ type: 'hash', value: new Map([['f', 'v']]) });
    expect((b.dbs[0]!.data.get('l')!.value as Deque<string>).toArray()).toEqual(['a', 'b', 'c']);
    expect(b.dbs[0]!.data.get('set')).toMatchObject({ type: 'set', value: new Set(['x', 'y']) });
    expect([...(b.dbs[0]!.data.get('z')!.value as unknown as SortedSet)]).toEqual([
      ['ann', 1],
      ['bob', 2],
    ]);
    expect(b.dbs[0]!.data.has('gone')).toBe(false);
    expect(b.dbs[3]!.data.get('in3')).toMatchObject({ type: 'string', value: '3' });
  });
});
