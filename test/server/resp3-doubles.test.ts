/**
 * Doubles on the wire from the RESP server, byte for byte against a real
 * redis-server: RESP3 `,` replies and RESP2 bulk strings for scores at exact
 * ties of the 17th digit (glibc rounds them to even, JavaScript away from
 * zero) and at the extremes of the double range.
 */
import { describe, expect, it } from 'vitest';
import { requireRedis } from '../support/redis';
import { bothServers } from '../support/servers';
import { exchange } from './raw';

const withRedis = requireRedis();

/** Scores whose %.17g text is easy to get wrong. */
const SCORES = [
  '1234567890123456.25', // exact tie: Redis prints ...456.2
  '1234567890123456.75', // exact tie: ...456.8
  '-1234567890123456.25',
  '0.1',
  '1e-5',
  '0.0001',
  '1e16',
  '1e17',
  '123456789012345678',
  '9007199254740993',
  '1.7976931348623157e308',
  '-1.7976931348623157e308',
  '2.2250738585072014e-308',
  '5e-324',
  '-0',
  'inf',
  '-inf',
];

const inline = (...argv: string[]): string => `${argv.join(' ')}\r\n`;

/** The requests: every score stored, then read back one by one, as a range and after ZINCRBY. */
function requests(): string[] {
  const out = [inline('FLUSHALL')];
  SCORES.forEach((s, i) => out.push(inline('ZADD', 'z', s, `m${i}`)));
  SCORES.forEach((_, i) => out.push(inline('ZSCORE', 'z', `m${i}`)));
  out.push(inline('ZRANGE', 'z', '0', '-1', 'WITHSCORES'));
  out.push(inline('ZMSCORE', 'z', 'm0', 'm1', 'm13', 'missing'));
  out.push(inline('ZINCRBY', 'z', '0.25', 'm0'));
  out.push(inline('ZINCRBY', 'z', '1e300', 'm10'));
  out.push(inline('ZADD', 'z', 'INCR', '0.5', 'm1'));
  out.push(inline('ZRANGEBYSCORE', 'z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', '0', '5'));
  out.push(inline('ZSCAN', 'z', '0', 'COUNT', '100'));
  return out;
}

/** Everything after HELLO's reply (its client id differs between the servers). */
function afterHello(out: string): string {
  const end = '$7\r\nmodules\r\n*0\r\n';
  const at = out.indexOf(end);
  expect(at).toBeGreaterThan(0);
  return out.slice(at + end.length);
}

describe.skipIf(!withRedis)('RESP server: doubles match redis-server byte for byte', () => {
  const servers = bothServers();

  for (const resp of ['2', '3']) {
    it(`RESP${resp}`, async () => {
      const send = [inline('HELLO', resp) + requests().join('')];
      const [mine, theirs] = await Promise.all([exchange(servers.ours.port, send), exchange(servers.redis.port, send)]);
      const a = afterHello(mine.out);
      const b = afterHello(theirs.out);
      expect(a).toBe(b);
      if (resp === '3') {
        expect(a).toContain(',1234567890123456.2\r\n');
        expect(a).toContain(',4.9406564584124654e-324\r\n');
      }
    });
  }
});
