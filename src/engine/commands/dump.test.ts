import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { Engine } from '../engine';
import { crc64, lzfDecompress, readListpack } from '../rdb/codec';

const bulk = (v: string): Reply => ({ t: 'bulk', v });
const err = (v: string): Reply => ({ t: 'error', v });
const OK: Reply = { t: 'simple', v: 'OK' };

function setup() {
  const clock = new ManualClock();
  const engine = new Engine({ clock });
  const c = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(c, argv);
  const payload = (key: string): string => {
    const r = run('DUMP', key);
    if (r?.t !== 'bulk') throw new Error(`DUMP ${key}: ${JSON.stringify(r)}`);
    return r.v;
  };
  return { clock, run, payload };
}

const hex = (s: string): string => [...s].map((ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('');

describe('payload building blocks', () => {
  it('crc64 is Redis\'s (Jones polynomial): check value of "123456789"', () => {
    expect(hex(crc64('123456789'))).toBe('cad9b8c414d9c6e9'); // 0xe9c6d914c4b8d9ca little-endian
  });

  it('LZF literal runs and back references', () => {
    // "abc" literal, then a back reference of length 6 at distance 3: "abcabcabc".
    expect(lzfDecompress('\x02abc\x80\x02', 9)).toBe('abcabcabc');
    expect(lzfDecompress('\x02abc\x80\x02', 10)).toBeUndefined();
  });

  it('the string payload is what Redis 7.0 writes', () => {
    const { run, payload } = setup();
    run('SET', 'k', 'hello');
    expect(payload('k')).toBe('\x00\x05hello\x0a\x00' + crc64('\x00\x05hello\x0a\x00'));
    run('SET', 'n', '-7');
    expect(payload('n').slice(0, 3)).toBe('\x00\xc0\xf9');
  });

  it('listpacks round-trip every integer width and string length', () => {
    const { run, payload } = setup();
    const vals = ['0', '127', '128', '-4096', '4095', '32767', '-32768', '8388607', '2147483647', '-9223372036854775808', 'x', 'y'.repeat(100), 'z'.repeat(5000), '007'];
    run('RPUSH', 'l', ...vals);
    const p = payload('l');
    expect(p.charCodeAt(0)).toBe(18); // a quicklist of listpacks
    run('RESTORE', 'l2', '0', p);
    expect(run('LRANGE', 'l2', '0', '-1')).toEqual(run('LRANGE', 'l', '0', '-1'));
    expect(() => readListpack('\x07\x00\x00\x00\x00\x00\xfe')).toThrow();
  });
});

describe('DUMP / RESTORE', () => {
  it('round-trips every type and keeps encodings', () => {
    const { run, payload } = setup();
    run('RPUSH', 'l', 'a', '1', 'b');
    run('SADD', 'si', '3', '1', '2');
    run('SADD', 'ss', 'x', 'y');
    run('ZADD', 'z', '1.5', 'a', '-inf', 'b');
    run('HSET', 'h', 'f', 'v');
    for (const k of ['l', 'si', 'ss', 'z', 'h']) {
      expect(run('RESTORE', `${k}2`, '0', payload(k))).toEqual(OK);
      expect(run('OBJECT', 'ENCODING', `${k}2`)).toEqual(run('OBJECT', 'ENCODING', k));
    }
    expect(run('LRANGE', 'l2', '0', '-1')).toEqual(run('LRANGE', 'l', '0', '-1'));
    expect(run('ZRANGE', 'z2', '0', '-1', 'WITHSCORES')).toEqual(run('ZRANGE', 'z', '0', '-1', 'WITHSCORES'));
    expect(run('SORT', 'si2')).toEqual(run('SORT', 'si'));
    expect(run('SORT', 'ss2', 'ALPHA')).toEqual(run('SORT', 'ss', 'ALPHA'));
    expect(run('HGETALL', 'h2')).toEqual(run('HGETALL', 'h'));
  });

  it('checks the key, the TTL and the footer in Redis\'s order', () => {
    const { clock, run, payload } = setup();
    run('SET', 'k', 'v');
    const p = payload('k');
    expect(run('RESTORE', 'k', '0', p)).toEqual(err(E.BUSYKEY));
    expect(run('RESTORE', 'k', '-1', 'junk')).toEqual(err(E.BUSYKEY));
    expect(run('RESTORE', 'n', '-1', p)).toEqual(err(E.RESTORE_TTL));
    expect(run('RESTORE', 'n', '0', p.slice(0, -1) + 'x')).toEqual(err(E.DUMP_PAYLOAD));
    expect(run('RESTORE', 'n', '0', p, 'FREQ', '300')).toEqual(err(E.RESTORE_FREQ));
    expect(run('RESTORE', 'n', '0', p, 'IDLETIME', '1', 'FREQ', '1')).toEqual(err(E.SYNTAX));
    expect(run('RESTORE', 'n', '5000', p)).toEqual(OK);
    expect(run('PTTL', 'n')).toEqual({ t: 'int', v: 5000 });
    clock.advance(5001);
    expect(run('GET', 'n')).toEqual({ t: 'nil' });
    // An absolute TTL in the past: OK, and REPLACE deletes the old key.
    expect(run('RESTORE', 'k', '1', p, 'ABSTTL', 'REPLACE')).toEqual(OK);
    expect(run('EXISTS', 'k')).toEqual({ t: 'int', v: 0 });
    expect(run('RESTORE', 'k', '0', p, 'IDLETIME', '100')).toEqual(OK);
    expect(run('OBJECT', 'IDLETIME', 'k')).toEqual({ t: 'int', v: 100 });
    expect(run('GET', 'k')).toEqual(bulk('v'));
  });
});
