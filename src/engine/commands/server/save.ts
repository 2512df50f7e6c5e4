import type { Ctx } from '../../core/command';
import { E } from '../../core/errors';
import { RedisError } from '../../core/parse';
import { OK, int, simple, type Reply } from '../../core/reply';
import type { HandlersFor } from '../../core/command';
import type { serverSpecs } from '../../spec/server';

/** SAVE, BGSAVE and LASTSAVE. */
export const saveCommands = {
  lastsave: (c) => int(Math.floor(c.engine.persistence.lastSaveAt / 1000)),
  save,
  bgsave,
  // In the table (so MULTI refuses it as Redis does), not implemented: the engine lives as long as its page or server.
  shutdown: null,
} satisfies Partial<HandlersFor<typeof serverSpecs>>;

/** SAVE: saves the keyspace where the host keeps it (the browser: IndexedDB), before replying. */
function save(c: Ctx): Reply {
  const p = c.engine.persistence;
  if (p.bgsaveSince !== undefined) throw new RedisError(E.BGSAVE_RUNNING);
  if (!p.available) throw new RedisError(E.NO_SAVE_TARGET);
  if (!p.save()) throw new RedisError('ERR');
  return OK;
}

/** BGSAVE [SCHEDULE]: starts a save that finishes after the reply (LASTSAVE and INFO persistence show when). */
function bgsave(c: Ctx): Reply {
  const argv = c.argv;
  if (argv.length > 2 || (argv.length === 2 && argv[1]!.toLowerCase() !== 'schedule')) throw new RedisError(E.SYNTAX);
  const p = c.engine.persistence;
  if (p.bgsaveSince !== undefined) throw new RedisError(E.BGSAVE_RUNNING);
  if (!p.available) throw new RedisError(E.NO_SAVE_TARGET);
  p.startBackground();
  // Inside EXEC Redis only schedules it; here the save starts after the reply either way.
  return simple(c.client.inExec ? 'Background saving scheduled' : 'Background saving started');
}
