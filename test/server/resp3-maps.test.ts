/**
 * Maps on the wire from the RESP server, byte for byte against a real
 * redis-server after HELLO 3 (`%` replies, maps nested in arrays and maps
 * holding arrays) and in RESP2 (the same replies as flat arrays): hashes
 * of every encoding and of big values, CONFIG GET, XINFO STREAM (FULL),
 * XINFO GROUPS.
 */
import { describe, expect, it } from 'vitest';
import { requireRedis } from '../support/redis';
import { bothServers } from '../support/servers';
import { exchange } from './raw';

const withRedis = requireRedis();

/** A request in RESP (arguments may hold any byte). */
const command = (...argv: string[]): string => `*${argv.length}\r\n${argv.map((a) => `$${a.length}\r\n${a}\r\n`).join('')}`;

function requests(): string[] {
  const big = 'v'.repeat(70_000); // past the size where values are no longer copied
  // Control bytes and high bytes, short enough to keep a small hash a listpack.
  const bytes = Array.from({ length: 60 }, (_, i) => String.fromCharCode(i < 30 ? i : 196 + i)).join('');
  const manyFields: string[] = [];
  for (let i = 0; i < 200; i++) manyFields.push(`f${i}`, String(i * 7));
  return [
    command('FLUSHALL'),
    command('HSET', 'small', 'a', '1', 'b', '', 'c', bytes),
    command('HGETALL', 'small'),
    // Past hash-max-listpack-entries: a hashtable, in redis-server's own order.
    command('HSET', 'many', ...manyFields),
    command('HGETALL', 'many'),
    command('HSET', 'bigvalue', 'k', big),
    command('HGETALL', 'bigvalue'),
    command('HGETALL', 'missing'),
    command('CONFIG', 'GET', 'maxmemory'),
    command('CONFIG', 'GET', 'hash-max-listpack-entries'),
    command('CONFIG', 'GET', 'no-such-parameter'),
    command('XADD', 's', '1-1', 'name', 'ada', 'lang', 'en'),
    command('XADD', 's', '2-0', 'name', 'bob'),
    command('XADD', 's', '3-5', 'x', bytes),
    command('XGROUP', 'CREATE', 's', 'g1', '0'),
    command('XGROUP', 'CREATE', 's', 'g2', '$'),
    command('XINFO', 'STREAM', 's'),
    command('XINFO', 'GROUPS', 's'),
    command('XDEL', 's', '2-0'),
    command('XINFO', 'STREAM', 's'),
    command('XINFO', 'STREAM', 's', 'FULL', 'COUNT', '2'),
  ];
}

/** Everything after HELLO's reply (its client id differs between the servers). */
function afterHello(out: string): string {
  const end = '$7\r\nmodules\r\n*0\r\n';
  const at = out.indexOf(end);
  expect(at).toBeGreaterThan(0);
  return out.slice(at + end.length);
}

describe.skipIf(!withRedis)('RESP server: maps match redis-server byte for byte', () => {
  const servers = bothServers();

  for (const resp of ['2', '3']) {
    it(`RESP${resp}`, async () => {
      const send = [command('HELLO', resp) + requests().join('')];
      const [mine, theirs] = await Promise.all([exchange(servers.ours.port, send), exchange(servers.redis.port, send)]);
      const a = afterHello(mine.out);
      const b = afterHello(theirs.out);
      expect(a.length).toBe(b.length);
      expect(a).toBe(b);
      if (resp === '3') {
        expect(a).toContain('%3\r\n$1\r\na\r\n$1\r\n1\r\n');
        expect(a).toContain('%200\r\n');
        expect(a).toContain('%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n');
      } else {
        expect(a).not.toContain('%');
      }
    });
  }
});
