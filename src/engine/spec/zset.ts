import type { ArgSpec, CommandSpec } from '../core/command';
import { block, cmd, dbl, int, key, many, oneof, opt, pattern, str, tok } from './dsl';

const G = 'sorted-set' as const;

const limit = (): ArgSpec => opt(block('limit', [int('offset'), int('count')], { token: 'LIMIT' }));
const withscores = (): ArgSpec => opt(tok('WITHSCORES'));
const weights = (): ArgSpec => opt(many(int('weight', { token: 'WEIGHTS' })));
const aggregate = (): ArgSpec =>
  opt(oneof('aggregate', [tok('SUM'), tok('MIN'), tok('MAX')], { token: 'AGGREGATE' }));
const minMax = (): ArgSpec => oneof('where', [tok('MIN'), tok('MAX')]);
const count = (): ArgSpec => opt(int('count', { token: 'COUNT' }));

const RANGE_BY_SCORE =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).';
const REMOVE_RANGE =
  'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.';
const SET_OP =
  'O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.';
const INTER_OP =
  'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.';
const DIFF_OP =
  'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.';
const POP = 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.';
const MPOP = 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.';

export const zsetSpecs = [
  cmd('zadd', -4, G, 'Adds one or more members to a sorted set, or updates their scores. Creates the key if it doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '1.2.0',
    complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
    args: [
      key(),
      opt(oneof('condition', [tok('NX'), tok('XX')])),
      opt(oneof('comparison', [tok('GT'), tok('LT')])),
      opt(tok('CH')),
      opt(tok('INCR')),
      many(block('data', [dbl('score'), str('member')])),
    ],
  }),
  cmd('zincrby', 4, G, 'Increments the score of a member in a sorted set.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '1.2.0',
    complexity: 'O(log(N)) where N is the number of elements in the sorted set.',
    args: [key(), dbl('increment'), str('member')],
  }),
  cmd('zrem', -3, G, 'Removes one or more members from a sorted set. Deletes the sorted set if all members were removed.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '1.2.0',
    complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
    args: [key(), many(str('member'))],
  }),
  cmd('zcard', 2, G, 'Returns the number of members in a sorted set.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '1.2.0',
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('zscore', 3, G, 'Returns the score of a member in a sorted set.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '1.2.0',
    complexity: 'O(1)',
    args: [key(), str('member')],
  }),
  cmd('zmscore', -3, G, 'Returns the score of one or more members in a sorted set.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '6.2.0',
    complexity: 'O(N) where N is the number of members being requested.',
    args: [key(), many(str('member'))],
  }),
  cmd('zcount', 4, G, 'Returns the count of members in a sorted set that have scores within a range.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    args: [key(), dbl('min'), dbl('max')],
  }),
  cmd('zlexcount', 4, G, 'Returns the number of members in a sorted set within a lexicographical range.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.8.9',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    args: [key(), str('min'), str('max')],
  }),
  cmd('zrange', -4, G, 'Returns members in a sorted set within a range of indexes.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    args: [
      key(),
      str('start'),
      str('stop'),
      opt(oneof('sortby', [tok('BYSCORE'), tok('BYLEX')])),
      opt(tok('REV')),
      limit(),
      withscores(),
    ],
  }),
  cmd('zrangestore', -5, G, 'Stores a range of members from sorted set in a key.', {
    flags: 'write denyoom',
    keys: [1, 2, 1],
    since: '6.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
    args: [
      key('dst'),
      key('src'),
      str('min'),
      str('max'),
      opt(oneof('sortby', [tok('BYSCORE'), tok('BYLEX')])),
      opt(tok('REV')),
      limit(),
    ],
  }),
  cmd('zrevrange', -4, G, 'Returns members in a sorted set within a range of indexes in reverse order.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '1.2.0',
    complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.',
    args: [key(), int('start'), int('stop'), withscores()],
  }),
  cmd('zrangebyscore', -4, G, 'Returns members in a sorted set within a range of scores.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '1.0.5',
    complexity: RANGE_BY_SCORE,
    args: [key(), dbl('min'), dbl('max'), withscores(), limit()],
  }),
  cmd('zrevrangebyscore', -4, G, 'Returns members in a sorted set within a range of scores in reverse order.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity: RANGE_BY_SCORE,
    args: [key(), dbl('max'), dbl('min'), withscores(), limit()],
  }),
  cmd('zrangebylex', -4, G, 'Returns members in a sorted set within a lexicographical range.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.8.9',
    complexity: RANGE_BY_SCORE,
    args: [key(), str('min'), str('max'), limit()],
  }),
  cmd('zrevrangebylex', -4, G, 'Returns members in a sorted set within a lexicographical range in reverse order.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.8.9',
    complexity: RANGE_BY_SCORE,
    args: [key(), str('max'), str('min'), limit()],
  }),
  cmd('zrank', 3, G, 'Returns the index of a member in a sorted set ordered by ascending scores.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(log(N))',
    args: [key(), str('member')],
  }),
  cmd('zrevrank', 3, G, 'Returns the index of a member in a sorted set ordered by descending scores.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: 'O(log(N))',
    args: [key(), str('member')],
  }),
  cmd('zremrangebyrank', 4, G, 'Removes members in a sorted set within a range of indexes. Deletes the sorted set if all members were removed.', {
    flags: 'write',
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: REMOVE_RANGE,
    args: [key(), int('start'), int('stop')],
  }),
  cmd('zremrangebyscore', 4, G, 'Removes members in a sorted set within a range of scores. Deletes the sorted set if all members were removed.', {
    flags: 'write',
    keys: [1, 1, 1],
    since: '1.2.0',
    complexity: REMOVE_RANGE,
    args: [key(), dbl('min'), dbl('max')],
  }),
  cmd('zremrangebylex', 4, G, 'Removes members in a sorted set within a lexicographical range. Deletes the sorted set if all members were removed.', {
    flags: 'write',
    keys: [1, 1, 1],
    since: '2.8.9',
    complexity: REMOVE_RANGE,
    args: [key(), str('min'), str('max')],
  }),
  cmd('zpopmin', -2, G, 'Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '5.0.0',
    complexity: POP,
    args: [key(), opt(int('count'))],
  }),
  cmd('zpopmax', -2, G, 'Returns the highest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '5.0.0',
    complexity: POP,
    args: [key(), opt(int('count'))],
  }),
  cmd('bzpopmin', -3, G, 'Removes and returns the member with the lowest score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.', {
    flags: 'write noscript fast blocking',
    keys: [1, -2, 1],
    since: '5.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    args: [many(key()), dbl('timeout')],
  }),
  cmd('bzpopmax', -3, G, 'Removes and returns the member with the highest score from one or more sorted sets. Blocks until a member available otherwise.  Deletes the sorted set if the last element was popped.', {
    flags: 'write noscript fast blocking',
    keys: [1, -2, 1],
    since: '5.0.0',
    complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    args: [many(key()), dbl('timeout')],
  }),
  cmd('zmpop', -4, G, 'Returns the highest- or lowest-scoring members from one or more sorted sets after removing them. Deletes the sorted set if the last member was popped.', {
    flags: 'write movablekeys',
    movable: { find: 'numkeys', at: 1 },
    since: '7.0.0',
    complexity: MPOP,
    args: [int('numkeys'), many(key()), minMax(), count()],
  }),
  cmd('bzmpop', -5, G, 'Removes and returns a member by score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.', {
    flags: 'write blocking movablekeys',
    movable: { find: 'numkeys', at: 2 },
    since: '7.0.0',
    complexity: MPOP,
    args: [dbl('timeout'), int('numkeys'), many(key()), minMax(), count()],
  }),
  cmd('zrandmember', -2, G, 'Returns one or more random members from a sorted set.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '6.2.0',
    complexity: 'O(N) where N is the number of members returned',
    args: [key(), opt(block('options', [int('count'), withscores()]))],
  }),
  cmd('zunion', -3, G, 'Returns the union of multiple sorted sets.', {
    flags: 'readonly movablekeys',
    movable: { find: 'numkeys', at: 1 },
    since: '6.2.0',
    complexity: SET_OP,
    args: [int('numkeys'), many(key()), weights(), aggregate(), withscores()],
  }),
  cmd('zinter', -3, G, 'Returns the intersect of multiple sorted sets.', {
    flags: 'readonly movablekeys',
    movable: { find: 'numkeys', at: 1 },
    since: '6.2.0',
    complexity: INTER_OP,
    args: [int('numkeys'), many(key()), weights(), aggregate(), withscores()],
  }),
  cmd('zdiff', -3, G, 'Returns the difference between multiple sorted sets.', {
    flags: 'readonly movablekeys',
    movable: { find: 'numkeys', at: 1 },
    since: '6.2.0',
    complexity: DIFF_OP,
    args: [int('numkeys'), many(key()), withscores()],
  }),
  cmd('zunionstore', -4, G, 'Stores the union of multiple sorted sets in a key.', {
    flags: 'write denyoom movablekeys',
    movable: { find: 'numkeys', at: 2, before: [1] },
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: SET_OP,
    args: [key('destination'), int('numkeys'), many(key()), weights(), aggregate()],
  }),
  cmd('zinterstore', -4, G, 'Stores the intersect of multiple sorted sets in a key.', {
    flags: 'write denyoom movablekeys',
    movable: { find: 'numkeys', at: 2, before: [1] },
    keys: [1, 1, 1],
    since: '2.0.0',
    complexity: INTER_OP,
    args: [key('destination'), int('numkeys'), many(key()), weights(), aggregate()],
  }),
  cmd('zdiffstore', -4, G, 'Stores the difference of multiple sorted sets in a key.', {
    flags: 'write denyoom movablekeys',
    movable: { find: 'numkeys', at: 2, before: [1] },
    keys: [1, 1, 1],
    since: '6.2.0',
    complexity: DIFF_OP,
    args: [key('destination'), int('numkeys'), many(key())],
  }),
  cmd('zintercard', -3, G, 'Returns the number of members of the intersect of multiple sorted sets.', {
    flags: 'readonly movablekeys',
    movable: { find: 'numkeys', at: 1 },
    since: '7.0.0',
    complexity: 'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.',
    args: [int('numkeys'), many(key()), opt(int('limit', { token: 'LIMIT' }))],
  }),
  cmd('zscan', -3, G, 'Iterates over members and scores of a sorted set.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '2.8.0',
    complexity:
      'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.',
    args: [key(), int('cursor'), opt(pattern('pattern', { token: 'MATCH' })), opt(int('count', { token: 'COUNT' }))],
  }),
] satisfies CommandSpec[];
