import type { CommandGroup, CommandSpec, TypedSpec } from '../core/command';
import { cmd as baseCmd, dbl, int, key, many, oneof, opt, str, tok, type CmdOpts } from './dsl';

/** `cmd` plus COMMAND DOCS history. */
function cmd<N extends string>(name: N, arity: number, group: CommandGroup, summary: string, o: CmdOpts<never> & { history?: [string, string][] }): TypedSpec<N> {
  const { history, ...rest } = o;
  const spec = baseCmd(name, arity, group, summary, rest);
  return history === undefined ? spec : { ...spec, history };
}

const G: CommandGroup = 'list';

const leftRight = (name: string) => oneof(name, [tok('LEFT'), tok('RIGHT')]);
const count = () => opt(int('count', { token: 'COUNT' }));
const MPOP = 'O(N+M) where N is the number of provided keys and M is the number of elements returned.';
const POP = 'O(N) where N is the number of elements returned';

export const listSpecs = [
  cmd('lpush', -3, G, 'Prepends one or more elements to a list. Creates the key if it doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [key(), many(str('element'))],
    history: [['2.4.0', 'Accepts multiple `element` arguments.']],
  }),
  cmd('rpush', -3, G, 'Appends one or more elements to a list. Creates the key if it doesn\'t exist.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [key(), many(str('element'))],
    history: [['2.4.0', 'Accepts multiple `element` arguments.']],
  }),
  cmd('lpushx', -3, G, 'Prepends one or more elements to a list only when the list exists.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [key(), many(str('element'))],
    history: [['4.0.0', 'Accepts multiple `element` arguments.']],
  }),
  cmd('rpushx', -3, G, 'Appends an element to a list only when the list exists.', {
    flags: 'write denyoom fast',
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.',
    args: [key(), many(str('element'))],
    history: [['4.0.0', 'Accepts multiple `element` arguments.']],
  }),
  cmd('lpop', -2, G, 'Returns the first elements in a list after removing it. Deletes the list if the last element was popped.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    complexity: POP,
    args: [key(), opt(int('count', { since: '6.2.0' }))],
    history: [['6.2.0', 'Added the `count` argument.']],
  }),
  cmd('rpop', -2, G, 'Returns and removes the last elements of a list. Deletes the list if the last element was popped.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    complexity: POP,
    args: [key(), opt(int('count', { since: '6.2.0' }))],
    history: [['6.2.0', 'Added the `count` argument.']],
  }),
  cmd('lrange', 4, G, 'Returns a range of elements from a list.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    complexity:
      'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.',
    args: [key(), int('start'), int('stop')],
  }),
  cmd('llen', 2, G, 'Returns the length of a list.', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    complexity: 'O(1)',
    args: [key()],
  }),
  cmd('lindex', 3, G, 'Returns an element from a list by its index.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    complexity:
      'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).',
    args: [key(), int('index')],
  }),
  cmd('lset', 4, G, 'Sets the value of an element in a list by its index.', {
    flags: 'write denyoom',
    keys: [1, 1, 1],
    complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).',
    args: [key(), int('index'), str('element')],
  }),
  cmd('linsert', 5, G, 'Inserts an element before or after another element in a list.', {
    flags: 'write denyoom',
    keys: [1, 1, 1],
    since: '2.2.0',
    complexity:
      'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).',
    args: [key(), oneof('where', [tok('BEFORE'), tok('AFTER')]), str('pivot'), str('element')],
  }),
  cmd('lrem', 4, G, 'Removes elements from a list. Deletes the list if the last element was removed.', {
    flags: 'write',
    keys: [1, 1, 1],
    complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.',
    args: [key(), int('count'), str('element')],
  }),
  cmd('ltrim', 4, G, 'Removes elements from both ends a list. Deletes the list if all elements were trimmed.', {
    flags: 'write',
    keys: [1, 1, 1],
    complexity: 'O(N) where N is the number of elements to be removed by the operation.',
    args: [key(), int('start'), int('stop')],
  }),
  cmd('lpos', -3, G, 'Returns the index of matching elements in a list.', {
    flags: 'readonly',
    keys: [1, 1, 1],
    since: '6.0.6',
    complexity:
      'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.',
    args: [
      key(),
      str('element'),
      opt(int('rank', { token: 'RANK' })),
      opt(int('num-matches', { token: 'COUNT' })),
      opt(int('len', { token: 'MAXLEN' })),
    ],
  }),
  cmd('lmove', 5, G, 'Returns an element after popping it from one list and pushing it to another. Deletes the list if the last element was moved.', {
    flags: 'write denyoom',
    keys: [1, 2, 1],
    since: '6.2.0',
    complexity: 'O(1)',
    args: [key('source'), key('destination'), leftRight('wherefrom'), leftRight('whereto')],
  }),
  cmd('rpoplpush', 3, G, 'Returns the last element of a list after removing and pushing it to another list. Deletes the list if the last element was popped.', {
    flags: 'write denyoom',
    keys: [1, 2, 1],
    since: '1.2.0',
    complexity: 'O(1)',
    args: [key('source'), key('destination')],
  }),
  cmd('lmpop', -4, G, 'Returns multiple elements from a list after removing them. Deletes the list if the last element was popped.', {
    flags: 'write movablekeys',
    movable: { find: 'numkeys', at: 1 },
    since: '7.0.0',
    complexity: MPOP,
    args: [int('numkeys'), many(key()), leftRight('where'), count()],
  }),
  cmd('blpop', -3, G, 'Removes and returns the first element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.', {
    flags: 'write noscript blocking',
    keys: [1, -2, 1],
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    args: [many(key()), dbl('timeout')],
    history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
  }),
  cmd('brpop', -3, G, 'Removes and returns the last element in a list. Blocks until an element is available otherwise. Deletes the list if the last element was popped.', {
    flags: 'write noscript blocking',
    keys: [1, -2, 1],
    since: '2.0.0',
    complexity: 'O(N) where N is the number of provided keys.',
    args: [many(key()), dbl('timeout')],
    history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
  }),
  cmd('blmove', 6, G, 'Pops an element from a list, pushes it to another list and returns it. Blocks until an element is available otherwise. Deletes the list if the last element was moved.', {
    flags: 'write denyoom noscript blocking',
    keys: [1, 2, 1],
    since: '6.2.0',
    complexity: 'O(1)',
    args: [key('source'), key('destination'), leftRight('wherefrom'), leftRight('whereto'), dbl('timeout')],
  }),
  cmd('brpoplpush', 4, G, 'Pops an element from a list, pushes it to another list and returns it. Block until an element is available otherwise. Deletes the list if the last element was popped.', {
    flags: 'write denyoom noscript blocking',
    keys: [1, 2, 1],
    since: '2.2.0',
    complexity: 'O(1)',
    args: [key('source'), key('destination'), dbl('timeout')],
    history: [['6.0.0', '`timeout` is interpreted as a double instead of an integer.']],
  }),
  cmd('blmpop', -5, G, 'Pops the first element from one of multiple lists. Blocks until an element is available otherwise. Deletes the list if the last element was popped.', {
    flags: 'write blocking movablekeys',
    movable: { find: 'numkeys', at: 2 },
    since: '7.0.0',
    complexity: MPOP,
    args: [dbl('timeout'), int('numkeys'), many(key()), leftRight('where'), count()],
  }),
] satisfies CommandSpec[];
