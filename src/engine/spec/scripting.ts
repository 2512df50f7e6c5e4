import type { CommandSpec } from '../core/command';
import { cmd, int, key, many, oneof, opt, pattern, str, tok, type CmdOpts } from './dsl';

/**
 * Scripting: EVAL and friends, the script cache (SCRIPT), libraries of
 * functions (FUNCTION) and FCALL. Summaries, flags, arities and arguments
 * follow Redis 7.0's command table. The keys of EVAL and FCALL follow their
 * `numkeys` (which may be 0).
 */
const NUMKEYS = { find: 'numkeys', at: 2, min: 0 } as const;

const evalLike = <N extends string>(name: N, summary: string, flags: string, since: string, first: 'script' | 'sha1' | 'function') =>
  cmd(name, -3, 'scripting', summary, {
    flags,
    movable: NUMKEYS,
    since,
    complexity: first === 'function' ? 'Depends on the function that is executed.' : 'Depends on the script that is executed.',
    args: [str(first), int('numkeys'), opt(many(key())), opt(many(str('arg')))],
  });

const scriptSub = <N extends string>(name: N, arity: number, summary: string, o: CmdOpts<never>) =>
  cmd(`script|${name}` as const, arity, 'scripting', summary, { flags: 'noscript', ...o });

const functionSub = <N extends string>(name: N, arity: number, summary: string, o: CmdOpts<never>) =>
  cmd(`function|${name}` as const, arity, 'scripting', summary, { flags: 'noscript', since: '7.0.0', ...o });

export const scriptingSpecs = [
  evalLike('eval', 'Execute a Lua script server side', 'noscript skip_monitor may_replicate no_mandatory_keys stale movablekeys', '2.6.0', 'script'),
  evalLike('evalsha', 'Execute a Lua script server side', 'noscript skip_monitor may_replicate no_mandatory_keys stale movablekeys', '2.6.0', 'sha1'),
  evalLike('eval_ro', 'Execute a read-only Lua script server side', 'noscript skip_monitor no_mandatory_keys stale readonly movablekeys', '7.0.0', 'script'),
  evalLike('evalsha_ro', 'Execute a read-only Lua script server side', 'noscript skip_monitor no_mandatory_keys stale readonly movablekeys', '7.0.0', 'sha1'),
  evalLike('fcall', 'Invoke a function', 'noscript skip_monitor may_replicate no_mandatory_keys stale movablekeys', '7.0.0', 'function'),
  evalLike('fcall_ro', 'Invoke a read-only function', 'noscript skip_monitor no_mandatory_keys stale readonly movablekeys', '7.0.0', 'function'),
  cmd('script', -2, 'scripting', 'A container for Lua scripts management commands', {
    since: '2.6.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      scriptSub('debug', 3, 'Set the debug mode for executed scripts.', {
        since: '3.2.0',
        complexity: 'O(1)',
        args: [oneof('mode', [tok('YES'), tok('SYNC'), tok('NO')])],
      }),
      scriptSub('exists', -3, 'Check existence of scripts in the script cache.', {
        since: '2.6.0',
        complexity: 'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).',
        args: [many(str('sha1'))],
      }),
      scriptSub('flush', -2, 'Remove all the scripts from the script cache.', {
        since: '2.6.0',
        complexity: 'O(N) with N being the number of scripts in cache',
        args: [opt(oneof('async', [tok('ASYNC', { since: '6.2.0' }), tok('SYNC', { since: '6.2.0' })]))],
      }),
      cmd('script|help', 2, 'scripting', 'Show helpful text about the different subcommands', { flags: 'loading stale', since: '5.0.0', complexity: 'O(1)' }),
      scriptSub('kill', 2, 'Kill the script currently in execution.', { flags: 'noscript allow_busy', since: '2.6.0', complexity: 'O(1)' }),
      scriptSub('load', 3, 'Load the specified Lua script into the script cache.', {
        flags: 'noscript stale',
        since: '2.6.0',
        complexity: 'O(N) with N being the length in bytes of the script body.',
        args: [str('script')],
      }),
    ],
  }),
  cmd('function', -2, 'scripting', 'A container for function commands', {
    since: '7.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      functionSub('delete', 3, 'Delete a function by name', { flags: 'noscript write', complexity: 'O(1)', args: [str('library-name')] }),
      functionSub('dump', 2, 'Dump all functions into a serialized binary payload', { complexity: 'O(N) where N is the number of functions' }),
      functionSub('flush', -2, 'Deleting all functions', {
        flags: 'noscript write',
        complexity: 'O(N) where N is the number of functions deleted',
        args: [opt(oneof('async', [tok('ASYNC'), tok('SYNC')]))],
      }),
      cmd('function|help', 2, 'scripting', 'Show helpful text about the different subcommands', { flags: 'loading stale', since: '7.0.0', complexity: 'O(1)' }),
      functionSub('kill', 2, 'Kill the function currently in execution.', { flags: 'noscript allow_busy', complexity: 'O(1)' }),
      functionSub('list', -2, 'List information about all the functions', {
        complexity: 'O(N) where N is the number of functions',
        args: [opt(pattern('library-name-pattern', { token: 'LIBRARYNAME' })), opt(tok('WITHCODE'))],
      }),
      functionSub('load', -3, 'Create a function with the given arguments (name, code, description)', {
        flags: 'noscript write denyoom',
        complexity: 'O(1) (considering compilation time is redundant)',
        args: [opt(tok('REPLACE')), str('function-code')],
      }),
      functionSub('restore', -3, 'Restore all the functions on the given payload', {
        flags: 'noscript write denyoom',
        complexity: 'O(N) where N is the number of functions on the payload',
        args: [str('serialized-value'), opt(oneof('policy', [tok('FLUSH'), tok('APPEND'), tok('REPLACE')]))],
      }),
      functionSub('stats', 2, 'Return information about the function currently running (name, description, duration)', {
        flags: 'noscript allow_busy',
        complexity: 'O(1)',
      }),
    ],
  }),
] satisfies CommandSpec[];
