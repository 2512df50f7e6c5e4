import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/support/rng';
import { ManualClock } from '../core/clock';
import { Config, formatNotifyFlags, parseNotifyFlags } from '../core/config';
import { markRaw, noteGrowth, objectEncoding, resetStringEncoding } from '../core/encoding';
import type { Entry } from '../core/entry';
import { E } from '../core/errors';
import { allocSize, keyUsage, lpEntrySize } from '../core/memory';
import type { Reply } from '../core/reply';
import { Deque } from '../types/deque';
import { Engine, type EngineOptions } from '../engine';

function setup(opts: EngineOptions = {}) {
  const clock = new ManualClock();
  // Eviction samples keys at random, as Redis does: a seeded generator keeps each run the same.
  const engine = new Engine({ clock, random: mulberry32(1), ...opts });
  const client = engine.createClient();
  const run = (...argv: string[]): Reply | undefined => engine.exec(client, argv);
  return { engine, clock, client, run };
}

const OK: Reply = { t: 'simple', v: 'OK' };
const int = (v: number): Reply => ({ t: 'int', v });
const bulk = (v: string): Reply => ({ t: 'bulk', v });
const err = (v: string): Reply => ({ t: 'error', v });

function info(r: Reply | undefined): Record<string, string> {
  if (r === undefined || r.t !== 'verbatim') throw new Error(`not INFO: ${JSON.stringify(r)}`);
  const out: Record<string, string> = {};
  for (const line of r.v.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

describe('Config', () => {
  it('holds Redis 7.0 defaults, under names and aliases', () => {
    const c = new Config();
    expect(c.get('hash-max-listpack-entries')).toBe('512');
    expect(c.get('hash-max-ziplist-entries')).toBe('512');
    expect(c.get('zset-max-listpack-entries')).toBe('128');
    expect(c.get('list-max-listpack-size')).toBe('-2');
    expect(c.get('set-max-intset-entries')).toBe('512');
    expect(c.get('maxmemory-policy')).toBe('noeviction');
    expect(c.get('lua-time-limit')).toBe('5000');
    expect(c.get('save')).toBe('3600 1 300 100 60 10000');
    expect(c.get('proto-max-bulk-len')).toBe('536870912');
    expect(c.num('maxmemory')).toBe(0);
  });

  it('parses memory units and keeps canonical text', () => {
    const c = new Config();
    expect(c.set([['maxmemory', '1gb']])).toBeUndefined();
    expect(c.get('maxmemory')).toBe('1073741824');
    expect(c.set([['maxmemory', '100k']])).toBeUndefined();
    expect(c.maxmemory).toBe(100000);
    expect(c.set([['maxmemory', '12x']])).toBe("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value");
  });

  it('is all or nothing, with Redis\'s error precedence', () => {
    const c = new Config();
    expect(c.set([['hz', '20'], ['maxmemory', 'bad']])).toMatch(/argument 'maxmemory'/);
    expect(c.get('hz')).toBe('10');
    expect(c.set([['hz', 'bad'], ['nosuch', '1']])).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'");
    expect(c.set([['databases', '4']])).toMatch(/can't set immutable config/);
    expect(c.set([['hz', '1'], ['HZ', '2']])).toMatch(/duplicate parameter/);
    expect(c.set([['hz', '900']])).toBeUndefined();
    expect(c.get('hz')).toBe('500');
  });

  it('notify-keyspace-events flags round-trip', () => {
    expect(formatNotifyFlags(parseNotifyFlags('KEA'))).toBe('AKE');
    expect(formatNotifyFlags(parseNotifyFlags('Ex$'))).toBe('$xE');
    expect(parseNotifyFlags('Q')).toBe(-1);
    const c = new Config();
    c.set([['notify-keyspace-events', 'Kg']]);
    expect(c.notifyKeyspaceEvents).toBe(parseNotifyFlags('gK'));
  });

  it('start-up options from EngineOptions', () => {
    const { engine } = setup({ config: { maxmemory: '256mb', 'maxmemory-policy': 'allkeys-lru' } });
    expect(engine.config.maxmemory).toBe(256 * 1024 * 1024);
    expect(engine.config.maxmemoryPolicy).toBe('allkeys-lru');
  });
});

describe('encodings', () => {
  const config = new Config();
  it('strings: int, embstr, raw, and raw after an in-place edit', () => {
    const s = (value: string): Entry => ({ type: 'string', value });
    expect(objectEncoding(s('123'), config)).toBe('int');
    expect(objectEncoding(s('-9223372036854775808'), config)).toBe('int');
    expect(objectEncoding(s('9223372036854775808'), config)).toBe('embstr');
    expect(objectEncoding(s('007'), config)).toBe('embstr');
    expect(objectEncoding(s('x'.repeat(44)), config)).toBe('embstr');
    expect(objectEncoding(s('x'.repeat(45)), config)).toBe('raw');
    const e = s('5');
    markRaw(e);
    expect(objectEncoding(e, config)).toBe('raw');
    resetStringEncoding(e);
    expect(objectEncoding(e, config)).toBe('int');
  });

  it('hashes turn into hashtables one way', () => {
    const cfg = new Config({ 'hash-max-listpack-entries': '2', 'hash-max-listpack-value': '4' });
    const h: Entry = { type: 'hash', value: new Map([['a', '1']]) };
    expect(objectEncoding(h, cfg)).toBe('listpack');
    h.value.set('b', 'long value');
    noteGrowth(h, cfg, ['b', 'long value']);
    expect(objectEncoding(h, cfg)).toBe('hashtable');
    h.value.delete('b');
    expect(objectEncoding(h, cfg)).toBe('hashtable');
    const h2: Entry = { type: 'hash', value: new Map([['a', '1'], ['b', '2']]) };
    expect(objectEncoding(h2, cfg)).toBe('listpack');
    h2.value.set('c', '3');
    noteGrowth(h2, cfg);
    h2.value.delete('c');
    expect(objectEncoding(h2, cfg)).toBe('hashtable');
  });

  it('sets: intset only for integers within set-max-intset-entries', () => {
    const s: Entry = { type: 'set', value: new Set(['1', '2', '-3']) };
    expect(objectEncoding(s, config)).toBe('intset');
    s.value.add('x');
    noteGrowth(s, config, ['x']);
    s.value.delete('x');
    expect(objectEncoding(s, config)).toBe('hashtable');
    expect(objectEncoding({ type: 'set', value: new Set(['01']) }, config)).toBe('hashtable');
  });

  it('lists are always quicklists in 7.0', () => {
    expect(objectEncoding({ type: 'list', value: new Deque(['a']) }, config)).toBe('quicklist');
  });

  it('OBJECT ENCODING follows the commands and DEBUG RELOAD re-encodes', () => {
    const { run } = setup();
    run('CONFIG', 'SET', 'hash-max-listpack-entries', '2');
    run('HSET', 'h', 'a', '1', 'b', '2', 'c', '3');
    expect(run('OBJECT', 'ENCODING', 'h')).toEqual(bulk('hashtable'));
    run('HDEL', 'h', 'c');
    expect(run('OBJECT', 'ENCODING', 'h')).toEqual(bulk('hashtable'));
    expect(run('DEBUG', 'RELOAD')).toEqual(OK);
    expect(run('OBJECT', 'ENCODING', 'h')).toEqual(bulk('listpack'));
    expect(run('OBJECT', 'ENCODING', 'nope')).toEqual({ t: 'nil' });
  });
});

describe('memory estimates', () => {
  const config = new Config();
  it('jemalloc size classes', () => {
    expect([1, 8, 9, 16, 17, 33, 64, 65, 129, 161, 300, 4097, 20000].map(allocSize)).toEqual([8, 8, 16, 16, 32, 48, 64, 80, 160, 192, 320, 5120, 20480]);
  });

  it('listpack entry sizes', () => {
    expect(lpEntrySize('a')).toBe(3);
    expect(lpEntrySize('1')).toBe(2);
    expect(lpEntrySize('1000')).toBe(3);
    expect(lpEntrySize('x'.repeat(100))).toBe(103);
  });

  it('matches redis-server 7.0.15 for lists, hashes and sets (values measured on the real server)', () => {
    const list = (n: number): Entry => ({ type: 'list', value: new Deque(Array.from({ length: n }, () => 'a')) });
    expect(keyUsage('l', list(1), config)).toBe(144);
    expect(keyUsage('l', list(3), config)).toBe(144);
    expect(keyUsage('l', list(4), config)).toBe(160);
    expect(keyUsage('l', list(10), config)).toBe(176);
    expect(keyUsage('l', list(20), config)).toBe(208);
    expect(keyUsage('h', { type: 'hash', value: new Map([['a', 'b']]) }, config)).toBe(64);
    expect(keyUsage('s', { type: 'set', value: new Set(['1', '2', '3']) }, config)).toBe(64);
    expect(keyUsage('s2', { type: 'set', value: new Set(['a', 'b', 'c']) }, config)).toBe(232);
    expect(keyUsage('k', { type: 'string', value: 'v' }, config)).toBe(64);
  });

  it('the running estimate follows writes, deletes, flushes and SWAPDB', () => {
    const { engine, run } = setup();
    expect(engine.memory.dataset).toBe(0);
    run('SET', 'a', 'x'.repeat(1000));
    const one = engine.memory.dataset;
    expect(one).toBeGreaterThan(1000);
    run('APPEND', 'a', 'y'.repeat(1000));
    expect(engine.memory.dataset).toBeGreaterThan(one + 900);
    run('RPUSH', 'l', 'a', 'b', 'c');
    run('SWAPDB', '0', '1');
    run('SELECT', '1');
    run('DEL', 'a');
    run('FLUSHALL');
    expect(engine.memory.dataset).toBe(0);
    run('DEBUG', 'POPULATE', '1000');
    expect(engine.memory.dataset).toBeGreaterThan(60_000);
    expect(engine.memory.dataset).toBeLessThan(100_000);
    run('FLUSHDB');
    expect(engine.memory.dataset).toBe(0);
  });

  it('keys stored behind the meter\'s back (a restored snapshot) are adopted and rebuilt', () => {
    const { engine, run } = setup();
    const db = engine.dbs[0]!;
    db.data.set('restored', { type: 'string', value: 'x'.repeat(100) });
    db.data.set('other', { type: 'string', value: 'y' });
    expect(run('GET', 'restored')).toEqual(bulk('x'.repeat(100)));
    expect(info(run('INFO', 'stats'))['keyspace_hits']).toBe('1');
    engine.memory.rebuild();
    expect(engine.memory.dataset).toBe(keyUsage('restored', db.data.get('restored')!, engine.config) + keyUsage('other', db.data.get('other')!, engine.config));
  });

  it('MEMORY USAGE with SAMPLES and its errors', () => {
    const { run } = setup();
    run('SET', 'k', 'v');
    expect(run('MEMORY', 'USAGE', 'k')).toEqual(int(64));
    expect(run('MEMORY', 'USAGE', 'k', 'SAMPLES', '0')).toEqual(int(64));
    expect(run('MEMORY', 'USAGE', 'k', 'SAMPLES', '-1')).toEqual(err(E.SYNTAX));
    expect(run('MEMORY', 'USAGE', 'nope')).toEqual({ t: 'nil' });
  });
});

describe('maxmemory', () => {
  it('refuses denyoom commands with OOM but lets reads and deletes through', () => {
    const { run } = setup();
    run('SET', 'a', '1');
    run('CONFIG', 'SET', 'maxmemory', '1');
    expect(run('SET', 'b', '1')).toEqual(err(E.OOM));
    expect(run('GET', 'a')).toEqual(bulk('1'));
    expect(run('DEL', 'a')).toEqual(int(1));
    run('CONFIG', 'SET', 'maxmemory', '0');
    expect(run('SET', 'b', '1')).toEqual(OK);
  });

  it('a huge DEBUG POPULATE answers OOM at once and creates nothing', () => {
    const { engine, run } = setup({ config: { maxmemory: '256mb' } });
    const t0 = performance.now();
    expect(run('DEBUG', 'POPULATE', '10000000')).toEqual(err(E.OOM));
    expect(performance.now() - t0).toBeLessThan(100);
    expect(engine.dbs[0]!.size).toBe(0);
    expect(run('DEBUG', 'POPULATE', '1000')).toEqual(OK);
    expect(engine.dbs[0]!.size).toBe(1000);
  });

  it('checkGrowth guards single large allocations', () => {
    const { engine } = setup({ config: { maxmemory: '10mb' } });
    expect(() => engine.memory.checkGrowth(100 * 1024 * 1024)).toThrow(E.OOM);
    expect(() => engine.memory.checkGrowth(1024)).not.toThrow();
  });

  it('allkeys-lru evicts the least recently used keys', () => {
    const { engine, clock, run } = setup();
    for (let i = 0; i < 50; i++) {
      run('SET', `k${i}`, 'x'.repeat(100));
      clock.advance(1000);
    }
    for (let i = 25; i < 50; i++) run('GET', `k${i}`);
    const used = engine.memory.used();
    run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru', 'maxmemory', String(used - 3000));
    run('SET', 'new', 'v');
    const left = [...engine.dbs[0]!.keys()];
    expect(left.length).toBeLessThan(51);
    // Every evicted key is one of the old, untouched ones.
    for (let i = 25; i < 50; i++) expect(left).toContain(`k${i}`);
    expect(engine.memory.evictedKeys).toBeGreaterThan(0);
    expect(info(run('INFO', 'stats'))['evicted_keys']).toBe(String(engine.memory.evictedKeys));
  });

  it('volatile-ttl evicts the keys closest to expiry; volatile-* without TTLs fails', () => {
    const { engine, run } = setup();
    for (let i = 0; i < 20; i++) run('SET', `v${i}`, 'x'.repeat(200), 'EX', String(1000 + i));
    for (let i = 0; i < 20; i++) run('SET', `p${i}`, 'x'.repeat(200));
    const used = engine.memory.used();
    run('CONFIG', 'SET', 'maxmemory-policy', 'volatile-ttl', 'maxmemory', String(used - 1000));
    expect(run('SET', 'new', 'v')).toEqual(OK);
    // Keys are sampled at random, as in Redis: whichever went had a TTL, and the one
    // that expires last stays (it loses only to a sample made of nothing but itself).
    const gone = Array.from({ length: 20 }, (_, i) => `v${i}`).filter((k) => {
      const r = run('EXISTS', k);
      return r?.t === 'int' && r.v === 0;
    });
    expect(gone.length).toBeGreaterThan(0);
    expect(gone).not.toContain('v19');
    for (let i = 0; i < 20; i++) expect(run('EXISTS', `p${i}`)).toEqual(int(1));
    run('CONFIG', 'SET', 'maxmemory', '1', 'maxmemory-policy', 'volatile-lru');
    // Every key with a TTL goes, then there is nothing left to evict.
    expect(run('SET', 'x', 'v')).toEqual(err(E.OOM));
    expect(run('DBSIZE')).toEqual(int(21));
    expect(engine.dbs[0]!.expires.size).toBe(0);
  });
});

describe('OBJECT IDLETIME, FREQ, REFCOUNT', () => {
  it('IDLETIME counts seconds since the last access; OBJECT itself does not touch', () => {
    const { run, clock } = setup();
    run('SET', 'k', 'v');
    clock.advance(5000);
    expect(run('OBJECT', 'IDLETIME', 'k')).toEqual(int(5));
    expect(run('OBJECT', 'IDLETIME', 'k')).toEqual(int(5));
    run('GET', 'k');
    expect(run('OBJECT', 'IDLETIME', 'k')).toEqual(int(0));
    clock.advance(61_000);
    expect(run('OBJECT', 'IDLETIME', 'k')).toEqual(int(61));
  });

  it('FREQ needs an LFU policy and grows logarithmically', () => {
    const { run } = setup();
    run('SET', 'k', 'v');
    expect(run('OBJECT', 'FREQ', 'k')).toEqual(err(E.LFU_NOT_SELECTED));
    run('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    expect(run('OBJECT', 'IDLETIME', 'k')).toEqual(err(E.LFU_SELECTED));
    run('SET', 'hot', 'v');
    const before = run('OBJECT', 'FREQ', 'hot') as { v: number };
    for (let i = 0; i < 1000; i++) run('GET', 'hot');
    const after = run('OBJECT', 'FREQ', 'hot') as { v: number };
    expect(before.v).toBe(5);
    expect(after.v).toBeGreaterThan(before.v);
    expect(after.v).toBeLessThan(40);
  });

  it('REFCOUNT: shared integers 0..9999', () => {
    const { run } = setup();
    run('SET', 'a', '42');
    run('SET', 'b', '10000');
    run('SET', 'c', 'text');
    expect(run('OBJECT', 'REFCOUNT', 'a')).toEqual(int(2147483647));
    expect(run('OBJECT', 'REFCOUNT', 'b')).toEqual(int(1));
    expect(run('OBJECT', 'REFCOUNT', 'c')).toEqual(int(1));
  });
});

describe('INFO, TIME, DEBUG', () => {
  it('INFO reflects clients, blocked clients, keyspace and stats', () => {
    const { engine, run, clock } = setup();
    const other = engine.createClient();
    engine.exec(other, ['BLPOP', 'q', '0']);
    run('SET', 'a', '1');
    run('SET', 'b', '1', 'EX', '100');
    run('GET', 'a');
    run('GET', 'nope');
    const i = info(run('INFO'));
    expect(i['connected_clients']).toBe('2');
    expect(i['blocked_clients']).toBe('1');
    expect(i['db0']).toBe('keys=2,expires=1,avg_ttl=100000');
    expect(i['keyspace_hits']).toBe('1');
    expect(i['keyspace_misses']).toBe('1');
    expect(i['redis_version']).toBe('7.0.15');
    expect(Number(i['used_memory'])).toBe(engine.memory.used());
    clock.advance(10_000);
    expect(info(run('INFO', 'server'))['uptime_in_seconds']).toBe('10');
    const r = run('INFO', 'keyspace');
    expect(r).toEqual({ t: 'verbatim', format: 'txt', v: '# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=90000\r\n' });
  });

  it('TIME reads the engine clock', () => {
    const { run, clock } = setup();
    clock.set(1_700_000_123_456);
    expect(run('TIME')).toEqual({ t: 'array', v: [bulk('1700000123'), bulk('456000')] });
  });

  it('CONFIG RESETSTAT clears the counters', () => {
    const { run } = setup();
    run('GET', 'nope');
    run('NOSUCH');
    run('CONFIG', 'RESETSTAT');
    const i = info(run('INFO', 'stats'));
    expect(i['keyspace_misses']).toBe('0');
    expect(i['total_error_replies']).toBe('0');
    expect(i['total_commands_processed']).toBe('1');
  });

  it('DEBUG SET-ACTIVE-EXPIRE 0 stops the active expiry cycle', () => {
    const { engine, run, clock } = setup();
    run('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    run('SET', 'k', 'v', 'PX', '10');
    clock.advance(100);
    engine.activeExpireCycle();
    expect(engine.dbs[0]!.size).toBe(1);
    run('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    engine.activeExpireCycle();
    expect(engine.dbs[0]!.size).toBe(0);
  });

  it('DEBUG SLEEP replies at once without moving the clock', () => {
    const { run, clock } = setup();
    const t = clock.now();
    expect(run('DEBUG', 'SLEEP', '5')).toEqual(OK);
    expect(clock.now()).toBe(t);
  });

  it('DEBUG POPULATE keeps existing keys and sizes values', () => {
    const { run } = setup();
    run('SET', 'key:1', 'mine');
    run('DEBUG', 'POPULATE', '3');
    expect(run('MGET', 'key:0', 'key:1', 'key:2')).toEqual({ t: 'array', v: [bulk('value:0'), bulk('mine'), bulk('value:2')] });
    run('DEBUG', 'POPULATE', '1', 'big', '10');
    expect(run('GET', 'big:0')).toEqual(bulk('value:0\0\0\0'));
  });

  it('COMMAND DOCS and INFO describe commands from the table', () => {
    const { run } = setup();
    const docs = run('COMMAND', 'DOCS', 'multi');
    expect(docs).toMatchObject({ t: 'map', v: [[bulk('multi'), { t: 'map' }]] });
    const inf = run('COMMAND', 'INFO', 'watch') as { t: 'array'; v: { t: 'array'; v: Reply[] }[] };
    expect(inf.v[0]!.v.slice(0, 6)).toEqual([bulk('watch'), int(-2), { t: 'set', v: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'].map((v) => ({ t: 'simple', v })) }, int(1), int(-1), int(1)]);
    expect(run('COMMAND', 'INFO', 'nosuch')).toEqual({ t: 'array', v: [{ t: 'nil' }] });
    expect(run('COMMAND', 'GETKEYS', 'SET', 'k', 'v')).toEqual({ t: 'array', v: [bulk('k')] });
  });
});

describe('SAVE, BGSAVE and LASTSAVE', () => {
  const T0 = 1_700_000_000_000;
  function setup(target: 'ok' | 'fails' | 'none' = 'ok') {
    const clock = new ManualClock(T0);
    const pending: ((ok: boolean) => void)[] = [];
    const saved: number[] = [];
    const engine = new Engine({
      clock,
      saveTarget:
        target === 'none'
          ? undefined
          : {
              saveNow: () => {
                saved.push(clock.now());
                return target === 'ok';
              },
              saveInBackground: (done) => pending.push(done),
            },
    });
    const c = engine.createClient();
    const run = (...argv: string[]): Reply | undefined => engine.exec(c, argv);
    const info = (field: string): string => {
      const r = run('INFO', 'persistence') as { v: string };
      return new RegExp(`^${field}:(.*)\\r$`, 'm').exec(r.v)![1]!;
    };
    return { clock, run, info, pending, saved };
  }
  const simple = (v: string): Reply => ({ t: 'simple', v });

  it('SAVE saves before replying; LASTSAVE and INFO persistence follow', () => {
    const { clock, run, info, saved } = setup();
    expect(run('LASTSAVE')).toEqual({ t: 'int', v: T0 / 1000 });
    run('SET', 'a', '1');
    run('SET', 'b', '2');
    expect(info('rdb_changes_since_last_save')).toBe('2');
    clock.advance(5000);
    expect(run('SAVE')).toEqual(simple('OK'));
    expect(saved).toEqual([T0 + 5000]);
    expect(run('LASTSAVE')).toEqual({ t: 'int', v: T0 / 1000 + 5 });
    expect(info('rdb_saves')).toBe('1');
    expect(info('rdb_changes_since_last_save')).toBe('0');
    run('DEL', 'a');
    expect(info('rdb_changes_since_last_save')).toBe('1');
  });

  it('BGSAVE replies at once and finishes later; one at a time; SCHEDULE; syntax', () => {
    const { clock, run, info, pending } = setup();
    expect(run('BGSAVE', 'now')).toEqual({ t: 'error', v: E.SYNTAX });
    expect(run('BGSAVE')).toEqual(simple('Background saving started'));
    expect(info('rdb_bgsave_in_progress')).toBe('1');
    expect(run('BGSAVE')).toEqual({ t: 'error', v: 'ERR Background save already in progress' });
    expect(run('SAVE')).toEqual({ t: 'error', v: 'ERR Background save already in progress' });
    clock.advance(2000);
    pending.shift()!(true);
    expect(info('rdb_bgsave_in_progress')).toBe('0');
    expect(info('rdb_last_bgsave_status')).toBe('ok');
    expect(info('rdb_last_bgsave_time_sec')).toBe('2');
    expect(run('LASTSAVE')).toEqual({ t: 'int', v: T0 / 1000 + 2 });
    expect(run('BGSAVE', 'schedule')).toEqual(simple('Background saving started'));
    pending.shift()!(false);
    expect(info('rdb_last_bgsave_status')).toBe('err');
    expect(info('rdb_saves')).toBe('1');
  });

  it('SAVE is refused inside MULTI (no_multi); without a place to save both say so; a failed save is ERR', () => {
    const { run } = setup();
    run('MULTI');
    expect(run('SAVE')).toEqual({ t: 'error', v: 'ERR Command not allowed inside a transaction' });
    expect(run('EXEC')).toEqual({ t: 'error', v: 'EXECABORT Transaction discarded because of previous errors.' });
    const none = setup('none');
    expect(none.run('SAVE')).toEqual({ t: 'error', v: E.NO_SAVE_TARGET });
    expect(none.run('BGSAVE')).toEqual({ t: 'error', v: E.NO_SAVE_TARGET });
    expect(setup('fails').run('SAVE')).toEqual({ t: 'error', v: 'ERR' });
  });
});
