import type { CommandSpec } from '../core/command';
import { block, cmd, many, opt, pattern, str, type CmdOpts } from './dsl';

/**
 * Pub/Sub commands. Arity, flags, key positions and argument names follow
 * Redis 7.0's command table (the shard commands declare their channels at
 * key positions, as Redis does for cluster routing).
 */
const SUB_FLAGS = 'pubsub noscript loading stale';

const pubsubSub = <N extends string>(name: N, arity: number, summary: string, o: CmdOpts<never> = {}) =>
  cmd(`pubsub|${name}` as const, arity, 'pubsub', summary, { flags: 'pubsub loading stale', since: '2.8.0', ...o });

export const pubsubSpecs = [
  cmd('subscribe', -2, 'pubsub', 'Listen for messages published to the given channels', {
    flags: SUB_FLAGS,
    since: '2.0.0',
    complexity: 'O(N) where N is the number of channels to subscribe to.',
    args: [many(str('channel'))],
  }),
  cmd('psubscribe', -2, 'pubsub', 'Listen for messages published to channels matching the given patterns', {
    flags: SUB_FLAGS,
    since: '2.0.0',
    complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
    args: [many(block('pattern', [pattern()]))],
  }),
  cmd('unsubscribe', -1, 'pubsub', 'Stop listening for messages posted to the given channels', {
    flags: SUB_FLAGS,
    since: '2.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
    args: [opt(many(str('channel')))],
  }),
  cmd('punsubscribe', -1, 'pubsub', 'Stop listening for messages posted to channels matching the given patterns', {
    flags: SUB_FLAGS,
    since: '2.0.0',
    complexity:
      'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
    args: [opt(many(pattern()))],
  }),
  cmd('publish', 3, 'pubsub', 'Post a message to a channel', {
    flags: 'pubsub loading stale fast',
    since: '2.0.0',
    complexity:
      'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    args: [str('channel'), str('message')],
  }),
  cmd('ssubscribe', -2, 'pubsub', 'Listen for messages published to the given shard channels', {
    flags: SUB_FLAGS,
    keys: [1, -1, 1],
    since: '7.0.0',
    complexity: 'O(N) where N is the number of shard channels to subscribe to.',
    args: [many(str('shardchannel'))],
  }),
  cmd('sunsubscribe', -1, 'pubsub', 'Stop listening for messages posted to the given shard channels', {
    flags: SUB_FLAGS,
    keys: [1, -1, 1],
    since: '7.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
    args: [opt(many(str('shardchannel')))],
  }),
  cmd('spublish', 3, 'pubsub', 'Post a message to a shard channel', {
    flags: 'pubsub loading stale fast',
    keys: [1, 1, 1],
    since: '7.0.0',
    complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    args: [str('shardchannel'), str('message')],
  }),
  cmd('pubsub', -2, 'pubsub', 'A container for Pub/Sub commands', {
    since: '2.8.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      pubsubSub('channels', -2, 'List active channels', {
        complexity:
          'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
        args: [opt(pattern())],
      }),
      pubsubSub('help', 2, 'Show helpful text about the different subcommands', {
        flags: 'loading stale',
        since: '6.2.0',
        complexity: 'O(1)',
      }),
      pubsubSub('numpat', 2, 'Get the count of unique patterns pattern subscriptions', { complexity: 'O(1)' }),
      pubsubSub('numsub', -2, 'Get the count of subscribers for channels', {
        complexity: 'O(N) for the NUMSUB subcommand, where N is the number of requested channels',
        args: [opt(many(str('channel')))],
      }),
      pubsubSub('shardchannels', -2, 'List active shard channels', {
        since: '7.0.0',
        complexity:
          'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
        args: [opt(pattern())],
      }),
      pubsubSub('shardnumsub', -2, 'Get the count of subscribers for shard channels', {
        since: '7.0.0',
        complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels',
        args: [opt(many(str('shardchannel')))],
      }),
    ],
  }),
] satisfies CommandSpec[];
