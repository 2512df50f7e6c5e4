import type { CommandSpec } from '../core/command';
import { cmd, int, key, many, opt, pattern, str } from './dsl';

const ALGEBRA =
  'O(N) where N is the total number of elements in all given sets.';

export const setSpecs = [
  cmd('sadd', -3, 'set', 'Adds one or more members to a set. Creates the key if it doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [key(), many(str('member'))],
  }),
  cmd('srem', -3, 'set', 'Removes one or more members from a set. Deletes the set if the last member was removed.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    complexity: 'O(N) where N is the number of members to be removed.',
    args: [key(), many(str('member'))],
  }),
  cmd('smembers', 2, 'set', 'Returns all members of a set.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    complexity: 'O(N) where N is the set cardinality.',
    args: [key()],
  }),
  cmd('sismember', 3, 'set', 'Determines whether a member belongs to a set.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key(), str('member')],
  }),
  cmd('smismember', -3, 'set', 'Determines whether multiple members belong to a set.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '6.2.0',
    complexity: 'O(N) where N is the number of elements being checked for membership',
    args: [key(), many(str('member'))],
  }),
  cmd('scard', 2, 'set', 'Returns the number of members in a set.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('spop', -2, 'set', 'Returns one or more random members from a set after removing them. Deletes the set if the last member was popped.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.',
    args: [key(), opt(int('count'))],
  }),
  cmd('srandmember', -2, 'set', 'Get one or multiple random members from a set', {
    flags: 'readonly',
    keys: [1, 1, 1],
    complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.',
    args: [key(), opt(int('count'))],
  }),
  cmd('smove', 4, 'set', 'Moves a member from one set to another.', {
    flags: 'write fast',
    keys: [1, 2, 1],
    complexity: 'O(1)',
    args: [key('source'), key('destination'), str('member')],
  }),
  cmd('sinter', -2, 'set', 'Returns the intersect of multiple sets.', {
    flags: 'readonly',
    keys: [1, -1, 1],
    complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    args: [many(key())],
  }),
  cmd('sintercard', -3, 'set', 'Returns the number of members of the intersect of multiple sets.', {
    flags: 'readonly movablekeys',
    movable: { find: 'numkeys', at: 1 },
    since: '7.0.0',
    complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    args: [int('numkeys'), many(key()), opt(int('limit', { token: 'LIMIT' }))],
  }),
  cmd('sinterstore', -3, 'set', 'Stores the intersect of multiple sets in a key.', {
    flags: 'write denyoom',
    keys: [1, -1, 1],
    complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
    args: [key('destination'), many(key())],
  }),
  cmd('sunion', -2, 'set', 'Returns the union of multiple sets.', {
    flags: 'readonly',
    keys: [1, -1, 1],
    complexity: ALGEBRA,
    args: [many(key())],
  }),
  cmd('sunionstore', -3, 'set', 'Stores the union of multiple sets in a key.', {
    flags: 'write denyoom',
    keys: [1, -1, 1],
    complexity: ALGEBRA,
    args: [key('destination'), many(key())],
  }),
  cmd('sdiff', -2, 'set', 'Returns the difference of multiple sets.', {
    flags: 'readonly',
    keys: [1, -1, 1],
    complexity: ALGEBRA,
    args: [many(key())],
  }),
  cmd('sdiffstore', -3, 'set', 'Stores the difference of multiple sets in a key.', {
    flags: 'write denyoom',
    keys: [1, -1, 1],
    complexity: ALGEBRA,
    args: [key('destination'), many(key())],
  }),
  cmd('sscan', -3, 'set', 'Iterates over members of a set.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    args: [key(), int('cursor'), opt(pattern('pattern', { token: 'MATCH' })), opt(int('count', { token: 'COUNT' }))],
  }),
] satisfies CommandSpec[];
