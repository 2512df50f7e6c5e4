import type { ArgSpec, CommandSpec, Ctx, Handler } from '../../core/command';
import { E } from '../../core/errors';
import { globMatch } from '../../core/glob';
import { helpReply } from '../../core/help';
import { RedisError, is } from '../../core/parse';
import { parseInt64 } from '../../../text/int';
import { NIL, array, bulk, int, simple, type Reply } from '../../core/reply';
import type { Engine } from '../../engine';

/** COMMAND and its subcommands: the command table as Redis reports it. */
export const commandCommands: Record<string, Handler> = {
  command: (c) => array(topLevel(c.engine).map((cmd) => commandInfo(cmd))),
  'command|count': (c) => int(c.engine.commands.size),
  'command|list': commandList,
  'command|info': (c) => {
    const specs = c.argv.length === 2 ? topLevel(c.engine) : c.argv.slice(2).map((n) => findSpec(c.engine, n));
    return array(specs.map((s) => (s === undefined ? NIL : commandInfo(s))));
  },
  'command|docs': (c) => {
    const specs = c.argv.length === 2 ? topLevel(c.engine) : c.argv.slice(2).map((n) => findSpec(c.engine, n));
    const pairs: [Reply, Reply][] = [];
    for (const s of specs) if (s !== undefined) pairs.push([bulk(s.name), commandDocs(s)]);
    return { t: 'map', v: pairs };
  },
  'command|getkeys': (c) => array(getKeysFor(c).map(([k]) => bulk(k))),
  'command|getkeysandflags': (c) =>
    array(getKeysFor(c).map(([k, flags]) => array([bulk(k), { t: 'set', v: flags.map((f) => simple(f)) }]))),
  'command|help': (c) => helpReply(c, COMMAND_HELP),
};

type EngineCommand = NonNullable<ReturnType<Engine['commands']['get']>>;

function topLevel(engine: Engine): CommandSpec[] {
  return [...engine.commands.values()].map((c) => c.spec);
}

/** lookupCommandBySds: `get`, `config|get` (case-insensitive). */
function findSpec(engine: Engine, name: string): CommandSpec | undefined {
  const [base, sub, extra] = name.toLowerCase().split('|');
  if (extra !== undefined) return undefined;
  const cmd = engine.commands.get(base!);
  if (sub === undefined) return cmd?.spec;
  return cmd?.subcommands?.get(sub)?.spec;
}

const FLAG_ORDER = [
  'write',
  'readonly',
  'denyoom',
  'module',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'asking',
  'fast',
  'no_auth',
  'no_mandatory_keys',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
];

const CATEGORY_ORDER = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream',
  'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
];

const GROUP_CATEGORY: Partial<Record<CommandSpec['group'], string>> = {
  generic: 'keyspace',
  string: 'string',
  list: 'list',
  set: 'set',
  'sorted-set': 'sortedset',
  hash: 'hash',
  transactions: 'transaction',
  connection: 'connection',
  scripting: 'scripting',
  hyperloglog: 'hyperloglog',
  bitmap: 'bitmap',
  geo: 'geo',
  stream: 'stream',
};

/** Commands Redis 7.0 tags with explicit categories beyond their group's. */
const EXPLICIT_CATEGORIES: Record<string, readonly string[]> = {
  keys: ['keyspace', 'dangerous'],
  migrate: ['keyspace', 'dangerous'],
  restore: ['keyspace', 'dangerous'],
  'restore-asking': ['keyspace', 'dangerous'],
  sort: ['set', 'sortedset', 'list', 'dangerous'],
  sort_ro: ['set', 'sortedset', 'list', 'dangerous'],
  flushall: ['keyspace', 'dangerous'],
  flushdb: ['keyspace', 'dangerous'],
  swapdb: ['keyspace', 'dangerous'],
  dbsize: ['keyspace'],
  info: ['dangerous'],
  lastsave: ['admin', 'dangerous'],
  role: ['dangerous'],
  command: ['connection'],
  wait: ['connection'],
  client: [],
  object: [],
};

/** ACL categories as COMMAND INFO lists them: explicit ones plus those implied by the flags. */
export function categories(spec: CommandSpec): string[] {
  const base = spec.name.split('|')[0]!;
  const cats = new Set<string>(
    EXPLICIT_CATEGORIES[spec.name] ??
      (base === 'command' ? ['connection'] : spec.subcommands !== undefined ? [] : GROUP_CATEGORY[spec.group] !== undefined ? [GROUP_CATEGORY[spec.group]!] : []),
  );
  const f = new Set(spec.flags);
  if (f.has('write')) cats.add('write');
  if (f.has('readonly') && !cats.has('scripting')) cats.add('read');
  if (f.has('admin')) {
    cats.add('admin');
    cats.add('dangerous');
  }
  if (f.has('pubsub')) cats.add('pubsub');
  if (f.has('fast')) cats.add('fast');
  if (f.has('blocking')) cats.add('blocking');
  if (!cats.has('fast')) cats.add('slow');
  return CATEGORY_ORDER.filter((c) => cats.has(c));
}

function keySpecFlags(spec: CommandSpec): string[] {
  if (spec.flags.includes('write')) return ['RW', 'update'];
  return ['RO', 'access'];
}

function keySpecs(spec: CommandSpec): Reply {
  if (spec.firstKey <= 0) return { t: 'set', v: [] };
  const lastkey = spec.lastKey >= 0 ? spec.lastKey - spec.firstKey : spec.lastKey;
  return {
    t: 'set',
    v: [
      {
        t: 'map',
        v: [
          [bulk('flags'), { t: 'set', v: keySpecFlags(spec).map((f) => simple(f)) }],
          [bulk('begin_search'), { t: 'map', v: [[bulk('type'), bulk('index')], [bulk('spec'), { t: 'map', v: [[bulk('index'), int(spec.firstKey)]] }]] }],
          [
            bulk('find_keys'),
            {
              t: 'map',
              v: [
                [bulk('type'), bulk('range')],
                [bulk('spec'), { t: 'map', v: [[bulk('lastkey'), int(lastkey)], [bulk('keystep'), int(spec.step)], [bulk('limit'), int(0)]] }],
              ],
            },
          ],
        ],
      },
    ],
  };
}

/** addReplyCommandInfo: the 10-element array of COMMAND / COMMAND INFO. */
export function commandInfo(spec: CommandSpec): Reply {
  const flags = FLAG_ORDER.filter((f) => spec.flags.includes(f));
  return array([
    bulk(spec.name),
    int(spec.arity),
    { t: 'set', v: flags.map((f) => simple(f)) },
    int(spec.firstKey),
    int(spec.lastKey),
    int(spec.step),
    { t: 'set', v: categories(spec).map((c) => simple(`@${c}`)) },
    { t: 'set', v: [] },
    keySpecs(spec),
    spec.subcommands === undefined ? { t: 'set', v: [] } : array(spec.subcommands.map((s) => commandInfo(s))),
  ]);
}

function argDocs(args: readonly ArgSpec[], counter: { keys: number }): Reply {
  return array(
    args.map((a) => {
      const pairs: [Reply, Reply][] = [
        [bulk('name'), bulk(a.name)],
        [bulk('type'), bulk(a.type)],
      ];
      if (a.type === 'key') pairs.push([bulk('key_spec_index'), int(Math.min(counter.keys++, 0))]);
      if (a.token !== undefined) pairs.push([bulk('token'), bulk(a.token)]);
      if (a.since !== undefined) pairs.push([bulk('since'), bulk(a.since)]);
      if (a.deprecatedSince !== undefined) pairs.push([bulk('deprecated_since'), bulk(a.deprecatedSince)]);
      const flags: string[] = [];
      if (a.optional) flags.push('optional');
      if (a.multiple) flags.push('multiple');
      if (a.multipleToken) flags.push('multiple_token');
      if (flags.length > 0) pairs.push([bulk('flags'), { t: 'set', v: flags.map((f) => simple(f)) }]);
      if ((a.type === 'oneof' || a.type === 'block') && a.args !== undefined) pairs.push([bulk('arguments'), argDocs(a.args, counter)]);
      return { t: 'map', v: pairs } as Reply;
    }),
  );
}

/** addReplyCommandDocs: summary, since, group, complexity, history, arguments, subcommands. */
export function commandDocs(spec: CommandSpec): Reply {
  const pairs: [Reply, Reply][] = [
    [bulk('summary'), bulk(spec.summary)],
    [bulk('since'), bulk(spec.since)],
    [bulk('group'), bulk(spec.group)],
  ];
  if (spec.complexity !== undefined) pairs.push([bulk('complexity'), bulk(spec.complexity)]);
  if (spec.history !== undefined && spec.history.length > 0) {
    pairs.push([bulk('history'), { t: 'set', v: spec.history.map(([v, text]) => array([bulk(v), bulk(text)])) }]);
  }
  if (spec.args !== undefined && spec.args.length > 0) pairs.push([bulk('arguments'), argDocs(spec.args, { keys: 0 })]);
  if (spec.subcommands !== undefined) {
    pairs.push([bulk('subcommands'), { t: 'map', v: spec.subcommands.map((s) => [bulk(s.name), commandDocs(s)] as const) }]);
  }
  return { t: 'map', v: pairs };
}

/** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern] */
function commandList(c: Ctx): Reply {
  const argv = c.argv;
  let filter: ((s: CommandSpec) => boolean) | undefined;
  for (let i = 2; i < argv.length; i++) {
    const more = argv.length - 1 - i;
    if (is(argv[i]!, 'FILTERBY') && more === 2) {
      const kind = argv[i + 1]!.toUpperCase();
      const arg = argv[i + 2]!;
      if (kind === 'MODULE') filter = () => false;
      else if (kind === 'ACLCAT') filter = (s) => categories(s).includes(arg.toLowerCase());
      else if (kind === 'PATTERN') filter = (s) => globMatch(arg.toLowerCase(), s.name.toLowerCase());
      else throw new RedisError(E.SYNTAX);
      i += 2;
    } else {
      throw new RedisError(E.SYNTAX);
    }
  }
  const out: Reply[] = [];
  const visit = (s: CommandSpec): void => {
    if (filter === undefined || filter(s)) out.push(bulk(s.name));
    for (const sub of s.subcommands ?? []) visit(sub);
  };
  for (const s of topLevel(c.engine)) visit(s);
  return array(out);
}

/**
 * Key positions of commands whose keys are not a fixed range ("movablekeys"):
 * a numkeys argument, a STREAMS keyword, an optional STORE destination.
 */
function movableKeys(name: string, argv: readonly string[]): number[] | undefined {
  const numkeysAt = (at: number, before: number[] = []): number[] | undefined => {
    const n = parseInt64(argv[at] ?? '');
    if (n === null || n < 1n || at + Number(n) >= argv.length) return undefined;
    return [...before, ...Array.from({ length: Number(n) }, (_, i) => at + 1 + i)];
  };
  switch (name) {
    case 'zunion':
    case 'zinter':
    case 'zdiff':
    case 'zintercard':
    case 'sintercard':
    case 'lmpop':
    case 'zmpop':
      return numkeysAt(1);
    case 'eval':
    case 'evalsha':
    case 'eval_ro':
    case 'evalsha_ro':
    case 'fcall':
    case 'fcall_ro': {
      const n = parseInt64(argv[2] ?? '');
      if (n === null || n < 0n || 2 + Number(n) >= argv.length) return undefined;
      return Array.from({ length: Number(n) }, (_, i) => 3 + i);
    }
    case 'zunionstore':
    case 'zinterstore':
    case 'zdiffstore':
      return numkeysAt(2, [1]);
    case 'blmpop':
    case 'bzmpop':
      return numkeysAt(2);
    case 'xread':
    case 'xreadgroup': {
      const at = argv.findIndex((a, i) => i > 0 && is(a, 'STREAMS'));
      if (at < 0) return undefined;
      const rest = argv.length - at - 1;
      if (rest === 0 || rest % 2 !== 0) return undefined;
      return Array.from({ length: rest / 2 }, (_, i) => at + 1 + i);
    }
    case 'sort_ro':
      return [1];
    case 'sort': {
      // sortGetKeys: LIMIT, GET and BY skip their arguments; the last STORE wins.
      let store = -1;
      for (let i = 2; i < argv.length; i++) {
        const a = argv[i]!;
        if (is(a, 'LIMIT')) i += 2;
        else if (is(a, 'GET') || is(a, 'BY')) i += 1;
        else if (is(a, 'STORE') && i + 1 < argv.length) store = ++i;
      }
      return store === -1 ? [1] : [1, store];
    }
    case 'georadius':
    case 'georadiusbymember': {
      const keys = [1];
      for (let i = 2; i < argv.length - 1; i++) {
        const a = argv[i]!.toUpperCase();
        if (a === 'STORE' || a === 'STOREDIST') keys.push(i + 1);
      }
      return keys;
    }
    default:
      return undefined;
  }
}

const MOVABLE = new Set([
  'zunion', 'zinter', 'zdiff', 'zintercard', 'sintercard', 'lmpop', 'zmpop', 'eval', 'evalsha', 'eval_ro', 'evalsha_ro', 'fcall',
  'fcall_ro', 'zunionstore', 'zinterstore', 'zdiffstore', 'blmpop', 'bzmpop', 'xread', 'xreadgroup', 'sort', 'sort_ro', 'georadius',
  'georadiusbymember',
]);

/** COMMAND GETKEYS / GETKEYSANDFLAGS: the keys of the command in argv[2..]. */
function getKeysFor(c: Ctx): [string, string[]][] {
  const argv = c.argv.slice(2);
  let cmd: EngineCommand | undefined = c.engine.commands.get(argv[0]!.toLowerCase());
  if (cmd !== undefined && cmd.subcommands !== undefined && argv.length >= 2) cmd = cmd.subcommands.get(argv[1]!.toLowerCase());
  if (cmd === undefined) throw new RedisError(E.GETKEYS_INVALID_COMMAND);
  const spec = cmd.spec;
  const movable = MOVABLE.has(spec.name);
  if (spec.firstKey <= 0 && !movable) throw new RedisError(E.GETKEYS_NO_KEYS);
  if ((spec.arity > 0 && spec.arity !== argv.length) || argv.length < -spec.arity) throw new RedisError(E.GETKEYS_BAD_ARITY);
  let positions: number[] | undefined;
  if (movable) {
    positions = movableKeys(spec.name, argv);
  } else {
    const last = spec.lastKey >= 0 ? spec.lastKey : argv.length + spec.lastKey;
    positions = [];
    for (let i = spec.firstKey; i <= last && i < argv.length; i += spec.step) positions.push(i);
  }
  if (positions === undefined || positions.length === 0) {
    if (spec.flags.includes('no_mandatory_keys')) return [];
    throw new RedisError(E.GETKEYS_BAD_ARGS);
  }
  return positions.map((p) => [argv[p]!, keySpecFlags(spec)]);
}

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];
