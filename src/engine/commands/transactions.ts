import type { Ctx, Handler } from '../core/command';
import { E } from '../core/errors';
import { discardTransaction, unwatchAll } from '../core/multi';
import { RedisError } from '../core/parse';
import { NIL_ARRAY, OK, array, type Reply } from '../core/reply';

/**
 * MULTI/EXEC/DISCARD/WATCH/UNWATCH with Redis 7.0's semantics.
 *
 * Queueing happens in Engine.exec while `client.multi` is set; a queue-time
 * error (unknown command, wrong arity, OOM) sets `multi.dirty` and EXEC then
 * answers EXECABORT. WATCH registers the key with its Db, which sets
 * `client.dirtyCas` on any modification by any client (writes, deletions,
 * expiries, FLUSHDB/FLUSHALL, SWAPDB); EXEC then answers a null array.
 */
export const transactionCommands: Record<string, Handler> = {
  multi,
  exec,
  discard,
  watch,
  unwatch,
};

function multi(c: Ctx): Reply {
  if (c.client.multi !== undefined) throw new RedisError(E.MULTI_NESTED);
  c.client.multi = { queue: [], dirty: false };
  return OK;
}

function discard(c: Ctx): Reply {
  if (c.client.multi === undefined) throw new RedisError(E.DISCARD_WITHOUT_MULTI);
  discardTransaction(c.engine, c.client);
  return OK;
}

function exec(c: Ctx): Reply {
  const client = c.client;
  const tx = client.multi;
  if (tx === undefined) throw new RedisError(E.EXEC_WITHOUT_MULTI);
  // A watched key that expired since WATCH counts as modified.
  for (const wk of client.watching) {
    if (!wk.expired && c.engine.dbs[wk.db]!.isLogicallyExpired(wk.key)) client.dirtyCas = true;
  }
  if (tx.dirty) {
    discardTransaction(c.engine, client);
    throw new RedisError(E.EXECABORT);
  }
  if (client.dirtyCas) {
    discardTransaction(c.engine, client);
    return NIL_ARRAY;
  }
  discardTransaction(c.engine, client);
  const wasInExec = client.inExec;
  client.inExec = true;
  const replies: Reply[] = [];
  try {
    for (const argv of tx.queue) {
      // A command cannot block inside EXEC (inExec); undefined only if one ignored that.
      replies.push(c.engine.runArgv(client, argv) ?? NIL_ARRAY);
    }
  } finally {
    client.inExec = wasInExec;
  }
  return array(replies);
}

function watch(c: Ctx): Reply {
  const client = c.client;
  if (client.multi !== undefined) throw new RedisError(E.WATCH_INSIDE_MULTI);
  // No point in watching once a watched key was touched: EXEC will fail anyway.
  if (client.dirtyCas) return OK;
  const dbIndex = client.db;
  for (let i = 1; i < c.argv.length; i++) {
    const key = c.argv[i]!;
    if (client.watching.some((w) => w.db === dbIndex && w.key === key)) continue;
    const wk = { db: dbIndex, key, expired: c.db.isLogicallyExpired(key), client };
    c.db.watch(wk);
    client.watching.push(wk);
  }
  return OK;
}

function unwatch(c: Ctx): Reply {
  unwatchAll(c.engine, c.client);
  return OK;
}
