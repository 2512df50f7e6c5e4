import type { CommandSpec } from '../core/command';
import { block, cmd, int, key, many, oneof, opt, pattern, tok } from './dsl';

const common = [
  opt(pattern('pattern', { token: 'BY' })),
  opt(block('limit', [int('offset'), int('count')], { token: 'LIMIT' })),
  opt(many(pattern('pattern', { token: 'GET', multipleToken: true }))),
  opt(oneof('order', [tok('ASC'), tok('DESC')])),
  opt(tok('ALPHA', { display: 'sorting' })),
];

export const sortSpecs = [
  cmd('sort', -2, 'generic', 'Sorts the elements in a list, a set, or a sorted set, optionally storing the result.', {
    flags: 'write denyoom movablekeys',
    movable: { find: 'sort' },
    keys: [1, 1, 1],
    complexity: 'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
    args: [key(), ...common, opt(key('destination', { token: 'STORE' }))],
  }),
  cmd('sort_ro', -2, 'generic', 'Returns the sorted elements of a list, a set, or a sorted set.', {
    // Movable as in Redis (its keys come from a getkeys procedure), though there is only the one key.
    flags: 'readonly movablekeys',
    movable: { find: 'store-keywords', keywords: [] },
    keys: [1, 1, 1],
    since: '7.0.0',
    complexity: 'O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).',
    args: [key(), ...common],
  }),
] satisfies CommandSpec[];
