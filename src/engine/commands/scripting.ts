import type { Ctx, HandlersFor } from '../core/command';
import { E } from '../core/errors';
import { globMatch } from '../core/glob';
import { helpReply } from '../core/help';
import { RedisError, is } from '../core/parse';
import { array, bulk, int, NIL, OK, simple, type Reply } from '../core/reply';
import { discardLibrary, SCRIPT_ERR, SCRIPT_FLAG, type Library } from '../core/scripting';
import { dumpFunctions, loadFunctionsPayload, verifyPayload } from '../rdb/codec';
import type { scriptingSpecs } from '../spec/scripting';

const SCRIPT_FLUSH_MODE = 'ERR SCRIPT FLUSH only support SYNC|ASYNC option';

/** SCRIPT FLUSH and FUNCTION FLUSH take one optional SYNC or ASYNC (both flush at once here); each has its own errors. */
function flush(c: Ctx, tooMany: string, badMode: string, flushNow: () => void): Reply {
  if (c.argv.length > 3) throw new RedisError(tooMany);
  if (c.argv.length === 3 && !is(c.argv[2]!, 'SYNC') && !is(c.argv[2]!, 'ASYNC')) throw new RedisError(badMode);
  flushNow();
  return OK;
}

/** SCRIPT KILL and FUNCTION KILL: nothing ever runs long enough to be killed. */
function notBusy(): Reply {
  throw new RedisError(SCRIPT_ERR.NOTBUSY);
}

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, FCALL, FCALL_RO, SCRIPT and FUNCTION.
 * The state (script cache, libraries, the VM) is `engine.scripting`
 * (core/scripting.ts); these handlers parse arguments and answer.
 */
export const scriptingCommands = {
  eval: (c) => c.engine.scripting.eval(c.client, c.argv, false, false),
  evalsha: (c) => c.engine.scripting.eval(c.client, c.argv, true, false),
  eval_ro: (c) => c.engine.scripting.eval(c.client, c.argv, false, true),
  evalsha_ro: (c) => c.engine.scripting.eval(c.client, c.argv, true, true),
  fcall: (c) => c.engine.scripting.fcall(c.client, c.argv, false),
  fcall_ro: (c) => c.engine.scripting.fcall(c.client, c.argv, true),

  'script|debug': (c) => {
    const mode = c.argv[2]!;
    if (is(mode, 'NO')) return OK;
    if (is(mode, 'YES') || is(mode, 'SYNC')) throw new RedisError('ERR SCRIPT DEBUG is not available here: the Lua debugger needs a forked server');
    throw new RedisError('ERR Use SCRIPT DEBUG YES/SYNC/NO');
  },
  'script|exists': (c) => array(c.argv.slice(2).map((sha) => int(c.engine.scripting.scripts.has(sha.toLowerCase()) ? 1 : 0))),
  'script|flush': (c) => flush(c, SCRIPT_FLUSH_MODE, SCRIPT_FLUSH_MODE, () => c.engine.scripting.flushScripts()),
  'script|help': (c) => helpReply(c, SCRIPT_HELP),
  'script|kill': notBusy,
  'script|load': (c) => {
    const sha = c.engine.scripting.createScript(c.argv[2]!);
    if (typeof sha !== 'string') throw new RedisError(sha.error);
    return bulk(sha);
  },

  'function|delete': (c) => {
    if (!c.engine.scripting.deleteLibrary(c.argv[2]!)) throw new RedisError(SCRIPT_ERR.LIBRARY_NOT_FOUND);
    return OK;
  },
  'function|dump': (c) => bulk(dumpFunctions(c.engine.scripting.libraryCodes())),
  'function|flush': (c) =>
    flush(c, E.SUBCOMMAND_SYNTAX(c.argv[1]!, 'function'), 'ERR FUNCTION FLUSH only supports SYNC|ASYNC option', () => c.engine.scripting.flushLibraries()),
  'function|help': (c) => helpReply(c, FUNCTION_HELP),
  'function|kill': notBusy,
  'function|list': functionList,
  'function|load': (c) => {
    let replace = false;
    let i = 2;
    while (i < c.argv.length - 1) {
      const a = c.argv[i++]!;
      if (is(a, 'REPLACE')) replace = true;
      else throw new RedisError(`ERR Unknown option given: ${a}`);
    }
    if (i >= c.argv.length) throw new RedisError('ERR Function code is missing');
    const res = c.engine.scripting.createLibrary(c.argv[i]!, replace);
    if (typeof res === 'string') return bulk(res);
    if ('error' in res) throw new RedisError(res.error);
    return bulk(res.name);
  },
  'function|restore': functionRestore,
  'function|stats': (c) => {
    const s = c.engine.scripting;
    const running = s.current;
    const script: Reply =
      running === undefined
        ? NIL
        : map([
            [bulk('name'), bulk(running.name)],
            [bulk('command'), array(running.argv.map(bulk))],
            [bulk('duration_ms'), int(running.ms)],
          ]);
    const lua = map([
      [bulk('libraries_count'), int(s.libraries.size)],
      [bulk('functions_count'), int(s.functions.size)],
    ]);
    return map([
      [bulk('running_script'), script],
      [bulk('engines'), map([[bulk('LUA'), lua]])],
    ]);
  },
} satisfies HandlersFor<typeof scriptingSpecs>;

const map = (v: [Reply, Reply][]): Reply => ({ t: 'map', v });

const FLAG_LIST: readonly (readonly [number, string])[] = [
  [SCRIPT_FLAG.NO_WRITES, 'no-writes'],
  [SCRIPT_FLAG.ALLOW_OOM, 'allow-oom'],
  [SCRIPT_FLAG.ALLOW_STALE, 'allow-stale'],
  [SCRIPT_FLAG.NO_CLUSTER, 'no-cluster'],
  [SCRIPT_FLAG.ALLOW_CROSS_SLOT, 'allow-cross-slot-keys'],
];

/** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE] (functionListCommand). */
function functionList(c: Ctx): Reply {
  let withCode = false;
  let pattern: string | undefined;
  for (let i = 2; i < c.argv.length; i++) {
    const a = c.argv[i]!;
    if (!withCode && is(a, 'WITHCODE')) {
      withCode = true;
      continue;
    }
    if (pattern === undefined && is(a, 'LIBRARYNAME')) {
      if (i >= c.argv.length - 1) throw new RedisError('ERR library name argument was not given');
      pattern = c.argv[++i]!;
      continue;
    }
    throw new RedisError(`ERR Unknown argument ${a}`);
  }
  const out: Reply[] = [];
  for (const lib of c.engine.scripting.libraries.values()) {
    if (pattern !== undefined && !globMatch(pattern, lib.name)) continue;
    const fields: [Reply, Reply][] = [
      [bulk('library_name'), bulk(lib.name)],
      [bulk('engine'), bulk('LUA')],
      [
        bulk('functions'),
        array(
          [...lib.functions.values()].map((f) => ({
            t: 'map' as const,
            v: [
              [bulk('name'), bulk(f.name)],
              [bulk('description'), f.description === null ? NIL : bulk(f.description)],
              [bulk('flags'), { t: 'set' as const, v: FLAG_LIST.filter(([bit]) => (f.flags & bit) !== 0).map(([, n]) => simple(n)) }],
            ] as [Reply, Reply][],
          })),
        ),
      ],
    ];
    if (withCode) fields.push([bulk('library_code'), bulk(lib.code)]);
    out.push({ t: 'map', v: fields });
  }
  return array(out);
}

/** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE] (functionRestoreCommand). */
function functionRestore(c: Ctx): Reply {
  if (c.argv.length > 4) throw new RedisError(E.SUBCOMMAND_SYNTAX(c.argv[1]!, 'function'));
  let policy: 'append' | 'replace' | 'flush' = 'append';
  if (c.argv.length === 4) {
    const p = c.argv[3]!;
    if (is(p, 'APPEND')) policy = 'append';
    else if (is(p, 'REPLACE')) policy = 'replace';
    else if (is(p, 'FLUSH')) policy = 'flush';
    else throw new RedisError('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
  }
  const payload = c.argv[2]!;
  if (!verifyPayload(payload)) throw new RedisError('ERR DUMP payload version or checksum are wrong');
  const codes = loadFunctionsPayload(payload);
  if (!Array.isArray(codes)) throw new RedisError(`ERR ${codes.error}`);
  const scripting = c.engine.scripting;
  // Compile every library into a side table first: nothing changes unless all of them load.
  const loaded = new Map<string, Library>();
  try {
    restoreInto(scripting, codes, loaded, policy);
  } catch (e) {
    for (const lib of loaded.values()) discardLibrary(lib);
    throw e;
  }
  if (policy === 'flush') scripting.flushLibraries();
  for (const lib of loaded.values()) scripting.installLibrary(lib);
  return OK;
}

function restoreInto(scripting: Ctx['engine']['scripting'], codes: readonly string[], loaded: Map<string, Library>, policy: 'append' | 'replace' | 'flush'): void {
  for (const code of codes) {
    const res = scripting.createLibrary(code, false, loaded);
    if (typeof res === 'string') continue;
    if ('error' in res) throw new RedisError(res.error);
    loaded.set(res.name, res.lib);
  }
  // Function names may not repeat across the libraries that will be there (libraryJoin).
  const existing = policy === 'flush' ? new Map<string, Library>() : new Map(scripting.libraries);
  for (const lib of loaded.values()) {
    if (existing.has(lib.name) && policy === 'append') throw new RedisError(`ERR Library ${lib.name} already exists`);
  }
  for (const name of loaded.keys()) existing.delete(name);
  const taken = new Set<string>();
  for (const lib of existing.values()) for (const f of lib.functions.keys()) taken.add(f.toLowerCase());
  for (const lib of loaded.values()) {
    for (const f of lib.functions.keys()) {
      if (taken.has(f.toLowerCase())) throw new RedisError(`ERR Function ${f} already exists`);
      taken.add(f.toLowerCase());
    }
  }
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];
const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];
