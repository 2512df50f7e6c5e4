import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDouble as redisDouble, formatG } from '../../src/text/double';
import {
  formatCommandReply,
  formatCommandReplyBytes,
  formatPush,
  formatReply,
  formatReplyBytes,
  printsRaw,
  quoteBytes,
} from '../../src/cli/format';
import { toText, type Reply } from '../../src/engine';
import { splitArgs } from '../../src/cli/split';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { encode3, FakeRedis } from './fake-server';
import { requireRedisCli, runRedisCli } from './support';
import { mulberry32 as rng } from '../support/rng';

const bulk = (v: string): Reply => ({ t: 'bulk', v });
const int = (v: number | bigint): Reply => ({ t: 'int', v });
const arr = (...v: Reply[]): Reply => ({ t: 'array', v });
const map = (...v: [Reply, Reply][]): Reply => ({ t: 'map', v });
const set = (...v: Reply[]): Reply => ({ t: 'set', v });

/** Equality with a readable first differing line for long outputs. */
export function expectSame(got: string, want: string, what: string): void {
  if (got === want) return;
  const g = got.split('\n');
  const w = want.split('\n');
  let i = 0;
  while (i < g.length && i < w.length && g[i] === w[i]) i++;
  expect.fail(`${what}: line ${i + 1} differs\n  redis-cli: ${JSON.stringify(g[i])}\n  ours:      ${JSON.stringify(w[i])}`);
}

describe('formatReply: scalars', () => {
  it('prints status replies bare, errors and integers labelled', () => {
    expect(formatReply({ t: 'simple', v: 'OK' })).toBe('OK');
    expect(formatReply({ t: 'simple', v: 'PONG' })).toBe('PONG');
    expect(formatReply({ t: 'error', v: 'ERR syntax error' })).toBe('(error) ERR syntax error');
    expect(formatReply(int(3))).toBe('(integer) 3');
    expect(formatReply(int(-42))).toBe('(integer) -42');
    expect(formatReply(int(9223372036854775807n))).toBe('(integer) 9223372036854775807');
    expect(formatReply({ t: 'nil' })).toBe('(nil)');
    expect(formatReply({ t: 'nilarray' })).toBe('(nil)');
  });

  it('quotes bulk strings with sdscatrepr escapes', () => {
    expect(formatReply(bulk('hello world'))).toBe('"hello world"');
    expect(formatReply(bulk(''))).toBe('""');
    expect(formatReply(bulk('a"b\\c'))).toBe('"a\\"b\\\\c"');
    expect(formatReply(bulk('\n\r\t\x07\b'))).toBe('"\\n\\r\\t\\a\\b"');
    expect(formatReply(bulk('\0\x01\x1b\x7f\x0b\x0c'))).toBe('"\\x00\\x01\\x1b\\x7f\\x0b\\x0c"');
    // Every byte >= 0x80 is escaped, so UTF-8 text shows as its bytes.
    expect(formatReply(bulk('\xf0\x9f\x98\x80'))).toBe('"\\xf0\\x9f\\x98\\x80"');
    expect(formatReply(bulk('caf\xc3\xa9'))).toBe('"caf\\xc3\\xa9"');
    expect(formatReply(bulk('\xff\x80'))).toBe('"\\xff\\x80"');
    expect(formatReply(bulk(" !#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~"))).toBe('" !#$%&\'()*+,-./09:;<=>?@AZ[]^_`az{|}~"');
  });

  it('escapes every non-printable byte value and keeps every printable one', () => {
    for (let b = 0; b < 256; b++) {
      const q = quoteBytes(String.fromCharCode(b));
      const named: Record<number, string> = { 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x07: '\\a', 0x08: '\\b', 0x22: '\\"', 0x5c: '\\\\' };
      const want = named[b] ?? (b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`);
      expect(q).toBe(`"${want}"`);
    }
  });

  it('lowers RESP3-only types for a RESP2 connection (the default)', () => {
    expect(formatReply({ t: 'double', v: 1.5 })).toBe('"1.5"');
    expect(formatReply({ t: 'double', v: 0.1 })).toBe('"0.10000000000000001"');
    expect(formatReply({ t: 'double', v: Infinity })).toBe('"inf"');
    expect(formatReply({ t: 'bool', v: true })).toBe('(integer) 1');
    expect(formatReply({ t: 'bool', v: false })).toBe('(integer) 0');
    expect(formatReply({ t: 'verbatim', format: 'txt', v: 'a\nb' })).toBe('"a\\nb"');
    expect(formatReply({ t: 'bignum', v: '123456789012345678901234567890' })).toBe('"123456789012345678901234567890"');
    expect(formatReply(map([bulk('f'), bulk('v')], [bulk('g'), int(2)]))).toBe('1) "f"\n2) "v"\n3) "g"\n4) (integer) 2');
    expect(formatReply(set(bulk('a')))).toBe('1) "a"');
    expect(formatReply(map())).toBe('(empty array)');
    expect(formatReply(set())).toBe('(empty array)');
  });

  it('prints RESP3 types with their labels', () => {
    const r3 = { resp: 3 } as const;
    expect(formatReply({ t: 'double', v: 1.5 }, r3)).toBe('(double) 1.5');
    expect(formatReply({ t: 'double', v: 3 }, r3)).toBe('(double) 3');
    expect(formatReply({ t: 'double', v: -Infinity }, r3)).toBe('(double) -inf');
    expect(formatReply({ t: 'double', v: 1e21 }, r3)).toBe('(double) 1e+21');
    expect(formatReply({ t: 'bool', v: true }, r3)).toBe('(true)');
    expect(formatReply({ t: 'bool', v: false }, r3)).toBe('(false)');
    expect(formatReply({ t: 'verbatim', format: 'txt', v: 'This is a verbatim\nstring' }, r3)).toBe('This is a verbatim\nstring');
    expect(formatReply({ t: 'bignum', v: '1234567999999999999999999999999999999' }, r3)).toBe(
      '(big number) 1234567999999999999999999999999999999',
    );
    expect(formatReply(map(), r3)).toBe('(empty hash)');
    expect(formatReply(set(), r3)).toBe('(empty set)');
    expect(formatReply({ t: 'push', v: [] }, r3)).toBe('(empty push)');
    expect(formatReply({ t: 'nil' }, r3)).toBe('(nil)');
  });
});

describe('formatReply: aggregates', () => {
  it('numbers array items and right-aligns the index to the widest one', () => {
    expect(formatReply(arr())).toBe('(empty array)');
    expect(formatReply(arr(bulk('a'), bulk('b')))).toBe('1) "a"\n2) "b"');
    const eleven = arr(...'abcdefghijk'.split('').map(bulk));
    expect(formatReply(eleven).split('\n')).toEqual([
      ' 1) "a"', ' 2) "b"', ' 3) "c"', ' 4) "d"', ' 5) "e"', ' 6) "f"', ' 7) "g"', ' 8) "h"', ' 9) "i"', '10) "j"', '11) "k"',
    ]);
    const hundred = formatReply(arr(...Array.from({ length: 100 }, (_, i) => int(i)))).split('\n');
    expect(hundred[0]).toBe('  1) (integer) 0');
    expect(hundred[9]).toBe(' 10) (integer) 9');
    expect(hundred[99]).toBe('100) (integer) 99');
  });

  it('indents nested arrays under the first item of their parent', () => {
    expect(formatReply(arr(int(1), arr(int(2), arr(int(3), int(4))), arr()))).toBe(
      ['1) (integer) 1', '2) 1) (integer) 2', '   2) 1) (integer) 3', '      2) (integer) 4', '3) (empty array)'].join('\n'),
    );
    // ZRANGE WITHSCORES under RESP3 and SCAN-like replies.
    expect(formatReply(arr(bulk('0'), arr(bulk('k1'), bulk('k2'))))).toBe('1) "0"\n2) 1) "k1"\n   2) "k2"');
    // A parent with ten items indents its children one column further.
    const ten = arr(...Array.from({ length: 10 }, (_, i) => arr(int(i), int(i))));
    const lines = formatReply(ten).split('\n');
    expect(lines[0]).toBe(' 1) 1) (integer) 0');
    expect(lines[1]).toBe('    2) (integer) 0');
    expect(lines[18]).toBe('10) 1) (integer) 9');
    expect(lines[19]).toBe('    2) (integer) 9');
  });

  it('prints LCS IDX the way redis-cli does', () => {
    const lcs = arr(
      bulk('matches'),
      arr(arr(arr(int(4), int(7)), arr(int(5), int(8))), arr(arr(int(2), int(3)), arr(int(0), int(1)))),
      bulk('len'),
      int(6),
    );
    expect(formatReply(lcs)).toBe(
      [
        '1) "matches"',
        '2) 1) 1) 1) (integer) 4',
        '         2) (integer) 7',
        '      2) 1) (integer) 5',
        '         2) (integer) 8',
        '   2) 1) 1) (integer) 2',
        '         2) (integer) 3',
        '      2) 1) (integer) 0',
        '         2) (integer) 1',
        '3) "len"',
        '4) (integer) 6',
      ].join('\n'),
    );
  });

  it('prints RESP3 maps with => and breaks the line before a multi-line value', () => {
    const r3 = { resp: 3 } as const;
    expect(formatReply(map([bulk('server'), bulk('redis')], [bulk('proto'), int(3)], [bulk('modules'), arr()]), r3)).toBe(
      '1# "server" => "redis"\n2# "proto" => (integer) 3\n3# "modules" => (empty array)',
    );
    expect(formatReply(map([bulk('k'), arr(int(1), int(2))]), r3)).toBe('1# "k" => \n   1) (integer) 1\n   2) (integer) 2');
    expect(formatReply(map([bulk('k'), arr(int(1))]), r3)).toBe('1# "k" => 1) (integer) 1');
    expect(formatReply(map([bulk('a'), map([bulk('b'), int(1)], [bulk('c'), int(2)])]), r3)).toBe(
      '1# "a" => \n   1# "b" => (integer) 1\n   2# "c" => (integer) 2',
    );
    expect(formatReply(set(int(0), int(1), int(2)), r3)).toBe('1~ (integer) 0\n2~ (integer) 1\n3~ (integer) 2');
    expect(formatReply({ t: 'push', v: [bulk('message'), bulk('ch'), bulk('hi')] }, r3)).toBe('1) "message"\n2) "ch"\n3) "hi"');
  });

  it('keeps raw bytes of status, error and verbatim replies, decoded as UTF-8 text', () => {
    const e: Reply = { t: 'error', v: "ERR unknown command 'h\xc3\xa9', with args beginning with: " };
    expect(formatReplyBytes(e)).toBe("(error) ERR unknown command 'h\xc3\xa9', with args beginning with: ");
    expect(formatReply(e)).toBe("(error) ERR unknown command 'hé', with args beginning with: ");
    expect(formatReply({ t: 'verbatim', format: 'txt', v: '\xf0\x9f\x98\x80' }, { resp: 3 })).toBe('😀');
  });
});

describe('formatCommandReply: commands redis-cli prints raw', () => {
  it('knows the list from redis-cli 7.0', () => {
    for (const argv of [['INFO'], ['info', 'server'], ['LOLWUT'], ['CLIENT', 'LIST'], ['client', 'info'], ['MEMORY', 'DOCTOR'], ['LATENCY', 'DOCTOR'], ['LATENCY', 'GRAPH', 'x'], ['CLUSTER', 'NODES'], ['DEBUG', 'HTSTATS', '0']]) {
      expect(printsRaw(argv), argv.join(' ')).toBe(true);
    }
    for (const argv of [['GET', 'k'], ['CLIENT', 'ID'], ['CLUSTER', 'NODES', 'x'], ['LATENCY', 'GRAPH'], ['MEMORY', 'USAGE', 'k'], []]) {
      expect(printsRaw(argv), argv.join(' ')).toBe(false);
    }
  });

  it('prints INFO text as is, other replies as usual', () => {
    const info = bulk('# Server\r\nredis_version:7.0.15\r\n');
    expect(formatCommandReplyBytes(['INFO'], info)).toBe('# Server\r\nredis_version:7.0.15\r');
    expect(formatCommandReply(['INFO'], info)).toBe('# Server\nredis_version:7.0.15\r');
    expect(formatCommandReply(['INFO', 'a', 'b', 'c'], { t: 'error', v: 'ERR syntax error' })).toBe('ERR syntax error');
    expect(formatCommandReply(['GET', 'k'], bulk('a\nb'))).toBe('"a\\nb"');
    expect(formatCommandReply(['CLIENT', 'LIST'], arr(bulk('a'), int(2)))).toBe('a\n2');
  });
});

describe('formatPush', () => {
  it('prints invalidations specially and other pushes as replies', () => {
    const inv: Reply = { t: 'push', v: [bulk('invalidate'), arr(bulk('k1'), bulk('k2'))] };
    expect(formatPush(inv)).toBe("-> invalidate: 'k1', 'k2'");
    const msg: Reply = { t: 'push', v: [bulk('message'), bulk('news'), bulk('hi')] };
    expect(formatPush(msg)).toBe('1) "message"\n2) "news"\n3) "hi"');
    expect(formatPush({ t: 'push', v: [bulk('invalidate'), { t: 'nil' }] })).toBe('1) "invalidate"\n2) (nil)');
  });
});

describe('%.17g doubles', () => {
  it('matches glibc, including exact ties (round half to even)', () => {
    const cases: [number, string][] = [
      [0.1, '0.10000000000000001'],
      [1.5, '1.5'],
      [3, '3'],
      [-0, '-0'],
      [0, '0'],
      [1e16, '10000000000000000'],
      [1e17, '1e+17'],
      [1e21, '1e+21'],
      [123456789012345680, '1.2345678901234568e+17'],
      [0.0001, '0.0001'],
      [0.00001, '1.0000000000000001e-05'],
      [5e-324, '4.9406564584124654e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [-2.5e-7, '-2.4999999999999999e-07'],
      [131073 / 262144, '0.50000381469726562'],
      [131077 / 262144, '0.50001907348632812'],
      [131075 / 262144, '0.50001144409179688'],
    ];
    for (const [v, want] of cases) expect(redisDouble(v), String(v)).toBe(want);
    expect(formatG(1234.5, 6)).toBe('1234.5');
    expect(formatG(1234567, 6)).toBe('1.23457e+06');
    expect(formatG(0.5, 0)).toBe('0.5');
    expect(redisDouble(NaN)).toBe('nan');
  });
});

const haveRedis = requireRedis();
const haveCli = requireRedisCli();

/** A random reply tree with every type redis-cli 7.0.15 can print. */
function randomReply(r: () => number, depth: number): Reply {
  const pick = Math.floor(r() * (depth > 0 ? 14 : 9));
  const str = (): string => {
    const n = Math.floor(r() * 8);
    let s = '';
    for (let i = 0; i < n; i++) {
      const k = r();
      s += k < 0.5 ? String.fromCharCode(0x61 + Math.floor(r() * 26)) : k < 0.75 ? String.fromCharCode(Math.floor(r() * 256)) : '"\\\n\r\t\x07\b '[Math.floor(r() * 8)]!;
    }
    return s;
  };
  const size = (): number => (r() < 0.08 ? 9 + Math.floor(r() * 110) : Math.floor(r() * 4));
  switch (pick) {
    case 0:
      return { t: 'simple', v: str().replace(/[\r\n]/g, '') };
    case 1:
      return { t: 'error', v: `ERR ${str().replace(/[\r\n]/g, '')}` };
    case 2:
      return int(r() < 0.2 ? BigInt.asIntN(64, BigInt(Math.floor(r() * 2 ** 53)) << 11n) : Math.floor((r() - 0.5) * 2000));
    case 3:
    case 4:
      return bulk(str());
    case 5:
      return { t: 'nil' };
    case 6: {
      const k = r();
      const v = k < 0.3 ? Math.floor((r() - 0.5) * 100) : k < 0.6 ? (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20) : k < 0.7 ? Infinity : r() * 1e300;
      return { t: 'double', v };
    }
    case 7:
      return { t: 'bool', v: r() < 0.5 };
    case 8:
      return { t: 'verbatim', format: 'txt', v: str() };
    case 9:
    case 10:
      return arr(...Array.from({ length: size() }, () => randomReply(r, depth - 1)));
    case 11:
      return map(...Array.from({ length: size() }, (): [Reply, Reply] => [randomReply(r, depth - 1), randomReply(r, depth - 1)]));
    case 12:
      return set(...Array.from({ length: size() }, () => randomReply(r, depth - 1)));
    default:
      return { t: 'push', v: Array.from({ length: size() }, () => randomReply(r, depth - 1)) };
  }
}

describe.skipIf(!haveCli)('formatReply against the real redis-cli (any reply, from a fake server)', () => {
  const replies: Reply[] = [];
  let fake: FakeRedis;
  beforeAll(async () => {
    const r = rng(99);
    for (let i = 0; i < 1500; i++) replies.push(randomReply(r, 4));
    // Hand-picked shapes on top of the random ones.
    replies.push(
      arr(...Array.from({ length: 12 }, (_, i) => arr(int(i), arr(bulk('x'), map([bulk('k'), arr(int(1), int(2))]))))),
      map([arr(int(1), int(2)), arr(int(3), int(4))], [bulk('single'), arr(map([bulk('a'), int(1)]))]),
      { t: 'verbatim', format: 'txt', v: 'line1\nline2\n' },
      arr({ t: 'verbatim', format: 'mkd', v: 'x\ny' }, bulk('after')),
    );
    fake = await FakeRedis.start((argv) => {
      const idx = Number(argv[1]);
      if (argv[0] === 'P') return encode3(replies[idx]!) + '+OK\r\n';
      return encode3(replies[idx]!);
    });
  });
  afterAll(async () => {
    await fake?.stop();
  });

  it('prints 1,500 random reply trees byte for byte as redis-cli does', async () => {
    // Top-level pushes go to redis-cli's push handler instead (next test).
    const idx = replies.map((_, i) => i).filter((i) => replies[i]!.t !== 'push');
    const printed = await runRedisCli(fake.port, idx.map((i) => `R ${i}`));
    idx.forEach((i, k) => {
      expectSame(printed[k]!, formatReplyBytes(replies[i]!, { resp: 3 }) + '\n', `reply #${i}`);
    });
  });

  it('prints INFO-like commands raw', async () => {
    const idx = replies.map((_, i) => i).filter((i) => replies[i]!.t !== 'push');
    const printed = await runRedisCli(fake.port, idx.map((i) => `INFO ${i}`));
    idx.forEach((i, k) => {
      // Raw output has no newline of its own unless the reply ends with one.
      expect(printed[k]).toBe(`${formatCommandReplyBytes(['INFO', String(i)], replies[i]!, { resp: 3 })}${printed[k]!.endsWith('\n') ? '\n' : ''}`);
    });
  });

  it('prints pushes as the push handler does', async () => {
    replies.push(
      { t: 'push', v: [bulk('invalidate'), arr(bulk('k1'), bulk('k2'))] },
      { t: 'push', v: [bulk('invalidate'), arr()] },
      { t: 'push', v: [bulk('message'), bulk('ch'), bulk('hello')] },
    );
    const idx = replies.map((_, i) => i).filter((i) => replies[i]!.t === 'push');
    expect(idx.length).toBeGreaterThan(50);
    const printed = await runRedisCli(fake.port, idx.map((i) => `P ${i}`), ['--show-pushes', 'y']);
    idx.forEach((i, k) => {
      expect(toText(printed[k]!), `push ${i}`).toBe(`${formatPush(replies[i]!)}\nOK\n`);
    });
  });
});

describe.skipIf(!haveRedis || !haveCli)('formatReply against redis-cli talking to a real redis-server', () => {
  let server: RedisServer;
  let c2: RespClient;
  let c3: RespClient;
  beforeAll(async () => {
    server = await startRedis(['--enable-debug-command', 'yes']);
    c2 = await RespClient.connect(server.port);
    c3 = await RespClient.connect(server.port);
    await c3.call(['HELLO', '3']);
  });
  afterAll(async () => {
    c2?.close();
    c3?.close();
    await server?.stop();
  });

  it('formats 3,000 doubles exactly as Redis does (%.17g, ties to even)', async () => {
    const r = rng(17);
    const values: number[] = [];
    for (let i = 0; i < 1000; i++) values.push((r() - 0.5) * 10 ** Math.floor(r() * 60 - 30));
    for (let i = 0; i < 1000; i++) values.push(new Float64Array(new BigUint64Array([BigInt(Math.floor(r() * 2 ** 52)) | (BigInt(Math.floor(r() * 2046) + 1) << 52n)]).buffer)[0]!);
    // Exact ties at the 17th digit: odd multiples of 2^-18 just above 0.5.
    for (let i = 0; i < 1000; i++) values.push((131072 + 2 * Math.floor(r() * 131072) + 1) / 262144);
    const finite = values.filter((v) => Number.isFinite(v));
    const replies = await Promise.all(finite.map((v, i) => c2.call(['ZADD', `d${i % 7}`, String(v), `m${i}`]).then(() => c2.call(['ZSCORE', `d${i % 7}`, `m${i}`]))));
    finite.forEach((v, i) => {
      const reply = replies[i]!;
      expect(reply.t === 'bulk' ? reply.v : '', String(v)).toBe(redisDouble(v));
    });
  });

  /** Setup commands, then commands whose printed replies are compared. */
  const setup = [
    ['HSET', 'h', 'f1', 'v1', 'f2', 'v2', 'n', '10'],
    ['SADD', 'ints', '3', '1', '2'],
    ['ZADD', 'z', '0.1', 'a', '1.5', 'b', '1e20', 'c', '0.500003814697265625', 'd', '-inf', 'e'],
    ['SET', 's', 'caf\xc3\xa9\n\x00'],
    ['RPUSH', 'l', ...'abcdefghijkl'.split('')],
  ];
  const lines = [
    'HGETALL h',
    'SMEMBERS ints',
    'ZSCORE z a',
    'ZSCORE z b',
    'ZSCORE z c',
    'ZSCORE z d',
    'ZSCORE z e',
    'ZMSCORE z a b nosuch',
    'GET s',
    'LRANGE l 0 -1',
    'CONFIG GET maxmemory-policy',
    'DEBUG PROTOCOL map',
    'DEBUG PROTOCOL set',
    'DEBUG PROTOCOL double',
    'DEBUG PROTOCOL true',
    'DEBUG PROTOCOL false',
    'DEBUG PROTOCOL null',
    'DEBUG PROTOCOL verbatim',
    'EVAL "return {1,{2,{3,4}},{},{\'a\',{err=\'E1\'}},{ok=\'fine\'}}" 0',
    'EVAL "redis.setresp(3); return {map={a=1,b={1,2}}}" 0',
    'EVAL "redis.setresp(3); return {set={x=true}}" 0',
    'EVAL "redis.setresp(3); return {double=3.25}" 0',
    'EVAL "local t={} for i=1,105 do t[i]={i,{tostring(i)}} end return t" 0',
    'OBJECT HELP',
    'LCS nosuch1 nosuch2 IDX',
  ];

  for (const resp of [2, 3] as const) {
    it(`RESP${resp}: prints what redis-cli ${resp === 3 ? '-3 ' : ''}prints, lowering RESP3 replies itself for RESP2`, async () => {
      for (const s of setup) await c3.call(s);
      const printed = await runRedisCli(server.port, lines, resp === 3 ? ['-3'] : []);
      for (let i = 0; i < lines.length; i++) {
        const argv = splitArgs(lines[i]!)!;
        // The reply as a RESP3 connection receives it, lowered by us for RESP2.
        const reply = await c3.call(argv);
        expect(printed[i], lines[i]).toBe(formatCommandReplyBytes(argv, reply, { resp }) + '\n');
        if (resp === 2) {
          // And what a RESP2 connection receives prints the same way.
          const reply2 = await c2.call(argv);
          expect(printed[i], lines[i]).toBe(formatCommandReplyBytes(argv, reply2, { resp: 2 }) + '\n');
        }
      }
    });
  }
});
