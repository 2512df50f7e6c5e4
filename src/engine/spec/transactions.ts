import type { CommandSpec } from '../core/command';
import { cmd, key, many } from './dsl';

/** MULTI/EXEC/DISCARD and optimistic locking with WATCH (Redis 7.0's table). */
export const transactionSpecs = [
  cmd('multi', 1, 'transactions', 'Mark the start of a transaction block', {
    flags: 'noscript loading stale fast allow_busy',
    since: '1.2.0',
    complexity: 'O(1)',
  }),
  cmd('exec', 1, 'transactions', 'Execute all commands issued after MULTI', {
    flags: 'noscript loading stale skip_slowlog',
    since: '1.2.0',
    complexity: 'Depends on commands in the transaction',
  }),
  cmd('discard', 1, 'transactions', 'Discard all commands issued after MULTI', {
    flags: 'noscript loading stale fast allow_busy',
    since: '2.0.0',
    complexity: 'O(N), when N is the number of queued commands',
  }),
  cmd('watch', -2, 'transactions', 'Watch the given keys to determine execution of the MULTI/EXEC block', {
    flags: 'noscript loading stale fast allow_busy',
    keys: [1, -1, 1],
    since: '2.2.0',
    complexity: 'O(1) for every key.',
    args: [many(key())],
  }),
  cmd('unwatch', 1, 'transactions', 'Forget about all watched keys', {
    flags: 'noscript loading stale fast allow_busy',
    since: '2.2.0',
    complexity: 'O(1)',
  }),
] satisfies CommandSpec[];
