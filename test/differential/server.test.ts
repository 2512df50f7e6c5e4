/**
 * Connection and server commands against a real redis-server 7.0.15:
 * PING/ECHO/HELLO/CLIENT/QUIT/RESET, CONFIG, OBJECT, MEMORY USAGE, COMMAND,
 * INFO (structure and the deterministic fields), DEBUG, FUNCTION FLUSH and
 * the maxmemory guard.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type Reply } from '../../src/engine';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { type Side, both, canon, parseInfo, same, text } from '../support/oracle';

const run = requireRedis();

describe.skipIf(!run)('differential: connection and server commands vs real redis-server', () => {
  let server: RedisServer;
  const open: RespClient[] = [];

  beforeAll(async () => {
    server = await startRedis(['--enable-debug-command', 'yes']);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await server?.stop();
  });

  /** A fresh engine and a fresh connection (the only one) to an emptied redis-server with default settings. */
  async function fresh(): Promise<Side> {
    for (const c of open.splice(0)) c.close();
    await new Promise((r) => setTimeout(r, 20));
    const redis = await RespClient.connect(server.port);
    open.push(redis);
    for (const cmd of [
      ['FLUSHALL'],
      ['CONFIG', 'RESETSTAT'],
      ['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction', 'hash-max-listpack-entries', '512', 'set-max-intset-entries', '512', 'hz', '10'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
    ]) {
      await redis.call(cmd);
    }
    const engine = new Engine({ config: { save: '' } });
    return { engine, client: engine.createClient(), redis };
  }

  it('PING and ECHO in RESP2 and RESP3', async () => {
    const s = await fresh();
    for (const argv of [['PING'], ['PING', 'hello'], ['PING', 'a', 'b'], ['ECHO', 'x'], ['ECHO'], ['ECHO', 'a', 'b'], ['HELLO', '3'], ['PING'], ['PING', 'hi'], ['ECHO', '']]) {
      if (argv[0] === 'HELLO') {
        await both(s, argv);
        continue;
      }
      await same(s, argv);
    }
  });

  it('HELLO: reply map, protocol switch and errors', async () => {
    const s = await fresh();
    const id = (r: Reply | undefined): unknown => {
      // The connection id differs between the two servers; everything else must match.
      if (r === undefined || (r.t !== 'map' && r.t !== 'array')) return canon(r);
      const c = canon(r) as { t: string; v: unknown[] };
      if (r.t === 'map') return { ...c, v: (c.v as [unknown, unknown][]).map(([k, v]) => (JSON.stringify(k).includes('"id"') ? [k, 'ID'] : [k, v])) };
      return { ...c, v: c.v.map((v, i) => (i > 0 && JSON.stringify(c.v[i - 1]).includes('"id"') ? 'ID' : v)) };
    };
    for (const argv of [
      ['HELLO'],
      ['HELLO', '2'],
      ['HELLO', '4'],
      ['HELLO', '1'],
      ['HELLO', 'abc'],
      ['HELLO', '3', 'foo'],
      ['HELLO', '3', 'AUTH', 'default'],
      ['HELLO', '3', 'AUTH', 'bob', 'pw'],
      ['HELLO', '2', 'SETNAME', 'bad name'],
      ['HELLO', '2', 'SETNAME', 'good-name'],
      ['CLIENT', 'GETNAME'],
      ['HELLO', '3', 'AUTH', 'default', 'anything', 'SETNAME', 'n2'],
      ['CLIENT', 'GETNAME'],
      ['HELLO'],
      ['GET', 'missing'],
      ['HELLO', '2'],
      ['GET', 'missing'],
    ]) {
      const r = await both(s, argv);
      expect(id(r.ours), argv.join(' ')).toEqual(id(r.theirs));
    }
  });

  it('AUTH without a configured password', async () => {
    const s = await fresh();
    for (const argv of [['AUTH', 'x'], ['AUTH', 'default', 'x'], ['AUTH', 'bob', 'x'], ['AUTH', 'a', 'b', 'c'], ['AUTH']]) await same(s, argv);
  });

  it('CLIENT subcommands: names, errors, kill and unblock of unknown ids', async () => {
    const s = await fresh();
    for (const argv of [
      ['CLIENT'],
      ['CLIENT', 'FOO'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', 'bad name'],
      ['CLIENT', 'SETNAME', 'bad\nname'],
      ['CLIENT', 'SETNAME', 'caf\xc3\xa9'],
      ['CLIENT', 'SETNAME', 'ok:name-1'],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', ''],
      ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME'],
      ['CLIENT', 'SETNAME', 'a', 'b'],
      ['CLIENT', 'ID', 'x'],
      ['CLIENT', 'KILL', 'ID', '999999'],
      ['CLIENT', 'KILL', 'ID', '0'],
      ['CLIENT', 'KILL', 'ID', 'abc'],
      ['CLIENT', 'KILL', '1.2.3.4:5'],
      ['CLIENT', 'KILL', 'TYPE', 'foo'],
      ['CLIENT', 'KILL', 'TYPE', 'master'],
      ['CLIENT', 'KILL', 'USER', 'nobody'],
      ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
      ['CLIENT', 'KILL', 'ID'],
      ['CLIENT', 'KILL', 'FOO', 'bar'],
      ['CLIENT', 'UNBLOCK', '999999'],
      ['CLIENT', 'UNBLOCK', '999999', 'ERROR'],
      ['CLIENT', 'UNBLOCK', '999999', 'FOO'],
      ['CLIENT', 'UNBLOCK', 'abc'],
      ['CLIENT', 'UNBLOCK', '1', 'TIMEOUT', 'x'],
      ['CLIENT', 'NO-EVICT', 'ON'],
      ['CLIENT', 'NO-EVICT', 'off'],
      ['CLIENT', 'NO-EVICT', 'maybe'],
      ['CLIENT', 'LIST', 'TYPE', 'foo'],
      ['CLIENT', 'LIST', 'TYPE', 'master'],
      ['CLIENT', 'LIST', 'ID', 'abc'],
      ['CLIENT', 'LIST', 'ID', '999999'],
      ['CLIENT', 'LIST', 'FOO'],
      ['CLIENT', 'GETREDIR'],
      ['CLIENT', 'TRACKINGINFO'],
    ]) {
      await same(s, argv);
    }
    const id = await both(s, ['CLIENT', 'ID']);
    expect(id.ours?.t).toBe('int');
    expect(id.theirs.t).toBe('int');
  });

  it('CLIENT LIST and CLIENT INFO: the same fields in the same order', async () => {
    const s = await fresh();
    await same(s, ['CLIENT', 'SETNAME', 'me']);
    await same(s, ['SELECT', '3']);
    for (const argv of [['CLIENT', 'INFO'], ['CLIENT', 'LIST']]) {
      const r = await both(s, argv);
      const fields = (t: string): string[] => t.trim().split(' ').map((kv) => kv.split('=')[0]!);
      const values = (t: string): Record<string, string> =>
        Object.fromEntries(t.trim().split(' ').map((kv) => [kv.split('=')[0]!, kv.slice(kv.indexOf('=') + 1)]));
      const ours = text(r.ours);
      const theirs = text(r.theirs);
      expect(ours.endsWith('\n')).toBe(true);
      expect(fields(ours)).toEqual(fields(theirs));
      for (const f of ['name', 'db', 'flags', 'sub', 'psub', 'multi', 'cmd', 'user', 'redir', 'resp']) {
        expect(values(ours)[f], f).toBe(values(theirs)[f]);
      }
    }
  });

  it('QUIT replies OK; RESET restores a fresh connection', async () => {
    const s = await fresh();
    for (const argv of [
      ['CLIENT', 'SETNAME', 'x'],
      ['SELECT', '2'],
      ['SET', 'k', 'v'],
      ['HELLO', '3'],
      ['MULTI'],
      ['SET', 'a', '1'],
      ['RESET'],
      ['CLIENT', 'GETNAME'],
      ['GET', 'k'],
      ['EXEC'],
      ['SELECT', '2'],
      ['GET', 'k'],
      ['RESET', 'x'],
    ]) {
      if (argv[0] === 'HELLO') {
        await both(s, argv);
        continue;
      }
      await same(s, argv);
    }
    const q = await both(s, ['QUIT', 'x']);
    expect(canon(q.ours)).toEqual(canon(q.theirs));
    expect(s.client.closeAfterReply).toBe(true);
  });

  it('CONFIG GET: patterns, aliases, several parameters', async () => {
    const s = await fresh();
    await both(s, ['HELLO', '3']); // maps stay maps, so pairs compare in any order
    for (const argv of [
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'GET', 'MAXMEMORY'],
      ['CONFIG', 'GET', 'maxmemory*'],
      ['CONFIG', 'GET', '*max-*-entries*'],
      ['CONFIG', 'GET', 'hash-max-ziplist-entries'],
      ['CONFIG', 'GET', 'list-max-ziplist-size', 'list-max-listpack-size', 'list-compress-depth'],
      ['CONFIG', 'GET', 'lua-time-limit', 'busy-reply-threshold'],
      ['CONFIG', 'GET', 'hz', 'HZ', 'h?'],
      ['CONFIG', 'GET', 'lazyfree-*'],
      ['CONFIG', 'GET', 'nosuchparam'],
      ['CONFIG', 'GET', 'notify-keyspace-events', 'timeout', 'databases', 'appendonly', 'proto-max-bulk-len', 'active-expire-effort'],
      ['CONFIG', 'GET', 'set-max-intset-entries', 'zset-max-*', 'client-output-buffer-limit', 'oom-score-adj-values'],
      ['CONFIG', 'GET'],
      ['CONFIG', 'GET', 'a[cp]*'],
    ]) {
      await same(s, argv, { sortMaps: true });
    }
  });

  it('CONFIG GET *: every parameter with its default value', async () => {
    const s = await fresh();
    const r = await both(s, ['CONFIG', 'GET', '*']);
    const pairs = (x: Reply | undefined): Map<string, string> => {
      const m = new Map<string, string>();
      if (x === undefined || x.t !== 'array') throw new Error('not an array');
      for (let i = 0; i < x.v.length; i += 2) m.set(text(x.v[i]), text(x.v[i + 1]));
      return m;
    };
    const ours = pairs(r.ours);
    const theirs = pairs(r.theirs);
    // Set by the test harness's command line or by the environment.
    const local = new Set(['dir', 'port', 'bind', 'save', 'enable-debug-command', 'appendonly']);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [k, v] of theirs) if (!local.has(k)) expect(ours.get(k), k).toBe(v);
  });

  it('CONFIG SET: values, units, errors, atomicity', async () => {
    const s = await fresh();
    await both(s, ['HELLO', '3']);
    for (const argv of [
      ['CONFIG', 'SET', 'maxmemory', '10mb'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '1k'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '2GB'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', 'abc'],
      ['CONFIG', 'SET', 'maxmemory', '-1'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['CONFIG', 'SET', 'hz', '1000'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'SET', 'hz', '0'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'SET', 'hz', '-1'],
      ['CONFIG', 'SET', 'hz', '1.5'],
      ['CONFIG', 'SET', 'hz', '10', 'hz', '11'],
      ['CONFIG', 'SET', 'hz', '10'],
      ['CONFIG', 'SET', 'foo', 'bar'],
      ['CONFIG', 'SET', 'hz', 'abc', 'foo', '1'],
      ['CONFIG', 'SET', 'hz', '12', 'maxmemory', 'bad'],
      ['CONFIG', 'GET', 'hz'],
      ['CONFIG', 'SET', 'hz', '12', 'slowlog-max-len', '100'],
      ['CONFIG', 'GET', 'hz', 'slowlog-max-len', 'busy-reply-threshold'],
      ['CONFIG', 'SET', 'hz', '10', 'slowlog-max-len', '128', 'lua-time-limit', '5000'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'bad'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'ALLKEYS-LRU'],
      ['CONFIG', 'GET', 'maxmemory-policy'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
      ['CONFIG', 'SET', 'appendonly', 'maybe'],
      ['CONFIG', 'GET', 'lazyfree-lazy-user-del'],
      ['CONFIG', 'SET', 'lazyfree-lazy-user-del', 'no'],
      ['CONFIG', 'SET', 'databases', '5'],
      ['CONFIG', 'SET', 'unixsocketperm', '800'],
      ['CONFIG', 'SET', 'lua-time-limit', '-5'],
      ['CONFIG', 'SET', 'list-max-ziplist-size', '5'],
      ['CONFIG', 'GET', 'list-max-listpack-size'],
      ['CONFIG', 'SET', 'list-max-listpack-size', '-2'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '1kb'],
      ['CONFIG', 'GET', 'hash-max-ziplist-value'],
      ['CONFIG', 'SET', 'hash-max-listpack-value', '64'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'KEA'],
      ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'Ex$'],
      ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'Q'],
      ['CONFIG', 'SET', 'notify-keyspace-events', ''],
      ['CONFIG', 'SET', 'save', '1 2 3'],
      ['CONFIG', 'GET', 'save'],
      ['CONFIG', 'SET', 'save', ''],
      ['CONFIG', 'GET', 'maxmemory-clients'],
      ['CONFIG', 'SET', 'maxmemory-clients', '0'],
      ['CONFIG', 'GET', 'client-output-buffer-limit'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'master 0 0 0'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 0 0 0'],
      ['CONFIG', 'SET', 'hz'],
      ['CONFIG', 'SET', 'hz', '1', '2'],
      ['CONFIG', 'GET', 'shutdown-on-sigterm'],
      ['CONFIG', 'SET', 'shutdown-on-sigterm', 'default'],
      ['CONFIG', 'REWRITE'],
      ['CONFIG', 'RESETSTAT'],
      ['CONFIG', 'RESETSTAT', 'x'],
      ['CONFIG', 'FOO'],
      ['CONFIG'],
    ]) {
      await same(s, argv, { sortMaps: true });
    }
  });

  it('OBJECT ENCODING, REFCOUNT and FREQ for strings and sets', async () => {
    const s = await fresh();
    const big = 'x'.repeat(45);
    for (const argv of [
      ['SET', 'i', '123'],
      ['SET', 'neg', '-5'],
      ['SET', 'z', '0123'],
      ['SET', 'huge', '12345678901234567890'],
      ['SET', 'max', '9223372036854775807'],
      ['SET', 'e44', 'e'.repeat(44)],
      ['SET', 'big', big],
      ['SET', 'f', '1.5'],
      ['MSET', 'm1', '77', 'm2', 'abc'],
      ['OBJECT', 'ENCODING', 'i'],
      ['OBJECT', 'ENCODING', 'neg'],
      ['OBJECT', 'ENCODING', 'z'],
      ['OBJECT', 'ENCODING', 'huge'],
      ['OBJECT', 'ENCODING', 'max'],
      ['OBJECT', 'ENCODING', 'e44'],
      ['OBJECT', 'ENCODING', 'big'],
      ['OBJECT', 'ENCODING', 'f'],
      ['OBJECT', 'ENCODING', 'm1'],
      ['OBJECT', 'ENCODING', 'm2'],
      ['OBJECT', 'ENCODING', 'nope'],
      ['INCR', 'i'],
      ['OBJECT', 'ENCODING', 'i'],
      ['OBJECT', 'REFCOUNT', 'i'],
      ['SET', 'k', '10000'],
      ['OBJECT', 'REFCOUNT', 'k'],
      ['SET', 'k', '9999'],
      ['OBJECT', 'REFCOUNT', 'k'],
      ['OBJECT', 'REFCOUNT', 'big'],
      ['OBJECT', 'REFCOUNT', 'nope'],
      ['OBJECT', 'FREQ', 'i'],
      ['OBJECT', 'FREQ', 'nope'],
      ['OBJECT', 'IDLETIME', 'nope'],
      ['SADD', 'ints', '1', '2', '3'],
      ['OBJECT', 'ENCODING', 'ints'],
      ['SADD', 'ints', 'x'],
      ['OBJECT', 'ENCODING', 'ints'],
      ['SREM', 'ints', 'x'],
      ['OBJECT', 'ENCODING', 'ints'],
      ['SADD', 'words', 'a'],
      ['OBJECT', 'ENCODING', 'words'],
      ['SADD', 'lead0', '01'],
      ['OBJECT', 'ENCODING', 'lead0'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '2'],
      ['SADD', 'small', '1', '2'],
      ['OBJECT', 'ENCODING', 'small'],
      ['SADD', 'small', '3'],
      ['OBJECT', 'ENCODING', 'small'],
      ['SREM', 'small', '3'],
      ['OBJECT', 'ENCODING', 'small'],
      ['CONFIG', 'SET', 'set-max-intset-entries', '512'],
      ['ZADD', 'zs', '1', 'a'],
      ['OBJECT', 'ENCODING', 'zs'],
      ['HSET', 'h', 'f', 'v'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h', 'long', 'x'.repeat(65)],
      ['OBJECT', 'ENCODING', 'h'],
      ['HDEL', 'h', 'long'],
      ['OBJECT', 'ENCODING', 'h'],
      ['HSET', 'h2', 'x'.repeat(64), 'v'],
      ['OBJECT', 'ENCODING', 'h2'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '2'],
      ['HSET', 'h3', 'a', '1', 'b', '2'],
      ['OBJECT', 'ENCODING', 'h3'],
      ['HSETNX', 'h3', 'c', '3'],
      ['OBJECT', 'ENCODING', 'h3'],
      ['HDEL', 'h3', 'c', 'b'],
      ['OBJECT', 'ENCODING', 'h3'],
      ['HINCRBY', 'h4', 'n', '1'],
      ['OBJECT', 'ENCODING', 'h4'],
      ['CONFIG', 'SET', 'hash-max-listpack-entries', '512'],
      ['RPUSH', 'l', 'a'],
      ['OBJECT', 'ENCODING', 'l'],
      ['RPUSH', 'l', 'x'.repeat(10000)],
      ['OBJECT', 'ENCODING', 'l'],
      ['DEBUG', 'RELOAD'],
      ['OBJECT', 'ENCODING', 'h'],
      ['OBJECT', 'ENCODING', 'h3'],
      ['OBJECT', 'ENCODING', 'ints'],
      ['OBJECT', 'ENCODING', 'small'],
      ['OBJECT'],
      ['OBJECT', 'ENCODING'],
      ['OBJECT', 'FOO', 'k'],
      ['OBJECT', 'HELP'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['OBJECT', 'FREQ', 'big'],
      ['OBJECT', 'IDLETIME', 'big'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
    ]) {
      await same(s, argv);
    }
    // Whole idle seconds: a second may turn between the two servers' clocks
    // (Redis's LRU clock is refreshed ten times a second), so one apart is the same.
    const idle = await both(s, ['OBJECT', 'IDLETIME', 'big']);
    expect(idle.ours?.t).toBe('int');
    expect(idle.theirs.t).toBe('int');
    expect(Math.abs(Number((idle.ours as { v: number }).v) - Number((idle.theirs as { v: number }).v))).toBeLessThanOrEqual(1);
  });

  it('MEMORY USAGE: exact for strings and small sets, and its errors', async () => {
    const s = await fresh();
    const lines: string[][] = [];
    for (const n of [0, 1, 12, 13, 14, 28, 30, 44, 45, 100, 300, 5000]) {
      lines.push(['SET', `s${n}`, 'a'.repeat(n)], ['MEMORY', 'USAGE', `s${n}`]);
    }
    for (const k of ['k', 'kkkkkkk', 'k'.repeat(16), 'k'.repeat(31), 'k'.repeat(32), 'k'.repeat(300)]) {
      lines.push(['SET', k, '1'], ['MEMORY', 'USAGE', k]);
    }
    lines.push(
      ['SET', 'n', '-123456789012'],
      ['MEMORY', 'USAGE', 'n'],
      ['SADD', 'is', '1', '2', '3'],
      ['MEMORY', 'USAGE', 'is'],
      ['SADD', 'is32', '1', '100000'],
      ['MEMORY', 'USAGE', 'is32'],
      ['SADD', 'is64', '1', '10000000000'],
      ['MEMORY', 'USAGE', 'is64'],
      ['SADD', 'hs', 'a', 'b', 'c'],
      ['MEMORY', 'USAGE', 'hs'],
      ['MEMORY', 'USAGE', 'hs', 'SAMPLES', '0'],
      ['ZADD', 'z', '1', 'a', '2', 'b'],
      ['MEMORY', 'USAGE', 'z'],
      ['HSET', 'h', 'a', 'b'],
      ['MEMORY', 'USAGE', 'h'],
      ['HSET', 'h', 'field2', '12345', 'n', '-7', 'big', '70000'],
      ['MEMORY', 'USAGE', 'h'],
      ['RPUSH', 'l', 'a', 'b', 'c'],
      ['MEMORY', 'USAGE', 'l'],
      ['RPUSH', 'l', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'],
      ['MEMORY', 'USAGE', 'l'],
      ['ZADD', 'zf', '1.5', 'member', '-3', 'x'],
      ['MEMORY', 'USAGE', 'zf'],
      ['MEMORY', 'USAGE', 'nope'],
      ['MEMORY', 'USAGE', 's1', 'SAMPLES'],
      ['MEMORY', 'USAGE', 's1', 'SAMPLES', '-1'],
      ['MEMORY', 'USAGE', 's1', 'SAMPLES', 'x'],
      ['MEMORY', 'USAGE', 's1', 'FOO', '1'],
      ['MEMORY', 'USAGE'],
      ['MEMORY', 'FOO'],
      ['MEMORY', 'PURGE'],
      ['MEMORY', 'HELP'],
    );
    for (const argv of lines) await same(s, argv);
  });

  it('MEMORY STATS and DOCTOR: same structure', async () => {
    const s = await fresh();
    await same(s, ['SET', 'a', '1']);
    const st = await both(s, ['MEMORY', 'STATS']);
    const keys = (r: Reply | undefined): string[] => {
      if (r === undefined || r.t !== 'array') throw new Error('not an array');
      return r.v.filter((_, i) => i % 2 === 0).map((k) => text(k));
    };
    expect(keys(st.ours)).toEqual(keys(st.theirs));
    const doc = await both(s, ['MEMORY', 'DOCTOR']);
    expect(text(doc.ours)).toBe(text(doc.theirs));
  });

  it('COMMAND INFO: arity, flags, key positions and categories of this group', async () => {
    const s = await fresh();
    const names = [
      'ping', 'echo', 'hello', 'auth', 'quit', 'reset', 'client', 'client|id', 'client|kill', 'client|list', 'client|unblock', 'multi', 'exec',
      'discard', 'watch', 'unwatch', 'info', 'time', 'lastsave', 'command', 'command|info', 'command|docs', 'config', 'config|get',
      'config|set', 'memory', 'memory|usage', 'object', 'object|encoding', 'object|freq', 'function|flush', 'debug', 'get', 'nosuchcommand',
    ];
    const r = await both(s, ['COMMAND', 'INFO', ...names]);
    const head = (x: Reply | undefined): unknown => {
      if (x === undefined || x.t !== 'array') return canon(x);
      // name, arity, flags, first, last, step, categories; subcommand names.
      return x.v.map((cmd) => {
        if (cmd.t !== 'array') return canon(cmd);
        const subs = cmd.v[9]!;
        const subNames = subs.t === 'array' ? subs.v.map((sc) => (sc.t === 'array' ? text(sc.v[0]) : '')).sort() : [];
        return [...cmd.v.slice(0, 6).map((v) => canon(v, { sortMaps: true })), canon(cmd.v[6], { sortMaps: true }), subNames];
      });
    };
    expect(head(r.ours)).toEqual(head(r.theirs));
  });

  it('COMMAND DOCS: summaries, arguments and history of this group', async () => {
    const s = await fresh();
    await both(s, ['HELLO', '3']);
    for (const name of ['ping', 'echo', 'hello', 'multi', 'exec', 'watch', 'info', 'time', 'config', 'client', 'memory', 'object', 'quit', 'reset', 'command']) {
      await same(s, ['COMMAND', 'DOCS', name], { sortMaps: true });
    }
    await same(s, ['COMMAND', 'DOCS', 'nosuchcommand']);
    await same(s, ['COMMAND', 'DOCS', 'config|get', 'client|setname'], { sortMaps: true });
  });

  it('COMMAND GETKEYS, LIST filters and errors', async () => {
    const s = await fresh();
    for (const argv of [
      ['COMMAND', 'GETKEYS', 'GET', 'k'],
      ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'],
      ['COMMAND', 'GETKEYS', 'DEL', 'a', 'b', 'c'],
      ['COMMAND', 'GETKEYS', 'OBJECT', 'ENCODING', 'k'],
      ['COMMAND', 'GETKEYS', 'MEMORY', 'USAGE', 'k'],
      ['COMMAND', 'GETKEYS', 'WATCH', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'dst', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
      ['COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'dst', '3', 'a', 'b'],
      ['COMMAND', 'GETKEYS', 'PING'],
      ['COMMAND', 'GETKEYS', 'NOSUCH', 'x'],
      ['COMMAND', 'GETKEYS', 'GET'],
      ['COMMAND', 'GETKEYS', 'GET', 'a', 'b'],
      ['COMMAND', 'GETKEYS'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'GET', 'k'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'config*'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'client|*'],
      ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'transaction'],
      ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuchcategory'],
      ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'foo'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN'],
      ['COMMAND', 'LIST', 'FILTERBY', 'FOO', 'x'],
      ['COMMAND', 'LIST', 'x'],
      ['COMMAND', 'FOO'],
      ['COMMAND', 'COUNT', 'x'],
      ['COMMAND', 'HELP'],
    ]) {
      // COMMAND LIST replies in the order of each server's command table.
      await same(s, argv, { sortMaps: true, unordered: argv[1] === 'LIST' });
    }
    const count = await both(s, ['COMMAND', 'COUNT']);
    expect(count.ours?.t).toBe('int');
  });

  it('CLUSTER on a server without cluster support: in the table, every subcommand says so, arity and unknown subcommands first', async () => {
    const s = await fresh();
    for (const argv of [
      ['CLUSTER', 'INFO'],
      ['CLUSTER', 'HELP'],
      ['CLUSTER', 'KEYSLOT', 'k'],
      ['CLUSTER', 'KEYSLOT'],
      ['CLUSTER', 'RESET', 'HARD'],
      ['CLUSTER', 'NOSUCH'],
      ['CLUSTER'],
      ['COMMAND', 'GETKEYS', 'CLUSTER', 'INFO'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'cluster|h*'],
    ]) {
      await same(s, argv);
    }
    const names = (r: Reply | undefined) => (r?.t === 'array' ? r.v.map((x) => text(x)).sort() : []);
    const subs = await both(s, ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'cluster|*']);
    expect(names(subs.ours)).toEqual(names(subs.theirs));
    // Name, arity, flags, key positions and ACL categories of some subcommands.
    const info = await both(s, ['COMMAND', 'INFO', 'cluster|addslots', 'cluster|info', 'cluster|reset', 'cluster|keyslot']);
    const head = (r: Reply | undefined) => (r?.t === 'array' ? r.v.map((x) => (x.t === 'array' ? x.v.slice(0, 7).map((v) => canon(v)) : canon(x))) : canon(r));
    expect(head(info.ours)).toEqual(head(info.theirs));
  });

  it('TIME and LASTSAVE: shapes and clock', async () => {
    const s = await fresh();
    const r = await both(s, ['TIME']);
    for (const x of [r.ours, r.theirs]) {
      expect(x?.t).toBe('array');
      if (x?.t !== 'array') continue;
      expect(x.v.map((v) => v.t)).toEqual(['bulk', 'bulk']);
      expect(Number(text(x.v[1]))).toBeLessThan(1_000_000);
    }
    if (r.ours?.t === 'array' && r.theirs.t === 'array') {
      expect(Math.abs(Number(text(r.ours.v[0])) - Number(text(r.theirs.v[0])))).toBeLessThanOrEqual(2);
    }
    await same(s, ['TIME', 'x']);
    const l = await both(s, ['LASTSAVE']);
    expect(l.ours?.t).toBe('int');
    expect(l.theirs.t).toBe('int');
  });

  it('INFO: sections, field names and the deterministic values', async () => {
    const s = await fresh();
    await same(s, ['SET', 'a', '1']);
    await same(s, ['SET', 'b', '2', 'EX', '1000']);
    await same(s, ['SELECT', '3']);
    await same(s, ['SET', 'c', '3']);
    await same(s, ['SELECT', '0']);
    for (const args of [[], ['default'], ['all'], ['everything'], ['server'], ['SERVER', 'keyspace'], ['keyspace', 'server'], ['nosuch'], ['memory', 'stats', 'clients']]) {
      const r = await both(s, ['INFO', ...args]);
      const ours = parseInfo(text(r.ours));
      const theirs = parseInfo(text(r.theirs));
      expect(Object.keys(ours), `INFO ${args.join(' ')}`).toEqual(Object.keys(theirs));
      for (const section of Object.keys(theirs)) {
        if (['Commandstats', 'Errorstats', 'Latencystats', 'Keyspace'].includes(section)) continue;
        expect(Object.keys(ours[section]!), section).toEqual(Object.keys(theirs[section]!));
      }
      if (theirs['Keyspace'] !== undefined) {
        const ks = (x: Record<string, string>): Record<string, string> =>
          Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v.replace(/avg_ttl=\d+/, 'avg_ttl=T')]));
        expect(ks(ours['Keyspace']!)).toEqual(ks(theirs['Keyspace']!));
      }
      for (const [section, field] of [
        ['Server', 'redis_version'],
        ['Server', 'redis_mode'],
        ['Server', 'arch_bits'],
        ['Server', 'hz'],
        ['Server', 'io_threads_active'],
        ['Clients', 'connected_clients'],
        ['Clients', 'blocked_clients'],
        ['Clients', 'maxclients'],
        ['Memory', 'maxmemory'],
        ['Memory', 'maxmemory_human'],
        ['Memory', 'maxmemory_policy'],
        ['Replication', 'role'],
        ['Replication', 'connected_slaves'],
        ['Cluster', 'cluster_enabled'],
      ] as const) {
        if (theirs[section] !== undefined) expect(ours[section]![field], field).toBe(theirs[section]![field]);
      }
    }
    const txt = await both(s, ['INFO', 'server']);
    expect(text(txt.ours).endsWith('\r\n')).toBe(true);
    expect(text(txt.ours).startsWith('# Server\r\nredis_version:7.0.15\r\n')).toBe(true);
  });

  it('INFO stats move like Redis: hits, misses, commands, errors, expired keys', async () => {
    const s = await fresh();
    const stats = async (): Promise<[Record<string, string>, Record<string, string>]> => {
      const r = await both(s, ['INFO', 'stats']);
      return [parseInfo(text(r.ours))['Stats']!, parseInfo(text(r.theirs))['Stats']!];
    };
    const [o0, t0] = await stats();
    for (const argv of [
      ['SET', 'a', '1'],
      ['GET', 'a'],
      ['GET', 'nope'],
      ['EXISTS', 'a', 'nope'],
      ['INCR', 'a'],
      ['GET', 'a', 'b'],
      ['NOSUCH'],
      ['SET', 'x', 'y'],
      ['INCR', 'x'],
      ['SET', 'gone', 'v', 'PX', '1'],
    ]) {
      await same(s, argv);
    }
    await new Promise((r) => setTimeout(r, 20));
    await same(s, ['GET', 'gone']);
    const [o1, t1] = await stats();
    for (const f of ['keyspace_hits', 'keyspace_misses', 'total_commands_processed', 'total_error_replies', 'expired_keys']) {
      expect(Number(o1[f]) - Number(o0[f]), f).toBe(Number(t1[f]) - Number(t0[f]));
    }
    const cs = await both(s, ['INFO', 'commandstats']);
    const pick = (t: string): Record<string, string> => {
      const m = parseInfo(t)['Commandstats']!;
      const out: Record<string, string> = {};
      for (const k of ['cmdstat_get', 'cmdstat_incr', 'cmdstat_exists']) out[k] = (m[k] ?? '').replace(/usec=\d+,usec_per_call=[\d.]+,/, '');
      return out;
    };
    expect(pick(text(cs.ours))).toEqual(pick(text(cs.theirs)));
    const es = await both(s, ['INFO', 'errorstats']);
    expect(parseInfo(text(es.ours))['Errorstats']).toEqual(parseInfo(text(es.theirs))['Errorstats']);
  });

  it('DEBUG: POPULATE, SET-ACTIVE-EXPIRE, SLEEP 0, PROTOCOL, ERROR and bad subcommands', async () => {
    const s = await fresh();
    for (const argv of [
      ['DEBUG', 'POPULATE', '100'],
      ['DBSIZE'],
      ['GET', 'key:0'],
      ['GET', 'key:99'],
      ['GET', 'key:100'],
      ['SET', 'key:5', 'mine'],
      ['DEBUG', 'POPULATE', '10'],
      ['GET', 'key:5'],
      ['DEBUG', 'POPULATE', '3', 'p'],
      ['GET', 'p:2'],
      ['DEBUG', 'POPULATE', '3', 'sz', '12'],
      ['GET', 'sz:1'],
      ['DEBUG', 'POPULATE', '3', 'tiny', '3'],
      ['GET', 'tiny:2'],
      ['DBSIZE'],
      ['DEBUG', 'POPULATE', '-1'],
      ['DEBUG', 'POPULATE', 'abc'],
      ['DEBUG', 'POPULATE', '1', 'p', '-5'],
      ['DEBUG', 'POPULATE', '1', 'p', '5', 'x'],
      ['DEBUG', 'SLEEP', '0'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
      ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
      ['DEBUG', 'LOG', 'hello'],
      ['DEBUG', 'ERROR', 'custom message'],
      ['DEBUG', 'ERROR', 'two\r\nlines'],
      ['DEBUG', 'OBJECT', 'nope'],
      ['DEBUG', 'NOSUCH'],
      ['DEBUG'],
      ['DEBUG', 'PROTOCOL', 'string'],
      ['DEBUG', 'PROTOCOL', 'integer'],
      ['DEBUG', 'PROTOCOL', 'double'],
      ['DEBUG', 'PROTOCOL', 'bignum'],
      ['DEBUG', 'PROTOCOL', 'null'],
      ['DEBUG', 'PROTOCOL', 'array'],
      ['DEBUG', 'PROTOCOL', 'set'],
      ['DEBUG', 'PROTOCOL', 'map'],
      ['DEBUG', 'PROTOCOL', 'true'],
      ['DEBUG', 'PROTOCOL', 'false'],
      ['DEBUG', 'PROTOCOL', 'verbatim'],
      ['DEBUG', 'PROTOCOL', 'attrib'],
      ['DEBUG', 'PROTOCOL', 'push'],
      ['DEBUG', 'PROTOCOL', 'nosuch'],
    ]) {
      await same(s, argv);
    }
    const o = await both(s, ['DEBUG', 'OBJECT', 'key:1']);
    const shape = (r: Reply | undefined): string =>
      text(r?.t === 'simple' ? { t: 'bulk', v: r.v } : r)
        .replace(/at:0x[0-9a-f]+/, 'at:X')
        .replace(/lru:\d+/, 'lru:L')
        .replace(/serializedlength:\d+/, 'sl')
        // Idle time is counted on a clock of whole seconds: 0 or 1 depending on when a second ticked, on either side.
        .replace(/lru_seconds_idle:[01]$/, 'lru_seconds_idle:N');
    expect(shape(o.ours)).toBe(shape(o.theirs));
    expect(shape(o.ours)).toMatch(/lru_seconds_idle:N$/);
  });

  it('DEBUG PROTOCOL in RESP3', async () => {
    const s = await fresh();
    await both(s, ['HELLO', '3']);
    for (const t of ['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'true', 'false', 'verbatim']) {
      await same(s, ['DEBUG', 'PROTOCOL', t]);
    }
  });

  it('FUNCTION FLUSH', async () => {
    const s = await fresh();
    for (const argv of [['FUNCTION', 'FLUSH'], ['FUNCTION', 'FLUSH', 'SYNC'], ['FUNCTION', 'FLUSH', 'async'], ['FUNCTION', 'FLUSH', 'x'], ['FUNCTION', 'FLUSH', 'a', 'b'], ['FUNCTION', 'HELP']]) {
      await same(s, argv);
    }
  });

  it('maxmemory: denyoom commands and MULTI queueing answer OOM, reads and deletes still work', async () => {
    const s = await fresh();
    for (const argv of [
      ['SET', 'a', '1'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['SET', 'b', '2'],
      ['APPEND', 'a', 'x'],
      ['GET', 'a'],
      ['EXISTS', 'a'],
      ['DEL', 'a'],
      ['PING'],
      ['MULTI'],
      ['GET', 'a'],
      ['DEL', 'a'],
      ['EXEC'],
      ['MULTI'],
      ['DISCARD'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['SET', 'b', '2'],
      ['MULTI'],
      ['SET', 'c', '3'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['EXEC'],
      ['CONFIG', 'SET', 'maxmemory', '0'],
      ['GET', 'c'],
    ]) {
      await same(s, argv);
    }
  });

  it('maxmemory with allkeys-random evicts instead of failing', async () => {
    const s = await fresh();
    await same(s, ['DEBUG', 'POPULATE', '2000']);
    const used = async (): Promise<[number, number]> => {
      const r = await both(s, ['INFO', 'memory']);
      return [Number(parseInfo(text(r.ours))['Memory']!['used_memory']), Number(parseInfo(text(r.theirs))['Memory']!['used_memory'])];
    };
    const [ours, theirs] = await used();
    // Both servers now hold 2000 keys; set the limit a little above each one's own usage minus ~50 KB.
    await s.redis.call(['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random', 'maxmemory', String(theirs - 50_000)]);
    s.engine.exec(s.client, ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random', 'maxmemory', String(ours - 50_000)]);
    const r = await both(s, ['SET', 'new', 'value']);
    expect(canon(r.ours)).toEqual(canon(r.theirs));
    const size = await both(s, ['DBSIZE']);
    for (const x of [size.ours, size.theirs]) {
      expect(x?.t).toBe('int');
      if (x?.t === 'int') {
        expect(Number(x.v)).toBeLessThan(2000);
        expect(Number(x.v)).toBeGreaterThan(500);
      }
    }
    const st = await both(s, ['INFO', 'stats']);
    expect(Number(parseInfo(text(st.ours))['Stats']!['evicted_keys'])).toBeGreaterThan(0);
    expect(Number(parseInfo(text(st.theirs))['Stats']!['evicted_keys'])).toBeGreaterThan(0);
    await s.redis.call(['CONFIG', 'SET', 'maxmemory', '0', 'maxmemory-policy', 'noeviction']);
  });
});
