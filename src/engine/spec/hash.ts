import type { CommandGroup, CommandSpec, TypedSpec } from '../core/command';
import { block, cmd as baseCmd, int, key, many, opt, pattern, str, tok, type CmdOpts } from './dsl';

const G: CommandGroup = 'hash';

/** `cmd` plus COMMAND DOCS history. */
function cmd<N extends string>(name: N, arity: number, group: CommandGroup, summary: string, o: CmdOpts<never> & { history?: [string, string][] }): TypedSpec<N> {
  const { history, ...rest } = o;
  const spec = baseCmd(name, arity, group, summary, rest);
  return history === undefined ? spec : { ...spec, history };
}

const ALL = 'O(N) where N is the size of the hash.';

export const hashSpecs = [
  cmd('hset', -4, G, 'Creates or modifies the value of a field in a hash.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.',
    args: [key(), many(block('data', [str('field'), str('value')]))],
    history: [['4.0.0', 'Accepts multiple `field` and `value` arguments.']],
  }),
  cmd('hsetnx', 4, G, 'Sets the value of a field in a hash only when the field doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(1)',
    args: [key(), str('field'), str('value')],
  }),
  cmd('hmset', -4, G, 'Sets the values of multiple fields.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being set.',
    args: [key(), many(block('data', [str('field'), str('value')]))],
  }),
  cmd('hget', 3, G, 'Returns the value of a field in a hash.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(1)',
    args: [key(), str('field')],
  }),
  cmd('hmget', -3, G, 'Returns the values of all fields in a hash.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields being requested.',
    args: [key(), many(str('field'))],
  }),
  cmd('hgetall', 2, G, 'Returns all fields and values in a hash.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: ALL,
    args: [key()],
  }),
  cmd('hdel', -3, G, 'Deletes one or more fields and their values from a hash. Deletes the hash if no fields remain.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(N) where N is the number of fields to be removed.',
    args: [key(), many(str('field'))],
    history: [['2.4.0', 'Accepts multiple `field` arguments.']],
  }),
  cmd('hexists', 3, G, 'Determines whether a field exists in a hash.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(1)',
    args: [key(), str('field')],
  }),
  cmd('hkeys', 2, G, 'Returns all fields in a hash.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: ALL,
    args: [key()],
  }),
  cmd('hvals', 2, G, 'Returns all values in a hash.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: ALL,
    args: [key()],
  }),
  cmd('hlen', 2, G, 'Returns the number of fields in a hash.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('hstrlen', 3, G, 'Returns the length of the value of a field.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '3.2.0',
    complexity: 'O(1)',
    args: [key(), str('field')],
  }),
  cmd('hincrby', 4, G, 'Increments the integer value of a field in a hash by a number. Uses 0 as initial value if the field doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(1)',
    args: [key(), str('field'), int('increment')],
  }),
  cmd('hincrbyfloat', 4, G, 'Increments the floating point value of a field by a number. Uses 0 as initial value if the field doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '2.6.0',
    complexity: 'O(1)',
    args: [key(), str('field'), { name: 'increment', type: 'double' }],
  }),
  cmd('hrandfield', -2, G, 'Returns one or more random fields from a hash.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '6.2.0',
    complexity: 'O(N) where N is the number of fields returned',
    args: [key(), opt(block('options', [int('count'), opt(tok('WITHVALUES'))]))],
  }),
  cmd('hscan', -3, G, 'Iterates over fields and values of a hash.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    args: [key(), int('cursor'), opt(pattern('pattern', { token: 'MATCH' })), opt(int('count', { token: 'COUNT' }))],
  }),
] satisfies CommandSpec[];
