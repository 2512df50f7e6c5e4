/**
 * Stream commands, Redis 7.0 semantics reply for reply (t_stream.c):
 * XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XREAD, XREADGROUP, XGROUP *,
 * XACK, XPENDING, XCLAIM, XAUTOCLAIM, XINFO *, XSETID.
 *
 * The data structure is types/stream.ts. Times (delivery, seen) are the
 * engine clock (`ctx.now`).
 */
import type { Ctx, HandlersFor } from '../core/command';
import { mayBlock, block, TIMEOUT_NEGATIVE } from '../core/blocking';
import type { EntryOf } from '../core/entry';
import { E } from '../core/errors';
import { NOTIFY, notify } from '../core/notify';
import { track, type KeyRecord } from '../core/changes';
import { RedisError, is } from '../core/parse';
import { parseInt64 } from '../../text/int';
import { EMPTY_ARRAY, NIL, NIL_ARRAY, OK, array, bulk, int, type Reply } from '../core/reply';
import { helpReply } from '../core/help';
import {
  ID_MASK,
  MAX_ID,
  Stream,
  byId,
  byName,
  formatId,
  idMs,
  idSeq,
  makeId,
  type StreamConsumer,
  type StreamEntry,
  type StreamGroup,
  type StreamId,
  type StreamNack,
} from '../types/stream';
import { INT64_MAX } from '../../text/int';
import type { streamSpecs } from '../spec/stream';

type StreamEntryT = EntryOf<'stream'>;

const U64_MAX = ID_MASK;

// ---- Parsing -----------------------------------------------------------------

/** Redis's string2ull. */
function parseU64(s: string): bigint | null {
  if (/^-?\d+$/.test(s)) {
    const ll = parseInt64(s);
    if (ll !== null) return ll < 0n ? null : ll;
  }
  const m = /^[ \t\n\v\f\r]*\+?(\d+)$/.exec(s);
  if (m === null) return null;
  const v = BigInt(m[1]!);
  return v > U64_MAX ? null : v;
}

interface ParsedId {
  id: StreamId;
  /** False for the `ms-*` form. */
  seqGiven: boolean;
}

/** streamGenericParseIDOrReply. */
function parseIdFull(s: string, missingSeq: bigint, strict: boolean, allowStarSeq: boolean): ParsedId {
  if (s.length > 127) throw new RedisError(E.STREAM_ID_INVALID);
  if (strict && (s === '-' || s === '+')) throw new RedisError(E.STREAM_ID_INVALID);
  if (s === '-') return { id: 0n, seqGiven: true };
  if (s === '+') return { id: MAX_ID, seqGiven: true };
  // C strings stop at NUL.
  const z = s.indexOf('\0');
  const t = z >= 0 ? s.slice(0, z) : s;
  const dash = t.indexOf('-');
  const ms = parseU64(dash >= 0 ? t.slice(0, dash) : t);
  if (ms === null) throw new RedisError(E.STREAM_ID_INVALID);
  if (dash < 0) return { id: makeId(ms, missingSeq), seqGiven: true };
  const rest = t.slice(dash + 1);
  if (allowStarSeq && rest === '*') return { id: makeId(ms, 0n), seqGiven: false };
  const seq = parseU64(rest);
  if (seq === null) throw new RedisError(E.STREAM_ID_INVALID);
  return { id: makeId(ms, seq), seqGiven: true };
}

const parseId = (s: string, missingSeq = 0n): StreamId => parseIdFull(s, missingSeq, false, false).id;
const parseStrictId = (s: string, missingSeq = 0n): StreamId => parseIdFull(s, missingSeq, true, false).id;

/** streamParseIntervalIDOrReply plus the incr/decr of exclusive bounds. */
function parseInterval(s: string, missingSeq: bigint, isStart: boolean): StreamId {
  const exclude = s.length > 1 && s[0] === '(';
  if (!exclude) return parseId(s, missingSeq);
  const id = parseStrictId(s.slice(1), missingSeq);
  if (isStart) {
    if (id === MAX_ID) throw new RedisError(E.STREAM_START_INVALID);
    return id + 1n;
  }
  if (id === 0n) throw new RedisError(E.STREAM_END_INVALID);
  return id - 1n;
}

/** getLongLongFromObjectOrReply. */
function parseLL(s: string): bigint {
  const v = parseInt64(s);
  if (v === null) throw new RedisError(E.NOT_INTEGER);
  return v;
}

const clampNum = (v: bigint): number => (v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(v));

interface TrimArgs {
  strategy: 'none' | 'maxlen' | 'minid';
  approx: boolean;
  maxlen: number;
  minid: StreamId;
  limit: number;
  noMkstream: boolean;
  id: ParsedId | undefined;
  /** XADD: index of the ID argument. */
  idPos: number;
}

/**
 * After MAXLEN or MINID (at `i`): refuses a second strategy and reads the
 * optional `~` (approximate) or `=`; returns the index of the argument
 * before the threshold.
 */
function trimOperator(a: TrimArgs, argv: readonly string[], i: number, more: number): number {
  if (a.strategy !== 'none') throw new RedisError(E.XTRIM_BOTH);
  a.approx = more >= 2 && argv[i + 1] === '~';
  return more >= 2 && (argv[i + 1] === '~' || argv[i + 1] === '=') ? i + 1 : i;
}

/** streamParseAddOrTrimArgsOrReply. */
function parseAddOrTrim(argv: readonly string[], xadd: boolean, nodeMaxEntries: number): TrimArgs {
  const a: TrimArgs = { strategy: 'none', approx: false, maxlen: 0, minid: 0n, limit: 0, noMkstream: false, id: undefined, idPos: 0 };
  let limitGiven = false;
  let i = 2;
  for (; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    const o = argv[i]!;
    if (xadd && o === '*') break;
    if (is(o, 'MAXLEN') && more > 0) {
      i = trimOperator(a, argv, i, more);
      const v = parseLL(argv[i + 1]!);
      if (v < 0n) throw new RedisError(E.XTRIM_MAXLEN_NEG);
      a.maxlen = clampNum(v);
      i++;
      a.strategy = 'maxlen';
    } else if (is(o, 'MINID') && more > 0) {
      i = trimOperator(a, argv, i, more);
      a.minid = parseStrictId(argv[i + 1]!);
      i++;
      a.strategy = 'minid';
    } else if (is(o, 'LIMIT') && more > 0) {
      const v = parseLL(argv[i + 1]!);
      if (v < 0n) throw new RedisError(E.XTRIM_LIMIT_NEG);
      a.limit = clampNum(v);
      limitGiven = true;
      i++;
    } else if (xadd && is(o, 'NOMKSTREAM')) {
      a.noMkstream = true;
    } else if (xadd) {
      a.id = parseIdFull(o, 0n, true, true);
      break;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  if (a.limit && a.strategy === 'none') throw new RedisError(E.XTRIM_LIMIT_NO_STRATEGY);
  if (!xadd && a.strategy === 'none') throw new RedisError(E.XTRIM_NO_STRATEGY);
  if (limitGiven) {
    if (!a.approx) throw new RedisError(E.XTRIM_LIMIT_NO_APPROX);
  } else {
    // 100 * stream-node-max-entries for `~`; no limit for exact trims.
    a.limit = a.approx ? 100 * nodeMaxEntries : 0;
    if (a.approx && a.limit <= 0) a.limit = 10000;
    if (a.limit > 1000000) a.limit = 1000000;
  }
  a.idPos = i;
  return a;
}

// ---- Replies -------------------------------------------------------------------

const idReply = (id: StreamId): Reply => bulk(formatId(id));

const entryReply = (e: StreamEntry): Reply => array([idReply(e.id), array(e.fields.map(bulk))]);

const mapReply = (c: Ctx, pairs: [string, Reply][]): Reply =>
  c.client.resp === 3
    ? { t: 'map', v: pairs.map(([k, v]) => [bulk(k), v] as const) }
    : array(pairs.flatMap(([k, v]) => [bulk(k), v]));

// ---- Helpers ---------------------------------------------------------------------

function readStream(c: Ctx, key: string): Stream | undefined {
  return c.db.get(key, 'stream')?.value;
}

function writeStream(c: Ctx, key: string): Stream | undefined {
  return c.db.getForWrite(key, 'stream')?.value;
}

function lookupConsumer(g: StreamGroup, name: string, now: number, refresh: boolean): StreamConsumer | undefined {
  const cons = g.consumers.get(name);
  if (cons !== undefined && refresh) cons.seenTime = now;
  return cons;
}

/** streamCreateConsumer: undefined when the name is taken; notifies xgroup-createconsumer. */
function createConsumer(c: Ctx, key: string, g: StreamGroup, name: string, now: number): StreamConsumer | undefined {
  if (g.consumers.has(name)) return undefined;
  const cons: StreamConsumer = { name, seenTime: now, pel: new Map() };
  g.consumers.set(name, cons);
  notify(c, NOTIFY.STREAM, 'xgroup-createconsumer', key);
  return cons;
}

/** streamNextID: now-0, or last+1 when the clock did not move forward. */
function nextId(last: StreamId, now: number): StreamId {
  const ms = BigInt(Math.max(0, Math.floor(now)));
  if (ms > idMs(last)) return makeId(ms, 0n);
  return last === MAX_ID ? last : last + 1n;
}

// ---- XADD / XLEN / XRANGE / XDEL / XTRIM --------------------------------------

function xadd(c: Ctx): Reply {
  const argv = c.argv;
  const key = argv[1]!;
  const a = parseAddOrTrim(argv, true, c.engine.config.num('stream-node-max-entries'));
  const fieldPos = a.idPos + 1;
  const nf = argv.length - fieldPos;
  if (nf < 2 || nf % 2 === 1) throw new RedisError(E.WRONG_ARITY('xadd'));
  if (a.id !== undefined && a.id.seqGiven && a.id.id === 0n) throw new RedisError(E.XADD_ID_ZERO);
  const existing = writeStream(c, key);
  if (existing === undefined && a.noMkstream) return NIL;
  const s = existing ?? new Stream();
  if (s.lastId === MAX_ID) throw new RedisError(E.XADD_EXHAUSTED);
  let id: StreamId;
  if (a.id === undefined) id = nextId(s.lastId, c.now);
  else if (a.id.seqGiven) id = a.id.id;
  else if (idMs(s.lastId) === idMs(a.id.id)) {
    if (idSeq(s.lastId) === U64_MAX) throw new RedisError(E.XADD_ID_SMALL);
    id = s.lastId + 1n;
  } else id = a.id.id;
  if (id <= s.lastId) {
    if (existing === undefined) {
      // Redis created the key before failing; an empty new stream is kept.
      c.db.add(key, { type: 'stream', value: s });
    }
    throw new RedisError(E.XADD_ID_SMALL);
  }
  s.append(id, argv.slice(fieldPos), c.engine.config.num('stream-node-max-entries'), c.engine.config.num('stream-node-max-bytes'));
  const rec = track(c, key);
  rec?.added(formatId(id));
  const trimmed = a.strategy !== 'none' ? s.trim(a.strategy, a.maxlen, a.minid, a.approx, a.limit, rec && removedTo(rec)) : 0;
  if (existing === undefined) c.db.add(key, { type: 'stream', value: s });
  else c.db.modified(key);
  notify(c, NOTIFY.STREAM, 'xadd', key);
  if (trimmed > 0) notify(c, NOTIFY.STREAM, 'xtrim', key);
  return idReply(id);
}

/** Tells a change record each stream ID removed. */
const removedTo =
  (rec: KeyRecord) =>
  (id: StreamId): void =>
    rec.removed(formatId(id));

/** Records the entries a read returned. */
function readEntries(c: Ctx, key: string, entries: readonly StreamEntry[]): readonly StreamEntry[] {
  const rec = track(c, key);
  if (rec !== undefined) for (const e of entries) rec.read(formatId(e.id));
  return entries;
}

function xrange(c: Ctx, rev: boolean): Reply {
  const argv = c.argv;
  const start = parseInterval(rev ? argv[3]! : argv[2]!, 0n, true);
  const end = parseInterval(rev ? argv[2]! : argv[3]!, U64_MAX, false);
  let count = -1n;
  for (let j = 4; j < argv.length; j++) {
    if (is(argv[j]!, 'COUNT') && argv.length - j - 1 >= 1) {
      count = parseLL(argv[j + 1]!);
      if (count < 0n) count = 0n;
      j++;
    } else throw new RedisError(E.SYNTAX);
  }
  const s = readStream(c, argv[1]!);
  if (s === undefined) return EMPTY_ARRAY;
  if (count === 0n) return NIL_ARRAY;
  return array(readEntries(c, argv[1]!, s.range(start, end, count === -1n ? 0 : clampNum(count), rev)).map(entryReply));
}

function xdel(c: Ctx): Reply {
  const key = c.argv[1]!;
  const s = writeStream(c, key);
  if (s === undefined) return int(0);
  const ids = c.argv.slice(2).map((x) => parseStrictId(x));
  let deleted = 0;
  let firstEntry = false;
  for (const id of ids) {
    if (s.deleteEntry(id)) {
      track(c, key)?.removed(formatId(id));
      if (id === s.firstId) firstEntry = true;
      if (id > s.maxDeletedId) s.maxDeletedId = id;
      deleted++;
    }
  }
  if (deleted > 0) {
    if (s.length === 0) s.firstId = 0n;
    else if (firstEntry) s.refreshFirstId();
    c.db.modified(key);
    notify(c, NOTIFY.STREAM, 'xdel', key);
  }
  return int(deleted);
}

function xtrim(c: Ctx): Reply {
  const a = parseAddOrTrim(c.argv, false, c.engine.config.num('stream-node-max-entries'));
  const key = c.argv[1]!;
  const s = writeStream(c, key);
  if (s === undefined) return int(0);
  const rec = track(c, key);
  const deleted = s.trim(a.strategy === 'minid' ? 'minid' : 'maxlen', a.maxlen, a.minid, a.approx, a.limit, rec && removedTo(rec));
  if (deleted > 0) {
    c.db.modified(key);
    notify(c, NOTIFY.STREAM, 'xtrim', key);
  }
  return int(deleted);
}

// ---- XREAD / XREADGROUP -----------------------------------------------------------

/**
 * Serves entries after `after` to a group (or plain XREAD), creating PEL
 * entries unless NOACK (streamReplyWithRange with a group).
 */
function serveRange(
  s: Stream,
  start: StreamId,
  count: number,
  g: StreamGroup | undefined,
  cons: StreamConsumer | undefined,
  noack: boolean,
  now: number,
  rec: KeyRecord | undefined,
): Reply[] {
  const out: Reply[] = [];
  for (const e of s.range(start, MAX_ID, count)) {
    rec?.read(formatId(e.id));
    if (g !== undefined && cons !== undefined) {
      if (e.id > g.lastId) {
        if (g.entriesRead !== -1 && !s.rangeHasTombstones(e.id)) g.entriesRead++;
        else if (s.entriesAdded) g.entriesRead = s.estimateDistance(e.id);
        g.lastId = e.id;
      }
      if (!noack) {
        const old = g.pel.get(e.id);
        if (old === undefined) {
          const nack: StreamNack = { deliveryTime: now, deliveryCount: 1, consumer: cons };
          g.pel.set(e.id, nack);
          cons.pel.set(e.id, nack);
        } else {
          old.consumer.pel.delete(e.id);
          old.consumer = cons;
          old.deliveryTime = now;
          old.deliveryCount = 1;
          cons.pel.set(e.id, old);
        }
      }
    }
    out.push(entryReply(e));
  }
  return out;
}

/** A consumer's history (XREADGROUP with an explicit ID). */
function serveHistory(s: Stream, start: StreamId, count: number, cons: StreamConsumer, now: number, rec: KeyRecord | undefined): Reply[] {
  const out: Reply[] = [];
  for (const [id, nack] of byId(cons.pel)) {
    if (id < start) continue;
    if (count && out.length >= count) break;
    const e = s.find(id);
    if (e === undefined) out.push(array([idReply(id), NIL_ARRAY]));
    else {
      rec?.read(formatId(id));
      nack.deliveryTime = now;
      nack.deliveryCount++;
      out.push(entryReply(e));
    }
  }
  return out;
}

function xread(c: Ctx, group: boolean): Reply | ReturnType<typeof block> {
  const argv = c.argv;
  let timeout = -1;
  let count = 0;
  let streamsArg = 0;
  let nStreams = 0;
  let groupName: string | undefined;
  let consumerName = '';
  let noack = false;
  for (let i = 1; i < argv.length; i++) {
    const more = argv.length - i - 1;
    const o = argv[i]!;
    if (is(o, 'BLOCK') && more) {
      i++;
      const v = parseInt64(argv[i]!);
      if (v === null) throw new RedisError(E.TIMEOUT_NOT_INTEGER);
      if (v < 0n) throw new RedisError(TIMEOUT_NEGATIVE);
      timeout = clampNum(v);
    } else if (is(o, 'COUNT') && more) {
      i++;
      const v = parseLL(argv[i]!);
      count = v < 0n ? 0 : clampNum(v);
    } else if (is(o, 'STREAMS') && more) {
      streamsArg = i + 1;
      nStreams = argv.length - streamsArg;
      if (nStreams % 2 !== 0) throw new RedisError(E.XREAD_UNBALANCED);
      nStreams /= 2;
      break;
    } else if (is(o, 'GROUP') && more >= 2) {
      if (!group) throw new RedisError(E.XREAD_GROUP_OPTION);
      groupName = argv[i + 1]!;
      consumerName = argv[i + 2]!;
      i += 2;
    } else if (is(o, 'NOACK')) {
      if (!group) throw new RedisError(E.XREAD_NOACK_OPTION);
      noack = true;
    } else throw new RedisError(E.SYNTAX);
  }
  if (streamsArg === 0) throw new RedisError(E.SYNTAX);
  if (group && groupName === undefined) throw new RedisError(E.XREADGROUP_MISSING_GROUP);

  const keys = argv.slice(streamsArg, streamsArg + nStreams);
  const ids: StreamId[] = [];
  const groups: (StreamGroup | undefined)[] = [];
  for (let k = 0; k < nStreams; k++) {
    const key = keys[k]!;
    const s = readStream(c, key);
    let g: StreamGroup | undefined;
    if (groupName !== undefined) {
      g = s?.groups.get(groupName);
      if (g === undefined) throw new RedisError(E.XREADGROUP_NOGROUP(key, groupName));
    }
    groups.push(g);
    const a = argv[streamsArg + nStreams + k]!;
    if (a === '$') {
      if (group) throw new RedisError(E.XREADGROUP_DOLLAR);
      ids.push(s?.lastId ?? 0n);
    } else if (a === '>') {
      if (!group) throw new RedisError(E.XREAD_GT);
      ids.push(MAX_ID);
    } else ids.push(parseStrictId(a));
  }

  const attempt = (now: number, blockedCount: number, only?: string): Reply | undefined => {
    const results: [string, Reply][] = [];
    for (let k = 0; k < nStreams; k++) {
      const key = keys[k]!;
      if (only !== undefined && key !== only) continue;
      const e = c.db.lookup(key);
      if (e === undefined || e.type !== 'stream') continue;
      const s = e.value;
      const g = groups[k];
      let gt = ids[k]!;
      let serve = false;
      let history = false;
      if (g !== undefined) {
        if (gt !== MAX_ID) {
          serve = true;
          history = true;
        } else if (s.length > 0 && s.lastValidId() > g.lastId) {
          serve = true;
          gt = g.lastId;
        }
      } else if (s.length > 0 && s.lastValidId() > gt) serve = true;
      if (!serve) continue;
      const start = gt === MAX_ID ? gt : gt + 1n;
      let cons: StreamConsumer | undefined;
      if (g !== undefined) cons = lookupConsumer(g, consumerName, now, true) ?? createConsumer(c, key, g, consumerName, now);
      const items =
        g !== undefined && history
          ? serveHistory(s, start, blockedCount, cons!, now, track(c, key))
          : serveRange(s, start, blockedCount, g, cons, noack, now, track(c, key));
      if (g !== undefined) {
        c.db.modified(key);
        track(c, key)?.group(groupName!);
      }
      results.push([key, array(items)]);
    }
    if (results.length === 0) return undefined;
    return c.client.resp === 3
      ? { t: 'map', v: results.map(([k, v]) => [bulk(k), v] as const) }
      : array(results.map(([k, v]) => array([bulk(k), v])));
  };

  const now = c.now;
  const served = attempt(now, count);
  if (served !== undefined) return served;
  if (timeout === -1) return NIL_ARRAY;
  if (!mayBlock(c)) return NIL_ARRAY;
  // '$' and '>' resolve now; later retries read what arrived after.
  return block(c, {
    keys,
    timeoutAt: timeout === 0 ? 0 : now + timeout,
    retry: (readyKey) => {
      // XREADGROUP: the key deleted (or replaced by another type) or the group
      // destroyed unblocks the client with an error, as blocked.c does.
      if (groupName !== undefined) {
        const e = c.db.peek(readyKey);
        if (e === undefined || e.type !== 'stream') throw new RedisError(E.XREADGROUP_KEY_GONE);
        const g = e.value.groups.get(groupName);
        if (g === undefined) throw new RedisError(E.XREADGROUP_GROUP_GONE);
        groups[keys.indexOf(readyKey)] = g;
      }
      return attempt(c.engine.now(), count || 1000, readyKey);
    },
    onTimeout: () => NIL_ARRAY,
  });
}

// ---- XGROUP ---------------------------------------------------------------------

const XGROUP_HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

const XINFO_HELP = [
  'CONSUMERS <key> <groupname>',
  '    Show consumers of <groupname>.',
  'GROUPS <key>',
  '    Show the stream consumer groups.',
  'STREAM <key> [FULL [COUNT <count>]',
  '    Show information about the stream.',
];

function xgroup(c: Ctx): Reply {
  const argv = c.argv;
  const sub = argv[1]!;
  const subErr = (): RedisError => new RedisError(E.SUBCOMMAND_SYNTAX(sub, 'xgroup'));
  let mkstream = false;
  let entriesRead = -1;
  let s: Stream | undefined;
  let g: StreamGroup | undefined;
  const key = argv[2]!;
  const grp = argv[3]!;
  const isCreate = is(sub, 'CREATE');
  const isSetid = is(sub, 'SETID');
  let i = 5;
  while (i < argv.length) {
    if (isCreate && is(argv[i]!, 'MKSTREAM')) {
      mkstream = true;
      i++;
    } else if ((isCreate || isSetid) && is(argv[i]!, 'ENTRIESREAD') && i + 1 < argv.length) {
      const v = parseLL(argv[i + 1]!);
      if (v < 0n && v !== -1n) throw new RedisError(E.ENTRIESREAD_RANGE);
      entriesRead = clampNum(v);
      i += 2;
    } else throw subErr();
  }
  s = writeStream(c, key);
  if (!mkstream) {
    if (s === undefined) throw new RedisError(E.XGROUP_NO_KEY);
    g = s.groups.get(grp);
    if (g === undefined && (isSetid || is(sub, 'CREATECONSUMER') || is(sub, 'DELCONSUMER'))) {
      throw new RedisError(E.NOGROUP(grp, key));
    }
  }
  if (isCreate && argv.length >= 5 && argv.length <= 8) {
    let id: StreamId;
    if (argv[4] === '$') id = s?.lastId ?? 0n;
    else id = parseStrictId(argv[4]!);
    let created = false;
    if (s === undefined) {
      s = new Stream();
      created = true;
    }
    if (s.groups.has(grp)) throw new RedisError(E.BUSYGROUP);
    s.groups.set(grp, { lastId: id, entriesRead, pel: new Map(), consumers: new Map() });
    if (created) c.db.add(key, { type: 'stream', value: s });
    else c.db.modified(key);
    track(c, key)?.group(grp);
    notify(c, NOTIFY.STREAM, 'xgroup-create', key);
    return OK;
  }
  if (isSetid && (argv.length === 5 || argv.length === 7)) {
    const id = argv[4] === '$' ? s!.lastId : parseId(argv[4]!);
    g!.lastId = id;
    g!.entriesRead = entriesRead;
    c.db.modified(key);
    track(c, key)?.group(grp);
    notify(c, NOTIFY.STREAM, 'xgroup-setid', key);
    return OK;
  }
  if (is(sub, 'DESTROY') && argv.length === 4) {
    if (g === undefined) return int(0);
    s!.groups.delete(grp);
    c.db.modified(key);
    track(c, key)?.group(grp);
    notify(c, NOTIFY.STREAM, 'xgroup-destroy', key);
    return int(1);
  }
  if (is(sub, 'CREATECONSUMER') && argv.length === 5) {
    const created = createConsumer(c, key, g!, argv[4]!, c.now);
    if (created !== undefined) {
      c.db.modified(key);
      track(c, key)?.group(grp);
    }
    return int(created ? 1 : 0);
  }
  if (is(sub, 'DELCONSUMER') && argv.length === 5) {
    const cons = lookupConsumer(g!, argv[4]!, c.now, false);
    if (cons === undefined) return int(0);
    const pending = cons.pel.size;
    for (const id of cons.pel.keys()) g!.pel.delete(id);
    g!.consumers.delete(cons.name);
    c.db.modified(key);
    track(c, key)?.group(grp);
    notify(c, NOTIFY.STREAM, 'xgroup-delconsumer', key);
    return int(pending);
  }
  throw subErr();
}

// ---- XSETID / XACK / XPENDING ----------------------------------------------------

function xsetid(c: Ctx): Reply {
  const argv = c.argv;
  const id = parseStrictId(argv[2]!);
  let entriesAdded = -1n;
  let maxDel = 0n;
  for (let i = 3; i < argv.length; i += 2) {
    const more = argv.length - 1 - i;
    if (is(argv[i]!, 'ENTRIESADDED') && more) {
      entriesAdded = parseLL(argv[i + 1]!);
      if (entriesAdded < 0n) throw new RedisError(E.XSETID_ENTRIES_ADDED_NEG);
    } else if (is(argv[i]!, 'MAXDELETEDID') && more) {
      maxDel = parseStrictId(argv[i + 1]!);
      if (id < maxDel) throw new RedisError(E.XSETID_MAXDELETED);
    } else throw new RedisError(E.SYNTAX);
  }
  const key = argv[1]!;
  const s = writeStream(c, key);
  if (s === undefined) throw new RedisError(E.NO_SUCH_KEY);
  if (s.length > 0) {
    if (id < s.lastValidId()) throw new RedisError(E.XSETID_SMALL);
    if (entriesAdded !== -1n && BigInt(s.length) > entriesAdded) throw new RedisError(E.XSETID_ENTRIES_ADDED_SMALL);
  }
  s.lastId = id;
  if (entriesAdded !== -1n) s.entriesAdded = clampNum(entriesAdded);
  if (maxDel !== 0n) s.maxDeletedId = maxDel;
  c.db.modified(key);
  track(c, key)?.lastId(formatId(id));
  notify(c, NOTIFY.STREAM, 'xsetid', key);
  return OK;
}

function xack(c: Ctx): Reply {
  const key = c.argv[1]!;
  const s = readStream(c, key);
  const g = s?.groups.get(c.argv[2]!);
  if (g === undefined) return int(0);
  const ids = c.argv.slice(3).map((x) => parseStrictId(x));
  let acked = 0;
  for (const id of ids) {
    const nack = g.pel.get(id);
    if (nack !== undefined) {
      g.pel.delete(id);
      nack.consumer.pel.delete(id);
      acked++;
    }
  }
  if (acked > 0) {
    c.db.modified(key);
    track(c, key)?.group(c.argv[2]!);
  }
  return int(acked);
}

function xpending(c: Ctx): Reply {
  const argv = c.argv;
  const justInfo = argv.length === 3;
  if (argv.length !== 3 && (argv.length < 6 || argv.length > 9)) throw new RedisError(E.SYNTAX);
  let start = 0n;
  let end = MAX_ID;
  let count = 0n;
  let minIdle = 0n;
  let consumerName: string | undefined;
  if (argv.length >= 6) {
    let si = 3;
    if (is(argv[3]!, 'IDLE')) {
      minIdle = parseLL(argv[4]!);
      if (argv.length < 8) throw new RedisError(E.SYNTAX);
      si += 2;
    }
    count = parseLL(argv[si + 2]!);
    if (count < 0n) count = 0n;
    start = parseInterval(argv[si]!, 0n, true);
    end = parseInterval(argv[si + 1]!, U64_MAX, false);
    if (si + 3 < argv.length) consumerName = argv[si + 3]!;
  }
  const key = argv[1]!;
  const s = readStream(c, key);
  const g = s?.groups.get(argv[2]!);
  if (g === undefined) throw new RedisError(E.NOGROUP_KEY(key, argv[2]!));
  if (justInfo) {
    if (g.pel.size === 0) return array([int(0), NIL, NIL, NIL_ARRAY]);
    const ids = byId(g.pel);
    const per: Reply[] = [];
    for (const [name, cons] of byName(g.consumers)) {
      if (cons.pel.size === 0) continue;
      per.push(array([bulk(name), bulk(String(cons.pel.size))]));
    }
    return array([int(g.pel.size), idReply(ids[0]![0]), idReply(ids[ids.length - 1]![0]), array(per)]);
  }
  let pel = g.pel;
  if (consumerName !== undefined) {
    const cons = lookupConsumer(g, consumerName, c.now, false);
    if (cons === undefined) return EMPTY_ARRAY;
    pel = cons.pel;
  }
  const out: Reply[] = [];
  for (const [id, nack] of byId(pel)) {
    if (count === 0n) break;
    if (id < start) continue;
    if (id > end) break;
    if (minIdle !== 0n && BigInt(c.now - nack.deliveryTime) < minIdle) continue;
    count--;
    out.push(array([idReply(id), bulk(nack.consumer.name), int(Math.max(0, c.now - nack.deliveryTime)), int(nack.deliveryCount)]));
  }
  return array(out);
}

// ---- XINFO -------------------------------------------------------------------------

function xinfoStream(c: Ctx): Reply {
  const argv = c.argv;
  const key = argv[2]!;
  let full = false;
  let count = 10n;
  const optc = argv.length - 3;
  const subErr = (): RedisError => new RedisError(E.SUBCOMMAND_SYNTAX(argv[1]!, 'xinfo'));
  if (optc > 0) {
    if (optc !== 1 && optc !== 3) throw subErr();
    if (!is(argv[3]!, 'FULL')) throw subErr();
    if (optc === 3) {
      if (!is(argv[4]!, 'COUNT')) throw subErr();
      count = parseLL(argv[5]!);
      if (count < 0n) count = 10n;
    }
    full = true;
  }
  const s = readStream(c, key);
  if (s === undefined) throw new RedisError(E.NO_SUCH_KEY);
  const n = clampNum(count);
  const pairs: [string, Reply][] = [
    ['length', int(s.length)],
    ['radix-tree-keys', int(s.nodeCount)],
    ['radix-tree-nodes', int(radixNodes(s))],
    ['last-generated-id', idReply(s.lastId)],
    ['max-deleted-entry-id', idReply(s.maxDeletedId)],
    ['entries-added', int(s.entriesAdded)],
    ['recorded-first-entry-id', idReply(s.firstId)],
  ];
  if (!full) {
    const first = s.range(0n, MAX_ID, 1)[0];
    const last = s.range(0n, MAX_ID, 1, true)[0];
    pairs.push(['groups', int(s.groups.size)]);
    pairs.push(['first-entry', first === undefined ? NIL : entryReply(first)]);
    pairs.push(['last-entry', last === undefined ? NIL : entryReply(last)]);
    return mapReply(c, pairs);
  }
  pairs.push(['entries', array(s.range(0n, MAX_ID, n).map(entryReply))]);
  const groups: Reply[] = [];
  for (const [name, g] of byName(s.groups)) {
    const lag = s.lag(g);
    const pel = byId(g.pel).slice(0, n === 0 ? undefined : n);
    const consumers: Reply[] = byName(g.consumers).map(([cname, cons]) =>
      mapReply(c, [
        ['name', bulk(cname)],
        ['seen-time', int(cons.seenTime)],
        ['pel-count', int(cons.pel.size)],
        [
          'pending',
          array(
            byId(cons.pel)
              .slice(0, n === 0 ? undefined : n)
              .map(([id, nack]) => array([idReply(id), int(nack.deliveryTime), int(nack.deliveryCount)])),
          ),
        ],
      ]),
    );
    groups.push(
      mapReply(c, [
        ['name', bulk(name)],
        ['last-delivered-id', idReply(g.lastId)],
        ['entries-read', g.entriesRead === -1 ? NIL : int(g.entriesRead)],
        ['lag', lag === undefined ? NIL : int(lag)],
        ['pel-count', int(g.pel.size)],
        ['pending', array(pel.map(([id, nack]) => array([idReply(id), bulk(nack.consumer.name), int(nack.deliveryTime), int(nack.deliveryCount)])))],
        ['consumers', array(consumers)],
      ]),
    );
  }
  pairs.push(['groups', array(groups)]);
  return mapReply(c, pairs);
}

/** An estimate of the radix tree's node count (an internal figure of Redis's rax). */
function radixNodes(s: Stream): number {
  const k = s.nodeCount;
  return k === 0 ? 1 : k + 1 + Math.floor(k / 2);
}

function xinfoGroups(c: Ctx): Reply {
  const s = readStream(c, c.argv[2]!);
  if (s === undefined) throw new RedisError(E.NO_SUCH_KEY);
  return array(
    byName(s.groups).map(([name, g]) => {
      const lag = s.lag(g);
      return mapReply(c, [
        ['name', bulk(name)],
        ['consumers', int(g.consumers.size)],
        ['pending', int(g.pel.size)],
        ['last-delivered-id', idReply(g.lastId)],
        ['entries-read', g.entriesRead === -1 ? NIL : int(g.entriesRead)],
        ['lag', lag === undefined ? NIL : int(lag)],
      ]);
    }),
  );
}

function xinfoConsumers(c: Ctx): Reply {
  const key = c.argv[2]!;
  const s = readStream(c, key);
  if (s === undefined) throw new RedisError(E.NO_SUCH_KEY);
  const g = s.groups.get(c.argv[3]!);
  if (g === undefined) throw new RedisError(E.NOGROUP(c.argv[3]!, key));
  return array(
    byName(g.consumers).map(([name, cons]) =>
      mapReply(c, [
        ['name', bulk(name)],
        ['pending', int(cons.pel.size)],
        ['idle', int(Math.max(0, c.now - cons.seenTime))],
      ]),
    ),
  );
}

// ---- XCLAIM / XAUTOCLAIM -----------------------------------------------------------

/** Moves (or creates) a PEL entry to `cons`. */
function claimTo(g: StreamGroup, id: StreamId, cons: StreamConsumer, nack: StreamNack | undefined): StreamNack {
  if (nack === undefined) {
    nack = { deliveryTime: 0, deliveryCount: 0, consumer: cons };
    g.pel.set(id, nack);
  } else if (nack.consumer !== cons) {
    nack.consumer.pel.delete(id);
    nack.consumer = cons;
  }
  cons.pel.set(id, nack);
  return nack;
}

function xclaim(c: Ctx): Reply {
  const argv = c.argv;
  const key = argv[1]!;
  const s = readStream(c, key);
  const g = s?.groups.get(argv[2]!);
  if (s === undefined || g === undefined) throw new RedisError(E.NOGROUP_KEY(key, argv[2]!));
  const llArg = (x: string, what: string): number => {
    const v = parseInt64(x);
    if (v === null) throw new RedisError(E.XCLAIM_ARG(what));
    return Number(v);
  };
  const now = c.now;
  const minIdle = Math.max(0, llArg(argv[4]!, 'min-idle-time argument'));
  const ids: StreamId[] = [];
  let j = 5;
  for (; j < argv.length; j++) {
    try {
      ids.push(parseStrictId(argv[j]!));
    } catch {
      break;
    }
  }
  let deliverytime = -1;
  let retrycount = -1;
  let force = false;
  let justid = false;
  let lastId = 0n;
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const o = argv[j]!;
    if (is(o, 'FORCE')) force = true;
    else if (is(o, 'JUSTID')) justid = true;
    else if (is(o, 'IDLE') && more) deliverytime = now - llArg(argv[++j]!, 'IDLE option argument');
    else if (is(o, 'TIME') && more) deliverytime = llArg(argv[++j]!, 'TIME option argument');
    else if (is(o, 'RETRYCOUNT') && more) retrycount = llArg(argv[++j]!, 'RETRYCOUNT option argument');
    else if (is(o, 'LASTID') && more) lastId = parseStrictId(argv[++j]!);
    else throw new RedisError(E.XCLAIM_OPTION(o));
  }
  let changed = false;
  if (lastId > g.lastId) {
    g.lastId = lastId;
    changed = true;
  }
  if (deliverytime === -1 || deliverytime < 0 || deliverytime > now) deliverytime = now;
  let cons: StreamConsumer | undefined;
  const out: Reply[] = [];
  for (const id of ids) {
    let nack = g.pel.get(id);
    const e = s.find(id);
    if (e === undefined) {
      if (nack !== undefined) {
        g.pel.delete(id);
        nack.consumer.pel.delete(id);
        changed = true;
      }
      continue;
    }
    let fresh = false;
    if (force && nack === undefined) fresh = true;
    if (nack === undefined && !fresh) continue;
    if (!fresh && minIdle > 0 && now - nack!.deliveryTime < minIdle) continue;
    cons ??= lookupConsumer(g, argv[3]!, now, true) ?? createConsumer(c, argv[1]!, g, argv[3]!, now);
    if (fresh) {
      nack = { deliveryTime: now, deliveryCount: 1, consumer: cons! };
      g.pel.set(id, nack);
      cons!.pel.set(id, nack);
    } else claimTo(g, id, cons!, nack);
    nack!.deliveryTime = deliverytime;
    if (retrycount >= 0) nack!.deliveryCount = retrycount;
    else if (!justid) nack!.deliveryCount++;
    out.push(justid ? idReply(id) : entryReply(e));
    changed = true;
  }
  if (changed || cons !== undefined) {
    c.db.modified(key);
    track(c, key)?.group(argv[2]!);
  }
  return array(out);
}

function xautoclaim(c: Ctx): Reply {
  const argv = c.argv;
  const key = argv[1]!;
  const mi = parseInt64(argv[4]!);
  if (mi === null) throw new RedisError(E.XAUTOCLAIM_MIN_IDLE);
  const minIdle = mi < 0n ? 0n : mi;
  const start = parseInterval(argv[5]!, 0n, true);
  let count = 100;
  let justid = false;
  for (let j = 6; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    if (is(argv[j]!, 'COUNT') && more) {
      const v = parseInt64(argv[j + 1]!);
      if (v === null || v < 1n || v > INT64_MAX / 16n) throw new RedisError(E.XAUTOCLAIM_COUNT);
      count = clampNum(v);
      j++;
    } else if (is(argv[j]!, 'JUSTID')) justid = true;
    else throw new RedisError(E.SYNTAX);
  }
  const s = readStream(c, key);
  const g = s?.groups.get(argv[2]!);
  if (s === undefined || g === undefined) throw new RedisError(E.NOGROUP_KEY(key, argv[2]!));
  const now = c.now;
  let attempts = count * 10;
  const claimed: Reply[] = [];
  const deleted: Reply[] = [];
  let cons: StreamConsumer | undefined;
  const pel = byId(g.pel).filter(([id]) => id >= start);
  let i = 0;
  let changed = false;
  for (; attempts > 0 && count > 0 && i < pel.length; i++) {
    attempts--;
    const [id, nack] = pel[i]!;
    const e = s.find(id);
    if (e === undefined) {
      g.pel.delete(id);
      nack.consumer.pel.delete(id);
      deleted.push(idReply(id));
      count--;
      changed = true;
      continue;
    }
    if (minIdle > 0n && BigInt(now - nack.deliveryTime) < minIdle) continue;
    cons ??= lookupConsumer(g, argv[3]!, now, true) ?? createConsumer(c, argv[1]!, g, argv[3]!, now);
    claimTo(g, id, cons!, nack);
    nack.deliveryTime = now;
    if (!justid) nack.deliveryCount++;
    claimed.push(justid ? idReply(id) : entryReply(e));
    count--;
    changed = true;
  }
  const next = i < pel.length ? pel[i]![0] : 0n;
  if (changed || cons !== undefined) {
    c.db.modified(key);
    track(c, key)?.group(argv[2]!);
  }
  return array([idReply(next), array(claimed), array(deleted)]);
}

// ---- Table ---------------------------------------------------------------------------

export const streamCommands: HandlersFor<typeof streamSpecs> = {
  xadd,
  xlen: (c) => int(readStream(c, c.argv[1]!)?.length ?? 0),
  xrange: (c) => xrange(c, false),
  xrevrange: (c) => xrange(c, true),
  xdel,
  xtrim,
  xread: (c) => xread(c, false),
  xreadgroup: (c) => xread(c, true),
  'xgroup|create': xgroup,
  'xgroup|setid': xgroup,
  'xgroup|destroy': xgroup,
  'xgroup|createconsumer': xgroup,
  'xgroup|delconsumer': xgroup,
  'xgroup|help': (c) => helpReply(c, XGROUP_HELP),
  xsetid,
  xack,
  xpending,
  xclaim,
  xautoclaim,
  'xinfo|stream': xinfoStream,
  'xinfo|groups': xinfoGroups,
  'xinfo|consumers': xinfoConsumers,
  'xinfo|help': (c) => helpReply(c, XINFO_HELP),
};

export type { StreamEntryT };
