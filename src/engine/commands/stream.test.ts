import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';
import { restoreSnapshot, takeSnapshot } from '../core/snapshot';
import { MAX_ID, Stream, formatId, makeId } from '../types/stream';

const bulk = (v: string): Reply => ({ t: 'bulk', v });
const arr = (...v: Reply[]): Reply => ({ t: 'array', v });
const int = (v: number): Reply => ({ t: 'int', v });
const entry = (id: string, ...fv: string[]): Reply => arr(bulk(id), arr(...fv.map(bulk)));

function setup() {
  const clock = new ManualClock(1_700_000_000_000);
  const engine = new Engine({ clock });
  const client = () => {
    const inbox: Reply[] = [];
    const c = engine.createClient((r) => inbox.push(r));
    const run = (...argv: string[]): Reply | undefined => engine.exec(c, argv);
    return { c, inbox, run };
  };
  return { clock, engine, client };
}

/** Stream `s` with entries 1-0 (a 1) and 2-0 (b 2), and group `g` that has read none of them. */
function withGroup<C extends { run: (...argv: string[]) => Reply | undefined }>(a: C): C {
  a.run('XADD', 's', '1-0', 'a', '1');
  a.run('XADD', 's', '2-0', 'b', '2');
  a.run('XGROUP', 'CREATE', 's', 'g', '0');
  return a;
}

describe('stream type', () => {
  it('formats 64-bit IDs and orders them numerically', () => {
    expect(formatId(MAX_ID)).toBe('18446744073709551615-18446744073709551615');
    expect(makeId(2n, 0n) > makeId(1n, 18446744073709551615n)).toBe(true);
  });

  it('approximate trimming drops only whole nodes; exact trimming is exact', () => {
    const s = new Stream();
    for (let i = 1; i <= 250; i++) s.append(makeId(BigInt(i), 0n), ['f', 'v']);
    expect(s.nodeCount).toBe(3);
    // Dropping the second node would leave 50 < 60 entries: only the first goes.
    expect(s.trim('maxlen', 60, 0n, true, 10000)).toBe(100);
    expect(s.length).toBe(150);
    expect(s.trim('maxlen', 10, 0n, false, 0)).toBe(140);
    expect(formatId(s.firstId)).toBe('241-0');
  });

  it('clone copies groups, consumers and PELs independently', () => {
    const { client } = setup();
    const a = client();
    a.run('XADD', 's', '1-1', 'a', '1');
    a.run('XGROUP', 'CREATE', 's', 'g', '0');
    a.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    expect(a.run('COPY', 's', 'd')).toEqual(int(1));
    expect(a.run('XACK', 's', 'g', '1-1')).toEqual(int(1));
    expect(a.run('XPENDING', 'd', 'g')).toEqual(arr(int(1), bulk('1-1'), bulk('1-1'), arr(arr(bulk('c'), bulk('1')))));
    expect(a.run('XPENDING', 's', 'g')).toEqual(arr(int(0), { t: 'nil' }, { t: 'nil' }, { t: 'nilarray' }));
  });
});

describe('stream commands', () => {
  it('XADD with * uses the clock, then the sequence when the clock stands still', () => {
    const { client, clock } = setup();
    const a = client();
    expect(a.run('XADD', 's', '*', 'f', 'v')).toEqual(bulk('1700000000000-0'));
    expect(a.run('XADD', 's', '*', 'f', 'v')).toEqual(bulk('1700000000000-1'));
    clock.set(1_600_000_000_000);
    expect(a.run('XADD', 's', '*', 'f', 'v')).toEqual(bulk('1700000000000-2'));
    expect(a.run('XADD', 's', '1700000000000-*', 'f', 'v')).toEqual(bulk('1700000000000-3'));
    expect(a.run('XADD', 's', '1-0', 'f', 'v')).toEqual({
      t: 'error',
      v: 'ERR The ID specified in XADD is equal or smaller than the target stream top item',
    });
    expect(a.run('TYPE', 's')).toEqual({ t: 'simple', v: 'stream' });
    expect(a.run('OBJECT', 'ENCODING', 's')).toEqual(bulk('stream'));
    expect(a.run('XLEN', 's')).toEqual(int(4));
  });

  it('XRANGE with exclusive bounds and XREVRANGE with COUNT', () => {
    const { client } = setup();
    const a = client();
    for (let i = 1; i <= 5; i++) a.run('XADD', 's', `${i}-0`, 'n', String(i));
    expect(a.run('XRANGE', 's', '(2', '4')).toEqual(arr(entry('3-0', 'n', '3'), entry('4-0', 'n', '4')));
    expect(a.run('XREVRANGE', 's', '+', '-', 'COUNT', '2')).toEqual(arr(entry('5-0', 'n', '5'), entry('4-0', 'n', '4')));
    expect(a.run('XDEL', 's', '5-0', '3-0')).toEqual(int(2));
    expect(a.run('XRANGE', 's', '3', '+')).toEqual(arr(entry('4-0', 'n', '4')));
  });

  it('XREADGROUP > delivers new entries once and records them as pending', () => {
    const { client, clock } = setup();
    const a = withGroup(client());
    expect(a.run('XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'STREAMS', 's', '>')).toEqual(
      arr(arr(bulk('s'), arr(entry('1-0', 'a', '1')))),
    );
    expect(a.run('XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 's', '>')).toEqual(arr(arr(bulk('s'), arr(entry('2-0', 'b', '2')))));
    expect(a.run('XREADGROUP', 'GROUP', 'g', 'c2', 'STREAMS', 's', '>')).toEqual({ t: 'nilarray' });
    clock.advance(50);
    expect(a.run('XPENDING', 's', 'g', '-', '+', '10')).toEqual(
      arr(arr(bulk('1-0'), bulk('c1'), int(50), int(1)), arr(bulk('2-0'), bulk('c2'), int(50), int(1))),
    );
    // History re-delivery bumps the delivery count.
    a.run('XREADGROUP', 'GROUP', 'g', 'c1', 'STREAMS', 's', '0');
    expect(a.run('XPENDING', 's', 'g', 'IDLE', '10', '-', '+', '10')).toEqual(arr(arr(bulk('2-0'), bulk('c2'), int(50), int(1))));
    expect(a.run('XACK', 's', 'g', '1-0', '2-0')).toEqual(int(2));
    expect(a.run('XINFO', 'GROUPS', 's')).toEqual(
      arr(arr(bulk('name'), bulk('g'), bulk('consumers'), int(2), bulk('pending'), int(0), bulk('last-delivered-id'), bulk('2-0'), bulk('entries-read'), int(2), bulk('lag'), int(0))),
    );
  });

  it('XREAD BLOCK and XREADGROUP BLOCK are woken by XADD', () => {
    const { client, clock, engine } = setup();
    const a = client();
    const b = client();
    const w = client();
    w.run('XADD', 's', '1-0', 'old', 'x');
    w.run('XGROUP', 'CREATE', 's', 'g', '$');
    expect(a.run('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')).toBeUndefined();
    expect(b.run('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '100', 'STREAMS', 's', '>')).toBeUndefined();
    w.run('XADD', 's', '2-0', 'new', 'y');
    expect(a.inbox).toEqual([arr(arr(bulk('s'), arr(entry('2-0', 'new', 'y'))))]);
    expect(b.inbox).toEqual([arr(arr(bulk('s'), arr(entry('2-0', 'new', 'y'))))]);
    expect(w.run('XPENDING', 's', 'g')).toEqual(arr(int(1), bulk('2-0'), bulk('2-0'), arr(arr(bulk('c'), bulk('1')))));
    expect(a.run('XREAD', 'BLOCK', '100', 'STREAMS', 's', '$')).toBeUndefined();
    clock.advance(101);
    engine.checkBlockedTimeouts();
    expect(a.inbox[1]).toEqual({ t: 'nilarray' });
  });

  it('snapshots save and restore streams with their groups', () => {
    const { client, engine } = setup();
    const a = withGroup(client());
    a.run('XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 's', '>');
    a.run('XDEL', 's', '2-0');
    const before = a.run('XINFO', 'STREAM', 's', 'FULL');
    const snap = structuredClone(takeSnapshot(engine));
    a.run('FLUSHALL');
    restoreSnapshot(engine, snap);
    expect(a.run('XINFO', 'STREAM', 's', 'FULL')).toEqual(before);
  });

  it('DUMP of a stream restores with its entries and consumer groups', () => {
    const { client } = setup();
    const a = client();
    a.run('XADD', 's', '1-0', 'a', '1');
    a.run('XGROUP', 'CREATE', 's', 'g', '0');
    a.run('XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 's', '>');
    const dump = a.run('DUMP', 's');
    expect(dump?.t).toBe('bulk');
    expect(a.run('RESTORE', 'copy', '0', dump?.t === 'bulk' ? dump.v : '')).toEqual({ t: 'simple', v: 'OK' });
    expect(a.run('XINFO', 'STREAM', 'copy', 'FULL')).toEqual(a.run('XINFO', 'STREAM', 's', 'FULL'));
  });
});
