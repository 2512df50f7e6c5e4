import type { Ctx, Handler } from '../core/command';
import { E } from '../core/errors';
import { globMatch } from '../core/glob';
import { RedisError } from '../core/parse';
import type { SubKind } from '../core/pubsub';
import { array, bulk, int, type Reply } from '../core/reply';
import { helpReply } from '../core/help';

/**
 * Pub/Sub: SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UNSUBSCRIBEs,
 * PUBLISH, SPUBLISH and PUBSUB introspection. The state lives in
 * core/pubsub.ts; messages reach other clients through `client.send`.
 *
 * One command may answer with several replies (one confirmation per
 * channel). The handler sends all but the last through `client.send`
 * and returns the last, so a connection sees them in order. Inside EXEC
 * the earlier confirmations therefore arrive before EXEC's array rather
 * than inside it (Redis writes them into the array's space).
 */
export const pubsubCommands: Record<string, Handler> = {
  subscribe: (c) => subscribe(c, 'channel'),
  psubscribe: (c) => subscribe(c, 'pattern'),
  ssubscribe: (c) => {
    // EXEC cannot let a client start waiting for pushes (CLIENT_DENY_BLOCKING); the
    // classic commands are let through inside MULTI for backward compatibility.
    if (c.client.inExec) throw new RedisError(E.DENY_BLOCKING('SSUBSCRIBE'));
    return subscribe(c, 'shard');
  },
  unsubscribe: (c) => unsubscribe(c, 'channel'),
  punsubscribe: (c) => unsubscribe(c, 'pattern'),
  sunsubscribe: (c) => unsubscribe(c, 'shard'),
  publish: (c) => int(c.engine.pubsub.publish('channel', c.argv[1]!, c.argv[2]!)),
  spublish: (c) => int(c.engine.pubsub.publish('shard', c.argv[1]!, c.argv[2]!)),
  'pubsub|help': (c) => helpReply(c, PUBSUB_HELP),
  'pubsub|channels': (c) => channelList(c, c.engine.pubsub.channels),
  'pubsub|shardchannels': (c) => channelList(c, c.engine.pubsub.shardChannels),
  'pubsub|numsub': (c) => numsub(c, c.engine.pubsub.channels),
  'pubsub|shardnumsub': (c) => numsub(c, c.engine.pubsub.shardChannels),
  'pubsub|numpat': (c) => int(c.engine.pubsub.patterns.size),
};

function subscribe(c: Ctx, kind: SubKind): Reply {
  const replies = c.argv.slice(1).map((name) => c.engine.pubsub.subscribe(c.client, kind, name));
  return several(c, replies);
}

function unsubscribe(c: Ctx, kind: SubKind): Reply {
  const ps = c.engine.pubsub;
  const replies = c.argv.length === 1 ? ps.unsubscribeAll(c.client, kind) : c.argv.slice(1).map((name) => ps.unsubscribe(c.client, kind, name));
  return several(c, replies);
}

/** Sends every reply but the last one now; the last is the command's own reply. */
function several(c: Ctx, replies: readonly Reply[]): Reply {
  for (let i = 0; i < replies.length - 1; i++) c.client.send(replies[i]!);
  return replies[replies.length - 1]!;
}

/** PUBSUB CHANNELS / SHARDCHANNELS [pattern] */
function channelList(c: Ctx, registry: ReadonlyMap<string, unknown>): Reply {
  if (c.argv.length > 3) throw new RedisError(E.SUBCOMMAND_SYNTAX(c.argv[1]!, 'pubsub'));
  const pat = c.argv[2];
  const out: Reply[] = [];
  for (const name of registry.keys()) if (pat === undefined || globMatch(pat, name)) out.push(bulk(name));
  return array(out);
}

/** PUBSUB NUMSUB / SHARDNUMSUB [channel ...]: channel, count pairs (patterns not counted). */
function numsub(c: Ctx, registry: ReadonlyMap<string, { size: number }>): Reply {
  const out: Reply[] = [];
  for (const name of c.argv.slice(2)) out.push(bulk(name), int(registry.get(name)?.size ?? 0));
  return array(out);
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];
