import { describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock';
import { E } from '../core/errors';
import type { Reply } from '../core/reply';
import { SortedSet } from '../types/zset';
import { Engine, type CommandEvent } from '../engine';
import { formatDouble as formatScore, formatStoredScore, parseStrictDouble as parseScore, strtod } from '../../text/double';

function setup() {
  const clock = new ManualClock();
  const engine = new Engine({ clock });
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  return { engine, client, run, clock, db: engine.dbs[0]! };
}

const bulk = (v: string): Reply => ({ t: 'bulk', v });
const int = (v: number): Reply => ({ t: 'int', v });
const err = (v: string): Reply => ({ t: 'error', v });
const arr = (...v: Reply[]): Reply => ({ t: 'array', v });
const bulks = (...v: string[]): Reply => arr(...v.map(bulk));
const NIL: Reply = { t: 'nil' };
const NIL_ARRAY: Reply = { t: 'nilarray' };

/** The bulk strings of an array reply. */
function strs(r: Reply | undefined): string[] {
  if (r === undefined || r.t !== 'array') throw new Error(`not an array: ${JSON.stringify(r)}`);
  return r.v.map((x) => (x.t === 'bulk' ? x.v : JSON.stringify(x)));
}

/** A SCAN reply: the cursor and the items. */
function scanOf(r: Reply | undefined): [string, string[]] {
  if (r === undefined || r.t !== 'array' || r.v[0]?.t !== 'bulk') throw new Error(`not a scan reply: ${JSON.stringify(r)}`);
  return [r.v[0].v, strs(r.v[1])];
}

/**
 * %.17g by another road than formatScore's, as a reference: JavaScript's
 * toExponential rounds exactly but breaks a tie upwards, where glibc's printf
 * breaks it to even; 100 exact digits show a tie.
 */
function reference17g(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const neg = x < 0;
  const sci = (fractionDigits: number) => {
    const [m, e] = Math.abs(x).toExponential(fractionDigits).split('e');
    return { digits: m!.replace('.', ''), exp: Number(e) };
  };
  let { digits, exp } = sci(16);
  const wide = sci(99);
  if (wide.digits[17] === '5' && /^0*$/.test(wide.digits.slice(18)) && Number(wide.digits[16]) % 2 === 0) {
    // An exact tie after an even 17th digit: ties to even keeps it.
    digits = wide.digits.slice(0, 17);
    exp = wide.exp;
  }
  digits = digits.replace(/0+$/, '');
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 17) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

describe('score formatting and parsing', () => {
  it('prints scores like %.17g', () => {
    expect(formatScore(1.5)).toBe('1.5');
    expect(formatScore(0.1)).toBe('0.10000000000000001');
    expect(formatScore(1e20)).toBe('1e+20');
    expect(formatScore(1e17)).toBe('1e+17');
    expect(formatScore(Number('123456789012345678'))).toBe('1.2345678901234568e+17');
    expect(formatScore(0.0001)).toBe('0.0001');
    expect(formatScore(0.00001)).toBe('1.0000000000000001e-05');
    expect(formatScore(-0)).toBe('-0');
    expect(formatScore(Infinity)).toBe('inf');
    expect(formatScore(-Infinity)).toBe('-inf');
    expect(formatScore(5e-324)).toBe('4.9406564584124654e-324');
    expect(formatScore(2 ** 56)).toBe('72057594037927936');
    // An exact tie at the 17th digit rounds to even, as glibc does.
    expect(formatScore(1000000000000000.25)).toBe('1000000000000000.2');
    expect(formatScore(1000000000000000.75)).toBe('1000000000000000.8');
    expect(formatStoredScore(1e17)).toBe('100000000000000000');
    expect(formatStoredScore(2.5)).toBe('2.5');
    expect(formatStoredScore(2 ** 63)).toBe('9.2233720368547758e+18');
  });

  it('agrees with an exact BigInt %.17g on random doubles', () => {
    const view = new DataView(new ArrayBuffer(8));
    let seed = 99;
    const next = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed;
    };
    for (let i = 0; i < 3000; i++) {
      view.setUint32(0, next());
      view.setUint32(4, next());
      const x = view.getFloat64(0);
      if (!Number.isFinite(x)) continue;
      expect(formatScore(x), String(x)).toBe(reference17g(x));
    }
    for (let i = 0; i < 3000; i++) {
      const x = (next() / 2 ** 32) * 10 ** ((next() % 40) - 20);
      expect(formatScore(x), String(x)).toBe(reference17g(x));
      const q = Math.round(x * 4) / 4 + 1e15; // quarter steps near 1e15 produce exact ties
      expect(formatScore(q), String(q)).toBe(reference17g(q));
    }
  });

  it('parses like strtod', () => {
    expect(parseScore('1.5')).toBe(1.5);
    expect(parseScore('0x10')).toBe(16);
    expect(parseScore('0x1p-2')).toBe(0.25);
    expect(parseScore('-inf')).toBe(-Infinity);
    expect(parseScore('+Infinity')).toBe(Infinity);
    expect(parseScore('.5')).toBe(0.5);
    expect(parseScore('5.')).toBe(5);
    expect(parseScore('nan')).toBeNull();
    expect(parseScore('')).toBeNull();
    expect(parseScore(' 1')).toBeNull();
    expect(parseScore('1 ')).toBeNull();
    expect(parseScore('1e400')).toBeNull();
    expect(parseScore('1e-400')).toBeNull();
    expect(parseScore('0e-400')).toBe(0);
    // zeros: exact, whatever their spelling; a nonzero mantissa that underflows is refused
    for (const zero of ['0', '00', '0.000', '.0', '0.0e5', '+0', '0E-400']) expect(parseScore(zero)).toBe(0);
    expect(Object.is(parseScore('-0'), -0)).toBe(true);
    expect(Object.is(parseScore('-0.0e3'), -0)).toBe(true);
    expect(parseScore('0.001e-400')).toBeNull();
    expect(parseScore('-10e-400')).toBeNull();
    expect(parseScore('4e-320')).toBe(4e-320);
    expect(parseScore('1e')).toBeNull();
    expect(strtod('  12abc')).toEqual({ v: 12, end: 4, erange: false });
    expect(strtod('abc')).toEqual({ v: 0, end: 0, erange: false });
    expect(strtod('0x')).toEqual({ v: 0, end: 1, erange: false });
    expect(strtod('infinit').end).toBe(3);
    expect(Number.isNaN(strtod('nan(12)').v)).toBe(true);
    expect(strtod('nan(12)').end).toBe(7);
  });
});

describe('ZADD and ZINCRBY', () => {
  it('adds, updates and counts with CH', () => {
    const { run } = setup();
    expect(run('ZADD', 'z', '1', 'a', '2', 'b')).toEqual(int(2));
    expect(run('ZADD', 'z', '3', 'a', '2', 'b', '4', 'c')).toEqual(int(1));
    expect(run('ZADD', 'z', 'CH', '5', 'a', '2', 'b', '6', 'd')).toEqual(int(2));
    expect(run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toEqual(bulks('b', '2', 'c', '4', 'a', '5', 'd', '6'));
  });

  it('honours NX, XX, GT, LT and INCR', () => {
    const { run } = setup();
    run('ZADD', 'z', '10', 'a');
    expect(run('ZADD', 'z', 'NX', '1', 'a', '1', 'b')).toEqual(int(1));
    expect(run('ZSCORE', 'z', 'a')).toEqual(bulk('10'));
    expect(run('ZADD', 'z', 'XX', '1', 'a', '1', 'c')).toEqual(int(0));
    expect(run('ZSCORE', 'z', 'a')).toEqual(bulk('1'));
    expect(run('ZSCORE', 'z', 'c')).toEqual(NIL);
    expect(run('ZADD', 'z', 'GT', 'CH', '0', 'a', '5', 'b')).toEqual(int(1));
    expect(run('ZADD', 'z', 'LT', 'CH', '9', 'a', '2', 'b')).toEqual(int(1));
    expect(run('ZRANGE', 'z', '0', '-1', 'WITHSCORES')).toEqual(bulks('a', '1', 'b', '2'));
    expect(run('ZADD', 'z', 'INCR', '2.5', 'a')).toEqual(bulk('3.5'));
    expect(run('ZADD', 'z', 'GT', 'INCR', '-1', 'a')).toEqual(NIL);
    expect(run('ZADD', 'z', 'XX', 'INCR', '1', 'nobody')).toEqual(NIL);
    expect(run('ZINCRBY', 'z', '-0.5', 'a')).toEqual(bulk('3'));
    expect(run('ZINCRBY', 'new', '7', 'm')).toEqual(bulk('7'));
    expect(run('ZADD', 'absent', 'XX', '1', 'a')).toEqual(int(0));
    expect(run('EXISTS', 'absent')).toEqual(int(0));
  });

  it('reports Redis errors in Redis order', () => {
    const { run } = setup();
    run('SET', 's', 'x');
    expect(run('ZADD', 'z', 'NX', 'XX', '1', 'a')).toEqual(err(E.ZADD_XX_NX));
    expect(run('ZADD', 'z', 'GT', 'LT', '1', 'a')).toEqual(err(E.ZADD_GT_LT_NX));
    expect(run('ZADD', 'z', 'NX', 'GT', '1', 'a')).toEqual(err(E.ZADD_GT_LT_NX));
    expect(run('ZADD', 'z', 'INCR', '1', 'a', '2', 'b')).toEqual(err(E.ZADD_INCR_PAIR));
    expect(run('ZADD', 'z', 'NX', 'XX', '1')).toEqual(err(E.SYNTAX));
    expect(run('ZADD', 'z', 'x', 'a')).toEqual(err(E.NOT_FLOAT));
    expect(run('ZADD', 's', 'x', 'a')).toEqual(err(E.NOT_FLOAT));
    expect(run('ZADD', 's', '1', 'a')).toEqual(err(E.WRONGTYPE));
    run('ZADD', 'z', 'inf', 'a');
    expect(run('ZINCRBY', 'z', '-inf', 'a')).toEqual(err(E.ZSCORE_NAN));
    expect(run('ZSCORE', 'z', 'a')).toEqual(bulk('inf'));
  });

  it('stores -0 as 0 in small sets and keeps it in big ones, as listpacks and skiplists do', () => {
    const { run, engine } = setup();
    expect(run('ZINCRBY', 'z', '-0', 'a')).toEqual(bulk('-0'));
    expect(run('ZSCORE', 'z', 'a')).toEqual(bulk('0'));
    engine.config.set([['zset-max-listpack-entries', '0']], true);
    run('ZADD', 'big', '-0', 'a');
    expect(run('ZSCORE', 'big', 'a')).toEqual(bulk('-0'));
    expect(run('OBJECT', 'ENCODING', 'big')).toEqual({ t: 'bulk', v: 'skiplist' });
  });
});

describe('reads and ranges', () => {
  it('ZRANK, ZREVRANK, ZCARD, ZSCORE, ZMSCORE', () => {
    const { run } = setup();
    run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    expect(run('ZRANK', 'z', 'a')).toEqual(int(0));
    expect(run('ZREVRANK', 'z', 'a')).toEqual(int(2));
    expect(run('ZRANK', 'z', 'x')).toEqual(NIL);
    expect(run('ZRANK', 'none', 'x')).toEqual(NIL);
    expect(run('ZCARD', 'z')).toEqual(int(3));
    expect(run('ZMSCORE', 'z', 'c', 'x')).toEqual(arr(bulk('3'), NIL));
    expect(run('ZMSCORE', 'none', 'c')).toEqual(arr(NIL));
  });

  it('ZRANGE in all its forms', () => {
    const { run } = setup();
    run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    expect(run('ZRANGE', 'z', '-2', '-1')).toEqual(bulks('c', 'd'));
    expect(run('ZRANGE', 'z', '0', '0', 'REV')).toEqual(bulks('d'));
    expect(run('ZRANGE', 'z', '(1', '3', 'BYSCORE')).toEqual(bulks('b', 'c'));
    expect(run('ZRANGE', 'z', '3', '(1', 'BYSCORE', 'REV', 'LIMIT', '1', '5')).toEqual(bulks('b'));
    expect(run('ZRANGE', 'z', '0', '1', 'LIMIT', '0', '1')).toEqual(err(E.ZRANGE_LIMIT));
    expect(run('ZRANGE', 'z', '-', '+', 'BYLEX', 'WITHSCORES')).toEqual(err(E.ZRANGE_WITHSCORES_BYLEX));
    expect(run('ZRANGEBYSCORE', 'z', 'x', '1')).toEqual(err(E.ZRANGE_NOT_FLOAT));
    expect(run('ZRANGEBYLEX', 'z', 'x', '+')).toEqual(err(E.ZRANGE_NOT_LEX));
    expect(run('ZREVRANGEBYSCORE', 'z', '+inf', '-inf', 'WITHSCORES', 'LIMIT', '0', '2')).toEqual(bulks('d', '4', 'c', '3'));
    expect(run('ZCOUNT', 'z', '(1', '+inf')).toEqual(int(3));
  });

  it('lex ranges, including the mixed-score listpack walk', () => {
    const { run } = setup();
    run('ZADD', 'l', '0', 'a', '0', 'b', '0', 'c');
    expect(run('ZRANGEBYLEX', 'l', '(a', '+')).toEqual(bulks('b', 'c'));
    expect(run('ZREVRANGEBYLEX', 'l', '[b', '-')).toEqual(bulks('b', 'a'));
    expect(run('ZLEXCOUNT', 'l', '[a', '(c')).toEqual(int(2));
    expect(run('ZRANGEBYLEX', 'l', '+', '-')).toEqual(bulks());
    run('ZADD', 'm', '2', 'a', '1', 'b', '3', 'c');
    // Ordered b, a, c: a linear walk from the head finds b first.
    expect(run('ZRANGEBYLEX', 'm', '[a', '[c')).toEqual(bulks('b', 'a', 'c'));
  });

  it('ZRANGESTORE stores and deletes', () => {
    const { run } = setup();
    run('ZADD', 'z', '1', 'a', '2', 'b');
    expect(run('ZRANGESTORE', 'd', 'z', '0', '0')).toEqual(int(1));
    expect(run('ZRANGE', 'd', '0', '-1', 'WITHSCORES')).toEqual(bulks('a', '1'));
    expect(run('ZRANGESTORE', 'd', 'z', '5', '9')).toEqual(int(0));
    expect(run('EXISTS', 'd')).toEqual(int(0));
  });
});

describe('removals and pops', () => {
  it('deletes the key when the last member goes', () => {
    const { run } = setup();
    run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    expect(run('ZREMRANGEBYSCORE', 'z', '(1', '2')).toEqual(int(1));
    expect(run('ZREMRANGEBYRANK', 'z', '0', '0')).toEqual(int(1));
    expect(run('ZREM', 'z', 'c', 'x')).toEqual(int(1));
    expect(run('EXISTS', 'z')).toEqual(int(0));
    run('ZADD', 'l', '0', 'a', '0', 'b');
    expect(run('ZREMRANGEBYLEX', 'l', '-', '+')).toEqual(int(2));
    expect(run('EXISTS', 'l')).toEqual(int(0));
  });

  it('ZPOPMIN, ZPOPMAX and ZMPOP replies, RESP2 and RESP3', () => {
    const { run, client } = setup();
    run('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c');
    expect(run('ZPOPMIN', 'z')).toEqual(bulks('a', '1'));
    expect(run('ZPOPMAX', 'z', '5')).toEqual(bulks('c', '3', 'b', '2'));
    expect(run('ZPOPMIN', 'z')).toEqual(arr());
    expect(run('ZPOPMIN', 'z', '-1')).toEqual(err(E.POSITIVE_RANGE));
    run('ZADD', 'z', '1', 'a', '2', 'b');
    expect(run('ZMPOP', '2', 'none', 'z', 'MAX', 'COUNT', '1')).toEqual(arr(bulk('z'), arr(bulks('b', '2'))));
    expect(run('ZMPOP', '1', 'none', 'MIN')).toEqual(NIL_ARRAY);
    expect(run('ZMPOP', '0', 'z', 'MIN')).toEqual(err(E.NUMKEYS_POSITIVE));
    expect(run('ZMPOP', '1', 'z', 'MIN', 'COUNT', '0')).toEqual(err(E.COUNT_POSITIVE));
    client.resp = 3;
    expect(run('ZPOPMIN', 'z', '1')).toEqual(arr(arr(bulk('a'), { t: 'double', v: 1 })));
    expect(run('EXISTS', 'z')).toEqual(int(0));
  });

  it('ZRANDMEMBER picks distinct members, or repeats with a negative count', () => {
    const { run } = setup();
    const members = Array.from({ length: 50 }, (_, i) => `m${i}`);
    run('ZADD', 'z', ...members.flatMap((m, i) => [String(i), m]));
    const picked = strs(run('ZRANDMEMBER', 'z', '20'));
    expect(new Set(picked).size).toBe(20);
    for (const m of picked) expect(members).toContain(m);
    expect(strs(run('ZRANDMEMBER', 'z', '-200')).length).toBe(200);
    const ws = strs(run('ZRANDMEMBER', 'z', '3', 'WITHSCORES'));
    expect(ws.length).toBe(6);
    for (let i = 0; i < 6; i += 2) expect(ws[i + 1]).toBe(String(members.indexOf(ws[i]!)));
    expect(run('ZRANDMEMBER', 'z', '100')).toEqual(bulks(...[...members].reverse()));
  });
});

describe('set algebra', () => {
  it('ZUNION, ZINTER, ZDIFF with weights, aggregates and sets', () => {
    const { run } = setup();
    run('ZADD', 'a', '1', 'x', '2', 'y');
    run('ZADD', 'b', '10', 'y', '20', 'z');
    run('SADD', 's', 'x', 'z');
    const cases: [string[], Reply][] = [
      [['ZUNION', '2', 'a', 'b', 'WITHSCORES'], bulks('x', '1', 'y', '12', 'z', '20')],
      [['ZINTER', '2', 'a', 'b', 'AGGREGATE', 'MAX', 'WITHSCORES'], bulks('y', '10')],
      [['ZUNION', '2', 'a', 's', 'WEIGHTS', '3', '1', 'WITHSCORES'], bulks('z', '1', 'x', '4', 'y', '6')],
      [['ZDIFF', '2', 'b', 'a', 'WITHSCORES'], bulks('z', '20')],
      [['ZINTERCARD', '2', 'a', 'b'], int(1)],
      [['ZUNIONSTORE', 'd', '0', 'a'], err(E.AT_LEAST_ONE_KEY('zunionstore'))],
      [['ZUNION', '1', 'a', 'WEIGHTS', 'x'], err(E.WEIGHT_NOT_FLOAT)],
      [['ZINTERCARD', '1', 'a', 'LIMIT', '-1'], err(E.LIMIT_NEGATIVE)],
      [['ZINTERSTORE', 'd', '2', 'a', 'b'], int(1)],
      [['ZRANGE', 'd', '0', '-1', 'WITHSCORES'], bulks('y', '12')],
      [['ZDIFFSTORE', 'd', '2', 'a', 'a'], int(0)],
      [['EXISTS', 'd'], int(0)],
    ];
    for (const [argv, reply] of cases) expect(run(...argv), argv.join(' ')).toEqual(reply);
  });
});

describe('ZSCAN and encodings', () => {
  it('replies small sets whole and pages big ones with a cursor', () => {
    const { run, engine } = setup();
    run('ZADD', 'small', '1', 'a', '1e17', 'b');
    expect(run('ZSCAN', 'small', '0')).toEqual(arr(bulk('0'), bulks('a', '1', 'b', '100000000000000000')));
    const args: string[] = [];
    for (let i = 0; i < 300; i++) args.push(String(i), `m${i}`);
    run('ZADD', 'big', ...args);
    expect(run('OBJECT', 'ENCODING', 'big')).toEqual(bulk('skiplist'));
    const seen = new Map<string, string>();
    let cursor = '0';
    let calls = 0;
    do {
      const [next, items] = scanOf(run('ZSCAN', 'big', cursor, 'COUNT', '50'));
      cursor = next;
      for (let i = 0; i < items.length; i += 2) seen.set(items[i]!, items[i + 1]!);
      calls++;
    } while (cursor !== '0');
    expect(seen.size).toBe(300);
    expect(seen.get('m299')).toBe('299');
    expect(calls).toBeGreaterThan(1);
    engine.config.set([['zset-max-listpack-value', '3']], true);
    run('ZADD', 'z', '1', 'abcd');
    expect(run('OBJECT', 'ENCODING', 'z')).toEqual(bulk('skiplist'));
  });
});

describe('blocking pops', () => {
  it('BZPOPMIN serves at once when it can, else blocks until a ZADD', () => {
    const { engine, run } = setup();
    run('ZADD', 'z', '1', 'a');
    expect(run('BZPOPMIN', 'none', 'z', '0')).toEqual(bulks('z', 'a', '1'));
    const got: Reply[] = [];
    const waiter = engine.createClient((r) => got.push(r));
    expect(engine.exec(waiter, ['BZPOPMAX', 'z', 'other', '0'])).toBeUndefined();
    expect(waiter.blocked).toBeDefined();
    run('ZADD', 'other', '5', 'x', '6', 'y');
    expect(got).toEqual([bulks('other', 'y', '6')]);
    expect(waiter.blocked).toBeUndefined();
    expect(run('ZRANGE', 'other', '0', '-1')).toEqual(bulks('x'));
  });

  it('BZMPOP blocks, serves with COUNT, and times out with a null array', () => {
    const { engine, run, clock } = setup();
    const got: Reply[] = [];
    const waiter = engine.createClient((r) => got.push(r));
    expect(engine.exec(waiter, ['BZMPOP', '0', '2', 'a', 'b', 'MAX', 'COUNT', '2'])).toBeUndefined();
    run('ZADD', 'b', '1', 'x', '2', 'y', '3', 'z');
    expect(got).toEqual([arr(bulk('b'), arr(bulks('z', '3'), bulks('y', '2')))]);
    const late: Reply[] = [];
    const other = engine.createClient((r) => late.push(r));
    expect(engine.exec(other, ['BZPOPMIN', 'empty', '1.5'])).toBeUndefined();
    clock.advance(1000);
    engine.checkBlockedTimeouts();
    expect(late).toEqual([]);
    clock.advance(600);
    engine.checkBlockedTimeouts();
    expect(late).toEqual([NIL_ARRAY]);
  });

  it('checks arguments before blocking and does not block inside EXEC', () => {
    const { engine, run, client } = setup();
    expect(run('BZPOPMIN', 'z', '-1')).toEqual(err('ERR timeout is negative'));
    expect(run('BZPOPMIN', 'z', 'x')).toEqual(err('ERR timeout is not a float or out of range'));
    expect(run('BZMPOP', 'x', '1', 'z', 'MIN')).toEqual(err('ERR timeout is not a float or out of range'));
    expect(run('BZMPOP', '0', '1', 'z', 'FOO')).toEqual(err(E.SYNTAX));
    run('SET', 's', 'v');
    expect(run('BZPOPMIN', 's', '0')).toEqual(err(E.WRONGTYPE));
    client.inExec = true;
    expect(engine.exec(client, ['BZPOPMIN', 'z', '0'])).toEqual(NIL_ARRAY);
    client.inExec = false;
  });

  it('a woken client skips a key that became another type', () => {
    const { engine, run } = setup();
    const got: Reply[] = [];
    const waiter = engine.createClient((r) => got.push(r));
    engine.exec(waiter, ['BZPOPMIN', 'k', '0']);
    run('SET', 'k', 'v');
    expect(got).toEqual([]);
    run('DEL', 'k');
    run('ZADD', 'k', '1', 'm');
    expect(got).toEqual([bulks('k', 'm', '1')]);
  });
});

describe('keyspace events', () => {
  it('marks writes and deletes so views can follow', () => {
    const { engine, run } = setup();
    const events: CommandEvent[] = [];
    engine.onEvent((e) => events.push(e));
    run('ZADD', 'z', '1', 'a');
    run('ZADD', 'z', '1', 'a');
    run('ZPOPMIN', 'z');
    expect(events[0]!.writes.map((k) => k.key)).toEqual(['z']);
    expect(events[1]!.writes).toEqual([]);
    expect(events[2]!.deletes.map((k) => k.key)).toEqual(['z']);
    run('ZRANGE', 'z', '0', '-1');
    expect(events[3]!.reads.map((k) => k.key)).toEqual(['z']);
  });

  it('stores a SortedSet entry', () => {
    const { run, db } = setup();
    run('ZADD', 'z', '2', 'b', '1', 'a');
    const e = db.data.get('z')!;
    expect(e.type).toBe('zset');
    expect(e.value instanceof SortedSet && Array.from(e.value)).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});
