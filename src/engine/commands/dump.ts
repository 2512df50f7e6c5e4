/**
 * DUMP and RESTORE with Redis 7.0's serialization format (see rdb.ts).
 */
import { track } from '../core/changes';
import type { Ctx, HandlersFor } from '../core/command';
import { forgetEncoding } from '../core/encoding';
import { E } from '../core/errors';
import { NOTIFY, notify } from '../core/notify';
import { RedisError, is, parseInt64Arg } from '../core/parse';
import { NIL, OK, bulk, type Reply } from '../core/reply';
import { dumpEntry, loadPayload, verifyPayload } from '../rdb/codec';
import type { dumpSpecs } from '../spec/dump';

export const dumpCommands: HandlersFor<typeof dumpSpecs> = {
  dump,
  restore,
};

function dump(c: Ctx): Reply {
  const e = c.db.lookup(c.argv[1]!);
  if (e === undefined) return NIL;
  return bulk(dumpEntry(e, c.engine.config));
}

function restore(c: Ctx): Reply {
  const argv = c.argv;
  let replace = false;
  let absttl = false;
  let idle = -1n;
  let freq = -1n;
  for (let j = 4; j < argv.length; j++) {
    const more = argv.length - j - 1;
    const a = argv[j]!;
    if (is(a, 'REPLACE')) replace = true;
    else if (is(a, 'ABSTTL')) absttl = true;
    else if (is(a, 'IDLETIME') && more >= 1 && freq === -1n) {
      idle = parseInt64Arg(argv[++j]!);
      if (idle < 0n) throw new RedisError(E.RESTORE_IDLETIME);
    } else if (is(a, 'FREQ') && more >= 1 && idle === -1n) {
      freq = parseInt64Arg(argv[++j]!);
      if (freq < 0n || freq > 255n) throw new RedisError(E.RESTORE_FREQ);
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  const key = argv[1]!;
  if (!replace && c.db.peek(key) !== undefined) throw new RedisError(E.BUSYKEY);
  let ttl = parseInt64Arg(argv[2]!);
  if (ttl < 0n) throw new RedisError(E.RESTORE_TTL);
  const payload = argv[3]!;
  if (!verifyPayload(payload)) throw new RedisError(E.DUMP_PAYLOAD);
  const entry = loadPayload(payload, c.engine.config);
  if (entry === undefined) throw new RedisError(E.BAD_DATA_FORMAT);
  const deleted = replace && c.db.delete(key);
  if (ttl !== 0n && !absttl) ttl += BigInt(c.now);
  if (ttl !== 0n && ttl <= BigInt(c.now)) {
    if (deleted) notify(c, NOTIFY.GENERIC, 'del', key);
    return OK;
  }
  forgetEncoding(entry);
  c.db.add(key, entry);
  if (deleted) track(c, key)?.overwritten();
  if (ttl !== 0n) c.db.setExpire(key, Number(ttl));
  const st = c.engine.memory.stat(c.db.id, key);
  if (st !== undefined) {
    if (c.engine.config.maxmemoryPolicy.endsWith('-lfu')) {
      if (freq >= 0n) st.lru = ((Math.floor(c.now / 60000) & 0xffff) << 8) | Number(freq);
    } else if (idle >= 0n) {
      const clock = Math.floor(c.now / 1000) & 0xffffff;
      let abs = clock - Number(idle);
      if (abs < 0) abs = (((abs % 0x1000000) + 0x1000000) % 0x1000000);
      st.lru = abs;
    }
  }
  notify(c, NOTIFY.GENERIC, 'restore', key);
  return OK;
}
