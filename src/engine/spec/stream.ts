import type { CommandGroup, CommandSpec } from '../core/command';
import { block, cmd, int, key, many, oneof, opt, str, tok } from './dsl';

/** Stream commands (Redis 7.0 command table: arity, flags, key positions, arguments). */
const G: CommandGroup = 'stream';

const trimArg = oneof('trim', [
  block('trim', [
    oneof('strategy', [tok('MAXLEN'), tok('MINID')]),
    opt(oneof('operator', [tok('=', { name: 'equal' }), tok('~', { name: 'approximately' })])),
    str('threshold'),
    opt(int('count', { token: 'LIMIT' })),
  ]),
]);

const help = <C extends string>(container: C, since: string) =>
  cmd(`${container}|help` as const, 2, G, 'Show helpful text about the different subcommands', {
    flags: 'loading stale',
    since,
    complexity: 'O(1)',
  });

export const streamSpecs = [
  {
    ...cmd('xadd', -5, G, 'Appends a new entry to a stream', {
      flags: 'write denyoom fast',
      keys: [1, 1, 1],
      since: '5.0.0',
      complexity: 'O(1) when adding a new entry, O(N) when trimming where N being the number of entries evicted.',
      args: [
        key(),
        opt(tok('NOMKSTREAM', { since: '6.2.0' })),
        opt(block('trim', [
          oneof('strategy', [tok('MAXLEN'), tok('MINID', { since: '6.2.0' })]),
          opt(oneof('operator', [tok('=', { name: 'equal' }), tok('~', { name: 'approximately' })])),
          str('threshold'),
          opt(int('count', { token: 'LIMIT', since: '6.2.0' })),
        ])),
        oneof('id-selector', [tok('*', { name: 'auto-id' }), str('id')]),
        many(block('data', [str('field'), str('value')])),
      ],
    }),
    history: [
      ['6.2.0', 'Added the `NOMKSTREAM` option, `MINID` trimming strategy and the `LIMIT` option.'],
      ['7.0.0', 'Added support for the `<ms>-*` explicit ID form.'],
    ],
  },
  cmd('xlen', 2, G, 'Return the number of entries in a stream', {
    flags: 'readonly fast',
    keys: [1, 1, 1],
    since: '5.0.0',
    complexity: 'O(1)',
    args: [key()],
  }),
  {
    ...cmd('xrange', -4, G, 'Return a range of elements in a stream, with IDs matching the specified IDs interval', {
      flags: 'readonly',
      keys: [1, 1, 1],
      since: '5.0.0',
      complexity: 'O(N) with N being the number of elements being returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
      args: [key(), str('start'), str('end'), opt(int('count', { token: 'COUNT' }))],
    }),
    history: [['6.2.0', 'Added exclusive ranges.']],
  },
  {
    ...cmd('xrevrange', -4, G, 'Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE', {
      flags: 'readonly',
      keys: [1, 1, 1],
      since: '5.0.0',
      complexity: 'O(N) with N being the number of elements returned. If N is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1).',
      args: [key(), str('end'), str('start'), opt(int('count', { token: 'COUNT' }))],
    }),
    history: [['6.2.0', 'Added exclusive ranges.']],
  },
  cmd('xdel', -3, G, 'Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '5.0.0',
    complexity: 'O(1) for each single item to delete in the stream, regardless of the stream size.',
    args: [key(), many(str('id'))],
  }),
  {
    ...cmd('xtrim', -4, G, "Trims the stream to (approximately if '~' is passed) a certain size", {
      flags: 'write',
      keys: [1, 1, 1],
      since: '5.0.0',
      complexity: 'O(N), with N being the number of evicted entries. Constant times are very small however, since entries are organized in macro nodes containing multiple entries that can be released with a single deallocation.',
      args: [key(), trimArg],
    }),
    history: [['6.2.0', 'Added the `MINID` trimming strategy and the `LIMIT` option.']],
  },
  cmd('xread', -4, G, 'Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.', {
    flags: 'readonly blocking movablekeys',
    movable: { find: 'keyword-half', keyword: 'STREAMS' },
    keys: [0, 0, 0],
    since: '5.0.0',
    complexity: 'For each stream mentioned: O(N) with N being the number of elements being returned, it means that XREAD-ing with a fixed COUNT is O(1). Note that when the BLOCK option is used, XADD will pay O(M) time in order to serve the M clients blocked on the stream getting new data.',
    args: [
      opt(int('count', { token: 'COUNT' })),
      opt(int('milliseconds', { token: 'BLOCK' })),
      block('streams', [many(key()), many(str('id'))], { token: 'STREAMS' }),
    ],
  }),
  cmd('xreadgroup', -7, G, 'Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.', {
    flags: 'write blocking movablekeys',
    movable: { find: 'keyword-half', keyword: 'STREAMS' },
    keys: [0, 0, 0],
    since: '5.0.0',
    complexity: 'For each stream mentioned: O(M) with M being the number of elements returned. If M is constant (e.g. always asking for the first 10 elements with COUNT), you can consider it O(1). On the other side when XREADGROUP blocks, XADD will pay the O(N) time in order to serve the N clients blocked on the stream getting new data.',
    args: [
      block('group-block', [str('group'), str('consumer')], { token: 'GROUP' }),
      opt(int('count', { token: 'COUNT' })),
      opt(int('milliseconds', { token: 'BLOCK' })),
      opt(tok('NOACK')),
      block('streams', [many(key()), many(str('id'))], { token: 'STREAMS' }),
    ],
  }),
  cmd('xgroup', -2, G, 'A container for consumer groups commands', {
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      {
        ...cmd('xgroup|create', -5, G, 'Create a consumer group.', {
          flags: 'write denyoom',
          keys: [2, 2, 1],
          since: '5.0.0',
          complexity: 'O(1)',
          args: [
            key(),
            str('groupname'),
            oneof('id-selector', [str('id'), tok('$', { name: 'new-id' })]),
            opt(tok('MKSTREAM')),
            opt(int('entries_read', { token: 'ENTRIESREAD' })),
          ],
        }),
        history: [['7.0.0', 'Added the `entries_read` named argument.']],
      },
      cmd('xgroup|createconsumer', 5, G, 'Create a consumer in a consumer group.', {
        flags: 'write denyoom',
        keys: [2, 2, 1],
        since: '6.2.0',
        complexity: 'O(1)',
        args: [key(), str('groupname'), str('consumername')],
      }),
      cmd('xgroup|delconsumer', 5, G, 'Delete a consumer from a consumer group.', {
        flags: 'write',
        keys: [2, 2, 1],
        since: '5.0.0',
        complexity: 'O(1)',
        args: [key(), str('groupname'), str('consumername')],
      }),
      cmd('xgroup|destroy', 4, G, 'Destroy a consumer group.', {
        flags: 'write',
        keys: [2, 2, 1],
        since: '5.0.0',
        complexity: 'O(N) where N is the number of entries in the group\'s pending entries list (PEL).',
        args: [key(), str('groupname')],
      }),
      help('xgroup', '5.0.0'),
      {
        ...cmd('xgroup|setid', -5, G, 'Set a consumer group to an arbitrary last delivered ID value.', {
          flags: 'write',
          keys: [2, 2, 1],
          since: '5.0.0',
          complexity: 'O(1)',
          args: [
            key(),
            str('groupname'),
            oneof('id-selector', [str('id'), tok('$', { name: 'new-id' })]),
            opt(int('entries_read', { token: 'ENTRIESREAD' })),
          ],
        }),
        history: [['7.0.0', 'Added the optional `entries_read` argument.']],
      },
    ],
  }),
  {
    ...cmd('xsetid', -3, G, 'An internal command for replicating stream values', {
      flags: 'write denyoom fast',
      keys: [1, 1, 1],
      since: '5.0.0',
      complexity: 'O(1)',
      args: [
        key(),
        str('last-id'),
        opt(int('entries_added', { token: 'ENTRIESADDED', since: '7.0.0' })),
        opt(str('max_deleted_entry_id', { token: 'MAXDELETEDID', since: '7.0.0' })),
      ],
    }),
    history: [['7.0.0', 'Added the `entries_added` and `max_deleted_entry_id` arguments.']],
  },
  cmd('xack', -4, G, 'Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.', {
    flags: 'write fast',
    keys: [1, 1, 1],
    since: '5.0.0',
    complexity: 'O(1) for each message ID processed.',
    args: [key(), str('group'), many(str('id'))],
  }),
  {
    ...cmd('xpending', -3, G, 'Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.', {
      flags: 'readonly',
      keys: [1, 1, 1],
      since: '5.0.0',
      complexity: 'O(N) with N being the number of elements returned, so asking for a small fixed number of entries per call is O(1). O(M), where M is the total number of entries scanned when used with the IDLE filter. When the command returns just the summary and the list of consumers is small, it runs in O(1) time; otherwise, an additional O(N) time for iterating every consumer.',
      args: [
        key(),
        str('group'),
        opt(block('filters', [
          opt(int('min-idle-time', { token: 'IDLE', since: '6.2.0' })),
          str('start'),
          str('end'),
          int('count'),
          opt(str('consumer')),
        ])),
      ],
    }),
    history: [['6.2.0', 'Added the `IDLE` option and exclusive range intervals.']],
  },
  {
    ...cmd('xclaim', -6, G, 'Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.', {
      flags: 'write fast',
      keys: [1, 1, 1],
      since: '5.0.0',
      complexity: 'O(log N) with N being the number of messages in the PEL of the consumer group.',
      args: [
        key(),
        str('group'),
        str('consumer'),
        str('min-idle-time'),
        many(str('id')),
        opt(int('ms', { token: 'IDLE' })),
        opt(int('unix-time-milliseconds', { token: 'TIME' })),
        opt(int('count', { token: 'RETRYCOUNT' })),
        opt(tok('FORCE')),
        opt(tok('JUSTID')),
        opt(str('id', { token: 'LASTID' })),
      ],
    }),
  },
  {
    ...cmd('xautoclaim', -6, G, 'Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.', {
      flags: 'write fast',
      keys: [1, 1, 1],
      since: '6.2.0',
      complexity: 'O(1) if COUNT is small.',
      args: [key(), str('group'), str('consumer'), str('min-idle-time'), str('start'), opt(int('count', { token: 'COUNT' })), opt(tok('JUSTID'))],
    }),
    history: [['7.0.0', 'Added an element to the reply array, containing deleted entries the command cleared from the PEL']],
  },
  cmd('xinfo', -2, G, 'A container for stream introspection commands', {
    since: '5.0.0',
    complexity: 'Depends on subcommand.',
    subcommands: [
      cmd('xinfo|consumers', 4, G, 'List the consumers in a consumer group', {
        flags: 'readonly',
        keys: [2, 2, 1],
        since: '5.0.0',
        complexity: 'O(1)',
        args: [key(), str('groupname')],
      }),
      {
        ...cmd('xinfo|groups', 3, G, 'List the consumer groups of a stream', {
          flags: 'readonly',
          keys: [2, 2, 1],
          since: '5.0.0',
          complexity: 'O(1)',
          args: [key()],
        }),
        history: [['7.0.0', 'Added the `entries-read` and `lag` fields']],
      },
      help('xinfo', '5.0.0'),
      {
        ...cmd('xinfo|stream', -3, G, 'Get information about a stream', {
          flags: 'readonly',
          keys: [2, 2, 1],
          since: '5.0.0',
          complexity: 'O(1)',
          args: [key(), opt(block('full-block', [tok('FULL'), opt(int('count', { token: 'COUNT' }))]))],
        }),
        history: [
          ['6.0.0', 'Added the `FULL` modifier.'],
          ['7.0.0', 'Added the `max-deleted-entry-id`, `entries-added`, `recorded-first-entry-id`, `entries-read` and `lag` fields'],
        ],
      },
    ],
  }),
] satisfies CommandSpec[];
