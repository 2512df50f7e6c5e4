/**
 * RDB files both ways with a real redis-server 7.0: a file the engine
 * writes is loaded by redis-server at start (--dir/--dbfilename), a file
 * redis-server writes (SAVE) is read by the engine, and the two keyspaces
 * are compared key by key: type, encoding, whole value, exact expiry time,
 * streams with their consumer groups and pending entries, function libraries.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine, type Reply } from '../../src/engine';
import { applyRdb, readRdb, writeRdb } from '../../src/engine/rdb/file';
import { canon, wire } from '../support/oracle';
import { RespClient, requireRedis, startRedis } from '../support/redis';

const run = requireRedis();

const range = <T,>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
const FAR = String(Date.now() + 3_600_000 * 24 * 365);

/** Builds one key of every type and encoding, in several databases, with TTLs, streams with groups and a function library. */
const SCRIPT: string[][] = [
  ['SELECT', '0'],
  ['SET', 's:short', 'hello'], ['SET', 's:int8', '-7'], ['SET', 's:int32', '-2000000000'], ['SET', 's:int64', '9223372036854775807'],
  ['SET', 's:bin', '\x00\xff\r\n'], ['SET', 's:empty', ''],
  // Long repetitive values: redis-server writes them LZF-compressed.
  ['SET', 's:long', 'abc'.repeat(400)], ['SET', 's:text', range(80, (i) => `word${i % 7}`).join(' ')],
  ['SET', 's:ttl', 'v', 'PX', '86400000'], ['SET', 's:pxat', 'v'], ['PEXPIREAT', 's:pxat', FAR],
  ['RPUSH', 'l:small', 'a', '1', '-1', '127', '128', '-4096', '4095', '40000', '3000000000', '-9223372036854775808', 'x'.repeat(70)],
  ['RPUSH', 'l:big', ...range(3000, (i) => (i % 3 === 0 ? String(i * 37) : `elem-${i}`))],
  ['RPUSH', 'l:huge-elem', 'y'.repeat(10000), 'z'],
  ['HSET', 'h:small', 'f1', 'v1', 'n', '12', 'neg', '-5'],
  ['HSET', 'h:big', ...range(300, (i) => [`field${i}`, `value${i}`]).flat()],
  ['HSET', 'h:long', 'f', 'v'.repeat(100)], ['PEXPIRE', 'h:long', '7200000'],
  ['SADD', 'set:int', '1', '2', '3', '-100', '70000', '-9223372036854775808'],
  ['SADD', 'set:str', 'a', 'b', 'c'], ['SADD', 'set:bigint', ...range(600, (i) => String(i * 3))],
  ['ZADD', 'z:small', '1', 'a', '2.5', 'b', '-inf', 'c', 'inf', 'd', '0.1', 'e', '1e300', 'g'],
  ['ZADD', 'z:big', ...range(200, (i) => [String(i / 3), `m${i}`]).flat()],
  ['ZADD', 'z:long', '1', 'x'.repeat(100)],
  // Streams: explicit IDs, a deleted entry, entries with other fields, groups, a PEL, an idle consumer.
  ['XADD', 'st', '1-1', 'a', '1', 'b', '2'], ['XADD', 'st', '1-2', 'a', '3', 'b', '4'], ['XADD', 'st', '2-0', 'c', '5'],
  ['XADD', 'st', '3-7', 'a', 'x', 'b', 'y'], ['XDEL', 'st', '1-2'],
  ['XGROUP', 'CREATE', 'st', 'g1', '0'], ['XREADGROUP', 'GROUP', 'g1', 'alice', 'COUNT', '2', 'STREAMS', 'st', '>'],
  ['XREADGROUP', 'GROUP', 'g1', 'bob', 'COUNT', '1', 'STREAMS', 'st', '>'], ['XACK', 'st', 'g1', '1-1'],
  ['XGROUP', 'CREATE', 'st', 'g2', '$'], ['XGROUP', 'CREATECONSUMER', 'st', 'g2', 'carol'],
  ...range(260, (i) => ['XADD', 'st:big', `${1000 + i}-0`, 'n', String(i), 'text', `entry ${i}`]),
  ['XTRIM', 'st:big', 'MAXLEN', '230'], ['XDEL', 'st:big', '1100-0', '1101-0'],
  ['XGROUP', 'CREATE', 'st:big', 'readers', '1050-0'], ['XREADGROUP', 'GROUP', 'readers', 'r1', 'COUNT', '20', 'STREAMS', 'st:big', '>'],
  ['XGROUP', 'CREATE', 'st:empty', 'g', '$', 'MKSTREAM'],
  ['FUNCTION', 'LOAD', "#!lua name=rdblib\nredis.register_function('rdbf', function(keys, args) return 1 end)"],
  ['SELECT', '1'],
  ['SET', 'db1:a', '1'], ['LPUSH', 'db1:l', 'x'], ['SET', 'db1:ttl', 'gone later', 'EX', '5000'],
  ['SELECT', '15'],
  ['HSET', 'db15:h', 'k', 'v'], ['SADD', 'db15:s', 'm'],
  ['SELECT', '0'],
];

type Call = (argv: string[]) => Promise<Reply | undefined>;

/** Every database's keys in order, each with its type, encoding, value and exact expiry time. */
async function keyspace(call: Call): Promise<unknown> {
  const out: unknown[] = [];
  for (let db = 0; db < 16; db++) {
    await call(['SELECT', String(db)]);
    const k = await call(['KEYS', '*']);
    const names = k?.t === 'array' ? k.v.map((x) => (x.t === 'bulk' ? x.v : '')).sort() : [];
    for (const key of names) {
      const t = await call(['TYPE', key]);
      const type = t?.t === 'simple' ? t.v : '';
      const value = await valueOf(call, type, key);
      out.push([db, key, type, canon(await call(['OBJECT', 'ENCODING', key])), value, canon(await call(['PEXPIRETIME', key]))]);
    }
  }
  await call(['SELECT', '0']);
  out.push(['functions', canon(await call(['FUNCTION', 'LIST', 'WITHCODE']))]);
  return out;
}

async function valueOf(call: Call, type: string, key: string): Promise<unknown> {
  const sorted = (r: Reply | undefined): unknown => {
    const n = canon(r) as { v: unknown[] };
    return n.v.map((x) => JSON.stringify(x)).sort();
  };
  switch (type) {
    case 'string':
      return canon(await call(['GET', key]));
    case 'list':
      return canon(await call(['LRANGE', key, '0', '-1']));
    case 'hash':
      return sorted(await call(['HGETALL', key]));
    case 'set':
      return sorted(await call(['SMEMBERS', key]));
    case 'zset':
      return canon(await call(['ZRANGE', key, '0', '-1', 'WITHSCORES']));
    case 'stream':
      return [canon(await call(['XRANGE', key, '-', '+'])), withoutRaxNodes(canon(await call(['XINFO', 'STREAM', key, 'FULL'])))];
    default:
      return type;
  }
}

/** XINFO STREAM FULL without radix-tree-nodes: a count of Redis's radix tree internals, which the engine only estimates. */
function withoutRaxNodes(x: unknown): unknown {
  const r = x as { t: string; v: { t: string; v: unknown }[] };
  const i = r.v.findIndex((e) => e.v === 'radix-tree-nodes');
  return i < 0 ? r : { ...r, v: r.v.filter((_, j) => j !== i + 1) };
}

const engineCall = (engine: Engine): Call => {
  const client = engine.createClient();
  return (argv) => Promise.resolve(wire(engine.exec(client, argv), 2));
};

describe.skipIf(!run)('differential: RDB files with redis-server', { timeout: 60_000 }, () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'rdb-file-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('redis-server loads the file the engine writes, with the same keyspace', async () => {
    const engine = new Engine();
    await engine.scripting.ready();
    const ours = engineCall(engine);
    for (const argv of SCRIPT) {
      const r = await ours(argv);
      expect(r?.t, argv.join(' ').slice(0, 60)).not.toBe('error');
    }
    const dir = tempDir();
    writeFileSync(join(dir, 'ours.rdb'), Buffer.from(writeRdb(engine), 'latin1'));
    const server = await startRedis(['--dir', dir, '--dbfilename', 'ours.rdb']);
    const redis = await RespClient.connect(server.port);
    try {
      const theirs: Call = (argv) => redis.call(argv);
      expect(await theirs(['DBSIZE'])).toEqual(await ours(['DBSIZE']));
      expect(await keyspace(theirs)).toEqual(await keyspace(ours));
      // DUMP of a stream (the same value encoding) restores there too.
      const payload = await ours(['DUMP', 'st']);
      expect(payload?.t).toBe('bulk');
      expect(await theirs(['RESTORE', 'st:copy', '0', payload?.t === 'bulk' ? payload.v : ''])).toEqual({ t: 'simple', v: 'OK' });
      expect(withoutRaxNodes(canon(await theirs(['XINFO', 'STREAM', 'st:copy', 'FULL'])))).toEqual(withoutRaxNodes(canon(await ours(['XINFO', 'STREAM', 'st', 'FULL']))));
    } finally {
      redis.close();
      await server.stop();
    }
  });

  it('the engine reads the file redis-server SAVEs, with the same keyspace', async () => {
    const dir = tempDir();
    const server = await startRedis(['--dir', dir, '--dbfilename', 'theirs.rdb']);
    const redis = await RespClient.connect(server.port);
    try {
      const theirs: Call = (argv) => redis.call(argv);
      for (const argv of SCRIPT) {
        const r = await theirs(argv);
        expect(r?.t, argv.join(' ').slice(0, 60)).not.toBe('error');
      }
      expect(await theirs(['SAVE'])).toEqual({ t: 'simple', v: 'OK' });
      const bytes = readFileSync(join(dir, 'theirs.rdb')).toString('latin1');
      // Redis compresses long strings with LZF: the reader must have met them.
      expect(bytes.includes('\xc3')).toBe(true);
      const engine = new Engine();
      await engine.scripting.ready();
      const file = readRdb(bytes, { config: engine.config, databases: 16 });
      expect(file.aux.map(([k]) => k)).toEqual(['redis-ver', 'redis-bits', 'ctime', 'used-mem', 'aof-base']);
      applyRdb(engine, file);
      expect(await keyspace(engineCall(engine))).toEqual(await keyspace(theirs));
    } finally {
      redis.close();
      await server.stop();
    }
  });
});
