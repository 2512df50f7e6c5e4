import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';

describe('access time (OBJECT IDLETIME)', () => {
  it('TTL, PTTL, TYPE and EXISTS leave it; GET and TOUCH reset it', () => {
    const clock = new ManualClock();
    const engine = new Engine({ clock });
    const client = engine.createClient();
    const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
    run('SET', 'foo', 'bar');
    clock.advance(5000);
    run('TTL', 'foo');
    run('PTTL', 'foo');
    run('TYPE', 'foo');
    run('EXISTS', 'foo');
    expect(run('OBJECT', 'IDLETIME', 'foo')).toEqual({ t: 'int', v: 5 });
    // They still count as keyspace hits, as in Redis.
    const info = run('INFO', 'stats') as { v: string };
    expect(info.v).toContain('keyspace_hits:4\r\n');
    run('TOUCH', 'foo');
    expect(run('OBJECT', 'IDLETIME', 'foo')).toEqual({ t: 'int', v: 0 });
    clock.advance(3000);
    run('GET', 'foo');
    expect(run('OBJECT', 'IDLETIME', 'foo')).toEqual({ t: 'int', v: 0 });
  });
});
