import type { CommandSpec } from '../core/command';
import { block, cmd, int, key, many, oneof, opt, pattern, str, tok, type CmdOpts } from './dsl';

/**
 * Server introspection and administration: INFO, TIME, COMMAND, CONFIG,
 * MEMORY, OBJECT, DEBUG, FUNCTION FLUSH. Summaries, flags and argument names
 * follow Redis 7.0's command table.
 */
type Opts = CmdOpts<never>;

const help = <C extends string>(container: C, since: string, flags = 'loading stale') =>
  cmd(`${container}|help` as const, 2, container === 'object' ? 'generic' : container === 'function' ? 'scripting' : 'server', 'Show helpful text about the different subcommands', {
    flags,
    since,
    complexity: 'O(1)',
  });

const commandSub = <N extends string>(name: N, arity: number, summary: string, o: Opts) =>
  cmd(`command|${name}` as const, arity, 'server', summary, { flags: 'loading stale', ...o });

const configSub = <N extends string>(name: N, arity: number, summary: string, o: Opts) =>
  cmd(`config|${name}` as const, arity, 'server', summary, { flags: 'admin noscript loading stale', ...o });

const objectSub = <N extends string>(name: N, summary: string, since: string) =>
  cmd(`object|${name}` as const, 3, 'generic', summary, {
    flags: 'readonly',
    keys: [2, 2, 1],
    since,
    complexity: 'O(1)',
    args: [key()],
  });

export const serverSpecs = [
  {
    ...cmd('info', -1, 'server', 'Get information and statistics about the server', {
      flags: 'loading stale',
      complexity: 'O(1)',
      args: [opt(many(str('section')))],
    }),
    history: [['7.0.0', 'Added support for taking multiple section arguments.']],
  },
  cmd('time', 1, 'server', 'Return the current server time', {
    flags: 'loading stale fast',
    since: '2.6.0',
    complexity: 'O(1)',
  }),
  cmd('lastsave', 1, 'server', 'Get the UNIX time stamp of the last successful save to disk', {
    flags: 'loading stale fast',
    complexity: 'O(1)',
  }),
  cmd('save', 1, 'server', 'Synchronously save the dataset to disk', {
    flags: 'admin noscript no_async_loading no_multi',
    since: '1.0.0',
    complexity: 'O(N) where N is the total number of keys in all databases',
  }),
  {
    ...cmd('bgsave', -1, 'server', 'Asynchronously save the dataset to disk', {
      flags: 'admin noscript no_async_loading',
      since: '1.0.0',
      complexity: 'O(1)',
      args: [opt(tok('SCHEDULE', { since: '3.2.2' }))],
    }),
    history: [['3.2.2', 'Added the `SCHEDULE` option.']],
  },
  {
    ...cmd('shutdown', -1, 'server', 'Synchronously save the dataset to disk and then shut down the server', {
      flags: 'admin noscript loading stale no_multi sentinel allow_busy',
      since: '1.0.0',
      complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
      args: [opt(oneof('nosave_save', [tok('NOSAVE'), tok('SAVE')])), opt(tok('NOW', { since: '7.0.0' })), opt(tok('FORCE', { since: '7.0.0' })), opt(tok('ABORT', { since: '7.0.0' }))],
    }),
    history: [['7.0.0', 'Added the `NOW`, `FORCE` and `ABORT` modifiers.']],
  },
  cmd('latency', -2, 'server', 'A container for latency diagnostics commands', {
    since: '2.8.13',
    complexity: 'Depends on subcommand.',
    subcommands: [
      cmd('latency|doctor', 2, 'server', 'Return a human readable latency analysis report.', { flags: 'admin noscript loading stale', since: '2.8.13', complexity: 'O(1)' }),
      cmd('latency|graph', 3, 'server', 'Return a latency graph for the event.', {
        flags: 'admin noscript loading stale',
        since: '2.8.13',
        complexity: 'O(1)',
        args: [str('event')],
      }),
      help('latency', '2.8.13'),
      cmd('latency|histogram', -2, 'server', 'Return the cumulative distribution of latencies of a subset of commands or all.', {
        flags: 'admin noscript loading stale',
        since: '7.0.0',
        complexity: 'O(N) where N is the number of commands with latency information being retrieved.',
        args: [opt(many(str('command')))],
      }),
      cmd('latency|history', 3, 'server', 'Return timestamp-latency samples for the event.', {
        flags: 'admin noscript loading stale',
        since: '2.8.13',
        complexity: 'O(1)',
        args: [str('event')],
      }),
      cmd('latency|latest', 2, 'server', 'Return the latest latency samples for all events.', { flags: 'admin noscript loading stale', since: '2.8.13', complexity: 'O(1)' }),
      cmd('latency|reset', -2, 'server', 'Reset latency data for one or more events.', {
        flags: 'admin noscript loading stale',
        since: '2.8.13',
        complexity: 'O(1)',
        args: [opt(many(str('event')))],
      }),
    ],
  }),
  cmd('slowlog', -2, 'server', 'A container for slow log commands', {
    since: '2.2.12',
    complexity: 'Depends on subcommand.',
    subcommands: [
      cmd('slowlog|get', -2, 'server', 'Get the slow log entries', {
        flags: 'admin loading stale',
        since: '2.2.12',
        complexity: 'O(N) where N is the number of entries returned',
        args: [opt(int('count'))],
      }),
      help('slowlog', '6.2.0'),
      cmd('slowlog|len', 2, 'server', 'Get the slow log length', { flags: 'admin loading stale', since: '2.2.12', complexity: 'O(1)' }),
      cmd('slowlog|reset', 2, 'server', 'Clear all entries from the slow log', {
        flags: 'admin loading stale',
        since: '2.2.12',
        complexity: 'O(N) where N is the number of entries in the slowlog',
      }),
    ],
  }),
  cmd('monitor', 1, 'server', 'Listen for all requests received by the server in real time', {
    flags: 'admin noscript loading stale',
    since: '1.0.0',
  }),
  cmd('command', -1, 'server', 'Get array of Redis command details', {
    flags: 'loading stale',
    since: '2.8.13',
    complexity: 'O(N) where N is the total number of Redis commands',
    subcommands: [
      commandSub('count', 2, 'Get total number of Redis commands', { since: '2.8.13', complexity: 'O(1)' }),
      commandSub('docs', -2, 'Get array of specific Redis command documentation', {
        since: '7.0.0',
        complexity: 'O(N) where N is the number of commands to look up',
        args: [opt(many(str('command-name')))],
      }),
      commandSub('getkeys', -4, 'Extract keys given a full Redis command', {
        since: '2.8.13',
        complexity: 'O(N) where N is the number of arguments to the command',
      }),
      commandSub('getkeysandflags', -4, 'Extract keys and access flags given a full Redis command', {
        since: '7.0.0',
        complexity: 'O(N) where N is the number of arguments to the command',
      }),
      help('command', '5.0.0'),
      {
        ...commandSub('info', -2, 'Get array of specific Redis command details, or all when no argument is given.', {
          since: '2.8.13',
          complexity: 'O(N) where N is the number of commands to look up',
          args: [opt(many(str('command-name')))],
        }),
        history: [['7.0.0', 'Allowed to be called with no argument to get info on all commands.']],
      },
      commandSub('list', -2, 'Get an array of Redis command names', {
        since: '7.0.0',
        complexity: 'O(N) where N is the total number of Redis commands',
        args: [
          opt(
            oneof(
              'filterby',
              [str('module-name', { token: 'MODULE' }), str('category', { token: 'ACLCAT' }), pattern('pattern', { token: 'PATTERN' })],
              { token: 'FILTERBY' },
            ),
          ),
        ],
      }),
    ],
  }),
  cmd('config', -2, 'server', 'A container for server configuration commands', {
    since: '2.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        ...configSub('get', -3, 'Get the values of configuration parameters', {
          since: '2.0.0',
          complexity: 'O(N) when N is the number of configuration parameters provided',
          args: [many(block('parameter', [str('parameter')]))],
        }),
        history: [['7.0.0', 'Added the ability to pass multiple pattern parameters in one call']],
      },
      help('config', '5.0.0'),
      configSub('resetstat', 2, 'Reset the stats returned by INFO', { since: '2.0.0', complexity: 'O(1)' }),
      configSub('rewrite', 2, 'Rewrite the configuration file with the in memory configuration', {
        since: '2.8.0',
        complexity: 'O(1)',
      }),
      {
        ...configSub('set', -4, 'Set configuration parameters to the given values', {
          since: '2.0.0',
          complexity: 'O(N) when N is the number of configuration parameters provided',
          args: [many(block('parameter_value', [str('parameter'), str('value')]))],
        }),
        history: [['7.0.0', 'Added the ability to set multiple parameters in one call.']],
      },
    ],
  }),
  cmd('memory', -2, 'server', 'A container for memory diagnostics commands', {
    since: '4.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      cmd('memory|doctor', 2, 'server', 'Outputs memory problems report', { since: '4.0.0', complexity: 'O(1)' }),
      help('memory', '4.0.0'),
      cmd('memory|malloc-stats', 2, 'server', 'Show allocator internal stats', {
        since: '4.0.0',
        complexity: 'Depends on how much memory is allocated, could be slow',
      }),
      cmd('memory|purge', 2, 'server', 'Ask the allocator to release memory', {
        since: '4.0.0',
        complexity: 'Depends on how much memory is allocated, could be slow',
      }),
      cmd('memory|stats', 2, 'server', 'Show memory usage details', { since: '4.0.0', complexity: 'O(1)' }),
      cmd('memory|usage', -3, 'server', 'Estimate the memory usage of a key', {
        flags: 'readonly',
        keys: [2, 2, 1],
        since: '4.0.0',
        complexity: 'O(N) where N is the number of samples.',
        args: [key(), opt(int('count', { token: 'SAMPLES' }))],
      }),
    ],
  }),
  cmd('object', -2, 'generic', 'A container for object introspection commands', {
    since: '2.2.3',
    complexity: 'Depends on subcommand.',
    subcommands: [
      objectSub('encoding', 'Inspect the internal encoding of a Redis object', '2.2.3'),
      objectSub('freq', 'Get the logarithmic access frequency counter of a Redis object', '4.0.0'),
      help('object', '6.2.0'),
      objectSub('idletime', 'Get the time since a Redis object was last accessed', '2.2.3'),
      objectSub('refcount', 'Get the number of references to the value of the key', '2.2.3'),
    ],
  }),
  cmd('debug', -2, 'server', 'A container for debugging commands', {
    flags: 'admin noscript loading stale',
    complexity: 'Depends on subcommand.',
  }),
] satisfies CommandSpec[];
