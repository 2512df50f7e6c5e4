import type { Ctx } from '../../core/command';
import { isSharedInteger, objectEncoding, stringEncoding } from '../../core/encoding';
import { stringEntry, type Entry } from '../../core/entry';
import { E } from '../../core/errors';
import { helpReply } from '../../core/help';
import { keyUsage, lpEntrySize } from '../../core/memory';
import { RedisError } from '../../core/parse';
import { parseInt64 } from '../../../text/int';
import { NIL, OK, array, bulk, int, simple, type Reply } from '../../core/reply';
import { restoreSnapshot, takeSnapshot } from '../../core/snapshot';
import type { HandlersFor } from '../../core/command';
import type { serverSpecs } from '../../spec/server';

export const debugCommands = {
  debug,
} satisfies Partial<HandlersFor<typeof serverSpecs>>;

/**
 * DEBUG: the subcommands a playground can honour.
 *
 * DEBUG SLEEP never blocks: the engine runs in the browser's worker and a
 * real sleep would freeze every terminal. It validates its argument and
 * replies OK at once (`engine.debugSleepMs` accumulates the requested time
 * for hosts that want to show it). Crashing subcommands (SEGFAULT, PANIC,
 * RESTART ...) are not available.
 */
function debug(c: Ctx): Reply {
  const argv = c.argv;
  const sub = argv[1]!.toLowerCase();
  const n = argv.length;
  if (sub === 'help' && n === 2) return helpReply(c, DEBUG_HELP);
  // No time passes: a sleeping engine would freeze the learner's tab.
  if (sub === 'sleep' && n === 3) return OK;
  if (sub === 'set-active-expire' && n === 3) {
    c.engine.activeExpireEnabled = atoi(argv[2]!) !== 0;
    return OK;
  }
  if (sub === 'log' && n === 3) return OK;
  if (sub === 'error' && n === 3) return { t: 'error', v: argv[2]!.replace(/[\r\n]/g, ' ') };
  if (sub === 'populate' && n >= 3 && n <= 5) return populate(c);
  if (sub === 'object' && n === 3) return debugObject(c);
  if (sub === 'reload') return reload(c);
  if (sub === 'protocol' && n === 3) return protocol(c, argv[2]!.toLowerCase());
  if (sub === 'change-repl-id' && n === 2) return OK;
  if (sub === 'quicklist-packed-threshold' && n === 3) return OK;
  if (sub === 'stringmatch-test' && n === 2) return simple('Apparently Redis did not crash: test passed');
  throw new RedisError(E.SUBCOMMAND_SYNTAX(argv[1]!, 'debug'));
}


/** C's atoi: leading spaces, optional sign, digits; anything else stops the parse. */
function atoi(s: string): number {
  const m = /^\s*([+-]?[0-9]+)/.exec(s);
  return m === null ? 0 : Number.parseInt(m[1]!, 10);
}

/** getPositiveLongFromObjectOrReply. */
function positiveLong(s: string): number {
  const v = parseInt64(s);
  if (v === null || v < 0n) throw new RedisError('ERR value is out of range, must be positive');
  return Number(v);
}

/**
 * DEBUG POPULATE count [prefix] [size]: string keys `prefix:N` holding
 * `value:N` (or `size` bytes: that text padded with zero bytes). Existing
 * keys are skipped. Refused with OOM up front when the keys would not fit
 * under maxmemory, so a huge count cannot exhaust the browser tab.
 */
function populate(c: Ctx): Reply {
  const count = positiveLong(c.argv[2]!);
  const prefix = c.argv.length >= 4 ? c.argv[3]! : 'key';
  const size = c.argv.length === 5 ? positiveLong(c.argv[4]!) : 0;
  // Estimate: key sds + dictEntry + value object, from the last key's shape.
  const sample = `${prefix}:${Math.max(0, count - 1)}`;
  const valueLen = size > 0 ? size : `value:${Math.max(0, count - 1)}`.length;
  const perKey = keyUsage(sample, { type: 'string', value: 'x'.repeat(Math.min(valueLen, 64)) }, c.engine.config) + Math.max(0, valueLen - 64);
  c.engine.memory.checkGrowth(perKey * count);
  const pad = size > 0 ? '\0'.repeat(size) : '';
  // An empty database holds none of the keys: no lookup before each add.
  const fresh = c.db.size === 0;
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`;
    if (!fresh && c.db.peek(key) !== undefined) continue;
    const text = `value:${j}`;
    const value = size === 0 ? text : size <= text.length ? text.slice(0, size) : text + pad.slice(text.length);
    c.db.add(key, stringEntry(value));
    if ((j & 4095) === 4095) {
      c.engine.memory.settle();
      c.engine.memory.checkGrowth(0);
    }
  }
  return OK;
}

/** DEBUG OBJECT key: Redis's one-line summary (the address is synthetic). */
function debugObject(c: Ctx): Reply {
  const key = c.argv[2]!;
  const e = c.db.peek(key);
  if (e === undefined) throw new RedisError(E.NO_SUCH_KEY);
  const enc = objectEncoding(e, c.engine.config);
  const refcount = isSharedInteger(c.engine.config, e) ? 2147483647 : 1;
  const st = c.engine.memory.stat(c.db.id, key);
  const lru = st === undefined ? 0 : st.lru;
  const idle = c.engine.memory.idleSeconds(c.db.id, key);
  let extra = '';
  if (enc === 'quicklist' && e.type === 'list') {
    const fill = c.engine.config.num('list-max-listpack-size');
    let bytes = 0;
    for (const v of e.value) bytes += lpEntrySize(v);
    const limit = fill >= 0 ? Infinity : [4096, 8192, 16384, 32768, 65536][Math.min(-fill, 5) - 1]!;
    const nodes = Math.max(1, fill > 0 ? Math.ceil(e.value.length / fill) : Math.ceil(bytes / limit));
    extra =
      ` ql_nodes:${nodes} ql_avg_node:${(e.value.length / nodes).toFixed(2)} ql_listpack_max:${fill}` +
      ` ql_compressed:${c.engine.config.num('list-compress-depth') !== 0 ? 1 : 0} ql_uncompressed_size:${bytes + 7 * nodes}`;
  }
  const addr = `0x7f${(hashOf(key) >>> 0).toString(16).padStart(8, '0')}00`;
  return simple(
    `Value at:${addr} refcount:${refcount} encoding:${enc} serializedlength:${serializedLength(e)} lru:${lru} lru_seconds_idle:${idle}${extra}`,
  );
}

function hashOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h;
}

/** An estimate of rdbSavedObjectLen (length-prefixed strings, no compression). */
function serializedLength(e: Entry): number {
  const str = (s: string): number => {
    if (s.length <= 11 && stringEncoding(s) === 'int') {
      const v = Number(s);
      return v >= -128 && v <= 127 ? 2 : v >= -32768 && v <= 32767 ? 3 : v >= -2147483648 && v <= 2147483647 ? 5 : s.length + 1;
    }
    const n = s.length;
    return n + (n < 64 ? 1 : n < 16384 ? 2 : 5);
  };
  switch (e.type) {
    case 'string':
      return str(e.value);
    case 'list': {
      let t = 1;
      for (const v of e.value) t += str(v);
      return t;
    }
    case 'set': {
      let t = 1;
      for (const v of e.value) t += str(v);
      return t;
    }
    case 'hash': {
      let t = 1;
      for (const [f, v] of e.value) t += str(f) + str(v);
      return t;
    }
    default:
      return 1;
  }
}

/**
 * DEBUG RELOAD: Redis saves the dataset and loads it back. Here the save is
 * the engine's snapshot (what the browser persists) and the load is its
 * restore, so every key goes through that round trip: values are rebuilt,
 * take the encoding their contents call for (one-way conversions undone),
 * and expired keys stay out. NOSAVE would load a dump file from disk, and
 * there is none: it fails as Redis does without one.
 */
function reload(c: Ctx): Reply {
  let save = true;
  for (let i = 2; i < c.argv.length; i++) {
    const o = c.argv[i]!.toUpperCase();
    if (o !== 'MERGE' && o !== 'NOFLUSH' && o !== 'NOSAVE') throw new RedisError(E.SYNTAX);
    if (o === 'NOSAVE') save = false;
  }
  if (!save) throw new RedisError(E.DEBUG_RELOAD_FAILED);
  // Both steps before any change: a keyspace that cannot be saved stays as it is.
  const snap = takeSnapshot(c.engine);
  restoreSnapshot(c.engine, snap);
  return OK;
}

function protocol(c: Ctx, name: string): Reply {
  switch (name) {
    case 'string':
      return bulk('Hello World');
    case 'integer':
      return int(12345);
    case 'double':
      return { t: 'double', v: 3.141 };
    case 'bignum':
      return { t: 'bignum', v: '1234567999999999999999999999999999999' };
    case 'null':
      return NIL;
    case 'array':
      return array([int(0), int(1), int(2)]);
    case 'set':
      return { t: 'set', v: [int(0), int(1), int(2)] };
    case 'map':
      return { t: 'map', v: [0, 1, 2].map((j) => [int(j), { t: 'bool', v: j === 1 }] as const) };
    case 'attrib':
      return bulk('Some real reply following the attribute');
    case 'push':
      if (c.client.resp < 3) throw new RedisError('ERR RESP2 is not supported by this command');
      c.client.send({ t: 'push', v: [bulk('server-cpu-usage'), int(42)] });
      return bulk('Some real reply following the push reply');
    case 'true':
      return { t: 'bool', v: true };
    case 'false':
      return { t: 'bool', v: false };
    case 'verbatim':
      return { t: 'verbatim', format: 'txt', v: 'This is a verbatim\nstring' };
    default:
      throw new RedisError(
        'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
      );
  }
}

const DEBUG_HELP = [
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  '    Dangerous: should be used only for testing the replication subsystem.',
  'ERROR <string>',
  '    Return a Redis protocol error with <string> as message. Useful for clients',
  '    unit tests to simulate Redis errors.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>. If <prefix> is specified then',
  '    it is used instead of the \'key\' prefix. These are not propagated to',
  '    replicas. Cluster slots are not respected so keys not belonging to the',
  '    current node can be created in cluster mode.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'RELOAD [option ...]',
  '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
  '    * MERGE: conflicting keys will be loaded from RDB.',
  '    * NOFLUSH: the existing database will not be removed before load, but',
  '      conflicting keys will generate an exception and kill the server.',
  '    * NOSAVE: the database will be loaded from an existing RDB file.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Setting it to 0 disables expiring keys in background when they are not',
  '    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the',
  '    default.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
];
