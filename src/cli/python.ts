/**
 * The redis-py call that does what a typed command does, for learners who
 * will write Python next:
 *
 *   SET greeting "hello world"       r.set("greeting", "hello world")
 *   SET k v EX 60 NX                 r.set("k", "v", ex=60, nx=True)
 *   HSET user:1 name Ada lang en     r.hset("user:1", mapping={"name": "Ada", "lang": "en"})
 *   EXPIRE k 60                      r.expire("k", 60)
 *   ZADD board 100 alice             r.zadd("board", {"alice": 100})
 *   MULTI / EXEC                     pipe = r.pipeline(transaction=True) / pipe.execute()
 *
 * Calls follow redis-py 5's signatures. A command it has no method for, or a
 * line whose options do not fit the method, becomes the always-correct
 * generic form `r.execute_command("CMD", "arg", ...)`. Arguments are byte
 * strings: valid UTF-8 becomes a str literal, anything else a bytes literal.
 */
import { fromText, toText } from '../text/bytes';

export interface PythonOptions {
  /** The client variable name. Default `r`. */
  readonly client?: string;
}

/** A Python literal for a byte-string argument. */
export function pyStr(arg: string): string {
  const text = toText(arg);
  const utf8 = fromText(text) === arg;
  let out = utf8 ? '"' : 'b"';
  const chars = utf8 ? [...text] : [...arg];
  for (const ch of chars) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || (!utf8 && c > 0x7e)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const INT = /^[+-]?\d+$/;
/** How Redis writes integers (no sign, no leading zeros); others stay strings so they fail the same way. */
const CANONICAL_INT = /^-?(?:0|[1-9]\d*)$/;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** An integer argument: a Python int when it is one, else the string as typed. */
function pyInt(arg: string): string {
  return CANONICAL_INT.test(arg) ? arg : pyStr(arg);
}

/** A number argument (scores, increments): a Python number when it is one. */
function pyNum(arg: string): string {
  if (CANONICAL_INT.test(arg)) return arg;
  if (FLOAT.test(arg) && !INT.test(arg)) return arg.replace(/^\+/, '');
  const inf = /^([+-]?)inf$/i.exec(arg);
  if (inf) return `float("${inf[1] === '-' ? '-' : ''}inf")`;
  return pyStr(arg);
}

const eq = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b;

type Kw = [string, string][];

interface Parsed {
  readonly flags: Set<string>;
  readonly values: Map<string, string[]>;
}

/**
 * Parses trailing options: `flags` are bare words (NX, WITHSCORES), `values`
 * maps a word to how many values follow it (EX 1, LIMIT 2). Undefined when
 * something else appears, or an option repeats.
 */
function parseOptions(tokens: readonly string[], flags: readonly string[], values: Readonly<Record<string, number>> = {}): Parsed | undefined {
  const out: Parsed = { flags: new Set(), values: new Map() };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.toLowerCase();
    if (flags.includes(t)) {
      if (out.flags.has(t)) return undefined;
      out.flags.add(t);
    } else if (Object.hasOwn(values, t)) {
      const n = values[t]!;
      if (out.values.has(t) || i + n > tokens.length - 1) return undefined;
      out.values.set(t, tokens.slice(i + 1, i + 1 + n));
      i += n;
    } else {
      return undefined;
    }
  }
  return out;
}

function call(r: string, method: string, args: readonly string[], kw: Kw = []): string {
  return `${r}.${method}(${[...args, ...kw.map(([k, v]) => `${k}=${v}`)].join(', ')})`;
}

/** Keyword arguments from flags: `nx=True` for each flag present. */
function flagKw(p: Parsed, names: Readonly<Record<string, string>>): Kw {
  const kw: Kw = [];
  for (const [flag, py] of Object.entries(names)) if (p.flags.has(flag)) kw.push([py, 'True']);
  return kw;
}

/** Keyword arguments from options with one integer value: `ex=10` for each option present. */
function intKw(p: Parsed, names: Readonly<Record<string, string>>): Kw {
  const kw: Kw = [];
  for (const [option, py] of Object.entries(names)) {
    const v = p.values.get(option);
    if (v) kw.push([py, pyInt(v[0]!)]);
  }
  return kw;
}

/**
 * `numkeys key ... [options]` (LMPOP, SINTERCARD): the keys, then `lead`
 * words, then options with one value each (`values`). Undefined unless
 * there are at least `min` arguments and all of it parses.
 */
function keysThenOptions(a: readonly string[], min: number, lead: number, values: Readonly<Record<string, number>>) {
  const nk = a.length < min ? undefined : numKeys(a, 0);
  if (!nk) return undefined;
  const p = parseOptions(nk.rest.slice(lead), [], values);
  return p && { n: nk.n, keys: nk.keys, lead: nk.rest.slice(0, lead), p };
}

function dict(pairs: readonly (readonly [string, string])[]): string {
  return `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`;
}

function pairsOf(args: readonly string[], key: (s: string) => string, value: (s: string) => string): [string, string][] | undefined {
  if (args.length === 0 || args.length % 2 !== 0) return undefined;
  const out: [string, string][] = [];
  for (let i = 0; i < args.length; i += 2) out.push([key(args[i]!), value(args[i + 1]!)]);
  return out;
}

const list = (xs: readonly string[]): string => `[${xs.join(', ')}]`;

type Mapper = (r: string, a: readonly string[]) => string | undefined;

/** Commands whose arguments are all keys or plain values, passed positionally. */
const positional = (method: string, shape: readonly ('s' | 'i' | 'n')[] | 'varargs'): Mapper => (r, a) => {
  if (shape === 'varargs') return a.length > 0 ? call(r, method, a.map(pyStr)) : undefined;
  if (a.length !== shape.length) return undefined;
  return call(r, method, a.map((x, i) => (shape[i] === 'i' ? pyInt(x) : shape[i] === 'n' ? pyNum(x) : pyStr(x))));
};

const EXPIRE_FLAGS = { nx: 'nx', xx: 'xx', gt: 'gt', lt: 'lt' };

const expireLike = (method: string): Mapper => (r, a) => {
  if (a.length < 2) return undefined;
  const p = parseOptions(a.slice(2), ['nx', 'xx', 'gt', 'lt']);
  if (!p) return undefined;
  return call(r, method, [pyStr(a[0]!), pyInt(a[1]!)], flagKw(p, EXPIRE_FLAGS));
};

const popCount = (method: string): Mapper => (r, a) => {
  if (a.length === 1) return call(r, method, [pyStr(a[0]!)]);
  if (a.length === 2) return call(r, method, [pyStr(a[0]!), pyInt(a[1]!)]);
  return undefined;
};

/** `BLPOP k1 k2 timeout` -> r.blpop(["k1", "k2"], timeout=1) */
const blockingPop = (method: string): Mapper => (r, a) => {
  if (a.length < 2) return undefined;
  return call(r, method, [list(a.slice(0, -1).map(pyStr))], [['timeout', pyNum(a[a.length - 1]!)]]);
};

const scanLike = (method: string, withKey: boolean): Mapper => (r, a) => {
  const base = withKey ? 1 : 0;
  if (a.length < base + 1) return undefined;
  const p = parseOptions(a.slice(base + 1), [], withKey ? { match: 1, count: 1 } : { match: 1, count: 1, type: 1 });
  if (!p) return undefined;
  const kw: Kw = [['cursor', pyInt(a[base]!)]];
  if (p.values.has('match')) kw.push(['match', pyStr(p.values.get('match')![0]!)]);
  if (p.values.has('count')) kw.push(['count', pyInt(p.values.get('count')![0]!)]);
  if (p.values.has('type')) kw.push(['_type', pyStr(p.values.get('type')![0]!)]);
  return call(r, method, withKey ? [pyStr(a[0]!)] : [], kw);
};

/** SINTERSTORE dst k1 k2 -> r.sinterstore("dst", ["k1", "k2"]) */
const storeLike = (method: string): Mapper => (r, a) =>
  a.length >= 2 ? call(r, method, [pyStr(a[0]!), list(a.slice(1).map(pyStr))]) : undefined;

/**
 * `numkeys key [key ...]` from a[at]: the keys and the arguments after them;
 * undefined when the count is not a canonical integer, is below `min`, or
 * runs past the end.
 */
function numKeys(a: readonly string[], at: number, min = 0): { n: number; keys: string[]; rest: string[] } | undefined {
  if (!CANONICAL_INT.test(a[at] ?? '')) return undefined;
  const n = Number(a[at]);
  const keys = a.slice(at + 1, at + 1 + n);
  if (keys.length !== n || n < min) return undefined;
  return { n, keys, rest: a.slice(at + 1 + n) };
}

/** ZUNIONSTORE dst 2 a b [WEIGHTS 2 3] [AGGREGATE MAX] */
const zstore = (method: string): Mapper => (r, a) => {
  const nk = numKeys(a, 1, 1);
  if (!nk) return undefined;
  const { n, keys } = nk;
  const p = parseOptions(nk.rest, [], { weights: n, aggregate: 1 });
  if (!p) return undefined;
  const w = p.values.get('weights');
  const keysArg = w ? dict(keys.map((k, i) => [pyStr(k), pyNum(w[i]!)] as const)) : list(keys.map(pyStr));
  const kw: Kw = p.values.has('aggregate') ? [['aggregate', pyStr(p.values.get('aggregate')![0]!.toUpperCase())]] : [];
  return call(r, method, [pyStr(a[0]!), keysArg], kw);
};

/** ZUNION 2 a b [WEIGHTS ...] [AGGREGATE x] [WITHSCORES] */
const zsetAlgebra = (method: string, weights: boolean): Mapper => (r, a) => {
  const nk = numKeys(a, 0, 1);
  if (!nk) return undefined;
  const { n, keys } = nk;
  const p = parseOptions(nk.rest, ['withscores'], weights ? { weights: n, aggregate: 1 } : {});
  if (!p) return undefined;
  const w = p.values.get('weights');
  const keysArg = w ? dict(keys.map((k, i) => [pyStr(k), pyNum(w[i]!)] as const)) : list(keys.map(pyStr));
  const kw: Kw = [];
  if (p.values.has('aggregate')) kw.push(['aggregate', pyStr(p.values.get('aggregate')![0]!.toUpperCase())]);
  if (p.flags.has('withscores')) kw.push(['withscores', 'True']);
  return call(r, method, [keysArg], kw);
};

/** ZRANGEBYSCORE k min max [WITHSCORES] [LIMIT o c] (and the REV and BYLEX forms). */
const rangeBy = (method: string, scores: boolean): Mapper => (r, a) => {
  if (a.length < 3) return undefined;
  const p = parseOptions(a.slice(3), scores ? ['withscores'] : [], { limit: 2 });
  if (!p) return undefined;
  const kw: Kw = [];
  const limit = p.values.get('limit');
  if (limit) kw.push(['start', pyInt(limit[0]!)], ['num', pyInt(limit[1]!)]);
  if (p.flags.has('withscores')) kw.push(['withscores', 'True']);
  const bound = scores ? pyNum : pyStr;
  return call(r, method, [pyStr(a[0]!), bound(a[1]!), bound(a[2]!)], kw);
};

const randomWith = (method: string, flag: string, kwName: string): Mapper => (r, a) => {
  if (a.length === 1) return call(r, method, [pyStr(a[0]!)]);
  if (a.length === 2) return call(r, method, [pyStr(a[0]!), pyInt(a[1]!)]);
  if (a.length === 3 && eq(a[2], flag)) return call(r, method, [pyStr(a[0]!), pyInt(a[1]!)], [[kwName, 'True']]);
  return undefined;
};


// ---- geo: redis-py's geoadd / geosearch / georadius keyword forms

const GEO_UNIT_NAMES = ['m', 'km', 'ft', 'mi'];
/** A unit redis-py accepts (it checks them in lower case), or undefined. */
const geoUnit = (u: string | undefined): string | undefined => (u !== undefined && GEO_UNIT_NAMES.includes(u.toLowerCase()) ? pyStr(u.toLowerCase()) : undefined);

/**
 * The options after a search's shape: WITH*, COUNT n [ANY], ASC|DESC and,
 * where allowed, STORE / STOREDIST key (GEORADIUS) or STOREDIST (GEOSEARCHSTORE).
 */
function geoOptions(tokens: readonly string[], withs: boolean, store: 'key' | 'flag' | 'none'): Kw | undefined {
  const flags = [...(withs ? ['withdist', 'withcoord', 'withhash'] : []), 'asc', 'desc', 'any', ...(store === 'flag' ? ['storedist'] : [])];
  const p = parseOptions(tokens, flags, { count: 1, ...(store === 'key' ? { store: 1, storedist: 1 } : {}) });
  if (!p || (p.flags.has('asc') && p.flags.has('desc')) || (p.flags.has('any') && !p.values.has('count'))) return undefined;
  const kw: Kw = flagKw(p, { withdist: 'withdist', withcoord: 'withcoord', withhash: 'withhash' });
  if (p.values.has('count')) kw.push(['count', pyInt(p.values.get('count')![0]!)]);
  if (p.flags.has('any')) kw.push(['any', 'True']);
  if (p.flags.has('asc')) kw.push(['sort', '"ASC"']);
  if (p.flags.has('desc')) kw.push(['sort', '"DESC"']);
  if (p.values.has('store')) kw.push(['store', pyStr(p.values.get('store')![0]!)]);
  if (p.values.has('storedist')) kw.push(['store_dist', pyStr(p.values.get('storedist')![0]!)]);
  if (p.flags.has('storedist')) kw.push(['storedist', 'True']);
  return kw;
}

/** GEOSEARCH's FROMMEMBER / FROMLONLAT and BYRADIUS / BYBOX as redis-py's keywords, then the rest. */
function geoSearchArgs(tokens: readonly string[], withs: boolean, store: 'flag' | 'none'): Kw | undefined {
  const kw: Kw = [];
  const rest: string[] = [];
  let from = false;
  let by = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!.toLowerCase();
    if (t === 'frommember' && !from && i + 1 < tokens.length) {
      kw.push(['member', pyStr(tokens[++i]!)]);
      from = true;
    } else if (t === 'fromlonlat' && !from && i + 2 < tokens.length) {
      kw.push(['longitude', pyNum(tokens[i + 1]!)], ['latitude', pyNum(tokens[i + 2]!)]);
      from = true;
      i += 2;
    } else if (t === 'byradius' && !by && i + 2 < tokens.length) {
      const unit = geoUnit(tokens[i + 2]);
      if (unit === undefined) return undefined;
      kw.push(['radius', pyNum(tokens[i + 1]!)], ['unit', unit]);
      by = true;
      i += 2;
    } else if (t === 'bybox' && !by && i + 3 < tokens.length) {
      const unit = geoUnit(tokens[i + 3]);
      if (unit === undefined) return undefined;
      kw.push(['width', pyNum(tokens[i + 1]!)], ['height', pyNum(tokens[i + 2]!)], ['unit', unit]);
      by = true;
      i += 3;
    } else rest.push(tokens[i]!);
  }
  if (!from || !by) return undefined;
  const more = geoOptions(rest, withs, store);
  return more === undefined ? undefined : [...kw, ...more];
}

const MAPPERS: Readonly<Record<string, Mapper>> = {
  // ---- strings
  get: positional('get', ['s']),
  set: (r, a) => {
    if (a.length < 2) return undefined;
    const p = parseOptions(a.slice(2), ['nx', 'xx', 'get', 'keepttl'], { ex: 1, px: 1, exat: 1, pxat: 1 });
    if (!p) return undefined;
    const kw = intKw(p, { ex: 'ex', px: 'px', exat: 'exat', pxat: 'pxat' });
    kw.push(...flagKw(p, { nx: 'nx', xx: 'xx', keepttl: 'keepttl', get: 'get' }));
    return call(r, 'set', [pyStr(a[0]!), pyStr(a[1]!)], kw);
  },
  setnx: positional('setnx', ['s', 's']),
  setex: positional('setex', ['s', 'i', 's']),
  psetex: positional('psetex', ['s', 'i', 's']),
  getset: positional('getset', ['s', 's']),
  getdel: positional('getdel', ['s']),
  getex: (r, a) => {
    if (a.length < 1) return undefined;
    const p = parseOptions(a.slice(1), ['persist'], { ex: 1, px: 1, exat: 1, pxat: 1 });
    if (!p) return undefined;
    const kw = intKw(p, { ex: 'ex', px: 'px', exat: 'exat', pxat: 'pxat' });
    kw.push(...flagKw(p, { persist: 'persist' }));
    return call(r, 'getex', [pyStr(a[0]!)], kw);
  },
  mset: (r, a) => {
    const pairs = pairsOf(a, pyStr, pyStr);
    return pairs ? call(r, 'mset', [dict(pairs)]) : undefined;
  },
  msetnx: (r, a) => {
    const pairs = pairsOf(a, pyStr, pyStr);
    return pairs ? call(r, 'msetnx', [dict(pairs)]) : undefined;
  },
  mget: positional('mget', 'varargs'),
  incr: positional('incr', ['s']),
  decr: positional('decr', ['s']),
  incrby: positional('incrby', ['s', 'i']),
  decrby: positional('decrby', ['s', 'i']),
  incrbyfloat: positional('incrbyfloat', ['s', 'n']),
  append: positional('append', ['s', 's']),
  strlen: positional('strlen', ['s']),
  getrange: positional('getrange', ['s', 'i', 'i']),
  substr: positional('substr', ['s', 'i', 'i']),
  setrange: positional('setrange', ['s', 'i', 's']),
  lcs: (r, a) => {
    if (a.length < 2) return undefined;
    const p = parseOptions(a.slice(2), ['len', 'idx', 'withmatchlen'], { minmatchlen: 1 });
    if (!p) return undefined;
    const kw = flagKw(p, { len: 'len', idx: 'idx' });
    kw.push(...intKw(p, { minmatchlen: 'minmatchlen' }));
    kw.push(...flagKw(p, { withmatchlen: 'withmatchlen' }));
    return call(r, 'lcs', [pyStr(a[0]!), pyStr(a[1]!)], kw);
  },

  // ---- keys
  del: (r, a) => (a.length > 0 ? call(r, 'delete', a.map(pyStr)) : undefined),
  unlink: positional('unlink', 'varargs'),
  exists: positional('exists', 'varargs'),
  touch: positional('touch', 'varargs'),
  type: positional('type', ['s']),
  keys: positional('keys', ['s']),
  scan: scanLike('scan', false),
  randomkey: positional('randomkey', []),
  rename: positional('rename', ['s', 's']),
  renamenx: positional('renamenx', ['s', 's']),
  copy: (r, a) => {
    if (a.length < 2) return undefined;
    const p = parseOptions(a.slice(2), ['replace'], { db: 1 });
    if (!p) return undefined;
    const kw = intKw(p, { db: 'destination_db' });
    kw.push(...flagKw(p, { replace: 'replace' }));
    return call(r, 'copy', [pyStr(a[0]!), pyStr(a[1]!)], kw);
  },
  move: positional('move', ['s', 'i']),
  swapdb: positional('swapdb', ['i', 'i']),
  dbsize: positional('dbsize', []),
  flushdb: (r, a) => (a.length === 0 ? call(r, 'flushdb', []) : a.length === 1 && eq(a[0], 'async') ? call(r, 'flushdb', [], [['asynchronous', 'True']]) : a.length === 1 && eq(a[0], 'sync') ? call(r, 'flushdb', []) : undefined),
  flushall: (r, a) => (a.length === 0 ? call(r, 'flushall', []) : a.length === 1 && eq(a[0], 'async') ? call(r, 'flushall', [], [['asynchronous', 'True']]) : a.length === 1 && eq(a[0], 'sync') ? call(r, 'flushall', []) : undefined),

  // ---- TTL
  expire: expireLike('expire'),
  pexpire: expireLike('pexpire'),
  expireat: expireLike('expireat'),
  pexpireat: expireLike('pexpireat'),
  ttl: positional('ttl', ['s']),
  pttl: positional('pttl', ['s']),
  persist: positional('persist', ['s']),
  expiretime: positional('expiretime', ['s']),
  pexpiretime: positional('pexpiretime', ['s']),

  // ---- hashes
  hset: (r, a) => {
    if (a.length === 3) return call(r, 'hset', a.map(pyStr));
    const pairs = pairsOf(a.slice(1), pyStr, pyStr);
    return pairs ? call(r, 'hset', [pyStr(a[0]!)], [['mapping', dict(pairs)]]) : undefined;
  },
  hmset: (r, a) => {
    const pairs = pairsOf(a.slice(1), pyStr, pyStr);
    return a.length > 0 && pairs ? call(r, 'hset', [pyStr(a[0]!)], [['mapping', dict(pairs)]]) : undefined;
  },
  hsetnx: positional('hsetnx', ['s', 's', 's']),
  hget: positional('hget', ['s', 's']),
  hmget: (r, a) => (a.length >= 2 ? call(r, 'hmget', [pyStr(a[0]!), list(a.slice(1).map(pyStr))]) : undefined),
  hgetall: positional('hgetall', ['s']),
  hdel: positional('hdel', 'varargs'),
  hexists: positional('hexists', ['s', 's']),
  hlen: positional('hlen', ['s']),
  hkeys: positional('hkeys', ['s']),
  hvals: positional('hvals', ['s']),
  hstrlen: positional('hstrlen', ['s', 's']),
  hincrby: positional('hincrby', ['s', 's', 'i']),
  hincrbyfloat: positional('hincrbyfloat', ['s', 's', 'n']),
  hrandfield: randomWith('hrandfield', 'withvalues', 'withvalues'),
  hscan: scanLike('hscan', true),

  // ---- lists
  lpush: positional('lpush', 'varargs'),
  rpush: positional('rpush', 'varargs'),
  lpushx: positional('lpushx', 'varargs'),
  rpushx: positional('rpushx', 'varargs'),
  lpop: popCount('lpop'),
  rpop: popCount('rpop'),
  lrange: positional('lrange', ['s', 'i', 'i']),
  llen: positional('llen', ['s']),
  lindex: positional('lindex', ['s', 'i']),
  lset: positional('lset', ['s', 'i', 's']),
  linsert: (r, a) =>
    a.length === 4 && (eq(a[1], 'before') || eq(a[1], 'after'))
      ? call(r, 'linsert', [pyStr(a[0]!), pyStr(a[1]!.toUpperCase()), pyStr(a[2]!), pyStr(a[3]!)])
      : undefined,
  lrem: positional('lrem', ['s', 'i', 's']),
  ltrim: positional('ltrim', ['s', 'i', 'i']),
  lpos: (r, a) => {
    if (a.length < 2) return undefined;
    const p = parseOptions(a.slice(2), [], { rank: 1, count: 1, maxlen: 1 });
    if (!p) return undefined;
    const kw = intKw(p, { rank: 'rank', count: 'count', maxlen: 'maxlen' });
    return call(r, 'lpos', [pyStr(a[0]!), pyStr(a[1]!)], kw);
  },
  lmove: (r, a) => (a.length === 4 ? call(r, 'lmove', [pyStr(a[0]!), pyStr(a[1]!), pyStr(a[2]!.toUpperCase()), pyStr(a[3]!.toUpperCase())]) : undefined),
  blmove: (r, a) =>
    a.length === 5 ? call(r, 'blmove', [pyStr(a[0]!), pyStr(a[1]!), pyNum(a[4]!), pyStr(a[2]!.toUpperCase()), pyStr(a[3]!.toUpperCase())]) : undefined,
  rpoplpush: positional('rpoplpush', ['s', 's']),
  brpoplpush: (r, a) => (a.length === 3 ? call(r, 'brpoplpush', [pyStr(a[0]!), pyStr(a[1]!)], [['timeout', pyNum(a[2]!)]]) : undefined),
  blpop: blockingPop('blpop'),
  brpop: blockingPop('brpop'),
  lmpop: (r, a) => {
    const k = keysThenOptions(a, 3, 1, { count: 1 });
    const dir = k?.lead[0];
    if (!k || !(eq(dir, 'left') || eq(dir, 'right'))) return undefined;
    return call(r, 'lmpop', [String(k.n), ...k.keys.map(pyStr)], [['direction', pyStr(dir!.toUpperCase())], ...intKw(k.p, { count: 'count' })]);
  },

  // ---- sets
  sadd: positional('sadd', 'varargs'),
  srem: positional('srem', 'varargs'),
  smembers: positional('smembers', ['s']),
  sismember: positional('sismember', ['s', 's']),
  smismember: (r, a) => (a.length >= 2 ? call(r, 'smismember', [pyStr(a[0]!), list(a.slice(1).map(pyStr))]) : undefined),
  scard: positional('scard', ['s']),
  sinter: positional('sinter', 'varargs'),
  sunion: positional('sunion', 'varargs'),
  sdiff: positional('sdiff', 'varargs'),
  sinterstore: storeLike('sinterstore'),
  sunionstore: storeLike('sunionstore'),
  sdiffstore: storeLike('sdiffstore'),
  sintercard: (r, a) => {
    const k = keysThenOptions(a, 2, 0, { limit: 1 });
    return k && call(r, 'sintercard', [String(k.n), list(k.keys.map(pyStr))], intKw(k.p, { limit: 'limit' }));
  },
  smove: positional('smove', ['s', 's', 's']),
  spop: popCount('spop'),
  srandmember: popCount('srandmember'),
  sscan: scanLike('sscan', true),

  // ---- sorted sets
  zadd: (r, a) => {
    if (a.length < 3) return undefined;
    let i = 1;
    const flags = new Set<string>();
    while (i < a.length && ['nx', 'xx', 'gt', 'lt', 'ch', 'incr'].includes(a[i]!.toLowerCase())) flags.add(a[i++]!.toLowerCase());
    const pairs = pairsOf(a.slice(i), pyNum, pyStr);
    if (!pairs) return undefined;
    const kw: Kw = [];
    for (const f of ['nx', 'xx', 'gt', 'lt', 'ch', 'incr']) if (flags.has(f)) kw.push([f, 'True']);
    return call(r, 'zadd', [pyStr(a[0]!), dict(pairs.map(([score, member]) => [member, score] as const))], kw);
  },
  zrange: (r, a) => {
    if (a.length < 3) return undefined;
    const p = parseOptions(a.slice(3), ['byscore', 'bylex', 'rev', 'withscores'], { limit: 2 });
    if (!p) return undefined;
    const kw: Kw = [];
    if (p.flags.has('rev')) kw.push(['desc', 'True']);
    if (p.flags.has('withscores')) kw.push(['withscores', 'True']);
    if (p.flags.has('byscore')) kw.push(['byscore', 'True']);
    if (p.flags.has('bylex')) kw.push(['bylex', 'True']);
    const limit = p.values.get('limit');
    if (limit) kw.push(['offset', pyInt(limit[0]!)], ['num', pyInt(limit[1]!)]);
    const bound = p.flags.has('byscore') ? pyNum : p.flags.has('bylex') ? pyStr : pyInt;
    return call(r, 'zrange', [pyStr(a[0]!), bound(a[1]!), bound(a[2]!)], kw);
  },
  zrevrange: (r, a) => {
    if (a.length === 3) return call(r, 'zrevrange', [pyStr(a[0]!), pyInt(a[1]!), pyInt(a[2]!)]);
    if (a.length === 4 && eq(a[3], 'withscores')) return call(r, 'zrevrange', [pyStr(a[0]!), pyInt(a[1]!), pyInt(a[2]!)], [['withscores', 'True']]);
    return undefined;
  },
  zrangebyscore: rangeBy('zrangebyscore', true),
  zrevrangebyscore: rangeBy('zrevrangebyscore', true),
  zrangebylex: rangeBy('zrangebylex', false),
  zrevrangebylex: rangeBy('zrevrangebylex', false),
  zscore: positional('zscore', ['s', 's']),
  zmscore: (r, a) => (a.length >= 2 ? call(r, 'zmscore', [pyStr(a[0]!), list(a.slice(1).map(pyStr))]) : undefined),
  zincrby: positional('zincrby', ['s', 'n', 's']),
  zrank: (r, a) => (a.length === 2 ? call(r, 'zrank', a.map(pyStr)) : a.length === 3 && eq(a[2], 'withscore') ? call(r, 'zrank', [pyStr(a[0]!), pyStr(a[1]!)], [['withscore', 'True']]) : undefined),
  zrevrank: (r, a) => (a.length === 2 ? call(r, 'zrevrank', a.map(pyStr)) : a.length === 3 && eq(a[2], 'withscore') ? call(r, 'zrevrank', [pyStr(a[0]!), pyStr(a[1]!)], [['withscore', 'True']]) : undefined),
  zcard: positional('zcard', ['s']),
  zcount: positional('zcount', ['s', 'n', 'n']),
  zlexcount: positional('zlexcount', ['s', 's', 's']),
  zrem: positional('zrem', 'varargs'),
  zpopmin: popCount('zpopmin'),
  zpopmax: popCount('zpopmax'),
  bzpopmin: blockingPop('bzpopmin'),
  bzpopmax: blockingPop('bzpopmax'),
  zremrangebyrank: positional('zremrangebyrank', ['s', 'i', 'i']),
  zremrangebyscore: positional('zremrangebyscore', ['s', 'n', 'n']),
  zremrangebylex: positional('zremrangebylex', ['s', 's', 's']),
  zunionstore: zstore('zunionstore'),
  zinterstore: zstore('zinterstore'),
  zunion: zsetAlgebra('zunion', true),
  zinter: zsetAlgebra('zinter', true),
  zdiff: zsetAlgebra('zdiff', false),
  zdiffstore: (r, a) => {
    if (a.length < 3 || !CANONICAL_INT.test(a[1]!)) return undefined;
    const keys = a.slice(2);
    return keys.length === Number(a[1]) ? call(r, 'zdiffstore', [pyStr(a[0]!), list(keys.map(pyStr))]) : undefined;
  },
  zrandmember: randomWith('zrandmember', 'withscores', 'withscores'),
  zscan: scanLike('zscan', true),


  // ---- geo
  geoadd: (r, a) => {
    let i = 1;
    const flags = new Set<string>();
    while (i < a.length && ['nx', 'xx', 'ch'].includes(a[i]!.toLowerCase())) flags.add(a[i++]!.toLowerCase());
    const rest = a.slice(i);
    if (a.length < 4 || rest.length === 0 || rest.length % 3 !== 0) return undefined;
    const values: string[] = [];
    for (let j = 0; j < rest.length; j += 3) values.push(pyNum(rest[j]!), pyNum(rest[j + 1]!), pyStr(rest[j + 2]!));
    const kw: Kw = [];
    for (const f of ['nx', 'xx', 'ch']) if (flags.has(f)) kw.push([f, 'True']);
    return call(r, 'geoadd', [pyStr(a[0]!), list(values)], kw);
  },
  geopos: (r, a) => (a.length >= 2 ? call(r, 'geopos', a.map(pyStr)) : undefined),
  geohash: (r, a) => (a.length >= 2 ? call(r, 'geohash', a.map(pyStr)) : undefined),
  geodist: (r, a) => {
    if (a.length === 3) return call(r, 'geodist', a.map(pyStr));
    const unit = a.length === 4 ? geoUnit(a[3]) : undefined;
    return unit === undefined ? undefined : call(r, 'geodist', a.slice(0, 3).map(pyStr), [['unit', unit]]);
  },
  georadius: (r, a) => {
    const unit = a.length >= 5 ? geoUnit(a[4]) : undefined;
    const kw = unit === undefined ? undefined : geoOptions(a.slice(5), true, 'key');
    return kw === undefined ? undefined : call(r, 'georadius', [pyStr(a[0]!), pyNum(a[1]!), pyNum(a[2]!), pyNum(a[3]!)], [['unit', unit!], ...kw]);
  },
  georadiusbymember: (r, a) => {
    const unit = a.length >= 4 ? geoUnit(a[3]) : undefined;
    const kw = unit === undefined ? undefined : geoOptions(a.slice(4), true, 'key');
    return kw === undefined ? undefined : call(r, 'georadiusbymember', [pyStr(a[0]!), pyStr(a[1]!), pyNum(a[2]!)], [['unit', unit!], ...kw]);
  },
  geosearch: (r, a) => {
    const kw = a.length >= 6 ? geoSearchArgs(a.slice(1), true, 'none') : undefined;
    return kw === undefined ? undefined : call(r, 'geosearch', [pyStr(a[0]!)], kw);
  },
  geosearchstore: (r, a) => {
    const kw = a.length >= 7 ? geoSearchArgs(a.slice(2), false, 'flag') : undefined;
    return kw === undefined ? undefined : call(r, 'geosearchstore', [pyStr(a[0]!), pyStr(a[1]!)], kw);
  },

  // ---- server and connection
  ping: (r, a) => (a.length === 0 ? call(r, 'ping', []) : undefined),
  echo: positional('echo', ['s']),
  time: positional('time', []),
  lastsave: positional('lastsave', []),
  save: positional('save', []),
  // redis-py's bgsave() sends SCHEDULE unless told not to
  bgsave: (r, a) => (a.length === 0 ? call(r, 'bgsave', [], [['schedule', 'False']]) : a.length === 1 && eq(a[0], 'schedule') ? call(r, 'bgsave', []) : undefined),
  slowlog: (r, a) => {
    const sub = (a[0] ?? '').toLowerCase();
    if (sub === 'get' && a.length <= 2) return call(r, 'slowlog_get', a.length === 2 ? [pyInt(a[1]!)] : []);
    if (sub === 'len' && a.length === 1) return call(r, 'slowlog_len', []);
    if (sub === 'reset' && a.length === 1) return call(r, 'slowlog_reset', []);
    return undefined;
  },
  // MONITOR streams: redis-py reads it through a Monitor object
  monitor: (r, a) => (a.length === 0 ? `with ${r}.monitor() as m: [print(command) for command in m.listen()]` : undefined),

  // ---- HyperLogLog
  pfadd: positional('pfadd', 'varargs'),
  pfcount: positional('pfcount', 'varargs'),
  pfmerge: positional('pfmerge', 'varargs'),
  info: (r, a) => (a.length === 0 ? call(r, 'info', []) : a.length === 1 ? call(r, 'info', [pyStr(a[0]!)]) : undefined),
  publish: positional('publish', ['s', 's']),
  spublish: positional('spublish', ['s', 's']),
  // ---- pub/sub: redis-py subscribes through a PubSub object
  subscribe: (r, a) => (a.length > 0 ? `p = ${r}.pubsub(); ${call('p', 'subscribe', a.map(pyStr))}` : undefined),
  psubscribe: (r, a) => (a.length > 0 ? `p = ${r}.pubsub(); ${call('p', 'psubscribe', a.map(pyStr))}` : undefined),
  ssubscribe: (r, a) => (a.length > 0 ? `p = ${r}.pubsub(); ${call('p', 'ssubscribe', a.map(pyStr))}` : undefined),
  unsubscribe: (_r, a) => call('p', 'unsubscribe', a.map(pyStr)),
  punsubscribe: (_r, a) => call('p', 'punsubscribe', a.map(pyStr)),
  sunsubscribe: (_r, a) => call('p', 'sunsubscribe', a.map(pyStr)),

  // ---- transactions: redis-py queues on a pipeline
  multi: (_r, a) => (a.length === 0 ? `pipe = ${_r}.pipeline(transaction=True)` : undefined),
  exec: (_r, a) => (a.length === 0 ? 'pipe.execute()' : undefined),
  discard: (_r, a) => (a.length === 0 ? 'pipe.reset()' : undefined),
  watch: (_r, a) => (a.length > 0 ? `pipe = ${_r}.pipeline(transaction=True); pipe.watch(${a.map(pyStr).join(', ')})` : undefined),
  unwatch: (_r, a) => (a.length === 0 ? 'pipe.unwatch()' : undefined),
};

/** Subcommands: `CONFIG GET` -> r.config_get(...). */
const SUB_MAPPERS: Readonly<Record<string, Mapper>> = {
  'config|get': (r, a) => (a.length === 1 ? call(r, 'config_get', [pyStr(a[0]!)]) : undefined),
  'config|set': (r, a) => (a.length === 2 ? call(r, 'config_set', a.map(pyStr)) : undefined),
  'config|resetstat': positional('config_resetstat', []),
  'client|setname': positional('client_setname', ['s']),
  'client|getname': positional('client_getname', []),
  'client|id': positional('client_id', []),
  'client|list': (r, a) => (a.length === 0 ? call(r, 'client_list', []) : undefined),
  'client|info': positional('client_info', []),
  'object|encoding': (r, a) => (a.length === 1 ? call(r, 'object', ['"encoding"', pyStr(a[0]!)]) : undefined),
  'object|idletime': (r, a) => (a.length === 1 ? call(r, 'object', ['"idletime"', pyStr(a[0]!)]) : undefined),
  'object|refcount': (r, a) => (a.length === 1 ? call(r, 'object', ['"refcount"', pyStr(a[0]!)]) : undefined),
  'object|freq': (r, a) => (a.length === 1 ? call(r, 'object', ['"freq"', pyStr(a[0]!)]) : undefined),
  'memory|usage': (r, a) => (a.length === 1 ? call(r, 'memory_usage', [pyStr(a[0]!)]) : undefined),
  'command|count': positional('command_count', []),
  'pubsub|channels': (r, a) => (a.length <= 1 ? call(r, 'pubsub_channels', a.map(pyStr)) : undefined),
  'pubsub|shardchannels': (r, a) => (a.length <= 1 ? call(r, 'pubsub_shardchannels', a.map(pyStr)) : undefined),
  'pubsub|numsub': (r, a) => call(r, 'pubsub_numsub', a.map(pyStr)),
  'pubsub|shardnumsub': (r, a) => call(r, 'pubsub_shardnumsub', a.map(pyStr)),
  'pubsub|numpat': positional('pubsub_numpat', []),
};

/**
 * Commands with subcommands. redis-py parses replies by the command name it is
 * given, and its parsers for `OBJECT` or `COMMAND` expect the method's own
 * arguments; given `"OBJECT HELP"` as one name it sends two words and returns
 * the reply as Redis sent it.
 */
const CONTAINERS = new Set(['acl', 'client', 'cluster', 'command', 'config', 'function', 'latency', 'memory', 'module', 'object', 'pubsub', 'script', 'slowlog', 'xgroup', 'xinfo']);

/** The generic form redis-py always accepts. */
export function executeCommand(argv: readonly string[], client = 'r'): string {
  const words = argv.map((a) => a.toUpperCase());
  if (argv.length >= 2 && CONTAINERS.has(argv[0]!.toLowerCase()) && /^[A-Za-z-]+$/.test(argv[1]!)) {
    return call(client, 'execute_command', [pyStr(`${words[0]} ${words[1]}`), ...argv.slice(2).map(pyStr)]);
  }
  return call(client, 'execute_command', argv.map((a, i) => (i === 0 ? pyStr(words[0]!) : pyStr(a))));
}

/** The redis-py equivalent of one typed command (argv as byte strings). */
export function toRedisPy(argv: readonly string[], opts: PythonOptions = {}): string {
  const r = opts.client ?? 'r';
  if (argv.length === 0) return '';
  const name = argv[0]!.toLowerCase();
  if (argv.length >= 2) {
    const sub = SUB_MAPPERS[`${name}|${argv[1]!.toLowerCase()}`];
    const out = sub?.(r, argv.slice(2));
    if (out !== undefined) return out;
  }
  const m = Object.hasOwn(MAPPERS, name) ? MAPPERS[name] : undefined;
  return m?.(r, argv.slice(1)) ?? executeCommand(argv, r);
}

/**
 * Translations line after line, as a terminal session needs them: between
 * MULTI (or WATCH) and EXEC, commands go to the pipeline redis-py queues
 * them on (`pipe.incr("n")`), and MULTI after WATCH is `pipe.multi()`.
 */
export class PythonTranscript {
  private watching = false;

  /** `inMulti`: the connection is inside MULTI before this line (the prompt shows `(TX)`). */
  line(argv: readonly string[], inMulti: boolean): string {
    if (argv.length === 0) return '';
    const name = argv[0]!.toLowerCase();
    const args = argv.slice(1);
    switch (name) {
      case 'watch':
        if (inMulti || args.length === 0) return toRedisPy(argv);
        if (this.watching) return `pipe.watch(${args.map(pyStr).join(', ')})`;
        this.watching = true;
        return toRedisPy(argv);
      case 'multi':
        if (!inMulti && args.length === 0 && this.watching) return 'pipe.multi()';
        return toRedisPy(argv);
      case 'exec':
      case 'discard':
      case 'unwatch': {
        // Outside a pipeline redis-py has no method for them: Redis's own answer ("EXEC without MULTI").
        const piped = inMulti || (name === 'unwatch' && this.watching);
        if (args.length === 0 && !(name === 'unwatch' && inMulti)) this.watching = false;
        return piped ? toRedisPy(argv) : executeCommand(argv);
      }
    }
    return toRedisPy(argv, inMulti || this.watching ? { client: 'pipe' } : {});
  }

  /** After a reconnect or RESET: no pipeline is pending. */
  reset(): void {
    this.watching = false;
  }
}
