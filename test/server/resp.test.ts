import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { BulkArray } from '../../src/engine/core/reply';
import { ReplyOutput, RequestParser, SLICE_ITEMS, continueReply, encodeCommand, encodeReply, startReply, string2ll } from '../../server/resp';
import { formatDouble } from '../../src/text/double';
import { sdssplitargs } from '../../src/text/split';
import { Rng } from '../fuzz/rng';

const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('formatDouble: what Redis 7.0 prints for a double (%.17g)', () => {
  // Expected values are C's printf("%.17g") output.
  const cases: [number, string][] = [
    [0.1, '0.10000000000000001'],
    [1.5, '1.5'],
    [3, '3'],
    [-2.5, '-2.5'],
    [1 / 3, '0.33333333333333331'],
    [1e17, '1e+17'],
    [1e16, '10000000000000000'],
    [Number('123456789012345678'), '1.2345678901234568e+17'],
    [1e-4, '0.0001'],
    [1e-5, '1.0000000000000001e-05'],
    [0.00012345, '0.00012344999999999999'],
    [1e308, '1e+308'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    [5e-324, '4.9406564584124654e-324'],
    [100, '100'],
    [-0, '-0'],
    [0, '0'],
    [Number('9007199254740993'), '9007199254740992'],
    // Exact ties at the 17th digit: glibc rounds them to even.
    [1234567890123456.25, '1234567890123456.2'],
    [1234567890123456.75, '1234567890123456.8'],
    [-1234567890123456.25, '-1234567890123456.2'],
  ];
  for (const [v, s] of cases) it(`${v} -> ${s}`, () => expect(formatDouble(v)).toBe(s));
  it('infinities and NaN', () => {
    expect(formatDouble(Infinity)).toBe('inf');
    expect(formatDouble(-Infinity)).toBe('-inf');
    expect(formatDouble(NaN)).toBe('nan');
  });
});

describe('encodeReply', () => {
  const cases: [Reply, string, string][] = [
    [{ t: 'simple', v: 'OK' }, '+OK\r\n', '+OK\r\n'],
    [{ t: 'error', v: 'ERR x' }, '-ERR x\r\n', '-ERR x\r\n'],
    [{ t: 'int', v: -9223372036854775808n }, ':-9223372036854775808\r\n', ':-9223372036854775808\r\n'],
    [{ t: 'bulk', v: 'a\r\nb' }, '$4\r\na\r\nb\r\n', '$4\r\na\r\nb\r\n'],
    [{ t: 'nil' }, '$-1\r\n', '_\r\n'],
    [{ t: 'nilarray' }, '*-1\r\n', '_\r\n'],
    [{ t: 'double', v: 1.5 }, '$3\r\n1.5\r\n', ',1.5\r\n'],
    [{ t: 'double', v: -Infinity }, '$4\r\n-inf\r\n', ',-inf\r\n'],
    [{ t: 'bool', v: true }, ':1\r\n', '#t\r\n'],
    [{ t: 'map', v: [[{ t: 'bulk', v: 'k' }, { t: 'int', v: 1 }]] }, '*2\r\n$1\r\nk\r\n:1\r\n', '%1\r\n$1\r\nk\r\n:1\r\n'],
    [{ t: 'set', v: [{ t: 'bulk', v: 'm' }] }, '*1\r\n$1\r\nm\r\n', '~1\r\n$1\r\nm\r\n'],
    [{ t: 'push', v: [{ t: 'bulk', v: 'p' }] }, '*1\r\n$1\r\np\r\n', '>1\r\n$1\r\np\r\n'],
    [{ t: 'verbatim', format: 'txt', v: 'hi' }, '$2\r\nhi\r\n', '=6\r\ntxt:hi\r\n'],
    [{ t: 'array', v: [] }, '*0\r\n', '*0\r\n'],
  ];
  for (const [r, two, three] of cases) {
    it(`${r.t} in RESP2 and RESP3`, () => {
      expect(encodeReply(r, 2)).toBe(two);
      expect(encodeReply(r, 3)).toBe(three);
    });
  }
});

describe('encodeReply: long aggregates', () => {
  // The RESP grammar written out plainly, as the reference the encoder must match byte for byte.
  const reference = (r: Reply, resp: 2 | 3): string => {
    switch (r.t) {
      case 'bulk':
        return `$${r.v.length}\r\n${r.v}\r\n`;
      case 'int':
        return `:${r.v}\r\n`;
      case 'nil':
        return resp === 3 ? '_\r\n' : '$-1\r\n';
      case 'array':
      case 'set':
      case 'push': {
        const mark = resp === 2 || r.t === 'array' ? '*' : r.t === 'set' ? '~' : '>';
        return `${mark}${r.v.length}\r\n${r.v.map((x) => reference(x, resp)).join('')}`;
      }
      case 'map':
        return `${resp === 3 ? '%' : '*'}${resp === 3 ? r.v.length : r.v.length * 2}\r\n${r.v.map(([k, v]) => reference(k, resp) + reference(v, resp)).join('')}`;
      default:
        throw new Error(`no reference for ${r.t}`);
    }
  };
  const rng = new Rng('long aggregates');
  const pool = Buffer.from(Array.from({ length: 80000 }, () => rng.int(256))).toString('latin1');
  const byteString = (n: number) => {
    const at = rng.int(pool.length - n + 1);
    return pool.slice(at, at + n);
  };
  const lengths = [0, 1, 9, 10, 31, 32, 99, 100, 255, 256, 999, 1000, 12345, 70000];
  const element = (depth: number): Reply => {
    const k = rng.int(10);
    if (k < 6) return { t: 'bulk', v: byteString(rng.chance(0.1) ? lengths[rng.int(lengths.length)]! : rng.int(20)) };
    if (k === 6) return { t: 'int', v: rng.range(-1000000, 1000000) };
    if (k === 7) return { t: 'nil' };
    if (depth > 2) return { t: 'bulk', v: '' };
    return aggregate(depth + 1);
  };
  const aggregate = (depth: number): Reply => {
    const n = depth > 0 || rng.chance(0.3) ? rng.int(12) : rng.int(300);
    const v = Array.from({ length: n }, () => element(depth));
    const t = (['array', 'set', 'push', 'map'] as const)[rng.int(4)]!;
    if (t === 'map') return { t, v: Array.from({ length: v.length >> 1 }, (_, i) => [v[2 * i]!, v[2 * i + 1]!] as const) };
    return { t, v };
  };

  it('random nested aggregates (maps too) of bulks of every byte, in RESP2 and RESP3', () => {
    for (let i = 0; i < 100; i++) {
      const r = aggregate(0);
      for (const resp of [2, 3] as const) expect(encodeReply(r, resp)).toBe(reference(r, resp));
    }
  });

  it('an LRANGE-like reply of 100 short values, and one larger than the scratch buffer', () => {
    const short: Reply = { t: 'array', v: Array.from({ length: 100 }, (_, i) => ({ t: 'bulk', v: `x${i}` }) as const) };
    expect(encodeReply(short, 2)).toBe(reference(short, 2));
    const big: Reply = { t: 'array', v: Array.from({ length: 40 }, () => ({ t: 'bulk', v: byteString(40000) }) as const) };
    expect(encodeReply(big, 2)).toBe(reference(big, 2));
    expect(encodeReply(big, 2).length).toBeGreaterThan(1 << 20);
  });

  it('a reply encoded in slices (startReply, continueReply) is the same bytes as one encoded whole', () => {
    // Aggregates past SLICE_ITEMS elements, at the top and nested (an EXEC of big LRANGEs, a big map
    // of big arrays), packed arrays too, cut by budgets from one byte to 64 KB.
    const big = (depth: number): Reply => {
      const n = SLICE_ITEMS + 1 + rng.int(300);
      const t = (['array', 'set', 'push', 'map', 'packed'] as const)[rng.int(5)]!;
      const item = () => (depth < 2 && rng.chance(0.002) ? big(depth + 1) : element(2));
      if (t === 'packed') return new BulkArray(Array.from({ length: n }, () => byteString(rng.chance(0.01) ? 70000 : rng.int(40))));
      if (t === 'map') return { t, v: Array.from({ length: n }, () => [item(), item()] as const) };
      return { t, v: Array.from({ length: n }, item) };
    };
    for (let i = 0; i < 8; i++) {
      const r: Reply = i % 3 === 0 ? { t: 'array', v: [{ t: 'int', v: 1 }, big(1), { t: 'bulk', v: 'after' }, big(1)] } : big(0);
      for (const resp of [2, 3] as const) {
        const o = new ReplyOutput();
        const cur = startReply(r, resp, o);
        expect(cur).toBeDefined();
        // A slice of one byte's budget is one element (or a step of a packed array's strings): never all.
        expect(continueReply(cur!, o, 1)).toBe(false);
        while (!continueReply(cur!, o, [1, 500, 4096, 65536][rng.int(4)]!));
        expect(o.text()).toBe(encodeReply(r, resp));
      }
    }
    // Small replies are written whole, with no cursor.
    const o = new ReplyOutput();
    const small: Reply = { t: 'array', v: Array.from({ length: SLICE_ITEMS }, () => ({ t: 'bulk', v: 'x' }) as const) };
    expect(startReply(small, 2, o)).toBeUndefined();
    expect(o.text()).toBe(encodeReply(small, 2));
  });
});

describe('string2ll: Redis strict integers', () => {
  const parse = (s: string) => string2ll(bytes(s), 0, s.length);
  it('accepts canonical integers', () => {
    expect(parse('0')).toBe(0);
    expect(parse('-1')).toBe(-1);
    expect(parse('123')).toBe(123);
    expect(parse('9223372036854775807')).toBe(Number('9223372036854775807'));
    expect(parse('-9223372036854775808')).toBe(-(2 ** 63));
    // Around the 15-digit fast path.
    expect(parse('999999999999999')).toBe(999999999999999);
    expect(parse('-123456789012345')).toBe(-123456789012345);
    expect(parse('9007199254740993')).toBe(Number('9007199254740993'));
    expect(parse('1234567890123456789')).toBe(Number('1234567890123456789'));
  });
  it('refuses everything else', () => {
    for (const s of ['', '-', '+1', '01', '-0', ' 1', '1 ', '1.0', 'abc', '9223372036854775808', '-9223372036854775809', '99999999999999999999', '123456789012345678901']) {
      expect(parse(s), JSON.stringify(s)).toBeUndefined();
    }
  });
});

describe('sdssplitargs: inline requests are split like Redis does', () => {
  const split = (s: string) => sdssplitargs(s) ?? undefined;
  it('blanks, quotes and escapes', () => {
    expect(split('  set  a   b ')).toEqual(['set', 'a', 'b']);
    expect(split('set "a b" \'c d\'')).toEqual(['set', 'a b', 'c d']);
    expect(split('"\\x41\\x4g\\n\\r\\t\\b\\a\\"\\\\"')).toEqual(['Ax4g\n\r\t\b\x07"\\']); // \x without two hex digits is just x
    expect(split("'it\\'s' 'a\\b'")).toEqual(["it's", 'a\\b']);
    expect(split('""')).toEqual(['']);
    expect(split('a"b c"d')).toBeUndefined(); // closing quote followed by a letter
    expect(split('a"b c" d')).toEqual(['ab c', 'd']);
    expect(split('get\x0bx')).toEqual(['get\x0bx']);
    expect(split('\x0bget')).toEqual(['get']);
  });
  it('unbalanced quotes', () => {
    expect(split('"abc')).toBeUndefined();
    expect(split("'abc")).toBeUndefined();
    expect(split('"abc\\"')).toBeUndefined();
  });
});

describe('RequestParser', () => {
  it('parses random binary commands fed in random pieces', () => {
    const rng = new Rng('parser');
    for (let round = 0; round < 200; round++) {
      const cmds = rng.some(20, () => rng.some(5, () => Array.from({ length: rng.int(40) }, () => String.fromCharCode(rng.int(256))).join('')));
      let wire = cmds.map(encodeCommand).join('');
      // Sprinkle empty multibulks, which Redis skips.
      if (rng.chance(0.3)) wire = '*0\r\n' + wire + '*-1\r\n';
      const p = new RequestParser();
      const got: string[][] = [];
      for (let i = 0; i < wire.length; ) {
        const n = rng.chance(0.3) ? 1 : rng.range(1, 64);
        p.feed(wire.slice(i, i + n));
        i += n;
        for (let r = p.next(); r; r = p.next()) {
          if (r.error !== undefined) throw new Error(r.error);
          got.push(r.argv);
        }
      }
      expect(got).toEqual(cmds);
      expect(p.buffered).toBe(0);
    }
  });

  it('a request received whole parses as one received byte by byte, malformed or not', () => {
    // Whole requests take a one-pass path; partial ones the general state
    // machine. Both must give the same requests, errors and waits.
    const drain = (p: RequestParser): unknown[] => {
      const out: unknown[] = [];
      for (let r = p.next(); r; r = p.next()) out.push(r);
      return out;
    };
    const wires = [
      '*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n',
      '*1\r\n$0\r\n\r\n', // an empty argument
      '*2\r\n$3\r\nGET\r\n$03\r\nkey\r\n', // leading zero in a length
      '*02\r\n$3\r\nGET\r\n$3\r\nkey\r\n', // leading zero in a count
      '*0\r\n*1\r\n$4\r\nPING\r\n',
      '*-5\r\n*1\r\n$4\r\nPING\r\n',
      '*1\r\n$-1\r\n',
      '*1\r\n$\r\n\r\n', // no digits
      '*1\r\n$+4\r\nPING\r\n',
      '*1\r\n$4\rXPINGYZ', // the byte after \r and the two after a bulk are not checked
      '*1\rX$4\r\nPING\r\n',
      '*2\r\n:3\r\nGET\r\n',
      '*1\r\n$4\x00\r\nPING\r\n', // NUL before the line end: wait
      '*3\r\n$3\r\nSET\r\n$13\r\nthirteen-long\r\n$12\r\ntwelve-bytes\r\n',
      `*2\r\n$4\r\nECHO\r\n$70000\r\n${'v'.repeat(70000)}\r\n`, // past the one-pass limit
      `*1025\r\n${'$1\r\nx\r\n'.repeat(1025)}`,
      '*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nping\r\n*1\r\n$4\r\nPONG\r\n*1\r\n$4\r\nPING\r\n', // name reuse
      '*2\r\n$3\r\nGET\r\n$14\r\nkey:0000000001\r\n*2\r\n$3\r\nGET\r\n$14\r\nkey:0000000001\r\n*2\r\n$3\r\nGET\r\n$14\r\nkey:0000000002\r\n*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$14\r\nkey:0000000002\r\n', // key reuse
      '*2\r\n$3\r\nGET\r\n$3\r\nk\xe9\xff\r\n',
    ];
    for (const wire of wires) {
      const whole = new RequestParser();
      whole.feed(wire);
      const bytewise = new RequestParser();
      const got: unknown[] = [];
      for (const ch of wire) {
        bytewise.feed(ch);
        got.push(...drain(bytewise));
      }
      expect(drain(whole), JSON.stringify(wire.slice(0, 60))).toEqual(got);
      // what is left waiting (after an error nothing more is read)
      if (!got.some((r) => (r as { error?: string }).error)) expect(whole.buffered, JSON.stringify(wire.slice(0, 60))).toBe(bytewise.buffered);
    }
  });

  it('a NUL byte before the line end makes it wait, near or far from the start', () => {
    for (const pad of [0, 31, 32, 33, 200]) {
      const p = new RequestParser();
      const arg = 'x'.repeat(pad);
      p.feed(`ECHO ${arg}\x00y\r\n`);
      expect(p.next(), `inline, pad ${pad}`).toBeUndefined();
      const q = new RequestParser();
      q.feed(`*2\r\n$4\r\nECHO\r\n$${arg}1\x00\r\n`);
      expect(q.next(), `bulk count, pad ${pad}`).toBeUndefined();
      const r = new RequestParser();
      r.feed(`ECHO ${arg}\r\n`);
      expect(r.next(), `inline without NUL, pad ${pad}`).toEqual({ argv: pad === 0 ? ['ECHO'] : ['ECHO', arg] });
    }
  });

  it('inline commands, empty lines and CRLF or LF endings', () => {
    const p = new RequestParser();
    p.feed('PING\r\n\r\nset a "b c"\nGET a\r');
    expect(p.next()).toEqual({ argv: ['PING'] });
    expect(p.next()).toEqual({ argv: ['set', 'a', 'b c'] });
    expect(p.next()).toBeUndefined();
    p.feed('\n');
    expect(p.next()).toEqual({ argv: ['GET', 'a'] });
  });

  it('stops after an error', () => {
    const p = new RequestParser();
    p.feed('*1\r\n$x\r\nPING\r\n');
    expect(p.next()).toEqual({ error: 'ERR Protocol error: invalid bulk length' });
    p.feed('PING\r\n');
    expect(p.next()).toBeUndefined();
  });

  it('waits for a large bulk without copying it piece by piece', () => {
    const p = new RequestParser();
    p.feed('*2\r\n$4\r\nECHO\r\n$1000000\r\n');
    for (let i = 0; i < 100; i++) {
      p.feed('x'.repeat(10_000));
      if (i < 99) expect(p.next()).toBeUndefined();
    }
    p.feed('\r\n');
    const r = p.next();
    expect(r?.error).toBeUndefined();
    expect(r && 'argv' in r ? r.argv[1]!.length : 0).toBe(1_000_000);
  });
});
