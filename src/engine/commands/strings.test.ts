import { describe, expect, it } from 'vitest';
import { E } from '../core/errors';
import { addLongDouble, formatLongDouble, fromNumber, parseLongDouble, toNumber } from '../core/ldouble';
import type { Reply } from '../core/reply';
import type { CommandEvent } from '../engine';
import { bulk, int, err, testEngine, type TestEngine } from '../testing/engine';
import { smallInt } from './strings';

const setup = (): TestEngine => testEngine();


const ld = (s: string): string => {
  const v = parseLongDouble(s);
  if (v === undefined) throw new Error(`not a float: ${s}`);
  return formatLongDouble(v);
};
const sum = (...xs: string[]): string => {
  let acc = parseLongDouble('0')!;
  for (const x of xs) acc = addLongDouble(acc, parseLongDouble(x)!);
  return formatLongDouble(acc);
};

describe('80-bit long double emulation (INCRBYFLOAT)', () => {
  it('adds in extended precision, so 0.1 + 0.2 prints 0.3', () => {
    expect(sum('0.1', '0.2')).toBe('0.3');
    expect(sum('10.50', '0.1')).toBe('10.6');
    expect(sum('5.0e3', '2.0e2')).toBe('5200');
    expect(sum('0.1', '0.2', '-0.3')).toBe('0');
    expect(sum('1e20', '1')).toBe('100000000000000000000'); // the ulp of 1e20 is 16
    // Past 2^64 the ulp is 2: 2^64 + 1 is a tie that rounds to even, 2^64 + 2 is exact.
    expect(sum('18446744073709551616', '1')).toBe('18446744073709551616');
    expect(sum('18446744073709551616', '2')).toBe('18446744073709551618');
    expect(sum('18446744073709551616', '4')).toBe('18446744073709551620');
  });

  it('prints like %.17Lf with trailing zeros removed, ties to even', () => {
    expect(ld('5e20')).toBe('500000000000000000000');
    expect(ld('-1e-30')).toBe('0');
    expect(ld('-0')).toBe('0');
    expect(ld('1.5e-18')).toBe('0');
    expect(ld('0.000003814697265625')).toBe('0.00000381469726562'); // exact tie, rounds to even
    expect(ld('0.000011444091796875')).toBe('0.00001144409179688');
    expect(ld('12345678901234567890123')).toBe('12345678901234567889920');
    expect(ld('1e400').length).toBe(401);
    expect(ld('1e400').startsWith('100000000000000000002818806839')).toBe(true);
  });

  it('parses what strtold accepts and rejects what Redis rejects', () => {
    expect(ld('0x1p3')).toBe('8');
    expect(ld('0X1.8P1')).toBe('3');
    expect(ld('0x.8')).toBe('0.5');
    expect(ld('.5')).toBe('0.5');
    expect(ld('5.')).toBe('5');
    expect(ld('+.5e1')).toBe('5');
    expect(ld('1e-4950')).toBe('0'); // a subnormal: accepted
    expect(parseLongDouble('inf')?.inf).toBe(true);
    expect(parseLongDouble('-Infinity')?.neg).toBe(true);
    for (const bad of ['', ' 1', '1 ', 'nan', 'abc', '1e', '1e+', '.', '-', '0x', '0x1p', '1_0', '1e5000', '1e-5000', '1e-4951', '1.18973149535723176509e+4932', 'x'.repeat(6000)]) {
      expect(parseLongDouble(bad), JSON.stringify(bad.slice(0, 20))).toBeUndefined();
    }
    expect(ld('1.18973149535723176502e+4932').length).toBe(4933);
  });

  it('overflow to infinity is reported as such', () => {
    const max = parseLongDouble('1.18973149535723176502e+4932')!;
    expect(addLongDouble(max, max).inf).toBe(true);
    expect(addLongDouble(max, parseLongDouble('1')!).inf).toBe(false);
  });

  it('converts to and from doubles', () => {
    for (const x of [0, 1, -2.5, 0.1, 1e300, 5e-324, 123456.789]) expect(toNumber(fromNumber(x))).toBe(x);
    expect(toNumber(parseLongDouble('0.1')!)).toBe(0.1);
  });
});

describe('string commands', () => {
  it('INCRBYFLOAT stores the printed value and keeps rejecting bad input', () => {
    const { run } = setup();
    expect(run('INCRBYFLOAT', 'f', '0.1')).toEqual(bulk('0.1'));
    expect(run('INCRBYFLOAT', 'f', '0.2')).toEqual(bulk('0.3'));
    expect(run('GET', 'f')).toEqual(bulk('0.3'));
    expect(run('INCRBYFLOAT', 'f', 'inf')).toEqual(err(E.INCR_NAN));
    expect(run('INCRBYFLOAT', 'f', 'nope')).toEqual(err(E.NOT_FLOAT));
    run('SET', 's', 'text');
    expect(run('INCRBYFLOAT', 's', '1')).toEqual(err(E.NOT_FLOAT));
  });

  it('SETRANGE refuses 512 MB and beyond at once, without allocating', () => {
    const { run, db } = setup();
    expect(run('SETRANGE', 'k', '536870912', 'x')).toEqual(err(E.STRING_TOO_LONG));
    expect(run('SETRANGE', 'k', '536870911', 'xy')).toEqual(err(E.STRING_TOO_LONG));
    expect(run('SETRANGE', 'k', '9223372036854775807', 'x')).toEqual(err(E.STRING_TOO_LONG));
    // Below Redis's limit but more than a browser tab should build from 1 byte.
    expect(run('SETRANGE', 'k', '300000000', 'x')).toEqual(err(E.OOM));
    expect(db.size).toBe(0);
    expect(run('SETRANGE', 'k', '3', 'x')).toEqual({ t: 'int', v: 4 });
    expect(run('GET', 'k')).toEqual(bulk('\0\0\0x'));
  });

  it('LCS refuses tables larger than proto-max-bulk-len', () => {
    const { run } = setup();
    run('MSET', 'a', 'a'.repeat(12000), 'b', 'b'.repeat(12000));
    expect(run('LCS', 'a', 'b')).toEqual(err(E.LCS_TOO_MUCH_MEMORY));
    run('MSET', 'a', 'abcde'.repeat(200), 'b', 'xbcdy'.repeat(200));
    expect(run('LCS', 'a', 'b', 'LEN')).toEqual({ t: 'int', v: 600 });
  });

  it('LCS IDX replies a map (RESP3) of matches and len', () => {
    const { run } = setup();
    run('MSET', 'key1', 'ohmytext', 'key2', 'mynewtext');
    const r = run('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN');
    const i = (v: number): Reply => ({ t: 'int', v });
    const arr = (...v: Reply[]): Reply => ({ t: 'array', v });
    expect(r).toEqual({ t: 'map', v: [[bulk('matches'), arr(arr(arr(i(4), i(7)), arr(i(5), i(8)), i(4)))], [bulk('len'), i(6)]] });
  });

  it('SET overwrites a string in place and tells listeners', () => {
    const { run, engine, db } = setup();
    const events: CommandEvent[] = [];
    engine.onEvent((e) => events.push(e));
    run('SET', 'k', 'a');
    const entry = db.data.get('k');
    run('SET', 'k', 'b');
    expect(db.data.get('k')).toBe(entry);
    expect(run('GET', 'k')).toEqual(bulk('b'));
    expect(events.map((e) => e.writes)).toEqual([[{ db: 0, key: 'k' }], [{ db: 0, key: 'k' }], []]);
    db.set('h', { type: 'hash', value: new Map() });
    run('SET', 'h', 'now a string');
    expect(run('TYPE', 'h')).toEqual({ t: 'simple', v: 'string' });
  });

  it('MSETNX sets all or nothing', () => {
    const { run } = setup();
    expect(run('MSETNX', 'a', '1', 'b', '2')).toEqual({ t: 'int', v: 1 });
    expect(run('MSETNX', 'b', '3', 'c', '4')).toEqual({ t: 'int', v: 0 });
    expect(run('MGET', 'a', 'b', 'c')).toEqual({ t: 'array', v: [bulk('1'), bulk('2'), { t: 'nil' }] });
  });
});

describe('smallInt: the integers INCR adds without BigInt', () => {
  it('takes canonical integers of up to 15 digits and nothing else', () => {
    const canonical = /^(?:0|-?[1-9][0-9]{0,14})$/;
    const samples = ['0', '-0', '00', '01', '-01', '1', '-1', '+1', ' 1', '1 ', '', '-', '1e3', '1.0', '0x10', '999999999999999', '-999999999999999', '1000000000000000', '12a', '\u0661'];
    for (let k = 0; k < 2000; k++) {
      const len = 1 + (k % 17);
      let t = (k * 7919) % 3 === 0 ? '-' : '';
      for (let j = 0; j < len; j++) t += '0123456789-+ a'[(k * 31 + j * 17 + j * j) % (j === 0 ? 14 : 11)];
      samples.push(t);
    }
    for (const t of samples) {
      const v = smallInt(t);
      if (canonical.test(t)) expect(v, t).toBe(Number(t));
      else expect(v, t).toBeNaN();
    }
  });
});

describe('counters across the shared small integers (0..9999)', () => {
  it('count through 9999 and 10000, below zero and back, with the int encoding', () => {
    const { run } = setup();
        expect(run('INCRBY', 'c', '9998')).toEqual(int(9998));
    expect(run('INCR', 'c')).toEqual(int(9999));
    expect(run('GET', 'c')).toEqual({ t: 'bulk', v: '9999' });
    expect(run('INCR', 'c')).toEqual(int(10000));
    expect(run('GET', 'c')).toEqual({ t: 'bulk', v: '10000' });
    expect(run('DECRBY', 'c', '10001')).toEqual(int(-1));
    expect(run('GET', 'c')).toEqual({ t: 'bulk', v: '-1' });
    expect(run('INCR', 'c')).toEqual(int(0));
    expect(run('OBJECT', 'ENCODING', 'c')).toEqual({ t: 'bulk', v: 'int' });
    expect(run('APPEND', 'c', '1')).toEqual(int(2)); // an edit in place gives a new string, shared ones untouched
    expect(run('GET', 'c')).toEqual({ t: 'bulk', v: '01' });
    expect(run('INCR', 'd')).toEqual(int(1));
    expect(run('GET', 'd')).toEqual({ t: 'bulk', v: '1' });
    expect(run('DECR', 'e')).toEqual(int(-1));
  });
});
