import { describe, expect, it } from 'vitest';
import { objectEncoding } from '../core/encoding';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import type { CommandEvent } from '../engine';
import { bulk, bulks, int, err, NIL, testEngine, type TestEngine } from '../testing/engine';

const setup = (random?: () => number): TestEngine => testEngine(random);

function texts(r: Reply | undefined): string[] {
  if (r === undefined || r.t !== 'array') throw new Error(`expected an array: ${JSON.stringify(r)}`);
  return r.v.map((x) => (x.t === 'bulk' ? x.v : JSON.stringify(x)));
}

/** Fills hash `h` with fields k0, k1, ... and their values. */
function fillHash(run: TestEngine['run'], n: number, value: (i: number) => string): void {
  const fields: string[] = [];
  for (let i = 0; i < n; i++) fields.push(`k${i}`, value(i));
  run('HSET', 'h', ...fields);
}

/** One HSCAN call: the next cursor and the flat field, value list. */
function hscanPage(run: TestEngine['run'], key: string, cursor: string, count: string): [string, string[]] {
  const r = run('HSCAN', key, cursor, 'COUNT', count) as { t: 'array'; v: [{ v: string }, Reply] };
  return [r.v[0].v, texts(r.v[1])];
}

describe('hash commands', () => {
  it('sets, reads and counts fields; HSET counts only new fields', () => {
    const { run } = setup();
    expect(run('HSET', 'h', 'a', '1', 'b', '2')).toEqual(int(2));
    expect(run('HSET', 'h', 'a', '10', 'c', '3')).toEqual(int(1));
    expect(run('HMSET', 'h', 'd', '4')).toEqual({ t: 'simple', v: 'OK' });
    expect(run('HSETNX', 'h', 'a', 'x')).toEqual(int(0));
    expect(run('HSETNX', 'h', 'e', '')).toEqual(int(1));
    expect(run('HGET', 'h', 'a')).toEqual(bulk('10'));
    expect(run('HGET', 'h', 'zz')).toEqual(NIL);
    expect(run('HMGET', 'h', 'a', 'zz')).toEqual({ t: 'array', v: [bulk('10'), NIL] });
    expect(run('HLEN', 'h')).toEqual(int(5));
    expect(run('HSTRLEN', 'h', 'a')).toEqual(int(2));
    expect(run('HEXISTS', 'h', 'e')).toEqual(int(1));
    expect(run('HKEYS', 'h')).toEqual(bulks('a', 'b', 'c', 'd', 'e'));
    expect(run('HVALS', 'h')).toEqual(bulks('10', '2', '3', '4', ''));
    expect(run('HSET', 'h', 'a')).toEqual(err(E.WRONG_ARITY('hset')));
    expect(run('HMSET', 'h', 'a', '1', 'b')).toEqual(err(E.WRONG_ARITY('hmset')));
  });

  it('HGETALL is a map (flattened for RESP2 clients by the encoder)', () => {
    const { run } = setup();
    run('HSET', 'h', 'f', 'v', 'g', 'w');
    expect(run('HGETALL', 'h')).toEqual({ t: 'map', v: [[bulk('f'), bulk('v')], [bulk('g'), bulk('w')]] });
    expect(run('HGETALL', 'nope')).toEqual({ t: 'map', v: [] });
  });

  it('HDEL deletes the hash with its last field and reports it', () => {
    const { engine, run, db } = setup();
    const events: CommandEvent[] = [];
    engine.onEvent((e) => events.push(e));
    run('HSET', 'h', 'a', '1', 'b', '2');
    expect(run('HDEL', 'h', 'a', 'a', 'zz')).toEqual(int(1));
    expect(run('HDEL', 'h', 'b')).toEqual(int(1));
    expect(db.data.has('h')).toBe(false);
    expect(events.map((e) => [e.writes.length, e.deletes.length])).toEqual([
      [1, 0],
      [1, 0],
      [0, 1],
    ]);
    expect(run('HDEL', 'h', 'b')).toEqual(int(0));
  });

  it('HINCRBY checks the stored value and the 64-bit range', () => {
    const { run } = setup();
    expect(run('HINCRBY', 'h', 'n', '-5')).toEqual(int(-5));
    expect(run('HINCRBY', 'h', 'n', 'x')).toEqual(err(E.NOT_INTEGER));
    run('HSET', 'h', 's', '1.5', 'max', '9223372036854775807');
    expect(run('HINCRBY', 'h', 's', '1')).toEqual(err('ERR hash value is not an integer'));
    expect(run('HINCRBY', 'h', 'max', '1')).toEqual(err(E.INCR_OVERFLOW));
    expect(run('HINCRBY', 'h', 'max', '-7')).toEqual({ t: 'int', v: 9223372036854775800n });
  });

  it('HINCRBYFLOAT uses long double arithmetic and Redis\'s human format', () => {
    const { run } = setup();
    expect(run('HINCRBYFLOAT', 'h', 'f', '0.1')).toEqual(bulk('0.1'));
    expect(run('HINCRBYFLOAT', 'h', 'f', '0.2')).toEqual(bulk('0.3'));
    expect(run('HINCRBYFLOAT', 'h', 'g', '5.0e3')).toEqual(bulk('5000'));
    expect(run('HINCRBYFLOAT', 'h', 'g', '-1e-30')).toEqual(bulk('5000'));
    expect(run('HINCRBYFLOAT', 'h', 'z', '-1e-30')).toEqual(bulk('0'));
    expect(run('HINCRBYFLOAT', 'h', 'i', '123456789.123456789')).toEqual(bulk('123456789.12345678899873747'));
    expect(run('HINCRBYFLOAT', 'h', 'f', 'inf')).toEqual(err('ERR value is NaN or Infinity'));
    expect(run('HINCRBYFLOAT', 'h', 'f', 'abc')).toEqual(err(E.NOT_FLOAT));
    run('HSET', 'h', 'bad', 'x');
    expect(run('HINCRBYFLOAT', 'h', 'bad', '1')).toEqual(err('ERR hash value is not a float'));
    run('HINCRBYFLOAT', 'h', 'huge', '1e4932');
    expect(run('HINCRBYFLOAT', 'h', 'huge', '1e4932')).toEqual(err(E.INCR_NAN));
  });

  it('converts to a hashtable on a long value or past 512 fields, one way', () => {
    const { engine, run, db } = setup();
    run('HSET', 'h', 'a', '1');
    expect(objectEncoding(db.data.get('h')!, engine.config)).toBe('listpack');
    run('HSET', 'h', 'b', 'x'.repeat(65));
    expect(objectEncoding(db.data.get('h')!, engine.config)).toBe('hashtable');
    run('HDEL', 'h', 'b');
    expect(objectEncoding(db.data.get('h')!, engine.config)).toBe('hashtable');
    const args = ['HSET', 'many'];
    for (let i = 0; i < 513; i++) args.push(`f${i}`, 'v');
    engine.exec(engine.createClient(), args);
    expect(objectEncoding(db.data.get('many')!, engine.config)).toBe('hashtable');
  });

  it('HRANDFIELD: distinct fields for positive counts, repeats allowed for negative ones', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const { run } = setup(random);
    const fields = Array.from({ length: 20 }, (_, i) => `f${i}`);
    run('HSET', 'h', ...fields.flatMap((f) => [f, f.toUpperCase()]));
    for (const n of [1, 3, 7, 15, 19]) {
      const got = texts(run('HRANDFIELD', 'h', String(n)));
      expect(got).toHaveLength(n);
      expect(new Set(got).size).toBe(n);
      for (const f of got) expect(fields).toContain(f);
    }
    expect(texts(run('HRANDFIELD', 'h', '25'))).toEqual(fields); // the whole hash, in order
    const rep = texts(run('HRANDFIELD', 'h', '-200'));
    expect(rep).toHaveLength(200);
    expect(new Set(rep).size).toBeLessThan(21);
    const wv = texts(run('HRANDFIELD', 'h', '-5', 'WITHVALUES'));
    for (let i = 0; i < wv.length; i += 2) expect(wv[i + 1]).toBe(wv[i]!.toUpperCase());
    expect(fields).toContain((run('HRANDFIELD', 'h') as { v: string }).v);
    expect(run('HRANDFIELD', 'h', '1', 'WITHVALUES', 'x')).toEqual(err(E.SYNTAX));
    expect(run('HRANDFIELD', 'h', '-9223372036854775808')).toEqual(
      err('ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807'),
    );
  });

  it('HSCAN pages through a big hash and visits every field once', () => {
    const { run } = setup();
    fillHash(run, 1000, (i) => `v${i}`);
    const seen = new Map<string, string>();
    let cursor = '0';
    let pages = 0;
    do {
      const [next, items] = hscanPage(run, 'h', cursor, '37');
      cursor = next;
      for (let i = 0; i < items.length; i += 2) {
        expect(seen.has(items[i]!)).toBe(false);
        seen.set(items[i]!, items[i + 1]!);
      }
      pages++;
    } while (cursor !== '0');
    expect(seen.size).toBe(1000);
    expect(seen.get('k500')).toBe('v500');
    expect(pages).toBeGreaterThan(20);
    // Small hashes come back in one page, MATCH applied to fields.
    run('HSET', 's', 'alpha', '1', 'beta', '2', 'alps', '3');
    expect(run('HSCAN', 's', '0', 'MATCH', 'al*')).toEqual({ t: 'array', v: [bulk('0'), bulks('alpha', '1', 'alps', '3')] });
    expect(run('HSCAN', 's', 'x')).toEqual(err(E.INVALID_CURSOR));
    expect(run('HSCAN', 'nope', '0', 'COUNT', '0')).toEqual({ t: 'array', v: [bulk('0'), bulks()] });
  });

  it('HSCAN returns every field present for the whole scan, despite deletes and inserts during it', () => {
    const { run } = setup();
    fillHash(run, 800, () => 'v');
    const seen = new Set<string>();
    const deleted = new Set<string>();
    let cursor = '0';
    let step = 0;
    do {
      const [next, items] = hscanPage(run, 'h', cursor, '25');
      cursor = next;
      for (let i = 0; i < items.length; i += 2) seen.add(items[i]!);
      // Churn: delete a field already seen and one maybe not seen yet, add new ones.
      step++;
      for (const f of [`k${step * 3}`, `k${799 - step * 2}`]) {
        if (run('HDEL', 'h', f)!.t === 'int') deleted.add(f);
      }
      run('HSET', 'h', `new${step}`, 'x', `new${step}b`, 'y');
    } while (cursor !== '0');
    for (let i = 0; i < 800; i++) {
      const f = `k${i}`;
      if (!deleted.has(f)) expect(seen.has(f), f).toBe(true);
    }
  });

  it('answers WRONGTYPE on other types', () => {
    const { run } = setup();
    run('SET', 's', 'v');
    for (const argv of [['HGET', 's', 'f'], ['HSET', 's', 'f', 'v'], ['HGETALL', 's'], ['HINCRBYFLOAT', 's', 'f', '1'], ['HSCAN', 's', '0']]) {
      expect(run(...argv), argv.join(' ')).toEqual(err(E.WRONGTYPE));
    }
  });
});
