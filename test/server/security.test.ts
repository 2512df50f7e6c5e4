/**
 * Security settings of the RESP server, each compared with a real
 * redis-server given the same configuration: requirepass and AUTH,
 * protected mode, bind; and the settings the playground does not implement,
 * which are refused instead of accepted and ignored.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type Reply } from '../../src/engine';
import { encodeCommand } from '../../server/resp';
import { startRespServer, type RespServer } from '../../server/server';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { exchange, type Exchange } from './raw';

const hasRedis = requireRedis();

/** The connection id differs between servers: blank it in HELLO's map. */
function canon(r: Reply): Reply {
  if (r.t === 'map') return { t: 'map', v: r.v.map(([k, v]) => [k, k.t === 'bulk' && k.v === 'id' ? { t: 'int', v: 0 } : v]) };
  if (r.t === 'array' && r.v.length === 14) return { t: 'array', v: r.v.map((x, i) => (i === 7 ? { t: 'int', v: 0 } : x)) };
  return r;
}

/**
 * A client "from outside" without leaving this machine or its loopback
 * interface: connections made from 127.0.0.2. Redis counts only 127.0.0.1
 * and ::1 as local clients (islocalClient), so protected mode refuses it.
 */
const OUTSIDE = '127.0.0.2';

/** Connects to host:port (from the address `from`, if given), sends PING, returns everything received until the server closes or 1 s passes. */
function pingFrom(host: string, port: number, from?: string): Promise<string> {
  return new Promise((resolve) => {
    let buf = '';
    const s = net.createConnection({ host, port, ...(from !== undefined ? { localAddress: from } : {}) }, () => s.write(encodeCommand(['PING']), 'latin1'));
    s.setEncoding('latin1');
    s.on('data', (d: string) => (buf += d));
    const done = () => {
      s.destroy();
      resolve(buf);
    };
    s.on('close', done);
    s.on('error', (e) => {
      // A reset after the reply arrived (the server closed with our PING unread) says nothing more.
      if (buf === '') buf = `connect error: ${(e as NodeJS.ErrnoException).code}`;
      done();
    });
    setTimeout(done, 1000);
  });
}

describe.runIf(hasRedis)('security settings, against redis-server', () => {
  let redis: RedisServer;
  let ours: RespServer;
  beforeAll(async () => {
    redis = await startRedis();
    ours = await startRespServer({ port: 0 });
  });
  afterAll(async () => {
    await ours.close();
    await redis.stop();
  });

  it('requirepass: NOAUTH until AUTH, the commands allowed before it, WRONGPASS, RESET logs out', async () => {
    const run = async (port: number) => {
      const a = await RespClient.connect(port);
      const out: Reply[] = [];
      out.push(await a.call(['CONFIG', 'SET', 'requirepass', 's3cret']));
      out.push(await a.call(['SET', 'k', 'v'])); // connected before the password: still authenticated
      const b = await RespClient.connect(port);
      for (const argv of [
        ['GET', 'k'],
        ['NOSUCH'],
        ['GET'],
        ['PING'],
        ['CLIENT', 'SETNAME', 'x'],
        ['HELLO', '3'],
        ['HELLO'],
        ['HELLO', '3', 'AUTH', 'default', 'bad'],
        ['AUTH', 'bad'],
        ['AUTH', 'x', 'y', 'z'],
        ['AUTH', 'nobody', 's3cret'],
        ['MULTI'],
        ['GET', 'k'],
        ['EXEC'],
        ['AUTH', 's3cret'],
        ['GET', 'k'],
        ['AUTH', 'bad'],
        ['GET', 'k'],
        ['RESET'],
        ['GET', 'k'],
        ['HELLO', '2', 'AUTH', 'default', 's3cret'],
        ['GET', 'k'],
      ]) {
        out.push(canon(await b.call(argv)));
      }
      out.push(await a.call(['CONFIG', 'SET', 'requirepass', '']));
      const c = await RespClient.connect(port);
      out.push(await c.call(['GET', 'k']));
      a.close();
      b.close();
      c.close();
      return out;
    };
    const theirs = await run(redis.port);
    expect(theirs).toContainEqual({ t: 'error', v: 'NOAUTH Authentication required.' });
    expect(await run(ours.port)).toEqual(theirs);
  });

  it('ACL users: NOPERM outside a user\'s rules, a default user with a password, DELUSER disconnects', async () => {
    /** The reply, or 'no reply' when the connection was closed (nothing comes within 500 ms). */
    const within = (p: Promise<Reply>): Promise<Reply | 'no reply'> => Promise.race([p, new Promise<'no reply'>((r) => setTimeout(() => r('no reply'), 500))]);
    const run = async (port: number) => {
      const a = await RespClient.connect(port);
      const out: (Reply | 'no reply')[] = [];
      out.push(await a.call(['ACL', 'SETUSER', 'reader', 'on', '>pw', '%R~cache:*', '+@read', '+client|id']));
      out.push(await a.call(['SET', 'cache:1', 'v']));
      const b = await RespClient.connect(port);
      for (const argv of [['AUTH', 'reader', 'pw'], ['GET', 'cache:1'], ['GET', 'other'], ['SET', 'cache:1', 'x'], ['FLUSHALL'], ['ACL', 'WHOAMI']]) {
        out.push(await b.call(argv));
      }
      out.push(await a.call(['ACL', 'SETUSER', 'default', '>s3cret']));
      const c = await RespClient.connect(port);
      out.push(await c.call(['GET', 'cache:1']));
      out.push(await c.call(['AUTH', 's3cret']));
      out.push(await a.call(['ACL', 'DELUSER', 'reader']));
      out.push(await within(b.call(['PING'])));
      out.push(await a.call(['ACL', 'SETUSER', 'default', 'nopass']));
      a.close();
      b.close();
      c.close();
      return out;
    };
    const theirs = await run(redis.port);
    expect(theirs).toContainEqual({ t: 'error', v: 'NOPERM this user has no permissions to access one of the keys used as arguments' });
    expect(theirs).toContain('no reply');
    expect(await run(ours.port)).toEqual(theirs);
  });

  it('refusals are counted as Redis counts them: errorstats, total_error_replies, rejected_calls', async () => {
    const run = async (port: number) => {
      const a = await RespClient.connect(port);
      await a.call(['CONFIG', 'SET', 'requirepass', 's3cret']);
      await a.call(['CONFIG', 'RESETSTAT']);
      const b = await RespClient.connect(port);
      const replies: Reply[] = [];
      for (const argv of [
        ['GET', 'k'],
        ['NOSUCH'],
        ['GET'],
        ['PING'],
        ['MULTI'],
        ['SET', 'k', 'v'],
        ['EXEC'],
        ['CLIENT', 'SETNAME', 'x'],
        ['HELLO', '3'],
        ['AUTH', 'bad'],
        ['AUTH', 'default', 'bad'],
      ]) {
        replies.push(canon(await b.call(argv)));
      }
      // Protocol errors an unauthenticated client gets for a request too big to be a login.
      const raw: Exchange[] = [];
      for (const bytes of ['*11\r\n', '*1\r\n$16385\r\n', '*1\r\n$-2\r\n', '*2147483648\r\n']) raw.push(await exchange(port, [bytes]));
      replies.push(await b.call(['AUTH', 's3cret']));
      replies.push(await b.call(['MULTI']), await b.call(['GET', 'k']), await b.call(['EXEC']));
      const text = async (section: string) => {
        const r = await a.call(['INFO', section]);
        return (r.t === 'bulk' ? r.v : '').split('\r\n');
      };
      const errorstats = (await text('errorstats')).filter((l) => l.startsWith('errorstat_'));
      const total = (await text('stats')).filter((l) => l.startsWith('total_error_replies:'));
      // Calls, rejected and failed calls of the commands that were refused or failed (times blanked).
      const cmdstats = (await text('commandstats'))
        .filter((l) => /rejected_calls=[1-9]|failed_calls=[1-9]/.test(l))
        .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
        .sort();
      await a.call(['CONFIG', 'SET', 'requirepass', '']);
      a.close();
      b.close();
      return { replies, raw, errorstats, total, cmdstats };
    };
    const theirs = await run(redis.port);
    expect(theirs.errorstats).toContain('errorstat_NOAUTH:count=6');
    expect(theirs.raw[0]).toEqual({ out: '-ERR Protocol error: unauthenticated multibulk length\r\n', closed: true });
    expect(await run(ours.port)).toEqual(theirs);
  });

  it('an error code is counted up to a space within the first 32 bytes, else as ERR', async () => {
    const run = async (port: number) => {
      const c = await RespClient.connect(port);
      await c.call(['CONFIG', 'RESETSTAT']);
      for (const code of ['MYERR', 'AVERYLONGERRORCODETHATISLONGERTHANTHIRTYTWO x', 'SHORT code']) {
        await c.call(['EVAL', `return redis.error_reply('${code}')`, '0']);
      }
      const info = await c.call(['INFO', 'errorstats']);
      c.close();
      return info;
    };
    const theirs = await run(redis.port);
    expect(theirs).toEqual({ t: 'bulk', v: '# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_SHORT:count=1\r\n' });
    expect(await run(ours.port)).toEqual(theirs);
  });

  it('CONFIG SET bind: rebinds, or fails with Redis error and keeps the old addresses', async () => {
    const run = async (port: number) => {
      const a = await RespClient.connect(port);
      const out: (Reply | string)[] = [];
      out.push(await pingFrom('127.0.0.2', port));
      out.push(await a.call(['CONFIG', 'SET', 'bind', '127.0.0.1 127.0.0.2']));
      out.push(await pingFrom('127.0.0.2', port));
      out.push(await a.call(['CONFIG', 'SET', 'bind', '192.0.2.254']));
      out.push(await a.call(['CONFIG', 'GET', 'bind']));
      out.push(await pingFrom('127.0.0.1', port));
      out.push(await a.call(['CONFIG', 'SET', 'bind', '127.0.0.1']));
      out.push(await pingFrom('127.0.0.2', port));
      out.push(await a.call(['PING'])); // the connection made before the rebind stays
      a.close();
      return out;
    };
    const theirs = await run(redis.port);
    expect(theirs[0]).toMatch(/ECONNREFUSED/);
    expect(theirs[2]).toBe('+PONG\r\n');
    expect(theirs[3]).toEqual({ t: 'error', v: "ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses." });
    expect(await run(ours.port)).toEqual(theirs);
  });
});

describe.runIf(hasRedis)('CONFIG SET port and its rollback, against redis-server', () => {
  it('a port in use: the error names it and every parameter of the command keeps its value; a free one moves the server', async () => {
    const redis = await startRedis([]);
    const ours = await startRespServer({ port: 0 });
    const blocker = net.createServer();
    try {
      await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
      const used = (blocker.address() as net.AddressInfo).port;
      const run = async (port: number) => {
        const a = await RespClient.connect(port);
        const out: (Reply | string)[] = [];
        const get = async () => a.call(['CONFIG', 'GET', 'maxmemory', 'port', 'client-query-buffer-limit', 'repl-backlog-size']);
        const before = await get();
        out.push(await a.call(['CONFIG', 'SET', 'maxmemory', '10000001', 'port', String(used), 'client-query-buffer-limit', '10m', 'repl-backlog-size', '10000002']));
        const after = await get();
        out.push(JSON.stringify(after) === JSON.stringify(before) ? 'rolled back' : `changed: ${JSON.stringify(after)}`);
        out.push(await pingFrom('127.0.0.1', port));
        // Set error (a value that does not parse): nothing changes either.
        out.push(await a.call(['CONFIG', 'SET', 'maxmemory', '10000001', 'maxmemory-clients', '200%', 'client-query-buffer-limit', 'invalid']));
        out.push(JSON.stringify(await get()) === JSON.stringify(before) ? 'rolled back' : 'changed');
        // repl-backlog-size alone: kept and reported, as by a master without replicas.
        out.push(await a.call(['CONFIG', 'SET', 'repl-backlog-size', '10000002']));
        const info = await a.call(['INFO', 'replication']);
        out.push(/repl_backlog_size:\d+/.exec(info.t === 'bulk' ? info.v : '')?.[0] ?? 'none');
        // A free port: the server listens there and no longer on the old one.
        const next = await new Promise<number>((r) => {
          const probe = net.createServer().listen(0, '127.0.0.1', () => {
            const p = (probe.address() as net.AddressInfo).port;
            probe.close(() => r(p));
          });
        });
        out.push(await a.call(['CONFIG', 'SET', 'port', String(next)]));
        out.push(await pingFrom('127.0.0.1', next));
        out.push((await pingFrom('127.0.0.1', port)).includes('ECONNREFUSED') ? 'old port closed' : 'old port open');
        out.push(await a.call(['PING'])); // the connection made before stays
        a.close();
        return out;
      };
      const theirs = await run(redis.port);
      expect(theirs[0]).toEqual({ t: 'error', v: "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs." });
      expect(theirs[1]).toBe('rolled back');
      expect(theirs[6]).toBe('repl_backlog_size:10000002');
      expect(theirs[8]).toBe('+PONG\r\n');
      expect(theirs[9]).toBe('old port closed');
      expect(await run(ours.port)).toEqual(theirs);
    } finally {
      blocker.close();
      await ours.close();
      await redis.stop();
    }
  });

  it('client-query-buffer-limit: a client whose unparsed input passes it is dropped', async () => {
    const redis = await startRedis([]);
    const ours = await startRespServer({ port: 0 });
    try {
      const run = async (port: number) => {
        const a = await RespClient.connect(port);
        const out: (Reply | string)[] = [await a.call(['CONFIG', 'SET', 'client-query-buffer-limit', '1mb'])];
        out.push(await a.call(['CONFIG', 'GET', 'client-query-buffer-limit']));
        // Half of a 3 MB argument (1.5 MB unparsed): past the limit, so the connection is closed without a reply.
        const partial = `*2\r\n$3\r\nGET\r\n$3000000\r\n${'x'.repeat(1_500_000)}`;
        out.push(await new Promise<string>((resolve) => {
          let got = '';
          const s = net.createConnection({ host: '127.0.0.1', port }, () => s.write(partial, 'latin1'));
          s.setEncoding('latin1');
          s.on('data', (d: string) => (got += d));
          s.on('close', () => resolve(`closed after ${JSON.stringify(got)}`));
          s.on('error', () => {});
          setTimeout(() => {
            s.destroy();
            resolve('still open');
          }, 3000);
        }));
        // Under the limit, the same half argument keeps the connection open.
        await a.call(['CONFIG', 'SET', 'client-query-buffer-limit', '1gb']);
        out.push(await new Promise<string>((resolve) => {
          const s = net.createConnection({ host: '127.0.0.1', port }, () => s.write(partial, 'latin1'));
          s.on('close', () => resolve('closed'));
          s.on('error', () => {});
          setTimeout(() => {
            s.destroy();
            resolve('still open');
          }, 1000);
        }));
        a.close();
        return out;
      };
      const theirs = await run(redis.port);
      expect(theirs[2]).toBe('closed after ""');
      expect(theirs[3]).toBe('still open');
      expect(await run(ours.port)).toEqual(theirs);
    } finally {
      await ours.close();
      await redis.stop();
    }
  });

  it('aclfile: CONFIG SET refuses it as Redis does (immutable); a start-up value naming a file is refused', async () => {
    const redis = await startRedis([]);
    try {
      const c = await RespClient.connect(redis.port);
      const theirs = await c.call(['CONFIG', 'SET', 'aclfile', '/tmp/users.acl']);
      c.close();
      const engine = new Engine();
      expect(engine.exec(engine.createClient(), ['CONFIG', 'SET', 'aclfile', '/tmp/users.acl'])).toEqual(theirs);
      expect(engine.exec(engine.createClient(), ['CONFIG', 'GET', 'aclfile'])).toEqual({ t: 'map', v: [[{ t: 'bulk', v: 'aclfile' }, { t: 'bulk', v: '' }]] });
      expect(() => new Engine({ config: { aclfile: '/tmp/users.acl' } })).toThrow(/aclfile.*no ACL file/);
      expect(() => new Engine({ config: { aclfile: '' } })).not.toThrow();
    } finally {
      await redis.stop();
    }
  });
});

describe.runIf(hasRedis)('protected mode, against redis-server', () => {
  it('a client that is not 127.0.0.1, no password set: DENIED, word for word', async () => {
    const redis = await startRedis([]);
    const ours = await startRespServer({ port: 0 });
    try {
      const run = async (port: number) => {
        const out: string[] = [];
        out.push(await pingFrom('127.0.0.1', port, OUTSIDE));
        out.push(await pingFrom('127.0.0.1', port));
        const a = await RespClient.connect(port);
        await a.call(['CONFIG', 'SET', 'requirepass', 'pw']);
        out.push(await pingFrom('127.0.0.1', port, OUTSIDE)); // a password: let in, must authenticate
        await a.call(['CONFIG', 'SET', 'requirepass', '']);
        await a.call(['CONFIG', 'SET', 'protected-mode', 'no']);
        out.push(await pingFrom('127.0.0.1', port, OUTSIDE));
        await a.call(['CONFIG', 'SET', 'protected-mode', 'yes']);
        const info = await a.call(['INFO', 'stats']);
        out.push(/rejected_connections:\d+/.exec(info.t === 'bulk' ? info.v : '')?.[0] ?? 'no rejected_connections');
        a.close();
        return out;
      };
      const theirs = await run(redis.port);
      expect(theirs[0]).toMatch(/^-DENIED Redis is running in protected mode/);
      expect(theirs[4]).toBe('rejected_connections:1');
      expect(await run(ours.port)).toEqual(theirs);
    } finally {
      await ours.close();
      await redis.stop();
    }
  });
});

describe('settings the playground does not implement', () => {
  let ours: RespServer;
  beforeAll(async () => {
    ours = await startRespServer({ port: 0 });
  });
  afterAll(() => ours.close());

  const refused = [
    ['appendonly', 'yes'],
    ['save', '100 10'],
    ['lazyfree-lazy-user-del', 'yes'],
    ['maxmemory-clients', '5%'],
    ['lazyfree-lazy-eviction', 'yes'],
    ['shutdown-on-sigterm', 'nosave'],
    ['dbfilename', 'other.rdb'],
    ['activerehashing', 'no'],
  ] as const;

  it('are refused in CONFIG SET error form, keep their value, and AOF stays off', async () => {
    const c = await RespClient.connect(ours.port);
    for (const [name, value] of refused) {
      const before = await c.call(['CONFIG', 'GET', name]);
      const r = await c.call(['CONFIG', 'SET', name, value]);
      expect(r.t, name).toBe('error');
      expect(r.t === 'error' ? r.v : '').toMatch(new RegExp(`^ERR CONFIG SET failed \\(possibly related to argument '${name}'\\) - not implemented by this server`));
      expect(await c.call(['CONFIG', 'GET', name])).toEqual(before);
    }
    // Their current value is accepted; invalid values still get Redis's own parse error.
    expect(await c.call(['CONFIG', 'SET', 'appendonly', 'no'])).toEqual({ t: 'simple', v: 'OK' });
    expect(await c.call(['CONFIG', 'SET', 'appendonly', 'maybe'])).toEqual({
      t: 'error',
      v: "ERR CONFIG SET failed (possibly related to argument 'appendonly') - argument must be 'yes' or 'no'",
    });
    // All or nothing: a refused parameter leaves the others of the same CONFIG SET unchanged.
    expect((await c.call(['CONFIG', 'SET', 'hz', '20', 'appendonly', 'yes'])).t).toBe('error');
    expect(await c.call(['CONFIG', 'GET', 'hz'])).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'hz' }, { t: 'bulk', v: '10' }] });
    const info = await c.call(['INFO', 'persistence']);
    expect(info.t === 'bulk' ? info.v : '').toMatch(/aof_enabled:0/);
    // No snapshot points on a server that keeps nothing on disk: `save ""` (as Redis's own tests send it) is accepted.
    expect(await c.call(['CONFIG', 'GET', 'save'])).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'save' }, { t: 'bulk', v: '' }] });
    expect(await c.call(['CONFIG', 'SET', 'save', ''])).toEqual({ t: 'simple', v: 'OK' });
    c.close();
  });

  it('the settings the server applies are accepted by it and refused by a browser engine', () => {
    const engine = new Engine();
    const client = engine.createClient();
    for (const [name, value] of [
      ['bind', '127.0.0.1'],
      ['maxclients', '10'],
      ['protected-mode', 'no'],
      ['client-output-buffer-limit', 'normal 1mb 0 0'],
      ['timeout', '10'],
      ['port', '7000'],
    ]) {
      const r = engine.exec(client, ['CONFIG', 'SET', name!, value!]);
      expect(r?.t, name).toBe('error');
    }
    // What the engine applies itself works everywhere (the browser sets maxmemory).
    expect(engine.exec(client, ['CONFIG', 'SET', 'maxmemory', '10mb', 'maxmemory-policy', 'allkeys-lru'])).toEqual({ t: 'simple', v: 'OK' });
  });

  it('DEBUG RELOAD round-trips every key through save and restore', async () => {
    const c = await RespClient.connect(ours.port);
    await c.call(['FLUSHALL']);
    await c.call(['SET', 's', 'v', 'EX', '1000']);
    await c.call(['RPUSH', 'l', 'a', 'b']);
    await c.call(['HSET', 'h', 'f', 'x']);
    await c.call(['SADD', 'n', ...Array.from({ length: 600 }, (_, i) => String(i))]);
    await c.call(['SPOP', 'n', '598']);
    await c.call(['ZADD', 'z', '1', 'm']);
    await c.call(['XADD', 'x', '1-1', 'f', 'v']);
    await c.call(['SELECT', '3']);
    await c.call(['SADD', 'set', '1', '2']);
    await c.call(['SELECT', '0']);
    const dump = async () => {
      const out: Reply[] = [];
      for (const k of ['s', 'l', 'h', 'z', 'x']) out.push(await c.call(['DUMP', k]));
      out.push(await c.call(['OBJECT', 'ENCODING', 'n']));
      out.push(await c.call(['SMEMBERS', 'n']));
      out.push(await c.call(['SELECT', '3']), await c.call(['SMEMBERS', 'set']), await c.call(['SELECT', '0']));
      out.push(await c.call(['DBSIZE']));
      return out;
    };
    const before = await dump();
    expect(await c.call(['DEBUG', 'RELOAD'])).toEqual({ t: 'simple', v: 'OK' });
    const after = await dump();
    expect(after).toEqual(before);
    const ttl = await c.call(['TTL', 's']);
    expect(ttl.t === 'int' && ttl.v > 990).toBe(true);
    expect(await c.call(['DEBUG', 'RELOAD', 'NOSAVE'])).toEqual({ t: 'error', v: 'ERR Error trying to load the RDB dump, check server logs.' });
    c.close();
  });
});
