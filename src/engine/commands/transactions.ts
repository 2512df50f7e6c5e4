import type { Ctx, HandlersFor } from '../core/command';
import { E } from '../core/errors';
import { discardTransaction, unwatchAll } from '../core/multi';
import { RedisError } from '../core/parse';
import { NIL_ARRAY, OK, array, err, type Reply } from '../core/reply';
import { DENIED, type Denied } from '../core/acl';
import type { transactionSpecs } from '../spec/transactions';

/**
 * MULTI/EXEC/DISCARD/WATCH/UNWATCH with Redis 7.0's semantics.
 *
 * Queueing happens in Engine.exec while `client.multi` is set; a queue-time
 * error (unknown command, wrong arity, OOM) sets `multi.dirty` and EXEC then
 * answers EXECABORT. WATCH registers the key with its Db, which sets
 * `client.dirtyCas` on any modification by any client (writes, deletions,
 * expiries, FLUSHDB/FLUSHALL, SWAPDB); EXEC then answers a null array.
 */
export const transactionCommands: HandlersFor<typeof transactionSpecs> = {
  multi,
  exec,
  discard,
  watch,
  unwatch,
};

/** Why EXEC refuses a queued command the ACL rules no longer allow. */
const EXEC_DENIED: Readonly<Record<Denied, string>> = {
  [DENIED.CMD]: 'no permission to execute the command or subcommand',
  [DENIED.KEY]: 'no permission to touch the specified keys',
  [DENIED.AUTH]: 'no permission',
  [DENIED.CHANNEL]: 'no permission to access one of the channels used as arguments',
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
      // ACL rules are checked again: they may have changed since the command was queued.
      const cmd = c.engine.lookup(argv);
      const denied = typeof cmd === 'string' ? undefined : c.engine.aclCheck(client, cmd.spec, argv, 'multi');
      if (denied !== undefined) {
        replies.push(err(E.NOPERM_EXEC(EXEC_DENIED[denied])));
        continue;
      }
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
