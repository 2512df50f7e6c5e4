import type { CommandSpec } from '../core/command';
import { block, cmd, int, key, many, oneof, opt, str, time, tok } from './dsl';

export const stringSpecs: CommandSpec[] = [
  cmd('get', 2, 'string', 'Returns the string value of a key.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('set', -3, 'string', 'Sets the string value of a key, ignoring its type. The key is created if it doesn\'t exist.', {
    flags: 'write denyoom',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [
      key(),
      str('value'),
      opt(oneof('condition', [tok('NX'), tok('XX')])),
      opt(tok('GET')),
      opt(
        oneof('expiration', [
          int('seconds', { token: 'EX' }),
          int('milliseconds', { token: 'PX' }),
          time('unix-time-seconds', { token: 'EXAT' }),
          time('unix-time-milliseconds', { token: 'PXAT' }),
          tok('KEEPTTL'),
        ]),
      ),
    ],
  }),
  cmd('incr', 2, 'string', 'Increments the integer value of a key by one. Uses 0 as initial value if the key doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('decr', 2, 'string', 'Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('incrby', 3, 'string', 'Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key(), int('increment')],
  }),
  cmd('decrby', 3, 'string', 'Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key(), int('decrement')],
  }),
  cmd('mset', -3, 'string', 'Atomically creates or modifies the string values of one or more keys.', {
    flags: 'write denyoom',
    keys: [1, -1, 2],
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    args: [many(block('data', [key(), str('value')]))],
  }),
  cmd('mget', -2, 'string', 'Atomically returns the string values of one or more keys.', {
    flags: 'readonly fast',
    keys: [1, -1, 1],
    complexity: 'O(N) where N is the number of keys to retrieve.',
    args: [many(key())],
  }),
  cmd('strlen', 2, 'string', 'Returns the length of a string value.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('append', 3, 'string', 'Appends a string to the value of a key. Creates the key if it doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
    args: [key(), str('value')],
  }),
];
