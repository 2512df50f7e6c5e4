/**
 * Every write command in the table reports, element by element, what it
 * did to each key whose value it changed; what it reports is checked
 * against the values before and after.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine, type CommandEvent } from '../engine';
import type { CommandSpec } from './command';
import type { Entry } from './entry';
import type { KeyChange, ListChange } from './changes';
import { ManualClock } from './clock';
import { loadLua } from './scripting';
import { allSpecs } from '../spec';
import { formatId, MAX_ID } from '../types/stream';
import { sdssplitargs } from '../../text/split';

/** The keys every case starts from (database 0). */
const FIXTURE: string[][] = [
  ['SET', 'str', 'hello'],
  ['SET', 'n', '10'],
  ['HSET', 'h', 'a', '1', 'b', '2', 'c', '3'],
  ['RPUSH', 'l', 'a', 'b', 'c', 'b', 'e'],
  ['SADD', 's', 'a', 'b', 'c'],
  ['SADD', 's2', 'b', 'c', 'd'],
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd'],
  ['ZADD', 'z2', '2', 'b', '5', 'e'],
  ['ZADD', 'zl', '0', 'a', '0', 'b', '0', 'c'],
  ['XADD', 'x', '1-1', 'f', 'v1'],
  ['XADD', 'x', '2-1', 'f', 'v2'],
  ['XADD', 'x', '3-1', 'f', 'v3'],
  ['XGROUP', 'CREATE', 'x', 'g', '0'],
  ['XREADGROUP', 'GROUP', 'g', 'c1', 'COUNT', '1', 'STREAMS', 'x', '>'],
  ['PFADD', 'hll', 'a', 'b', 'c'],
  ['SETBIT', 'bits', '3', '1'],
];

/** A library for the FUNCTION cases. */
const LIBRARY = "#!lua name=lib\nredis.register_function('f', function(keys, args) return redis.call('INCR', keys[1]) end)";

/**
 * One representative invocation per write command, as typed at redis-cli's
 * prompt (an argument list where one holds a script, a function when it
 * needs a reply from the fixture).
 */
type Case = string | readonly string[] | ((run: (...argv: string[]) => unknown) => readonly string[]);

/** A case run after adding Palermo and Catania to the geo set `g`. */
const withCities =
  (line: string): Case =>
  (run) => {
    run('GEOADD', 'g', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania');
    return words(line);
  };

const CASES: Record<string, Case> = {
  del: 'DEL str h',
  unlink: 'UNLINK l',
  rename: 'RENAME s s2',
  renamenx: 'RENAMENX l l9',
  copy: 'COPY z z2 REPLACE',
  move: 'MOVE str 1',
  swapdb: 'SWAPDB 0 1',
  flushdb: 'FLUSHDB',
  flushall: 'FLUSHALL',
  set: 'SET str world',
  setnx: 'SETNX fresh v',
  setex: 'SETEX str 100 v2',
  psetex: 'PSETEX h 100000 v2',
  getex: 'GETEX str EX 100',
  getdel: 'GETDEL str',
  getset: 'GETSET str x',
  mset: 'MSET str a fresh b',
  msetnx: 'MSETNX k1 a k2 b',
  append: 'APPEND str xyz',
  setrange: 'SETRANGE str 2 ZZ',
  incr: 'INCR n',
  decr: 'DECR fresh',
  incrby: 'INCRBY n 5',
  decrby: 'DECRBY n 5',
  incrbyfloat: 'INCRBYFLOAT n 1.5',
  expire: 'EXPIRE str 100',
  pexpire: 'PEXPIRE str 100000',
  expireat: 'EXPIREAT str 99999999999',
  pexpireat: 'PEXPIREAT str 99999999999999',
  persist: 'PERSIST str',
  hset: 'HSET h a 9 d 4',
  hsetnx: 'HSETNX h e 5',
  hmset: 'HMSET h b 7',
  hdel: 'HDEL h a b zz',
  hincrby: 'HINCRBY h a 5',
  hincrbyfloat: 'HINCRBYFLOAT h q 1.5',
  lpush: 'LPUSH l x y',
  rpush: 'RPUSH l x y',
  lpushx: 'LPUSHX l x',
  rpushx: 'RPUSHX l x',
  lpop: 'LPOP l 2',
  rpop: 'RPOP l',
  lset: 'LSET l -2 Q',
  linsert: 'LINSERT l AFTER c Q',
  lrem: 'LREM l 0 b',
  ltrim: 'LTRIM l 1 -2',
  lmove: 'LMOVE l l2 LEFT RIGHT',
  rpoplpush: 'RPOPLPUSH l l',
  lmpop: 'LMPOP 1 l RIGHT COUNT 2',
  blpop: 'BLPOP l 0',
  brpop: 'BRPOP nothing l 0',
  blmove: 'BLMOVE l l LEFT RIGHT 0',
  brpoplpush: 'BRPOPLPUSH l l2 0',
  blmpop: 'BLMPOP 0 1 l LEFT COUNT 3',
  sadd: 'SADD s a x y',
  srem: 'SREM s a zz',
  spop: 'SPOP s 2',
  smove: 'SMOVE s s2 a',
  sinterstore: 'SINTERSTORE s3 s s2',
  sunionstore: 'SUNIONSTORE s2 s s2',
  sdiffstore: 'SDIFFSTORE s3 s s2',
  zadd: 'ZADD z 5 a 0 e 2 b',
  zincrby: 'ZINCRBY z 10 a',
  zrem: 'ZREM z a zz',
  zrangestore: 'ZRANGESTORE z3 z 0 1',
  zremrangebyrank: 'ZREMRANGEBYRANK z 1 2',
  zremrangebyscore: 'ZREMRANGEBYSCORE z (1 3',
  zremrangebylex: 'ZREMRANGEBYLEX zl - [b',
  zpopmin: 'ZPOPMIN z',
  zpopmax: 'ZPOPMAX z 2',
  bzpopmin: 'BZPOPMIN z 0',
  bzpopmax: 'BZPOPMAX z 0',
  zmpop: 'ZMPOP 1 z MIN COUNT 3',
  bzmpop: 'BZMPOP 0 2 none z MAX',
  zunionstore: 'ZUNIONSTORE z2 2 z z2',
  zinterstore: 'ZINTERSTORE z3 2 z z2',
  zdiffstore: 'ZDIFFSTORE z2 2 z z2',
  geoadd: 'GEOADD z CH 13.361389 38.115556 a 15.087269 37.502669 p',
  georadius: withCities('GEORADIUS g 15 37 200 km STORE z'),
  georadiusbymember: withCities('GEORADIUSBYMEMBER g Palermo 200 km STOREDIST g2'),
  geosearchstore: withCities('GEOSEARCHSTORE z2 g FROMLONLAT 15 37 BYBOX 400 400 km STOREDIST'),
  'function|flush': 'FUNCTION FLUSH',
  'function|load': ['FUNCTION', 'LOAD', LIBRARY],
  'function|delete': (run) => {
    run('FUNCTION', 'LOAD', LIBRARY);
    return ['FUNCTION', 'DELETE', 'lib'];
  },
  'function|restore': (run) => {
    run('FUNCTION', 'LOAD', LIBRARY);
    const payload = run('FUNCTION', 'DUMP') as string;
    run('FUNCTION', 'FLUSH');
    return ['FUNCTION', 'RESTORE', payload];
  },
  setbit: 'SETBIT bits 30 1',
  bitop: 'BITOP OR str bits str',
  bitfield: 'BITFIELD bits SET u8 8 255 INCRBY u4 0 3',
  sort: 'SORT l ALPHA STORE h',
  restore: (run) => ['RESTORE', 'str', '0', run('DUMP', 'h') as string, 'REPLACE'],
  xadd: 'XADD x MAXLEN 2 4-1 f v4',
  xdel: 'XDEL x 2-1 9-9',
  xtrim: 'XTRIM x MAXLEN 1',
  xreadgroup: 'XREADGROUP GROUP g c2 STREAMS x >',
  'xgroup|create': 'XGROUP CREATE x g2 0',
  'xgroup|createconsumer': 'XGROUP CREATECONSUMER x g c9',
  'xgroup|delconsumer': 'XGROUP DELCONSUMER x g c1',
  'xgroup|destroy': 'XGROUP DESTROY x g',
  'xgroup|setid': 'XGROUP SETID x g 2-1',
  xsetid: 'XSETID x 10-1',
  xack: 'XACK x g 1-1',
  xclaim: 'XCLAIM x g c2 0 1-1',
  xautoclaim: 'XAUTOCLAIM x g c2 0 0-0',
  pfadd: 'PFADD hll x y z',
  pfmerge: 'PFMERGE hll2 hll hll3',
  pfdebug: 'PFDEBUG TODENSE hll',
};

/** More cases: the other branches of commands with several ways to change a list, a set, a transaction. */
const EXTRA: readonly string[] = [
  'LMOVE l l RIGHT LEFT',
  'LMOVE l l LEFT LEFT',
  'LREM l -1 b',
  'LTRIM l 9 10',
  'LPUSH l9 a b c',
  'SPOP s',
  'SPOP s 10',
  'SMOVE s fresh b',
  'ZADD z XX CH INCR -10 d',
  'ZADD z9 1 x 2 y',
  'ZREMRANGEBYRANK z 0 -1',
  'HSET h9 f v',
  'SET h "now a string"',
  'SETRANGE str 8 far',
  'SETBIT fresh 9 1',
  'RENAME h fresh',
  'COPY h h DB 2',
  'XADD x MINID 3 * f v',
  'XADD x9 * a b',
  'SORT l ALPHA STORE l',
];

/** Commands whose effect on a key is to give it another value as a whole (the detail is `replaced` or `created`). */
const WHOLE = new Set([
  'rename', 'renamenx', 'copy', 'move', 'restore', 'sort',
  'sinterstore', 'sunionstore', 'sdiffstore', 'zrangestore', 'zunionstore', 'zinterstore', 'zdiffstore',
  'set', 'setnx', 'setex', 'psetex', 'getset', 'mset', 'msetnx', 'incr', 'decr', 'incrby', 'decrby', 'incrbyfloat',
  'bitop', 'pfadd', 'pfmerge', 'pfdebug', 'georadius', 'georadiusbymember', 'geosearchstore',
]);
/** Commands that act on whole databases: the keys they list are the detail. */
const DATABASE = new Set(['swapdb', 'flushdb', 'flushall']);

function writeCommands(): CommandSpec[] {
  const out: CommandSpec[] = [];
  const walk = (s: CommandSpec) => {
    if (s.flags.includes('write')) out.push(s);
    for (const sub of s.subcommands ?? []) walk(sub);
  };
  for (const s of allSpecs) walk(s);
  return out;
}

/** A key's value as comparable data. */
type Value =
  | { type: 'string'; v: string }
  | { type: 'hash'; v: Map<string, string> }
  | { type: 'list'; v: string[] }
  | { type: 'set'; v: Set<string> }
  | { type: 'zset'; v: [string, number][] }
  | { type: 'stream'; v: Map<string, string>; lastId: string; meta: string };

function valueOf(e: Entry): Value {
  switch (e.type) {
    case 'string':
      return { type: 'string', v: e.value };
    case 'hash':
      return { type: 'hash', v: new Map(e.value) };
    case 'list':
      return { type: 'list', v: e.value.toArray() };
    case 'set':
      return { type: 'set', v: new Set(e.value) };
    case 'zset':
      return { type: 'zset', v: [...e.value] };
    case 'stream': {
      const s = e.value;
      const groups = [...s.groups].map(([n, g]) => `${n}:${formatId(g.lastId)}:${g.pel.size}:${[...g.consumers.keys()].join(',')}:${[...g.pel.values()].map((p) => p.consumer.name).join(',')}`);
      return { type: 'stream', v: new Map(s.range(0n, MAX_ID).map((x) => [formatId(x.id), x.fields.join(' ')])), lastId: formatId(s.lastId), meta: groups.join(';') };
    }
  }
}

const same = (a: Value, b: Value): boolean => JSON.stringify(plain(a)) === JSON.stringify(plain(b));
function plain(v: Value): unknown {
  if (v.type === 'hash' || v.type === 'stream') return [v.type, [...v.v], v.type === 'stream' ? `${v.lastId} ${v.meta}` : ''];
  if (v.type === 'set') return [v.type, [...v.v].sort()];
  return [v.type, v.v];
}

function snapshot(engine: Engine): Map<string, Value> {
  const out = new Map<string, Value>();
  engine.dbs.forEach((d, i) => {
    for (const [k, e] of d.data) out.set(`${i}:${k}`, valueOf(e));
  });
  return out;
}

function setUp(): { engine: Engine; run: (...argv: string[]) => unknown; events: CommandEvent[] } {
  const engine = new Engine({ clock: new ManualClock(1_000_000), random: seeded(7) });
  const c = engine.createClient();
  const run = (...argv: string[]) => {
    const r = engine.exec(c, argv);
    if (r?.t === 'error') throw new Error(`${argv.join(' ')}: ${r.v}`);
    return r !== undefined && 'v' in r ? r.v : undefined;
  };
  for (const argv of FIXTURE) run(...argv);
  const events: CommandEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return { engine, run, events };
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const elementLevel = (k: KeyChange): boolean =>
  [k.added, k.removed, k.changed, k.scores, k.list, k.ranges, k.groups].some((x) => x !== undefined && x.length > 0) || k.lastId !== undefined;

/** Runs `argv` on the fixture and checks the detail of every key whose value changed; returns the problems found. */
/** A command line split as redis-cli splits it. */
function words(line: string): string[] {
  const argv = sdssplitargs(line);
  if (argv === null) throw new Error(`unbalanced quotes: ${line}`);
  return argv;
}

function check(name: string, argv: Case): string[] {
  const { engine, run, events } = setUp();
  const full = typeof argv === 'function' ? argv(run) : typeof argv === 'string' ? words(argv) : argv;
  const before = snapshot(engine);
  events.length = 0;
  run(...full);
  const after = snapshot(engine);
  const e = events.at(-1);
  const problems: string[] = [];
  const where = full.join(' ');
  if (e === undefined) return [`${where}: no event`];
  const detail = new Map(e.changes.map((k) => [`${k.db}:${k.key}`, k]));
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(id);
    const a = after.get(id);
    if (a === undefined) continue; // deleted: the event's key list says so
    if (b !== undefined && same(a, b)) continue;
    if (DATABASE.has(name)) continue;
    const k = detail.get(id);
    if (k === undefined) {
      problems.push(`${where}: ${id} changed without any detail`);
      continue;
    }
    const whole = k.created === true || k.replaced === true;
    if (!elementLevel(k) && !(whole && (WHOLE.has(name) || a.type === 'string'))) {
      problems.push(`${where}: ${id} changed without element-level detail (${JSON.stringify(k)})`);
      continue;
    }
    if (b === undefined && k.created !== true) problems.push(`${where}: ${id} was created but not said so`);
    if (b !== undefined && k.created === true) problems.push(`${where}: ${id} existed but is said to be created`);
    if (b === undefined || b.type !== a.type || k.replaced === true) continue;
    problems.push(...spotCheck(where, id, k, b, a));
  }
  return problems;
}

/** The detail against the values before and after. */
function spotCheck(where: string, id: string, k: KeyChange, b: Value, a: Value): string[] {
  const out: string[] = [];
  const expectSame = (what: string, got: Iterable<string> | undefined, want: Iterable<string>) => {
    const g = [...(got ?? [])].sort();
    const w = [...want].sort();
    if (JSON.stringify(g) !== JSON.stringify(w)) out.push(`${where}: ${id} ${what} ${JSON.stringify(g)}, expected ${JSON.stringify(w)}`);
  };
  if (a.type === 'hash' && b.type === 'hash') {
    expectSame('added', k.added, [...a.v.keys()].filter((f) => !b.v.has(f)));
    expectSame('removed', k.removed, [...b.v.keys()].filter((f) => !a.v.has(f)));
    for (const [f, v] of a.v) if (b.v.has(f) && b.v.get(f) !== v && !(k.changed ?? []).includes(f)) out.push(`${where}: ${id} field ${f} changed unreported`);
  } else if (a.type === 'set' && b.type === 'set') {
    expectSame('added', k.added, [...a.v].filter((m) => !b.v.has(m)));
    expectSame('removed', k.removed, [...b.v].filter((m) => !a.v.has(m)));
  } else if (a.type === 'zset' && b.type === 'zset') {
    const bs = new Map(b.v);
    const as = new Map(a.v);
    const br = new Map(b.v.map(([m], i) => [m, i]));
    const ar = new Map(a.v.map(([m], i) => [m, i]));
    const moved = [...new Set([...bs.keys(), ...as.keys()])].filter((m) => bs.get(m) !== as.get(m));
    expectSame('scores', k.scores?.map((s) => s.member), moved);
    for (const s of k.scores ?? []) {
      if (s.old !== (bs.get(s.member) ?? null) || s.new !== (as.get(s.member) ?? null)) out.push(`${where}: ${id} ${s.member} scores ${s.old} -> ${s.new}`);
      if (s.oldRank !== undefined && s.oldRank !== (br.get(s.member) ?? null)) out.push(`${where}: ${id} ${s.member} old rank ${s.oldRank}, was ${br.get(s.member)}`);
      if (s.newRank !== undefined && s.newRank !== (ar.get(s.member) ?? null)) out.push(`${where}: ${id} ${s.member} new rank ${s.newRank}, is ${ar.get(s.member)}`);
    }
  } else if (a.type === 'list' && b.type === 'list') {
    const got = replay(b.v, k.list ?? []);
    if (got.length !== a.v.length) out.push(`${where}: ${id} list ops give ${got.length} elements, list has ${a.v.length}`);
    got.forEach((x, i) => {
      if (x !== null && a.v[i] !== x) out.push(`${where}: ${id} index ${i} should hold ${x}, holds ${a.v[i]}`);
    });
  } else if (a.type === 'stream' && b.type === 'stream') {
    expectSame('added', k.added, [...a.v.keys()].filter((x) => !b.v.has(x)));
    expectSame('removed', k.removed, [...b.v.keys()].filter((x) => !a.v.has(x)));
    if (a.meta !== b.meta && (k.groups ?? []).length === 0) out.push(`${where}: ${id} groups changed unreported`);
    if (a.lastId !== b.lastId && (k.added ?? []).length === 0 && k.lastId !== a.lastId) out.push(`${where}: ${id} last ID changed unreported`);
  } else if (a.type === 'string' && b.type === 'string') {
    const inRange = (i: number) => (k.ranges ?? []).some(([s, e]) => i >= s && i < e);
    for (let i = 0; i < Math.max(a.v.length, b.v.length); i++) if (a.v[i] !== b.v[i] && !inRange(i)) out.push(`${where}: ${id} byte ${i} changed outside the ranges reported`);
  }
  return out;
}

/** The list after `ops`, from the list before: kept elements by value, new ones as null. */
function replay(before: readonly string[], ops: readonly ListChange[]): (string | null)[] {
  let l: (string | null)[] = [...before];
  for (const op of ops) {
    switch (op.op) {
      case 'push': {
        const add = Array<null>(op.count).fill(null);
        l = op.end === 'head' ? [...add, ...l] : [...l, ...add];
        break;
      }
      case 'pop':
        l = op.end === 'head' ? l.slice(op.count) : l.slice(0, l.length - op.count);
        break;
      case 'trim':
        l = op.start > op.stop ? [] : l.slice(op.start, op.stop + 1);
        break;
      case 'set':
        l[op.index] = null;
        break;
      case 'insert':
        l.splice(op.index, 0, null);
        break;
      case 'remove': {
        const drop = new Set(op.indexes);
        l = l.filter((_, i) => !drop.has(i));
        break;
      }
      case 'rotate': {
        if (l.length === 0) break;
        const x = op.from === 'head' ? l.shift()! : l.pop()!;
        if (op.to === 'head') l.unshift(x);
        else l.push(x);
        break;
      }
    }
  }
  return l;
}

describe('element-level change detail', () => {
  beforeAll(() => loadLua());
  it('has a representative invocation for every write command in the table', () => {
    const missing = writeCommands()
      .map((s) => s.name)
      .filter((n) => !(n in CASES));
    expect(missing, 'write commands without a case in CASES').toEqual([]);
  });

  for (const spec of writeCommands()) {
    const argv = CASES[spec.name];
    if (argv === undefined) continue;
    it(`${spec.name}: says what it changed`, () => {
      expect(check(spec.name, argv)).toEqual([]);
    });
  }

  for (const line of EXTRA) {
    it(`${line}: says what it changed`, () => {
      expect(check(words(line)[0]!.toLowerCase(), line)).toEqual([]);
    });
  }

  it('a transaction reports the net effect per element', () => {
    const { run, events } = setUp();
    run('MULTI');
    run('HSET', 'h', 'new', '1');
    run('HDEL', 'h', 'new', 'a');
    run('ZINCRBY', 'z', '10', 'a');
    run('ZINCRBY', 'z', '-10', 'a');
    run('EXEC');
    const e = events.at(-1)!;
    const h = e.changes.find((k) => k.key === 'h')!;
    expect(h.added).toBeUndefined();
    expect(h.removed).toEqual(['a']);
    expect(e.changes.find((k) => k.key === 'z')?.scores).toBeUndefined();
  });

  it('gives old and new ranks of a member that moved', () => {
    const { run, events } = setUp();
    run('ZINCRBY', 'z', '2.5', 'a');
    expect(events.at(-1)!.changes[0]!.scores).toEqual([{ member: 'a', old: 1, new: 3.5, oldRank: 0, newRank: 2 }]);
  });

  it('reports reads: fields, members, list indexes, score and rank ranges, stream entries', () => {
    const { run, events } = setUp();
    const last = () => events.at(-1)!.changes[0]!;
    run('HMGET', 'h', 'a', 'zz');
    expect(last().read).toEqual(['a', 'zz']);
    run('SISMEMBER', 's', 'b');
    expect(last().read).toEqual(['b']);
    run('LRANGE', 'l', '-2', '100');
    expect(last().readRanges).toEqual([{ kind: 'index', start: 3, stop: 4 }]);
    run('ZREVRANGE', 'z', '0', '1');
    expect(last().readRanges).toEqual([{ kind: 'index', start: 2, stop: 3 }]);
    run('ZRANGEBYSCORE', 'z', '(1', '+inf');
    expect(last().readRanges).toEqual([{ kind: 'score', min: { value: 1, exclusive: true }, max: { value: Infinity, exclusive: false } }]);
    run('XRANGE', 'x', '2', '+');
    expect(last().read).toEqual(['2-1', '3-1']);
    run('SINTER', 's', 's2');
    expect(events.at(-1)!.combination).toEqual({ op: 'inter', keys: ['s', 's2'] });
    run('ZUNIONSTORE', 'out', '2', 'z', 'z2');
    expect(events.at(-1)!.combination).toEqual({ op: 'union', keys: ['z', 'z2'], dest: 'out' });
  });

  it('records nothing when nobody listens', () => {
    const engine = new Engine();
    const c = engine.createClient();
    engine.exec(c, ['HSET', 'h', 'a', '1']);
    expect(engine.changes.on).toBe(false);
    const off = engine.onEvent(() => {});
    expect(engine.changes.on).toBe(true);
    off();
    expect(engine.changes.on).toBe(false);
    expect(engine.changes.take(() => undefined).changes).toEqual([]);
  });
});
