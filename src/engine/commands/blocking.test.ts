import { describe, expect, it } from 'vitest';
import { Blocking, TIMEOUT_NEGATIVE, TIMEOUT_NOT_FLOAT, block, parseBlockTimeout } from '../core/blocking';
import { ManualClock } from '../core/clock';
import type { ClientState } from '../core/command';
import { RedisError } from '../core/parse';
import type { Reply } from '../core/reply';
import { Engine, type CommandEvent } from '../engine';

const bulk = (v: string): Reply => ({ t: 'bulk', v });
const arr = (...v: Reply[]): Reply => ({ t: 'array', v });
const int = (v: number): Reply => ({ t: 'int', v });
const NIL_ARRAY: Reply = { t: 'nilarray' };

/** One engine, a manual clock, and clients whose late replies land in an inbox. */
function setup() {
  const clock = new ManualClock();
  const engine = new Engine({ clock });
  const events: CommandEvent[] = [];
  engine.onEvent((e) => events.push(e));
  const client = () => {
    const inbox: Reply[] = [];
    const c = engine.createClient((r) => inbox.push(r));
    const run = (...argv: string[]): Reply | undefined => engine.exec(c, argv);
    return { c, inbox, run };
  };
  return { clock, engine, events, client };
}

describe('blocking list commands: parked, woken, timed out', () => {
  it('a BLPOP parked on a missing key is woken by another client\'s LPUSH', () => {
    const { engine, client, events } = setup();
    const a = client();
    const b = client();
    expect(a.run('BLPOP', 'q', '0')).toBeUndefined();
    expect(a.c.blocked?.keys).toEqual(['q']);
    expect(engine.blocking.size).toBe(1);
    expect(a.inbox).toEqual([]);
    // The pusher's reply is the length after its push, even though A takes an element at once.
    expect(b.run('LPUSH', 'q', 'x', 'y')).toEqual(int(2));
    expect(a.inbox).toEqual([arr(bulk('q'), bulk('y'))]);
    expect(a.c.blocked).toBeUndefined();
    expect(engine.blocking.size).toBe(0);
    expect(b.run('LRANGE', 'q', '0', '-1')).toEqual(arr(bulk('x')));
    // Events: the BLPOP that blocked, the LPUSH, then what the served BLPOP did, as A's command.
    const names = events.map((e) => [e.clientId, e.command]);
    expect(names).toEqual([
      [a.c.id, 'blpop'],
      [b.c.id, 'lpush'],
      [a.c.id, 'blpop'],
      [b.c.id, 'lrange'],
    ]);
    expect(events[2]!.writes).toEqual([{ db: 0, key: 'q' }]);
    expect(events[2]!.argv).toEqual(['BLPOP', 'q', '0']);
  });

  it('serves clients in the order they blocked; a served client pops first', () => {
    const { client } = setup();
    const a = client();
    const b = client();
    const p = client();
    a.run('BLPOP', 'q', '0');
    b.run('BRPOP', 'q', '0');
    expect(p.run('RPUSH', 'q', 'one')).toEqual(int(1));
    expect(a.inbox).toEqual([arr(bulk('q'), bulk('one'))]);
    expect(b.inbox).toEqual([]);
    expect(b.c.blocked).toBeDefined();
    expect(p.run('EXISTS', 'q')).toEqual(int(0));
    p.run('RPUSH', 'q', 'two', 'three');
    expect(b.inbox).toEqual([arr(bulk('q'), bulk('three'))]);
    expect(p.run('LRANGE', 'q', '0', '-1')).toEqual(arr(bulk('two')));
  });

  it('times out strictly after the deadline, with a null array; timeout 0 waits for ever', () => {
    const { clock, engine, client } = setup();
    const a = client();
    const b = client();
    a.run('BLPOP', 'q', '1.5');
    b.run('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0');
    clock.advance(1500);
    engine.checkBlockedTimeouts();
    expect(a.inbox).toEqual([]); // Redis: timeout < now
    clock.advance(1);
    engine.checkBlockedTimeouts();
    expect(a.inbox).toEqual([NIL_ARRAY]);
    expect(a.c.blocked).toBeUndefined();
    clock.advance(10 ** 9);
    engine.checkBlockedTimeouts();
    expect(b.inbox).toEqual([]);
    expect(b.c.blocked).toBeDefined();
    // A timed-out client is no longer served by a later push.
    client().run('RPUSH', 'q', 'v');
    expect(a.inbox).toEqual([NIL_ARRAY]);
    expect(b.inbox).toEqual([bulk('v')]);
  });

  it('orders simultaneous timeouts by deadline, then by client id', () => {
    const { clock, engine, client } = setup();
    const order: number[] = [];
    const mk = () => {
      const x = client();
      return { ...x, c: Object.assign(x.c, { send: () => order.push(x.c.id) }) as ClientState };
    };
    const a = mk();
    const b = mk();
    const c = mk();
    a.run('BLPOP', 'k', '2');
    b.run('BLPOP', 'k', '1');
    c.run('BLPOP', 'k', '1');
    clock.advance(5000);
    engine.checkBlockedTimeouts();
    expect(order).toEqual([b.c.id, c.c.id, a.c.id]);
  });

  it('BLMOVE chains: the element moved by a served client wakes the next one', () => {
    const { client, events } = setup();
    const a = client();
    const b = client();
    const c = client();
    const p = client();
    a.run('BLMOVE', 'src', 'mid', 'LEFT', 'RIGHT', '0');
    b.run('BRPOPLPUSH', 'mid', 'dst', '0');
    c.run('BLPOP', 'dst', '0');
    expect(p.run('RPUSH', 'src', 'v')).toEqual(int(1));
    expect(a.inbox).toEqual([bulk('v')]);
    expect(b.inbox).toEqual([bulk('v')]);
    expect(c.inbox).toEqual([arr(bulk('dst'), bulk('v'))]);
    expect(p.run('EXISTS', 'src', 'mid', 'dst')).toEqual(int(0));
    const served = events.slice(-5).map((e) => [e.clientId, e.command]);
    expect(served).toEqual([
      [p.c.id, 'rpush'],
      [a.c.id, 'blmove'],
      [b.c.id, 'brpoplpush'],
      [c.c.id, 'blpop'],
      [p.c.id, 'exists'],
    ]);
  });

  it('serves a multi-key waiter from the key that became ready first', () => {
    const { client } = setup();
    const a = client();
    const p = client();
    a.run('BLPOP', 'k1', 'k2', '0');
    p.run('MULTI');
    p.run('RPUSH', 'k2', 'x');
    p.run('RPUSH', 'k1', 'y');
    expect(a.inbox).toEqual([]); // nothing is served before EXEC completes
    p.run('EXEC');
    expect(a.inbox).toEqual([arr(bulk('k2'), bulk('x'))]);
  });

  it('keeps waiting when the key is written with another type, or emptied in the same transaction', () => {
    const { client } = setup();
    const a = client();
    const p = client();
    a.run('BLPOP', 'k', '0');
    p.run('SET', 'k', 'str');
    expect(a.c.blocked).toBeDefined();
    p.run('DEL', 'k');
    p.run('MULTI');
    p.run('RPUSH', 'k', 'v');
    p.run('LPOP', 'k');
    p.run('EXEC');
    expect(a.c.blocked).toBeDefined();
    p.run('RPUSH', 'k', 'w');
    expect(a.inbox).toEqual([arr(bulk('k'), bulk('w'))]);
  });

  it('BLMOVE into a key of the wrong type is answered with WRONGTYPE and nothing moves', () => {
    const { client } = setup();
    const a = client();
    const p = client();
    a.run('BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0');
    p.run('SET', 'dst', 'x');
    p.run('RPUSH', 'src', 'v');
    expect(a.inbox).toEqual([{ t: 'error', v: 'WRONGTYPE Operation against a key holding the wrong kind of value' }]);
    expect(p.run('LRANGE', 'src', '0', '-1')).toEqual(arr(bulk('v')));
  });

  it('BLMPOP is served with its count; a waiter in another database is not woken', () => {
    const { client } = setup();
    const a = client();
    const b = client();
    const p = client();
    a.run('BLMPOP', '0', '2', 'x', 'y', 'RIGHT', 'COUNT', '2');
    b.run('SELECT', '1');
    b.run('BLPOP', 'y', '0');
    p.run('RPUSH', 'y', '1', '2', '3');
    expect(a.inbox).toEqual([arr(bulk('y'), arr(bulk('3'), bulk('2')))]);
    expect(b.c.blocked).toBeDefined();
    p.run('SELECT', '1');
    p.run('RPUSH', 'y', 'v');
    expect(b.inbox).toEqual([arr(bulk('y'), bulk('v'))]);
  });

  it('inside MULTI a blocking command replies at once, as if its timeout had passed', () => {
    const { client, engine } = setup();
    const a = client();
    a.run('MULTI');
    a.run('BLPOP', 'q', '0');
    a.run('BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0');
    a.run('BRPOPLPUSH', 'q', 'd', '0');
    a.run('BLMPOP', '0', '1', 'q', 'LEFT');
    expect(a.run('EXEC')).toEqual(arr(NIL_ARRAY, { t: 'nil' }, { t: 'nil' }, NIL_ARRAY));
    expect(a.c.blocked).toBeUndefined();
    expect(engine.blocking.size).toBe(0);
  });

  /** Clients a and b blocked in BLPOP q (a first), and p to push. */
  const twoWaiters = () => {
    const { engine, client } = setup();
    const a = client();
    const b = client();
    const p = client();
    a.run('BLPOP', 'q', '0');
    b.run('BLPOP', 'q', '0');
    return { engine, a, b, p };
  };

  it('a closed client leaves the queues; the element stays for the next waiter', () => {
    const { engine, a, b, p } = twoWaiters();
    engine.closeClient(a.c);
    p.run('RPUSH', 'q', 'v', 'w');
    expect(a.inbox).toEqual([]);
    expect(b.inbox).toEqual([arr(bulk('q'), bulk('v'))]);
    expect(p.run('LLEN', 'q')).toEqual(int(1));
  });

  it('unblock from outside: engine.blocking.unblock, or clearing client.blocked (CLIENT UNBLOCK)', () => {
    const { engine, a, b, p } = twoWaiters();
    expect(engine.blocking.unblock(a.c, a.c.blocked!.onTimeout())).toBe(true);
    expect(a.inbox).toEqual([NIL_ARRAY]);
    expect(engine.blocking.unblock(a.c, NIL_ARRAY)).toBe(false);
    // The CLIENT UNBLOCK way: clear the state and send; the stale registration is dropped later.
    expect(p.run('CLIENT', 'UNBLOCK', String(b.c.id))).toEqual(int(1));
    expect(b.inbox).toEqual([NIL_ARRAY]);
    p.run('RPUSH', 'q', 'v');
    expect(p.run('LLEN', 'q')).toEqual(int(1));
    expect(engine.blocking.size).toBe(0);
  });
});

describe('parseBlockTimeout (getTimeoutFromObjectOrReply in seconds)', () => {
  const now = 1_000_000;
  const fails = (arg: string, msg: string) => {
    expect(() => parseBlockTimeout(arg, now)).toThrow(new RedisError(msg));
  };
  it('turns seconds into an absolute deadline, rounding up to whole milliseconds', () => {
    expect(parseBlockTimeout('0', now)).toBe(0);
    expect(parseBlockTimeout('0.0', now)).toBe(0);
    expect(parseBlockTimeout('1', now)).toBe(now + 1000);
    expect(parseBlockTimeout('1.5', now)).toBe(now + 1500);
    expect(parseBlockTimeout('0.001', now)).toBe(now + 1);
    expect(parseBlockTimeout('0.0011', now)).toBe(now + 2);
    expect(parseBlockTimeout('1e-400', now)).toBe(now + 1); // a long double, not zero
    expect(parseBlockTimeout('0x10', now)).toBe(now + 16000);
    expect(parseBlockTimeout('1e15', now)).toBe(now + 1e18);
  });
  it('rounds a tiny negative up to 0 (block for ever) and rejects real negatives', () => {
    expect(parseBlockTimeout('-0.0001', now)).toBe(0);
    expect(parseBlockTimeout('-0', now)).toBe(0);
    fails('-1', TIMEOUT_NEGATIVE);
    fails('-0.002', TIMEOUT_NEGATIVE);
  });
  it('values past the 64-bit range and infinities come out negative, as on x86', () => {
    fails('1e300', TIMEOUT_NEGATIVE);
    fails('9223372036854776', TIMEOUT_NEGATIVE);
    fails('inf', TIMEOUT_NEGATIVE);
    fails('-inf', TIMEOUT_NEGATIVE);
    expect(parseBlockTimeout('9223372036854775.807', 0)).toBe(Number(9223372036854775807n)); // INT64_MAX ms: accepted
  });
  it('rejects what is not a float', () => {
    for (const bad of ['', 'x', 'nan', ' 1', '1 ', '1e', '--1', '1e-5000']) fails(bad, TIMEOUT_NOT_FLOAT);
  });
});

describe('the Blocking registry is generic (usable by sorted sets and others)', () => {
  it('retries with the ready key, in FIFO order, until a retry replies', () => {
    const sent: Reply[] = [];
    const host = {
      clockNow: () => 0,
      resumeBlocked: (_c: ClientState, _cmd: string, _argv: readonly string[], work: () => Reply | undefined) => work(),
    };
    const reg = new Blocking(host);
    const engine = new Engine({ clock: new ManualClock() });
    const tries: string[] = [];
    let stock = 0;
    const clients = [0, 1, 2].map(() => {
      const x = engine.createClient((r) => sent.push(r));
      const ctx = { engine, client: x, db: engine.dbs[0]!, argv: ['BZPOPMIN', 'a', 'b', '0'], now: 0 };
      block(ctx, {
        keys: ['a', 'b'],
        timeoutAt: 0,
        retry: (key) => {
          tries.push(`${x.id}:${key}`);
          if (stock === 0) return undefined;
          stock--;
          return bulk(`${key} for ${x.id}`);
        },
      });
      reg.park(x, ctx.argv);
      return x;
    });
    reg.signal(0, 'zzz'); // nobody waits on it: ignored
    reg.signal(0, 'b');
    reg.serveReady();
    expect(sent).toEqual([]);
    expect(tries).toEqual(clients.map((x) => `${x.id}:b`));
    stock = 2;
    tries.length = 0;
    reg.signal(0, 'a');
    reg.signal(0, 'a'); // signalled twice, served once
    reg.serveReady();
    expect(tries).toEqual(clients.map((x) => `${x.id}:a`));
    expect(sent).toEqual([bulk(`a for ${clients[0]!.id}`), bulk(`a for ${clients[1]!.id}`)]);
    expect(reg.size).toBe(1);
    expect(reg.blockedKeys(0).sort()).toEqual(['a', 'b']);
  });
});

describe('statistics of a blocked command that ends in an error', () => {
  it('count as a failed call of that command (XREADGROUP woken by XGROUP DESTROY)', () => {
    const engine = new Engine();
    const got: Reply[] = [];
    const reader = engine.createClient((r) => got.push(r));
    const admin = engine.createClient();
    engine.exec(admin, ['XGROUP', 'CREATE', 's', 'g', '$', 'MKSTREAM']);
    expect(engine.exec(reader, ['XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>'])).toBeUndefined();
    engine.exec(admin, ['XGROUP', 'DESTROY', 's', 'g']);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ t: 'error', v: expect.stringMatching(/^NOGROUP/) });
    const stats = (engine.exec(admin, ['INFO', 'commandstats']) as { v: string }).v;
    expect(stats).toMatch(/cmdstat_xreadgroup:calls=1,.*,rejected_calls=0,failed_calls=1/);
    expect((engine.exec(admin, ['INFO', 'errorstats']) as { v: string }).v).toContain('errorstat_NOGROUP:count=1');
  });
});
