import type { CommandSpec } from '../core/command';
import { block, cmd, dbl, int, key, many, oneof, opt, str, time, tok } from './dsl';

const w = 'write denyoom';
const wf = 'write denyoom fast';

export const stringSpecs = [
  cmd('get', 2, 'string', 'Returns the string value of a key.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('set', -3, 'string', 'Sets the string value of a key, ignoring its type. The key is created if it doesn\'t exist.', {
    flags: w,
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
  cmd('setnx', 3, 'string', 'Set the string value of a key only when the key doesn\'t exist.', {
    flags: wf,
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key(), str('value')],
  }),
  cmd('setex', 4, 'string', 'Sets the string value and expiration time of a key. Creates the key if it doesn\'t exist.', {
    flags: w,
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(1)',
    args: [key(), int('seconds'), str('value')],
  }),
  cmd('psetex', 4, 'string', 'Sets both string value and expiration time in milliseconds of a key. The key is created if it doesn\'t exist.', {
    flags: w,
    keys: [1, 1, 1],
    since: '2.6.0',
    complexity: 'O(1)',
    args: [key(), int('milliseconds'), str('value')],
  }),
  cmd('getex', -2, 'string', 'Returns the string value of a key after setting its expiration time.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '6.2.0',
    complexity: 'O(1)',
    args: [
      key(),
      opt(
        oneof('expiration', [
          int('seconds', { token: 'EX' }),
          int('milliseconds', { token: 'PX' }),
          time('unix-time-seconds', { token: 'EXAT' }),
          time('unix-time-milliseconds', { token: 'PXAT' }),
          tok('PERSIST'),
        ]),
      ),
    ],
  }),
  cmd('getdel', 2, 'string', 'Returns the string value of a key after deleting the key.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '6.2.0',
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('getset', 3, 'string', 'Returns the previous string value of a key after setting it to a new value.', {
    flags: wf,
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key(), str('value')],
  }),
  cmd('mset', -3, 'string', 'Atomically creates or modifies the string values of one or more keys.', {
    flags: w,
    keys: [1, -1, 2],
    since: '1.0.1',
    complexity: 'O(N) where N is the number of keys to set.',
    args: [many(block('data', [key(), str('value')]))],
  }),
  cmd('msetnx', -3, 'string', 'Atomically modifies the string values of one or more keys only when all keys don\'t exist.', {
    flags: w,
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
  cmd('append', 3, 'string', 'Appends a string to the value of a key. Creates the key if it doesn\'t exist.', {
    flags: wf,
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity:
      'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.',
    args: [key(), str('value')],
  }),
  cmd('strlen', 2, 'string', 'Returns the length of a string value.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('getrange', 4, 'string', 'Returns a substring of the string stored at a key.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.4.0',
    complexity:
      'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
    args: [key(), int('start'), int('end')],
  }),
  cmd('substr', 4, 'string', 'Returns a substring from a string value.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    complexity:
      'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.',
    args: [key(), int('start'), int('end')],
  }),
  cmd('setrange', 4, 'string', 'Overwrites a part of a string value with another by an offset. Creates the key if it doesn\'t exist.', {
    flags: w,
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity:
      'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.',
    args: [key(), int('offset'), str('value')],
  }),
  cmd('incr', 2, 'string', 'Increments the integer value of a key by one. Uses 0 as initial value if the key doesn\'t exist.', {
    flags: wf,
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('decr', 2, 'string', 'Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn\'t exist.', {
    flags: wf,
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('incrby', 3, 'string', 'Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn\'t exist.', {
    flags: wf,
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key(), int('increment')],
  }),
  cmd('decrby', 3, 'string', 'Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn\'t exist.', {
    flags: wf,
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key(), int('decrement')],
  }),
  cmd('incrbyfloat', 3, 'string', 'Increment the floating point value of a key by a number. Uses 0 as initial value if the key doesn\'t exist.', {
    flags: wf,
    keys: [1, 1, 1],
    since: '2.6.0',
    complexity: 'O(1)',
    args: [key(), dbl('increment')],
  }),
  cmd('lcs', -3, 'string', 'Finds the longest common substring.', {
    flags: 'readonly',
    keys: [1, 2, 1],
    since: '7.0.0',
    complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively',
    args: [
      key('key1'),
      key('key2'),
      opt(tok('LEN')),
      opt(tok('IDX')),
      opt(int('min-match-len', { token: 'MINMATCHLEN' })),
      opt(tok('WITHMATCHLEN')),
    ],
  }),
] satisfies CommandSpec[];
