/**
 * The differential oracle: the same commands go to the engine and to a real
 * redis-server, and the replies are compared as a client of that protocol
 * sees them. Every differential suite uses this one module:
 *
 * - `Oracle` owns an engine client and a connection to a fresh redis-server;
 *   `run(argv)` sends a line to both and returns both replies.
 * - `wire(reply, resp)` passes our reply through the RESP encoder the TCP
 *   server uses and parses it back (a map is a flat array in RESP2, a double
 *   a bulk string, ...), so both sides have the same shape.
 * - `canon(reply, options)` is the one canonical form replies are compared
 *   in: plain JSON (integers as decimal text, bigint-safe), with
 *   `unordered` (the top-level elements in any order: KEYS, SMEMBERS),
 *   `pairs` (with `unordered`: elements kept two by two, a map flattened
 *   by RESP2: HGETALL, ZRANGE WITHSCORES) and `sortMaps` (map pairs and set
 *   elements sorted at every depth: Redis iterates dicts). `sameReply`
 *   says whether two replies agree in it (for code that is not a vitest
 *   test: the fuzzer); `replyShape` is the "shape only" comparison (kind
 *   and length) for replies Redis leaves to chance.
 * - A `Case` is a list of lines run on emptied servers, each line compared
 *   by a named `Check` ('exact', 'unordered', 'unordered-deep', 'ttl', 'pttl',
 *   'skip') or a
 *   function of both (wire-shaped) replies.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { Engine, type ClientState, type Entry, type Reply } from '../../src/engine';
import { Deque } from '../../src/engine/types/deque';
import { ReplyParser, encodeReply } from '../../server/resp';
import { RespClient, startRedis, type RedisServer } from './redis';

// ---- Both servers ----------------------------------------------------------

export interface Pair {
  argv: readonly string[];
  /** Our reply as the engine returned it (not passed through the wire). */
  ours: Reply | undefined;
  theirs: Reply;
}

/** One side: an engine client; the other: a connection to redis-server. */
export interface Side {
  engine: Engine;
  client: ClientState;
  redis: RespClient;
}

export class Oracle implements Side {
  engine = new Engine();
  client: ClientState = this.engine.createClient();
  private constructor(
    readonly server: RedisServer,
    readonly redis: RespClient,
  ) {}

  static async start(extraArgs: string[] = []): Promise<Oracle> {
    const server = await startRedis(extraArgs);
    const redis = await RespClient.connect(server.port);
    return new Oracle(server, redis);
  }

  async run(argv: readonly string[]): Promise<Pair> {
    const theirs = await this.redis.call(argv);
    const ours = this.engine.exec(this.client, argv);
    return { argv, ours, theirs };
  }

  /** Empties both sides (a fresh engine, FLUSHALL on redis-server). */
  async reset(): Promise<void> {
    await this.redis.call(['FLUSHALL']);
    this.engine = new Engine();
    this.client = this.engine.createClient();
  }

  async stop(): Promise<void> {
    this.redis.close();
    await this.server.stop();
  }
}

/**
 * For a describe block: an Oracle on a fresh redis-server, started before
 * its tests and stopped after them. The value stands for that Oracle inside
 * the tests (it forwards to it), so a suite writes `const d = useOracle()`
 * once instead of its own beforeAll and afterAll.
 */
export function useOracle(extraArgs: string[] = []): Oracle {
  let started: Oracle | undefined;
  beforeAll(async () => {
    started = await Oracle.start(extraArgs);
  });
  afterAll(async () => {
    await started?.stop();
  });
  const live = (): Oracle => {
    if (started === undefined) throw new Error('the oracle starts in beforeAll: use it inside a test');
    return started;
  };
  return new Proxy({} as Oracle, {
    get: (_t, k) => Reflect.get(live(), k),
    set: (_t, k, v) => Reflect.set(live(), k, v),
  });
}

// ---- The canonical form ----------------------------------------------------

/** Our reply as a client of that protocol receives it. */
export function wire(r: Reply | undefined, resp: 2 | 3): Reply | undefined {
  if (r === undefined) return undefined;
  const p = new ReplyParser();
  p.feed(encodeReply(r, resp));
  return p.next();
}

export interface CanonOptions {
  /** Compare the elements of an array or set in any order: the top level's, or at every depth ('deep'). */
  unordered?: boolean | 'deep';
  /** With `unordered`: the top-level elements are field/value pairs (a map flattened by RESP2), kept together. */
  pairs?: boolean;
  /** Sort map pairs (by key) and set elements at every depth. */
  sortMaps?: boolean;
}

const byJson = (a: unknown, b: unknown): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** A reply as plain JSON: integers as decimal text, nothing a diff cannot print. */
export function canon(r: Reply | undefined, o: CanonOptions = {}): unknown {
  if (r === undefined) return null;
  const deep: CanonOptions = { sortMaps: o.sortMaps, unordered: o.unordered === 'deep' ? 'deep' : undefined };
  switch (r.t) {
    case 'int':
      return { t: 'int', v: String(r.v) };
    case 'array':
    case 'push':
    case 'set': {
      const v: unknown[] = r.v.map((x) => canon(x, deep));
      const sort = o.unordered !== undefined && o.unordered !== false ? true : r.t === 'set' && o.sortMaps === true;
      if (sort && o.pairs === true) return { t: r.t, v: Array.from({ length: Math.ceil(v.length / 2) }, (_, i) => v.slice(2 * i, 2 * i + 2)).sort(byJson) };
      return { t: r.t, v: sort ? v.sort(byJson) : v };
    }
    case 'map': {
      const v = r.v.map(([k, x]) => [canon(k, deep), canon(x, deep)]);
      const sort = (o.unordered !== undefined && o.unordered !== false) || o.sortMaps === true;
      return { t: 'map', v: sort ? v.sort((a, b) => byJson(a[0], b[0])) : v };
    }
    default:
      return r;
  }
}

/** Whether two (wire-shaped) replies are the same in the canonical form. */
export function sameReply(a: Reply | undefined, b: Reply | undefined, o: CanonOptions = {}): boolean {
  return JSON.stringify(canon(a, o)) === JSON.stringify(canon(b, o));
}

/** The kind of a wire-shaped reply, and for an aggregate its length and its elements' kinds: `*2($,:)`; errors keep their text. */
export function replyShape(r: Reply): string {
  const kind = (x: Reply): string => (x.t === 'nilarray' ? 'nil*' : x.t);
  if (r.t === 'array' || r.t === 'set' || r.t === 'push') return `${kind(r)}${r.v.length}(${r.v.map(kind).join(',')})`;
  if (r.t === 'map') return `map${r.v.length}(${r.v.map(([k, v]) => `${kind(k)}=${kind(v)}`).join(',')})`;
  if (r.t === 'error') return `error:${r.v}`;
  return kind(r);
}

/** Expects the same reply on both sides, in the canonical form (`ours` as the engine returned it). */
export function expectSame(ours: Reply | undefined, theirs: Reply, resp: 2 | 3, label: string, o: CanonOptions = {}): void {
  expect(canon(wire(ours, resp), o), label).toEqual(canon(theirs, o));
}

// ---- Cases -----------------------------------------------------------------

/**
 * How a line's replies are compared (both as the wire shows them):
 * - exact: the same reply;
 * - unordered: the same elements in any order (KEYS, SMEMBERS);
 * - unordered-deep: the same, at every depth (SPOP with a count in MULTI ...);
 * - ttl / pttl: both integers; equal when negative, otherwise within 1 s / 100 ms
 *   (the two servers read their clocks a few milliseconds apart);
 * - skip: run on both, compare nothing (setup whose reply depends on timing);
 * - a function: its own expectations on both replies (random replies, masks).
 */
export type Check = 'exact' | 'unordered' | 'unordered-deep' | 'ttl' | 'pttl' | 'skip' | ((ours: Reply, theirs: Reply, label: string) => void);

export interface Line {
  argv: string[];
  check?: Check;
}

export type SeedType = 'hash' | 'list' | 'set';

export interface Case {
  name: string;
  /** The protocol both connections speak (HELLO), 2 unless given. */
  resp?: 2 | 3;
  lines: (string[] | Line)[];
  /** Keys of other types to create on both sides first: [type, key, ...members]. */
  seed?: [SeedType, string, ...string[]][];
  /** How lines without their own check are compared ('exact' unless given). */
  check?: Check;
}

export const ttl = (...argv: string[]): Line => ({ argv, check: 'ttl' });
export const pttl = (...argv: string[]): Line => ({ argv, check: 'pttl' });
export const unordered = (...argv: string[]): Line => ({ argv, check: 'unordered' });
export const skip = (...argv: string[]): Line => ({ argv, check: 'skip' });

/** A command line for a test label, long arguments cut at `width` characters. */
export function label(argv: readonly string[], width = 40): string {
  return argv.map((a) => (a.length > width ? `${a.slice(0, width)}...` : a)).join(' ');
}

/**
 * Compares one line's replies by `check`. `ours` is the engine's reply; it
 * goes through the wire in protocol `resp` first.
 */
export function compare(check: Check, ours: Reply | undefined, theirs: Reply, name: string, resp: 2 | 3 = 2): void {
  const w = wire(ours, resp);
  if (typeof check === 'function') {
    expect(w, name).toBeDefined();
    check(w!, theirs, name);
    return;
  }
  switch (check) {
    case 'skip':
      return;
    case 'unordered':
    case 'unordered-deep': {
      const o: CanonOptions = { unordered: check === 'unordered' ? true : 'deep' };
      expect(w, name).toBeDefined();
      expect(canon(w, o), name).toEqual(canon(theirs, o));
      return;
    }
    case 'ttl':
    case 'pttl': {
      expect(w?.t, name).toBe('int');
      expect(theirs.t, name).toBe('int');
      const a = Number((w as { v: number | bigint }).v);
      const b = Number((theirs as { v: number | bigint }).v);
      if (a < 0 || b < 0) expect(a, name).toBe(b);
      else expect(Math.abs(a - b), `${name}: ours ${a}, redis ${b}`).toBeLessThanOrEqual(check === 'ttl' ? 1 : 100);
      return;
    }
    default:
      expect(w, name).toBeDefined();
      expect(canon(w), name).toEqual(canon(theirs));
  }
}

/** Empties both sides and selects db 0 and protocol `resp` on both. */
export async function resetBoth(o: Oracle, resp: 2 | 3 = 2): Promise<void> {
  await o.reset();
  await o.redis.call(['SELECT', '0']);
  await o.redis.call(['HELLO', String(resp)]);
  o.client.resp = resp;
}

/**
 * Creates keys of other types on both sides: with the real server's commands,
 * and in the engine straight through Db (so a suite does not depend on the
 * hash/list/set command groups).
 */
export async function seed(o: Oracle, seeds: NonNullable<Case['seed']>): Promise<void> {
  for (const [type, key, ...members] of seeds) {
    const db = o.engine.dbs[o.client.db]!;
    let entry: Entry;
    if (type === 'hash') {
      await o.redis.call(['HSET', key, ...members]);
      const m = new Map<string, string>();
      for (let i = 0; i < members.length; i += 2) m.set(members[i]!, members[i + 1]!);
      entry = { type: 'hash', value: m };
    } else if (type === 'list') {
      await o.redis.call(['RPUSH', key, ...members]);
      entry = { type: 'list', value: new Deque(members) };
    } else {
      await o.redis.call(['SADD', key, ...members]);
      entry = { type: 'set', value: new Set(members) };
    }
    db.set(key, entry);
  }
}

/** Runs one case on emptied servers, comparing every line. */
export async function runCase(o: Oracle, c: Case, labelWidth = 40): Promise<void> {
  const resp = c.resp ?? 2;
  await resetBoth(o, resp);
  if (c.seed) await seed(o, c.seed);
  for (const raw of c.lines) {
    const line: Line = Array.isArray(raw) ? { argv: raw } : raw;
    const p = await o.run(line.argv);
    compare(line.check ?? c.check ?? 'exact', p.ours, p.theirs, label(line.argv, labelWidth), resp);
  }
}

// ---- Several clients -------------------------------------------------------

export interface Both {
  /** Our reply as the wire shows it. */
  ours: Reply | undefined;
  theirs: Reply;
}

/** Runs a line on both sides of `s`; our reply comes back wire-shaped. */
export async function both(s: Side, argv: readonly string[]): Promise<Both> {
  const theirs = await s.redis.call(argv);
  const raw = s.engine.exec(s.client, argv);
  return { ours: wire(raw, s.client.resp), theirs };
}

/** Runs the line on both sides and expects identical replies. */
export async function same(s: Side, argv: readonly string[], o: CanonOptions = {}): Promise<Both> {
  const r = await both(s, argv);
  expect(canon(r.ours, o), argv.join(' ')).toEqual(canon(r.theirs, o));
  return r;
}

// ---- Reading replies -------------------------------------------------------

/** The fields of an INFO text, by section: { Server: { redis_version: '7.0.15', ... } }. */
export function parseInfo(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let cur: Record<string, string> | undefined;
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) {
      cur = {};
      out[line.slice(2)] = cur;
    } else if (line !== '' && cur !== undefined) {
      const i = line.indexOf(':');
      cur[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return out;
}

/** The text of a bulk or verbatim reply. */
export function text(r: Reply | undefined): string {
  if (r === undefined || (r.t !== 'bulk' && r.t !== 'verbatim')) throw new Error(`not a string reply: ${JSON.stringify(r)}`);
  return r.v;
}

/** Runs a whole SCAN iteration on one side; returns every key seen, and the number of calls. */
export async function scanAll(call: (argv: string[]) => Promise<Reply | undefined>, extra: string[] = []): Promise<{ keys: string[]; calls: number }> {
  const keys: string[] = [];
  let cursor = '0';
  let calls = 0;
  do {
    const r = await call(['SCAN', cursor, ...extra]);
    calls++;
    if (r === undefined || r.t !== 'array') throw new Error(`SCAN replied ${JSON.stringify(r)}`);
    const [cur, items] = r.v;
    if (cur?.t !== 'bulk' || items?.t !== 'array') throw new Error('bad SCAN reply');
    cursor = cur.v;
    for (const it of items.v) if (it.t === 'bulk') keys.push(it.v);
    if (calls > 100_000) throw new Error('SCAN never ended');
  } while (cursor !== '0');
  return { keys, calls };
}
