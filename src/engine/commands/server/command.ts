import type { ArgSpec, CommandSpec, Ctx } from '../../core/command';
import { E } from '../../core/errors';
import { globMatch } from '../../core/glob';
import { helpReply } from '../../core/help';
import { RedisError, is } from '../../core/parse';
import { NIL, array, bulk, int, simple, type Reply } from '../../core/reply';
import type { Engine } from '../../engine';
import { commandHasKeys, keySpecsOf, keysWithFlags } from '../../spec/keys';
import { categories } from '../../spec/categories';
import type { HandlersFor } from '../../core/command';
import type { serverSpecs } from '../../spec/server';

/** COMMAND and its subcommands: the command table as Redis reports it. */
export const commandCommands = {
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
    array(getKeysFor(c).map(([k, flags]) => array([bulk(k), flagSet(flags)]))),
  'command|help': (c) => helpReply(c, COMMAND_HELP),
} satisfies Partial<HandlersFor<typeof serverSpecs>>;

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

const flagSet = (flags: string): Reply => ({ t: 'set', v: flags === '' ? [] : flags.split(' ').map((f) => simple(f)) });
const intMap = (pairs: [string, number][]): Reply => ({ t: 'map', v: pairs.map(([k, v]) => [bulk(k), int(v)]) });

/** addReplyCommandKeySpecs: notes, flags, begin_search, find_keys of each key spec. */
function keySpecs(spec: CommandSpec): Reply {
  return {
    t: 'set',
    v: keySpecsOf(spec).map((ks) => {
      const pairs: [Reply, Reply][] = [];
      if (ks.notes !== undefined) pairs.push([bulk('notes'), bulk(ks.notes)]);
      pairs.push([bulk('flags'), flagSet(ks.flags)]);
      let begin: Reply;
      if (typeof ks.begin === 'number') begin = intMap([['index', ks.begin]]);
      else if (ks.begin === null) begin = { t: 'map', v: [] };
      else begin = { t: 'map', v: [[bulk('keyword'), bulk(ks.begin[0])], [bulk('startfrom'), int(ks.begin[1])]] };
      const beginType = typeof ks.begin === 'number' ? 'index' : ks.begin === null ? 'unknown' : 'keyword';
      pairs.push([bulk('begin_search'), { t: 'map', v: [[bulk('type'), bulk(beginType)], [bulk('spec'), begin]] }]);
      let find: Reply;
      if (ks.find === null) find = { t: 'map', v: [] };
      else if (ks.find[0] === 'range') find = intMap([['lastkey', ks.find[1]], ['keystep', ks.find[2]], ['limit', ks.find[3]]]);
      else find = intMap([['keynumidx', ks.find[1]], ['firstkey', ks.find[2]], ['keystep', ks.find[3]]]);
      pairs.push([bulk('find_keys'), { t: 'map', v: [[bulk('type'), bulk(ks.find === null ? 'unknown' : ks.find[0])], [bulk('spec'), find]] }]);
      return { t: 'map', v: pairs } as Reply;
    }),
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

/** getKeysSubcommandImpl: COMMAND GETKEYS / GETKEYSANDFLAGS, the keys of the command in argv[2..]. */
function getKeysFor(c: Ctx): [string, string][] {
  const argv = c.argv.slice(2);
  let cmd: EngineCommand | undefined = c.engine.commands.get(argv[0]!.toLowerCase());
  if (cmd !== undefined && cmd.subcommands !== undefined && argv.length >= 2) cmd = cmd.subcommands.get(argv[1]!.toLowerCase());
  if (cmd === undefined) throw new RedisError(E.GETKEYS_INVALID_COMMAND);
  const spec = cmd.spec;
  if (!commandHasKeys(spec)) throw new RedisError(E.GETKEYS_NO_KEYS);
  if ((spec.arity > 0 && spec.arity !== argv.length) || argv.length < -spec.arity) throw new RedisError(E.GETKEYS_BAD_ARITY);
  const keys = keysWithFlags(spec, argv);
  if (keys.length === 0) {
    if (spec.flags.includes('no_mandatory_keys')) return [];
    throw new RedisError(E.GETKEYS_BAD_ARGS);
  }
  return keys.map((k) => [argv[k.pos]!, k.flags]);
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
