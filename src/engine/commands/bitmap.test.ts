import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { Engine, type CommandEvent } from '../engine';
import { countBits, findBit, getField, setField } from './bitmap';

function setup() {
  const engine = new Engine({ clock: new ManualClock() });
  const events: CommandEvent[] = [];
  engine.onEvent((e) => events.push(e));
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  return { engine, run, events };
}

const int = (v: number | bigint): Reply => ({ t: 'int', v });
const bulk = (v: string): Reply => ({ t: 'bulk', v });
const err = (v: string): Reply => ({ t: 'error', v });
const arr = (...v: Reply[]): Reply => ({ t: 'array', v });
const NIL: Reply = { t: 'nil' };

describe('bit helpers', () => {
  it('count, find, read and write bits MSB first', () => {
    const s = '\xf0\x0f';
    expect(countBits(s, 0, 15)).toBe(8);
    expect(countBits(s, 2, 13)).toBe(4);
    expect(countBits(s, 4, 11)).toBe(0);
    expect(findBit(s, 0, 0, 15)).toBe(4);
    expect(findBit(s, 1, 4, 15)).toBe(12);
    expect(findBit('\xff\xff', 0, 0, 15)).toBe(-1);
    expect(getField(s, 2, 4)).toBe(0b1100n);
    expect(getField(s, 12, 8)).toBe(0b11110000n); // bits past the end read as 0
    expect(setField('\x00\x00', 4, 8, 0xabn)).toBe('\x0a\xb0');
  });
});

describe('SETBIT / GETBIT', () => {
  it('sets bits, grows the string with zeros, returns the old bit', () => {
    const { run } = setup();
    expect(run('SETBIT', 'k', '1', '1')).toEqual(int(0));
    expect(run('GET', 'k')).toEqual(bulk('\x40'));
    expect(run('SETBIT', 'k', '1', '0')).toEqual(int(1));
    expect(run('SETBIT', 'k', '23', '1')).toEqual(int(0));
    expect(run('GET', 'k')).toEqual(bulk('\x00\x00\x01'));
    expect(run('GETBIT', 'k', '23')).toEqual(int(1));
    expect(run('GETBIT', 'k', '1000')).toEqual(int(0));
    expect(run('OBJECT', 'ENCODING', 'k')).toEqual(bulk('raw'));
  });

  it('rejects bad offsets and bit values with Redis\'s errors', () => {
    const { run } = setup();
    expect(run('SETBIT', 'k', '-1', '1')).toEqual(err(E.BIT_OFFSET));
    expect(run('SETBIT', 'k', '4294967296', '1')).toEqual(err(E.BIT_OFFSET));
    expect(run('SETBIT', 'k', '0', '2')).toEqual(err(E.BIT_VALUE));
    expect(run('GETBIT', 'k', 'x')).toEqual(err(E.BIT_OFFSET));
    run('RPUSH', 'l', 'a');
    expect(run('SETBIT', 'l', '0', '1')).toEqual(err(E.WRONGTYPE));
  });

  it('emits a change only when the bit changes or the string grows', () => {
    const { run, events } = setup();
    run('SETBIT', 'k', '0', '1');
    expect(events.at(-1)!.writes.map((w) => w.key)).toEqual(['k']);
    run('SETBIT', 'k', '0', '1');
    expect(events.at(-1)!.writes).toEqual([]);
    run('SETBIT', 'k', '0', '0');
    expect(events.at(-1)!.writes.map((w) => w.key)).toEqual(['k']);
  });
});

describe('BITCOUNT / BITPOS / BITOP', () => {
  it('counts and finds bits in byte and bit ranges', () => {
    const { run } = setup();
    run('SET', 'k', 'foobar');
    expect(run('BITCOUNT', 'k')).toEqual(int(26));
    expect(run('BITCOUNT', 'k', '1', '1')).toEqual(int(6));
    expect(run('BITCOUNT', 'k', '5', '30', 'BIT')).toEqual(int(17));
    expect(run('BITCOUNT', 'k', '0', '1', 'NOPE')).toEqual(err(E.SYNTAX));
    run('SET', 'p', '\xff\xf0\x00');
    expect(run('BITPOS', 'p', '0')).toEqual(int(12));
    expect(run('BITPOS', 'p', '1', '2')).toEqual(int(-1));
    run('SET', 'f', '\xff');
    expect(run('BITPOS', 'f', '0')).toEqual(int(8));
    expect(run('BITPOS', 'f', '0', '0', '-1')).toEqual(int(-1));
    expect(run('BITPOS', 'f', '2')).toEqual(err(E.BITPOS_BIT));
    expect(run('BITPOS', 'none', '0')).toEqual(int(0));
  });

  it('BITOP combines strings, pads with zeros and deletes on empty result', () => {
    const { run } = setup();
    run('SET', 'a', '\x0f\x0f');
    run('SET', 'b', '\xff');
    expect(run('BITOP', 'AND', 'd', 'a', 'b')).toEqual(int(2));
    expect(run('GET', 'd')).toEqual(bulk('\x0f\x00'));
    expect(run('BITOP', 'XOR', 'd', 'a', 'b')).toEqual(int(2));
    expect(run('GET', 'd')).toEqual(bulk('\xf0\x0f'));
    expect(run('BITOP', 'NOT', 'd', 'b')).toEqual(int(1));
    expect(run('GET', 'd')).toEqual(bulk('\x00'));
    expect(run('BITOP', 'NOT', 'd', 'a', 'b')).toEqual(err(E.BITOP_NOT_ONE_KEY));
    expect(run('BITOP', 'OR', 'd', 'x', 'y')).toEqual(int(0));
    expect(run('EXISTS', 'd')).toEqual(int(0));
  });
});

describe('BITFIELD', () => {
  it('GET, SET, INCRBY with WRAP, SAT and FAIL', () => {
    const { run } = setup();
    expect(run('BITFIELD', 'k', 'SET', 'u8', '0', '255', 'INCRBY', 'u8', '0', '10', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '1000', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1')).toEqual(
      arr(int(0), int(9), int(255), NIL),
    );
    expect(run('BITFIELD', 'k', 'SET', 'i8', '#1', '-128', 'INCRBY', 'i8', '#1', '-1', 'GET', 'i8', '8')).toEqual(arr(int(0), int(127), int(127)));
    expect(run('BITFIELD', 'k', 'SET', 'i64', '0', '-1', 'GET', 'u63', '0')).toEqual(arr(int(-36310271995674624n), int(9223372036854775807n)));
    expect(run('BITFIELD', 'k', 'GET', 'u64', '0')).toEqual(err(E.BITFIELD_TYPE));
    expect(run('BITFIELD', 'k', 'OVERFLOW', 'X')).toEqual(err(E.BITFIELD_OVERFLOW));
    expect(run('BITFIELD_RO', 'k', 'SET', 'u8', '0', '1')).toEqual(err(E.BITFIELD_RO));
    expect(run('BITFIELD_RO', 'k', 'GET', 'u4', '0')).toEqual(arr(int(15)));
  });
});
