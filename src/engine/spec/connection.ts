import type { CommandSpec } from '../core/command';
import { block, cmd, int, many, oneof, opt, str, tok, type CmdOpts } from './dsl';

/**
 * Connection commands (SELECT lives with the keyspace commands). Summaries,
 * flags and argument names follow Redis 7.0's command table, so COMMAND
 * DOCS/INFO answer as redis-server 7.0.15 does.
 */
const sub = <N extends string>(
  name: N,
  arity: number,
  summary: string,
  o: CmdOpts<never> = {},
) => cmd(`client|${name}` as const, arity, 'connection', summary, { complexity: 'O(1)', ...o });

const clientSubcommands = [
  sub('caching', 3, 'Instruct the server about tracking or not keys in the next request', {
    flags: 'noscript loading stale',
    since: '6.0.0',
    args: [oneof('mode', [tok('YES'), tok('NO')])],
  }),
  sub('getname', 2, 'Get the current connection name', { flags: 'noscript loading stale', since: '2.6.9' }),
  sub('getredir', 2, 'Get tracking notifications redirection client ID if any', {
    flags: 'noscript loading stale',
    since: '6.0.0',
  }),
  sub('help', 2, 'Show helpful text about the different subcommands', { flags: 'loading stale', since: '5.0.0' }),
  sub('id', 2, 'Returns the client ID for the current connection', { flags: 'noscript loading stale', since: '5.0.0' }),
  sub('info', 2, 'Returns information about the current client connection.', {
    flags: 'noscript loading stale',
    since: '6.2.0',
  }),
  {
    ...sub('kill', -3, 'Kill the connection of a client', {
      flags: 'admin noscript loading stale',
      since: '2.4.0',
      complexity: 'O(N) where N is the number of client connections',
      args: [
        oneof('filter', [
          str('ip:port', { deprecatedSince: '2.8.12' }),
          many(
            oneof('new-format', [
              opt(int('client-id', { token: 'ID', since: '2.8.12' })),
              opt(
                oneof('normal_master_slave_pubsub', [tok('NORMAL'), tok('MASTER', { since: '3.2.0' }), tok('SLAVE'), tok('REPLICA', { since: '5.0.0' }), tok('PUBSUB')], {
                  token: 'TYPE',
                  since: '2.8.12',
                }),
              ),
              opt(str('username', { token: 'USER' })),
              opt(str('ip:port', { token: 'ADDR' })),
              opt(str('ip:port', { token: 'LADDR', since: '6.2.0' })),
              opt(str('yes/no', { token: 'SKIPME' })),
            ]),
          ),
        ]),
      ],
    }),
    history: [
      ['2.8.12', 'Added new filter format.'],
      ['2.8.12', '`ID` option.'],
      ['3.2.0', 'Added `master` type in for `TYPE` option.'],
      ['5.0.0', 'Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.'],
      ['6.2.0', '`LADDR` option.'],
    ],
  },
  {
    ...sub('list', -2, 'Get the list of client connections', {
      flags: 'admin noscript loading stale',
      since: '2.4.0',
      complexity: 'O(N) where N is the number of client connections',
      args: [
        opt(oneof('normal_master_replica_pubsub', [tok('NORMAL'), tok('MASTER'), tok('REPLICA'), tok('PUBSUB')], { token: 'TYPE', since: '5.0.0' })),
        opt(block('id', [many(int('client-id'))], { token: 'ID', since: '6.2.0' })),
      ],
    }),
    history: [
      ['2.8.12', 'Added unique client `id` field.'],
      ['5.0.0', 'Added optional `TYPE` filter.'],
      ['6.0.0', 'Added `user` field.'],
      ['6.2.0', 'Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.'],
      ['7.0.0', 'Added `resp`, `multi-mem`, `rbs` and `rbp` fields.'],
      ['7.0.3', 'Added `ssub` field.'],
    ],
  },
  sub('no-evict', 3, 'Set client eviction mode for the current connection', {
    flags: 'admin noscript loading stale',
    since: '7.0.0',
    args: [oneof('enabled', [tok('ON'), tok('OFF')])],
  }),
  {
    ...sub('pause', -3, 'Stop processing commands from clients for some time', {
      flags: 'admin noscript loading stale',
      since: '2.9.50',
      args: [int('timeout'), opt(oneof('mode', [tok('WRITE'), tok('ALL')], { since: '6.2.0' }))],
    }),
    history: [['6.2.0', '`CLIENT PAUSE WRITE` mode added along with the `mode` option.']],
  },
  sub('reply', 3, 'Instruct the server whether to reply to commands', {
    flags: 'noscript loading stale',
    since: '3.2.0',
    args: [oneof('on_off_skip', [tok('ON'), tok('OFF'), tok('SKIP')])],
  }),
  sub('setname', 3, 'Set the current connection name', {
    flags: 'noscript loading stale',
    since: '2.6.9',
    args: [str('connection-name')],
  }),
  sub('tracking', -3, 'Enable or disable server assisted client side caching support', {
    flags: 'noscript loading stale',
    since: '6.0.0',
    complexity: 'O(1). Some options may introduce additional complexity.',
    args: [
      oneof('status', [tok('ON'), tok('OFF')]),
      opt(int('client-id', { token: 'REDIRECT' })),
      opt(many(str('prefix', { token: 'PREFIX', multipleToken: true }))),
      opt(tok('BCAST')),
      opt(tok('OPTIN')),
      opt(tok('OPTOUT')),
      opt(tok('NOLOOP')),
    ],
  }),
  sub('trackinginfo', 2, 'Return information about server assisted client side caching for the current connection', {
    flags: 'noscript loading stale',
    since: '6.2.0',
  }),
  sub('unblock', -3, 'Unblock a client blocked in a blocking command from a different connection', {
    flags: 'admin noscript loading stale',
    since: '5.0.0',
    complexity: 'O(log N) where N is the number of client connections',
    args: [int('client-id'), opt(oneof('timeout_error', [tok('TIMEOUT'), tok('ERROR')]))],
  }),
  sub('unpause', 2, 'Resume processing of clients that were paused', {
    flags: 'admin noscript loading stale',
    since: '6.2.0',
    complexity: 'O(N) Where N is the number of paused clients',
  }),
] satisfies CommandSpec[];

export const connectionSpecs = [
  cmd('ping', -1, 'connection', 'Ping the server', {
    flags: 'fast',
    complexity: 'O(1)',
    args: [opt(str('message'))],
  }),
  cmd('echo', 2, 'connection', 'Echo the given string', {
    flags: 'loading stale fast',
    complexity: 'O(1)',
    args: [str('message')],
  }),
  {
    ...cmd('hello', -1, 'connection', 'Handshake with Redis', {
      flags: 'noscript loading stale fast no_auth allow_busy',
      since: '6.0.0',
      complexity: 'O(1)',
      args: [
        opt(
          block('arguments', [
            int('protover'),
            opt(block('username_password', [str('username'), str('password')], { token: 'AUTH' })),
            opt(str('clientname', { token: 'SETNAME' })),
          ]),
        ),
      ],
    }),
    history: [['6.2.0', "`protover` made optional; when called without arguments the command reports the current connection's context."]],
  },
  {
    ...cmd('auth', -2, 'connection', 'Authenticate to the server', {
      flags: 'noscript loading stale fast no_auth allow_busy',
      complexity: 'O(N) where N is the number of passwords defined for the user',
      args: [opt(str('username', { since: '6.0.0' })), str('password')],
    }),
    history: [['6.0.0', 'Added ACL style (username and password).']],
  },
  cmd('client', -2, 'connection', 'A container for client connection commands', {
    since: '2.4.0',
    complexity: 'Depends on subcommand.',
    subcommands: clientSubcommands,
  }),
  cmd('quit', -1, 'connection', 'Close the connection', {
    flags: 'allow_busy noscript loading stale fast no_auth',
    complexity: 'O(1)',
  }),
  cmd('reset', 1, 'connection', 'Reset the connection', {
    flags: 'noscript loading stale fast no_auth allow_busy',
    since: '6.2.0',
    complexity: 'O(1)',
  }),
] satisfies CommandSpec[];
