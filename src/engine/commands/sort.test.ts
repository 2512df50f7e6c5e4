import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';
import { sortScore } from './sort';

const bulk = (v: string): Reply => ({ t: 'bulk', v });
const bulks = (...v: string[]): Reply => ({ t: 'array', v: v.map(bulk) });
const int = (v: number): Reply => ({ t: 'int', v });
const err = (v: string): Reply => ({ t: 'error', v });
const NIL: Reply = { t: 'nil' };

function setup() {
  const engine = new Engine({ clock: new ManualClock() });
  const client = (inbox: Reply[] = []) => {
    const c = engine.createClient((r) => inbox.push(r));
    return { c, inbox, run: (...argv: string[]): Reply | undefined => engine.exec(c, argv) };
  };
  return { engine, client };
}

describe('sortScore (strtod as SORT uses it)', () => {
  it('accepts what strtod consumes whole, rejects the rest', () => {
    expect(sortScore('1.5')).toBe(1.5);
    expect(sortScore('  -2')).toBe(-2);
    expect(sortScore('')).toBe(0);
    expect(sortScore('0x10')).toBe(16);
    expect(sortScore('-inf')).toBe(-Infinity);
    expect(sortScore('1 ')).toBeUndefined();
    expect(sortScore('nan')).toBeUndefined();
    expect(sortScore('1e400')).toBeUndefined();
    expect(sortScore('abc')).toBeUndefined();
  });
});

describe('SORT', () => {
  it('sorts numerically, by ALPHA, DESC, with LIMIT', () => {
    const { client } = setup();
    const { run } = client();
    run('RPUSH', 'l', '10', '2', '-1', '3.5');
    expect(run('SORT', 'l')).toEqual(bulks('-1', '2', '3.5', '10'));
    expect(run('SORT', 'l', 'ALPHA')).toEqual(bulks('-1', '10', '2', '3.5'));
    expect(run('SORT', 'l', 'DESC', 'LIMIT', '1', '2')).toEqual(bulks('3.5', '2'));
    run('RPUSH', 'bad', 'x');
    expect(run('SORT', 'bad')).toEqual(err(E.SORT_NOT_DOUBLE));
    expect(run('SORT', 'l', 'LIMIT', 'x', '1')).toEqual(err(E.NOT_INTEGER));
    expect(run('SORT_RO', 'l', 'STORE', 'd')).toEqual(err(E.SYNTAX));
    run('SET', 's', 'v');
    expect(run('SORT', 's')).toEqual(err(E.WRONGTYPE));
  });

  it('BY and GET patterns read strings and hash fields', () => {
    const { client } = setup();
    const { run } = client();
    run('RPUSH', 'l', 'a', 'b', 'c');
    run('MSET', 'w_a', '3', 'w_b', '1', 'w_c', '2');
    run('HSET', 'h_a', 'name', 'Ann');
    expect(run('SORT', 'l', 'BY', 'w_*')).toEqual(bulks('b', 'c', 'a'));
    expect(run('SORT', 'l', 'BY', 'w_*', 'GET', '#', 'GET', 'h_*->name')).toEqual({
      t: 'array',
      v: [bulk('b'), NIL, bulk('c'), NIL, bulk('a'), bulk('Ann')],
    });
    expect(run('SORT', 'l', 'BY', 'nosort', 'DESC')).toEqual(bulks('c', 'b', 'a'));
  });

  it('STORE replaces the destination with a list, or deletes it when empty', () => {
    const { client } = setup();
    const { run } = client();
    run('SADD', 's', 'b', 'a', 'c');
    run('SET', 'd', 'x', 'EX', '100');
    expect(run('SORT', 's', 'BY', 'nosort', 'STORE', 'd')).toEqual(int(3));
    expect(run('LRANGE', 'd', '0', '-1')).toEqual(bulks('a', 'b', 'c'));
    expect(run('TTL', 'd')).toEqual(int(-1));
    expect(run('SORT', 'nokey', 'STORE', 'd')).toEqual(int(0));
    expect(run('EXISTS', 'd')).toEqual(int(0));
  });

  it('SORT ... STORE wakes a client blocked on the destination list', () => {
    const { client } = setup();
    const inbox: Reply[] = [];
    const a = client(inbox);
    const b = client();
    b.run('RPUSH', 'src', '3', '1', '2');
    expect(a.run('BLPOP', 'dst', '0')).toBeUndefined();
    expect(a.c.blocked).toBeDefined();
    expect(b.run('SORT', 'src', 'STORE', 'dst')).toEqual(int(3));
    expect(inbox).toEqual([bulks('dst', '1')]);
    expect(b.run('LRANGE', 'dst', '0', '-1')).toEqual(bulks('2', '3'));
  });

  it('a sorted set sorted by SORT is converted to a skiplist, as in Redis 7.0', () => {
    const { client } = setup();
    const { run } = client();
    run('ZADD', 'z', '1', 'b', '2', 'a');
    expect(run('OBJECT', 'ENCODING', 'z')).toEqual(bulk('listpack'));
    expect(run('SORT', 'z', 'ALPHA')).toEqual(bulks('a', 'b'));
    expect(run('OBJECT', 'ENCODING', 'z')).toEqual(bulk('skiplist'));
  });
});
