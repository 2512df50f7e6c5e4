import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { canon, compare, resetBoth, ttl, wire, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();

const range = <T,>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

/** Commands creating one key of each encoding, identically on both sides. */
const SETUP: string[][] = [
  ['SET', 's:short', 'hello'], ['SET', 's:int8', '-7'], ['SET', 's:int16', '3000'], ['SET', 's:int32', '-2000000000'], ['SET', 's:int64', '9223372036854775807'],
  ['SET', 's:bin', '\x00\xff\r\n'], ['SET', 's:long', 'a'.repeat(300)], ['SET', 's:text', range(60, (i) => `word${i % 7}`).join(' ')], ['SET', 's:empty', ''],
  ['SET', 's:lead0', '012'], ['SET', 's:big', range(5000, (i) => String.fromCharCode(32 + ((i * 7919) % 90))).join('')],
  ['RPUSH', 'l:small', 'a', '1', '-1', '127', '128', '-4096', '4095', '4096', '40000', '-9000000', '3000000000', '9223372036854775807', '-9223372036854775808', 'x'.repeat(70), 'y'.repeat(5000)],
  ['RPUSH', 'l:big', ...range(3000, (i) => (i % 3 === 0 ? String(i * 37) : `elem-${i}`))],
  ['HSET', 'h:small', 'f1', 'v1', 'n', '12', 'neg', '-5'],
  ['HSET', 'h:big', ...range(300, (i) => [`field${i}`, `value${i}`]).flat()],
  ['HSET', 'h:long', 'f', 'v'.repeat(100)],
  ['SADD', 'set:int16', '1', '2', '3', '-100'], ['SADD', 'set:int32', '1', '70000'], ['SADD', 'set:int64', '5', '-9223372036854775808'],
  ['SADD', 'set:str', 'a', 'b', 'c'], ['SADD', 'set:bigint', ...range(600, (i) => String(i * 3))],
  ['ZADD', 'z:small', '1', 'a', '2.5', 'b', '-inf', 'c', 'inf', 'd', '0.1', 'e', '-3', 'f', '1e300', 'g'],
  ['ZADD', 'z:big', ...range(200, (i) => [String(i / 3), `m${i}`]).flat()],
  ['ZADD', 'z:long', '1', 'x'.repeat(100)],
];

const KEYS = [...new Set(SETUP.map((a) => a[1]!))];

/** The whole value, in a form that compares across servers. */
async function content(call: (argv: string[]) => Promise<Reply | undefined>, key: string): Promise<unknown> {
  const t = await call(['TYPE', key]);
  const type = t?.t === 'simple' ? t.v : '';
  const sortedArr = (r: Reply | undefined): unknown => {
    const n = canon(r) as { v: { v: string }[] };
    return n.v.map((x) => x.v).sort();
  };
  switch (type) {
    case 'string':
      return ['string', canon(await call(['GET', key]))];
    case 'list':
      return ['list', canon(await call(['LRANGE', key, '0', '-1']))];
    case 'hash':
      return ['hash', sortedArr(await call(['HGETALL', key]))];
    case 'set':
      return ['set', sortedArr(await call(['SMEMBERS', key]))];
    case 'zset':
      return ['zset', canon(await call(['ZRANGE', key, '0', '-1', 'WITHSCORES']))];
    default:
      return ['none', type];
  }
}

describe.skipIf(!run)('differential: DUMP / RESTORE vs real redis-server', () => {
  const d = useOracle();

  const ours = (argv: string[]): Promise<Reply | undefined> => Promise.resolve(wire(d.engine.exec(d.client, argv), 2));
  const theirs = (argv: string[]): Promise<Reply> => d.redis.call(argv);

  async function setup(): Promise<void> {
    await resetBoth(d);
    for (const argv of SETUP) {
      const p = await d.run(argv);
      compare('exact', p.ours, p.theirs, argv.slice(0, 3).join(' '));
    }
  }

  it('RESTORE in the engine takes what real Redis DUMPs (LZF included)', async () => {
    await setup();
    for (const key of KEYS) {
      const dumped = await theirs(['DUMP', key]);
      expect(dumped.t, key).toBe('bulk');
      const payload = (dumped as { v: string }).v;
      expect(await ours(['RESTORE', `r:${key}`, '0', payload]), key).toEqual({ t: 'simple', v: 'OK' });
      expect(await content(ours, `r:${key}`), key).toEqual(await content(theirs, key));
      // Restored keys get the encoding Redis gives them.
      await theirs(['RESTORE', `r:${key}`, '0', payload]);
      const enc = await d.run(['OBJECT', 'ENCODING', `r:${key}`]);
      compare('exact', enc.ours, enc.theirs, `OBJECT ENCODING r:${key}`);
    }
  });

  it('real Redis RESTOREs what the engine DUMPs', async () => {
    await setup();
    for (const key of KEYS) {
      const dumped = await ours(['DUMP', key]);
      expect(dumped?.t, key).toBe('bulk');
      const payload = (dumped as { v: string }).v;
      expect(await theirs(['RESTORE', `r:${key}`, '0', payload]), key).toEqual({ t: 'simple', v: 'OK' });
      expect(await content(theirs, `r:${key}`), key).toEqual(await content(ours, key));
      // And the engine reads its own payloads back.
      expect(await ours(['RESTORE', `r:${key}`, '0', payload]), key).toEqual({ t: 'simple', v: 'OK' });
      expect(await content(ours, `r:${key}`), key).toEqual(await content(ours, key));
    }
  });

  it('payloads that Redis does not compress are byte for byte the same', async () => {
    await setup();
    for (const key of ['s:short', 's:int8', 's:int16', 's:int32', 's:int64', 's:bin', 's:empty', 's:lead0', 'set:int16', 'set:int32']) {
      const p = await d.run(['DUMP', key]);
      compare('exact', p.ours, p.theirs, `DUMP ${key}`);
    }
  });

  it('RESTORE options and errors', async () => {
    await resetBoth(d);
    await d.run(['SET', 'src', 'value']);
    await d.run(['RPUSH', 'l', 'a']);
    const p = await theirs(['DUMP', 'src']);
    const payload = (p as { v: string }).v;
    const bad = payload.slice(0, -1) + String.fromCharCode(payload.charCodeAt(payload.length - 1) ^ 1);
    const newer = payload.slice(0, -10) + '\x0b\x00' + payload.slice(-8);
    const lines: (string[] | ReturnType<typeof ttl>)[] = [
      ['RESTORE', 'src', '0', payload], ['RESTORE', 'k', '0', payload], ['GET', 'k'], ['RESTORE', 'k', '0', payload, 'REPLACE'],
      ['RESTORE', 'k2', '-1', payload], ['RESTORE', 'k2', 'x', payload], ['RESTORE', 'k2', '0', bad], ['RESTORE', 'k2', '0', 'short'],
      ['RESTORE', 'k2', '0', newer], ['RESTORE', 'k2', '0', ''], ['RESTORE', 'k2', '0', payload, 'FOO'], ['RESTORE', 'k2', '0', payload, 'IDLETIME'],
      ['RESTORE', 'k2', '0', payload, 'IDLETIME', '-1'], ['RESTORE', 'k2', '0', payload, 'IDLETIME', 'x'], ['RESTORE', 'k2', '0', payload, 'FREQ', '256'],
      ['RESTORE', 'k2', '0', payload, 'FREQ', '-1'], ['RESTORE', 'k2', '0', payload, 'FREQ', '5', 'IDLETIME', '5'], ['RESTORE', 'k2', '0', payload, 'IDLETIME', '5', 'FREQ', '5'],
      ['EXISTS', 'k2'], ['RESTORE', 'k2', '0', payload, 'IDLETIME', '1000'], ['OBJECT', 'IDLETIME', 'k2'], ['RESTORE', 'k3', '100000', payload], ttl('TTL', 'k3'),
      ['RESTORE', 'k4', '4102444800000', payload, 'ABSTTL'], ['PEXPIRETIME', 'k4'], ['RESTORE', 'k5', '1', payload, 'ABSTTL'], ['EXISTS', 'k5'],
      ['RESTORE', 'k', '1', payload, 'ABSTTL', 'REPLACE'], ['EXISTS', 'k'], ['RESTORE', 'l', '0', payload, 'REPLACE'], ['TYPE', 'l'], ['DUMP', 'nokey'],
      ['RESTORE', 'src', '-1', 'junk'], ['RESTORE', 'k6', '-1', 'junk'], ['RESTORE', 'k6', '0', '\x00\x05hello\x0a\x00' + '\x00'.repeat(8)],
      ['RESTORE', 'k6', '0', '\x63' + payload.slice(1)], ['DUMP'], ['RESTORE', 'a', '0'],
    ];
    for (const raw of lines) {
      const line = Array.isArray(raw) ? { argv: raw, check: 'exact' as const } : raw;
      const r = await d.run(line.argv);
      compare(line.check ?? 'exact', r.ours, r.theirs, line.argv.map((a) => (a.length > 20 ? `<${a.length} bytes>` : a)).join(' '));
    }
  });

  it('random values of every type cross both ways with the same contents and encodings', async () => {
    await resetBoth(d);
    let seed = 5;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const word = (): string => {
      const k = rnd(4);
      if (k === 0) return String(rnd(100000) - 50000);
      if (k === 1) return String(BigInt(rnd(1 << 30)) * BigInt(rnd(1 << 30)) * 8n);
      return Array.from({ length: rnd(k === 2 ? 12 : 90) }, () => String.fromCharCode(rnd(256))).join('');
    };
    for (let round = 0; round < 30; round++) {
      const n = 1 + rnd(round % 3 === 0 ? 700 : 40);
      const items = Array.from({ length: n }, word);
      const key = `k${round}`;
      const kind = round % 5;
      if (kind === 0) await d.run(['RPUSH', key, ...items]);
      else if (kind === 1) await d.run(['SADD', key, ...items]);
      else if (kind === 2) await d.run(['HSET', key, ...items.flatMap((f, i) => [f, items[(i * 7) % n]!])]);
      else if (kind === 3) await d.run(['ZADD', key, ...items.flatMap((m) => [String((rnd(2000) - 1000) / 16), m])]);
      else await d.run(['SET', key, items.join('')]);
      for (const [from, to] of [[theirs, ours], [ours, theirs]] as const) {
        const p = await from(['DUMP', key]);
        expect(p?.t, key).toBe('bulk');
        expect(await to(['RESTORE', `r:${key}`, '0', (p as { v: string }).v, 'REPLACE']), key).toEqual({ t: 'simple', v: 'OK' });
        expect(await content(to, `r:${key}`), key).toEqual(await content(from, key));
      }
      const enc = await d.run(['OBJECT', 'ENCODING', `r:${key}`]);
      compare('exact', enc.ours, enc.theirs, `OBJECT ENCODING r:${key}`);
    }
  });

  it('a payload with a wrong type byte but a right checksum is a bad format', async () => {
    await resetBoth(d);
    await d.run(['SET', 'src', 'value']);
    const p = (await ours(['DUMP', 'src'])) as { v: string };
    const { crc64 } = await import('../../src/engine/rdb/codec');
    const body = '\x63' + p.v.slice(1, -8);
    const r = await d.run(['RESTORE', 'k', '0', body + crc64(body)]);
    compare('exact', r.ours, r.theirs, 'RESTORE with type 99');
    expect(r.ours).toEqual({ t: 'error', v: 'ERR Bad data format' });
  });
});
