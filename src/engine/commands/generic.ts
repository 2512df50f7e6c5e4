import type { Ctx, Handler } from '../core/command';
import { E } from '../core/errors';
import { globMatch } from '../core/glob';
import { RedisError, is } from '../core/parse';
import { OK, PONG, bulk, bulks, int, simple, type Reply } from '../core/reply';

export const genericCommands: Record<string, Handler> = {
  ping,
  echo: (c) => bulk(c.argv[1]!),
  del,
  exists,
  type,
  keys,
  dbsize: (c) => int(c.db.size),
  flushdb,
};

function ping(c: Ctx): Reply {
  if (c.argv.length > 2) throw new RedisError(E.WRONG_ARITY('ping'));
  return c.argv.length === 2 ? bulk(c.argv[1]!) : PONG;
}

function del(c: Ctx): Reply {
  let n = 0;
  for (let i = 1; i < c.argv.length; i++) if (c.db.delete(c.argv[i]!)) n++;
  return int(n);
}

function exists(c: Ctx): Reply {
  let n = 0;
  for (let i = 1; i < c.argv.length; i++) if (c.db.lookup(c.argv[i]!) !== undefined) n++;
  return int(n);
}

function type(c: Ctx): Reply {
  const e = c.db.lookup(c.argv[1]!);
  return simple(e === undefined ? 'none' : e.type);
}

function keys(c: Ctx): Reply {
  const pat = c.argv[1]!;
  const out: string[] = [];
  for (const k of c.db.keys()) if (globMatch(pat, k)) out.push(k);
  return bulks(out);
}

function flushdb(c: Ctx): Reply {
  if (c.argv.length > 2 || (c.argv.length === 2 && !is(c.argv[1], 'ASYNC') && !is(c.argv[1], 'SYNC'))) {
    throw new RedisError(E.SYNTAX);
  }
  c.db.clear();
  return OK;
}
