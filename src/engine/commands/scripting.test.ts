import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import type { Reply } from '../core/reply';
import { loadLua, type Scripting } from '../core/scripting';
import { Engine, type CommandEvent } from '../engine';
import { conn } from '../testing/recording-client';

const LIB = "#!lua name=lib\nredis.register_function('incr', function(keys, args) return redis.call('INCR', keys[1]) end)";

function setup() {
  const e = new Engine({ clock: new ManualClock(1_700_000_000_000) });
  return { e, a: conn(e) };
}

const one = (r: Reply[]): Reply => r[r.length - 1]!;
const info = (e: Engine, a: ReturnType<typeof conn>, field: string): string => {
  const text = (one(a.run('INFO', 'memory')) as { v: string }).v;
  return /\r\n/.test(text) ? (text.split('\r\n').find((l) => l.startsWith(`${field}:`)) ?? '').split(':')[1]! : '';
};

describe('scripting in the engine', () => {
  beforeAll(() => loadLua());

  it('a script runs commands as the lua client: MONITOR shows the EVAL first, then its commands from "lua"', () => {
    const { e, a } = setup();
    const m = conn(e);
    m.run('MONITOR');
    a.run('EVAL', "return redis.call('INCR', KEYS[1])", '1', 'k');
    const lines = m.take().map((r) => (r as { v: string }).v.replace(/^\d+\.\d+ /, ''));
    expect(lines).toEqual(['[0 127.0.0.1:50001] "EVAL" "return redis.call(\'INCR\', KEYS[1])" "1" "k"', '[0 lua] "INCR" "k"']);
  });

  it("one change event carries everything the script did, under the script's command", () => {
    const { e, a } = setup();
    const events: CommandEvent[] = [];
    e.onEvent((ev) => events.push(ev));
    a.run('EVAL', "redis.call('HSET', 'h', 'f', 'v') redis.call('RPUSH', 'l', 'x') return redis.call('GET', 'nope')", '2', 'h', 'l');
    expect(events).toHaveLength(1);
    const ev = events[0]!;
    expect(ev.command).toBe('eval');
    expect(ev.writes.map((w) => w.key).sort()).toEqual(['h', 'l']);
    expect(ev.reads.map((r) => r.key)).toContain('nope');
    const h = ev.changes.find((c) => c.key === 'h')!;
    expect(h.created).toBe(true);
    expect(h.added).toEqual(['f']);
  });

  it('keyspace notifications, SLOWLOG, commandstats and errorstats see the commands a script runs', () => {
    const { e, a } = setup();
    a.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEA');
    a.run('CONFIG', 'SET', 'slowlog-log-slower-than', '0');
    const sub = conn(e);
    sub.run('PSUBSCRIBE', '__keyevent@0__:*');
    a.run('EVAL', "redis.call('SET', 'k', 'v') return redis.pcall('INCR', 'k')", '1', 'k');
    const events = sub.take().map((r) => (r as unknown as { v: { v: string }[] }).v[2]!.v);
    expect(events).toEqual(['__keyevent@0__:set']);
    const slow = one(a.run('SLOWLOG', 'GET', '10')) as unknown as { v: { v: Reply[] }[] };
    const logged = slow.v.map((entry) => (entry.v[3] as unknown as { v: { v: string }[] }).v[0]!.v.toUpperCase());
    expect(logged).toEqual(expect.arrayContaining(['EVAL', 'SET', 'INCR']));
    const stats = (one(a.run('INFO', 'commandstats')) as { v: string }).v;
    expect(stats).toMatch(/cmdstat_set:calls=1,/);
    expect(stats).toMatch(/cmdstat_incr:calls=1,.*failed_calls=1/);
    // The script passed the error on: EVAL failed too, and the error is counted once (as in Redis).
    expect(stats).toMatch(/cmdstat_eval:calls=1,.*rejected_calls=0,failed_calls=1/);
    expect((one(a.run('INFO', 'errorstats')) as { v: string }).v).toMatch(/errorstat_ERR:count=1\r?\n?$/);
    expect((one(a.run('INFO', 'stats')) as { v: string }).v).toMatch(/total_error_replies:1\r\n/);
  });

  it('INFO counts cached scripts, libraries and functions and their memory', () => {
    const { e, a } = setup();
    expect(info(e, a, 'number_of_cached_scripts')).toBe('0');
    const before = Number(info(e, a, 'used_memory_scripts_eval'));
    a.run('EVAL', 'return 1', '0');
    a.run('SCRIPT', 'LOAD', 'return 2');
    expect(info(e, a, 'number_of_cached_scripts')).toBe('2');
    expect(Number(info(e, a, 'used_memory_scripts_eval'))).toBeGreaterThan(before);
    a.run('FUNCTION', 'LOAD', LIB);
    expect(info(e, a, 'number_of_libraries')).toBe('1');
    expect(info(e, a, 'number_of_functions')).toBe('1');
    a.run('SCRIPT', 'FLUSH');
    expect(info(e, a, 'number_of_cached_scripts')).toBe('0');
  });

  it('EVAL queued in MULTI runs inside EXEC; blocking commands answer at once inside a script', () => {
    const { a } = setup();
    a.run('MULTI');
    expect(a.run('EVAL', "return redis.call('INCR', 'n')", '0')).toEqual([{ t: 'simple', v: 'QUEUED' }]);
    a.run('INCR', 'n');
    expect(a.run('EXEC')).toEqual([{ t: 'array', v: [{ t: 'int', v: 1 }, { t: 'int', v: 2 }] }]);
    expect(a.run('EVAL', "return redis.call('LMPOP', 1, 'none', 'LEFT')", '0')).toEqual([{ t: 'nil' }]);
  });

  it('libraries survive DEBUG RELOAD and a workspace snapshot, and are loaded when the VM is', () => {
    const { e, a } = setup();
    a.run('FUNCTION', 'LOAD', LIB);
    a.run('DEBUG', 'RELOAD');
    expect(a.run('FCALL', 'incr', '1', 'c')).toEqual([{ t: 'int', v: 1 }]);
    // A second engine restoring the code before its VM is asked for: pending, then there.
    const other = new Engine();
    const s: Scripting = other.scripting;
    s.restoreLibraries(e.scripting.libraryCodes());
    expect(conn(other).run('FCALL', 'incr', '1', 'c')).toEqual([{ t: 'int', v: 1 }]);
    expect(s.libraries.has('lib')).toBe(true);
  });

  it('a script that changes the database does not change the caller\'s', () => {
    const { a } = setup();
    a.run('EVAL', "redis.call('SELECT', 3) return redis.call('SET', 'x', '1')", '0');
    expect(a.run('EXISTS', 'x')).toEqual([{ t: 'int', v: 0 }]);
    a.run('SELECT', '3');
    expect(a.run('EXISTS', 'x')).toEqual([{ t: 'int', v: 1 }]);
  });

  it('SCRIPT KILL and FUNCTION KILL find nothing running between commands', () => {
    const { a } = setup();
    expect(a.run('SCRIPT', 'KILL')).toEqual([{ t: 'error', v: 'NOTBUSY No scripts in execution right now.' }]);
    expect(a.run('FUNCTION', 'KILL')).toEqual([{ t: 'error', v: 'NOTBUSY No scripts in execution right now.' }]);
  });

  it('hosts are told which commands need the VM', () => {
    const s = new Engine().scripting;
    // Loaded already in this process: nothing needs waiting for.
    expect(s.loaded).toBe(true);
    expect(s.needsVm(['EVAL', 'return 1', '0'])).toBe(false);
  });

  it(
    'a script past its instruction budget is stopped with the SCRIPT KILL error and the engine goes on',
    () => {
      const { a } = setup();
      a.run('SET', 'before', '1');
      const r = one(a.run('EVAL', 'while true do end', '0')) as { t: string; v: string };
      expect(r.t).toBe('error');
      expect(r.v).toMatch(/^ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}, on @user_script:\d+\.$/);
      expect(a.run('GET', 'before')).toEqual([{ t: 'bulk', v: '1' }]);
    },
    60_000,
  );

  it(
    'a script that catches the budget\'s error in a loop is stopped for good past its deadline; a fresh VM takes over',
    async () => {
      const { a } = setup();
      a.run('CONFIG', 'SET', 'lua-time-limit', '50');
      a.run('FUNCTION', 'LOAD', "#!lua name=keep\nlocal n = 0\nredis.register_function('bump', function() n = n + 1 return n end)");
      a.run('EVAL', "redis.call('SET', 'kept', 'yes')", '0');
      const r = one(a.run('EVAL', "local f = function() while true do redis.call('PING') end end while true do pcall(f) end", '0')) as { t: string; v: string };
      expect(r.t).toBe('error');
      expect(r.v).toMatch(/^ERR Script killed by user with SCRIPT KILL\.\.\. script: [0-9a-f]{40}$/);
      // The next script waits for the fresh VM (hosts await it); the library's body runs again there.
      await loadLua();
      expect(a.run('EVAL', "return redis.call('GET', 'kept')", '0')).toEqual([{ t: 'bulk', v: 'yes' }]);
      expect(a.run('FCALL', 'bump', '0')).toEqual([{ t: 'int', v: 1 }]);
      a.run('CONFIG', 'SET', 'lua-time-limit', '5000');
    },
    60_000,
  );

  it('busy-reply-threshold set at run time is the next script\'s budget', () => {
    const { a } = setup();
    const loop = ['EVAL', 'local n = 0 for i = 1, 2000000 do n = n + 1 end return n', '0'];
    expect(a.run('CONFIG', 'SET', 'lua-time-limit', '1')).toEqual([{ t: 'simple', v: 'OK' }]);
    const stopped = one(a.run(...loop)) as { t: string; v: string };
    expect(stopped.t).toBe('error');
    expect(stopped.v).toMatch(/^ERR Script killed by user with SCRIPT KILL/);
    expect(a.run('CONFIG', 'SET', 'busy-reply-threshold', '5000')).toEqual([{ t: 'simple', v: 'OK' }]);
    expect(a.run(...loop)).toEqual([{ t: 'int', v: 2000000 }]);
  });
});
