import { describe, expect, it } from 'vitest';
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
