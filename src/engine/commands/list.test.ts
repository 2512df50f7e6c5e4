import { describe, expect, it } from 'vitest';
import { E } from '../core/errors';
import type { CommandEvent } from '../engine';
import { bulk, bulks, int, err, NIL, NIL_ARRAY, testEngine, type TestEngine } from '../testing/engine';

const setup = (): TestEngine => testEngine();


describe('list commands', () => {
  it('pushes at both ends and reads ranges with negative indexes', () => {
    const { run } = setup();
    expect(run('RPUSH', 'l', 'b', 'c')).toEqual(int(2));
    expect(run('LPUSH', 'l', 'a', 'z')).toEqual(int(4)); // one at a time: z ends up first
    expect(run('LRANGE', 'l', '0', '-1')).toEqual(bulks('z', 'a', 'b', 'c'));
    expect(run('LRANGE', 'l', '-2', '-1')).toEqual(bulks('b', 'c'));
    expect(run('LRANGE', 'l', '2', '1')).toEqual(bulks());
    expect(run('LRANGE', 'l', '-100', '1')).toEqual(bulks('z', 'a'));
    expect(run('LINDEX', 'l', '-1')).toEqual(bulk('c'));
    expect(run('LINDEX', 'l', '4')).toEqual(NIL);
    expect(run('LPUSHX', 'none', 'x')).toEqual(int(0));
    expect(run('EXISTS', 'none')).toEqual(int(0));
  });

  it('pops with counts, deleting the emptied list', () => {
    const { run, db } = setup();
    run('RPUSH', 'l', '1', '2', '3', '4');
    expect(run('LPOP', 'l', '2')).toEqual(bulks('1', '2'));
    expect(run('RPOP', 'l', '5')).toEqual(bulks('4', '3'));
    expect(db.data.has('l')).toBe(false);
    expect(run('LPOP', 'l')).toEqual(NIL);
    expect(run('LPOP', 'l', '2')).toEqual(NIL_ARRAY);
    expect(run('LPOP', 'l', '-1')).toEqual(err(E.POSITIVE_RANGE));
    run('RPUSH', 'l', 'x');
    expect(run('LPOP', 'l', '0')).toEqual(bulks());
    expect(run('LPOP', 'l', '1', '2')).toEqual(err(E.WRONG_ARITY('lpop')));
  });

  it('LSET, LINSERT, LREM and LTRIM edit in place', () => {
    const { run, db } = setup();
    expect(run('LSET', 'l', '0', 'x')).toEqual(err(E.NO_SUCH_KEY));
    run('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a');
    expect(run('LSET', 'l', '-1', 'A')).toEqual({ t: 'simple', v: 'OK' });
    expect(run('LSET', 'l', '5', 'x')).toEqual(err(E.OUT_OF_RANGE));
    expect(run('LINSERT', 'l', 'AFTER', 'c', 'd')).toEqual(int(6));
    expect(run('LINSERT', 'l', 'BEFORE', 'nope', 'd')).toEqual(int(-1));
    expect(run('LINSERT', 'l', 'SIDEWAYS', 'c', 'd')).toEqual(err(E.SYNTAX));
    expect(run('LREM', 'l', '-1', 'a')).toEqual(int(1));
    expect(run('LRANGE', 'l', '0', '-1')).toEqual(bulks('a', 'b', 'c', 'd', 'A'));
    expect(run('LTRIM', 'l', '1', '-2')).toEqual({ t: 'simple', v: 'OK' });
    expect(run('LRANGE', 'l', '0', '-1')).toEqual(bulks('b', 'c', 'd'));
    expect(run('LTRIM', 'l', '5', '1')).toEqual({ t: 'simple', v: 'OK' });
    expect(db.data.has('l')).toBe(false);
  });

  it('LPOS with RANK, COUNT and MAXLEN', () => {
    const { run } = setup();
    run('RPUSH', 'l', 'a', 'b', 'c', 'b', 'b');
    expect(run('LPOS', 'l', 'b')).toEqual(int(1));
    expect(run('LPOS', 'l', 'b', 'RANK', '-1')).toEqual(int(4));
    expect(run('LPOS', 'l', 'b', 'COUNT', '0')).toEqual({ t: 'array', v: [int(1), int(3), int(4)] });
    expect(run('LPOS', 'l', 'b', 'RANK', '2', 'COUNT', '1')).toEqual({ t: 'array', v: [int(3)] });
    expect(run('LPOS', 'l', 'b', 'MAXLEN', '1')).toEqual(NIL);
    expect(run('LPOS', 'l', 'b', 'RANK', '0')).toMatchObject({ t: 'error' });
    expect(run('LPOS', 'l', 'b', 'RANK', '-9223372036854775808', 'COUNT', '1')).toEqual({ t: 'array', v: [int(4), int(3), int(1)] });
  });

  it('LMOVE rotates a list onto itself and creates the destination', () => {
    const { run } = setup();
    run('RPUSH', 'l', '1', '2', '3');
    expect(run('LMOVE', 'l', 'l', 'LEFT', 'RIGHT')).toEqual(bulk('1'));
    expect(run('LRANGE', 'l', '0', '-1')).toEqual(bulks('2', '3', '1'));
    expect(run('RPOPLPUSH', 'l', 'other')).toEqual(bulk('1'));
    expect(run('LRANGE', 'other', '0', '-1')).toEqual(bulks('1'));
    run('SET', 's', 'x');
    expect(run('LMOVE', 'l', 's', 'LEFT', 'LEFT')).toEqual(err(E.WRONGTYPE));
    expect(run('LLEN', 'l')).toEqual(int(2)); // nothing popped
  });

  it('LMPOP picks the first non-empty list', () => {
    const { run } = setup();
    run('RPUSH', 'b', 'x', 'y', 'z');
    expect(run('LMPOP', '2', 'a', 'b', 'RIGHT', 'COUNT', '2')).toEqual({ t: 'array', v: [bulk('b'), bulks('z', 'y')] });
    expect(run('LMPOP', '1', 'a', 'LEFT')).toEqual(NIL_ARRAY);
    expect(run('LMPOP', '0', 'a', 'LEFT')).toEqual(err(E.NUMKEYS_POSITIVE));
    expect(run('LMPOP', '1', 'a', 'LEFT', 'COUNT', '0')).toEqual(err(E.COUNT_POSITIVE));
  });

  it('reports a write per mutation and a delete when a list empties', () => {
    const { engine, run } = setup();
    const events: CommandEvent[] = [];
    engine.onEvent((e) => events.push(e));
    run('RPUSH', 'l', 'a');
    run('LPOP', 'l');
    expect(events[0]!.writes).toEqual([{ db: 0, key: 'l' }]);
    expect(events[1]!.deletes).toEqual([{ db: 0, key: 'l' }]);
  });

  it('keeps the ends O(1), LINDEX O(1) and LRANGE proportional to the range on a 1,000,000-element list', () => {
    const time = (f: () => void, n: number): number => {
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t = performance.now();
        for (let i = 0; i < n; i++) f();
        best = Math.min(best, performance.now() - t);
      }
      return best / n;
    };
    const { run, engine, client } = setup();
    run('RPUSH', 'small', ...Array.from({ length: 10 }, (_, i) => `e${i}`));
    const big: string[] = ['RPUSH', 'big'];
    for (let i = 0; i < 1_000_000; i++) big.push(`e${i}`);
    expect(engine.exec(client, big)).toEqual(int(1_000_000));
    const ends = (k: string) => () => {
      run('LPUSH', k, 'x');
      run('RPOP', k);
      run('RPUSH', k, 'y');
      run('LPOP', k);
    };
    const endsSmall = time(ends('small'), 5000);
    const endsBig = time(ends('big'), 5000);
    expect(endsBig).toBeLessThan(endsSmall * 5 + 0.002);
    const idxSmall = time(() => run('LINDEX', 'small', '5'), 5000);
    const idxBig = time(() => run('LINDEX', 'big', '500000'), 5000);
    expect(idxBig).toBeLessThan(idxSmall * 5 + 0.002);
    const rangeSmall = time(() => run('LRANGE', 'big', '500000', '500009'), 2000);
    const rangeLarge = time(() => run('LRANGE', 'big', '500000', '509999'), 20);
    // 1000x the elements costs far more than a short range, and a short range in the middle of a huge list is cheap.
    expect(rangeLarge).toBeGreaterThan(rangeSmall * 20);
    expect(rangeSmall).toBeLessThan(idxSmall * 20 + 0.01);
  });
});
