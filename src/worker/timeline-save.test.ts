import { describe, expect, it } from 'vitest';
import { takeSnapshot } from '../engine/core/snapshot';
import { EngineHost, FREE_WORKSPACE } from './host';
import { MemoryKeyStore } from './persist';
import { SAVED_LIMITS } from './timeline';

/**
 * The timeline across a reload: its own record beside the keys', restored
 * onto the keys it was saved with, bounded, and saying what it left out.
 */

/** A page over `store`; with `load`, the worker first loads the learner's saved workspace (as it does before any request). */
async function page(store: MemoryKeyStore, load = false) {
  const host = new EngineHost(() => {}, store);
  host.clock.pause();
  if (load) expect(await host.loadWorkspace(FREE_WORKSPACE)).toBe(true);
  const client = host.handle('open', { name: 't' }).client;
  const exec = (...argv: string[]) => host.handle('exec', { client, argv }).reply;
  const state = () =>
    JSON.stringify(
      takeSnapshot(host.engine).dbs.map((keys) => [...keys].sort((a, b) => (a.key < b.key ? -1 : 1))),
      (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v),
    );
  return { host, exec, state };
}

/** A reload: a new host over the same store, loading the learner's workspace. */
const reload = (store: MemoryKeyStore) => page(store, true);

describe('the timeline across a reload', () => {
  it('comes back with its commands, and restoring an earlier point gives that point', async () => {
    const store = new MemoryKeyStore();
    const a = await page(store);
    a.exec('SET', 'greeting', 'hello');
    const afterFirst = a.state();
    a.exec('RPUSH', 'queue', 'a', 'b');
    a.exec('HSET', 'user:1', 'name', 'Ada');
    a.exec('ZADD', 'board', '3', 'x', '1', 'y');
    a.exec('SET', 'greeting', 'world', 'EX', '100');
    const listed = a.host.handle('timeline', null);
    await a.host.flushAll();
    // The timeline has a record of its own, apart from the keys.
    expect(store.timelines.has(FREE_WORKSPACE)).toBe(true);

    const b = await reload(store);
    expect(b.state()).toBe(a.state());
    const back = b.host.handle('timeline', null);
    expect(back.entries).toEqual(listed.entries);
    expect(back.notice).toBeUndefined();
    const first = back.entries[0]!;
    expect(first.argv).toEqual(['SET', 'greeting', 'hello']);
    const r = b.host.handle('timelineRestore', { id: first.id });
    expect(r.ok, r.reason).toBe(true);
    expect(r.undone).toBe(4);
    expect(b.state()).toBe(afterFirst);
    // New commands go on from the restored ids.
    b.exec('SET', 'n', '1');
    expect(b.host.handle('timeline', null).entries.map((e) => e.id)).toEqual([first.id, first.id + 5]);
  });

  it('undo after a reload reverts the command run before it', async () => {
    const store = new MemoryKeyStore();
    const a = await page(store);
    a.exec('SET', 'k', '1');
    const before = a.state();
    a.exec('INCRBY', 'k', '41');
    await a.host.flushAll();
    const b = await reload(store);
    const r = b.host.handle('undo', {});
    expect(r.ok, r.reason).toBe(true);
    expect(r.argv).toEqual(['INCRBY', 'k', '41']);
    expect(b.state()).toBe(before);
    // The undo is saved too: another reload has one command left.
    await b.host.flushAll();
    const c = await reload(store);
    expect(c.host.handle('timeline', null).entries.map((e) => e.argv[0])).toEqual(['SET']);
    expect(c.state()).toBe(before);
  });

  it('keeps only the newest commands within its limits and says how many it left out', async () => {
    const store = new MemoryKeyStore();
    const a = await page(store);
    const extra = 7;
    for (let i = 0; i < SAVED_LIMITS.entries + extra; i++) a.exec('INCR', 'n');
    const l = a.host.handle('timeline', null);
    expect(l.entries).toHaveLength(SAVED_LIMITS.entries + extra);
    expect(l.unsaved).toBe(extra);
    expect(l.savedLimits).toBe(`the last ${SAVED_LIMITS.entries} commands, up to 2 MB of earlier values`);
    await a.host.flushAll();
    const b = await reload(store);
    const back = b.host.handle('timeline', null);
    expect(back.entries).toHaveLength(SAVED_LIMITS.entries);
    expect(back.entries[0]!.id).toBe(extra + 1);
    expect(back.dropped).toBe(extra);
    expect(back.notice).toContain(`${extra} older commands were left out of the saved timeline`);
    // The oldest point saved is reachable: n as it was after the 8th INCR.
    b.host.handle('timelineRestore', { id: extra + 1 });
    expect(b.exec('GET', 'n')).toEqual({ t: 'bulk', v: String(extra + 1) });
  });

  it('is not put onto keys it was not saved with, and says so', async () => {
    const store = new MemoryKeyStore();
    const a = await page(store);
    a.exec('SET', 'a', '1');
    a.exec('SET', 'a', '2');
    await a.host.flushAll();
    // The keys were written again without the timeline (the page closed between the two writes).
    const meta = store.metas.get(FREE_WORKSPACE)!;
    store.metas.set(FREE_WORKSPACE, { ...meta, timeline: 'other:1' });
    const b = await reload(store);
    const l = b.host.handle('timeline', null);
    expect(l.entries).toEqual([]);
    expect(l.notice).toMatch(/did not match the saved keys/);
    expect(b.host.handle('undo', {}).ok).toBe(false);
    expect(b.exec('GET', 'a')).toEqual({ t: 'bulk', v: '2' });
  });

  it('reads a malformed record as far back as it can, and an unreadable one as none', async () => {
    const store = new MemoryKeyStore();
    const a = await page(store);
    a.exec('SET', 'a', '1');
    a.exec('SET', 'a', '2');
    a.exec('SET', 'a', '3');
    await a.host.flushAll();
    const rec = store.timelines.get(FREE_WORKSPACE) as { entries: { images: { value: unknown }[] }[] };
    rec.entries[0]!.images[0]!.value = { type: 'zset', m: ['x'], s: 'not scores' };
    const b = await reload(store);
    const l = b.host.handle('timeline', null);
    expect(l.entries.map((e) => e.argv[2])).toEqual(['2', '3']);
    expect(l.notice).toMatch(/1 older command could not be read back/);
    b.host.handle('timelineRestore', { id: l.entries[0]!.id });
    expect(b.exec('GET', 'a')).toEqual({ t: 'bulk', v: '2' });

    await b.host.flushAll();
    store.timelines.set(FREE_WORKSPACE, 'garbage');
    const c = await reload(store);
    expect(c.host.handle('timeline', null).entries).toEqual([]);
    expect(c.host.handle('timeline', null).notice).toMatch(/could not be read/);
  });

  it('each workspace has its own timeline', async () => {
    const store = new MemoryKeyStore();
    const a = await page(store);
    a.exec('SET', 'free', '1');
    await a.host.workspace({ name: 'lesson:x', setup: [] });
    a.exec('SET', 'lesson', '1');
    await a.host.workspace({ name: FREE_WORKSPACE, setup: [] });
    expect(a.host.handle('timeline', null).entries.map((e) => e.argv[1])).toEqual(['free']);
    await a.host.workspace({ name: 'lesson:x', setup: [] });
    expect(a.host.handle('timeline', null).entries.map((e) => e.argv[1])).toEqual(['lesson']);
  });
});
