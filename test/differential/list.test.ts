import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { canon, expectSame, resetBoth, runCase, wire, type Case, useOracle } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();


const MAX = '9223372036854775807';
const MIN = '-9223372036854775808';
const many = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i));

/** Every line's reply must be identical to the real server's. */
const cases: Case[] = [
  {
    name: 'LPUSH, RPUSH, the X variants and LLEN',
    lines: [
      ['LPUSH', 'l', 'a'], ['LPUSH', 'l', 'b', 'c', 'd'], ['RPUSH', 'l', 'e', 'f'], ['LRANGE', 'l', '0', '-1'], ['LLEN', 'l'],
      ['LPUSHX', 'nope', 'a'], ['RPUSHX', 'nope', 'a', 'b'], ['EXISTS', 'nope'], ['LPUSHX', 'l', 'x', 'y'], ['RPUSHX', 'l', 'z'],
      ['LRANGE', 'l', '0', '-1'], ['LLEN', 'nope'], ['LPUSH', 'l'], ['RPUSH'], ['LPUSHX', 'l'], ['LLEN'], ['LLEN', 'a', 'b'],
    ],
  },
  {
    name: 'LPOP and RPOP, with and without a count',
    lines: [
      ['RPUSH', 'l', '1', '2', '3', '4', '5', '6', '7'], ['LPOP', 'l'], ['RPOP', 'l'], ['LPOP', 'l', '2'], ['RPOP', 'l', '2'],
      ['LPOP', 'l', '0'], ['RPOP', 'l', '0'], ['LPOP', 'l', '-1'], ['RPOP', 'l', 'x'], ['LPOP', 'l', '1.5'], ['LPOP', 'l', MAX],
      ['EXISTS', 'l'], ['LPOP', 'l'], ['LPOP', 'l', '3'], ['RPOP', 'l', '3'], ['LPOP', 'l', '0'], ['RPOP', 'l', '-1'],
      ['LPOP', 'l', '1', '2'], ['RPOP', 'l', 'a', 'b'], ['RPUSH', 'l', 'a', 'b', 'c'], ['RPOP', 'l', '100'], ['EXISTS', 'l'],
      ['RPUSH', 'l', 'only'], ['RPOP', 'l'], ['EXISTS', 'l'], ['LPOP', 'l', '-5'],
    ],
  },
  {
    name: 'LRANGE index arithmetic',
    lines: [
      ['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e'], ['LRANGE', 'l', '0', '0'], ['LRANGE', 'l', '-1', '-1'], ['LRANGE', 'l', '1', '3'],
      ['LRANGE', 'l', '-3', '-2'], ['LRANGE', 'l', '-100', '100'], ['LRANGE', 'l', '3', '1'], ['LRANGE', 'l', '5', '10'],
      ['LRANGE', 'l', '0', '-6'], ['LRANGE', 'l', '-6', '0'], ['LRANGE', 'l', MIN, MAX], ['LRANGE', 'l', 'a', '1'], ['LRANGE', 'l', '0', 'b'],
      ['LRANGE', 'nope', '0', '-1'], ['LRANGE', 'nope', 'x', '1'], ['LRANGE', 'l', '0'], ['LRANGE', 'l', '1', '1.0'],
      ['LRANGE', 'l', '99999999999999999999', '1'],
    ],
  },
  {
    name: 'LINDEX and LSET',
    lines: [
      ['RPUSH', 'l', 'a', 'b', 'c'], ['LINDEX', 'l', '0'], ['LINDEX', 'l', '2'], ['LINDEX', 'l', '3'], ['LINDEX', 'l', '-1'], ['LINDEX', 'l', '-3'],
      ['LINDEX', 'l', '-4'], ['LINDEX', 'l', 'x'], ['LINDEX', 'nope', 'x'], ['LINDEX', 'nope', '0'], ['LINDEX', 'l', MAX], ['LINDEX', 'l', MIN],
      ['LSET', 'l', '0', 'A'], ['LSET', 'l', '-1', 'C'], ['LSET', 'l', '3', 'x'], ['LSET', 'l', '-4', 'x'], ['LSET', 'l', 'x', 'y'],
      ['LSET', 'nope', '0', 'x'], ['LSET', 'nope', 'x', 'x'], ['LRANGE', 'l', '0', '-1'], ['LSET', 'l', '1', ''], ['LINDEX', 'l', '1'],
    ],
  },
  {
    name: 'LINSERT',
    lines: [
      ['RPUSH', 'l', 'a', 'b', 'c', 'b'], ['LINSERT', 'l', 'BEFORE', 'b', 'x'], ['LINSERT', 'l', 'after', 'b', 'y'], ['LRANGE', 'l', '0', '-1'],
      ['LINSERT', 'l', 'AFTER', 'c', 'z'], ['LINSERT', 'l', 'BEFORE', 'a', 'first'], ['LINSERT', 'l', 'AFTER', 'b', 'end'],
      ['LINSERT', 'l', 'BEFORE', 'missing', 'q'], ['LINSERT', 'nope', 'BEFORE', 'a', 'q'], ['LINSERT', 'l', 'MIDDLE', 'a', 'q'],
      ['LINSERT', 'nope', 'MIDDLE', 'a', 'q'], ['LRANGE', 'l', '0', '-1'], ['EXISTS', 'nope'],
    ],
  },
  {
    name: 'LREM from the head, from the tail and everywhere',
    lines: [
      ['RPUSH', 'l', 'a', 'b', 'a', 'c', 'a', 'b', 'a'], ['LREM', 'l', '2', 'a'], ['LRANGE', 'l', '0', '-1'], ['LREM', 'l', '-1', 'a'],
      ['LRANGE', 'l', '0', '-1'], ['LREM', 'l', '0', 'b'], ['LRANGE', 'l', '0', '-1'], ['LREM', 'l', '1', 'zzz'], ['LREM', 'l', 'x', 'a'],
      ['LREM', 'nope', '0', 'a'], ['LREM', 'nope', 'x', 'a'], ['RPUSH', 'm', 'x', 'x', 'x'], ['LREM', 'm', '-2', 'x'], ['LRANGE', 'm', '0', '-1'],
      ['LREM', 'm', '0', 'x'], ['EXISTS', 'm'], ['RPUSH', 'n', 'q', 'r', 'q', 'r'], ['LREM', 'n', MIN, 'r'], ['LRANGE', 'n', '0', '-1'],
    ],
  },
  {
    name: 'LTRIM',
    lines: [
      ['RPUSH', 'l', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], ['LTRIM', 'l', '1', '-2'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '-5', '100'],
      ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '1', '1'], ['LRANGE', 'l', '0', '-1'], ['LTRIM', 'l', '5', '10'], ['EXISTS', 'l'],
      ['RPUSH', 'm', 'a', 'b', 'c'], ['LTRIM', 'm', '2', '1'], ['EXISTS', 'm'], ['RPUSH', 'n', 'a', 'b'], ['LTRIM', 'n', '0', '-3'], ['EXISTS', 'n'],
      ['LTRIM', 'nope', '0', '1'], ['LTRIM', 'nope', 'x', '1'], ['RPUSH', 'o', 'a', 'b', 'c'], ['LTRIM', 'o', '-100', '-2'], ['LRANGE', 'o', '0', '-1'],
      ['LTRIM', 'o', '0', 'y'], ['LTRIM', 'o', MIN, MAX], ['LRANGE', 'o', '0', '-1'],
    ],
  },
  {
    name: 'LPOS with RANK, COUNT, MAXLEN and its errors',
    lines: [
      ['RPUSH', 'l', 'a', 'b', 'c', '1', '2', '3', 'c', 'c'], ['LPOS', 'l', 'c'], ['LPOS', 'l', 'c', 'RANK', '2'], ['LPOS', 'l', 'c', 'RANK', '-1'],
      ['LPOS', 'l', 'c', 'RANK', '-3'], ['LPOS', 'l', 'c', 'RANK', '4'], ['LPOS', 'l', 'c', 'COUNT', '0'], ['LPOS', 'l', 'c', 'COUNT', '2'],
      ['LPOS', 'l', 'c', 'COUNT', '2', 'RANK', '-1'], ['LPOS', 'l', 'c', 'COUNT', '0', 'RANK', '2'], ['LPOS', 'l', 'c', 'MAXLEN', '3'],
      ['LPOS', 'l', 'c', 'MAXLEN', '2'], ['LPOS', 'l', 'c', 'COUNT', '0', 'MAXLEN', '7'], ['LPOS', 'l', 'c', 'RANK', '-1', 'MAXLEN', '1'],
      ['LPOS', 'l', 'x'], ['LPOS', 'l', 'x', 'COUNT', '5'], ['LPOS', 'nope', 'x'], ['LPOS', 'nope', 'x', 'COUNT', '0'],
      ['LPOS', 'l', 'c', 'RANK', '0'], ['LPOS', 'l', 'c', 'RANK', 'x'], ['LPOS', 'l', 'c', 'COUNT', '-1'], ['LPOS', 'l', 'c', 'MAXLEN', '-1'], ['LPOS', 'l', 'c', 'COUNT', 'x'], ['LPOS', 'l', 'c', 'MAXLEN', '1.5'],
      ['LPOS', 'l', 'c', 'COUNT'], ['LPOS', 'l', 'c', 'FOO', '1'], ['LPOS', 'l', 'c', 'RANK', MIN], ['LPOS', 'l', 'c', 'RANK', MIN, 'COUNT', '1'],
      ['LPOS', 'l', 'c', 'RANK', '-' + MAX], ['LPOS', 'l', 'c', 'RANK', MAX], ['LPOS', 'nope', 'c', 'RANK', '0'], ['LPOS', 'l', 'c', 'rank', '1', 'rank', '3'],
      ['LPOS', 'l', 'c', 'COUNT', '1', 'COUNT', '3'], ['LPOS', 'l'],
    ],
  },
  {
    name: 'LMOVE and RPOPLPUSH',
    lines: [
      ['RPUSH', 'src', 'a', 'b', 'c'], ['LMOVE', 'src', 'dst', 'LEFT', 'RIGHT'], ['LMOVE', 'src', 'dst', 'right', 'left'], ['LRANGE', 'dst', '0', '-1'],
      ['LMOVE', 'src', 'src', 'LEFT', 'RIGHT'], ['LRANGE', 'src', '0', '-1'], ['RPOPLPUSH', 'src', 'dst'], ['EXISTS', 'src'], ['LRANGE', 'dst', '0', '-1'],
      ['LMOVE', 'src', 'dst', 'LEFT', 'LEFT'], ['RPOPLPUSH', 'src', 'dst'], ['LMOVE', 'dst', 'dst', 'RIGHT', 'LEFT'], ['LRANGE', 'dst', '0', '-1'],
      ['LMOVE', 'dst', 'x', 'UP', 'LEFT'], ['LMOVE', 'nope', 'x', 'LEFT', 'DOWN'], ['SET', 'str', 'v'], ['LMOVE', 'dst', 'str', 'LEFT', 'LEFT'],
      ['LRANGE', 'dst', '0', '-1'], ['LMOVE', 'str', 'dst', 'LEFT', 'LEFT'], ['RPOPLPUSH', 'dst', 'str'], ['RPOPLPUSH', 'nope', 'str'],
      ['RPUSH', 'one', 'x'], ['RPOPLPUSH', 'one', 'one'], ['LRANGE', 'one', '0', '-1'], ['LMOVE', 'one', 'two', 'LEFT', 'LEFT'], ['EXISTS', 'one'],
    ],
  },
  {
    name: 'LMPOP: numkeys, direction, COUNT and errors',
    lines: [
      ['RPUSH', 'a', '1', '2', '3'], ['RPUSH', 'b', 'x', 'y'], ['LMPOP', '2', 'nope', 'a', 'LEFT'], ['LMPOP', '2', 'nope', 'b', 'RIGHT', 'COUNT', '5'],
      ['EXISTS', 'b'], ['LMPOP', '1', 'a', 'left', 'count', '1'], ['LMPOP', '1', 'nope', 'LEFT'], ['LMPOP', '0', 'a', 'LEFT'], ['LMPOP', '-1', 'a', 'LEFT'],
      ['LMPOP', 'x', 'a', 'LEFT'], ['LMPOP', '3', 'a', 'LEFT'], ['LMPOP', '1', 'a', 'MIDDLE'], ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '0'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '-1'], ['LMPOP', '1', 'a', 'LEFT', 'COUNT', 'x'], ['LMPOP', '1', 'a', 'LEFT', 'COUNT'],
      ['LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '1'], ['LMPOP', '1', 'a', 'LEFT', 'FOO'], ['LMPOP', '1', 'a'], ['LMPOP', MAX, 'a', 'LEFT'],
      ['SET', 's', 'v'], ['LMPOP', '2', 's', 'a', 'LEFT'], ['LMPOP', '2', 'a', 's', 'LEFT'], ['LMPOP', '2', 'nope', 's', 'LEFT'], ['LRANGE', 'a', '0', '-1'],
    ],
  },
  {
    name: 'wrong types for every list command',
    lines: [
      ['SET', 's', 'v'], ['HSET', 'h', 'f', 'v'], ['LPUSH', 's', 'a'], ['RPUSH', 'h', 'a'], ['LPUSHX', 's', 'a'], ['RPUSHX', 's', 'a'], ['LPOP', 's'],
      ['RPOP', 's', '1'], ['RPOP', 's', '-1'], ['LLEN', 's'], ['LINDEX', 's', '0'], ['LINDEX', 's', 'x'], ['LSET', 's', '0', 'a'], ['LSET', 's', 'x', 'a'],
      ['LRANGE', 's', '0', '1'], ['LRANGE', 's', 'x', '1'], ['LTRIM', 's', '0', '1'], ['LINSERT', 's', 'BEFORE', 'a', 'b'], ['LINSERT', 's', 'X', 'a', 'b'],
      ['LREM', 's', '0', 'a'], ['LPOS', 's', 'a'], ['LPOS', 's', 'a', 'RANK', '0'], ['LMOVE', 's', 'd', 'LEFT', 'LEFT'], ['RPOPLPUSH', 's', 'd'],
      ['LMPOP', '1', 's', 'LEFT'], ['BLPOP', 's', '0'], ['BRPOP', 'nope', 's', '0'], ['BLMOVE', 's', 'd', 'LEFT', 'LEFT', '0'],
      ['BRPOPLPUSH', 's', 'd', '0'], ['BLMPOP', '0', '1', 's', 'LEFT'], ['GET', 's'],
    ],
  },
  {
    name: 'blocking commands served at once, and their argument errors',
    lines: [
      ['RPUSH', 'a', '1', '2', '3'], ['RPUSH', 'b', 'x'], ['BLPOP', 'nope', 'a', '0'], ['BRPOP', 'a', 'b', '1.5'], ['BLPOP', 'b', '0'], ['EXISTS', 'b'],
      ['BLMOVE', 'a', 'c', 'LEFT', 'RIGHT', '0'], ['BRPOPLPUSH', 'c', 'a', '0'], ['BLMPOP', '0', '2', 'nope', 'a', 'RIGHT', 'COUNT', '9'], ['EXISTS', 'a'],
      ['RPUSH', 'a', ...many(10, (i) => `x${i}`)], ['BLPOP', 'a', 'x'], ['BLPOP', 'a', '-1'], ['BLPOP', 'a', '-0.0001'], ['BLPOP', 'a', ''], ['BLPOP', 'a', 'nan'], ['BLPOP', 'a', 'inf'],
      ['BLPOP', 'a', '-inf'], ['BLPOP', 'a', '1e300'], ['BLPOP', 'a', '9223372036854776'], ['BLPOP', 'a', ' 1'], ['BRPOP', 'a', '1 '],
      ['BLMOVE', 'a', 'b', 'LEFT', 'UP', '0'], ['BLMOVE', 'a', 'b', 'LEFT', 'LEFT', 'x'], ['BLMOVE', 'a', 'b', 'UP', 'LEFT', 'x'],
      ['BRPOPLPUSH', 'a', 'b', '-1'], ['BLMPOP', 'x', '1', 'a', 'LEFT'], ['BLMPOP', 'x', '0', 'a', 'LEFT'], ['BLMPOP', '-1', '1', 'a', 'LEFT'],
      ['BLMPOP', '0', '1', 'a', 'MIDDLE'], ['BLMPOP', '0', '1', 'a', 'LEFT', 'COUNT', '0'], ['BLMPOP', '0', '2', 'a', 'LEFT'], ['BLMPOP', '0', '1', 'a'],
      ['BLPOP', 'a'], ['BLMOVE', 'a', 'b', 'LEFT', 'LEFT'], ['RPUSH', 'q', 'v'], ['BLPOP', 'q', '0x10'], ['RPUSH', 'q', 'v'], ['BRPOP', 'q', '1e-400'],
    ],
  },
  {
    name: 'blocking commands inside MULTI reply at once (null array or null)',
    lines: [
      ['MULTI'], ['BLPOP', 'nope', '0'], ['BRPOP', 'nope', 'nope2', '1'], ['BLMOVE', 'nope', 'd', 'LEFT', 'LEFT', '0'], ['BRPOPLPUSH', 'nope', 'd', '0'],
      ['BLMPOP', '0', '1', 'nope', 'LEFT'], ['RPUSH', 'k', 'a', 'b'], ['BLPOP', 'k', '0'], ['BLMOVE', 'k', 'd', 'LEFT', 'LEFT', '0'], ['BLPOP', 'k', '0'],
      ['EXEC'], ['EXISTS', 'k', 'd'], ['LRANGE', 'd', '0', '-1'],
    ],
  },
  {
    name: 'binary-safe elements',
    lines: [
      ['RPUSH', 'b', '\x00', '\xff\xfe', '', 'a\r\nb', '\xf0\x9f\x98\x80'], ['LRANGE', 'b', '0', '-1'], ['LPOS', 'b', ''], ['LPOS', 'b', '\x00'],
      ['LREM', 'b', '0', ''], ['LINSERT', 'b', 'AFTER', '\xff\xfe', '\x01'], ['LINDEX', 'b', '2'], ['LRANGE', 'b', '0', '-1'], ['RPUSH', '\x00k', 'v'],
      ['LPOP', '\x00k'],
    ],
  },
  {
    name: 'a long list: ranges, indexes and trims across many elements',
    lines: [
      ['RPUSH', 'big', ...many(600, (i) => `e${i}`)], ['LPUSH', 'big', ...many(300, (i) => `h${i}`)], ['LLEN', 'big'], ['LINDEX', 'big', '450'],
      ['LINDEX', 'big', '-1'], ['LRANGE', 'big', '290', '310'], ['LRANGE', 'big', '-20', '-1'], ['LSET', 'big', '500', 'changed'], ['LPOS', 'big', 'changed'],
      ['LINSERT', 'big', 'BEFORE', 'e300', 'ins'], ['LPOS', 'big', 'ins'], ['LREM', 'big', '0', 'e5'], ['LTRIM', 'big', '100', '-100'], ['LLEN', 'big'],
      ['LPOP', 'big', '50'], ['RPOP', 'big', '50'], ['LRANGE', 'big', '0', '-1'],
    ],
  },
  {
    name: 'RESP3: null replies of pops and multi-pops',
    resp: 3,
    lines: [
      ['LPOP', 'nope'], ['LPOP', 'nope', '2'], ['LMPOP', '1', 'nope', 'LEFT'], ['RPUSH', 'l', 'a', 'b'], ['LPOP', 'l', '0'], ['LMPOP', '1', 'l', 'RIGHT'],
      ['LINDEX', 'l', '5'], ['LPOS', 'l', 'zz'], ['LMOVE', 'nope', 'l', 'LEFT', 'LEFT'], ['BLPOP', 'l', '0'], ['MULTI'], ['BLPOP', 'l', '0'],
      ['BLMOVE', 'l', 'm', 'LEFT', 'LEFT', '0'], ['EXEC'],
    ],
  },
];

describe.skipIf(!run)('differential: lists vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) {
    it(c.name, async () => {
      await runCase(d, c, 20);
    });
  }

  it('the command table matches COMMAND INFO (arity, flags, key positions, ACL categories)', async () => {
    await resetBoth(d);
    for (const name of 'lpush rpush lpushx rpushx lpop rpop lrange llen lindex lset linsert lrem ltrim lpos lmove rpoplpush lmpop blpop brpop blmove brpoplpush blmpop'.split(' ')) {
      const p = await d.run(['COMMAND', 'INFO', name]);
      const head = (r: Reply | undefined): unknown => {
        const info = r?.t === 'array' ? r.v[0] : undefined;
        return canon(info?.t === 'array' ? { t: 'array', v: info.v.slice(0, 7) } : info);
      };
      expect(head(wire(p.ours, 2)), name).toEqual(head(p.theirs));
    }
  });

  it('a random mix of list commands agrees with redis step by step', async () => {
    await resetBoth(d);
    let seed = 7;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const k = (): string => (rnd() < 0.7 ? 'l1' : 'l2');
    const v = (): string => `v${Math.floor(rnd() * 12)}`;
    const idx = (): string => String(Math.floor(rnd() * 40) - 20);
    for (let i = 0; i < 800; i++) {
      const r = rnd();
      let argv: string[];
      if (r < 0.2) argv = ['RPUSH', k(), v(), v()];
      else if (r < 0.35) argv = ['LPUSH', k(), v()];
      else if (r < 0.42) argv = ['LPOP', k(), ...(rnd() < 0.5 ? [String(Math.floor(rnd() * 4))] : [])];
      else if (r < 0.49) argv = ['RPOP', k(), ...(rnd() < 0.5 ? [String(Math.floor(rnd() * 4))] : [])];
      else if (r < 0.55) argv = ['LRANGE', k(), idx(), idx()];
      else if (r < 0.6) argv = ['LINDEX', k(), idx()];
      else if (r < 0.64) argv = ['LSET', k(), idx(), v()];
      else if (r < 0.68) argv = ['LINSERT', k(), rnd() < 0.5 ? 'BEFORE' : 'AFTER', v(), v()];
      else if (r < 0.72) argv = ['LREM', k(), idx(), v()];
      else if (r < 0.75) argv = ['LTRIM', k(), idx(), idx()];
      else if (r < 0.82) argv = ['LPOS', k(), v(), 'RANK', rnd() < 0.5 ? '1' : '-2', 'COUNT', String(Math.floor(rnd() * 3))];
      else if (r < 0.88) argv = ['LMOVE', k(), k(), rnd() < 0.5 ? 'LEFT' : 'RIGHT', rnd() < 0.5 ? 'LEFT' : 'RIGHT'];
      else if (r < 0.93) argv = ['LMPOP', '2', k(), k(), rnd() < 0.5 ? 'LEFT' : 'RIGHT', 'COUNT', String(1 + Math.floor(rnd() * 3))];
      else argv = ['LLEN', k()];
      const p = await d.run(argv);
      expectSame(p.ours, p.theirs, 2, argv.join(' '));
    }
    for (const key of ['l1', 'l2']) {
      const p = await d.run(['LRANGE', key, '0', '-1']);
      expectSame(p.ours, p.theirs, 2, '');
    }
  });
});
