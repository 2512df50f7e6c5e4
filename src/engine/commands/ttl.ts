import type { Ctx, HandlersFor } from '../core/command';
import { E } from '../core/errors';
import { getExpireAt, setExpireAt } from '../core/expire';
import { RedisError } from '../core/parse';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../../text/int';
import { NOTIFY, notify } from '../core/notify';
import { ONE, ZERO, int, intReply, type Reply } from '../core/reply';
import type { ttlSpecs } from '../spec/ttl';

/**
 * Key expiry. TTLs live in Db.expires as absolute engine-clock milliseconds
 * (plain numbers: no per-key objects). Lazy expiry happens in Db.lookup/peek,
 * active expiry in Engine.activeExpireCycle; every "now" is ctx.now, the
 * injected clock frozen for the command.
 */
export const ttlCommands: HandlersFor<typeof ttlSpecs> = {
  expire: (c) => expireGeneric(c, BigInt(c.now), 'seconds'),
  pexpire: (c) => expireGeneric(c, BigInt(c.now), 'ms'),
  expireat: (c) => expireGeneric(c, 0n, 'seconds'),
  pexpireat: (c) => expireGeneric(c, 0n, 'ms'),
  ttl: (c) => ttlGeneric(c, false, false),
  pttl: (c) => ttlGeneric(c, true, false),
  expiretime: (c) => ttlGeneric(c, false, true),
  pexpiretime: (c) => ttlGeneric(c, true, true),
  persist,
};

// ---- EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT ---------------------------------

interface ExpireFlags {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
}

/** Parses NX | XX | GT | LT (argv from index 3), with Redis 7.0's errors. */
function parseExpireFlags(argv: readonly string[]): ExpireFlags {
  const f: ExpireFlags = { nx: false, xx: false, gt: false, lt: false };
  for (let i = 3; i < argv.length; i++) {
    const opt = argv[i]!;
    switch (opt.toLowerCase()) {
      case 'nx':
        f.nx = true;
        break;
      case 'xx':
        f.xx = true;
        break;
      case 'gt':
        f.gt = true;
        break;
      case 'lt':
        f.lt = true;
        break;
      default:
        throw new RedisError(E.EXPIRE_UNSUPPORTED_OPTION(opt));
    }
  }
  if (f.nx && (f.xx || f.gt || f.lt)) throw new RedisError(E.EXPIRE_NX_AND_OTHERS);
  if (f.gt && f.lt) throw new RedisError(E.EXPIRE_GT_AND_LT);
  return f;
}

function expireGeneric(c: Ctx, basetime: bigint, unit: 'seconds' | 'ms'): Reply {
  const key = c.argv[1]!;
  const name = c.argv[0]!.toLowerCase();
  const flags = c.argv.length > 3 ? parseExpireFlags(c.argv) : undefined;
  let when = parseInt64(c.argv[2]!);
  if (when === null) throw new RedisError(E.NOT_INTEGER);
  if (unit === 'seconds') {
    // Redis checks the unit conversion and the addition for int64 overflow; negatives are allowed.
    if (when > INT64_MAX / 1000n || when < INT64_MIN / 1000n) throw new RedisError(E.INVALID_EXPIRE(name));
    when *= 1000n;
  }
  if (when > INT64_MAX - basetime) throw new RedisError(E.INVALID_EXPIRE(name));
  when += basetime;

  const db = c.db;
  if (db.peek(key) === undefined) return ZERO;
  if (flags !== undefined) {
    const current = getExpireAt(db, key);
    if (flags.nx && current !== undefined) return ZERO;
    if (flags.xx && current === undefined) return ZERO;
    // No TTL counts as an infinite one: GT never beats it, LT always does.
    if (flags.gt && (current === undefined || when <= current)) return ZERO;
    if (flags.lt && current !== undefined && when >= current) return ZERO;
  }
  if (when <= BigInt(c.now)) {
    // A time in the past deletes the key (Redis propagates it as a DEL).
    db.delete(key);
    notify(c, NOTIFY.GENERIC, 'del', key);
    return ONE;
  }
  setExpireAt(db, key, when);
  notify(c, NOTIFY.GENERIC, 'expire', key);
  return ONE;
}

// ---- TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST --------------------------

function ttlGeneric(c: Ctx, ms: boolean, absolute: boolean): Reply {
  const key = c.argv[1]!;
  if (c.engine.lookupNoTouch(c.db, key) === undefined) return int(-2);
  const at = getExpireAt(c.db, key);
  if (at === undefined) return int(-1);
  let ttl = absolute ? at : at - BigInt(c.now);
  if (ttl < 0n) ttl = 0n;
  // Seconds round to the nearest second, as Redis does: (ms + 500) / 1000.
  return intReply(ms ? ttl : (ttl + 500n) / 1000n);
}

function persist(c: Ctx): Reply {
  const key = c.argv[1]!;
  if (c.db.peek(key) === undefined) return ZERO;
  if (!c.db.persist(key)) return ZERO;
  notify(c, NOTIFY.GENERIC, 'persist', key);
  return ONE;
}
