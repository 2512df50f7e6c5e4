import { describe, expect, it } from 'vitest';
import { mayBeLessonCommand, parseDuration, parseLessonCommand, setupArgv } from './commands';
import { DASHBOARD_QUERIES, loadsInSecond, perMinute, simulateSecond } from './sim';

describe('lesson commands', () => {
  it('use a colon prefix, or bare words Redis does not have', () => {
    expect(parseLessonCommand([':next'])).toEqual({ name: 'next' });
    expect(parseLessonCommand(['next'])).toEqual({ name: 'next' });
    expect(parseLessonCommand(['HINT'])).toEqual({ name: 'hint' });
    expect(parseLessonCommand([':reset'])).toEqual({ name: 'reset' });
    expect(parseLessonCommand([':retry'])).toEqual({ name: 'retry' });
    expect(parseLessonCommand(['retry'])).toBeNull();
    // Redis has RESET: the bare word stays Redis's.
    expect(parseLessonCommand(['reset'])).toBeNull();
    expect(parseLessonCommand(['RESET'])).toBeNull();
    expect(parseLessonCommand(['GET', 'next'])).toBeNull();
    expect(parseLessonCommand(['next', 'x'])).toBeNull();
    expect(parseLessonCommand([':solution'])).toEqual({ name: 'solution', confirmed: false });
    expect(parseLessonCommand([':solution', 'yes'])).toEqual({ name: 'solution', confirmed: true });
    expect(parseLessonCommand([':lesson', 'strings'])).toEqual({ name: 'lesson', id: 'strings' });
    expect(parseLessonCommand([':clock', '+61s'])).toEqual({ name: 'clock', ms: 61_000 });
    expect(parseLessonCommand([':clock'])).toMatchObject({ name: 'invalid' });
    expect(parseLessonCommand([':dance'])).toMatchObject({ name: 'invalid' });
  });

  it('are told apart from Redis commands before anything loads', () => {
    const lines = [[':next'], ['next'], ['HINT'], ['lessons'], [':lesson', 'strings'], [':clock', '+1m'], [':dance'], ['solution'], ['y'], ['NO']];
    for (const argv of lines) expect(mayBeLessonCommand(argv), argv.join(' ')).toBe(true);
    // Every line the parser recognises passes the first look.
    for (const argv of lines) if (parseLessonCommand(argv)) expect(mayBeLessonCommand(argv)).toBe(true);
    for (const argv of [['GET', 'next'], ['INCR', 'c'], ['next', 'x'], ['RESET'], ['SET', ':a', '1'], []]) {
      expect(mayBeLessonCommand(argv), argv.join(' ')).toBe(false);
      expect(parseLessonCommand(argv)).toBeNull();
    }
  });

  it('parses clock durations', () => {
    expect(parseDuration('+500ms')).toBe(500);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('+1.5h')).toBe(5_400_000);
    expect(parseDuration('-5s')).toBeNull();
    expect(parseDuration('soon')).toBeNull();
  });

  it('turns setup lines into argv and populate into MSET batches', () => {
    const argv = setupArgv({ setup: ['SET greeting "hello world"'], populate: { prefix: 'user:', count: 2500 } });
    expect(argv[0]).toEqual(['SET', 'greeting', 'hello world']);
    expect(argv.length).toBe(1 + 3);
    expect(argv[1]!.slice(0, 5)).toEqual(['MSET', 'user:0', 'value:0', 'user:1', 'value:1']);
    expect(argv[3]!.length).toBe(1 + 2 * 500);
  });
});

describe('the dashboard simulation', () => {
  it('200 users every 30 s make 400 loads and 1,200 queries a minute with an empty cache', () => {
    let loads = 0;
    let pg = 0;
    const history = [];
    for (let t = 0; t < 60; t++) {
      const r = simulateSecond(t, new Set(), false);
      loads += r.loads;
      pg += r.pgQueries;
      history.push(r);
    }
    expect(loads).toBe(400);
    expect(pg).toBe(1200);
    expect(perMinute(history, 'pgQueries')).toBe(1200);
    expect(loadsInSecond(0)).toBeGreaterThanOrEqual(6);
    expect(history[0]!.avgLoadMs).toBeCloseTo(12);
  });

  it('cached keys are hits; with refill on, the first miss puts the key back', () => {
    const all = new Set(DASHBOARD_QUERIES.map((q) => q.key));
    const hit = simulateSecond(5, all, false);
    expect(hit.pgQueries).toBe(0);
    expect(hit.hits).toBe(hit.loads * 3);
    const refill = simulateSecond(5, new Set(), true);
    expect(refill.pgQueries).toBe(3);
    expect(refill.refills.map((q) => q.key).sort()).toEqual([...all].sort());
    const noRefill = simulateSecond(5, new Set(), false);
    expect(noRefill.pgQueries).toBe(noRefill.loads * 3);
  });
});
