import { describe, expect, it } from 'vitest';
import { canon, wire, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';
import type { Reply } from '../../src/engine';

const run = requireRedis();

/** A SLOWLOG GET reply without what differs between servers: ids, times, durations, addresses. */
function entries(r: Reply | undefined): unknown {
  if (r?.t !== 'array') return canon(r);
  return r.v.map((e) => (e.t === 'array' ? [canon(e.v[3]), canon(e.v[5])] : canon(e)));
}

describe.skipIf(!run)('SLOWLOG matches Redis', () => {
  const d = useOracle();

  it('errors, HELP, and which commands are logged, with long arguments cut as Redis cuts them', async () => {
    const same = async (...argv: string[]) => {
      const { ours, theirs } = await d.run(argv);
      expect(canon(wire(ours, 2)), argv.join(' ')).toEqual(canon(theirs));
    };
    await same('SLOWLOG', 'RESET');
    await same('SLOWLOG', 'GET', 'x');
    await same('SLOWLOG', 'GET', '-2');
    await same('SLOWLOG', 'GET', '1', '2');
    await same('SLOWLOG', 'LEN', 'x');
    await same('SLOWLOG', 'nope');
    await same('SLOWLOG');
    await same('SLOWLOG', 'HELP');
    // Log everything from here: CONFIG SET itself is logged.
    await same('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    await same('SET', 'k', 'v'.repeat(200));
    await same('RPUSH', 'l', ...Array.from({ length: 40 }, (_, i) => `e${i}`));
    await same('MULTI');
    await same('INCR', 'n');
    await same('EXEC'); // EXEC skips the slow log; the INCR it ran is there
    await same('CLIENT', 'SETNAME', 'tester');
    await same('GET', 'k');
    const a = await d.run(['SLOWLOG', 'GET', '-1']);
    expect(entries(a.ours)).toEqual(entries(a.theirs));
    expect((a.ours as { v: readonly unknown[] }).v.length).toBeGreaterThan(5);
    await same('SLOWLOG', 'LEN');
    const b = await d.run(['SLOWLOG', 'GET', '2']);
    expect(entries(b.ours)).toEqual(entries(b.theirs));
    await same('CONFIG', 'SET', 'slowlog-max-len', '3');
    await same('PING');
    await same('SLOWLOG', 'LEN');
    await same('CONFIG', 'SET', 'slowlog-log-slower-than', '-1');
    await same('PING');
    await same('SLOWLOG', 'LEN');
    await same('CONFIG', 'SET', 'slowlog-log-slower-than', '10000');
    await same('CONFIG', 'SET', 'slowlog-max-len', '128');
  });
});
