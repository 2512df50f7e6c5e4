import { blockUntilNonEmpty, parseBlockTimeout } from '../core/blocking';
import type { BLOCK, Ctx, HandlersFor } from '../core/command';
import type { Entry } from '../core/entry';
import { E } from '../core/errors';
import { NOTIFY, afterRemoval, notify } from '../core/notify';
import { combined, readEach, track, type KeyRecord } from '../core/changes';
import { RedisError, is, leadingFlags } from '../core/parse';
import { INT64_MAX } from '../../text/int';
import { parseLong, parsePositiveLong, parseRangeLong } from '../core/parse';
import { EMPTY_ARRAY, NIL, NIL_ARRAY, array, bulk, double, int, type Reply } from '../core/reply';
import { emptyScanReply, parseScanArgs, parseScanCursor, scanAll, scanMatches, scanReply } from '../core/scan';
import { SortedSet } from '../types/zset';
import { newSortedSet, settleEncoding, writeScore } from '../core/zset';
import { cString } from '../../text/bytes';
import { formatDouble, formatStoredScore, parseStrictDouble, strtod } from '../../text/double';
import type { zsetSpecs } from '../spec/zset';

/**
 * Sorted set commands, Redis 7.0 semantics reply for reply. Each handler
 * parses its arguments in the order Redis does (so the first error reported
 * is the same one), then acts on the keyspace.
 */
export const zsetCommands: HandlersFor<typeof zsetSpecs> = {
  zadd: (c) => zadd(c, false),
  zincrby: (c) => zadd(c, true),
  zrem,
  zcard,
  zscore,
  zmscore,
  zcount,
  zlexcount,
  zrange: (c) => zrangeGeneric(c, 1, false, 'auto', 'auto'),
  zrangestore: (c) => zrangeGeneric(c, 2, true, 'auto', 'auto'),
  zrevrange: (c) => zrangeGeneric(c, 1, false, 'rank', 'rev'),
  zrangebyscore: (c) => zrangeGeneric(c, 1, false, 'score', 'fwd'),
  zrevrangebyscore: (c) => zrangeGeneric(c, 1, false, 'score', 'rev'),
  zrangebylex: (c) => zrangeGeneric(c, 1, false, 'lex', 'fwd'),
  zrevrangebylex: (c) => zrangeGeneric(c, 1, false, 'lex', 'rev'),
  zrank: (c) => zrank(c, false),
  zrevrank: (c) => zrank(c, true),
  zremrangebyrank: (c) => zremrange(c, 'rank'),
  zremrangebyscore: (c) => zremrange(c, 'score'),
  zremrangebylex: (c) => zremrange(c, 'lex'),
  zpopmin: (c) => zpopMinMax(c, 'min'),
  zpopmax: (c) => zpopMinMax(c, 'max'),
  zmpop,
  bzpopmin: (c) => bzpop(c, 'min'),
  bzpopmax: (c) => bzpop(c, 'max'),
  bzmpop,
  zrandmember,
  zunion: (c) => zsetAlgebra(c, undefined, 1, 'union', false),
  zinter: (c) => zsetAlgebra(c, undefined, 1, 'inter', false),
  zdiff: (c) => zsetAlgebra(c, undefined, 1, 'diff', false),
  zunionstore: (c) => zsetAlgebra(c, c.argv[1]!, 2, 'union', false),
  zinterstore: (c) => zsetAlgebra(c, c.argv[1]!, 2, 'inter', false),
  zdiffstore: (c) => zsetAlgebra(c, c.argv[1]!, 2, 'diff', false),
  zintercard: (c) => zsetAlgebra(c, undefined, 1, 'inter', true),
  zscan,
};

// ---- Numbers ---------------------------------------------------------------

function parseScoreArg(arg: string, error: string = E.NOT_FLOAT): number {
  const v = parseStrictDouble(arg);
  if (v === null) throw new RedisError(error);
  return v;
}

/** A score as a reply: a bulk string in RESP2, a double in RESP3 (addReplyDouble). */
export function scoreReply(c: Ctx, v: number): Reply {
  return c.client.resp === 3 ? double(v) : bulk(formatDouble(v));
}

/**
 * member/score pairs: members only, or with scores as a flat array in RESP2
 * and as [member, score] pairs in RESP3.
 */
function pairsReply(c: Ctx, pairs: readonly (readonly [string, number])[], withscores: boolean): Reply {
  const out: Reply[] = [];
  if (!withscores) {
    for (const p of pairs) out.push(bulk(p[0]));
  } else if (c.client.resp === 3) {
    for (const p of pairs) out.push(array([bulk(p[0]), double(p[1])]));
  } else {
    for (const p of pairs) out.push(bulk(p[0]), bulk(formatDouble(p[1])));
  }
  return array(out);
}

/** Stores a computed result at `dst` (replacing anything), or deletes `dst` when empty. */
function storeResult(c: Ctx, dst: string, z: SortedSet, event: string): Reply {
  if (z.size === 0) {
    if (c.db.delete(dst)) notify(c, NOTIFY.GENERIC, 'del', dst);
    return int(0);
  }
  settleEncoding(c, z);
  c.db.set(dst, { type: 'zset', value: z });
  notify(c, NOTIFY.ZSET, event, dst);
  return int(z.size);
}

// ---- Keyspace access ---------------------------------------------------------

function readZ(c: Ctx, key: string): SortedSet | undefined {
  return c.db.get(key, 'zset')?.value;
}

function writeZ(c: Ctx, key: string): SortedSet | undefined {
  return c.db.getForWrite(key, 'zset')?.value;
}

/** After removing members: notifies `event`, deletes the key when empty (`del`), else signals the change. */
function removedMembers(c: Ctx, key: string, z: SortedSet, removed: number, event: string): void {
  if (removed > 0) afterRemoval(c, NOTIFY.ZSET, event, key, z.size === 0);
}

// ---- ZADD / ZINCRBY ----------------------------------------------------------

const ZADD_FLAGS = ['NX', 'XX', 'CH', 'INCR', 'GT', 'LT'] as const;

function zadd(c: Ctx, incrCommand: boolean): Reply {
  const argv = c.argv;
  const { flags, next: i } = leadingFlags(argv, 2, ZADD_FLAGS);
  const nx = flags.has('NX');
  const xx = flags.has('XX');
  const gt = flags.has('GT');
  const lt = flags.has('LT');
  const ch = flags.has('CH');
  const incr = incrCommand || flags.has('INCR');
  const elements = argv.length - i;
  if (elements % 2 !== 0 || elements === 0) throw new RedisError(E.SYNTAX);
  if (nx && xx) throw new RedisError(E.ZADD_XX_NX);
  if ((gt && nx) || (lt && nx) || (gt && lt)) throw new RedisError(E.ZADD_GT_LT_NX);
  const pairs = elements / 2;
  if (incr && pairs > 1) throw new RedisError(E.ZADD_INCR_PAIR);
  const scores = new Array<number>(pairs);
  for (let j = 0; j < pairs; j++) scores[j] = parseScoreArg(argv[i + 2 * j]!);

  const key = argv[1]!;
  let z = writeZ(c, key);
  let created = false;
  if (z === undefined) {
    if (xx) return incr ? NIL : int(0);
    z = newSortedSet(c, argv[i + 1]!);
    created = true;
  }
  let added = 0;
  let updated = 0;
  let processed = 0;
  const rec = track(c, key);
  let last = 0;
  let error: string | undefined;
  for (let j = 0; j < pairs; j++) {
    let score = scores[j]!;
    const member = argv[i + 2 * j + 1]!;
    const cur = z.score(member);
    if (cur !== undefined) {
      if (nx) continue;
      if (incr) {
        score += cur;
        if (Number.isNaN(score)) {
          error = E.ZSCORE_NAN;
          break;
        }
      }
      if ((lt && score >= cur) || (gt && score <= cur)) continue;
      processed++;
      last = score;
      if (score !== cur) {
        writeScore(c, z, member, score, cur, rec);
        updated++;
      }
    } else if (!xx) {
      writeScore(c, z, member, score, undefined, rec);
      added++;
      processed++;
      last = score;
    }
  }
  if (created) c.db.add(key, { type: 'zset', value: z });
  else if (added + updated > 0) c.db.modified(key);
  if (added + updated > 0) notify(c, NOTIFY.ZSET, incr ? 'zincr' : 'zadd', key);
  if (error !== undefined) throw new RedisError(error);
  if (incr) return processed > 0 ? scoreReply(c, last) : NIL;
  return int(ch ? added + updated : added);
}

// ---- Simple reads ------------------------------------------------------------

function zrem(c: Ctx): Reply {
  const key = c.argv[1]!;
  const z = writeZ(c, key);
  if (z === undefined) return int(0);
  let deleted = 0;
  const rec = track(c, key);
  for (let j = 2; j < c.argv.length; j++) {
    const m = c.argv[j]!;
    if (rec !== undefined) {
      const old = z.score(m);
      if (old !== undefined) rec.score(m, old, null);
    }
    if (z.delete(m)) deleted++;
    if (z.size === 0) break;
  }
  removedMembers(c, key, z, deleted, 'zrem');
  return int(deleted);
}

function zcard(c: Ctx): Reply {
  return int(readZ(c, c.argv[1]!)?.size ?? 0);
}

function zscore(c: Ctx): Reply {
  const z = readZ(c, c.argv[1]!);
  if (z !== undefined) track(c, c.argv[1]!)?.read(c.argv[2]!);
  const s = z?.score(c.argv[2]!);
  return s === undefined ? NIL : scoreReply(c, s);
}

function zmscore(c: Ctx): Reply {
  const z = readZ(c, c.argv[1]!);
  return readEach(c, z !== undefined, (m) => {
    const s = z?.score(m);
    return s === undefined ? NIL : scoreReply(c, s);
  });
}

function zrank(c: Ctx, reverse: boolean): Reply {
  const z = readZ(c, c.argv[1]!);
  if (z === undefined) return NIL;
  track(c, c.argv[1]!)?.read(c.argv[2]!);
  const r = z.rank(c.argv[2]!);
  if (r === undefined) return NIL;
  return int(reverse ? z.size - 1 - r : r);
}

// ---- Ranges ------------------------------------------------------------------

interface ScoreRange {
  readonly min: number;
  readonly max: number;
  readonly minex: boolean;
  readonly maxex: boolean;
}

/** zslParseRange: `(` makes a bound exclusive; the rest goes through strtod. */
function parseScoreBound(arg: string): { v: number; ex: boolean } | null {
  const s = cString(arg);
  const ex = s[0] === '(';
  const r = strtod(s, ex ? 1 : 0);
  if (r.end !== s.length || Number.isNaN(r.v)) return null;
  return { v: r.v, ex };
}

function parseScoreRange(minArg: string, maxArg: string): ScoreRange {
  const min = parseScoreBound(minArg);
  const max = parseScoreBound(maxArg);
  if (min === null || max === null) throw new RedisError(E.ZRANGE_NOT_FLOAT);
  return { min: min.v, max: max.v, minex: min.ex, maxex: max.ex };
}

const gteMin = (r: ScoreRange, v: number): boolean => (r.minex ? v > r.min : v >= r.min);
const lteMax = (r: ScoreRange, v: number): boolean => (r.maxex ? v < r.max : v <= r.max);

/** Rank of the first element in range, or -1. */
function firstInScoreRange(z: SortedSet, r: ScoreRange): number {
  const i = z.countWhile((s) => !gteMin(r, s));
  if (i >= z.size) return -1;
  return lteMax(r, z.at(i)![1]) ? i : -1;
}

/** Rank of the last element in range, or -1. */
function lastInScoreRange(z: SortedSet, r: ScoreRange): number {
  const i = z.countWhile((s) => lteMax(r, s)) - 1;
  if (i < 0) return -1;
  return gteMin(r, z.at(i)![1]) ? i : -1;
}

/** A lex range bound: `-` (below everything), `+` (above everything) or a string. */
interface LexBound {
  readonly kind: 'min' | 'max' | 'str';
  readonly s: string;
  readonly ex: boolean;
}

interface LexRange {
  readonly min: LexBound;
  readonly max: LexBound;
}

/** zslParseLexRangeItem. */
function parseLexBound(arg: string): LexBound | null {
  switch (arg[0]) {
    case '+':
      return cString(arg).length === 1 ? { kind: 'max', s: '', ex: true } : null;
    case '-':
      return cString(arg).length === 1 ? { kind: 'min', s: '', ex: true } : null;
    case '(':
      return { kind: 'str', s: arg.slice(1), ex: true };
    case '[':
      return { kind: 'str', s: arg.slice(1), ex: false };
    default:
      return null;
  }
}

function parseLexRange(minArg: string, maxArg: string): LexRange {
  const min = parseLexBound(minArg);
  const max = parseLexBound(maxArg);
  if (min === null || max === null) throw new RedisError(E.ZRANGE_NOT_LEX);
  return { min, max };
}

/** sdscmplex: `-` and `+` act as minus and plus infinity. */
function cmpLex(a: LexBound, b: LexBound): number {
  if (a.kind !== 'str' && a.kind === b.kind) return 0;
  if (a.kind === 'min' || b.kind === 'max') return -1;
  if (a.kind === 'max' || b.kind === 'min') return 1;
  return a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
}

function cmpMember(m: string, b: LexBound): number {
  if (b.kind === 'min') return 1;
  if (b.kind === 'max') return -1;
  return m < b.s ? -1 : m > b.s ? 1 : 0;
}

const lexGteMin = (r: LexRange, m: string): boolean => (r.min.ex ? cmpMember(m, r.min) > 0 : cmpMember(m, r.min) >= 0);
const lexLteMax = (r: LexRange, m: string): boolean => (r.max.ex ? cmpMember(m, r.max) < 0 : cmpMember(m, r.max) <= 0);

/** zslIsInLexRange / zzlIsInLexRange. */
function isInLexRange(z: SortedSet, r: LexRange): boolean {
  const cmp = cmpLex(r.min, r.max);
  if (cmp > 0 || (cmp === 0 && (r.min.ex || r.max.ex))) return false;
  const last = z.last();
  if (last === undefined || !lexGteMin(r, last[0])) return false;
  return lexLteMax(r, z.first()![0]);
}

/**
 * Rank of the first element in a lex range, or -1. Lex ranges assume equal
 * scores; when they are not, Redis's answer depends on the encoding, and
 * for small (listpack) sets it is a linear scan, reproduced here.
 */
function firstInLexRange(z: SortedSet, r: LexRange): number {
  if (!isInLexRange(z, r)) return -1;
  let i: number;
  if (z.encoding === 'listpack') {
    i = -1;
    let k = 0;
    z.visit(0, false, (m) => {
      if (lexGteMin(r, m)) {
        i = k;
        return false;
      }
      k++;
      return true;
    });
    if (i < 0) return -1;
  } else {
    i = z.countWhile((_s, m) => !lexGteMin(r, m));
    if (i >= z.size) return -1;
  }
  return lexLteMax(r, z.at(i)![0]) ? i : -1;
}

function lastInLexRange(z: SortedSet, r: LexRange): number {
  if (!isInLexRange(z, r)) return -1;
  let i: number;
  if (z.encoding === 'listpack') {
    i = -1;
    let k = z.size - 1;
    z.visit(k, true, (m) => {
      if (lexLteMax(r, m)) {
        i = k;
        return false;
      }
      k--;
      return true;
    });
  } else {
    i = z.countWhile((_s, m) => lexLteMax(r, m)) - 1;
  }
  if (i < 0) return -1;
  return lexGteMin(r, z.at(i)![0]) ? i : -1;
}

/**
 * Walks from rank `first` (skipping `offset` elements unchecked, as Redis
 * does), collecting elements while `inRange` holds, at most `limit` of them
 * (a negative limit means no limit; a negative offset skips everything).
 */
function collect(
  z: SortedSet,
  first: number,
  reverse: boolean,
  offset: number,
  limit: number,
  inRange: (m: string, s: number) => boolean,
): [string, number][] {
  const out: [string, number][] = [];
  if (first < 0 || offset < 0 || limit === 0) return out;
  const start = reverse ? first - offset : first + offset;
  if (start < 0 || start >= z.size) return out;
  let left = limit;
  z.visit(start, reverse, (m, s) => {
    if (!inRange(m, s)) return false;
    out.push([m, s]);
    return --left !== 0;
  });
  return out;
}

/** Elements by rank, Redis's index rules (negative from the end, clamped). */
function byRank(z: SortedSet, start: number, end: number, reverse: boolean): [string, number][] {
  const llen = z.size;
  if (start < 0) start = llen + start;
  if (end < 0) end = llen + end;
  if (start < 0) start = 0;
  if (start > end || start >= llen) return [];
  if (end >= llen) end = llen - 1;
  return z.range(start, end, reverse);
}

function byScore(z: SortedSet, r: ScoreRange, reverse: boolean, offset: number, limit: number): [string, number][] {
  if (reverse) return collect(z, lastInScoreRange(z, r), true, offset, limit, (_m, s) => gteMin(r, s));
  return collect(z, firstInScoreRange(z, r), false, offset, limit, (_m, s) => lteMax(r, s));
}

function byLex(z: SortedSet, r: LexRange, reverse: boolean, offset: number, limit: number): [string, number][] {
  if (reverse) return collect(z, lastInLexRange(z, r), true, offset, limit, (m) => lexGteMin(r, m));
  return collect(z, firstInLexRange(z, r), false, offset, limit, (m) => lexLteMax(r, m));
}

type RangeType = 'auto' | 'rank' | 'score' | 'lex';
type Direction = 'auto' | 'fwd' | 'rev';

/**
 * ZRANGE, ZRANGESTORE and the older Z[REV]RANGE[BYSCORE|BYLEX] commands:
 * `<src> <min> <max> [BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT offset count]`
 * from argv[argStart].
 */
function zrangeGeneric(c: Ctx, argStart: number, store: boolean, type: RangeType, dir: Direction): Reply {
  const argv = c.argv;
  const key = argv[argStart]!;
  let minIdx = argStart + 1;
  let maxIdx = argStart + 2;
  let withscores = false;
  let offset = 0;
  let limit = -1;
  for (let j = argStart + 3; j < argv.length; j++) {
    const a = argv[j]!;
    const left = argv.length - j - 1;
    if (!store && is(a, 'WITHSCORES')) {
      withscores = true;
    } else if (is(a, 'LIMIT') && left >= 2) {
      offset = parseLong(argv[j + 1]!);
      limit = parseLong(argv[j + 2]!);
      j += 2;
    } else if (dir === 'auto' && is(a, 'REV')) {
      dir = 'rev';
    } else if (type === 'auto' && is(a, 'BYLEX')) {
      type = 'lex';
    } else if (type === 'auto' && is(a, 'BYSCORE')) {
      type = 'score';
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  if (dir === 'auto') dir = 'fwd';
  if (type === 'auto') type = 'rank';
  if (limit !== -1 && type === 'rank') throw new RedisError(E.ZRANGE_LIMIT);
  if (withscores && type === 'lex') throw new RedisError(E.ZRANGE_WITHSCORES_BYLEX);
  const reverse = dir === 'rev';
  if (reverse && type !== 'rank') [minIdx, maxIdx] = [maxIdx, minIdx];

  let rankStart = 0;
  let rankEnd = 0;
  let scoreRange: ScoreRange | undefined;
  let lexRange: LexRange | undefined;
  if (type === 'rank') {
    rankStart = parseLong(argv[minIdx]!);
    rankEnd = parseLong(argv[maxIdx]!);
  } else if (type === 'score') {
    scoreRange = parseScoreRange(argv[minIdx]!, argv[maxIdx]!);
  } else {
    lexRange = parseLexRange(argv[minIdx]!, argv[maxIdx]!);
  }

  const z = readZ(c, key);
  let pairs: [string, number][] = [];
  if (z !== undefined) {
    if (type === 'rank') pairs = byRank(z, rankStart, rankEnd, reverse);
    else if (type === 'score') pairs = byScore(z, scoreRange!, reverse, offset, limit);
    else pairs = byLex(z, lexRange!, reverse, offset, limit);
    const rec = track(c, key);
    if (rec !== undefined) readRecord(rec, z, type, rankStart, rankEnd, reverse, scoreRange, pairs);
  } else if (!store) {
    return EMPTY_ARRAY;
  }
  if (store) return storeResult(c, argv[1]!, SortedSet.from(pairs), 'zrangestore');
  return pairsReply(c, pairs, withscores);
}

/** What a range read looked at, for the change record: ranks, scores, or (by lex) the members. */
function readRecord(
  rec: KeyRecord,
  z: SortedSet,
  type: RangeType,
  start: number,
  end: number,
  reverse: boolean,
  sr: ScoreRange | undefined,
  pairs: readonly (readonly [string, number])[],
): void {
  if (type === 'score' && sr !== undefined) {
    rec.readRange({ kind: 'score', min: { value: sr.min, exclusive: sr.minex }, max: { value: sr.max, exclusive: sr.maxex } });
    return;
  }
  if (type === 'rank') {
    const n = z.size;
    if (start < 0) start += n;
    if (end < 0) end += n;
    if (start < 0) start = 0;
    if (end >= n) end = n - 1;
    if (start <= end && start < n) rec.readRange(reverse ? { kind: 'index', start: n - 1 - end, stop: n - 1 - start } : { kind: 'index', start, stop: end });
    return;
  }
  for (const [m] of pairs) rec.read(m);
}

function zcount(c: Ctx): Reply {
  const r = parseScoreRange(c.argv[2]!, c.argv[3]!);
  const z = readZ(c, c.argv[1]!);
  if (z === undefined) return int(0);
  track(c, c.argv[1]!)?.readRange({ kind: 'score', min: { value: r.min, exclusive: r.minex }, max: { value: r.max, exclusive: r.maxex } });
  const first = firstInScoreRange(z, r);
  if (first < 0) return int(0);
  const last = lastInScoreRange(z, r);
  return int(last < 0 ? z.size - first : last - first + 1);
}

function zlexcount(c: Ctx): Reply {
  const r = parseLexRange(c.argv[2]!, c.argv[3]!);
  const z = readZ(c, c.argv[1]!);
  if (z === undefined) return int(0);
  if (z.encoding === 'listpack') return int(byLex(z, r, false, 0, -1).length);
  const first = firstInLexRange(z, r);
  if (first < 0) return int(0);
  const last = lastInLexRange(z, r);
  return int(last < 0 ? z.size - first : last - first + 1);
}

function zremrange(c: Ctx, type: 'rank' | 'score' | 'lex'): Reply {
  const key = c.argv[1]!;
  let start = 0;
  let end = 0;
  let scoreRange: ScoreRange | undefined;
  let lexRange: LexRange | undefined;
  if (type === 'rank') {
    start = parseLong(c.argv[2]!);
    end = parseLong(c.argv[3]!);
  } else if (type === 'score') {
    scoreRange = parseScoreRange(c.argv[2]!, c.argv[3]!);
  } else {
    lexRange = parseLexRange(c.argv[2]!, c.argv[3]!);
  }
  const z = writeZ(c, key);
  if (z === undefined) return int(0);
  let victims: [string, number][];
  if (type === 'rank') victims = byRank(z, start, end, false);
  else if (type === 'score') victims = byScore(z, scoreRange!, false, 0, -1);
  else victims = byLex(z, lexRange!, false, 0, -1);
  for (const [m] of victims) z.delete(m);
  const rec = track(c, key);
  if (rec !== undefined) for (const [m, sc] of victims) rec.score(m, sc, null);
  removedMembers(c, key, z, victims.length, type === 'rank' ? 'zremrangebyrank' : type === 'score' ? 'zremrangebyscore' : 'zremrangebylex');
  return int(victims.length);
}

// ---- Pops --------------------------------------------------------------------

type Where = 'min' | 'max';

/**
 * genericZpopCommand: pops from the first existing key among `keys`.
 * `emitKey` prefixes the key name (BZPOP*, ZMPOP); `nested` replies
 * [member, score] pairs instead of a flat list; `nilWhenEmpty` replies a
 * null array rather than an empty one when no key exists.
 */
export function genericZpop(
  c: Ctx,
  keys: readonly string[],
  where: Where,
  emitKey: boolean,
  count: number,
  nested: boolean,
  nilWhenEmpty: boolean,
): Reply {
  let key: string | undefined;
  let z: SortedSet | undefined;
  for (const k of keys) {
    z = writeZ(c, k);
    if (z !== undefined) {
      key = k;
      break;
    }
  }
  if (z === undefined || key === undefined) return nilWhenEmpty ? NIL_ARRAY : EMPTY_ARRAY;
  if (count === 0) return EMPTY_ARRAY;
  if (count === -1) count = 1;
  const n = Math.min(count, z.size);
  const popped: [string, number][] = [];
  for (let i = 0; i < n; i++) {
    const e = where === 'max' ? z.last()! : z.first()!;
    z.delete(e[0]);
    popped.push(e);
  }
  const rec = track(c, key);
  if (rec !== undefined) for (const [m, sc] of popped) rec.score(m, sc, null);
  removedMembers(c, key, z, n, where === 'max' ? 'zpopmax' : 'zpopmin');
  const items: Reply[] = [];
  for (const [m, s] of popped) {
    if (nested) items.push(array([bulk(m), scoreReply(c, s)]));
    else items.push(bulk(m), scoreReply(c, s));
  }
  if (!emitKey) return array(items);
  if (nested) return array([bulk(key), array(items)]);
  return array([bulk(key), ...items]);
}

function zpopMinMax(c: Ctx, where: Where): Reply {
  if (c.argv.length > 3) throw new RedisError(E.SYNTAX);
  let count = -1;
  if (c.argv.length === 3) count = parsePositiveLong(c.argv[2]!);
  const nested = c.client.resp === 3 && count !== -1;
  return genericZpop(c, [c.argv[1]!], where, false, count, nested, false);
}

/** Parsed `numkeys key [key ...] MIN|MAX [COUNT count]` (ZMPOP, BZMPOP). */
export interface MpopArgs {
  readonly keys: string[];
  readonly where: Where;
  readonly count: number;
}

/** Parses ZMPOP/BZMPOP arguments with numkeys at argv[numkeysIdx]. */
export function parseMpop(argv: readonly string[], numkeysIdx: number): MpopArgs {
  const numkeys = parseRangeLong(argv[numkeysIdx]!, 1n, INT64_MAX, E.NUMKEYS_POSITIVE);
  const whereIdx = numkeysIdx + numkeys + 1;
  if (whereIdx >= argv.length) throw new RedisError(E.SYNTAX);
  let where: Where;
  if (is(argv[whereIdx], 'MIN')) where = 'min';
  else if (is(argv[whereIdx], 'MAX')) where = 'max';
  else throw new RedisError(E.SYNTAX);
  let count = -1;
  for (let j = whereIdx + 1; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (count === -1 && is(argv[j], 'COUNT') && more > 0) {
      j++;
      count = parseRangeLong(argv[j]!, 1n, INT64_MAX, E.COUNT_POSITIVE);
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  if (count === -1) count = 1;
  return { keys: argv.slice(numkeysIdx + 1, numkeysIdx + 1 + numkeys), where, count };
}

function zmpop(c: Ctx): Reply {
  const a = parseMpop(c.argv, 1);
  return genericZpop(c, a.keys, a.where, true, a.count, true, true);
}

// ---- Blocking pops -------------------------------------------------------------

type MaybeBlocked = Reply | typeof BLOCK;

/**
 * blockingGenericZpopCommand: pops from the first non-empty sorted set among
 * `keys` (a key of another type before it is an error), else replies a null
 * array inside EXEC, else blocks on every key. Woken by a write to one of
 * them, the client is served from that key, as Redis serves the ready key.
 */
function blockingZpop(c: Ctx, keys: readonly string[], where: Where, timeoutAt: number, count: number, nested: boolean): MaybeBlocked {
  for (const k of keys) {
    const z = writeZ(c, k);
    if (z === undefined || z.size === 0) continue;
    return genericZpop(c, [k], where, true, count, nested, nested);
  }
  return blockUntilNonEmpty(c, keys, timeoutAt, 'zset', (_db, readyKey) => genericZpop(c, [readyKey], where, true, count, nested, nested));
}

/** BZPOPMIN / BZPOPMAX key [key ...] timeout: replies [key, member, score]. */
function bzpop(c: Ctx, where: Where): MaybeBlocked {
  const timeoutAt = parseBlockTimeout(c.argv[c.argv.length - 1]!, c.now);
  return blockingZpop(c, c.argv.slice(1, -1), where, timeoutAt, -1, false);
}

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: arguments first, then the timeout. */
function bzmpop(c: Ctx): MaybeBlocked {
  const a = parseMpop(c.argv, 2);
  const timeoutAt = parseBlockTimeout(c.argv[1]!, c.now);
  return blockingZpop(c, a.keys, a.where, timeoutAt, a.count, true);
}

// ---- ZRANDMEMBER -------------------------------------------------------------

function zrandmember(c: Ctx): Reply {
  const argv = c.argv;
  const key = argv[1]!;
  if (argv.length >= 3) {
    const l = parseRangeLong(argv[2]!, -INT64_MAX, INT64_MAX);
    let withscores = false;
    if (argv.length > 4 || (argv.length === 4 && !is(argv[3], 'WITHSCORES'))) throw new RedisError(E.SYNTAX);
    if (argv.length === 4) {
      withscores = true;
      const v = BigInt(argv[2]!);
      if (v < -(INT64_MAX / 2n) || v > INT64_MAX / 2n) throw new RedisError(E.VALUE_OUT_OF_RANGE);
    }
    return zrandmemberWithCount(c, key, l, withscores);
  }
  const z = readZ(c, key);
  if (z === undefined) return NIL;
  return bulk(z.at(randomIndex(c, z.size))![0]);
}

function randomIndex(c: Ctx, n: number): number {
  return Math.min(n - 1, Math.floor(c.engine.random() * n));
}

function zrandmemberWithCount(c: Ctx, key: string, l: number, withscores: boolean): Reply {
  const z = readZ(c, key);
  if (z === undefined) return EMPTY_ARRAY;
  const size = z.size;
  const unique = l >= 0;
  const count = Math.abs(l);
  if (count === 0) return EMPTY_ARRAY;
  // With repetitions (negative count) or a single element: independent draws.
  if (!unique || count === 1) {
    const picks: [string, number][] = [];
    for (let i = 0; i < count; i++) picks.push(z.at(randomIndex(c, size))!);
    return pairsReply(c, picks, withscores);
  }
  // Asking for at least the whole set: the whole set, highest first (Redis
  // walks sorted sets backwards here).
  if (count >= size) return pairsReply(c, z.range(0, size - 1, true), withscores);
  // Distinct members: a partial Fisher-Yates shuffle of the ranks.
  const ranks = new Map<number, number>();
  const picks: [string, number][] = [];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(c.engine.random() * (size - i));
    const rj = ranks.get(j) ?? j;
    ranks.set(j, ranks.get(i) ?? i);
    picks.push(z.at(Math.min(rj, size - 1))!);
  }
  return pairsReply(c, picks, withscores);
}

// ---- ZUNION / ZINTER / ZDIFF and their STORE forms, ZINTERCARD ---------------

interface Source {
  /** The stored value (identity tells two keys naming the same object apart), or null. */
  readonly subject: SortedSet | Set<string> | null;
  weight: number;
}

function srcSize(s: Source): number {
  return s.subject === null ? 0 : s.subject.size;
}

function forEachIn(s: Source, fn: (member: string, score: number) => void): void {
  const v = s.subject;
  if (v === null) return;
  if (v instanceof SortedSet) for (const [m, sc] of v.scores) fn(m, sc);
  else for (const m of v) fn(m, 1);
}

function findIn(s: Source, member: string): number | undefined {
  const v = s.subject;
  if (v === null) return undefined;
  if (v instanceof SortedSet) return v.score(member);
  return v.has(member) ? 1 : undefined;
}

type Aggregate = 'sum' | 'min' | 'max';

function aggregate(target: number, val: number, how: Aggregate): number {
  if (how === 'sum') {
    const r = target + val;
    // inf + -inf: Redis keeps the convention that the result is 0.
    return Number.isNaN(r) ? 0 : r;
  }
  if (how === 'min') return val < target ? val : target;
  return val > target ? val : target;
}

function zsetAlgebra(c: Ctx, dst: string | undefined, numkeysIdx: number, op: 'union' | 'inter' | 'diff', cardOnly: boolean): Reply {
  const argv = c.argv;
  const setnum = parseLong(argv[numkeysIdx]!);
  if (setnum < 1) throw new RedisError(E.AT_LEAST_ONE_KEY(argv[0]!.toLowerCase()));
  if (setnum > argv.length - (numkeysIdx + 1)) throw new RedisError(E.SYNTAX);
  if (setnum > 1) combined(c, op, argv.slice(numkeysIdx + 1, numkeysIdx + 1 + setnum), dst);
  const srcs: Source[] = [];
  let j = numkeysIdx + 1;
  for (let i = 0; i < setnum; i++, j++) {
    const e: Entry | undefined = c.db.lookup(argv[j]!);
    if (e !== undefined && e.type !== 'zset' && e.type !== 'set') throw new RedisError(E.WRONGTYPE);
    srcs.push({ subject: e === undefined ? null : e.value, weight: 1 });
  }
  let how: Aggregate = 'sum';
  let withscores = false;
  let limit = 0;
  let remaining = argv.length - j;
  while (remaining > 0) {
    const a = argv[j]!;
    if (op !== 'diff' && !cardOnly && remaining >= setnum + 1 && is(a, 'WEIGHTS')) {
      j++;
      remaining--;
      for (let i = 0; i < setnum; i++, j++, remaining--) srcs[i]!.weight = parseScoreArg(argv[j]!, E.WEIGHT_NOT_FLOAT);
    } else if (op !== 'diff' && !cardOnly && remaining >= 2 && is(a, 'AGGREGATE')) {
      const v = argv[j + 1]!;
      if (is(v, 'SUM')) how = 'sum';
      else if (is(v, 'MIN')) how = 'min';
      else if (is(v, 'MAX')) how = 'max';
      else throw new RedisError(E.SYNTAX);
      j += 2;
      remaining -= 2;
    } else if (dst === undefined && !cardOnly && is(a, 'WITHSCORES')) {
      withscores = true;
      j++;
      remaining--;
    } else if (cardOnly && remaining >= 2 && is(a, 'LIMIT')) {
      limit = parsePositiveLong(argv[j + 1]!, E.LIMIT_NEGATIVE);
      j += 2;
      remaining -= 2;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  // Smallest first (stable, where Redis's qsort may break ties either way).
  if (op !== 'diff') srcs.sort((a, b) => srcSize(a) - srcSize(b));

  const result = new Map<string, number>();
  let cardinality = 0;
  if (op === 'inter') {
    const first = srcs[0]!;
    if (srcSize(first) > 0) {
      const v = first.subject!;
      const it: Iterable<readonly [string, number]> = v instanceof SortedSet ? v.scores : Array.from(v, (m) => [m, 1] as const);
      for (const [m, sc] of it) {
        let score = first.weight * sc;
        if (Number.isNaN(score)) score = 0;
        let k = 1;
        for (; k < srcs.length; k++) {
          const other = srcs[k]!;
          if (other.subject === first.subject) {
            score = aggregate(score, sc * other.weight, how);
            continue;
          }
          const found = findIn(other, m);
          if (found === undefined) break;
          score = aggregate(score, found * other.weight, how);
        }
        if (k < srcs.length) continue;
        if (cardOnly) {
          cardinality++;
          if (limit > 0 && cardinality >= limit) break;
        } else {
          result.set(m, score);
        }
      }
    }
  } else if (op === 'union') {
    for (const s of srcs) {
      forEachIn(s, (m, sc) => {
        let score = s.weight * sc;
        if (Number.isNaN(score)) score = 0;
        const cur = result.get(m);
        result.set(m, cur === undefined ? score : aggregate(cur, score, how));
      });
    }
  } else {
    const first = srcs[0]!;
    const same = srcs.some((s, i) => i > 0 && s.subject !== null && s.subject === first.subject);
    if (!same) {
      forEachIn(first, (m, sc) => {
        for (let k = 1; k < srcs.length; k++) if (findIn(srcs[k]!, m) !== undefined) return;
        result.set(m, sc);
      });
    }
  }

  if (cardOnly) return int(cardinality);
  const z = SortedSet.from(result);
  if (dst !== undefined) return storeResult(c, dst, z, op === 'union' ? 'zunionstore' : op === 'inter' ? 'zinterstore' : 'zdiffstore');
  return pairsReply(c, Array.from(z), withscores);
}

// ---- ZSCAN ---------------------------------------------------------------------

function zscan(c: Ctx): Reply {
  const cursor = parseScanCursor(c.argv[2]!);
  const z = readZ(c, c.argv[1]!);
  if (z === undefined) return emptyScanReply();
  const o = parseScanArgs(c.argv, 3, false);
  if (z.encoding === 'listpack') {
    const flat: string[] = [];
    for (const [m, s] of z) flat.push(m, formatStoredScore(s));
    const page = scanAll(flat, o, true);
    return scanReply(page.cursor, page.items);
  }
  const items: string[] = [];
  const next = z.scores.scan(cursor, o.count, (m, s) => {
    if (scanMatches(o, m)) items.push(m, formatDouble(s));
  });
  return scanReply(next, items);
}
