/**
 * Key specs against a real redis-server 7.0.15: COMMAND INFO's key specs of
 * every command both servers have, and COMMAND GETKEYS / GETKEYSANDFLAGS
 * (which keys, in which order, with which flags) over command lines of
 * every kind: fixed ranges, key counts, keywords, movable keys, the
 * commands whose flags depend on their arguments, and bad arguments.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { requireRedis } from '../support/redis';
import { canon, text, useOracle, wire } from '../support/oracle';

const run = requireRedis();

const LINES: string[][] = [
  // Fixed ranges, one spec.
  ['GET', 'k'],
  ['SET', 'k', 'v'],
  ['SET', 'k', 'v', 'GET'],
  ['SET', 'k', 'v', 'EX', '10', 'get'],
  ['SET', 'k', 'v', 'GETX'],
  ['APPEND', 'k', 'v'],
  ['DEL', 'a', 'b', 'c'],
  ['UNLINK', 'a'],
  ['EXISTS', 'a', 'b'],
  ['TYPE', 'a'],
  ['TTL', 'a'],
  ['TOUCH', 'a', 'b'],
  ['MSET', 'a', '1', 'b', '2'],
  ['MSETNX', 'a', '1', 'b', '2'],
  ['MGET', 'a', 'b', 'c'],
  ['INCR', 'n'],
  ['EXPIRE', 'k', '10'],
  ['PERSIST', 'k'],
  ['GETDEL', 'k'],
  ['GETEX', 'k', 'PERSIST'],
  ['HSET', 'h', 'f', 'v'],
  ['HGET', 'h', 'f'],
  ['HLEN', 'h'],
  ['LPUSH', 'l', 'a'],
  ['LPOP', 'l'],
  ['LLEN', 'l'],
  ['LINSERT', 'l', 'BEFORE', 'a', 'b'],
  ['SADD', 's', 'm'],
  ['SREM', 's', 'm'],
  ['SISMEMBER', 's', 'm'],
  ['SMOVE', 'a', 'b', 'm'],
  ['ZADD', 'z', '1', 'm'],
  ['ZINCRBY', 'z', '1', 'm'],
  ['ZRANGESTORE', 'dst', 'src', '0', '-1'],
  ['PFADD', 'hll', 'a'],
  ['PFMERGE', 'dst', 'a', 'b'],
  ['PFCOUNT', 'a', 'b'],
  ['XADD', 'x', '*', 'f', 'v'],
  ['XGROUP', 'CREATE', 'x', 'g', '$'],
  ['XGROUP', 'DESTROY', 'x', 'g'],
  ['XINFO', 'STREAM', 'x'],
  ['XAUTOCLAIM', 'x', 'g', 'c', '0', '0'],
  ['OBJECT', 'ENCODING', 'k'],
  ['MEMORY', 'USAGE', 'k'],
  ['DUMP', 'k'],
  ['RESTORE', 'k', '0', 'payload'],
  ['WATCH', 'a', 'b'],
  ['COPY', 'a', 'b'],
  ['RENAME', 'a', 'b'],
  ['RENAMENX', 'a', 'b'],
  ['MOVE', 'a', '1'],
  ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
  ['RPOPLPUSH', 'a', 'b'],
  ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'],
  ['BLPOP', 'a', 'b', '0'],
  ['BZPOPMIN', 'a', 'b', '0'],
  ['BITOP', 'AND', 'dst', 'a', 'b'],
  ['BITFIELD_RO', 'k', 'GET', 'u8', '0'],
  ['GEOADD', 'g', '1', '2', 'm'],
  ['GEOSEARCH', 'g', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
  ['GEOSEARCHSTORE', 'dst', 'src', 'FROMLONLAT', '0', '0', 'BYRADIUS', '1', 'km'],
  ['SUNIONSTORE', 'dst', 'a', 'b'],
  ['SINTER', 'a', 'b'],
  ['LCS', 'a', 'b'],
  // Variable flags: BITFIELD reads only while every operation is a GET.
  ['BITFIELD', 'k', 'GET', 'u8', '0'],
  ['BITFIELD', 'k', 'GET', 'u8', '0', 'OVERFLOW', 'SAT', 'GET', 'u8', '8'],
  ['BITFIELD', 'k', 'SET', 'u8', '0', '1'],
  ['BITFIELD', 'k', 'GET', 'u8', '0', 'INCRBY', 'u8', '0', '1'],
  ['BITFIELD', 'k', 'GET', 'u8'],
  ['BITFIELD', 'k'],
  // Key counts (movable keys).
  ['ZUNIONSTORE', 'dst', '2', 'a', 'b', 'WEIGHTS', '1', '2'],
  ['ZINTERSTORE', 'dst', '1', 'a'],
  ['ZDIFFSTORE', 'dst', '2', 'a', 'b'],
  ['ZUNIONSTORE', 'dst', '3', 'a', 'b'],
  ['ZUNIONSTORE', 'dst', '0', 'a'],
  ['ZUNIONSTORE', 'dst', '-1', 'a'],
  ['ZUNIONSTORE', 'dst', 'x', 'a'],
  ['ZUNION', '2', 'a', 'b'],
  ['ZINTER', '1', 'a', 'WITHSCORES'],
  ['ZDIFF', '2', 'a', 'b'],
  ['ZINTERCARD', '2', 'a', 'b', 'LIMIT', '1'],
  ['SINTERCARD', '2', 'a', 'b'],
  ['SINTERCARD', '5', 'a', 'b'],
  ['LMPOP', '2', 'a', 'b', 'LEFT'],
  ['BLMPOP', '0', '2', 'a', 'b', 'LEFT'],
  ['ZMPOP', '1', 'a', 'MIN'],
  ['BZMPOP', '0', '1', 'a', 'MIN'],
  ['EVAL', 'return 1', '0'],
  ['EVAL', 'return 1', '2', 'a', 'b', 'arg'],
  ['EVAL_RO', 'return 1', '1', 'a'],
  ['EVALSHA', 'abc', '1', 'a'],
  ['EVALSHA_RO', 'abc', '1', 'a'],
  ['FCALL', 'f', '2', 'a', 'b'],
  ['FCALL_RO', 'f', '1', 'a'],
  ['FCALL', 'f', '0'],
  ['EVAL', 'return 1', '3', 'a'],
  // Keywords (movable keys).
  ['XREAD', 'STREAMS', 'a', 'b', '0', '0'],
  ['XREAD', 'COUNT', '2', 'BLOCK', '0', 'STREAMS', 'a', '0'],
  ['XREAD', 'STREAMS', 'a', 'b', '0'],
  ['XREAD', 'COUNT', '2', 'a', 'b'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'],
  ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'NOACK', 'STREAMS', 'a', 'b', '>', '>'],
  ['GEORADIUS', 'g', '0', '0', '1', 'km'],
  ['GEORADIUS', 'g', '0', '0', '1', 'km', 'STORE', 'dst'],
  ['GEORADIUS', 'g', '0', '0', '1', 'km', 'STOREDIST', 'dst'],
  ['GEORADIUS', 'g', '0', '0', '1', 'km', 'STORE', 'a', 'STOREDIST', 'b'],
  ['GEORADIUS', 'g', '0', '0', '1', 'km', 'STORE'],
  ['GEORADIUSBYMEMBER', 'g', 'm', '1', 'km', 'STORE', 'dst'],
  ['GEORADIUS_RO', 'g', '0', '0', '1', 'km'],
  ['SORT', 'k'],
  ['SORT', 'k', 'STORE', 'dst'],
  ['SORT', 'k', 'BY', 'w_*', 'GET', '#', 'LIMIT', '0', '10', 'STORE', 'dst'],
  ['SORT', 'k', 'STORE', 'a', 'STORE', 'b'],
  ['SORT', 'k', 'GET', 'STORE'],
  ['SORT_RO', 'k', 'BY', 'x'],
  // Not keys, no keys, bad arguments.
  ['SPUBLISH', 'ch', 'msg'],
  ['PUBLISH', 'ch', 'msg'],
  ['PING'],
  ['NOSUCH', 'x'],
  ['GET'],
  ['GET', 'a', 'b'],
  ['XGROUP', 'CREATE'],
];

describe.skipIf(!run)('differential: key specs vs real redis-server', () => {
  const d = useOracle();

  async function compare(argv: string[]): Promise<void> {
    const p = await d.run(argv);
    expect(canon(wire(p.ours, d.client.resp), { sortMaps: true }), argv.join(' ')).toEqual(canon(p.theirs, { sortMaps: true }));
  }

  it('COMMAND INFO: the key specs of every command and subcommand', async () => {
    const all = await d.redis.call(['COMMAND']);
    if (all.t !== 'array') throw new Error('COMMAND did not answer an array');
    const names: string[] = [];
    const visit = (info: Reply): void => {
      if (info.t !== 'array') return;
      names.push(text(info.v[0]));
      const subs = info.v[9];
      if (subs?.t === 'array') for (const s of subs.v) visit(s);
    };
    for (const info of all.v) visit(info);
    const ours = new Set<string>();
    const ourList = d.engine.exec(d.client, ['COMMAND', 'LIST']);
    if (ourList?.t === 'array') for (const n of ourList.v) ours.add(text(n));
    const shared = names.filter((n) => ours.has(n));
    // Every command of Redis's table but cluster, module and replication commands and a few others we do not have.
    const absent = names.filter((n) => !ours.has(n) && !/^(cluster|module)(\||$)/.test(n));
    expect(absent.sort()).toEqual(
      ['asking', 'bgrewriteaof', 'failover', 'lolwut', 'migrate', 'pfselftest', 'psync', 'readonly', 'readwrite', 'replconf', 'replicaof', 'restore-asking', 'role', 'slaveof', 'sync', 'wait'],
    );
    const specs = (r: Reply | undefined): unknown => {
      if (r?.t !== 'array') return canon(r);
      return r.v.map((info) => (info.t === 'array' ? [text(info.v[0]), canon(info.v[8], { sortMaps: true })] : canon(info)));
    };
    for (let i = 0; i < shared.length; i += 40) {
      const argv = ['COMMAND', 'INFO', ...shared.slice(i, i + 40)];
      const p = await d.run(argv);
      expect(specs(wire(p.ours, 2))).toEqual(specs(p.theirs));
    }
  });

  it('COMMAND GETKEYSANDFLAGS and GETKEYS over many command lines, RESP2 and RESP3', async () => {
    for (const resp of ['2', '3']) {
      await d.run(['HELLO', resp]);
      for (const line of LINES) {
        await compare(['COMMAND', 'GETKEYSANDFLAGS', ...line]);
        await compare(['COMMAND', 'GETKEYS', ...line]);
      }
    }
  });
});
