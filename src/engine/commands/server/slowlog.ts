import type { Ctx } from '../../core/command';
import { E } from '../../core/errors';
import { helpReply } from '../../core/help';
import { RedisError } from '../../core/parse';
import { parseInt64 } from '../../../text/int';
import { OK, array, bulk, int, type Reply } from '../../core/reply';
import type { HandlersFor } from '../../core/command';
import type { serverSpecs } from '../../spec/server';

/** The lines of SLOWLOG HELP. */
const SLOWLOG_HELP = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
];

/** SLOWLOG GET, LEN, RESET. */
export const slowlogCommands = {
  'slowlog|get': slowlogGet,
  'slowlog|len': (c) => int(c.engine.slowlog.entries.length),
  'slowlog|reset': (c) => {
    c.engine.slowlog.reset();
    return OK;
  },
  'slowlog|help': (c) => helpReply(c, SLOWLOG_HELP),
} satisfies Partial<HandlersFor<typeof serverSpecs>>;

/** SLOWLOG GET [count]: the newest entries (10 by default, -1 for all). */
function slowlogGet(c: Ctx): Reply {
  const entries = c.engine.slowlog.entries;
  let count = 10;
  if (c.argv.length === 3) {
    const v = parseInt64(c.argv[2]!);
    const msg = 'ERR count should be greater than or equal to -1';
    if (v === null || v < -1n) throw new RedisError(msg);
    count = v === -1n ? entries.length : Number(v > BigInt(entries.length) ? BigInt(entries.length) : v);
  } else if (c.argv.length > 3) {
    throw new RedisError(E.SUBCOMMAND_SYNTAX(c.argv[1]!, c.argv[0]!));
  }
  return array(
    entries.slice(0, count).map((e) =>
      array([int(e.id), int(e.time), int(e.duration), array(e.argv.map((a) => bulk(a))), bulk(e.peer), bulk(e.name)]),
    ),
  );
}
