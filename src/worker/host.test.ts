import { beforeAll, describe, expect, it } from 'vitest';
import { loadLua } from '../engine/core/scripting';
import { hostWithClient } from '../../test/support/host';
import { EngineHost } from './host';
import { MemoryKeyStore } from './persist';

const setup = hostWithClient;

describe('EngineHost (the worker side of the protocol)', () => {
  it('executes commands for a client and reports its db', () => {
    const { exec } = setup();
    expect(exec('SET', 'greeting', 'hello world')).toEqual({ reply: { t: 'simple', v: 'OK' }, db: 0, multi: false, closed: false, resp: 2 });
    expect(exec('GET', 'greeting').reply).toEqual({ t: 'bulk', v: 'hello world' });
  });

  it('pushes a change event with the written key and its type', () => {
    const { exec, changes } = setup();
    exec('SET', 'greeting', 'hello');
    const e = changes().at(-1)!;
    expect(e.command).toBe('set');
    expect(e.keys).toEqual([{ db: 0, key: 'greeting', type: 'string', size: 5, expireAt: -1 }]);
    exec('DEL', 'greeting');
    expect(changes().at(-1)!.keys).toEqual([{ db: 0, key: 'greeting', type: null, size: 0, expireAt: -1 }]);
  });

  it('reports reads separately from writes', () => {
    const { exec, changes } = setup();
    exec('SET', 'a', '1');
    exec('GET', 'a');
    const e = changes().at(-1)!;
    expect(e.reads).toEqual(['a']);
    expect(e.keys).toEqual([]);
  });

  it('lists keys with metadata for the keyspace view', () => {
    const { host, exec } = setup();
    exec('SET', 'a', '1');
    exec('SET', 'b', 'xyz', 'EX', '100');
    const res = host.handle('keys', { db: 0, limit: 10 });
    expect(res.total).toBe(2);
    expect(res.keys.map((k) => [k.key, k.type, k.size])).toEqual([
      ['a', 'string', 1],
      ['b', 'string', 3],
    ]);
    expect(res.keys[1]!.expireAt).toBeGreaterThan(host.clock.now());
  });

  it('expires keys when the clock is fast-forwarded and tells the views', () => {
    const { host, exec, changes } = setup();
    exec('SET', 'session', 'x', 'EX', '10');
    host.handle('clock', { op: 'pause' });
    host.handle('clock', { op: 'advance', ms: 11_000 });
    const expired = changes().flatMap((e) => e.expired.map((k) => k.key));
    expect(expired).toContain('session');
    expect(exec('EXISTS', 'session').reply).toEqual({ t: 'int', v: 0 });
  });

  it('answers garbage requests with errors instead of throwing out of the worker', () => {
    const { host } = setup();
    expect(() => host.handle('exec', { client: 999, argv: ['PING'] })).toThrow(/no such client/);
    const { client } = host.handle('open', {});
    expect(host.handle('exec', { client, argv: [] }).reply).toBeUndefined();
  });
});

describe('SAVE and BGSAVE in the browser', () => {
  it('write what is pending to the store (IndexedDB in the worker) and count as saves', async () => {
    const store = new MemoryKeyStore();
    const host = new EngineHost(() => {}, store);
    const { client } = host.handle('open', { name: 't' });
    const exec = (...argv: string[]) => host.handle('exec', { client, argv }).reply;
    exec('SET', 'k', 'v');
    expect(exec('SAVE')).toEqual({ t: 'simple', v: 'OK' });
    await host.saver!.settle();
    expect([...store.keys.values()].map((r) => r.key)).toEqual(['k']);
    exec('SET', 'k2', 'v2');
    expect(exec('BGSAVE')).toEqual({ t: 'simple', v: 'Background saving started' });
    expect((exec('INFO', 'persistence') as { v: string }).v).toContain('rdb_bgsave_in_progress:1');
    await new Promise((r) => setTimeout(r, 10));
    expect([...store.keys.values()].map((r) => r.key).sort()).toEqual(['k', 'k2']);
    const info = (exec('INFO', 'persistence') as { v: string }).v;
    expect(info).toContain('rdb_bgsave_in_progress:0');
    expect(info).toContain('rdb_last_bgsave_status:ok');
    expect(info).toContain('rdb_changes_since_last_save:0');
  });

  it('without a store (tests, the RESP server) they say there is nowhere to save', () => {
    const host = new EngineHost(() => {});
    const { client } = host.handle('open', { name: 't' });
    expect(host.handle('exec', { client, argv: ['SAVE'] }).reply).toMatchObject({ t: 'error' });
  });
});

describe('FUNCTION libraries in the browser', () => {
  beforeAll(() => loadLua());
  const LIB = "#!lua name=counter\nredis.register_function('bump', function(keys) return redis.call('INCR', keys[1]) end)";

  it('are saved with the workspace and back after a reload (the script cache is not, as in Redis)', async () => {
    const store = new MemoryKeyStore();
    const first = new EngineHost(() => {}, store);
    const a = first.handle('open', { name: 't' }).client;
    const exec1 = (...argv: string[]) => first.handle('exec', { client: a, argv }).reply;
    expect(exec1('FUNCTION', 'LOAD', LIB)).toEqual({ t: 'bulk', v: 'counter' });
    const sha = exec1('SCRIPT', 'LOAD', 'return 1') as { v: string };
    expect(exec1('FCALL', 'bump', '1', 'n')).toEqual({ t: 'int', v: 1 });
    await first.saver!.settle();
    expect(store.metas.get('free')?.functions).toEqual([LIB]);

    // A reload: a new worker over the same store loads the workspace.
    const second = new EngineHost(() => {}, store);
    expect(await second.loadWorkspace('free')).toBe(true);
    const b = second.handle('open', { name: 't' }).client;
    const exec2 = (...argv: string[]) => second.handle('exec', { client: b, argv }).reply;
    expect(exec2('FCALL', 'bump', '1', 'n')).toEqual({ t: 'int', v: 2 });
    expect(exec2('SCRIPT', 'EXISTS', sha.v)).toEqual({ t: 'array', v: [{ t: 'int', v: 0 }] });

    // Deleting the library is saved too: a third load has none.
    expect(exec2('FUNCTION', 'DELETE', 'counter')).toEqual({ t: 'simple', v: 'OK' });
    await second.saver!.settle();
    expect(store.metas.get('free')?.functions).toEqual([]);
    const third = new EngineHost(() => {}, store);
    await third.loadWorkspace('free');
    const c = third.handle('open', { name: 't' }).client;
    expect(third.handle('exec', { client: c, argv: ['FCALL', 'bump', '1', 'n'] }).reply).toEqual({ t: 'error', v: 'ERR Function not found' });
    expect(third.handle('exec', { client: c, argv: ['GET', 'n'] }).reply).toEqual({ t: 'bulk', v: '2' });
  });

  it('a new workspace starts without the libraries of the one before', async () => {
    const store = new MemoryKeyStore();
    const host = new EngineHost(() => {}, store);
    const a = host.handle('open', { name: 't' }).client;
    host.handle('exec', { client: a, argv: ['FUNCTION', 'LOAD', LIB] });
    await host.workspace({ name: 'lesson:x', setup: [] });
    expect(host.handle('exec', { client: a, argv: ['FUNCTION', 'LIST'] }).reply).toEqual({ t: 'array', v: [] });
    await host.saver!.settle();
    expect(store.metas.get('free')?.functions).toEqual([LIB]);
    expect(store.metas.get('lesson:x')?.functions ?? []).toEqual([]);
  });
});
