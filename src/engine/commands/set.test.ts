import { describe, expect, it } from 'vitest';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import type { CommandEvent } from '../engine';
import { bulk, int, err, NIL, testEngine, type TestEngine } from '../testing/engine';

const setup = (): TestEngine => testEngine();


/** Members of an array or set reply, sorted. */
function members(r: Reply | undefined): string[] {
  if (r === undefined || (r.t !== 'array' && r.t !== 'set')) throw new Error(`not a collection: ${JSON.stringify(r)}`);
  return r.v.map((x) => (x as { v: string }).v).sort();
}

describe('set basics', () => {
  it('SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS', () => {
    const { run } = setup();
    expect(run('SADD', 's', 'a', 'b', 'a')).toEqual(int(2));
    expect(run('SADD', 's', 'b', 'c')).toEqual(int(1));
    expect(run('SCARD', 's')).toEqual(int(3));
    expect(run('SISMEMBER', 's', 'a')).toEqual(int(1));
    expect(run('SISMEMBER', 's', 'z')).toEqual(int(0));
    expect(run('SMISMEMBER', 's', 'a', 'z')).toEqual({ t: 'array', v: [int(1), int(0)] });
    expect(run('SMEMBERS', 's')).toEqual({ t: 'set', v: [bulk('a'), bulk('b'), bulk('c')] });
    expect(run('SMEMBERS', 'none')).toEqual({ t: 'set', v: [] });
    expect(run('SREM', 's', 'a', 'z')).toEqual(int(1));
    expect(run('SREM', 's', 'b', 'c')).toEqual(int(2));
    expect(run('EXISTS', 's')).toEqual(int(0));
    run('SET', 'str', 'v');
    expect(run('SADD', 'str', 'a')).toEqual(err(E.WRONGTYPE));
    expect(run('SMISMEMBER', 'str', 'a')).toEqual(err(E.WRONGTYPE));
  });

  it('tracks the intset encoding one way', () => {
    const { run } = setup();
    run('SADD', 'n', '1', '2', '3');
    expect(run('OBJECT', 'ENCODING', 'n')).toEqual(bulk('intset'));
    expect(run('SSCAN', 'n', '0')).toEqual({ t: 'array', v: [bulk('0'), { t: 'array', v: [bulk('1'), bulk('2'), bulk('3')] }] });
    run('SADD', 'n', 'x');
    run('SREM', 'n', 'x');
    expect(run('OBJECT', 'ENCODING', 'n')).toEqual(bulk('hashtable'));
  });
});

describe('random members', () => {
  it('SPOP with and without a count', () => {
    const { run } = setup();
    run('SADD', 's', 'a', 'b', 'c', 'd', 'e');
    const one = run('SPOP', 's') as { t: 'bulk'; v: string };
    expect(['a', 'b', 'c', 'd', 'e']).toContain(one.v);
    expect(run('SISMEMBER', 's', one.v)).toEqual(int(0));
    const two = members(run('SPOP', 's', '2'));
    expect(two.length).toBe(2);
    expect(run('SCARD', 's')).toEqual(int(2));
    expect(members(run('SPOP', 's', '10')).length).toBe(2);
    expect(run('EXISTS', 's')).toEqual(int(0));
    expect(run('SPOP', 's')).toEqual(NIL);
    expect(run('SPOP', 's', '-1')).toEqual(err(E.POSITIVE_RANGE));
    expect(run('SPOP', 's', 'x')).toEqual(err(E.POSITIVE_RANGE));
    expect(run('SPOP', 's', '1', '2')).toEqual(err(E.SYNTAX));
  });

  it('SRANDMEMBER: distinct for positive counts, repeats for negative ones', () => {
    const { run } = setup();
    const all = Array.from({ length: 40 }, (_, i) => `m${i}`);
    run('SADD', 's', ...all);
    const picked = members(run('SRANDMEMBER', 's', '25'));
    expect(new Set(picked).size).toBe(25);
    for (const m of picked) expect(all).toContain(m);
    expect(members(run('SRANDMEMBER', 's', '-100')).length).toBe(100);
    expect(members(run('SRANDMEMBER', 's', '100'))).toEqual([...all].sort());
    expect(run('SRANDMEMBER', 's', '-9223372036854775808')).toEqual(
      err('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
    expect(run('SCARD', 's')).toEqual(int(40));
  });

  it('spreads picks over every member', () => {
    const { run } = setup();
    run('SADD', 's', 'a', 'b', 'c', 'd');
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const r = run('SRANDMEMBER', 's') as { v: string };
      counts.set(r.v, (counts.get(r.v) ?? 0) + 1);
    }
    for (const m of ['a', 'b', 'c', 'd']) expect(counts.get(m)!).toBeGreaterThan(350);
  });
});

describe('SMOVE and set algebra', () => {
  it('SMOVE moves, creates and deletes', () => {
    const { run } = setup();
    run('SADD', 'a', 'x');
    expect(run('SMOVE', 'a', 'b', 'x')).toEqual(int(1));
    expect(run('EXISTS', 'a')).toEqual(int(0));
    expect(members(run('SMEMBERS', 'b'))).toEqual(['x']);
    expect(run('SMOVE', 'a', 'b', 'x')).toEqual(int(0));
    run('SET', 'str', 'v');
    expect(run('SMOVE', 'b', 'str', 'x')).toEqual(err(E.WRONGTYPE));
    expect(run('SMOVE', 'none', 'str', 'x')).toEqual(int(0));
  });

  it('SINTER, SUNION, SDIFF and their STORE forms', () => {
    const { run } = setup();
    run('SADD', 'a', '1', '2', '3');
    run('SADD', 'b', '2', '3', '4');
    expect(members(run('SINTER', 'a', 'b'))).toEqual(['2', '3']);
    expect(members(run('SUNION', 'a', 'b'))).toEqual(['1', '2', '3', '4']);
    expect(members(run('SDIFF', 'a', 'b'))).toEqual(['1']);
    expect(run('SINTERSTORE', 'd', 'a', 'b')).toEqual(int(2));
    expect(run('SUNIONSTORE', 'd', 'a', 'b')).toEqual(int(4));
    expect(run('SDIFFSTORE', 'd', 'a', 'a')).toEqual(int(0));
    expect(run('EXISTS', 'd')).toEqual(int(0));
    expect(run('SINTERCARD', '2', 'a', 'b', 'LIMIT', '1')).toEqual(int(1));
    expect(run('SINTERCARD', '3', 'a', 'b')).toEqual(err(E.NUMKEYS_TOO_MANY));
    expect(run('SINTERCARD', '0', 'a')).toEqual(err(E.NUMKEYS_POSITIVE));
    expect(run('SINTERCARD', '1', 'a', 'LIMIT', '-2')).toEqual(err(E.LIMIT_NEGATIVE));
  });

  it('SINTER probes from the smallest set', () => {
    const { run, db } = setup();
    const big = Array.from({ length: 20000 }, (_, i) => `m${i}`);
    run('SADD', 'big', ...big);
    run('SADD', 'small', 'm5', 'zz');
    // Make iterating the big set observable: it would throw.
    const bigSet = db.data.get('big')!.value as Set<string>;
    bigSet[Symbol.iterator] = () => {
      throw new Error('iterated the big set');
    };
    expect(members(run('SINTER', 'big', 'small'))).toEqual(['m5']);
    expect(run('SINTERCARD', '2', 'big', 'small')).toEqual(int(1));
  });
});

describe('SSCAN and events', () => {
  it('pages a big set with a cursor until 0', () => {
    const { run } = setup();
    const all = Array.from({ length: 700 }, (_, i) => `k${i}`);
    run('SADD', 's', ...all);
    const seen = new Set<string>();
    let cursor = '0';
    do {
      const r = run('SSCAN', 's', cursor, 'COUNT', '100');
      if (r?.t !== 'array' || r.v[0]?.t !== 'bulk') throw new Error('bad SSCAN reply');
      cursor = r.v[0].v;
      for (const m of members(r.v[1])) seen.add(m);
    } while (cursor !== '0');
    expect(seen.size).toBe(700);
    expect(run('SSCAN', 's', 'abc')).toEqual(err(E.INVALID_CURSOR));
  });

  it('reports reads, writes and deletions', () => {
    const { engine, run } = setup();
    const events: CommandEvent[] = [];
    engine.onEvent((e) => events.push(e));
    run('SADD', 'a', 'x');
    run('SMOVE', 'a', 'b', 'x');
    run('SISMEMBER', 'b', 'x');
    expect(events[0]!.writes.map((k) => k.key)).toEqual(['a']);
    expect(events[1]!.deletes.map((k) => k.key)).toEqual(['a']);
    expect(events[1]!.writes.map((k) => k.key)).toContain('b');
    expect(events[2]!.reads.map((k) => k.key)).toEqual(['b']);
  });
});
