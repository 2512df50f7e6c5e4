/**
 * Random commands for the differential fuzzer.
 *
 * Commands are drawn only from the engine's own command table
 * (`engine.specs()`), so the fuzzer covers each family as soon as it lands.
 * Hand-written generators per family know the tricky combinations (ranges,
 * option mixes, int64 edges, inf, exclusive bounds); any other command is
 * generated from its argument grammar in the spec table, with argument
 * values chosen by argument name (`count`, `min`, `seconds`, ...).
 *
 * Keys come from a small shared space so commands collide and hit
 * WRONGTYPE. TTLs are either immediate (0, negative, past) or far in the
 * future, never a few milliseconds ahead: the engine and redis-server run a
 * command a few milliseconds apart, and a key expiring in between would be
 * a false divergence.
 */
import type { ArgSpec, CommandSpec } from '../../src/engine';
import { createHash } from 'node:crypto';
import type { Rng } from './rng';

const sha1Hex = (s: string): string => createHash('sha1').update(s, 'latin1').digest('hex');

export const KEYS = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'];

// ---- Value pools ------------------------------------------------------------

const MEMBERS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', '1', '2', '3', '10', '-1', '1.5', 'foo', 'bar', '', 'x y', '\x00\xff', '\xc3\xa9', 'A'];
const INTS = [
  '0', '1', '-1', '2', '3', '5', '10', '-10', '100', '-100', '9223372036854775807', '-9223372036854775808',
  '9223372036854775808', '-9223372036854775809', '18446744073709551615', '4294967296', '1.5', 'abc', '', '1e3',
  ' 1', '+1', '01', '-0', '0x10', '2147483648', '-2147483649',
];
const DOUBLES = [
  '0', '1', '-1', '1.5', '-2.5', '3.14159', '0.1', '0.2', 'inf', '-inf', '+inf', 'nan', '1e308', '1e309', '-1e309',
  '5e-324', 'abc', '', '1e', '.5', '5.', '-0', '9007199254740993', '1e17', '123456789.123456789', ' 1', '1 ', '0x10',
  '10', '100', '-100', '2', '3', '1e-5', '+1.5', 'Infinity', '1.7976931348623157e308',
];
const SCORE_BOUNDS = ['-inf', '+inf', 'inf', '(1', '1', '(-1', '0', '(0', '2.5', '(2.5', '(inf', '(-inf', '[1', 'abc', '(', '-1', '100', 'nan', '(nan', '3', '10', '( 1'];
const LEX_BOUNDS = ['-', '+', '[a', '(a', '[b', '(c', '[', '(', 'a', '[1', '(foo', '[\xff', '+inf', '-inf', '[e', '(1.5', '[-1'];
const INDEXES = ['0', '1', '2', '-1', '-2', '-3', '3', '5', '100', '-100', '9223372036854775807', '-9223372036854775808', 'abc', '1.5', '4'];
/** Counts for commands that return random elements: never a huge negative (Redis would build it). */
const RANDOM_COUNTS = ['0', '1', '2', '3', '5', '10', '100', '-1', '-2', '-5', '-10', 'abc', '1.5', '9223372036854775807', '-9223372036854775808'];
const COUNTS = [...RANDOM_COUNTS, '4294967296', '-9223372036854775807', '9223372036854775808'];
const PATTERNS = ['*', 'k*', 'k?', 'k[0-4]', 'k[^1]', '*1*', '\\*', '[a-', 'nomatch', 'k\\1', '*[', '?', 'a*b*c*', 'k[1-]', 'K*', '**', 'k[!0]'];
/** Byte offsets and bit offsets: small, or invalid; never a valid huge one (Redis would allocate it). */
const OFFSETS = ['0', '1', '3', '7', '8', '10', '15', '100', '-1', '-5', '4294967296', '9223372036854775807', 'abc', '1.5'];
const DBS = ['0', '1', '0', '1', '16', '-1', 'abc', '9223372036854775807'];
const TYPES = ['string', 'list', 'set', 'zset', 'hash', 'STRING', 'stream', 'nope'];

function member(r: Rng): string {
  if (r.chance(0.03)) return 'v'.repeat(r.range(60, 90)); // past listpack's 64-byte limit
  if (r.chance(0.03)) return String(r.range(-1000, 100000));
  return r.pick(MEMBERS);
}

function value(r: Rng): string {
  return r.chance(0.3) ? r.pick(INTS) : r.chance(0.2) ? r.pick(DOUBLES) : member(r);
}

function key(r: Rng): string {
  return r.pick(KEYS);
}

/** Seconds for a relative TTL: far away, or immediate, or invalid. Random, so GT/LT never tie. */
function seconds(r: Rng): string {
  if (r.chance(0.6)) return String(r.range(100_000, 10_000_000));
  return r.pick(['0', '-1', '-100', '9223372036854775807', '-9223372036854775808', '9223372036854776', '9223372036854775', 'abc', '1.5', '']);
}
function millis(r: Rng): string {
  if (r.chance(0.6)) return String(r.range(100_000_000, 10_000_000_000));
  return r.pick(['0', '-1', '-100', '9223372036854775807', '-9223372036854775808', '9223372036854775806', 'abc', '1.5']);
}
function unixSeconds(r: Rng): string {
  const now = Math.floor(Date.now() / 1000);
  if (r.chance(0.5)) return String(now + r.range(100_000, 10_000_000));
  if (r.chance(0.5)) return r.pick(['1', '0', String(now - 1000)]);
  return r.pick(['-1', '9223372036854775807', '9223372036854775', 'abc']);
}
function unixMillis(r: Rng): string {
  const now = Date.now();
  if (r.chance(0.5)) return String(now + r.range(100_000_000, 10_000_000_000));
  if (r.chance(0.5)) return r.pick(['1', '0', String(now - 1000)]);
  return r.pick(['-1', '9223372036854775807', 'abc']);
}

/** A value for an argument, by name first (names follow Redis's command reference), then by type. */
function argValue(r: Rng, a: ArgSpec, cmd: string): string {
  const n = a.name.toLowerCase();
  if (a.type === 'key') return key(r);
  if (a.type === 'pattern') return r.pick(PATTERNS);
  if (n.includes('timeout')) return '0.01';
  if (a.type === 'unix-time' || n.startsWith('unix-time')) return n.includes('milli') ? unixMillis(r) : unixSeconds(r);
  if (n === 'seconds') return seconds(r);
  if (n === 'milliseconds') return millis(r);
  const lex = cmd.includes('lex');
  if (n === 'min' || n === 'max') return lex ? r.pick(LEX_BOUNDS) : r.pick(SCORE_BOUNDS);
  if (n === 'start' || n === 'stop' || n === 'end' || n === 'index') {
    if (cmd === 'zrange' || cmd === 'zrangestore') return r.pick([...INDEXES, ...SCORE_BOUNDS, ...LEX_BOUNDS]);
    return r.pick(INDEXES);
  }
  if (n === 'offset') return r.pick(OFFSETS);
  if (n === 'count' || n === 'limit' || n === 'len' || n === 'rank' || n === 'num-elements') return r.pick(COUNTS);
  if (n === 'numkeys') return r.pick(['1', '2', '3', '0', '-1', 'abc', '100']);
  if (n === 'db' || n === 'destination-db' || n === 'index1' || n === 'index2') return r.pick(DBS);
  if (n === 'cursor') return r.pick(['0', '0', '0', '1', '7', 'abc', '-1', '18446744073709551615']);
  if (n === 'type') return r.pick(TYPES);
  if (n === 'bit') return r.pick(['0', '1', '2', '-1', 'abc']);
  if (n === 'encoding') return r.pick(['u8', 'i8', 'i64', 'u63', 'u64', 'i65', 'x8', 'u1', 'i1', 'i16']);
  if (n === 'increment' || n === 'decrement') return a.type === 'double' ? r.pick(DOUBLES) : r.pick(INTS);
  if (n === 'score' || n === 'weight' || n === 'longitude' || n === 'latitude' || n === 'radius' || n === 'width' || n === 'height') {
    return r.pick(DOUBLES);
  }
  switch (a.type) {
    case 'integer':
      return r.pick(INTS);
    case 'double':
      return r.pick(DOUBLES);
    default:
      return value(r);
  }
}

/** Arguments from the spec's grammar. `numkeys` is made to match the keys that follow it, mostly. */
function fromGrammar(r: Rng, args: readonly ArgSpec[], cmd: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.optional && !r.chance(0.45)) continue;
    const next = args[i + 1];
    if (a.name === 'numkeys' && next && next.type === 'key' && next.multiple) {
      const ks = r.some(3, () => key(r));
      out.push(r.chance(0.85) ? String(ks.length) : argValue(r, a, cmd), ...ks);
      i++;
      continue;
    }
    const reps = a.multiple ? r.range(1, 3) : 1;
    for (let j = 0; j < reps; j++) {
      if (a.token !== undefined && (j === 0 || a.multipleToken)) out.push(a.token);
      if (a.type === 'pure-token') continue;
      if (a.type === 'oneof') {
        out.push(...fromGrammar(r, [{ ...r.pick(a.args ?? []), optional: false }], cmd));
      } else if (a.type === 'block') {
        out.push(...fromGrammar(r, a.args ?? [], cmd));
      } else {
        out.push(argValue(r, a, cmd));
      }
    }
  }
  return out;
}

/** Small damage that turns a valid call into a syntax or arity error. */
function mutate(r: Rng, argv: string[]): string[] {
  const out = [...argv];
  const roll = r.int(4);
  if (roll === 0 && out.length > 1) out.splice(r.range(1, out.length - 1), 1);
  else if (roll === 1) out.push(r.pick(['NX', 'XX', 'GT', 'LT', 'CH', 'INCR', 'LIMIT', 'WITHSCORES', 'REV', 'BYSCORE', 'BYLEX', 'junk', '1']));
  else if (roll === 2 && out.length > 2) out.splice(r.range(1, out.length - 1), 0, out[r.range(1, out.length - 1)]!);
  else if (out.length > 1) out[r.range(1, out.length - 1)] = r.pick([...INTS, ...DOUBLES, 'junk']);
  return out;
}

/** Commands whose argv[2] is a relative TTL, and its unit. */
const RELATIVE_TTL: Record<string, 'seconds' | 'millis'> = { expire: 'seconds', setex: 'seconds', pexpire: 'millis', psetex: 'millis' };

/**
 * A relative TTL short enough to run out during a segment (a mutation can
 * put "1" or "5" where the TTL goes) expires at a moment that differs
 * between redis-server and the engine, which run the same batch a few
 * milliseconds apart: which commands still see the key is then timing, not
 * semantics. Such a TTL is pushed far away; zero and negative ones (an
 * immediate expiry, or an error) stay.
 */
export function keepTtlsFar(argv: string[]): string[] {
  const far = (at: number, unit: 'seconds' | 'millis') => {
    const v = argv[at];
    if (v === undefined || !/^[0-9]+$/.test(v) || Number(v) === 0) return;
    if (Number(v) < (unit === 'seconds' ? 100_000 : 100_000_000)) argv[at] = unit === 'seconds' ? '100000' : '100000000';
  };
  const name = argv[0]!.toLowerCase();
  const unit = RELATIVE_TTL[name];
  if (unit !== undefined) far(2, unit);
  if (name === 'set' || name === 'getex') {
    for (let i = 2; i < argv.length - 1; i++) {
      const opt = argv[i]!.toUpperCase();
      if (opt === 'EX') far(i + 1, 'seconds');
      else if (opt === 'PX') far(i + 1, 'millis');
    }
  }
  return argv;
}

/**
 * A BITFIELD or SETBIT at bit 2^31 (a mutation can put that integer where
 * the offset goes) makes redis-server allocate a 256 MB string, past the
 * engine's deliberate 128 MB cap per value (it answers OOM instead). The two
 * keyspaces would part for the rest of the run, so such an offset becomes
 * one of 8 Mbit (a 1 MB string). `name` is the command's name in lower case.
 */
export function capBitOffsets(name: string, argv: string[]): string[] {
  if (!name.startsWith('bitfield') && name !== 'setbit') return argv;
  return argv.map((a) => (a === '2147483648' ? '8388608' : a));
}

type Gen = (r: Rng) => string[];

const pairs = (r: Rng, max: number, a: () => string, b: () => string) => r.some(max, () => [a(), b()]).flat();
const opt = (r: Rng, p: number, xs: () => string[]) => (r.chance(p) ? xs() : []);
const oneOf = <T>(r: Rng, ...xs: T[]) => r.pick(xs);
const scoreOrRange = (r: Rng) => (r.chance(0.5) ? r.pick(SCORE_BOUNDS) : r.pick(DOUBLES));
const limit = (r: Rng) => ['LIMIT', r.pick(['0', '1', '2', '-1', '5', 'abc']), r.pick(['1', '2', '-1', '0', '10', 'abc'])];
const fewKeys = (r: Rng, max = 3) => r.some(max, () => key(r));

// ---- Strings ------------------------------------------------------------------

const strings: Record<string, Gen> = {
  set: (r) => [
    'set',
    key(r),
    value(r),
    ...opt(r, 0.3, () => [oneOf(r, 'NX', 'XX', 'nx')]),
    ...opt(r, 0.3, () => ['GET']),
    ...opt(r, 0.4, () =>
      oneOf<() => string[]>(
        r,
        () => ['EX', seconds(r)],
        () => ['PX', millis(r)],
        () => ['EXAT', unixSeconds(r)],
        () => ['PXAT', unixMillis(r)],
        () => ['KEEPTTL'],
      )(),
    ),
  ],
  incrbyfloat: (r) => ['incrbyfloat', key(r), r.pick(DOUBLES)],
  incrby: (r) => ['incrby', key(r), r.pick(INTS)],
  decrby: (r) => ['decrby', key(r), r.pick(INTS)],
  // 536870912 + a non-empty value is just past 512 MB: an error, never an allocation.
  setrange: (r) => ['setrange', key(r), r.pick([...OFFSETS, '536870912']), r.chance(0.2) ? '' : member(r)],
  getrange: (r) => ['getrange', key(r), r.pick(INDEXES), r.pick(INDEXES)],
  append: (r) => ['append', key(r), member(r)],
  lcs: (r) => [
    'lcs',
    key(r),
    key(r),
    ...r.shuffle([
      ...opt(r, 0.3, () => ['LEN']),
      ...opt(r, 0.4, () => ['IDX']),
      ...opt(r, 0.3, () => ['MINMATCHLEN', r.pick(['0', '1', '2', '-1', 'abc'])]),
      ...opt(r, 0.3, () => ['WITHMATCHLEN']),
    ]),
  ],
  mset: (r) => ['mset', ...pairs(r, 3, () => key(r), () => value(r))],
  msetnx: (r) => ['msetnx', ...pairs(r, 3, () => key(r), () => value(r))],
};

// ---- Keys and TTL -------------------------------------------------------------

const expireOpt = (r: Rng) => opt(r, 0.4, () => [oneOf(r, 'NX', 'XX', 'GT', 'LT', 'gt')]);
const keys: Record<string, Gen> = {
  expire: (r) => ['expire', key(r), seconds(r), ...expireOpt(r)],
  pexpire: (r) => ['pexpire', key(r), millis(r), ...expireOpt(r)],
  expireat: (r) => ['expireat', key(r), unixSeconds(r), ...expireOpt(r)],
  pexpireat: (r) => ['pexpireat', key(r), unixMillis(r), ...expireOpt(r)],
  keys: (r) => ['keys', r.pick(PATTERNS)],
  scan: (r) => [
    'scan',
    '0',
    ...opt(r, 0.4, () => ['MATCH', r.pick(PATTERNS)]),
    ...opt(r, 0.5, () => ['COUNT', r.pick(['1000', '100', '0', '-1', 'abc'])]),
    ...opt(r, 0.3, () => ['TYPE', r.pick(TYPES)]),
  ],
  copy: (r) => ['copy', key(r), key(r), ...opt(r, 0.3, () => ['DB', r.pick(DBS)]), ...opt(r, 0.4, () => ['REPLACE'])],
  move: (r) => ['move', key(r), r.pick(DBS)],
  select: (r) => ['select', r.pick(DBS)],
  swapdb: (r) => ['swapdb', r.pick(DBS), r.pick(DBS)],
  sort: (r) => sortArgs(r, 'sort'),
  sort_ro: (r) => sortArgs(r, 'sort_ro'),
  del: (r) => ['del', ...fewKeys(r)],
  unlink: (r) => ['unlink', ...fewKeys(r)],
  exists: (r) => ['exists', ...fewKeys(r)],
  touch: (r) => ['touch', ...fewKeys(r)],
  flushdb: () => ['flushdb'],
  flushall: () => ['flushall'],
};

function sortArgs(r: Rng, name: string): string[] {
  const by = r.pick(['k*', 'nosort', 'k?->a', '*', 'w_*', 'k1']);
  const byArgs = opt(r, 0.3, () => ['BY', by]);
  const source = key(r);
  const limitArgs = opt(r, 0.3, () => limit(r));
  const gets = opt(r, 0.3, () => r.some(2, () => ['GET', r.pick(['#', '*', 'k*', 'k*->a', 'k?'])]).flat());
  const order = opt(r, 0.3, () => [oneOf(r, 'ASC', 'DESC')]);
  const alpha = opt(r, 0.4, () => ['ALPHA']);
  // BY a pattern with ALPHA leaves elements whose sort values tie in an
  // unspecified order (see compare.ts). The comparison accepts that for
  // replies, but a STORE would write the list in that order, so that
  // combination gets no STORE. Without ALPHA, Redis breaks ties by the
  // elements themselves, and STORE is generated as usual.
  const storable = name === 'sort' && !(byArgs.length > 0 && by.includes('*') && alpha.length > 0);
  return [name, source, ...byArgs, ...limitArgs, ...gets, ...order, ...alpha, ...(storable ? opt(r, 0.3, () => ['STORE', key(r)]) : [])];
}

// ---- Hashes -------------------------------------------------------------------

const field = (r: Rng) => (r.chance(0.7) ? r.pick(['f1', 'f2', 'f3', 'f4', 'a', 'b', '1', '']) : member(r));
const hashes: Record<string, Gen> = {
  hset: (r) => ['hset', key(r), ...pairs(r, 4, () => field(r), () => value(r))],
  hmset: (r) => ['hmset', key(r), ...pairs(r, 3, () => field(r), () => value(r))],
  hsetnx: (r) => ['hsetnx', key(r), field(r), value(r)],
  hget: (r) => ['hget', key(r), field(r)],
  hmget: (r) => ['hmget', key(r), ...r.some(3, () => field(r))],
  hdel: (r) => ['hdel', key(r), ...r.some(3, () => field(r))],
  hexists: (r) => ['hexists', key(r), field(r)],
  hstrlen: (r) => ['hstrlen', key(r), field(r)],
  hincrby: (r) => ['hincrby', key(r), field(r), r.pick(INTS)],
  hincrbyfloat: (r) => ['hincrbyfloat', key(r), field(r), r.pick(DOUBLES)],
  hrandfield: (r) => ['hrandfield', key(r), ...opt(r, 0.7, () => [r.pick(RANDOM_COUNTS), ...opt(r, 0.5, () => ['WITHVALUES'])])],
  hscan: (r) => ['hscan', key(r), '0', ...opt(r, 0.4, () => ['MATCH', r.pick(['*', 'f*', 'a', '?'])]), ...opt(r, 0.3, () => ['COUNT', r.pick(['1000', '10', '0', 'abc'])])],
};

// ---- Lists ----------------------------------------------------------------------

const elem = (r: Rng) => (r.chance(0.6) ? r.pick(['a', 'b', 'c', '1', '2', 'x']) : member(r));
const side = (r: Rng) => r.pick(['LEFT', 'RIGHT', 'left', 'UP']);
const lists: Record<string, Gen> = {
  lpush: (r) => ['lpush', key(r), ...r.some(4, () => elem(r))],
  rpush: (r) => ['rpush', key(r), ...r.some(4, () => elem(r))],
  lpushx: (r) => ['lpushx', key(r), ...r.some(2, () => elem(r))],
  rpushx: (r) => ['rpushx', key(r), ...r.some(2, () => elem(r))],
  lpop: (r) => ['lpop', key(r), ...opt(r, 0.4, () => [r.pick(COUNTS)])],
  rpop: (r) => ['rpop', key(r), ...opt(r, 0.4, () => [r.pick(COUNTS)])],
  lrange: (r) => ['lrange', key(r), r.pick(INDEXES), r.pick(INDEXES)],
  ltrim: (r) => ['ltrim', key(r), r.pick(INDEXES), r.pick(INDEXES)],
  lindex: (r) => ['lindex', key(r), r.pick(INDEXES)],
  lset: (r) => ['lset', key(r), r.pick(INDEXES), elem(r)],
  lrem: (r) => ['lrem', key(r), r.pick(['0', '1', '-1', '2', '-2', 'abc']), elem(r)],
  linsert: (r) => ['linsert', key(r), r.pick(['BEFORE', 'AFTER', 'after', 'MIDDLE']), elem(r), elem(r)],
  lpos: (r) => [
    'lpos',
    key(r),
    elem(r),
    ...r.shuffle([
      ...opt(r, 0.4, () => ['RANK', r.pick(['1', '-1', '2', '-2', '0', '9223372036854775807', '-9223372036854775808', 'abc'])]),
      ...opt(r, 0.4, () => ['COUNT', r.pick(['0', '1', '2', '-1', 'abc'])]),
      ...opt(r, 0.3, () => ['MAXLEN', r.pick(['0', '1', '2', '-1', 'abc'])]),
    ]),
  ],
  lmove: (r) => ['lmove', key(r), key(r), side(r), side(r)],
  rpoplpush: (r) => ['rpoplpush', key(r), key(r)],
  lmpop: (r) => {
    const ks = fewKeys(r);
    return ['lmpop', r.chance(0.85) ? String(ks.length) : r.pick(['0', '-1', 'abc', '5']), ...ks, side(r), ...opt(r, 0.4, () => ['COUNT', r.pick(['1', '2', '10', '0', '-1', 'abc'])])];
  },
};

// ---- Sets -----------------------------------------------------------------------

const smember = (r: Rng) => (r.chance(0.4) ? r.pick(['1', '2', '3', '10', '-5', '100']) : r.chance(0.7) ? r.pick(['a', 'b', 'c', 'd']) : member(r));
const sets: Record<string, Gen> = {
  sadd: (r) => ['sadd', key(r), ...r.some(4, () => smember(r))],
  srem: (r) => ['srem', key(r), ...r.some(3, () => smember(r))],
  sismember: (r) => ['sismember', key(r), smember(r)],
  smismember: (r) => ['smismember', key(r), ...r.some(3, () => smember(r))],
  smove: (r) => ['smove', key(r), key(r), smember(r)],
  spop: (r) => ['spop', key(r), ...opt(r, 0.5, () => [r.pick(RANDOM_COUNTS)])],
  srandmember: (r) => ['srandmember', key(r), ...opt(r, 0.7, () => [r.pick(RANDOM_COUNTS)])],
  sintercard: (r) => {
    const ks = fewKeys(r);
    return ['sintercard', r.chance(0.85) ? String(ks.length) : r.pick(['0', '-1', 'abc', '5']), ...ks, ...opt(r, 0.4, () => ['LIMIT', r.pick(['0', '1', '2', '-1', 'abc'])])];
  },
  sscan: (r) => ['sscan', key(r), '0', ...opt(r, 0.4, () => ['MATCH', r.pick(['*', '1*', 'a', '?'])]), ...opt(r, 0.3, () => ['COUNT', r.pick(['1000', '10', '0', 'abc'])])],
};

// ---- Sorted sets ----------------------------------------------------------------

const zmember = (r: Rng) => (r.chance(0.7) ? r.pick(['a', 'b', 'c', 'd', 'e', 'm1', 'm2']) : member(r));
const zscore = (r: Rng) => (r.chance(0.7) ? r.pick(['0', '1', '2', '2', '3', '-1', '1.5', '10', '-inf', '+inf']) : r.pick(DOUBLES));
const zsets: Record<string, Gen> = {
  zadd: (r) => [
    'zadd',
    key(r),
    ...r.shuffle([
      ...opt(r, 0.2, () => [oneOf(r, 'NX', 'XX')]),
      ...opt(r, 0.2, () => [oneOf(r, 'GT', 'LT')]),
      ...opt(r, 0.2, () => ['CH']),
      ...opt(r, 0.15, () => ['INCR']),
    ]),
    ...pairs(r, r.chance(0.2) ? 1 : 4, () => zscore(r), () => zmember(r)),
  ],
  zincrby: (r) => ['zincrby', key(r), zscore(r), zmember(r)],
  zrange: (r) => zrangeArgs(r, 'zrange', [key(r)]),
  zrangestore: (r) => zrangeArgs(r, 'zrangestore', [key(r), key(r)]),
  zrangebyscore: (r) => ['zrangebyscore', key(r), scoreOrRange(r), scoreOrRange(r), ...opt(r, 0.4, () => ['WITHSCORES']), ...opt(r, 0.3, () => limit(r))],
  zrevrangebyscore: (r) => ['zrevrangebyscore', key(r), scoreOrRange(r), scoreOrRange(r), ...opt(r, 0.4, () => ['WITHSCORES']), ...opt(r, 0.3, () => limit(r))],
  zrangebylex: (r) => ['zrangebylex', key(r), r.pick(LEX_BOUNDS), r.pick(LEX_BOUNDS), ...opt(r, 0.3, () => limit(r))],
  zrevrangebylex: (r) => ['zrevrangebylex', key(r), r.pick(LEX_BOUNDS), r.pick(LEX_BOUNDS), ...opt(r, 0.3, () => limit(r))],
  zcount: (r) => ['zcount', key(r), scoreOrRange(r), scoreOrRange(r)],
  zlexcount: (r) => ['zlexcount', key(r), r.pick(LEX_BOUNDS), r.pick(LEX_BOUNDS)],
  zremrangebyscore: (r) => ['zremrangebyscore', key(r), scoreOrRange(r), scoreOrRange(r)],
  zremrangebylex: (r) => ['zremrangebylex', key(r), r.pick(LEX_BOUNDS), r.pick(LEX_BOUNDS)],
  zremrangebyrank: (r) => ['zremrangebyrank', key(r), r.pick(INDEXES), r.pick(INDEXES)],
  zrandmember: (r) => ['zrandmember', key(r), ...opt(r, 0.7, () => [r.pick(RANDOM_COUNTS), ...opt(r, 0.5, () => ['WITHSCORES'])])],
  zrank: (r) => ['zrank', key(r), zmember(r)],
  zrevrank: (r) => ['zrevrank', key(r), zmember(r)],
  zscore: (r) => ['zscore', key(r), zmember(r)],
  zmscore: (r) => ['zmscore', key(r), ...r.some(3, () => zmember(r))],
  zrem: (r) => ['zrem', key(r), ...r.some(3, () => zmember(r))],
  zpopmin: (r) => ['zpopmin', key(r), ...opt(r, 0.4, () => [r.pick(COUNTS)])],
  zpopmax: (r) => ['zpopmax', key(r), ...opt(r, 0.4, () => [r.pick(COUNTS)])],
  zmpop: (r) => {
    const ks = fewKeys(r);
    return ['zmpop', r.chance(0.85) ? String(ks.length) : r.pick(['0', '-1', 'abc']), ...ks, r.pick(['MIN', 'MAX', 'min', 'MID']), ...opt(r, 0.4, () => ['COUNT', r.pick(['1', '2', '10', '0', '-1', 'abc'])])];
  },
  zunion: (r) => zsetOp(r, 'zunion', false),
  zinter: (r) => zsetOp(r, 'zinter', false),
  zdiff: (r) => zsetOp(r, 'zdiff', false),
  zunionstore: (r) => zsetOp(r, 'zunionstore', true),
  zinterstore: (r) => zsetOp(r, 'zinterstore', true),
  zdiffstore: (r) => zsetOp(r, 'zdiffstore', true),
  zintercard: (r) => {
    const ks = fewKeys(r);
    return ['zintercard', r.chance(0.85) ? String(ks.length) : r.pick(['0', '-1', 'abc']), ...ks, ...opt(r, 0.4, () => ['LIMIT', r.pick(['0', '1', '2', '-1'])])];
  },
  zscan: (r) => ['zscan', key(r), '0', ...opt(r, 0.4, () => ['MATCH', r.pick(['*', 'm*', 'a', '?'])]), ...opt(r, 0.3, () => ['COUNT', r.pick(['1000', '10', '0', 'abc'])])],
};

function zrangeArgs(r: Rng, name: string, keysFirst: string[]): string[] {
  const mode = r.pick(['rank', 'rank', 'BYSCORE', 'BYLEX']);
  const bound = () => (mode === 'BYSCORE' ? scoreOrRange(r) : mode === 'BYLEX' ? r.pick(LEX_BOUNDS) : r.pick(INDEXES));
  return [
    name,
    ...keysFirst,
    bound(),
    bound(),
    ...(mode === 'rank' ? (r.chance(0.1) ? [r.pick(['BYSCORE', 'BYLEX'])] : []) : [mode]),
    ...opt(r, 0.3, () => ['REV']),
    ...opt(r, mode === 'rank' ? 0.1 : 0.3, () => limit(r)),
    ...(name === 'zrange' ? opt(r, 0.4, () => ['WITHSCORES']) : []),
  ];
}

function zsetOp(r: Rng, name: string, store: boolean): string[] {
  const ks = fewKeys(r);
  const canWeigh = name !== 'zdiff' && name !== 'zdiffstore';
  return [
    name,
    ...(store ? [key(r)] : []),
    r.chance(0.85) ? String(ks.length) : r.pick(['0', '-1', 'abc', '5']),
    ...ks,
    ...(canWeigh ? opt(r, 0.3, () => ['WEIGHTS', ...ks.map(() => r.pick(['1', '2', '0', '-1', '1.5', 'inf', '-inf', 'abc']))]) : []),
    ...(canWeigh ? opt(r, 0.3, () => ['AGGREGATE', r.pick(['SUM', 'MIN', 'MAX', 'sum', 'AVG'])]) : []),
    ...(store ? [] : opt(r, 0.4, () => ['WITHSCORES'])),
  ];
}

// ---- Geo ----------------------------------------------------------------------------

/**
 * Coordinates where the grid has its edges: the latitude limits
 * (+-85.05112878), the antimeridian, just outside the limits, and the odd
 * number; otherwise a random point. STOREDIST is not generated: distances
 * come from sin, cos and asin, which differ from glibc's in the last bit now
 * and then, and a stored distance keeps every bit (test/differential/geo.test.ts
 * compares those within a tolerance).
 */
const geoLon = (r: Rng): string =>
  r.chance(0.3)
    ? r.pick(['180', '-180', '179.999999', '-179.999999', '0', '13.361389', '15.087269', '180.0000001', 'abc', 'inf', '1e3'])
    : r.chance(0.5)
      ? (r.chance(0.5) ? 175 + r.next() * 5 : -180 + r.next() * 5).toFixed(6)
      : (-180 + r.next() * 360).toFixed(6);
const geoLat = (r: Rng): string =>
  r.chance(0.3)
    ? r.pick(['85.05112878', '-85.05112878', '85.0511', '-85.0511', '0', '38.115556', '37.502669', '85.05112879', '-90', 'x'])
    : r.chance(0.5)
      ? (r.chance(0.5) ? 80 + r.next() * 5.05 : -85.05 + r.next() * 5).toFixed(6)
      : (-85 + r.next() * 170).toFixed(6);
const geoUnit = (r: Rng): string => r.pick(['m', 'km', 'mi', 'ft', 'KM', 'Mi', 'km', 'km', 'parsec']);
const geoRadius = (r: Rng): string => r.pick(['0', '1', '10', '100', '500', '1000', '5000', '20000', '1e6', '-1', 'abc', '0.5']);
const geoOptions = (r: Rng, withs: boolean): string[] =>
  r.shuffle([
    ...(withs ? [...opt(r, 0.4, () => ['WITHDIST']), ...opt(r, 0.3, () => ['WITHCOORD']), ...opt(r, 0.2, () => ['WITHHASH'])] : []),
    ...opt(r, 0.4, () => [oneOf(r, 'ASC', 'DESC')]),
  ]).concat(opt(r, 0.4, () => ['COUNT', r.pick(['1', '2', '3', '10', '0', '-1', 'abc']), ...opt(r, 0.3, () => ['ANY'])]));
const geoFrom = (r: Rng): string[] => (r.chance(0.4) ? ['FROMMEMBER', zmember(r)] : ['FROMLONLAT', geoLon(r), geoLat(r)]);
const geoBy = (r: Rng): string[] => (r.chance(0.5) ? ['BYRADIUS', geoRadius(r), geoUnit(r)] : ['BYBOX', geoRadius(r), geoRadius(r), geoUnit(r)]);
const geoStore = (r: Rng): string[] => opt(r, 0.2, () => ['STORE', key(r)]);
const geo: Record<string, Gen> = {
  geoadd: (r) => [
    'geoadd',
    key(r),
    ...r.shuffle([...opt(r, 0.2, () => [oneOf(r, 'NX', 'XX')]), ...opt(r, 0.2, () => ['CH'])]),
    ...r.some(4, () => [geoLon(r), geoLat(r), zmember(r)]).flat(),
  ],
  geopos: (r) => ['geopos', key(r), ...r.some(3, () => zmember(r))],
  geohash: (r) => ['geohash', key(r), ...r.some(3, () => zmember(r))],
  geodist: (r) => ['geodist', key(r), zmember(r), zmember(r), ...opt(r, 0.6, () => [geoUnit(r)])],
  georadius: (r) => ['georadius', key(r), geoLon(r), geoLat(r), geoRadius(r), geoUnit(r), ...geoOptions(r, !r.chance(0.2)), ...geoStore(r)],
  georadius_ro: (r) => ['georadius_ro', key(r), geoLon(r), geoLat(r), geoRadius(r), geoUnit(r), ...geoOptions(r, true)],
  georadiusbymember: (r) => ['georadiusbymember', key(r), zmember(r), geoRadius(r), geoUnit(r), ...geoOptions(r, !r.chance(0.2)), ...geoStore(r)],
  georadiusbymember_ro: (r) => ['georadiusbymember_ro', key(r), zmember(r), geoRadius(r), geoUnit(r), ...geoOptions(r, true)],
  geosearch: (r) => ['geosearch', key(r), ...r.shuffle([geoFrom(r), geoBy(r)]).flat(), ...geoOptions(r, true)],
  geosearchstore: (r) => ['geosearchstore', key(r), key(r), ...geoFrom(r), ...geoBy(r), ...geoOptions(r, r.chance(0.1))],
};

/** Hand-written generators, by family. */
// ---- Scripts ----------------------------------------------------------------------

/**
 * Small scripts assembled from pieces: a command called with redis.call or
 * redis.pcall (data commands on the shared keys, some with wrong arity or
 * unknown, some writes for read-only runs), values returned in every shape
 * Redis converts (integers, floats truncated, booleans, nil holes in tables,
 * {ok=}, {err=}, nested tables), errors raised in each way, code that does
 * not compile, shebang flags. Nothing random, nothing that loops.
 */
const SCRIPT_CALLS = [
  "'GET', KEYS[1]",
  "'SET', KEYS[1], ARGV[1]",
  "'INCR', KEYS[1]",
  "'INCRBY', KEYS[1], ARGV[1]",
  "'HSET', KEYS[1], 'f', ARGV[1]",
  "'HGETALL', KEYS[1]",
  "'LPUSH', KEYS[1], ARGV[1], 'x'",
  "'LRANGE', KEYS[1], 0, -1",
  "'SADD', KEYS[1], ARGV[1]",
  "'SMEMBERS', KEYS[1]",
  "'ZADD', KEYS[1], 1.5, ARGV[1]",
  "'ZRANGE', KEYS[1], 0, -1, 'WITHSCORES'",
  "'ZSCORE', KEYS[1], ARGV[1]",
  "'DEL', KEYS[1]",
  "'EXISTS', KEYS[1], KEYS[2]",
  "'TYPE', KEYS[1]",
  "'PING'",
  "'ECHO', ARGV[1]",
  "'GET'",
  "'NOSUCHCOMMAND', KEYS[1]",
  "'EVAL', 'return 1', 0",
  "'SET', KEYS[1]",
  "'HINCRBYFLOAT', KEYS[1], 'f', ARGV[1]",
  "'MGET', KEYS[1], KEYS[2], 'nokey'",
  "'STRLEN', KEYS[1]",
];
const SCRIPT_RETURNS = [
  'return 1',
  'return -7.9',
  'return 3.99',
  "return 'text'",
  'return true',
  'return false',
  'return nil',
  'return {1, 2, 3}',
  "return {1, nil, 3}",
  "return {1, 'two', {3, 'four'}, false, 5}",
  "return {ok='FINE'}",
  "return {err='MYERR custom'}",
  "return {err='no code here'}",
  "return redis.status_reply('DONE')",
  "return redis.error_reply('OOPS bad')",
  "return redis.error_reply('plain')",
  "return {KEYS[1], ARGV[1]}",
  "return #KEYS + #ARGV",
  "return redis.sha1hex(ARGV[1] or '')",
  "return tostring(1e20)",
  "return cjson.encode({a=1})",
  "return struct.pack('>I2', 7)",
  'return 2^53 + 1',
  "error('raised')",
  "error({err='TABLE raised'})",
  "return redis.call('NOSUCH')",
  'return x.y',
  "return unknown_global",
  "local t = {} t[1] = 'a' t[3] = 'c' return t",
];
const SCRIPT_BROKEN = ['return (', 'local = 1', 'return 1 +', 'end', "return 'unterminated", 'x = = 2'];

function scriptBody(r: Rng): string {
  if (r.chance(0.05)) return r.pick(SCRIPT_BROKEN);
  const parts: string[] = [];
  if (r.chance(0.1)) parts.push(r.pick(['#!lua', '#!lua flags=no-writes', '#!lua flags=allow-oom', '#!lua flags=bogus', '#!python', "#!lua name=x"]) + '\n');
  // No redis.setresp(3): under RESP3 a missing value reaches Lua as false, not nil (README, known differences).
  for (let i = r.range(0, 2); i > 0; i--) {
    const fn = r.chance(0.3) ? 'pcall' : 'call';
    parts.push(r.chance(0.5) ? `local r${i} = redis.${fn}(${r.pick(SCRIPT_CALLS)}) ` : `redis.${fn}(${r.pick(SCRIPT_CALLS)}) `);
  }
  if (r.chance(0.3)) parts.push(`return redis.${r.chance(0.3) ? 'pcall' : 'call'}(${r.pick(SCRIPT_CALLS)})`);
  else parts.push(r.pick(SCRIPT_RETURNS));
  return parts.join('');
}

function scriptArgs(r: Rng): string[] {
  const nk = r.chance(0.9) ? r.range(0, 2) : undefined;
  const keys = Array.from({ length: nk ?? 1 }, () => key(r));
  const args = r.some(2, () => value(r));
  const numkeys = nk !== undefined ? String(nk) : r.pick(['-1', '5', 'abc', '9223372036854775808']);
  return [numkeys, ...keys, ...args];
}

/** SHA1s the fuzzer may call: the scripts it sent before (both sides cache them), and unknown ones. */
const SENT_SCRIPTS: string[] = [];

const scripting: Record<string, Gen> = {
  eval: (r) => {
    const body = scriptBody(r);
    if (SENT_SCRIPTS.length < 50) SENT_SCRIPTS.push(body);
    return [r.chance(0.2) ? 'eval_ro' : 'eval', body, ...scriptArgs(r)];
  },
  evalsha: (r) => {
    const sha = SENT_SCRIPTS.length > 0 && r.chance(0.8) ? sha1Hex(r.pick(SENT_SCRIPTS)) : r.pick(['ffffffffffffffffffffffffffffffffffffffff', 'abc', '']);
    return [r.chance(0.2) ? 'evalsha_ro' : 'evalsha', sha, ...scriptArgs(r)];
  },
};

export const FAMILY_GENERATORS: Record<string, Record<string, Gen>> = { strings, keys, hashes, lists, sets, zsets, geo, scripting };
const HAND: Record<string, Gen> = Object.assign({}, ...Object.values(FAMILY_GENERATORS));

/** Groups whose commands are deterministic data commands, fit for the fuzzer. */
const GROUPS = new Set(['generic', 'string', 'list', 'set', 'sorted-set', 'hash', 'bitmap', 'hyperloglog', 'geo', 'scripting']);
/** Commands of those groups (or others) handled specially or left out, and why. */
const EXCLUDED = new Set([
  'object', // encodings, idle times and frequencies are implementation details
  'dump', // RDB payloads
  'restore',
  'migrate',
  'wait',
  'waitaof',
  'randomkey', // generated below with shape-only comparison
  'pfdebug',
  'pfselftest',
  'debug',
  'monitor',
  'sync',
  'psync',
  'shutdown',
  'eval_ro', // generated by the eval generator
  'evalsha_ro',
  'fcall', // functions need FUNCTION LOAD, which is not generated: only "not found" either way
  'fcall_ro',
]);
/** Also accepted from other groups. */
const EXTRA = new Set(['ping', 'echo', 'select', 'dbsize', 'flushdb', 'flushall', 'swapdb']);
/** Rarely: they wipe or scramble the state the other commands build. */
const RARE = new Map([
  ['flushdb', 0.05],
  ['flushall', 0.03],
  ['swapdb', 0.2],
  ['select', 0.3],
  ['move', 0.5],
]);

export interface CommandPicker {
  /** Command names in use, by group. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /** One step: usually one command, sometimes a MULTI ... EXEC block. */
  next(r: Rng): string[][];
}

function isBlocking(s: CommandSpec): boolean {
  return s.flags.includes('blocking') || /^b(l|r|z)(pop|move|mpop|rpoplpush|popmin|popmax|lmove|lmpop|zmpop)/.test(s.name) || s.name === 'brpoplpush';
}

/** Builds the command picker from the engine's command table. */
export function commandPicker(specs: readonly CommandSpec[]): CommandPicker {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const groups = new Map<string, string[]>();
  for (const s of specs) {
    if (s.subcommands && s.subcommands.length > 0) continue;
    if (EXCLUDED.has(s.name) || isBlocking(s)) continue;
    if (!GROUPS.has(s.group) && !EXTRA.has(s.name)) continue;
    const g = EXTRA.has(s.name) ? 'generic' : s.group;
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g)!.push(s.name);
  }
  const groupNames = [...groups.keys()];
  const hasTx = byName.has('multi') && byName.has('exec');

  const one = (r: Rng, inTx: boolean): string[] => {
    for (;;) {
      const g = r.pick(groupNames);
      const name = r.pick(groups.get(g)!);
      const rare = RARE.get(name);
      if (rare !== undefined && !r.chance(rare)) continue;
      if (inTx && (name === 'select' || name === 'spop' || name === 'swapdb')) continue;
      const spec = byName.get(name)!;
      const hand = HAND[name];
      let argv = hand ? hand(r) : [name, ...fromGrammar(r, spec.args ?? [], name)];
      if (r.chance(0.04)) argv = keepTtlsFar(mutate(r, argv));
      argv = capBitOffsets(name, argv);
      if (r.chance(0.1)) argv[0] = randomCase(r, argv[0]!);
      return argv;
    }
  };

  return {
    groups,
    next(r) {
      if (byName.has('randomkey') && r.chance(0.005)) return [['randomkey']];
      if (r.chance(0.01)) return [bigCollection(r, byName)];
      if (hasTx && r.chance(0.01)) {
        const block: string[][] = [];
        if (byName.has('watch') && r.chance(0.3)) block.push(['watch', key(r)]);
        block.push(['multi']);
        for (let i = r.range(0, 4); i > 0; i--) block.push(one(r, true));
        block.push([r.chance(0.85) || !byName.has('discard') ? 'exec' : 'discard']);
        return purgeLingering(block);
      }
      return purgeLingering([one(r, false)]);
    },
  };
}

/**
 * SET with an EXAT or PXAT in the past stores a key that has already
 * expired. It lingers, unseen by reads but counted by DBSIZE, until a lookup
 * or Redis's active expiry (a timer) deletes it, and RANDOMKEY looks up a
 * random key. Which of those reaches it first differs between redis-server
 * and the engine, so such a step ends with an EXISTS of the key, which
 * deletes it on both sides if it has expired.
 */
export function purgeLingering(step: string[][]): string[][] {
  const keys = step.filter((a) => a[0]!.toLowerCase() === 'set' && a.length > 2 && a.some((x) => /^(ex|px)at$/i.test(x))).map((a) => a[1]!);
  return keys.length === 0 ? step : [...step, ...keys.map((k) => ['exists', k])];
}

/** A collection past listpack/intset limits, so encodings convert on both sides. */
function bigCollection(r: Rng, byName: ReadonlyMap<string, CommandSpec>): string[] {
  const n = r.range(120, 600);
  const k = key(r);
  const options: string[][] = [];
  if (byName.has('sadd')) options.push(['sadd', k, ...Array.from({ length: n }, (_, i) => String(i * 3 - 50))]);
  if (byName.has('zadd')) options.push(['zadd', k, ...Array.from({ length: Math.min(n, 200) }, (_, i) => [String(i % 17), `m${i}`]).flat()]);
  if (byName.has('hset')) options.push(['hset', k, ...Array.from({ length: Math.min(n, 200) }, (_, i) => [`f${i}`, String(i)]).flat()]);
  if (byName.has('rpush')) options.push(['rpush', k, ...Array.from({ length: n }, (_, i) => `e${i % 50}`)]);
  if (byName.has('sadd')) options.push(['sadd', k, ...Array.from({ length: Math.min(n, 200) }, (_, i) => `s${i}`)]);
  if (options.length === 0) return ['ping'];
  return r.pick(options);
}

function randomCase(r: Rng, s: string): string {
  let out = '';
  for (const c of s) out += r.chance(0.5) ? c.toUpperCase() : c.toLowerCase();
  return out;
}
