import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import type { Reply } from '../core/reply';
import { ManualClock } from '../core/clock';
import { crc64 } from './codec';
import { RdbError, SHORT_READ, applyRdb, readRdb, writeRdb } from './file';

const NOW = 1_800_000_000_000;

function engineWith(script: string[][], clock = new ManualClock(NOW)): { engine: Engine; run: (argv: string[]) => Reply | undefined } {
  const engine = new Engine({ clock });
  const client = engine.createClient();
  const run = (argv: string[]) => engine.exec(client, argv);
  for (const argv of script) {
    const r = run(argv);
    if (r?.t === 'error') throw new Error(`${argv.join(' ')}: ${r.v}`);
  }
  return { engine, run };
}

const load = (bytes: string, engine = new Engine({ clock: new ManualClock(NOW) })) => {
  applyRdb(engine, readRdb(bytes, { config: engine.config, databases: 16 }));
  const client = engine.createClient();
  return { engine, run: (argv: string[]) => engine.exec(client, argv) };
};

const refusal = (bytes: string, databases = 16): readonly string[] => {
  try {
    readRdb(bytes, { config: new Engine().config, databases });
  } catch (e) {
    if (e instanceof RdbError) return e.log;
    throw e;
  }
  throw new Error('the file was accepted');
};

const SCRIPT = [
  ['SET', 'str', 'hello'], ['SET', 'num', '12345'], ['SET', 'big', 'x'.repeat(5000)],
  ['SET', 'ttl', 'v', 'PX', '5000'],
  ['RPUSH', 'list', 'a', '1', 'b', ...Array.from({ length: 2000 }, (_, i) => `e${i}`)],
  ['HSET', 'hash', 'f', 'v', 'n', '-3'], ['SADD', 'iset', '1', '5', '-9'], ['SADD', 'sset', 'a', 'b'],
  ['ZADD', 'zset', '1.5', 'a', '-inf', 'b'], ['ZADD', 'zbig', ...Array.from({ length: 300 }, (_, i) => [String(i), `m${i}`]).flat()],
  ['XADD', 's', '5-1', 'f', 'v'], ['XADD', 's', '5-2', 'f', 'w'], ['XADD', 's', '6-0', 'g', 'x', 'h', 'y'], ['XDEL', 's', '5-2'],
  ['XGROUP', 'CREATE', 's', 'grp', '0'], ['XREADGROUP', 'GROUP', 'grp', 'c1', 'COUNT', '1', 'STREAMS', 's', '>'],
  ['SELECT', '7'], ['SET', 'in7', 'seven'], ['SELECT', '0'],
];

describe('RDB file: the engine reads what it writes', () => {
  it('keeps every type, TTL, database, stream group and PEL', () => {
    const a = engineWith(SCRIPT);
    const bytes = writeRdb(a.engine);
    expect(bytes.slice(0, 9)).toBe('REDIS0010');
    expect(bytes.charCodeAt(bytes.length - 9)).toBe(255);
    expect(bytes.slice(-8)).toBe(crc64(bytes, bytes.length - 8));
    const b = load(bytes);
    for (const argv of [
      ['GET', 'big'], ['PEXPIRETIME', 'ttl'], ['LRANGE', 'list', '0', '-1'], ['HGETALL', 'hash'], ['SMISMEMBER', 'iset', '1', '5', '-9', '2'], ['SCARD', 'iset'],
      ['OBJECT', 'ENCODING', 'iset'], ['ZRANGE', 'zset', '0', '-1', 'WITHSCORES'], ['OBJECT', 'ENCODING', 'zbig'],
      ['XRANGE', 's', '-', '+'], ['XINFO', 'STREAM', 's', 'FULL'], ['XPENDING', 's', 'grp', '-', '+', '10'],
    ]) {
      expect(b.run(argv), argv.join(' ')).toEqual(a.run(argv));
    }
    // The stream goes on working: the next entry after the loaded last ID.
    expect(b.run(['XADD', 's', '6-*', 'k', 'v'])).toEqual({ t: 'bulk', v: '6-1' });
    b.run(['SELECT', '7']);
    expect(b.run(['GET', 'in7'])).toEqual({ t: 'bulk', v: 'seven' });
  });

  it('leaves out keys whose time has passed, as a master loading a file does', () => {
    const clock = new ManualClock(NOW);
    const a = engineWith([['SET', 'k', 'v', 'PX', '1000'], ['SET', 'stay', 'v']], clock);
    const bytes = writeRdb(a.engine);
    const engine = new Engine({ clock: new ManualClock(NOW + 2000) });
    const summary = applyRdb(engine, readRdb(bytes, { config: engine.config, databases: 16 }));
    expect(summary).toEqual({ loaded: 1, expired: 1 });
  });

  it('replaces the whole keyspace and the function libraries', async () => {
    const a = engineWith([['SET', 'from-file', '1']]);
    const target = new Engine({ clock: new ManualClock(NOW) });
    await target.scripting.ready();
    const c = target.createClient();
    target.exec(c, ['SET', 'old', '1']);
    target.exec(c, ['SELECT', '3']);
    target.exec(c, ['SET', 'old3', '1']);
    target.exec(c, ['FUNCTION', 'LOAD', "#!lua name=old\nredis.register_function('oldf', function() return 1 end)"]);
    applyRdb(target, readRdb(writeRdb(a.engine), { config: target.config, databases: 16 }));
    expect(target.exec(c, ['DBSIZE'])).toEqual({ t: 'int', v: 0 });
    target.exec(c, ['SELECT', '0']);
    expect(target.exec(c, ['KEYS', '*'])).toEqual({ t: 'array', v: [{ t: 'bulk', v: 'from-file' }] });
    expect(target.exec(c, ['FUNCTION', 'LIST'])).toEqual({ t: 'array', v: [] });
  });

  it('writes IDLE or FREQ when the eviction policy needs them', () => {
    const a = engineWith([['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'], ['SET', 'k', 'v']]);
    expect(writeRdb(a.engine).includes('\xf9')).toBe(true);
    const b = engineWith([['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'], ['SET', 'k', 'v']]);
    expect(writeRdb(b.engine).includes('\xf8\x00\x00\x01k')).toBe(true);
  });
});

// ---- Files in the encodings of earlier Redis versions, built by hand -------------

const len = (n: number) => (n < 64 ? String.fromCharCode(n) : String.fromCharCode(0x40 | (n >> 8), n & 0xff));
const str = (s: string) => len(s.length) + s;
const le = (v: number, n: number) => Array.from({ length: n }, (_, k) => String.fromCharCode(Math.floor(v / 256 ** k) & 0xff)).join('');

/** A ziplist of short strings and small integers (as Redis 3.2 to 6.2 wrote). */
function ziplist(items: (string | number)[]): string {
  let body = '';
  let prev = 0;
  for (const it of items) {
    const enc = typeof it === 'number' ? String.fromCharCode(0xc0) + le(it & 0xffff, 2) : String.fromCharCode(it.length) + it;
    const entry = String.fromCharCode(prev) + enc;
    prev = entry.length;
    body += entry;
  }
  const total = 10 + body.length + 1;
  return le(total, 4) + le(10, 4) + le(items.length, 2) + body + '\xff';
}

function file(version: number, body: string, checksum = true): string {
  const s = `REDIS${String(version).padStart(4, '0')}` + body + '\xff';
  return s + (checksum ? crc64(s) : '\0'.repeat(8));
}

describe('RDB file: older encodings', () => {
  it('reads ziplist lists, hashes and sorted sets, quicklists of ziplists, and text scores', () => {
    const body =
      '\xfe\x00' +
      '\x0a' + str('zl-list') + str(ziplist(['a', 7, 'b'])) +
      '\x0d' + str('zl-hash') + str(ziplist(['f', 'v', 'n', 12])) +
      '\x0c' + str('zl-zset') + str(ziplist(['m', '1.5', 'n', -2])) +
      '\x0e' + str('ql') + len(2) + str(ziplist(['x', 'y'])) + str(ziplist([3])) +
      '\x03' + str('z1') + len(2) + str('a') + '\x032.5' + str('b') + '\xfe' +
      '\xfd' + le(2_000_000_000, 4) + '\x00' + str('secs') + str('v');
    const { run } = load(file(9, body));
    expect(run(['LRANGE', 'zl-list', '0', '-1'])).toEqual({ t: 'array', v: ['a', '7', 'b'].map((v) => ({ t: 'bulk', v })) });
    expect(run(['HGET', 'zl-hash', 'n'])).toEqual({ t: 'bulk', v: '12' });
    expect(run(['ZSCORE', 'zl-zset', 'n'])).toEqual({ t: 'bulk', v: '-2' });
    expect(run(['LRANGE', 'ql', '0', '-1'])).toEqual({ t: 'array', v: ['x', 'y', '3'].map((v) => ({ t: 'bulk', v })) });
    expect(run(['ZRANGE', 'z1', '0', '-1', 'WITHSCORES'])).toEqual({ t: 'array', v: ['a', '2.5', 'b', 'inf'].map((v) => ({ t: 'bulk', v })) });
    expect(run(['PEXPIRETIME', 'secs'])).toEqual({ t: 'int', v: 2_000_000_000_000 });
  });

  it('takes a zero checksum as "not computed", and files of version 1 to 4 without one', () => {
    const body = '\xfe\x00\x00' + str('k') + str('v');
    expect(load(file(10, body, false)).run(['GET', 'k'])).toEqual({ t: 'bulk', v: 'v' });
    expect(load(`REDIS0004${body}\xff`).run(['GET', 'k'])).toEqual({ t: 'bulk', v: 'v' });
  });

  it('skips empty values as Redis does', () => {
    const f = readRdb(file(10, '\x02' + str('empty') + len(0) + '\x00' + str('k') + str('v')), { config: new Engine().config, databases: 16 });
    expect(f.emptySkipped).toBe(1);
    expect(f.dbs.get(0)?.map((k) => k.key)).toEqual(['k']);
  });
});

describe('RDB file: what is refused, with the lines Redis logs', () => {
  const good = writeRdb(engineWith(SCRIPT).engine);

  it('refuses a file cut short anywhere', () => {
    for (let cut = 0; cut < good.length; cut += Math.max(1, Math.floor(good.length / 120))) {
      const log = refusal(good.slice(0, cut));
      expect(log[0] === SHORT_READ || log[0] === 'Wrong signature trying to load DB from file', `cut at ${cut}: ${log.join(' | ')}`).toBe(true);
    }
    expect(refusal(good.slice(0, good.length - 3))).toEqual([SHORT_READ, expect.stringMatching(/^Internal error in RDB reading offset \d+ -> Unexpected EOF reading RDB file$/)]);
  });

  it('refuses a wrong checksum with both numbers', () => {
    const bad = good.slice(0, 40) + String.fromCharCode(good.charCodeAt(40) ^ 1) + good.slice(41);
    const log = refusal(bad);
    expect(log.length).toBeGreaterThan(0);
    const flipped = good.slice(0, good.length - 1) + String.fromCharCode(good.charCodeAt(good.length - 1) ^ 0x80);
    expect(refusal(flipped)).toEqual([
      expect.stringMatching(/^Wrong RDB checksum expected: \([0-9a-f]+\) but got \([0-9a-f]+\)\. Aborting now\.$/),
      expect.stringMatching(/-> RDB CRC error$/),
    ]);
  });

  it('refuses other files, later versions and databases it does not have', () => {
    expect(refusal('hello world, not a dump')).toEqual(['Wrong signature trying to load DB from file']);
    expect(refusal(file(11, ''))).toEqual(["Can't handle RDB format version 11"]);
    expect(refusal(file(10, '\xfe\x14'), 16)).toEqual(['FATAL: Data file was created with a Redis server configured to handle more than 16 databases. Exiting']);
  });

  it('refuses corrupt values with the reason Redis gives', () => {
    const reason = (body: string) => refusal(file(10, body)).at(-1)!.replace(/^.* -> /, '');
    expect(reason('\x10' + str('h') + str('not a listpack'))).toBe('Hash listpack integrity check failed.');
    expect(reason('\x0b' + str('s') + str('\x02\x00\x00\x00\x09\x00\x00\x00'))).toBe('Intset integrity check failed.');
    expect(reason('\x02' + str('s') + len(2) + str('a') + str('a'))).toBe('Duplicate set members detected');
    expect(reason('\x05' + str('z') + len(1) + str('a') + '\x00\x00\x00\x00\x00\x00\xf8\x7f')).toBe('Zset with NAN score detected');
    expect(reason('\x08' + str('k'))).toBe('Unknown RDB encoding type 8');
    expect(reason('\x00' + str('k') + '\xc3' + len(3) + len(10) + 'abc')).toBe('Invalid LZF compressed string');
    expect(reason('\x00' + str('a') + str('1') + '\x00' + str('a') + str('2'))).toBe("Duplicated key found in RDB file");
  });
});
