/**
 * MULTI/EXEC/DISCARD/WATCH/UNWATCH against a real redis-server 7.0.15, with
 * two connections on each side so that WATCH sees other clients' writes.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { Engine } from '../../src/engine';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { type Side, both, same } from '../support/oracle';

const run = requireRedis();

/** `A` and `B` are two clients; `sleep` waits on both sides alike (real time for both servers). */
type Step = ['A' | 'B', ...string[]] | ['sleep', string] | ['A?' | 'B?', ...string[]];

interface Case {
  name: string;
  steps: Step[];
}

const cases: Case[] = [
  {
    name: 'MULTI/EXEC basics and their errors',
    steps: [
      ['A', 'EXEC'],
      ['A', 'DISCARD'],
      ['A', 'MULTI'],
      ['A', 'MULTI'],
      ['A', 'SET', 'a', '1'],
      ['A', 'INCR', 'a'],
      ['A', 'GET', 'a'],
      ['A', 'EXEC'],
      ['A', 'EXEC'],
      ['A', 'MULTI'],
      ['A', 'EXEC'],
      ['A', 'MULTI'],
      ['A', 'DISCARD'],
      ['A', 'DISCARD'],
      ['A', 'MULTI', 'x'],
      ['A', 'EXEC', 'x'],
      ['A', 'DISCARD', 'x'],
      ['A', 'UNWATCH', 'x'],
      ['A', 'WATCH'],
      ['A', 'GET', 'a'],
    ],
  },
  {
    name: 'queue-time errors abort with EXECABORT; runtime errors stay in the array',
    steps: [
      ['A', 'MULTI'],
      ['A', 'SET', 'a'],
      ['A', 'SET', 'b', '1'],
      ['A', 'EXEC'],
      ['A', 'GET', 'b'],
      ['A', 'MULTI'],
      ['A', 'NOSUCHCOMMAND', 'x'],
      ['A', 'EXEC'],
      ['A', 'MULTI'],
      ['A', 'CONFIG', 'NOSUCH'],
      ['A', 'EXEC'],
      ['A', 'SET', 's', 'str'],
      ['A', 'MULTI'],
      ['A', 'INCR', 's'],
      ['A', 'SET', 't', '1'],
      ['A', 'LPUSH', 's', 'x'],
      ['A', 'INCRBY', 't', 'nope'],
      ['A', 'GET', 't'],
      ['A', 'EXEC'],
      ['A', 'MULTI'],
      ['A', 'MULTI'],
      ['A', 'SET', 'n', '1'],
      ['A', 'EXEC'],
      ['A', 'MULTI'],
      ['A', 'WATCH', 'x'],
      ['A', 'SET', 'w', '1'],
      ['A', 'EXEC'],
    ],
  },
  {
    name: 'a refused EXEC aborts the transaction: wrong arity, OOM with write commands queued',
    steps: [
      ['A', 'MULTI'],
      ['A', 'SET', 'a', '1'],
      ['A', 'EXEC', 'x'],
      ['A', 'EXEC'],
      ['A', 'GET', 'a'],
      ['A', 'WATCH', 'a'],
      ['A', 'MULTI'],
      ['A', 'SET', 'c', '3'],
      ['B', 'CONFIG', 'SET', 'maxmemory', '1'],
      ['A', 'EXEC'],
      ['A', 'EXEC'],
      ['A', 'MULTI'],
      ['A', 'GET', 'c'],
      ['A', 'DISCARD'],
      ['B', 'CONFIG', 'SET', 'maxmemory', '0'],
      ['B', 'SET', 'a', 'changed'],
      ['A', 'MULTI'],
      ['A', 'GET', 'a'],
      ['A', 'EXEC'],
      ['A', 'GET', 'c'],
    ],
  },
  {
    name: 'commands inside MULTI: SELECT, PING, ECHO, UNWATCH, DBSIZE, FLUSHDB',
    steps: [
      ['A', 'SET', 'k0', 'zero'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'ECHO', 'hi'],
      ['A', 'SELECT', '1'],
      ['A', 'SET', 'k1', 'one'],
      ['A', 'DBSIZE'],
      ['A', 'SELECT', '0'],
      ['A', 'GET', 'k0'],
      ['A', 'GET', 'k1'],
      ['A', 'UNWATCH'],
      ['A', 'EXEC'],
      ['A', 'SELECT', '1'],
      ['A', 'GET', 'k1'],
      ['A', 'MULTI'],
      ['A', 'FLUSHDB'],
      ['A', 'DBSIZE'],
      ['A', 'EXEC'],
      ['A', 'SELECT', '0'],
      ['A', 'DBSIZE'],
    ],
  },
  {
    name: 'WATCH: another client\'s write aborts EXEC with a null reply',
    steps: [
      ['A', 'SET', 'w', '0'],
      ['A', 'WATCH', 'w'],
      ['B', 'SET', 'w', '1'],
      ['A', 'MULTI'],
      ['A', 'INCR', 'w'],
      ['A', 'EXEC'],
      ['A', 'GET', 'w'],
      // The failed EXEC unwatched everything: the next transaction goes through.
      ['A', 'MULTI'],
      ['A', 'INCR', 'w'],
      ['A', 'EXEC'],
      // Unchanged watched keys let EXEC run.
      ['A', 'WATCH', 'w', 'other'],
      ['B', 'SET', 'unrelated', '1'],
      ['B', 'GET', 'w'],
      ['A', 'MULTI'],
      ['A', 'INCR', 'w'],
      ['A', 'EXEC'],
      // Writing the same value still counts as a modification.
      ['A', 'WATCH', 'w'],
      ['B', 'SET', 'w', '3'],
      ['A', 'MULTI'],
      ['A', 'GET', 'w'],
      ['A', 'EXEC'],
      // So does a write while the transaction is queued.
      ['A', 'WATCH', 'w'],
      ['A', 'MULTI'],
      ['A', 'GET', 'w'],
      ['B', 'INCR', 'w'],
      ['A', 'EXEC'],
    ],
  },
  {
    name: 'WATCH: own writes, deletes, TTL changes, renames, other types',
    steps: [
      ['A', 'WATCH', 'k'],
      ['A', 'SET', 'k', 'mine'],
      ['A', 'MULTI'],
      ['A', 'GET', 'k'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'k'],
      ['B', 'DEL', 'k'],
      ['A', 'MULTI'],
      ['A', 'GET', 'k'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'missing'],
      ['B', 'DEL', 'missing'],
      ['A', 'MULTI'],
      ['A', 'GET', 'missing'],
      ['A', 'EXEC'],
      ['A', 'SET', 't', 'v'],
      ['A', 'WATCH', 't'],
      ['B', 'EXPIRE', 't', '100'],
      ['A', 'MULTI'],
      ['A', 'TTL', 't'],
      ['A', 'EXEC'],
      ['A', 'SET', 'p', 'v'],
      ['A', 'WATCH', 'p'],
      ['B', 'PERSIST', 'p'],
      ['A', 'MULTI'],
      ['A', 'GET', 'p'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'dst'],
      ['B', 'RENAME', 'p', 'dst'],
      ['A', 'MULTI'],
      ['A', 'GET', 'dst'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'dst'],
      ['B', 'RENAME', 'dst', 'elsewhere'],
      ['A', 'MULTI'],
      ['A', 'EXISTS', 'dst'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'h', 'l', 's'],
      ['B', 'HSET', 'h', 'f', 'v'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'l'],
      ['B', 'RPUSH', 'l', 'x'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 's'],
      ['B', 'SADD', 's', 'x'],
      ['B', 'SREM', 's', 'nope'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 's'],
      ['B', 'SREM', 's', 'nope'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
    ],
  },
  {
    name: 'WATCH: UNWATCH and DISCARD forget watched keys; WATCH inside MULTI fails',
    steps: [
      ['A', 'WATCH', 'u'],
      ['B', 'SET', 'u', '1'],
      ['A', 'UNWATCH'],
      ['A', 'MULTI'],
      ['A', 'GET', 'u'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'u'],
      ['A', 'MULTI'],
      ['A', 'DISCARD'],
      ['B', 'SET', 'u', '2'],
      ['A', 'MULTI'],
      ['A', 'GET', 'u'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'u'],
      ['A', 'WATCH', 'u', 'u'],
      ['B', 'SET', 'u', '3'],
      ['A', 'WATCH', 'v'],
      ['A', 'MULTI'],
      ['A', 'GET', 'u'],
      ['A', 'EXEC'],
    ],
  },
  {
    name: 'WATCH is per database; FLUSHALL, FLUSHDB and SWAPDB touch watched keys that exist',
    steps: [
      ['A', 'SELECT', '1'],
      ['A', 'WATCH', 'k'],
      ['B', 'SET', 'k', 'db0'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'k'],
      ['B', 'SELECT', '1'],
      ['B', 'SET', 'k', 'db1'],
      ['B', 'SELECT', '0'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'SELECT', '0'],
      ['A', 'WATCH', 'k'],
      ['B', 'FLUSHALL'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'absent'],
      ['B', 'FLUSHALL'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'SET', 'f', '1'],
      ['A', 'WATCH', 'f'],
      ['B', 'FLUSHDB'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'SET', 'f', '1'],
      ['A', 'WATCH', 'f'],
      ['B', 'SELECT', '5'],
      ['B', 'FLUSHDB'],
      ['B', 'SELECT', '0'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'f'],
      ['B', 'SWAPDB', '0', '7'],
      ['A', 'MULTI'],
      ['A', 'EXISTS', 'f'],
      ['A', 'EXEC'],
      ['A', 'WATCH', 'g'],
      ['B', 'SWAPDB', '0', '8'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
    ],
  },
  {
    name: 'WATCH and expiry: a key expiring before EXEC aborts it; one already expired does not',
    steps: [
      ['A', 'SET', 'e', '1', 'PX', '60'],
      ['A', 'WATCH', 'e'],
      ['sleep', '150'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'DEBUG', 'SET-ACTIVE-EXPIRE', '0'],
      ['A', 'SET', 'gone', '1', 'PX', '20'],
      ['sleep', '80'],
      ['A', 'WATCH', 'gone'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'SET', 'gone2', '1', 'PX', '20'],
      ['sleep', '80'],
      ['A', 'WATCH', 'gone2'],
      ['B', 'GET', 'gone2'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'SET', 'gone3', '1', 'PX', '20'],
      ['sleep', '80'],
      ['A', 'WATCH', 'gone3'],
      ['B', 'SET', 'gone3', 'again'],
      ['A', 'MULTI'],
      ['A', 'PING'],
      ['A', 'EXEC'],
      ['A', 'DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
    ],
  },
  {
    name: 'blocking commands inside MULTI reply at once as if timed out',
    steps: [
      ['A', 'MULTI'],
      ['A', 'BLPOP', 'nolist', '0'],
      ['A', 'BRPOP', 'nolist', '1'],
      ['A', 'BLMOVE', 'nolist', 'dst', 'LEFT', 'RIGHT', '0'],
      ['A', 'BZPOPMIN', 'nozset', '0'],
      ['A', 'RPUSH', 'list', 'a'],
      ['A', 'BLPOP', 'list', '0'],
      ['A', 'EXEC'],
    ],
  },
  {
    name: 'RESP3: EXEC aborted by WATCH is a null; replies keep their RESP3 types',
    steps: [
      ['A?', 'HELLO', '3'],
      ['A', 'WATCH', 'r'],
      ['B', 'SET', 'r', '1'],
      ['A', 'MULTI'],
      ['A', 'GET', 'r'],
      ['A', 'EXEC'],
      ['A', 'HSET', 'h3', 'f', 'v'],
      ['A', 'MULTI'],
      ['A', 'HGETALL', 'h3'],
      ['A', 'ZADD', 'z3', '1.5', 'm'],
      ['A', 'ZSCORE', 'z3', 'm'],
      ['A', 'EXEC'],
      ['A', 'MULTI'],
      ['A', 'RESET'],
      ['A', 'EXEC'],
    ],
  },
];

describe.skipIf(!run)('differential: transactions vs real redis-server', () => {
  let server: RedisServer;
  const open: RespClient[] = [];

  beforeAll(async () => {
    server = await startRedis(['--enable-debug-command', 'yes']);
  });
  afterAll(async () => {
    for (const c of open) c.close();
    await server?.stop();
  });

  for (const c of cases) {
    it(c.name, async () => {
      for (const x of open.splice(0)) x.close();
      const engine = new Engine({ config: { save: '' } });
      const sides: Record<'A' | 'B', Side> = {
        A: { engine, client: engine.createClient(), redis: await RespClient.connect(server.port) },
        B: { engine, client: engine.createClient(), redis: await RespClient.connect(server.port) },
      };
      open.push(sides.A.redis, sides.B.redis);
      await sides.A.redis.call(['FLUSHALL']);
      for (const step of c.steps) {
        if (step[0] === 'sleep') {
          await new Promise((r) => setTimeout(r, Number(step[1])));
          continue;
        }
        const [who, ...argv] = step;
        if (who === 'A?' || who === 'B?') {
          await both(sides[who[0] as 'A' | 'B'], argv); // reply not compared (connection ids differ)
          continue;
        }
        await same(sides[who], argv);
      }
    });
  }
});
