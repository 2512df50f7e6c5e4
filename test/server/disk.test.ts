/**
 * The RESP server with --dir: dump.rdb loaded at start, written by SAVE,
 * BGSAVE, the save points (on the engine's clock) and SHUTDOWN, through a
 * temporary file renamed into place; a real redis-server loads what it
 * wrote, and it loads what redis-server wrote. A corrupt dump.rdb stops it
 * from starting with Redis's log lines.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startRespServer, type RespServer } from '../../server/server';
import { ManualClock } from '../../src/engine/core/clock';
import type { Reply } from '../../src/engine';
import { RespClient, requireRedis, startRedis } from '../support/redis';

const withRedis = requireRedis();
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'disk-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(dir: string, extra: Parameters<typeof startRespServer>[0] = {}): Promise<{ server: RespServer; c: RespClient; logs: string[] }> {
  const logs: string[] = [];
  const server = await startRespServer({ port: 0, disk: { dir, save: '' }, log: (l) => logs.push(l), ...extra });
  const c = await RespClient.connect(server.port);
  return { server, c, logs };
}

const info = async (c: RespClient): Promise<Record<string, string>> => {
  const r = await c.call(['INFO', 'persistence']);
  const text = r.t === 'bulk' ? r.v : '';
  return Object.fromEntries(text.split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':') as [string, string]));
};

const until = async (what: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 200; i++) {
    if (await what()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the condition never held');
};

const OK: Reply = { t: 'simple', v: 'OK' };

describe('RESP server: dump.rdb in --dir', { timeout: 60_000 }, () => {
  it('SAVE writes dump.rdb atomically; a restart loads it with the TTLs', async () => {
    const dir = tempDir();
    const a = await start(dir);
    try {
      expect(await a.c.call(['CONFIG', 'GET', 'dir'])).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'dir' }, { t: 'bulk', v: dir }] });
      await a.c.call(['SET', 'k', 'v']);
      await a.c.call(['RPUSH', 'l', 'a', 'b']);
      await a.c.call(['SET', 't', 'x', 'PX', '100000000']);
      await a.c.call(['SELECT', '2']);
      await a.c.call(['HSET', 'h', 'f', 'v']);
      expect((await info(a.c)).rdb_changes_since_last_save).toBe('5');
      expect(await a.c.call(['SAVE'])).toEqual(OK);
      expect((await info(a.c)).rdb_changes_since_last_save).toBe('0');
      expect(readdirSync(dir)).toEqual(['dump.rdb']);
      expect(a.logs.some((l) => l.endsWith('* DB saved on disk'))).toBe(true);
      const last = await a.c.call(['LASTSAVE']);
      expect(last.t === 'int' && Math.abs(Number(last.v) - Date.now() / 1000) < 5).toBe(true);
    } finally {
      a.c.close();
      await a.server.close();
    }
    const before = await (async () => {
      const b = await start(dir);
      try {
        expect(b.logs.some((l) => l.endsWith('Done loading RDB, keys loaded: 4, keys expired: 0.'))).toBe(true);
        expect(await b.c.call(['GET', 'k'])).toEqual({ t: 'bulk', v: 'v' });
        expect(await b.c.call(['LRANGE', 'l', '0', '-1'])).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'a' }, { t: 'bulk', v: 'b' }] });
        const pttl = await b.c.call(['PTTL', 't']);
        expect(pttl.t === 'int' && Number(pttl.v) > 99_000_000).toBe(true);
        await b.c.call(['SELECT', '2']);
        expect(await b.c.call(['HGET', 'h', 'f'])).toEqual({ t: 'bulk', v: 'v' });
        expect((await info(b.c)).rdb_last_load_keys_loaded).toBe('4');
        return statSync(join(dir, 'dump.rdb')).mtimeMs;
      } finally {
        b.c.close();
        await b.server.close();
      }
    })();
    expect(before).toBeGreaterThan(0);
  });

  it('BGSAVE replies at once and the file follows; the save points fire on the engine clock', async () => {
    const dir = tempDir();
    const clock = new ManualClock(Date.now());
    const a = await start(dir, { clock, tickMs: 5, disk: { dir, save: '60 3' } });
    try {
      expect(await a.c.call(['CONFIG', 'GET', 'save'])).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'save' }, { t: 'bulk', v: '60 3' }] });
      await a.c.call(['SET', 'a', '1']);
      expect(await a.c.call(['BGSAVE'])).toEqual({ t: 'simple', v: 'Background saving started' });
      await until(async () => (await info(a.c)).rdb_bgsave_in_progress === '0');
      expect((await info(a.c)).rdb_last_bgsave_status).toBe('ok');
      expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
      // Three changes, but 60 s have not passed: no save.
      for (const k of ['b', 'c', 'd']) await a.c.call(['SET', k, '1']);
      await new Promise((r) => setTimeout(r, 50));
      expect((await info(a.c)).rdb_changes_since_last_save).toBe('3');
      clock.advance(61_000);
      await until(async () => (await info(a.c)).rdb_changes_since_last_save === '0');
      expect(a.logs.some((l) => l.endsWith('3 changes in 60 seconds. Saving...'))).toBe(true);
      // CONFIG SET save works with a directory.
      expect(await a.c.call(['CONFIG', 'SET', 'save', '900 1'])).toEqual(OK);
    } finally {
      a.c.close();
      await a.server.close();
    }
  });

  it('SHUTDOWN saves when there are save points (or SAVE), NOSAVE does not, and the server stops', async () => {
    const dir = tempDir();
    let stopped = 0;
    const a = await start(dir, { disk: { dir, save: '3600 1' }, onShutdown: () => stopped++ });
    await a.c.call(['SET', 'kept', '1']);
    expect(await a.c.call(['SHUTDOWN', 'BOGUS'])).toEqual({ t: 'error', v: 'ERR syntax error' });
    void a.c.call(['SHUTDOWN']);
    await until(() => Promise.resolve(stopped === 1));
    a.c.close();
    expect(a.logs.some((l) => l.endsWith('Saving the final RDB snapshot before exiting.'))).toBe(true);
    const b = await start(dir, { disk: { dir, save: '3600 1' }, onShutdown: () => stopped++ });
    expect(await b.c.call(['GET', 'kept'])).toEqual({ t: 'bulk', v: '1' });
    await b.c.call(['SET', 'lost', '1']);
    void b.c.call(['SHUTDOWN', 'NOSAVE']);
    await until(() => Promise.resolve(stopped === 2));
    b.c.close();
    const c = await start(dir);
    try {
      expect(await c.c.call(['EXISTS', 'kept', 'lost'])).toEqual({ t: 'int', v: 1 });
    } finally {
      c.c.close();
      await c.server.close();
    }
  });

  it('refuses to start on a corrupt dump.rdb, with the lines Redis logs, and leaves the file alone', async () => {
    const dir = tempDir();
    const a = await start(dir);
    await a.c.call(['SET', 'k', 'v'.repeat(100)]);
    await a.c.call(['SAVE']);
    a.c.close();
    await a.server.close();
    const good = readFileSync(join(dir, 'dump.rdb'));
    writeFileSync(join(dir, 'dump.rdb'), good.subarray(0, good.length - 30));
    const logs: string[] = [];
    await expect(startRespServer({ port: 0, disk: { dir }, log: (l) => logs.push(l) })).rejects.toThrow(/Short read or OOM loading DB/);
    expect(logs.some((l) => l.endsWith('# Short read or OOM loading DB. Unrecoverable error, aborting now.'))).toBe(true);
    expect(readFileSync(join(dir, 'dump.rdb')).length).toBe(good.length - 30);
  });

  it.skipIf(!withRedis)('a real redis-server loads what it saved, and it loads what redis-server saved', async () => {
    const dir = tempDir();
    const a = await start(dir);
    await a.c.call(['ZADD', 'z', '1', 'one', '2', 'two']);
    await a.c.call(['XADD', 's', '1-1', 'f', 'v']);
    await a.c.call(['SAVE']);
    a.c.close();
    await a.server.close();
    const redis = await startRedis(['--dir', dir]);
    const r = await RespClient.connect(redis.port);
    try {
      expect(await r.call(['ZSCORE', 'z', 'two'])).toEqual({ t: 'bulk', v: '2' });
      await r.call(['SET', 'from-redis', 'yes']);
      expect(await r.call(['SAVE'])).toEqual(OK);
    } finally {
      r.close();
      await redis.stop();
    }
    const b = await start(dir);
    try {
      expect(await b.c.call(['MGET', 'from-redis'])).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'yes' }] });
      expect(await b.c.call(['XLEN', 's'])).toEqual({ t: 'int', v: 1 });
    } finally {
      b.c.close();
      await b.server.close();
    }
  });
});
