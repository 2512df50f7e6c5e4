import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { Engine, type CommandEvent } from '../engine';

const T0 = 1_700_000_000_000;

function setup() {
  const clock = new ManualClock(T0);
  const engine = new Engine({ clock });
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  return { clock, engine, client, run, db: engine.dbs[0]! };
}

const int = (v: number | bigint): Reply => ({ t: 'int', v });
const bulk = (v: string): Reply => ({ t: 'bulk', v });
const NIL: Reply = { t: 'nil' };

describe('TTL with a manual clock', () => {
  it('keys expire exactly at their time, lazily, on the next access', () => {
    const { clock, run, db } = setup();
    run('SET', 'k', 'v', 'PX', '1000');
    clock.advance(999);
    expect(run('GET', 'k')).toEqual(bulk('v'));
    expect(run('PTTL', 'k')).toEqual(int(1));
    clock.advance(1);
    expect(db.size).toBe(1); // still stored until someone looks
    expect(run('GET', 'k')).toEqual(NIL);
    expect(db.size).toBe(0);
    expect(run('TTL', 'k')).toEqual(int(-2));
  });

  it('TTL rounds to the nearest second like Redis: (ms + 500) / 1000', () => {
    const { clock, run } = setup();
    run('SET', 'k', 'v', 'PX', '10000');
    const expectTtl = (remaining: number, ttl: number): void => {
      clock.set(T0 + 10000 - remaining);
      expect(run('PTTL', 'k'), `${remaining} ms left`).toEqual(int(remaining));
      expect(run('TTL', 'k'), `${remaining} ms left`).toEqual(int(ttl));
    };
    expectTtl(10000, 10);
    expectTtl(1500, 2);
    expectTtl(1499, 1);
    expectTtl(500, 1);
    expectTtl(499, 0);
    expectTtl(1, 0);
    clock.set(T0 + 10000);
    expect(run('TTL', 'k')).toEqual(int(-2));
  });

  it('EXPIRETIME and PEXPIRETIME are absolute; -1 without a TTL, -2 without the key', () => {
    const { run } = setup();
    run('SET', 'k', 'v');
    expect(run('EXPIRETIME', 'k')).toEqual(int(-1));
    expect(run('PEXPIRETIME', 'nope')).toEqual(int(-2));
    run('PEXPIRE', 'k', '2500');
    expect(run('PEXPIRETIME', 'k')).toEqual(int(T0 + 2500));
    expect(run('EXPIRETIME', 'k')).toEqual(int(Math.floor((T0 + 2500 + 500) / 1000)));
    run('EXPIREAT', 'k', String(T0 / 1000 + 60));
    expect(run('PTTL', 'k')).toEqual(int(60_000));
  });

  it('keeps times beyond 2^53 ms exact', () => {
    const { run } = setup();
    run('SET', 'k', 'v', 'PXAT', '9223372036854775807');
    expect(run('PEXPIRETIME', 'k')).toEqual(int(9223372036854775807n));
    expect(run('PTTL', 'k')).toEqual(int(9223372036854775807n - BigInt(T0)));
    run('RENAME', 'k', 'k2');
    expect(run('PEXPIRETIME', 'k2')).toEqual(int(9223372036854775807n));
    run('PEXPIREAT', 'k2', '9007199254740993');
    expect(run('PEXPIRETIME', 'k2')).toEqual(int(9007199254740993n));
  });

  it('a time in the past deletes the key (EXPIRE replies 1; a DEL, not an expiry)', () => {
    const { run, engine } = setup();
    const events: CommandEvent[] = [];
    engine.onEvent((e) => events.push(e));
    run('SET', 'k', 'v');
    expect(run('EXPIRE', 'k', '-1')).toEqual(int(1));
    expect(events.at(-1)!.deletes).toEqual([{ db: 0, key: 'k' }]);
    expect(engine.stats.expiredKeys).toBe(0);
    expect(run('EXISTS', 'k')).toEqual(int(0));
    run('SET', 'k', 'v');
    expect(run('PEXPIREAT', 'k', String(T0))).toEqual(int(1));
    expect(run('EXISTS', 'k')).toEqual(int(0));
    expect(run('EXPIRE', 'k', '10')).toEqual(int(0));
  });

  it('SET with an EXAT/PXAT in the past keeps an already expired key until it is accessed (Redis 7.0)', () => {
    const { run, engine, db } = setup();
    run('SET', 'k', 'old');
    expect(run('SET', 'k', 'v', 'PXAT', String(T0 - 1), 'GET')).toEqual(bulk('old'));
    expect(db.size).toBe(1);
    expect(run('GET', 'k')).toEqual(NIL);
    expect(db.size).toBe(0);
    expect(engine.stats.expiredKeys).toBe(1);
  });

  it('NX / XX / GT / LT compare against the current TTL', () => {
    const { run, clock } = setup();
    run('SET', 'k', 'v');
    expect(run('EXPIRE', 'k', '100', 'GT')).toEqual(int(0)); // no TTL = infinite
    expect(run('EXPIRE', 'k', '100', 'XX')).toEqual(int(0));
    expect(run('EXPIRE', 'k', '100', 'LT')).toEqual(int(1));
    expect(run('EXPIRE', 'k', '50', 'NX')).toEqual(int(0));
    expect(run('EXPIRE', 'k', '100', 'GT')).toEqual(int(0)); // equal is not greater
    expect(run('EXPIRE', 'k', '101', 'GT')).toEqual(int(1));
    clock.advance(1000);
    expect(run('TTL', 'k')).toEqual(int(100));
    expect(run('PEXPIRE', 'k', '100000', 'LT')).toEqual(int(0));
    expect(run('PEXPIRE', 'k', '99999', 'LT')).toEqual(int(1));
    expect(run('EXPIRE', 'k', '1', 'NX', 'XX')).toEqual({ t: 'error', v: E.EXPIRE_NX_AND_OTHERS });
    expect(run('EXPIRE', 'k', '1', 'GT', 'LT')).toEqual({ t: 'error', v: E.EXPIRE_GT_AND_LT });
    expect(run('EXPIRE', 'k', '1', 'Bogus')).toEqual({ t: 'error', v: 'ERR Unsupported option Bogus' });
  });

  it('what keeps a TTL and what drops it', () => {
    const { run } = setup();
    run('SET', 'k', '1', 'EX', '100');
    run('INCR', 'k');
    run('APPEND', 'k', '0');
    run('SETRANGE', 'k', '0', '3');
    run('INCRBYFLOAT', 'k', '1.5');
    expect(run('TTL', 'k')).toEqual(int(100));
    run('SET', 'k', 'v', 'KEEPTTL');
    expect(run('TTL', 'k')).toEqual(int(100));
    run('GETEX', 'k', 'PERSIST');
    expect(run('TTL', 'k')).toEqual(int(-1));
    run('GETEX', 'k', 'EX', '5');
    run('GETSET', 'k', 'w');
    expect(run('TTL', 'k')).toEqual(int(-1));
    run('SETEX', 'k', '5', 'v');
    run('MSET', 'k', 'x');
    expect(run('TTL', 'k')).toEqual(int(-1));
    run('SETEX', 'k', '5', 'v');
    expect(run('PERSIST', 'k')).toEqual(int(1));
    expect(run('PERSIST', 'k')).toEqual(int(0));
  });

  it('RENAME, MOVE and COPY carry the TTL', () => {
    const { run, client } = setup();
    run('SET', 'a', 'v', 'PX', '5000');
    run('RENAME', 'a', 'b');
    expect(run('PTTL', 'b')).toEqual(int(5000));
    run('COPY', 'b', 'c', 'DB', '3');
    run('MOVE', 'b', '2');
    client.db = 2;
    expect(run('PTTL', 'b')).toEqual(int(5000));
    client.db = 3;
    expect(run('PTTL', 'c')).toEqual(int(5000));
  });

  it('an expired key reads as missing everywhere', () => {
    const { run, clock } = setup();
    run('MSET', 'a', '1', 'b', '2');
    run('PEXPIRE', 'a', '10');
    clock.advance(10);
    expect(run('EXISTS', 'a', 'b')).toEqual(int(1));
    expect(run('MGET', 'a', 'b')).toEqual({ t: 'array', v: [NIL, bulk('2')] });
    expect(run('TYPE', 'a')).toEqual({ t: 'simple', v: 'none' });
    expect(run('SETNX', 'a', 'new')).toEqual(int(1));
    expect(run('TTL', 'a')).toEqual(int(-1));
  });

  it('SET KEEPTTL on an expired key creates a fresh key without a TTL', () => {
    const { run, clock } = setup();
    run('SET', 'k', 'v', 'PX', '10');
    clock.advance(20);
    run('SET', 'k', 'w', 'KEEPTTL');
    expect(run('TTL', 'k')).toEqual(int(-1));
    expect(run('GET', 'k')).toEqual(bulk('w'));
  });
});

describe('the active expiry cycle', () => {
  it('removes expired keys nobody reads, and only those', () => {
    const { run, clock, engine, db } = setup();
    const expired: string[] = [];
    engine.onEvent((e) => {
      if (e.command === '') for (const k of e.expired) expired.push(k.key);
    });
    for (let i = 0; i < 300; i++) run('SET', `t${i}`, 'v', 'PX', String(1000 + (i % 2) * 1_000_000));
    for (let i = 0; i < 50; i++) run('SET', `p${i}`, 'v');
    clock.advance(1001);
    for (let round = 0; round < 20 && db.expires.size > 150; round++) engine.activeExpireCycle();
    expect(db.size).toBe(200); // 150 long-lived volatile keys + 50 persistent ones
    expect(db.expires.size).toBe(150);
    expect(expired.length).toBe(150);
    expect(expired.every((k) => Number(k.slice(1)) % 2 === 0)).toBe(true);
    expect(engine.stats.expiredKeys).toBe(150);
    // Nothing else goes.
    engine.activeExpireCycle();
    expect(db.size).toBe(200);
  });

  it('reaches every database', () => {
    const { run, clock, engine, client } = setup();
    for (const n of [0, 5, 15]) {
      client.db = n;
      run('SET', 'k', 'v', 'PX', '5');
    }
    clock.advance(5);
    engine.activeExpireCycle();
    expect(engine.dbs.map((d) => d.size).reduce((a, b) => a + b)).toBe(0);
  });
});

describe('Engine.batch: quick commands share a clock reading', () => {
  /** A clock that moves 1 ms every time it is read, so each reading shows. */
  function ticking() {
    let t = T0;
    let reads = 0;
    const engine = new Engine({ clock: { now: () => (reads++, t++) } });
    const client = engine.createClient();
    const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
    return { engine, run, reads: () => reads };
  }

  it('up to 8 quick commands in a row after a quick one reuse its time; outside a batch each reads the clock', () => {
    const { engine, run } = ticking();
    run('SET', 'k', 'v', 'PX', '100000');
    const outside = [run('PTTL', 'k'), run('PTTL', 'k')];
    expect(outside[0]).not.toEqual(outside[1]);
    const inside = engine.batch(() => Array.from({ length: 10 }, () => run('PTTL', 'k')));
    const values = inside.map((r) => (r as { v: number }).v);
    // the 1st reads, the next 8 share it, the 10th reads again
    expect(new Set(values.slice(0, 9)).size).toBe(1);
    expect(values[9]).toBeLessThan(values[0]!);
  });

  it('a command that is not quick reads the clock, and so does the quick command after it', () => {
    const { engine, run } = ticking();
    run('SET', 'k', 'v', 'PX', '100000');
    const [a, b, c, d] = engine.batch(() => [run('PTTL', 'k'), run('PTTL', 'k'), run('KEYS', '*'), run('PTTL', 'k')]);
    expect(a).toEqual(b);
    expect(c).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'k' }] });
    expect((d as { v: number }).v).toBeLessThan((b as { v: number }).v - 1);
  });

  it('SET shares like a fast command; one with many arguments does not; the batch ends with it', () => {
    const { engine, run, reads } = ticking();
    let before = reads();
    engine.batch(() => {
      run('SET', 'a', '1');
      run('SET', 'b', '2', 'PX', '100');
    });
    expect(reads() - before).toBe(1);
    before = reads();
    engine.batch(() => {
      run('SADD', 's', ...Array.from({ length: 10 }, (_, i) => String(i)));
      run('SADD', 's', ...Array.from({ length: 10 }, (_, i) => String(i)));
    });
    expect(reads() - before).toBe(2);
    before = reads();
    engine.batch(() => run('SCARD', 's'));
    run('SCARD', 's');
    expect(reads() - before).toBe(2); // a new batch, then outside: fresh readings
  });

  it('an expired key is seen as expired by the first command that reads the clock', () => {
    const clock = new ManualClock(T0);
    const engine = new Engine({ clock });
    const client = engine.createClient();
    const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
    run('SET', 'k', 'v', 'PX', '5');
    const got = engine.batch(() => {
      const first = run('GET', 'k');
      clock.advance(10);
      return [first, run('GET', 'k'), run('MSET', 'x', '1'), run('GET', 'k')];
    });
    // the second GET shares the first one's time; MSET reads the clock (not quick), so the GET after it does too
    expect(got).toEqual([bulk('v'), bulk('v'), { t: 'simple', v: 'OK' }, NIL]);
  });
});
