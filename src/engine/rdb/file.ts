/**
 * The RDB file of Redis 7.0 (version 10), written and read from the
 * format's description (rdb.c's rdbSaveRio and rdbLoadRio):
 *
 *   "REDIS0010"
 *   AUX redis-ver, redis-bits, ctime, used-mem, aof-base   (opcode 250, two strings)
 *   FUNCTION2 <library code>                               (opcode 245), one per library
 *   per non-empty database:
 *     SELECTDB <n> (254), RESIZEDB <keys> <keys with a TTL> (251)
 *     per key: [EXPIRETIME_MS <int64 LE> (252)] [IDLE <len> (248) | FREQ <byte> (249)]
 *              <type> <key> <value>                       (values: codec.ts)
 *   EOF (255), CRC64 (Jones, of every byte before it) as 8 bytes LE
 *
 * The reader takes what redis-server 2.6 to 7.0 write (every opcode, the
 * older value encodings, a zero checksum meaning "not computed") and
 * refuses anything else with the lines Redis logs when it refuses the file
 * (RdbError.log). Reading builds a separate structure: the engine's keyspace
 * is replaced only once the whole file has been read (`applyRdb`).
 *
 * Byte strings throughout (one char per byte), like the engine's values.
 */
import type { Engine } from '../engine';
import type { Config } from '../core/config';
import type { Entry } from '../core/entry';
import { forgetEncoding } from '../core/encoding';
import { getExpireAt, setExpireAt } from '../core/expire';
import { REDIS_VERSION } from '../core/version';
import { BadFormat, RDB_VERSION, Reader, ShortRead, Writer, crc64, isObjectType, readObject, writeObject } from './codec';

const OP_FUNCTION2 = 245;
const OP_FUNCTION = 246;
const OP_MODULE_AUX = 247;
const OP_IDLE = 248;
const OP_FREQ = 249;
const OP_AUX = 250;
const OP_RESIZEDB = 251;
const OP_EXPIRETIME_MS = 252;
const OP_EXPIRETIME = 253;
const OP_SELECTDB = 254;
const OP_EOF = 255;

/** The name Redis gives the file unless told otherwise (`dbfilename`). */
export const DEFAULT_DBFILENAME = 'dump.rdb';

/** Redis's log line when a file ends early or a value in it cannot be read (rdbLoadRio's eoferr). */
export const SHORT_READ = 'Short read or OOM loading DB. Unrecoverable error, aborting now.';

/** Why a file was refused: the lines redis-server logs before it gives up on it. */
export class RdbError extends Error {
  constructor(readonly log: readonly string[]) {
    super(log.join('\n'));
  }
}

export interface RdbKey {
  readonly key: string;
  readonly entry: Entry;
  /** Absolute expiry in ms, or undefined. */
  readonly expireAt: bigint | undefined;
  /** LRU idle time in seconds (IDLE opcode), or -1. */
  readonly idle: number;
  /** LFU counter (FREQ opcode), or -1. */
  readonly freq: number;
}

export interface RdbFile {
  readonly version: number;
  /** AUX fields in file order. */
  readonly aux: readonly (readonly [string, string])[];
  /** Function libraries' code. */
  readonly functions: readonly string[];
  /** Keys by database number. */
  readonly dbs: ReadonlyMap<number, readonly RdbKey[]>;
  /** Empty values skipped, as Redis skips them ("rdbLoadObject skipping empty key"). */
  readonly emptySkipped: number;
}

export interface WriteOptions {
  /** Wall-clock seconds for the `ctime` field (defaults to the engine clock). */
  readonly ctime?: number;
  /** The file is the base of an AOF (aof-base 1). */
  readonly aofBase?: boolean;
}

/** The whole keyspace and function libraries as an RDB file (rdbSaveRio). */
export function writeRdb(engine: Engine, opts: WriteOptions = {}): string {
  const w = new Writer();
  const now = engine.clock.now();
  w.raw(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
  const aux = (k: string, v: string) => {
    w.byte(OP_AUX);
    w.string(k);
    w.string(v);
  };
  aux('redis-ver', REDIS_VERSION);
  aux('redis-bits', '64');
  aux('ctime', String(opts.ctime ?? Math.floor(now / 1000)));
  aux('used-mem', String(engine.memory.used()));
  aux('aof-base', opts.aofBase === true ? '1' : '0');
  for (const code of engine.scripting.libraryCodes()) {
    w.byte(OP_FUNCTION2);
    w.string(code);
  }
  const policy = engine.config.maxmemoryPolicy;
  const saveLru = policy.endsWith('-lru');
  const saveLfu = policy.endsWith('-lfu');
  for (const db of engine.dbs) {
    const keys: [string, Entry, bigint | undefined][] = [];
    let withTtl = 0;
    for (const [key, entry] of db.data.view()) {
      const at = getExpireAt(db, key);
      if (at !== undefined && at <= BigInt(now)) continue;
      if (at !== undefined) withTtl++;
      keys.push([key, entry, at]);
    }
    if (keys.length === 0) continue;
    w.byte(OP_SELECTDB);
    w.len(db.id);
    w.byte(OP_RESIZEDB);
    w.len(keys.length);
    w.len(withTtl);
    for (const [key, entry, at] of keys) {
      if (at !== undefined) {
        w.byte(OP_EXPIRETIME_MS);
        w.millis(at);
      }
      if (saveLru) {
        w.byte(OP_IDLE);
        w.len(engine.memory.idleSeconds(db.id, key));
      } else if (saveLfu) {
        const st = engine.memory.stat(db.id, key);
        w.byte(OP_FREQ);
        w.byte(st === undefined ? 0 : engine.memory.lfuDecayed(st, now));
      }
      // The type byte comes first, then the key, then the value.
      const value = new Writer();
      writeObject(value, entry, engine.config);
      const v = value.done();
      w.byte(v.charCodeAt(0));
      w.string(key);
      w.raw(v.slice(1));
    }
  }
  w.byte(OP_EOF);
  const body = w.done();
  return body + crc64(body);
}

const hex = (s: string): string => {
  let v = 0n;
  for (let k = s.length - 1; k >= 0; k--) v = (v << 8n) | BigInt(s.charCodeAt(k));
  return v.toString(16);
};

/** Redis's report of a failure inside the file (rdbReportError), with where reading stopped. */
function internal(offset: number, reason: string): string {
  return `Internal error in RDB reading offset ${offset} -> ${reason}`;
}

export interface ReadOptions {
  readonly config: Config;
  /** How many databases the reader has (`databases`): a file naming a higher one is refused. */
  readonly databases: number;
}

/**
 * Reads a whole RDB file; throws RdbError with Redis's log lines when the
 * file is not one, is of a later version, ends early, is corrupt or fails
 * its checksum.
 */
export function readRdb(data: string, opts: ReadOptions): RdbFile {
  if (data.length < 9) throw new RdbError([SHORT_READ, internal(0, 'Unexpected EOF reading RDB file')]);
  if (data.slice(0, 5) !== 'REDIS') throw new RdbError(['Wrong signature trying to load DB from file']);
  const verText = data.slice(5, 9);
  const version = /^[0-9]+/.test(verText) ? parseInt(verText, 10) : 0;
  if (version < 1 || version > RDB_VERSION) throw new RdbError([`Can't handle RDB format version ${version}`]);
  const r = new Reader(data, data.length);
  r.pos = 9;
  const aux: [string, string][] = [];
  const functions: string[] = [];
  const dbs = new Map<number, RdbKey[]>();
  let emptySkipped = 0;
  let db = 0;
  let expireAt: bigint | undefined;
  let idle = -1;
  let freq = -1;
  try {
    for (;;) {
      const type = r.byte();
      if (type === OP_EXPIRETIME) {
        expireAt = BigInt(readLe32(r.bytes(4))) * 1000n;
        continue;
      }
      if (type === OP_EXPIRETIME_MS) {
        const raw = r.bytes(8);
        let v = 0n;
        for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(raw.charCodeAt(k));
        // Files before version 9 wrote this in the machine's byte order; every Redis that did ran little-endian.
        expireAt = BigInt.asIntN(64, v);
        continue;
      }
      if (type === OP_FREQ) {
        freq = r.byte();
        continue;
      }
      if (type === OP_IDLE) {
        idle = Number(r.lenBig());
        continue;
      }
      if (type === OP_EOF) break;
      if (type === OP_SELECTDB) {
        const n = r.lenBig();
        if (n >= BigInt(opts.databases)) {
          throw new RdbError([`FATAL: Data file was created with a Redis server configured to handle more than ${opts.databases} databases. Exiting`]);
        }
        db = Number(n);
        continue;
      }
      if (type === OP_RESIZEDB) {
        r.lenBig();
        r.lenBig();
        continue;
      }
      if (type === OP_AUX) {
        const k = r.string();
        const v = r.string();
        aux.push([k, v]);
        continue;
      }
      if (type === OP_MODULE_AUX) {
        r.lenBig();
        throw new BadFormat("The RDB file contains AUX module data I can't load: no matching module");
      }
      if (type === OP_FUNCTION2) {
        functions.push(r.string());
        continue;
      }
      if (type === OP_FUNCTION) {
        // 7.0 rc1/rc2: name, engine name, optional description, code.
        r.string();
        r.string();
        if (r.byte() !== 0) r.string();
        functions.push(r.string());
        continue;
      }
      if (!isObjectType(type)) throw new BadFormat(`Unknown RDB encoding type ${type}`);
      if (type === 6 || type === 7) {
        r.string();
        throw new BadFormat("The RDB file contains module data I can't load: no matching module type");
      }
      const key = r.string();
      const entry = readObject(r, type, opts.config);
      if (entry === undefined) emptySkipped++;
      else {
        let list = dbs.get(db);
        if (list === undefined) dbs.set(db, (list = []));
        list.push({ key, entry, expireAt, idle, freq });
      }
      expireAt = undefined;
      idle = -1;
      freq = -1;
    }
    if (version >= 5) {
      const expected = crc64(data, r.pos);
      const got = r.bytes(8);
      if (got !== '\0\0\0\0\0\0\0\0' && got !== expected) {
        throw new RdbError([`Wrong RDB checksum expected: (${hex(expected)}) but got (${hex(got)}). Aborting now.`, internal(r.pos, 'RDB CRC error')]);
      }
    }
  } catch (e) {
    if (e instanceof RdbError) throw e;
    if (e instanceof ShortRead) throw new RdbError([SHORT_READ, internal(r.pos, e.message)]);
    if (e instanceof BadFormat) throw new RdbError([internal(r.pos, e.message)]);
    throw e;
  }
  for (const [d, list] of dbs) {
    const seen = new Set<string>();
    for (const k of list) {
      if (seen.has(k.key)) throw new RdbError([`RDB has duplicated key '${k.key}' in DB ${d}`, 'Duplicated key found in RDB file']);
      seen.add(k.key);
    }
  }
  return { version, aux, functions, dbs, emptySkipped };
}

function readLe32(s: string): number {
  return (s.charCodeAt(0) | (s.charCodeAt(1) << 8) | (s.charCodeAt(2) << 16) | (s.charCodeAt(3) << 24)) >>> 0;
}

export interface LoadSummary {
  readonly loaded: number;
  /** Keys whose expiry had passed, left out (rdb_last_load_keys_expired). */
  readonly expired: number;
}

export interface ApplyOptions {
  /**
   * Replace the keys as one change the engine reports (deletions and writes
   * its listeners see, like a command's: a host's views, saver and
   * timeline follow), named by `argv`. Otherwise the keys are placed
   * directly, as at start-up.
   */
  readonly tracked?: { readonly argv: readonly string[] };
}

/**
 * Replaces the engine's keyspace and function libraries with a file's
 * (emptyData, then rdbLoad). A library that does not load leaves
 * everything as it was and throws RdbError. Keys whose time has passed stay
 * out, as a master drops them while loading.
 */
export function applyRdb(engine: Engine, file: RdbFile, opts: ApplyOptions = {}): LoadSummary {
  const before = engine.scripting.libraryCodes();
  engine.scripting.flushLibraries();
  const failed = engine.scripting.restoreLibraries(file.functions);
  if (failed.length > 0) {
    engine.scripting.flushLibraries();
    engine.scripting.restoreLibraries(before);
    throw new RdbError([`Failed loading library, ${failed[0]!}`, SHORT_READ]);
  }
  const now = BigInt(engine.clock.now());
  let loaded = 0;
  let expired = 0;
  const usage: [number, RdbKey][] = [];
  const place = (direct: boolean) => {
    for (const db of engine.dbs) {
      if (direct) {
        db.data.clear();
        db.expires.clear();
      } else for (const k of [...db.data.keys()]) db.delete(k);
    }
    for (const [d, list] of file.dbs) {
      const db = engine.dbs[d]!;
      for (const k of list) {
        if (k.expireAt !== undefined && k.expireAt < now) {
          expired++;
          continue;
        }
        forgetEncoding(k.entry);
        if (direct) db.data.set(k.key, k.entry);
        else db.set(k.key, k.entry);
        if (k.expireAt !== undefined) setExpireAt(db, k.key, k.expireAt);
        loaded++;
        if (k.idle >= 0 || k.freq >= 0) usage.push([d, k]);
      }
    }
  };
  if (opts.tracked === undefined) {
    place(true);
    for (const db of engine.dbs) db.reindex();
    engine.memory.rebuild();
  } else {
    engine.hostChange(0, opts.tracked.argv[0]!.toLowerCase(), opts.tracked.argv, 0, () => place(false));
  }
  // objectSetLRUOrLFU: the access information the file carried.
  const nowMs = engine.clock.now();
  const lfu = engine.config.maxmemoryPolicy.endsWith('-lfu');
  for (const [d, k] of usage) {
    const st = engine.memory.stat(d, k.key);
    if (st === undefined) continue;
    if (lfu && k.freq >= 0) st.lru = ((Math.floor(nowMs / 60000) & 0xffff) << 8) | k.freq;
    else if (!lfu && k.idle >= 0) {
      const clock = Math.floor(nowMs / 1000) & 0xffffff;
      st.lru = (((clock - k.idle) % 0x1000000) + 0x1000000) % 0x1000000;
    }
  }
  engine.persistence.loaded(loaded, expired);
  return { loaded, expired };
}

/** The log line Redis writes once a file has loaded. */
export function loadedLine(s: LoadSummary, emptySkipped = 0): string {
  return emptySkipped > 0
    ? `Done loading RDB, keys loaded: ${s.loaded}, keys expired: ${s.expired}, empty keys skipped: ${emptySkipped}.`
    : `Done loading RDB, keys loaded: ${s.loaded}, keys expired: ${s.expired}.`;
}
