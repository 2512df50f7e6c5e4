import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { Engine, type CommandEvent } from '../engine';

function setup() {
  const clock = new ManualClock();
  const engine = new Engine({ clock });
  const a = engine.createClient();
  const b = engine.createClient();
  const runA = (...argv: string[]): Reply | undefined => engine.exec(a, argv);
  const runB = (...argv: string[]): Reply | undefined => engine.exec(b, argv);
  return { engine, clock, a, b, runA, runB };
}

const OK: Reply = { t: 'simple', v: 'OK' };
const QUEUED: Reply = { t: 'simple', v: 'QUEUED' };
const NIL_ARRAY: Reply = { t: 'nilarray' };
const int = (v: number): Reply => ({ t: 'int', v });
const bulk = (v: string): Reply => ({ t: 'bulk', v });
const err = (v: string): Reply => ({ t: 'error', v });

describe('MULTI / EXEC / DISCARD', () => {
  it('queues, runs in order and returns every reply, errors included', () => {
    const { runA } = setup();
    runA('SET', 's', 'text');
    expect(runA('MULTI')).toEqual(OK);
    expect(runA('SET', 'n', '1')).toEqual(QUEUED);
    expect(runA('INCR', 's')).toEqual(QUEUED);
    expect(runA('INCR', 'n')).toEqual(QUEUED);
    expect(runA('EXEC')).toEqual({ t: 'array', v: [OK, err(E.NOT_INTEGER), int(2)] });
    expect(runA('GET', 'n')).toEqual(bulk('2'));
  });

  it('a queue-time error aborts with EXECABORT and runs nothing', () => {
    const { runA, a } = setup();
    runA('MULTI');
    runA('SET', 'x', '1');
    expect(runA('SET', 'y')).toEqual(err(E.WRONG_ARITY('set')));
    expect(runA('EXEC')).toEqual(err(E.EXECABORT));
    expect(a.multi).toBeUndefined();
    expect(runA('EXISTS', 'x')).toEqual(int(0));
  });

  it('nested MULTI, EXEC/DISCARD without MULTI, WATCH inside MULTI', () => {
    const { runA } = setup();
    expect(runA('EXEC')).toEqual(err(E.EXEC_WITHOUT_MULTI));
    expect(runA('DISCARD')).toEqual(err(E.DISCARD_WITHOUT_MULTI));
    runA('MULTI');
    expect(runA('MULTI')).toEqual(err(E.MULTI_NESTED));
    expect(runA('WATCH', 'k')).toEqual(err(E.WATCH_INSIDE_MULTI));
    // Neither error flags the transaction.
    runA('SET', 'k', 'v');
    expect(runA('EXEC')).toEqual({ t: 'array', v: [OK] });
  });

  it('DISCARD drops the queue', () => {
    const { runA } = setup();
    runA('MULTI');
    runA('SET', 'k', 'v');
    expect(runA('DISCARD')).toEqual(OK);
    expect(runA('EXISTS', 'k')).toEqual(int(0));
  });

  it('EXEC emits one change event holding the writes of every queued command', () => {
    const { engine, runA } = setup();
    const events: CommandEvent[] = [];
    engine.onEvent((e) => events.push(e));
    runA('MULTI');
    runA('SET', 'a', '1');
    runA('SET', 'b', '2');
    runA('EXEC');
    const exec = events.filter((e) => e.command === 'exec');
    expect(exec).toHaveLength(1);
    expect(exec[0]!.writes.map((w) => w.key)).toEqual(['a', 'b']);
    expect(events.filter((e) => e.command === 'set')).toHaveLength(0);
  });

  it('a blocking command inside MULTI replies at once with its timeout reply', () => {
    const { runA, a } = setup();
    runA('MULTI');
    runA('BLPOP', 'nolist', '0');
    runA('RPUSH', 'l', 'x');
    runA('BLPOP', 'l', '0');
    expect(runA('EXEC')).toEqual({ t: 'array', v: [NIL_ARRAY, int(1), { t: 'array', v: [bulk('l'), bulk('x')] }] });
    expect(a.blocked).toBeUndefined();
  });
});

describe('WATCH', () => {
  it('another client\'s write makes EXEC reply a null array and unwatches', () => {
    const { runA, runB, a } = setup();
    runA('SET', 'k', '1');
    expect(runA('WATCH', 'k')).toEqual(OK);
    runB('SET', 'k', '2');
    expect(a.dirtyCas).toBe(true);
    runA('MULTI');
    runA('SET', 'k', 'mine');
    expect(runA('EXEC')).toEqual(NIL_ARRAY);
    expect(runA('GET', 'k')).toEqual(bulk('2'));
    expect(a.watching).toHaveLength(0);
    expect(a.dirtyCas).toBe(false);
  });

  it('writes to other keys or other databases leave EXEC alone', () => {
    const { runA, runB } = setup();
    runA('WATCH', 'k');
    runB('SET', 'other', '1');
    runB('SELECT', '1');
    runB('SET', 'k', 'in db1');
    runA('MULTI');
    runA('PING');
    expect(runA('EXEC')).toEqual({ t: 'array', v: [{ t: 'simple', v: 'PONG' }] });
  });

  it('a key that expires between WATCH and EXEC aborts; one expired before WATCH does not', () => {
    const { runA, clock, engine } = setup();
    runA('SET', 'e', 'v', 'PX', '100');
    runA('WATCH', 'e');
    clock.advance(200);
    runA('MULTI');
    runA('PING');
    expect(runA('EXEC')).toEqual(NIL_ARRAY);

    engine.activeExpireEnabled = false;
    runA('SET', 'old', 'v', 'PX', '100');
    clock.advance(200);
    runA('WATCH', 'old');
    // Its lazy deletion is not a change either.
    expect(runA('GET', 'old')).toEqual({ t: 'nil' });
    runA('MULTI');
    runA('PING');
    expect(runA('EXEC')).toEqual({ t: 'array', v: [{ t: 'simple', v: 'PONG' }] });
  });

  it('active expiry of a watched key touches it', () => {
    const { runA, clock, engine, a } = setup();
    runA('SET', 'e', 'v', 'PX', '50');
    runA('WATCH', 'e');
    clock.advance(100);
    engine.activeExpireCycle();
    expect(engine.dbs[0]!.size).toBe(0);
    expect(a.dirtyCas).toBe(true);
  });

  it('FLUSHALL touches watched keys that exist, not missing ones', () => {
    const { runA, runB, a } = setup();
    runA('WATCH', 'missing');
    runB('FLUSHALL');
    expect(a.dirtyCas).toBe(false);
    runA('SET', 'k', 'v');
    runA('WATCH', 'k');
    runB('FLUSHALL');
    expect(a.dirtyCas).toBe(true);
  });

  it('UNWATCH, DISCARD, RESET and closing the client forget the watches', () => {
    const { engine, runA, runB, a, b } = setup();
    runA('WATCH', 'k');
    runA('UNWATCH');
    runB('SET', 'k', '1');
    expect(a.dirtyCas).toBe(false);
    runA('WATCH', 'k');
    runA('MULTI');
    runA('DISCARD');
    runB('SET', 'k', '2');
    expect(a.dirtyCas).toBe(false);
    runA('WATCH', 'k');
    runA('RESET');
    runB('SET', 'k', '3');
    expect(a.dirtyCas).toBe(false);
    runB('WATCH', 'k');
    engine.closeClient(b);
    expect(b.watching).toHaveLength(0);
    runA('SET', 'k', '4');
    expect(b.dirtyCas).toBe(false);
  });

  it('WATCH of the same key twice registers it once; WATCH after a touch is a no-op', () => {
    const { runA, runB, a } = setup();
    runA('WATCH', 'k', 'k', 'j');
    expect(a.watching.map((w) => w.key)).toEqual(['k', 'j']);
    runB('SET', 'k', '1');
    runA('WATCH', 'z');
    expect(a.watching.map((w) => w.key)).toEqual(['k', 'j']);
  });
});
