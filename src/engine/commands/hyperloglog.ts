/**
 * HyperLogLog commands (Redis 7.0's hyperloglog.c semantics): PFADD,
 * PFCOUNT, PFMERGE and PFDEBUG. An HLL is a string value in Redis's own
 * layout (see types/hll.ts), so TYPE says string and GET shows its bytes.
 */
import type { Ctx, Handler } from '../core/command';
import type { EntryOf } from '../core/entry';
import { markRaw } from '../core/encoding';
import { E } from '../core/errors';
import { NOTIFY, notify } from '../core/notify';
import { track } from '../core/changes';
import { RedisError } from '../core/parse';
import { ONE, OK, ZERO, array, bulk, int, intReply, type Reply } from '../core/reply';
import { HLL_REGISTERS, Hll, countRegisters } from '../types/hll';

export const hyperloglogCommands: Record<string, Handler> = {
  pfadd,
  pfcount,
  pfmerge,
  pfdebug,
};

/**
 * Decoded HLLs by entry, with the value they were decoded from (or last
 * written to): a key that PFADD keeps adding to is decoded once, not at
 * every command. Every command that changes a decoded HLL writes it back.
 */
const decoded = new WeakMap<EntryOf<'string'>, { value: string; hll: Hll }>();

/** The HLL in a string entry; WRONGTYPE (the HLL variant) when the string is not one. */
function readHll(e: EntryOf<'string'>): Hll {
  const known = decoded.get(e);
  if (known !== undefined && known.value === e.value) return known.hll;
  const hll = Hll.parse(e.value);
  if (hll === undefined) throw new RedisError(E.HLL_WRONGTYPE);
  decoded.set(e, { value: e.value, hll });
  return hll;
}

const sparseMax = (c: Ctx): number => c.engine.config.num('hll-sparse-max-bytes');

/**
 * Writes an HLL back to its key. Redis edits the string in place, which
 * makes it `raw` whatever its length (dbUnshareStringValue).
 */
function store(c: Ctx, key: string, e: EntryOf<'string'> | undefined, hll: Hll): EntryOf<'string'> {
  const value = hll.toString();
  let entry = e;
  if (entry === undefined) {
    entry = { type: 'string', value };
    c.db.add(key, entry);
  } else {
    entry.value = value;
    track(c, key)?.replace();
  }
  markRaw(entry);
  decoded.set(entry, { value, hll });
  return entry;
}

function pfadd(c: Ctx): Reply {
  const key = c.argv[1]!;
  let e = c.db.getForWrite(key, 'string');
  let hll: Hll;
  let updated = 0;
  if (e === undefined) {
    hll = Hll.empty();
    e = store(c, key, undefined, hll);
    updated++;
  } else {
    hll = readHll(e);
    markRaw(e);
  }
  const max = sparseMax(c);
  for (let j = 2; j < c.argv.length; j++) {
    const r = hll.add(c.argv[j]!, max);
    if (r === -1) {
      // Registers already raised stay raised, as in Redis.
      store(c, key, e, hll);
      throw new RedisError(E.HLL_INVALID);
    }
    updated += r;
  }
  if (updated > 0) {
    hll.invalidateCache();
    store(c, key, e, hll);
    c.db.replaced(key, e, true);
    notify(c, NOTIFY.STRING, 'pfadd', key);
  }
  return updated > 0 ? ONE : ZERO;
}

function pfcount(c: Ctx): Reply {
  const argv = c.argv;
  if (argv.length > 2) {
    // The cardinality of the union, computed on merged registers; no cache.
    const max = new Uint8Array(HLL_REGISTERS);
    for (let j = 1; j < argv.length; j++) {
      const e = c.db.get(argv[j]!, 'string');
      if (e === undefined) continue;
      if (!readHll(e).mergeInto(max)) throw new RedisError(E.HLL_INVALID);
    }
    return intReply(countRegisters(max));
  }
  const key = argv[1]!;
  const e = c.db.get(key, 'string');
  if (e === undefined) return ZERO;
  const hll = readHll(e);
  markRaw(e);
  const cached = hll.cachedCount();
  if (cached !== undefined) return intReply(cached);
  const n = hll.count();
  if (n === undefined) throw new RedisError(E.HLL_INVALID);
  // The count is cached in the value itself: a read that writes.
  hll.setCachedCount(n);
  store(c, key, e, hll);
  c.db.replaced(key, e, true);
  return intReply(n);
}

function pfmerge(c: Ctx): Reply {
  const argv = c.argv;
  const max = new Uint8Array(HLL_REGISTERS);
  let dense = false;
  // The destination's own registers are part of the union.
  for (let j = 1; j < argv.length; j++) {
    const e = c.db.get(argv[j]!, 'string');
    if (e === undefined) continue;
    const hll = readHll(e);
    if (hll.encoding === 'dense') dense = true;
    if (!hll.mergeInto(max)) throw new RedisError(E.HLL_INVALID);
  }
  const key = argv[1]!;
  const e = c.db.getForWrite(key, 'string');
  const hll = e === undefined ? Hll.empty() : readHll(e);
  if (dense && !hll.toDense()) throw new RedisError(E.HLL_INVALID);
  const limit = sparseMax(c);
  for (let i = 0; i < HLL_REGISTERS; i++) if (max[i] !== 0) hll.set(i, max[i]!, limit);
  hll.invalidateCache();
  const stored = store(c, key, e, hll);
  c.db.replaced(key, stored, true);
  notify(c, NOTIFY.STRING, 'pfadd', key);
  return OK;
}

function pfdebug(c: Ctx): Reply {
  const sub = c.argv[1]!;
  const key = c.argv[2]!;
  const e = c.db.getForWrite(key, 'string');
  if (e === undefined) throw new RedisError(E.HLL_NO_KEY);
  const hll = readHll(e);
  markRaw(e);
  switch (sub.toLowerCase()) {
    case 'getreg': {
      if (hll.encoding === 'sparse') {
        if (!hll.toDense()) throw new RedisError(E.HLL_INVALID);
        store(c, key, e, hll);
      }
      return array(hll.registers().map((v) => int(v)));
    }
    case 'decode':
      if (hll.encoding !== 'sparse') throw new RedisError(E.HLL_NOT_SPARSE);
      return bulk(hll.decode());
    case 'encoding':
      return { t: 'simple', v: hll.encoding };
    case 'todense': {
      if (hll.encoding === 'dense') return ZERO;
      if (!hll.toDense()) throw new RedisError(E.HLL_INVALID);
      store(c, key, e, hll);
      return ONE;
    }
    default:
      throw new RedisError(E.HLL_UNKNOWN_DEBUG(sub));
  }
}
