
import { isSharedInteger, objectEncoding } from '../../core/encoding';
import { E } from '../../core/errors';
import { helpReply } from '../../core/help';
import { RedisError } from '../../core/parse';
import { NIL, bulk, int } from '../../core/reply';
import type { HandlersFor } from '../../core/command';
import type { serverSpecs } from '../../spec/server';

/** The lines of OBJECT HELP. */
const OBJECT_HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
];

/** OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ. */
export const objectCommands = {
  'object|encoding': (c) => {
    const e = c.db.peek(c.argv[2]!);
    return e === undefined ? NIL : bulk(objectEncoding(e, c.engine.config));
  },
  'object|refcount': (c) => {
    const e = c.db.peek(c.argv[2]!);
    return e === undefined ? NIL : int(isSharedInteger(c.engine.config, e) ? 2147483647 : 1);
  },
  'object|idletime': (c) => {
    const e = c.db.peek(c.argv[2]!);
    if (e === undefined) return NIL;
    if (c.engine.config.maxmemoryPolicy.endsWith('-lfu')) throw new RedisError(E.LFU_SELECTED);
    return int(c.engine.memory.idleSeconds(c.db.id, c.argv[2]!));
  },
  'object|freq': (c) => {
    const e = c.db.peek(c.argv[2]!);
    if (e === undefined) return NIL;
    if (!c.engine.config.maxmemoryPolicy.endsWith('-lfu')) throw new RedisError(E.LFU_NOT_SELECTED);
    const st = c.engine.memory.stat(c.db.id, c.argv[2]!);
    return int(st === undefined ? 0 : c.engine.memory.lfuDecayed(st));
  },
  'object|help': (c) => helpReply(c, OBJECT_HELP),
} satisfies Partial<HandlersFor<typeof serverSpecs>>;

