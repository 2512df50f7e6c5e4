import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { loadLua } from '../../src/engine/core/scripting';
import { EngineHost } from '../../src/worker/host';
import { MemoryKeyStore } from '../../src/worker/persist';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';

/**
 * stop-writes-on-bgsave-error and scripts: once a save has failed, a script
 * that declares it writes (a shebang without no-writes, a function) is
 * refused before it runs, a script without a shebang is stopped at its first
 * write (unless it already wrote), and read-only scripts run, reply for reply
 * against a real redis-server whose save failed.
 */

const hasRedis = requireRedis();

const LIB = "#!lua name=misc\nredis.register_function('w', function(keys) return redis.call('SET', keys[1], 'f') end)\nredis.register_function{function_name='r', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}";

/** Run while saving works. */
const before: string[][] = [
  ['CONFIG', 'SET', 'save', '3600 1 300 100 60 10000'],
  ['SET', 'k', 'v'],
  ['FUNCTION', 'LOAD', LIB],
  ['SCRIPT', 'LOAD', "#!lua\nreturn redis.call('SET', KEYS[1], 'loaded')"],
];

/** Run once the last save failed. */
const after: string[][] = [
  ['SET', 'k', 'x'],
  ['PING'],
  ['GET', 'k'],
  ['EVAL', "return redis.call('GET', KEYS[1])", '1', 'k'],
  ['EVAL', "return redis.call('SET', KEYS[1], 'x')", '1', 'k'],
  ['EVAL', "local ok = redis.pcall('SET', KEYS[1], 'x') return ok", '1', 'k'],
  ['EVAL', "local r = redis.pcall('SET', KEYS[1], 'x') return r['err']", '1', 'k'],
  ['EVAL', "#!lua\nreturn redis.call('SET', KEYS[1], 'x')", '1', 'k'],
  ['EVAL', "#!lua\nreturn 1", '0'],
  ['EVAL', "#!lua flags=no-writes\nreturn redis.call('GET', KEYS[1])", '1', 'k'],
  ['EVAL', "#!lua flags=no-writes\nreturn redis.call('SET', KEYS[1], 'x')", '1', 'k'],
  ['EVALSHA', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '0'],
  ['FCALL', 'w', '1', 'k'],
  ['FCALL', 'r', '1', 'k'],
  ['FCALL_RO', 'r', '1', 'k'],
  ['FCALL', 'nosuch', '0'],
  ['MULTI'],
  ['EVAL', "#!lua\nreturn 1", '0'],
  ['EXEC'],
  ['MULTI'],
  ['EVAL', "return redis.call('SET', KEYS[1], 'x')", '1', 'k'],
  ['EVAL', "return redis.call('GET', KEYS[1])", '1', 'k'],
  ['EXEC'],
  ['GET', 'k'],
  ['CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no'],
  ['FCALL', 'w', '1', 'k'],
  ['EVAL', "#!lua\nreturn redis.call('SET', KEYS[1], 'x')", '1', 'k'],
  ['GET', 'k'],
];

async function info(c: RespClient): Promise<string> {
  const r = await c.call(['INFO', 'persistence']);
  return r.t === 'bulk' ? r.v : '';
}

describe.skipIf(!hasRedis)('scripts while saving fails (MISCONF), against redis-server', () => {
  let redis: RedisServer;
  /** Redis's working directory, removed under it so that its next save fails. */
  const dir = mkdtempSync(join(tmpdir(), 'redis-gone-'));
  beforeAll(async () => {
    await loadLua();
    redis = await startRedis(['--dir', dir]);
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('refuses writing scripts and script writes as Redis does, and runs the read-only ones', async () => {
    // Redis: a background save into a directory that has gone fails.
    const c = await RespClient.connect(redis.port);
    const theirs: Reply[] = [];
    for (const argv of before) theirs.push(await c.call(argv));
    rmSync(dir, { recursive: true, force: true });
    await c.call(['BGSAVE']);
    for (let i = 0; i < 200 && !(await info(c)).includes('rdb_last_bgsave_status:err'); i++) await new Promise((r) => setTimeout(r, 25));
    expect(await info(c)).toContain('rdb_last_bgsave_status:err');
    for (const argv of after) theirs.push(await c.call(argv));
    c.close();

    // The browser engine: the store refuses the save (a full disk).
    const store = new MemoryKeyStore();
    const host = new EngineHost(() => {}, store);
    const me = host.handle('open', { name: 't' }).client;
    const ours: Reply[] = [];
    for (const argv of before) ours.push(host.handle('exec', { client: me, argv }).reply!);
    await host.saver!.settle();
    store.failWith = 'the browser storage for this site is full';
    host.handle('exec', { client: me, argv: ['SET', 'trigger', '1'] });
    void host.saver!.flush();
    expect(await host.saver!.settle()).toBe(false);
    for (const argv of after) ours.push(host.handle('exec', { client: me, argv }).reply!);

    const codes = theirs.map((r) => (r.t === 'error' ? r.v.split(' ')[0] : r.t));
    expect(codes.filter((x) => x === 'MISCONF').length).toBeGreaterThanOrEqual(6);
    expect(ours).toEqual(theirs);
  });
});
