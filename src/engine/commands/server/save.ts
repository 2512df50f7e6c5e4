import type { Ctx, Handler } from '../../core/command';
import { E } from '../../core/errors';
import { RedisError } from '../../core/parse';
import { OK, int, simple, type Reply } from '../../core/reply';

/** SAVE, BGSAVE and LASTSAVE. */
export const saveCommands: Record<string, Handler> = {
  lastsave: (c) => int(Math.floor(c.engine.persistence.lastSaveAt / 1000)),
  save,
  bgsave,
};

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
