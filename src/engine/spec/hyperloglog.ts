import type { CommandSpec } from '../core/command';
import { cmd, key, many, opt, str } from './dsl';

export const hyperloglogSpecs = [
  cmd('pfadd', -2, 'hyperloglog', 'Adds elements to a HyperLogLog key. Creates the key if it doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '2.8.9',
    complexity: 'O(1) to add every element.',
    args: [key(), opt(many(str('element')))],
  }),
  cmd('pfcount', -2, 'hyperloglog', 'Returns the approximated cardinality of the set(s) observed by the HyperLogLog key(s).', {
    flags: 'readonly',
    keys: [1, -1, 1],
    since: '2.8.9',
    complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
    args: [many(key())],
  }),
  cmd('pfmerge', -2, 'hyperloglog', 'Merges one or more HyperLogLog values into a single key.', {
    flags: 'write denyoom',
    keys: [1, -1, 1],
    since: '2.8.9',
    complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.',
    args: [key('destkey'), many(key('sourcekey'))],
  }),
  cmd('pfdebug', 3, 'hyperloglog', 'Internal commands for debugging HyperLogLog values.', {
    flags: 'write denyoom admin',
    keys: [2, 2, 1],
    since: '2.8.9',
    complexity: 'N/A',
    args: [str('subcommand'), key()],
  }),
] satisfies CommandSpec[];
