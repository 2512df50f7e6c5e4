import type { Ctx } from '../../core/command';
import { E } from '../../core/errors';
import { helpReply } from '../../core/help';
import { RedisError } from '../../core/parse';
import { OK, bulk, type Reply } from '../../core/reply';
import type { Engine } from '../../engine';
import type { HandlersFor } from '../../core/command';
import type { serverSpecs } from '../../spec/server';

/** CONFIG GET, SET, RESETSTAT, REWRITE. */
export const configCommands = {
  'config|get': (c) => ({ t: 'map', v: c.engine.config.match(c.argv.slice(2)).map(([k, v]) => [bulk(k), bulk(v)] as const) }),
  'config|set': configSet,
  'config|resetstat': (c) => {
    resetStats(c.engine);
    return OK;
  },
  'config|rewrite': () => {
    throw new RedisError(E.NO_CONFIG_FILE);
  },
  'config|help': (c) => helpReply(c, CONFIG_HELP),
} satisfies Partial<HandlersFor<typeof serverSpecs>>;

function resetStats(e: Engine): void {
  e.stats.commands = 0;
  e.stats.connections = 0;
  e.stats.expiredKeys = 0;
  e.stats.keyspaceHits = 0;
  e.stats.keyspaceMisses = 0;
  e.stats.errorReplies = 0;
  e.stats.rejectedConnections = 0;
  e.commandStats.clear();
  e.resetLatencyHistograms();
  e.errorStats.clear();
  e.memory.evictedKeys = 0;
  e.memory.resetPeak();
}

function configSet(c: Ctx): Reply {
  if (c.argv.length % 2 !== 0) throw new RedisError(E.SYNTAX);
  const pairs: [string, string][] = [];
  for (let i = 2; i < c.argv.length; i += 2) pairs.push([c.argv[i]!, c.argv[i + 1]!]);
  const error = c.engine.config.set(pairs);
  if (error !== undefined) throw new RedisError(error);
  // A lower maxmemory evicts at once, as Redis's apply function does.
  if (pairs.some(([k]) => k.toLowerCase() === 'maxmemory')) c.engine.memory.makeRoom();
  return OK;
}

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];
