import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { ManualClock } from './clock';
import type { SaveTarget } from './persistence';

/** An engine whose background saves end when the test says, with the result it says. */
function setup(ok = true) {
  const clock = new ManualClock(1_800_000_000_000);
  const started: ((ok: boolean) => void)[] = [];
  const logs: string[] = [];
  const target: SaveTarget = {
    saveNow: () => ok,
    saveInBackground: (done) => started.push(done),
    log: (l) => logs.push(l),
  };
  const engine = new Engine({ clock, saveTarget: target });
  const c = engine.createClient();
  const run = (...argv: string[]) => engine.exec(c, argv);
  const info = (field: string) => {
    const r = run('INFO', 'persistence');
    const text = r !== undefined && 'v' in r && typeof r.v === 'string' ? r.v : JSON.stringify(r);
    return new RegExp(`${field}:(\\S+)`).exec(text)?.[1];
  };
  return { clock, engine, run, info, started, logs };
}

describe('save points on the engine clock', () => {
  it('start a background save once both the changes and the seconds are there', () => {
    const t = setup();
    expect(t.run('CONFIG', 'SET', 'save', '60 2')).toEqual({ t: 'simple', v: 'OK' });
    t.run('SET', 'a', '1');
    t.clock.advance(61_000);
    t.engine.persistence.cron();
    expect(t.started).toHaveLength(0); // one change of two
    t.run('SET', 'b', '1');
    t.engine.persistence.cron();
    expect(t.started).toHaveLength(1);
    expect(t.logs).toEqual(['2 changes in 60 seconds. Saving...']);
    expect(t.info('rdb_bgsave_in_progress')).toBe('1');
    t.engine.persistence.cron(); // one at a time
    expect(t.started).toHaveLength(1);
    t.started[0]!(true);
    expect(t.info('rdb_changes_since_last_save')).toBe('0');
    expect(t.info('rdb_saves')).toBe('1');
    expect(t.info('rdb_last_save_time')).toBe(String(Math.floor(t.clock.now() / 1000)));
    // Just saved: the seconds count again from here.
    t.run('SET', 'c', '1');
    t.run('SET', 'd', '1');
    t.engine.persistence.cron();
    expect(t.started).toHaveLength(1);
  });

  it('after a failed save, try again only after 5 seconds', () => {
    const t = setup();
    t.run('CONFIG', 'SET', 'save', '1 1');
    t.run('SET', 'a', '1');
    t.clock.advance(2000);
    t.engine.persistence.cron();
    t.started[0]!(false);
    expect(t.info('rdb_last_bgsave_status')).toBe('err');
    t.clock.advance(1000);
    t.engine.persistence.cron();
    expect(t.started).toHaveLength(1);
    t.clock.advance(5000);
    t.engine.persistence.cron();
    expect(t.started).toHaveLength(2);
  });

  it('no points, no saves; and an engine with nowhere to save refuses points', () => {
    const t = setup();
    t.run('CONFIG', 'SET', 'save', '');
    t.run('SET', 'a', '1');
    t.clock.advance(10_000_000);
    t.engine.persistence.cron();
    expect(t.started).toHaveLength(0);
    const bare = new Engine();
    const r = bare.exec(bare.createClient(), ['CONFIG', 'SET', 'save', '60 1']);
    expect(r?.t).toBe('error');
  });
});
