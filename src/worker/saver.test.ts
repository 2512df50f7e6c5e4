import { describe, expect, it } from 'vitest';
import { E } from '../engine/core/errors';
import type { Reply, WorkerEvent } from '../protocol/messages';
import { EngineHost, FREE_WORKSPACE } from './host';
import { MemoryKeyStore } from './persist';
import type { SyncMessage } from './saver';

/** Tabs of one page: hosts sharing a store, each durable write broadcast to the others. */
class Browser {
  readonly store = new MemoryKeyStore();
  readonly tabs: Tab[] = [];

  open(): Tab {
    const t = new Tab(this);
    this.tabs.push(t);
    return t;
  }

  send(from: Tab, m: SyncMessage): void {
    for (const t of this.tabs) if (t !== from && !t.closed) t.host.applyRemote(structuredClone(m));
  }

  /** A reload: the tab's worker is gone; a new one restores from the store. */
  async reload(t: Tab): Promise<Tab> {
    t.closed = true;
    const n = this.open();
    await n.host.loadWorkspace(FREE_WORKSPACE);
    return n;
  }
}

class Tab {
  readonly events: WorkerEvent[] = [];
  readonly host: EngineHost;
  readonly client: number;
  closed = false;

  constructor(browser: Browser) {
    this.host = new EngineHost((e) => this.events.push(e), browser.store, { broadcast: (m) => browser.send(this, m) });
    this.client = this.host.handle('open', { name: 't' }).client;
  }

  /** Runs a command and starts its save, as the worker does before answering. */
  exec(...argv: string[]): Reply | undefined {
    return this.run(argv);
  }

  run(argv: string[]): Reply | undefined {
    const r = this.host.handle('exec', { client: this.client, argv }).reply;
    void this.host.saver!.flush();
    return r;
  }

  settle(): Promise<boolean> {
    return this.host.saver!.settle();
  }

  storage(): { ok: boolean; message: string }[] {
    return this.events.filter((e): e is Extract<WorkerEvent, { type: 'storage' }> => e.type === 'storage');
  }
}

const bulk = (v: string) => ({ t: 'bulk', v });
const int = (v: number) => ({ t: 'int', v });
const info = (t: Tab) => (t.exec('INFO', 'persistence') as { v: string }).v;

describe('saving every change in the browser', () => {
  it('keeps a keyspace of a million elements: SET precious, then DEBUG POPULATE in batches, reload', async () => {
    const b = new Browser();
    const t = b.open();
    t.exec('SET', 'precious', '1');
    for (let i = 0; i < 2; i++) t.exec('DEBUG', 'POPULATE', '100000', `b${i}`);
    const z = ['ZADD', 'board'];
    for (let i = 0; i < 150_000; i++) z.push(String(i), `m${i}`);
    t.run(z);
    expect(await t.settle()).toBe(true);
    const r = await b.reload(t);
    expect(r.exec('GET', 'precious')).toEqual(bulk('1'));
    expect(r.exec('DBSIZE')).toEqual(int(200_002));
    expect(r.exec('ZCARD', 'board')).toEqual(int(150_000));
    expect(r.exec('ZSCORE', 'board', 'm123')).toEqual(bulk('123'));
  });

  it('writes only the keys a command touched, and keeps every database', async () => {
    const b = new Browser();
    const t = b.open();
    t.exec('SET', 'a', '1');
    t.exec('SELECT', '15');
    t.exec('HSET', 'h', 'f', 'v');
    await t.settle();
    const writes = b.store.writes;
    t.exec('SET', 'c', '3');
    await t.settle();
    expect(b.store.writes).toBe(writes + 1);
    expect([...b.store.keys.values()].filter((k) => k.key === 'c')).toHaveLength(1);
    const r = await b.reload(t);
    expect(r.exec('GET', 'a')).toEqual(bulk('1'));
    r.exec('SELECT', '15');
    expect(r.exec('HGET', 'h', 'f')).toEqual(bulk('v'));
    expect(r.exec('GET', 'c')).toEqual(bulk('3'));
  });

  it('follows FLUSHDB, FLUSHALL, SWAPDB, MOVE, RENAME, expiry and eviction', async () => {
    const b = new Browser();
    let t = b.open();
    t.exec('DEBUG', 'POPULATE', '500', 'x');
    t.exec('SET', 'keep', 'k');
    t.exec('SELECT', '1');
    t.exec('SET', 'one', '1');
    t.exec('SELECT', '0');
    t.exec('SWAPDB', '0', '1');
    t.exec('MOVE', 'one', '2');
    t.exec('SELECT', '1');
    t.exec('RENAME', 'keep', 'kept');
    t.exec('FLUSHDB');
    t.exec('SET', 'after-flush', 'y');
    t.exec('SELECT', '3');
    t.exec('SET', 'short', 'v', 'PX', '1');
    await t.settle();
    await new Promise((r) => setTimeout(r, 5));
    t.host.tick(); // active expiry
    await t.settle();
    t = await b.reload(t);
    t.exec('SELECT', '1');
    expect(t.exec('DBSIZE')).toEqual(int(1));
    expect(t.exec('GET', 'after-flush')).toEqual(bulk('y'));
    t.exec('SELECT', '2');
    expect(t.exec('GET', 'one')).toEqual(bulk('1'));
    t.exec('SELECT', '0');
    expect(t.exec('DBSIZE')).toEqual(int(0));
    expect([...b.store.keys.values()].some((k) => k.key === 'short')).toBe(false);

    // Eviction: an allkeys policy under a small limit drops keys; the store drops them too.
    t.exec('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random');
    t.exec('CONFIG', 'SET', 'maxmemory', '3mb');
    for (let i = 0; i < 40; i++) t.exec('SET', `big${i}`, 'x'.repeat(200_000));
    expect(t.exec('INFO', 'stats')).toMatchObject({ v: expect.stringMatching(/evicted_keys:[1-9]/) });
    await t.settle();
    const inEngine = (t.exec('KEYS', 'big*') as unknown as { v: Reply[] }).v.length;
    const saved = [...b.store.keys.values()].filter((k) => k.key.startsWith('big')).length;
    expect(saved).toBe(inEngine);
    expect(inEngine).toBeLessThan(40);
  });

  it('saves big values on a slower beat, and all of them on flush', async () => {
    const b = new Browser();
    const t = b.open();
    const z = ['ZADD', 'board'];
    for (let i = 0; i < 20_000; i++) z.push(String(i), `m${i}`);
    t.run(z);
    await Promise.resolve();
    t.exec('ZADD', 'board', '5', 'late');
    t.exec('SET', 'small', 's');
    await t.host.saver!.flush();
    const board = () => [...b.store.keys.values()].find((k) => k.key === 'board');
    expect([...b.store.keys.values()].some((k) => k.key === 'small')).toBe(true);
    expect(board()).toBeUndefined();
    expect(t.host.saver!.pending).toBe(true);
    await t.settle();
    expect((board()?.value as unknown as { m: string[] }).m).toHaveLength(20_001);
  });
});

const FULL = 'the browser storage for this site is full';

/** A tab whose write (SET k v) could not be saved: the storage is full. */
async function failedWrite() {
  const b = new Browser();
  const t = b.open();
  b.store.failWith = FULL;
  t.exec('SET', 'k', 'v');
  await t.settle();
  return { b, t };
}

/** Storage works again; waits for the saver's retry (a second) to settle. */
async function recover(b: Browser, t: Tab) {
  b.store.failWith = undefined;
  await new Promise((r) => setTimeout(r, 1100));
  await t.settle();
}

describe('when saving fails', () => {
  it('tells the learner, reports err in INFO, answers ERR to SAVE, keeps retrying, and recovers', async () => {
    const b = new Browser();
    const t = b.open();
    t.exec('SET', 'old', 'good');
    await t.settle();
    b.store.failWith = FULL;
    t.exec('SET', 'new', 'x');
    expect(await t.settle()).toBe(false);
    expect(t.storage()).toEqual([{ type: 'storage', ok: false, message: expect.stringContaining('storage for this site is full') }]);
    expect(info(t)).toContain('rdb_last_bgsave_status:err');
    expect(t.exec('SAVE')).toEqual({ t: 'error', v: 'ERR' });
    expect(t.exec('BGSAVE')).toEqual({ t: 'simple', v: 'Background saving started' });
    await new Promise((r) => setTimeout(r, 10));
    expect(info(t)).toContain('rdb_last_bgsave_status:err');
    // The previous good copy is untouched.
    expect([...b.store.keys.values()].map((k) => k.key)).toEqual(['old']);
    // Redis's stop-writes-on-bgsave-error: writes (and PING) are refused while saving fails, reads work.
    expect(t.storage()[0]!.message).toContain('CONFIG SET stop-writes-on-bgsave-error no');
    expect(t.exec('SET', 'newer', 'y')).toEqual({ t: 'error', v: E.MISCONF });
    expect(t.exec('PING')).toEqual({ t: 'error', v: E.MISCONF });
    expect(t.exec('GET', 'new')).toEqual(bulk('x'));
    t.exec('MULTI');
    expect(t.exec('SET', 'newer', 'y')).toEqual({ t: 'error', v: E.MISCONF });
    expect(t.exec('EXEC')).toEqual({ t: 'error', v: E.EXECABORT });
    expect((t.exec('INFO', 'errorstats') as { v: string }).v).toMatch(/errorstat_MISCONF:count=3/);
    // The learner chooses to go on unsaved.
    expect(t.exec('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no')).toEqual({ t: 'simple', v: 'OK' });
    expect(t.exec('SET', 'newer', 'y')).toEqual({ t: 'simple', v: 'OK' });
    // A second failure is not announced again.
    await t.settle();
    expect(t.storage()).toHaveLength(1);

    // Space is freed: the retry (or the next change) saves everything pending.
    b.store.failWith = undefined;
    t.exec('DEL', 'newer');
    expect(await t.settle()).toBe(true);
    expect(t.storage().at(-1)).toMatchObject({ ok: true });
    expect(info(t)).toContain('rdb_last_bgsave_status:ok');
    expect(t.exec('SAVE')).toEqual({ t: 'simple', v: 'OK' });
    const r = await b.reload(t);
    expect(r.exec('MGET', 'old', 'new', 'newer')).toEqual({ t: 'array', v: [bulk('good'), bulk('x'), { t: 'nil' }] });
  });

  it('refuses writes only while saving fails and the setting is on, and never where nothing is saved', async () => {
    const { b, t } = await failedWrite();
    expect(t.exec('SET', 'k2', 'v')).toEqual({ t: 'error', v: E.MISCONF });
    t.exec('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no');
    expect(t.exec('SET', 'k2', 'v')).toEqual({ t: 'simple', v: 'OK' });
    t.exec('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'yes');
    expect(t.exec('DEL', 'k2')).toEqual({ t: 'error', v: E.MISCONF });
    // The retry works: writes are accepted again.
    await recover(b, t);
    expect(info(t)).toContain('rdb_last_bgsave_status:ok');
    expect(t.exec('DEL', 'k2')).toEqual(int(1));
    // A host without storage (the RESP server) never refuses: it has nothing to fail.
    const server = new EngineHost(() => {});
    const c = server.handle('open', {}).client;
    server.engine.persistence.lastBgsaveOk = false;
    expect(server.handle('exec', { client: c, argv: ['SET', 'a', '1'] }).reply).toEqual({ t: 'simple', v: 'OK' });
  });

  it('retries by itself when nothing else changes', async () => {
    const { b, t } = await failedWrite();
    await recover(b, t);
    expect([...b.store.keys.values()].map((k) => k.key)).toEqual(['k']);
    expect(t.storage().at(-1)).toMatchObject({ ok: true });
  });
});

describe('two tabs', () => {
  it('share one keyspace: a write in one shows in the other, and both survive reloading both', async () => {
    const b = new Browser();
    let t1 = b.open();
    let t2 = b.open();
    t1.exec('SET', 'a', '1');
    await t1.settle();
    t2.exec('SET', 'b', '2');
    await t2.settle();
    expect(t2.exec('GET', 'a')).toEqual(bulk('1'));
    expect(t1.exec('GET', 'b')).toEqual(bulk('2'));
    t1.exec('FLUSHDB');
    t1.exec('SET', 'c', '3');
    await t1.settle();
    expect(t2.exec('KEYS', '*')).toEqual({ t: 'array', v: [bulk('c')] });
    t2.exec('SET', 'd', '4');
    await t2.settle();
    t1 = await b.reload(t1);
    t2 = await b.reload(t2);
    for (const t of [t1, t2]) expect(t.exec('MGET', 'c', 'd')).toEqual({ t: 'array', v: [bulk('3'), bulk('4')] });
  });

  it('the last writer of a key wins, in the store and in both tabs', async () => {
    const b = new Browser();
    const t1 = b.open();
    const t2 = b.open();
    t1.exec('SET', 'k', 'first');
    t2.exec('SET', 'k', 'second'); // not yet saved when the first tab's write arrives
    await t1.settle();
    expect(t2.exec('GET', 'k')).toEqual(bulk('second'));
    await new Promise((r) => setTimeout(r, 2));
    await t2.settle();
    expect(t1.exec('GET', 'k')).toEqual(bulk('second'));
    expect([...b.store.keys.values()].find((k) => k.key === 'k')?.value).toEqual({ type: 'string', v: 'second' });
  });
});

describe('lessons in their own workspaces', () => {
  it('opening and leaving a lesson keeps all sixteen databases of free play, at any size', async () => {
    const b = new Browser();
    let t = b.open();
    for (let db = 0; db < 16; db++) {
      t.exec('SELECT', String(db));
      t.exec('DEBUG', 'POPULATE', db === 0 ? '30000' : '10', `d${db}`);
      t.exec('SET', 'mine', String(db));
    }
    t.exec('SELECT', '0');
    const lesson = await t.host.workspace({ name: 'lesson:strings', setup: [['SET', 'name', 'Alice']] });
    expect(lesson).toMatchObject({ restored: false, keys: 1 });
    expect(t.exec('DBSIZE')).toEqual(int(1));
    t.exec('SET', 'lesson-key', 'x');
    // A reload inside the lesson: the new worker starts in free play; the page switches it back.
    t = await b.reload(t);
    expect(await t.host.workspace({ name: 'lesson:strings', setup: [] })).toMatchObject({ restored: true, keys: 2 });
    expect(t.exec('GET', 'lesson-key')).toEqual(bulk('x'));
    // Another lesson, then free play.
    await t.host.workspace({ name: 'lesson:lists', setup: [['RPUSH', 'l', 'a']] });
    expect(await t.host.workspace({ name: FREE_WORKSPACE, setup: [] })).toMatchObject({ restored: true, keys: 30000 + 15 * 10 + 16 });
    for (let db = 0; db < 16; db++) {
      t.exec('SELECT', String(db));
      expect(t.exec('GET', 'mine')).toEqual(bulk(String(db)));
      expect(t.exec('DBSIZE')).toEqual(int(db === 0 ? 30001 : 11));
    }
    // Back to the first lesson: its keys as left; reset rebuilds it from its setup.
    t.exec('SELECT', '0');
    await t.host.workspace({ name: 'lesson:strings', setup: [] });
    expect(t.exec('KEYS', '*')).toMatchObject({ v: expect.arrayContaining([bulk('name'), bulk('lesson-key')]) });
    await t.host.workspace({ name: 'lesson:strings', setup: [['SET', 'name', 'Bob']], replace: true });
    expect(t.exec('KEYS', '*')).toEqual({ t: 'array', v: [bulk('name')] });
    await t.settle();
    t = await b.reload(t);
    await t.host.workspace({ name: 'lesson:strings', setup: [] });
    expect(t.exec('KEYS', '*')).toEqual({ t: 'array', v: [bulk('name')] });
  });

  it('refuses to switch while the keys cannot be saved, so nothing is lost', async () => {
    const b = new Browser();
    const t = b.open();
    t.exec('SET', 'mine', '1');
    b.store.failWith = FULL;
    await expect(t.host.workspace({ name: 'lesson:x', setup: [] })).rejects.toThrow(/could not be saved/);
    expect(t.exec('GET', 'mine')).toEqual(bulk('1'));
    b.store.failWith = undefined;
    await t.host.workspace({ name: 'lesson:x', setup: [] });
    await t.host.workspace({ name: FREE_WORKSPACE, setup: [] });
    expect(t.exec('GET', 'mine')).toEqual(bulk('1'));
  });
});

describe('restoring checks what was saved', () => {
  it('skips and reports a corrupt entry, keeps the rest, and leaves it in storage', async () => {
    const b = new Browser();
    const t = b.open();
    t.exec('SET', 's', 'text');
    t.exec('ZADD', 'z', '1', 'm');
    t.exec('RPUSH', 'l', 'a');
    t.exec('SET', 'good', 'g');
    await t.settle();
    const corrupt = (key: string, value: unknown) => {
      const rec = [...b.store.keys.values()].find((k) => k.key === key)!;
      (rec as { value: unknown }).value = value;
    };
    corrupt('s', { type: 'string', v: 42 });
    corrupt('z', { type: 'zset', v: [['m', 'not a number']] });
    corrupt('l', { type: 'list', v: [] });
    const r = await b.reload(t);
    expect(r.exec('GET', 'good')).toEqual(bulk('g'));
    expect(r.exec('EXISTS', 's', 'z', 'l')).toEqual(int(0));
    expect(r.exec('GET', 's')).toEqual({ t: 'nil' });
    expect(r.storage()).toEqual([{ type: 'storage', ok: false, message: expect.stringMatching(/3 saved keys could not be read.*"s" in database 0 \(a string value is not a string\)/) }]);
    expect(b.store.keys.size).toBe(4);
  });

  it.each([
    ['NaN', Number.NaN],
    ['far in the future', Date.now() + 100 * 365 * 86_400_000],
    ['not a number', 'soon'],
  ])('does not believe a saved clock that is %s', async (_, now) => {
    const b = new Browser();
    const t = b.open();
    t.exec('SET', 'k', 'v');
    await t.settle();
    b.store.metas.set(FREE_WORKSPACE, { now: now as number });
    const r = await b.reload(t);
    const time = r.exec('TIME') as unknown as { v: { v: string }[] };
    expect(Math.abs(Number(time.v[0]!.v) * 1000 - Date.now())).toBeLessThan(60_000);
    expect(r.exec('GET', 'k')).toEqual(bulk('v'));
    expect(r.storage().at(-1)!.message).toMatch(/clock/);
  });

  it('moves the clock forward to a believable saved time (keys keep their TTL)', async () => {
    const b = new Browser();
    const t = b.open();
    t.host.handle('clock', { op: 'advance', ms: 3_600_000 });
    t.exec('SET', 'k', 'v', 'EX', '7200');
    await t.settle();
    const r = await b.reload(t);
    const ttl = (r.exec('TTL', 'k') as { v: number }).v;
    expect(ttl).toBeGreaterThan(7100);
    expect(r.host.clock.now() - Date.now()).toBeGreaterThan(3_500_000);
  });
});
