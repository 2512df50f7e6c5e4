/**
 * The RESP server's request parsing, byte for byte against a real
 * redis-server: the same raw bytes go to both, the bytes that come back and
 * whether the connection was closed must be identical.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRespServer, type RespServer } from '../../server/server';
import { requireRedis, startRedis, type RedisServer } from '../support/redis';
import { exchange, type Exchange } from './raw';

const withRedis = requireRedis();

interface Case {
  name: string;
  /** Chunks sent with a pause between them (tests incremental parsing). */
  send: string[];
  /** What Redis 7.0 answers (also checked without a redis-server). */
  expect?: Exchange;
}

const big = (n: number, c = 'a') => c.repeat(n);

const cases: Case[] = [
  { name: 'inline PING', send: ['PING\r\n'], expect: { out: '+PONG\r\n', closed: false } },
  { name: 'inline with bare LF and blank lines', send: ['\r\n\r\n  \r\nPING\n'], expect: { out: '+PONG\r\n', closed: false } },
  {
    name: 'invalid multibulk length after a good command',
    send: ['*1\r\n$4\r\nPING\r\n*x\r\nPING\r\n'],
    expect: { out: '+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n', closed: true },
  },
  { name: "expected '$'", send: ['*2\r\nx4\r\n'], expect: { out: "-ERR Protocol error: expected '$', got 'x'\r\n", closed: true } },
  { name: "expected '$' got CR", send: ['*1\r\n\r\nxx'], expect: { out: "-ERR Protocol error: expected '$', got ' '\r\n", closed: true } },
  { name: "expected '$' got LF", send: ['*1\r\n\nxx\r\n'] },
  { name: "expected '$' got a high byte", send: ['*1\r\n\xffxx\r\n'] },
  { name: 'negative bulk length', send: ['*1\r\n$-1\r\n'], expect: { out: '-ERR Protocol error: invalid bulk length\r\n', closed: true } },
  { name: 'non-numeric bulk length', send: ['*1\r\n$abc\r\n'] },
  { name: 'bulk length with a leading zero', send: ['*1\r\n$04\r\nPING\r\n'] },
  { name: 'bulk length over 512MB', send: ['*1\r\n$536870913\r\n'] },
  { name: 'bulk length of exactly 512MB waits', send: ['*1\r\n$536870912\r\n'], expect: { out: '', closed: false } },
  { name: 'multibulk count over INT_MAX', send: ['*3000000000\r\n'] },
  { name: 'multibulk count of INT_MAX waits', send: ['*2147483647\r\n'] },
  { name: 'multibulk count with leading zero', send: ['*01\r\n$4\r\nPING\r\n'] },
  { name: 'multibulk count with plus sign', send: ['*+1\r\n$4\r\nPING\r\n'] },
  { name: 'empty and negative multibulk are skipped', send: ['*0\r\n*-1\r\n*-9223372036854775808\r\nPING\r\n'] },
  { name: 'multibulk count overflowing int64', send: ['*-9223372036854775809\r\nPING\r\n'] },
  { name: 'bytes after a bulk are skipped unchecked', send: ['*1\r\n$4\r\nPINGxyPING\n'] },
  { name: 'the byte after CR is skipped unchecked', send: ['*1\r$4\rPINGx'] },
  { name: 'unbalanced double quote', send: ['set a "b\r\n'], expect: { out: '-ERR Protocol error: unbalanced quotes in request\r\n', closed: true } },
  { name: 'closing quote followed by a letter', send: ['echo "a"b\r\n'] },
  { name: 'single quotes with escaped quote', send: ["echo 'a\\'b'\r\n"], expect: { out: "$3\r\na'b\r\n", closed: false } },
  { name: 'double quote escapes', send: ['echo "\\\\\\"\\n\\t\\a\\b\\r\\q\\x41\\x4"\n'] },
  { name: 'empty quoted arguments', send: ['echo   ""  \'\'  "x y"\n', 'echo ""\n'] },
  { name: 'inline set then get with hex escapes', send: ['set k "a\\x41\\n"\r\nget k\r\n'] },
  { name: 'vertical tab is part of an unquoted argument', send: ['get\x0bx\r\n'] },
  { name: 'NUL before LF in inline: Redis waits', send: ['PI\x00NG\r\nPING\r\n'], expect: { out: '', closed: false } },
  { name: 'NUL first: Redis waits', send: ['\x00PING\r\nPING\r\n'] },
  { name: 'NUL before CR in a count: Redis waits', send: ['*1\x00\r\n$4\r\nPING\r\n'] },
  { name: 'POST closes without the pending replies', send: ['PING\r\nPOST / HTTP/1.1\r\nPING\r\n'], expect: { out: '', closed: true } },
  { name: 'Host: closes', send: ['host: x\r\n'] },
  { name: 'replies sent before POST stay sent', send: ['PING\r\n', 'POST /\r\n'] },
  {
    name: 'a request split at every byte',
    send: ['*', '2', '\r', '\n$4\r\nEC', 'HO\r\n$', '2\r', '\nhi', '\r\n'],
    expect: { out: '$2\r\nhi\r\n', closed: false },
  },
  { name: 'pipelined requests across chunks', send: ['PING\r\n*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPI', 'NG\r\n*1\r\n$4\r\nPING\r\n*z'] },
  { name: 'incomplete count waits', send: ['*1\r\n$4\r\nPING\r\n*1\r\n'] },
  { name: 'binary bulk arguments', send: ['*3\r\n$3\r\nSET\r\n$3\r\nb\x00\xff\r\n$4\r\n\r\n\x00\x80\r\n*2\r\n$3\r\nGET\r\n$3\r\nb\x00\xff\r\n'] },
  { name: 'too big inline request', send: [big(70_000)], expect: { out: '-ERR Protocol error: too big inline request\r\n', closed: true } },
  { name: 'inline of exactly 64KB waits', send: [big(65_536)], expect: { out: '', closed: false } },
  { name: 'too big mbulk count string', send: ['*' + big(70_000, '1')] },
  { name: 'too big bulk count string', send: ['*1\r\n$' + big(70_000, '1')] },
  { name: 'long inline request that ends', send: ['ECHO ' + big(30_000, 'x') + '\r\n'] },
  { name: 'large bulk argument in pieces', send: ['*2\r\n$4\r\nECHO\r\n$100000\r\n', big(40_000, 'y'), big(60_000, 'z') + '\r\nPING\r\n'] },
];

describe('RESP server: request parsing', () => {
  let ours: RespServer;
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    ours = await startRespServer({ port: 0 });
    if (withRedis) redis = await startRedis();
  });
  afterAll(async () => {
    await ours?.close();
    await redis?.stop();
  });

  for (const c of cases) {
    it(c.name, async () => {
      const [mine, theirs] = await Promise.all([
        exchange(ours.port, c.send),
        redis ? exchange(redis.port, c.send) : Promise.resolve(undefined),
      ]);
      if (c.expect) expect(mine).toEqual(c.expect);
      if (theirs) expect(mine).toEqual(theirs);
      if (!c.expect && !theirs) expect.fail('no oracle: run with redis-server installed');
    });
  }
});
