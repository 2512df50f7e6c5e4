import type { CommandSpec } from '../core/command';
import { cmd, int, key, many, opt, oneof, pattern, str, tok } from './dsl';

const flushType = opt(oneof('flush-type', [tok('ASYNC'), tok('SYNC')]));

/** Keyspace commands (Redis's "generic" group) and the database commands that go with them. */
export const genericSpecs = [
  cmd('del', -2, 'generic', 'Deletes one or more keys.', {
    flags: 'write',
    keys: [1, -1, 1],
    complexity:
      'O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).',
    args: [many(key())],
  }),
  cmd('unlink', -2, 'generic', 'Asynchronously deletes one or more keys.', {
    flags: 'write fast',
    keys: [1, -1, 1],
    since: '4.0.0',
    complexity:
      'O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.',
    args: [many(key())],
  }),
  cmd('exists', -2, 'generic', 'Determines whether one or more keys exist.', {
    flags: 'readonly fast',
    keys: [1, -1, 1],
    complexity: 'O(N) where N is the number of keys to check.',
    args: [many(key())],
  }),
  cmd('type', 2, 'generic', 'Determines the type of value stored at a key.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('touch', -2, 'generic', 'Returns the number of existing keys out of those specified after updating the time they were last accessed.', {
    flags: 'readonly fast',
    keys: [1, -1, 1],
    since: '3.2.1',
    complexity: 'O(N) where N is the number of keys that will be touched.',
    args: [many(key())],
  }),
  cmd('keys', 2, 'generic', 'Returns all key names that match a pattern.', {
    flags: 'readonly',
    complexity:
      'O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.',
    args: [pattern()],
  }),
  cmd('scan', -2, 'generic', 'Iterates over the key names in the database.', {
    flags: 'readonly',
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    args: [int('cursor'), opt(pattern('pattern', { token: 'MATCH' })), opt(int('count', { token: 'COUNT' })), opt(str('type', { token: 'TYPE' }))],
  }),
  cmd('randomkey', 1, 'generic', 'Returns a random key name from the database.', {
    flags: 'readonly',
    complexity: 'O(1)',
  }),
  cmd('rename', 3, 'generic', 'Renames a key and overwrites the destination.', {
    flags: 'write',
    keys: [1, 2, 1],
    complexity: 'O(1)',
    args: [key(), key('newkey')],
  }),
  cmd('renamenx', 3, 'generic', 'Renames a key only when the target key name doesn\'t exist.', {
    flags: 'write fast',
    keys: [1, 2, 1],
    complexity: 'O(1)',
    args: [key(), key('newkey')],
  }),
  cmd('copy', -3, 'generic', 'Copies the value of a key to a new key.', {
    flags: 'write denyoom',
    keys: [1, 2, 1],
    since: '6.2.0',
    complexity: 'O(N) worst case for collections, where N is the number of nested items. O(1) for string values.',
    args: [key('source'), key('destination'), opt(int('destination-db', { token: 'DB' })), opt(tok('REPLACE'))],
  }),
  cmd('move', 3, 'generic', 'Moves a key to another database.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key(), int('db')],
  }),
  cmd('select', 2, 'connection', 'Changes the selected database.', {
    flags: 'loading stale fast',
    complexity: 'O(1)',
    args: [int('index')],
  }),
  cmd('swapdb', 3, 'server', 'Swaps two Redis databases.', {
    flags: 'write fast',
    since: '4.0.0',
    complexity: 'O(N) where N is the count of clients watching or blocking on keys from both databases.',
    args: [int('index1'), int('index2')],
  }),
  cmd('dbsize', 1, 'server', 'Returns the number of keys in the database.', {
    flags: 'readonly fast',
    complexity: 'O(1)',
  }),
  cmd('flushdb', -1, 'server', 'Removes all keys from the current database.', {
    flags: 'write',
    complexity: 'O(N) where N is the number of keys in the selected database',
    args: [flushType],
  }),
  cmd('flushall', -1, 'server', 'Removes all keys from all databases.', {
    flags: 'write',
    complexity: 'O(N) where N is the total number of keys in all databases',
    args: [flushType],
  }),
] satisfies CommandSpec[];
