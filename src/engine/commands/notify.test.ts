import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';
import { conn } from '../testing/recording-client';

/** A subscriber on every keyspace channel; `events()` gives what arrived as "channel message" lines. */
function listener(engine: Engine) {
  const sub = conn(engine);
  sub.run('PSUBSCRIBE', '__key*__:*');
  const events = (): string[] =>
    sub.take().map((r) => {
      if (r.t !== 'push') throw new Error(`not a push: ${JSON.stringify(r)}`);
      const [, , ch, msg] = r.v as readonly Reply[] as readonly { v: string }[];
      return `${ch!.v} ${msg!.v}`;
    });
  return { sub, events };
}

function setup(flags = 'KEA') {
  const clock = new ManualClock(1_000_000);
  const e = new Engine({ clock });
  const a = conn(e);
  a.run('CONFIG', 'SET', 'notify-keyspace-events', flags);
  return { e, a, clock, ...listener(e) };
}

/** Keyevent lines only (`__keyevent@0__:set k` -> `set k`). */
const keyevents = (lines: string[]): string[] => lines.filter((l) => l.startsWith('__keyevent')).map((l) => l.replace(/^__keyevent@\d+__:/, ''));

describe('keyspace notifications', () => {
  it('are off by default and cost nothing to subscribers', () => {
    const e = new Engine();
    const a = conn(e);
    const { events } = listener(e);
    a.run('SET', 'k', 'v');
    a.run('DEL', 'k');
    expect(events()).toEqual([]);
    expect(e.config.get('notify-keyspace-events')).toBe('');
    expect(e.keyspaceEvents.flags).toBe(0);
  });

  it('publish keyspace then keyevent, like PUBLISH (counted in the receivers)', () => {
    const { a, events } = setup();
    a.run('SET', 'foo', 'bar');
    expect(events()).toEqual(['__keyspace@0__:foo set', '__keyevent@0__:set foo']);
    a.run('SELECT', '3');
    a.run('LPUSH', 'l', 'x');
    expect(events()).toEqual(['__keyspace@3__:l lpush', '__keyevent@3__:lpush l']);
  });

  it('K or E alone, and class masks', () => {
    const { e, a, events } = setup('Kl');
    a.run('SET', 'foo', 'bar');
    a.run('RPUSH', 'l', 'x');
    expect(events()).toEqual(['__keyspace@0__:l rpush']);
    a.run('CONFIG', 'SET', 'notify-keyspace-events', 'E$');
    a.run('SET', 'foo', 'bar');
    a.run('RPUSH', 'l', 'x');
    expect(events()).toEqual(['__keyevent@0__:set foo']);
    expect(e.keyspaceEvents.flags).not.toBe(0);
  });

  it('CONFIG SET parses and renders the flags as Redis does', () => {
    const { e, a } = setup('');
    const get = () => e.config.get('notify-keyspace-events');
    for (const [input, shown] of [
      ['gKE', 'gKE'],
      ['$lshzxeKE', '$lshzxeKE'],
      ['KA', 'AK'],
      ['EA', 'AE'],
      ['KEA', 'AKE'],
      ['Anm', 'Am'],
      ['tdn', 'tdn'],
    ] as const) {
      a.run('CONFIG', 'SET', 'notify-keyspace-events', input);
      expect(get(), input).toBe(shown);
    }
    expect(a.run('CONFIG', 'SET', 'notify-keyspace-events', 'KQ')[0]).toMatchObject({ t: 'error' });
    expect(get()).toBe('tdn');
  });

  it('multi-event commands come out in Redis order', () => {
    const { a, events } = setup();
    a.run('SET', 'a', '1');
    a.run('SET', 'b', '2');
    events();
    a.run('RENAME', 'a', 'b');
    expect(keyevents(events())).toEqual(['rename_from a', 'rename_to b']);
    a.run('RPUSH', 'src', 'x');
    events();
    a.run('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT');
    expect(keyevents(events())).toEqual(['rpush dst', 'lpop src', 'del src']);
    a.run('SADD', 's1', 'm');
    events();
    a.run('SMOVE', 's1', 's2', 'm');
    expect(keyevents(events())).toEqual(['srem s1', 'del s1', 'sadd s2']);
    a.run('SET', 'g', 'v');
    events();
    a.run('GETDEL', 'g');
    expect(keyevents(events())).toEqual(['del g']);
    a.run('SET', 'g', 'v', 'EX', '100');
    expect(keyevents(events())).toEqual(['set g', 'expire g']);
    a.run('GETEX', 'g', 'PERSIST');
    expect(keyevents(events())).toEqual(['persist g']);
    a.run('EXPIRE', 'g', '-1');
    expect(keyevents(events())).toEqual(['del g']);
    a.run('XADD', 'st', 'MAXLEN', '1', '1-1', 'f', 'v');
    a.run('XADD', 'st', 'MAXLEN', '1', '1-2', 'f', 'v');
    expect(keyevents(events())).toEqual(['xadd st', 'xadd st', 'xtrim st']);
    a.run('ZADD', 'z', '1', 'a');
    a.run('ZINCRBY', 'z', '1', 'a');
    a.run('ZPOPMIN', 'z');
    expect(keyevents(events())).toEqual(['zadd z', 'zincr z', 'zpopmin z', 'del z']);
    a.run('HSET', 'h', 'f', '1');
    a.run('HINCRBYFLOAT', 'h', 'f', '1.5');
    a.run('HDEL', 'h', 'f');
    expect(keyevents(events())).toEqual(['hset h', 'hincrbyfloat h', 'hdel h', 'del h']);
  });

  it('n: a new key, before the command event; not for an overwrite', () => {
    const { a, events } = setup('KEAn');
    a.run('SET', 'k', '1');
    a.run('SET', 'k', '2');
    a.run('INCR', 'n');
    expect(keyevents(events())).toEqual(['new k', 'set k', 'set k', 'new n', 'incrby n']);
  });

  it('expired: lazily on access and from the active cycle', () => {
    const { e, a, clock, events } = setup('Ex');
    a.run('SET', 'k', 'v', 'PX', '100');
    a.run('SET', 'j', 'v', 'PX', '100');
    clock.advance(200);
    expect(a.run('GET', 'k')).toEqual([{ t: 'nil' }]);
    expect(events()).toEqual(['__keyevent@0__:expired k']);
    e.activeExpireCycle();
    expect(events()).toEqual(['__keyevent@0__:expired j']);
  });

  it('evicted: a key removed by the maxmemory policy', () => {
    const { a, events } = setup('Ee');
    a.run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    a.run('SET', 'foo', 'bar');
    a.run('CONFIG', 'SET', 'maxmemory', '1');
    a.run('PING');
    expect(events()).toEqual(['__keyevent@0__:evicted foo']);
    a.run('CONFIG', 'SET', 'maxmemory', '0');
  });

  it('keymiss (m) on a read of a missing key, not on writes', () => {
    const { a, events } = setup('KEm');
    a.run('GET', 'nope');
    a.run('SET', 'x', '1');
    a.run('LPUSH', 'y', '1');
    expect(events()).toEqual(['__keyspace@0__:nope keymiss', '__keyevent@0__:keymiss nope']);
  });

  it('a blocked BLPOP served by a push: lpush, then lpop and del for the served client', () => {
    const { e, a, events } = setup();
    const b = conn(e);
    expect(b.run('BLPOP', 'q', '0')).toEqual([]);
    a.run('LPUSH', 'q', 'x');
    expect(keyevents(events())).toEqual(['lpush q', 'lpop q', 'del q']);
    expect(b.take()).toEqual([{ t: 'array', v: [{ t: 'bulk', v: 'q' }, { t: 'bulk', v: 'x' }] }]);
  });
});

describe('CLIENT REPLY', () => {
  it('OFF silences replies until ON, which answers OK', () => {
    const e = new Engine();
    const a = conn(e);
    expect(a.run('CLIENT', 'REPLY', 'OFF')).toEqual([]);
    expect(a.run('SET', 'k', 'v')).toEqual([]);
    expect(a.run('GET', 'k')).toEqual([]);
    expect(a.run('NOPE')).toEqual([]);
    expect(a.run('CLIENT', 'REPLY', 'SKIP')).toEqual([]);
    expect(a.run('CLIENT', 'REPLY', 'ON')).toEqual([{ t: 'simple', v: 'OK' }]);
    expect(a.run('GET', 'k')).toEqual([{ t: 'bulk', v: 'v' }]);
  });

  it('SKIP silences itself and the next command only', () => {
    const e = new Engine();
    const a = conn(e);
    expect(a.run('CLIENT', 'REPLY', 'SKIP')).toEqual([]);
    expect(a.run('SET', 'k', 'v')).toEqual([]);
    expect(a.run('GET', 'k')).toEqual([{ t: 'bulk', v: 'v' }]);
    // SKIP while skipped: the next command is skipped too.
    expect(a.run('CLIENT', 'REPLY', 'SKIP')).toEqual([]);
    expect(a.run('CLIENT', 'REPLY', 'SKIP')).toEqual([]);
    expect(a.run('PING')).toEqual([]);
    expect(a.run('PING')).toEqual([{ t: 'simple', v: 'PONG' }]);
  });

  it('bad mode is a syntax error; wrong arity is the subcommand arity error', () => {
    const e = new Engine();
    const a = conn(e);
    expect(a.run('CLIENT', 'REPLY', 'MAYBE')).toEqual([{ t: 'error', v: E.SYNTAX }]);
    expect(a.run('CLIENT', 'REPLY')).toEqual([{ t: 'error', v: E.WRONG_ARITY('client|reply') }]);
  });

  it('pushes get through while silenced: confirmations and messages', () => {
    const e = new Engine();
    const a = conn(e);
    const p = conn(e);
    a.run('CLIENT', 'REPLY', 'OFF');
    const got = a.run('SUBSCRIBE', 'ch');
    expect(got).toEqual([{ t: 'push', v: [{ t: 'bulk', v: 'subscribe' }, { t: 'bulk', v: 'ch' }, { t: 'int', v: 1 }] }]);
    expect(a.run('PING')).toEqual([]);
    p.run('PUBLISH', 'ch', 'hi');
    expect(a.take()).toEqual([{ t: 'push', v: [{ t: 'bulk', v: 'message' }, { t: 'bulk', v: 'ch' }, { t: 'bulk', v: 'hi' }] }]);
  });

  it('a blocked command woken while OFF stays silent; RESET turns replies back on', () => {
    const e = new Engine();
    const a = conn(e);
    const b = conn(e);
    b.run('CLIENT', 'REPLY', 'OFF');
    expect(b.run('BLPOP', 'q', '0')).toEqual([]);
    a.run('RPUSH', 'q', 'x');
    expect(b.take()).toEqual([]);
    expect(a.run('LLEN', 'q')).toEqual([{ t: 'int', v: 0 }]);
    expect(b.run('RESET')).toEqual([{ t: 'simple', v: 'RESET' }]);
    expect(b.run('PING')).toEqual([{ t: 'simple', v: 'PONG' }]);
  });
});
