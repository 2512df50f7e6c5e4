import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { requireRedis } from '../support/redis';
import { canon, wire, useOracle } from '../support/oracle';

const run = requireRedis();

/**
 * Replies compared with real Redis. Fields that depend on the clock or on
 * Redis's internals (radix tree sizes, delivery and seen times, idle times)
 * are compared by shape: `mask` replaces them with a placeholder.
 */
const TIMED = new Set(['radix-tree-keys', 'radix-tree-nodes', 'seen-time', 'idle']);

function mask(r: Reply | undefined): Reply | undefined {
  if (r === undefined) return r;
  if (r.t === 'int') return typeof r.v === 'bigint' || r.v > 1e11 ? { t: 'simple', v: '<time>' } : r;
  if (r.t !== 'array') return r;
  const v = r.v.map((x, i) => {
    const prev = r.v[i - 1];
    if (prev?.t === 'bulk' && TIMED.has(prev.v) && x.t === 'int') return { t: 'simple', v: '<int>' } as Reply;
    return mask(x)!;
  });
  return { t: 'array', v };
}

/** XPENDING extended form: the idle time (third field) is timing dependent. */
function maskIdle(r: Reply | undefined): Reply | undefined {
  if (r?.t !== 'array') return r;
  return { t: 'array', v: r.v.map((e) => (e.t === 'array' && e.v.length === 4 ? { t: 'array', v: [e.v[0]!, e.v[1]!, { t: 'simple', v: '<idle>' }, e.v[3]!] } : e)) };
}

const cases: { name: string; lines: string[][] }[] = [
  {
    name: 'XADD IDs, errors and XLEN',
    lines: [
      ['XADD', 's', '1-1', 'a', '1'],
      ['XADD', 's', '1-1', 'a', '1'],
      ['XADD', 's', '1', 'a', '1'],
      ['XADD', 's', '1-*', 'b', '2'],
      ['XADD', 's', '5-*', 'b', '2'],
      ['XADD', 's', '0-0', 'a', '1'],
      ['XADD', 'new', '0-0', 'a', '1'],
      ['XADD', 'new', '0-*', 'a', '1'],
      ['XADD', 's', 'abc', 'a', '1'],
      ['XADD', 's', '1-x', 'a', '1'],
      ['XADD', 's', '-', 'a', '1'],
      ['XADD', 's', '18446744073709551615-18446744073709551614', 'a', '1'],
      ['XADD', 's', '18446744073709551615-*', 'a', '1'],
      ['XADD', 's', '*', 'a', '1'],
      ['XADD', 's', '18446744073709551616-0', 'a', '1'],
      ['XADD', 's', '10-0', 'a'],
      ['XADD', 's', '10-0'],
      ['XADD', 'nm', 'NOMKSTREAM', '1-1', 'a', '1'],
      ['EXISTS', 'nm'],
      ['XLEN', 's'],
      ['XLEN', 'nokey'],
      ['SET', 'str', 'x'],
      ['XADD', 'str', '*', 'a', '1'],
      ['XLEN', 'str'],
      ['TYPE', 's'],
      ['OBJECT', 'ENCODING', 's'],
    ],
  },
  {
    name: 'XADD trimming and XTRIM',
    lines: [
      ...Array.from({ length: 30 }, (_, i) => ['XADD', 't', `${i + 1}-0`, 'f', String(i)]),
      ['XADD', 't', 'MAXLEN', '25', '31-0', 'f', 'x'],
      ['XLEN', 't'],
      ['XRANGE', 't', '-', '+', 'COUNT', '2'],
      ['XADD', 't', 'MAXLEN', '=', '20', '32-0', 'f', 'x'],
      ['XADD', 't', 'MAXLEN', '~', '5', '33-0', 'f', 'x'],
      ['XLEN', 't'],
      ['XTRIM', 't', 'MINID', '20'],
      ['XRANGE', 't', '-', '+', 'COUNT', '1'],
      ['XTRIM', 't', 'MAXLEN', '3'],
      ['XRANGE', 't', '-', '+'],
      ['XTRIM', 't', 'MAXLEN', '~', '1', 'LIMIT', '10'],
      ['XTRIM', 't', 'MAXLEN', '1', 'LIMIT', '10'],
      ['XTRIM', 't', 'LIMIT', '10'],
      ['XTRIM', 't'],
      ['XTRIM', 't', 'MAXLEN', '-1'],
      ['XTRIM', 't', 'MAXLEN', '1', 'MINID', '2'],
      ['XTRIM', 't', 'MAXLEN', '~', '1', 'LIMIT', '-1'],
      ['XTRIM', 't', 'FOO', '1'],
      ['XTRIM', 'missing', 'MAXLEN', '1'],
      ['XADD', 't', 'MAXLEN', 'x', '*', 'a', '1'],
      ['XADD', 't', 'MINID', '+', '*', 'a', '1'],
      ['XADD', 't', 'LIMIT', '5', '*', 'a', '1'],
      ['XADD', 't', 'MINID', '33', '40-0', 'f', 'y'],
      ['XRANGE', 't', '-', '+'],
    ],
  },
  {
    name: 'XRANGE / XREVRANGE / XDEL',
    lines: [
      ...Array.from({ length: 10 }, (_, i) => ['XADD', 'r', `${i + 1}-${i % 3}`, 'k', String(i)]),
      ['XRANGE', 'r', '-', '+'],
      ['XRANGE', 'r', '3', '6'],
      ['XRANGE', 'r', '(3-2', '(6-2', 'COUNT', '2'],
      ['XREVRANGE', 'r', '+', '-', 'COUNT', '3'],
      ['XREVRANGE', 'r', '(8', '(2'],
      ['XRANGE', 'r', '-', '+', 'COUNT', '0'],
      ['XRANGE', 'r', '-', '+', 'COUNT', '-1'],
      ['XRANGE', 'r', '(-', '+'],
      ['XRANGE', 'r', '(18446744073709551615-18446744073709551615', '+'],
      ['XRANGE', 'r', '-', '(0-0'],
      ['XRANGE', 'r', 'x', '+'],
      ['XRANGE', 'r', '-', '+', 'COUNT'],
      ['XRANGE', 'r', '-', '+', 'LIMIT', '1'],
      ['XRANGE', 'missing', '-', '+'],
      ['XDEL', 'r', '1-0', '2-1', '99-0'],
      ['XDEL', 'r', 'bad'],
      ['XRANGE', 'r', '-', '+', 'COUNT', '2'],
      ['XINFO', 'STREAM', 'r'],
      ['XDEL', 'missing', '1-0'],
    ],
  },
  {
    name: 'consumer groups: COPY stream-cgroups scenario',
    lines: [
      ['XADD', 'x', '100', 'a', '1'],
      ['XADD', 'x', '101', 'b', '1'],
      ['XADD', 'x', '102', 'c', '1'],
      ['XADD', 'x', '103', 'e', '1'],
      ['XADD', 'x', '104', 'f', '1'],
      ['XADD', 'x', '105', 'g', '1'],
      ['XGROUP', 'CREATE', 'x', 'g1', '0'],
      ['XGROUP', 'CREATE', 'x', 'g2', '0'],
      ['XGROUP', 'CREATE', 'x', 'g2', '0'],
      ['XREADGROUP', 'GROUP', 'g1', 'Alice', 'COUNT', '1', 'STREAMS', 'x', '>'],
      ['XREADGROUP', 'GROUP', 'g1', 'Bob', 'COUNT', '1', 'STREAMS', 'x', '>'],
      ['XREADGROUP', 'GROUP', 'g1', 'Bob', 'NOACK', 'COUNT', '1', 'STREAMS', 'x', '>'],
      ['XREADGROUP', 'GROUP', 'g2', 'Charlie', 'COUNT', '4', 'STREAMS', 'x', '>'],
      ['XINFO', 'GROUPS', 'x'],
      ['XGROUP', 'SETID', 'x', 'g1', '101-0'],
      ['XREADGROUP', 'GROUP', 'g1', 'Dave', 'COUNT', '3', 'STREAMS', 'x', '>'],
      ['XDEL', 'x', '103'],
      ['COPY', 'x', 'newx'],
      ['XINFO', 'STREAM', 'newx', 'FULL'],
      ['XINFO', 'STREAM', 'x', 'FULL', 'COUNT', '2'],
      ['XINFO', 'GROUPS', 'newx'],
      ['XINFO', 'CONSUMERS', 'newx', 'g1'],
      ['XPENDING', 'newx', 'g1'],
      ['XPENDING', 'newx', 'g2'],
      ['XACK', 'newx', 'g1', '100-0', '102-0', '999-0'],
      ['XPENDING', 'newx', 'g1'],
      ['XREADGROUP', 'GROUP', 'g1', 'Dave', 'STREAMS', 'newx', '0'],
      ['XREADGROUP', 'GROUP', 'g2', 'Charlie', 'COUNT', '2', 'STREAMS', 'newx', '0'],
      ['XGROUP', 'DELCONSUMER', 'newx', 'g1', 'Dave'],
      ['XGROUP', 'CREATECONSUMER', 'newx', 'g1', 'Eve'],
      ['XGROUP', 'CREATECONSUMER', 'newx', 'g1', 'Eve'],
      ['XGROUP', 'DESTROY', 'newx', 'g2'],
      ['XGROUP', 'DESTROY', 'newx', 'g2'],
      ['XINFO', 'GROUPS', 'newx'],
      ['XPENDING', 'newx', 'g1'],
      ['DEL', 'x'],
      ['XINFO', 'STREAM', 'newx'],
    ],
  },
  {
    name: 'XGROUP / XREADGROUP / XREAD errors and edge cases',
    lines: [
      ['XGROUP', 'CREATE', 'nokey', 'g', '$'],
      ['XGROUP', 'CREATE', 'mk', 'g', '$', 'MKSTREAM'],
      ['XLEN', 'mk'],
      ['XINFO', 'STREAM', 'mk'],
      ['XGROUP', 'CREATE', 'mk', 'g2', '$', 'ENTRIESREAD', '-5'],
      ['XGROUP', 'CREATE', 'mk', 'g2', '$', 'FOO'],
      ['XGROUP', 'CREATE', 'mk', 'g3', 'bad'],
      ['XGROUP', 'SETID', 'mk', 'nog', '0'],
      ['XGROUP', 'CREATECONSUMER', 'mk', 'nog', 'c'],
      ['XGROUP', 'FOO', 'mk', 'g'],
      ['XGROUP', 'DESTROY', 'mk'],
      ['XREADGROUP', 'GROUP', 'nog', 'c', 'STREAMS', 'mk', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'mk', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'mk', '$'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'mk'],
      ['XREADGROUP', 'COUNT', '1', 'STREAMS', 'mk', '>'],
      ['XREAD', 'STREAMS', 'mk', '>'],
      ['XREAD', 'GROUP', 'g', 'c', 'STREAMS', 'mk', '0'],
      ['XREAD', 'NOACK', 'STREAMS', 'mk', '0'],
      ['XREAD', 'COUNT', '1', 'mk', '0'],
      ['XREAD', 'BLOCK', 'x', 'STREAMS', 'mk', '0'],
      ['XREAD', 'BLOCK', '-1', 'STREAMS', 'mk', '0'],
      ['XREAD', 'COUNT', 'x', 'STREAMS', 'mk', '0'],
      ['MULTI'],
      ['XREAD', 'BLOCK', '0', 'STREAMS', 'mk', '$'],
      ['EXEC'],
      ['XADD', 'mk', '1-1', 'a', 'b'],
      ['XADD', 'mk', '2-1', 'c', 'd'],
      ['XADD', 'other', '3-1', 'e', 'f'],
      ['XREAD', 'STREAMS', 'mk', 'other', '0', '0'],
      ['XREAD', 'COUNT', '1', 'STREAMS', 'mk', 'other', '1-1', '$'],
      ['XREAD', 'STREAMS', 'mk', '$'],
      ['XREAD', 'STREAMS', 'missing', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'mk', '>'],
      ['XINFO', 'GROUPS', 'mk'],
      ['XINFO', 'CONSUMERS', 'mk', 'g'],
      ['XINFO', 'CONSUMERS', 'mk', 'nog'],
      ['XINFO', 'STREAM', 'missing'],
      ['XINFO', 'STREAM', 'mk', 'FOO'],
      ['XINFO', 'FOO', 'mk'],
      ['XPENDING', 'mk', 'g', '-', '+', '10', 'c'],
      ['XPENDING', 'mk', 'g', '-', '+', '10', 'nobody'],
      ['XPENDING', 'mk', 'nog'],
      ['XPENDING', 'mk', 'g', '-', '+'],
      ['XSETID', 'mk', '1-0'],
      ['XSETID', 'mk', '5-0'],
      ['XSETID', 'missing', '5-0'],
      ['XSETID', 'mk', '6-0', 'ENTRIESADDED', '1'],
      ['XSETID', 'mk', '6-0', 'ENTRIESADDED', '10', 'MAXDELETEDID', '5-0'],
      ['XSETID', 'mk', '6-0', 'MAXDELETEDID', '7-0'],
      ['XINFO', 'STREAM', 'mk'],
      ['XINFO', 'GROUPS', 'mk'],
    ],
  },
  {
    name: 'XCLAIM and XAUTOCLAIM',
    lines: [
      ['XADD', 'c', '1-0', 'a', '1'],
      ['XADD', 'c', '2-0', 'b', '2'],
      ['XADD', 'c', '3-0', 'c', '3'],
      ['XGROUP', 'CREATE', 'c', 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'c', '>'],
      ['XCLAIM', 'c', 'g', 'bob', '0', '1-0', '2-0'],
      ['XCLAIM', 'c', 'g', 'bob', '0', '3-0', 'JUSTID'],
      ['XCLAIM', 'c', 'g', 'bob', '1000000', '3-0'],
      ['XPENDING', 'c', 'g'],
      ['XDEL', 'c', '2-0'],
      ['XAUTOCLAIM', 'c', 'g', 'carol', '0', '0-0', 'COUNT', '1'],
      ['XAUTOCLAIM', 'c', 'g', 'carol', '0', '0-0'],
      ['XAUTOCLAIM', 'c', 'g', 'carol', '0', '0-0', 'JUSTID'],
      ['XPENDING', 'c', 'g'],
      ['XAUTOCLAIM', 'c', 'nog', 'carol', '0', '0-0'],
      ['XCLAIM', 'c', 'nog', 'carol', '0', '1-0'],
      ['XADD', 'c', '4-0', 'd', '4'],
      ['XADD', 'c', '5-0', 'e', '5'],
      ['XCLAIM', 'c', 'g', 'dan', '0', '4-0'],
      ['XCLAIM', 'c', 'g', 'dan', '0', '4-0', 'FORCE', 'LASTID', '4-0'],
      ['XCLAIM', 'c', 'g', 'dan', '0', '5-0', 'FORCE', 'JUSTID', 'RETRYCOUNT', '7'],
      ['XCLAIM', 'c', 'g', 'dan', 'x', '5-0'],
      ['XCLAIM', 'c', 'g', 'dan', '0', '5-0', 'IDLE', 'x'],
      ['XCLAIM', 'c', 'g', 'dan', '0', '5-0', 'BOGUS'],
      ['XINFO', 'GROUPS', 'c'],
      ['XDEL', 'c', '4-0', '1-0'],
      ['XAUTOCLAIM', 'c', 'g', 'erin', '0', '0-0', 'COUNT', '1'],
      ['XAUTOCLAIM', 'c', 'g', 'erin', '0', '(0-0', 'COUNT', '2'],
      ['XAUTOCLAIM', 'c', 'g', 'erin', '0', '0-0', 'COUNT', '0'],
      ['XAUTOCLAIM', 'c', 'g', 'erin', 'x', '0-0'],
      ['XAUTOCLAIM', 'c', 'g', 'erin', '0', '0-0', 'BOGUS'],
      ['XAUTOCLAIM', 'missing', 'g', 'erin', '0', '0-0', 'COUNT', '0'],
      ['XINFO', 'CONSUMERS', 'c', 'g'],
    ],
  },
];

const MASKED = new Set(['XINFO', 'XREADGROUP', 'XREAD']);

describe.skipIf(!run)('differential: stream commands vs real redis-server', () => {
  const d = useOracle();

  for (const c of cases) {
    it(c.name, async () => {
      await d.reset();
      for (const argv of c.lines) {
        const p = await d.run(argv);
        const cmd = argv[0]!.toUpperCase();
        const extended = cmd === 'XPENDING' && argv.length > 3;
        const norm = (r: Reply | undefined): unknown => canon(extended ? maskIdle(r) : MASKED.has(cmd) ? mask(r) : r);
        expect(norm(wire(p.ours, 2)), argv.join(' ')).toEqual(norm(p.theirs));
      }
    });
  }
});
