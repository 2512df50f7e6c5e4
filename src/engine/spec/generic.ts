import type { CommandSpec } from '../core/command';
import { cmd, key, many, opt, oneof, pattern, str, tok } from './dsl';

export const genericSpecs: CommandSpec[] = [
  cmd('del', -2, 'generic', 'Deletes one or more keys.', {
    flags: 'write',
    keys: [1, -1, 1],
    complexity: 'O(N) where N is the number of keys that will be removed.',
    args: [many(key())],
  }),
  cmd('exists', -2, 'generic', 'Determines whether one or more keys exist.', {
    flags: 'readonly fast',
    keys: [1, -1, 1],
    since: '1.0.0',
    complexity: 'O(N) where N is the number of keys to check.',
    args: [many(key())],
  }),
  cmd('type', 2, 'generic', 'Determines the type of value stored at a key.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('keys', 2, 'generic', 'Returns all key names that match a pattern.', {
    flags: 'readonly',
    complexity: 'O(N) with N being the number of keys in the database.',
    args: [pattern()],
  }),
  cmd('dbsize', 1, 'server', 'Returns the number of keys in the database.', {
    flags: 'readonly fast',
    complexity: 'O(1)',
  }),
  cmd('flushdb', -1, 'server', 'Removes all keys from the current database.', {
    flags: 'write',
    complexity: 'O(N) where N is the number of keys in the selected database',
    args: [opt(oneof('flush-type', [tok('ASYNC'), tok('SYNC')]))],
  }),
];

export const connectionSpecs: CommandSpec[] = [
  cmd('ping', -1, 'connection', 'Returns the server\'s liveliness response.', {
    flags: 'fast',
    complexity: 'O(1)',
    args: [opt(str('message'))],
  }),
  cmd('echo', 2, 'connection', 'Returns the given string.', {
    flags: 'fast',
    complexity: 'O(1)',
    args: [str('message')],
  }),
];
