/**
 * Scripting state and the bridge between the Lua VM and the engine: the
 * script cache (EVAL, EVALSHA, SCRIPT), the function libraries (FUNCTION,
 * FCALL), what a script may call and how replies cross between Lua and
 * RESP. Follows Redis 7.0's eval.c, script.c, script_lua.c, functions.c
 * and function_lua.c.
 *
 * The VM (src/engine/lua/vm.ts: Redis's Lua 5.1 as WebAssembly) is loaded
 * on demand: `ready()` imports it, and hosts await it before the first
 * script command (`needsVm`), so nothing of it is on the page's first load.
 *
 * Busy scripts: the engine is synchronous, so while a script runs nothing
 * else does, and no SCRIPT KILL can arrive. The VM has no periodic hook
 * back into the host; it has an instruction budget per run (fuel). The
 * budget follows `busy-reply-threshold`, read at each run (about that many milliseconds
 * of plain Lua at the VM's speed); a script that exhausts it is stopped as
 * SCRIPT KILL stops one, with Redis's "Script killed by user with SCRIPT
 * KILL..." error. Unlike Redis this also stops a script that already wrote
 * (whose writes stay): a playground must never freeze for good. A script
 * that catches that error in a loop is stopped past `stopAfter` (vm.ts
 * LuaHardStop) and the VM is replaced. SCRIPT KILL and FUNCTION KILL,
 * reaching the engine only between scripts, answer NOTBUSY as Redis does
 * when nothing runs.
 */
import type { Engine } from '../engine';
import { newClientState, type ClientState } from './command';
import { E } from './errors';
import { RedisError } from './parse';
import { array, bulk, err, int, NIL, simple, type Reply } from './reply';
import { sha1hex } from './sha1';
import { REDIS_VERSION } from './version';
import { ACL_DENIED_TEXT } from './acl';
import { formatDouble } from '../../text/double';
import { sdssplitargs } from '../../text/split';
import { parseInt64 } from '../../text/int';

/** A value crossing the VM boundary (lua-redis-wasm's ReplyValue with byte strings for buffers). */
export type LuaReply =
  | null
  | number
  | bigint
  | boolean
  | string
  | { ok: string }
  | { err: string; code?: string; meta?: { line: number; kind?: string; name?: string } }
  | { double: number }
  | { big_number: string }
  | { verbatim_string: { format: string; string: string } }
  | { map: [LuaReply, LuaReply][] }
  | { set: LuaReply[] }
  | LuaReply[];

/** What the VM calls back into: redis.call/pcall, redis.log, redis.setresp. */
export interface LuaVmHost {
  call(argv: string[], pcall: boolean): LuaReply;
  log(level: number, message: string): void;
  setResp(version: 2 | 3): void;
}

/**
 * The VM (src/engine/lua/vm.ts). Scripts are compiled once and kept in it
 * by SHA1; a library's body runs once and its functions stay in it under
 * the library's VM id.
 */
export interface LuaVm {
  /** Runs a chunk as it is, compiled for this call only. */
  run(code: string, keys: readonly string[], args: readonly string[]): LuaReply;
  hasScript(sha: string): boolean;
  /** Compiles an EVAL script (its body without the shebang line): undefined, or the compiler's message. */
  defineScript(sha: string, source: string, shadowRedis: boolean): string | undefined;
  dropScript(sha: string): void;
  runScript(sha: string, keys: readonly string[], args: readonly string[]): LuaReply;
  /**
   * FUNCTION LOAD: compiles a library's body (from its shebang's newline on)
   * and runs it once. `compile`: the compiler's message; `raised`: what the
   * body raised; `functions`: what it registered ({name, description, has
   * description, flags...}); `error`: the run itself failed.
   */
  loadLibrary(id: string, body: string): { compile: string } | { raised: string } | { functions: LuaReply[][] } | { error: LuaReply };
  hasLibrary(id: string): boolean;
  dropLibrary(id: string): void;
  callFunction(id: string, name: string, keys: readonly string[], args: readonly string[]): LuaReply;
  /**
   * The instruction budget of each run from now on, and the time after
   * which a run is stopped even inside pcall (the VM is then unusable: the
   * call throws and the VM must be discarded).
   */
  setFuel(maxFuel: number, stopMs: number): void;
}

export const SCRIPT_FLAG = {
  NO_WRITES: 1,
  ALLOW_OOM: 2,
  ALLOW_STALE: 4,
  NO_CLUSTER: 8,
  ALLOW_CROSS_SLOT: 16,
  /** An EVAL script without a shebang (Redis's SCRIPT_FLAG_EVAL_COMPAT_MODE). */
  EVAL_COMPAT: 32,
} as const;

const FLAG_NAMES: readonly (readonly [string, number])[] = [
  ['no-writes', SCRIPT_FLAG.NO_WRITES],
  ['allow-oom', SCRIPT_FLAG.ALLOW_OOM],
  ['allow-stale', SCRIPT_FLAG.ALLOW_STALE],
  ['no-cluster', SCRIPT_FLAG.NO_CLUSTER],
  ['allow-cross-slot-keys', SCRIPT_FLAG.ALLOW_CROSS_SLOT],
];

export const SCRIPT_ERR = {
  NOSCRIPT: 'NOSCRIPT No matching script. Please use EVAL.',
  NOTBUSY: 'NOTBUSY No scripts in execution right now.',
  KEYS_GT_ARGS: "ERR Number of keys can't be greater than number of args",
  KEYS_NEGATIVE: "ERR Number of keys can't be negative",
  BAD_NUMKEYS: 'ERR Bad number of keys provided',
  RO_WITH_WRITE: 'ERR Can not execute a script with write flag using *_ro command.',
  OOM_FLAG: "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'",
  NOT_READY: 'LOADING the Lua scripting engine is still loading',
  FUNCTION_NOT_FOUND: 'ERR Function not found',
  LIBRARY_NOT_FOUND: 'ERR Library not found',
  LIB_NAME: 'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long',
} as const;

/** Parses an EVAL script's `#!lua flags=...` line (evalExtractShebangFlags). */
export function evalShebang(body: string): { flags: number; shebangLen: number } | { error: string } {
  if (!body.startsWith('#!')) return { flags: SCRIPT_FLAG.EVAL_COMPAT, shebangLen: 0 };
  const end = body.indexOf('\n');
  if (end < 0) return { error: 'ERR Invalid script shebang' };
  const parts = sdssplitargs(body.slice(0, end));
  if (parts === null || parts.length === 0) return { error: 'ERR Invalid engine in script shebang' };
  if (parts[0] !== '#!lua') return { error: `ERR Unexpected engine in script shebang: ${parts[0]}` };
  let flags = 0;
  for (const part of parts.slice(1)) {
    if (!part.startsWith('flags=')) return { error: `ERR Unknown lua shebang option: ${part}` };
    const list = part.slice(6);
    for (const f of list.split(',')) {
      const def = FLAG_NAMES.find(([n]) => n === f);
      if (def === undefined) return { error: `ERR Unexpected flag in script shebang: ${f}` };
      flags |= def[1];
    }
  }
  return { flags, shebangLen: end };
}

export interface CachedScript {
  readonly body: string;
  readonly flags: number;
  /** The body with its shebang line emptied (line numbers kept): what the VM compiles. */
  readonly source: string;
}

export interface LibraryFunction {
  readonly name: string;
  readonly description: string | null;
  readonly flags: number;
  readonly library: string;
}

export interface Library {
  readonly name: string;
  /** The whole code as loaded, shebang included (FUNCTION LIST WITHCODE, DUMP). */
  readonly code: string;
  readonly functions: Map<string, LibraryFunction>;
  /** Where its functions live in the VM (see LuaVm.loadLibrary), and which VM that is. */
  readonly vmId: string;
  vm: LuaVm;
}

/** The state of one script run (Redis's scriptRunCtx). */
interface RunCtx {
  readonly caller: ClientState;
  readonly readOnly: boolean;
  readonly allowOom: boolean;
  readonly oomAtStart: boolean;
  /** The script wrote (SCRIPT_WRITE_DIRTY). */
  writeDirty: boolean;
  /** SHA1 of an EVAL script, or the function's name. */
  readonly name: string;
  readonly isFunction: boolean;
  readonly startedAt: number;
  readonly argv: readonly string[];
  /** Error replies of the commands the script ran (already counted in errorstats). */
  readonly callErrors: Set<string>;
}

/** A function name must be made of letters, digits and underscores. */
const NAME_RE = /^[A-Za-z0-9_]+$/;

/** `redis = ...` (not `redis.x = ...` nor `redis == ...`): such a script gets no shadowing table, so the globals protection answers it. */
const ASSIGNS_REDIS = /(^|[^.\w])redis\s*=(?!=)/;

/**
 * One VM per process, shared by every engine in it (tests and benches make
 * many): the engine is synchronous, so at most one script runs at a time,
 * and `active` says whose it is.
 */
let sharedVm: LuaVm | undefined;
let loadingVm: Promise<void> | undefined;
let active: Scripting | undefined;

/** Makes `s` the engine the VM's callbacks go to; returns the one before. */
function activate(s: Scripting | undefined): Scripting | undefined {
  const before = active;
  active = s;
  return before;
}

/** Library ids in the VM, unique in the process (engines share the VM). */
let nextLibraryId = 1;

/** Drops a VM that aborted and starts loading a fresh one. */
function discardVm(): void {
  sharedVm = undefined;
  loadingVm = undefined;
  void loadLua(lastBusyMs).catch(() => {});
}

let lastBusyMs = 5000;

/**
 * Loads the Lua VM once for the process. `busyMs` (busy-reply-threshold)
 * sets its instruction budget per run: about 150 million VM instructions a
 * second, a minute when the threshold is 0 (see the note at the top).
 */
function fuelFor(busyMs: number): number {
  return Math.min((busyMs > 0 ? busyMs : 60000) * 150_000, 2_000_000_000);
}

/** When a run that keeps catching the budget's error is stopped for good: twice the threshold, a second at least past it. */
function stopAfter(busyMs: number): number {
  const ms = busyMs > 0 ? busyMs : 60000;
  return Math.max(2 * ms, ms + 1000);
}

export function loadLua(busyMs = 5000): Promise<void> {
  lastBusyMs = busyMs;
  if (loadingVm === undefined) {
    loadingVm = (async () => {
      const { createVm } = await import('../lua/vm');
      const [maj = 0, min = 0, pat = 0] = REDIS_VERSION.split('.').map(Number);
      const host: LuaVmHost = {
        call: (argv, pcall) => (active !== undefined ? active.hostCalls.call(argv, pcall) : { err: 'ERR redis.call/pcall can only be called inside a script invocation' }),
        log: (level, message) => active?.hostCalls.log(level, message),
        setResp: (version) => active?.hostCalls.setResp(version),
      };
      sharedVm = await createVm(host, { maxFuel: fuelFor(busyMs), version: REDIS_VERSION, versionNum: (maj << 16) | (min << 8) | pat });
    })();
  }
  return loadingVm;
}

export class Scripting {
  /** The script cache by SHA1 (lctx.lua_scripts). */
  readonly scripts = new Map<string, CachedScript>();
  /** The SHA1 of bodies EVAL ran lately (hashing a body costs more than the run of a short script). */
  private readonly lastSha = new Map<string, string>();
  /** Bytes of the cached scripts' bodies (used_memory_scripts_eval). */
  scriptsMemory = 0;
  readonly libraries = new Map<string, Library>();
  /**
   * Set by a host that answers other clients BUSY and kills scripts itself
   * while the engine runs one (the browser's page): the budget each run gets
   * instead of busy-reply-threshold's, in milliseconds (the instruction
   * budget's ceiling, about 13 s of plain Lua, still applies).
   */
  stopsLongScripts: number | undefined;
  /** Every library's functions, by lower-case name (function names are case-insensitive). */
  readonly functions = new Map<string, LibraryFunction>();
  /** Library code restored before the VM was loaded; loaded by `ready()`. */
  private pendingLibraries: string[] = [];
  private running: RunCtx | undefined;

  /** The script running now: the client that called it and its command line (server.script_caller). */
  runningCall(): { readonly caller: ClientState; readonly argv: readonly string[] } | undefined {
    return this.running;
  }
  /** The Lua client (server.lua_client): runs the commands scripts call. */
  private luaClient: ClientState | undefined;
  /** What redis.log wrote (shown to hosts that want it). */
  readonly log: { level: number; message: string }[] = [];
  /** Called for each redis.log line (the server prints them as Redis logs them). */
  onLog: ((level: number, message: string) => void) | undefined;
  /** Lua calls since the start (INFO's Lua statistics are rough estimates built on it). */
  runs = 0;
  /** Goes up at every change of the libraries (hosts that save them watch it). */
  librariesVersion = 0;

  constructor(private readonly engine: Engine) {}

  get loaded(): boolean {
    return sharedVm !== undefined;
  }

  /** Loads the Lua VM (once per process; see `loadLua`) and the libraries waiting for it. */
  async ready(): Promise<void> {
    await loadLua(this.engine.config.num('busy-reply-threshold'));
    this.requireVm();
  }

  /** Whether running `argv` needs the VM loaded first (hosts await `ready()` then). */
  needsVm(argv: readonly string[]): boolean {
    if (sharedVm !== undefined || argv.length === 0) return false;
    const name = argv[0]!.toLowerCase();
    // Libraries read back from a save load with the VM: FUNCTION and FCALL see them then.
    if (this.pendingLibraries.length > 0 && (name === 'function' || name === 'fcall' || name === 'fcall_ro')) return true;
    if (name === 'script' || name === 'function') {
      const sub = (argv[1] ?? '').toLowerCase();
      return sub === 'load' || sub === 'restore';
    }
    return name === 'eval' || name === 'evalsha' || name === 'eval_ro' || name === 'evalsha_ro' || name === 'fcall' || name === 'fcall_ro';
  }

  private requireVm(): LuaVm {
    const vm = sharedVm;
    if (vm === undefined) throw new RedisError(SCRIPT_ERR.NOT_READY);
    if (this.pendingLibraries.length > 0) {
      const pending = this.pendingLibraries;
      this.pendingLibraries = [];
      for (const code of pending) this.createLibrary(code, true);
    }
    return vm;
  }

  // ---- The script cache --------------------------------------------------

  /** Adds a script to the cache (luaCreateFunction): its SHA1, or an error text. */
  createScript(body: string): string | { error: string } {
    let sha = this.lastSha.get(body);
    if (sha === undefined) {
      sha = sha1hex(body);
      // EVAL sends the body each time: its SHA1 is remembered for the bodies run lately.
      if (this.lastSha.size >= 64) this.lastSha.clear();
      this.lastSha.set(body, sha);
    }
    if (this.scripts.has(sha)) return sha;
    const shebang = evalShebang(body);
    if ('error' in shebang) return { error: shebang.error };
    const source = shebang.shebangLen > 0 ? body.slice(shebang.shebangLen) : body;
    const problem = this.requireVm().defineScript(sha, source, !ASSIGNS_REDIS.test(source));
    if (problem !== undefined) return { error: `ERR Error compiling script (new function): ${problem}` };
    this.scripts.set(sha, { body, flags: shebang.flags, source });
    this.scriptsMemory += body.length + 40;
    return sha;
  }

  /**
   * Whether a script call is a write before it runs (evalGetCommandFlags,
   * fcallGetCommandFlags): a script or function that declares flags without
   * `no-writes`. Scripts without a shebang, unknown SHAs and unknown
   * functions are not: their writes are checked command by command.
   */
  declaresWrites(argv: readonly string[]): boolean {
    if (argv.length < 2) return false;
    const name = argv[0]!.toLowerCase();
    let flags: number | undefined;
    if (name === 'eval' || name === 'eval_ro') {
      const body = argv[1]!;
      const cached = this.scripts.get(sha1hex(body));
      if (cached !== undefined) flags = cached.flags;
      else {
        const shebang = evalShebang(body);
        flags = 'error' in shebang ? undefined : shebang.flags;
      }
    } else if (name === 'evalsha' || name === 'evalsha_ro') flags = this.scripts.get(argv[1]!.toLowerCase())?.flags;
    else if (name === 'fcall' || name === 'fcall_ro') flags = this.functions.get(argv[1]!.toLowerCase())?.flags;
    return flags !== undefined && (flags & (SCRIPT_FLAG.EVAL_COMPAT | SCRIPT_FLAG.NO_WRITES)) === 0;
  }

  flushScripts(): void {
    const vm = sharedVm;
    if (vm !== undefined) for (const sha of this.scripts.keys()) vm.dropScript(sha);
    this.scripts.clear();
    this.scriptsMemory = 0;
  }

  // ---- Running ------------------------------------------------------------

  /** EVAL, EVALSHA and their _RO forms (evalGenericCommand). */
  eval(caller: ClientState, argv: readonly string[], bySha: boolean, ro: boolean): Reply {
    if (this.engine.monitors.size !== 0) this.engine.feedMonitors(caller, argv);
    if (bySha && argv[1]!.length !== 40) return err(SCRIPT_ERR.NOSCRIPT);
    const numkeys = parseNumkeys(argv, E.NOT_INTEGER);
    if (typeof numkeys === 'string') return err(numkeys);
    this.requireVm();
    let sha: string;
    if (bySha) {
      sha = argv[1]!.toLowerCase();
      if (!this.scripts.has(sha)) return err(SCRIPT_ERR.NOSCRIPT);
    } else {
      const made = this.createScript(argv[1]!);
      if (typeof made !== 'string') return err(made.error);
      sha = made;
    }
    const script = this.scripts.get(sha)!;
    const refused = this.prepare(script.flags, ro);
    if (refused !== undefined) return err(refused);
    const keys = argv.slice(3, 3 + numkeys);
    const args = argv.slice(3 + numkeys);
    return this.runChunk(caller, argv, script.flags, ro, sha, false, (vm) => {
      // Compiled again in a VM that does not have it (restarted, or flushed from another engine of the process).
      const problem = vm.hasScript(sha) ? undefined : vm.defineScript(sha, script.source, !ASSIGNS_REDIS.test(script.source));
      return problem === undefined ? vm.runScript(sha, keys, args) : { err: `ERR Error compiling script (new function): ${problem}` };
    });
  }

  /** FCALL and FCALL_RO (fcallCommandGeneric). */
  fcall(caller: ClientState, argv: readonly string[], ro: boolean): Reply {
    if (this.engine.monitors.size !== 0) this.engine.feedMonitors(caller, argv);
    const fn = this.functions.get(argv[1]!.toLowerCase());
    if (fn === undefined) return err(SCRIPT_ERR.FUNCTION_NOT_FOUND);
    const numkeys = parseNumkeys(argv, SCRIPT_ERR.BAD_NUMKEYS);
    if (typeof numkeys === 'string') return err(numkeys);
    this.requireVm();
    const refused = this.prepare(fn.flags, ro);
    if (refused !== undefined) return err(refused);
    const lib = this.libraries.get(fn.library)!;
    const vm = this.requireVm();
    if (lib.vm !== vm || !vm.hasLibrary(lib.vmId)) {
      // A restarted VM: the library's body runs again there.
      const res = vm.loadLibrary(lib.vmId, libraryBody(libraryMetadataBody(lib.code)));
      if (!('functions' in res)) return err(`ERR Error running script ${fn.name}: the library could not be loaded again`);
      lib.vm = vm;
    }
    const keys = argv.slice(3, 3 + numkeys);
    const args = argv.slice(3 + numkeys);
    return this.runChunk(caller, argv, fn.flags, ro, fn.name, true, (v) => v.callFunction(lib.vmId, fn.name, keys, args));
  }

  /** The checks of scriptPrepareForRun for scripts that declare flags. */
  private prepare(flags: number, ro: boolean): string | undefined {
    if (flags & SCRIPT_FLAG.EVAL_COMPAT) return undefined;
    if (!(flags & SCRIPT_FLAG.NO_WRITES) && ro) return SCRIPT_ERR.RO_WITH_WRITE;
    if (this.engine.config.maxmemory !== 0 && !(flags & (SCRIPT_FLAG.ALLOW_OOM | SCRIPT_FLAG.NO_WRITES)) && !this.engine.memory.makeRoom()) {
      return SCRIPT_ERR.OOM_FLAG;
    }
    return undefined;
  }

  private runChunk(caller: ClientState, argv: readonly string[], flags: number, ro: boolean, name: string, isFunction: boolean, run: (vm: LuaVm) => LuaReply): Reply {
    const vm = this.requireVm();
    const busyMs = this.stopsLongScripts ?? this.engine.config.num('busy-reply-threshold');
    vm.setFuel(fuelFor(busyMs), stopAfter(busyMs));
    const compat = (flags & SCRIPT_FLAG.EVAL_COMPAT) !== 0;
    const ctx: RunCtx = {
      caller,
      readOnly: ro || (!compat && (flags & SCRIPT_FLAG.NO_WRITES) !== 0),
      allowOom: !compat && (flags & SCRIPT_FLAG.ALLOW_OOM) !== 0,
      oomAtStart: this.engine.config.maxmemory !== 0 && !this.engine.memory.makeRoom(),
      writeDirty: false,
      name,
      isFunction,
      startedAt: this.engine.clock.now(),
      argv,
      callErrors: new Set(),
    };
    const lua = this.client();
    lua.db = caller.db;
    lua.resp = 2;
    this.running = ctx;
    this.runs++;
    let res: LuaReply;
    const outer = activate(this);
    try {
      res = run(vm);
    } catch (e) {
      // The VM aborted (a Lua panic, or a run stopped past its deadline): its
      // state is gone. A fresh one loads in the background; the engine's data
      // is untouched (the writes the script made stay, as with the budget).
      discardVm();
      if (e instanceof Error && e.name === 'LuaHardStop') return err(`ERR Script killed by user with SCRIPT KILL... script: ${name}`);
      return err(`ERR Error running script ${name}: the Lua VM stopped (${e instanceof Error ? e.message : 'abort'}); it is being restarted`);
    } finally {
      this.running = undefined;
      activate(outer);
    }
    return this.toReply(res, ctx);
  }

  /** The Lua client, made once: MONITOR shows its commands as coming from `lua`. */
  private client(): ClientState {
    if (this.luaClient === undefined) {
      const c: ClientState & { addr: string } = { ...newClientState(0, this.engine.clock.now(), () => {}), addr: 'lua' };
      // Blocking commands never block in a script: they answer as if timed out.
      c.inExec = true;
      c.script = true;
      this.luaClient = c;
    }
    return this.luaClient;
  }

  /** The VM's callbacks land here while this engine runs a script (see `active`). */
  readonly hostCalls: LuaVmHost = {
    call: (argv, pcall) => this.call(argv, pcall),
    log: (level, message) => {
        // Redis writes a line only at or above `loglevel` (its values are the levels, lowest first: debug, verbose, notice, warning).
        if (level < this.engine.config.num('loglevel')) return;
        this.log.push({ level, message });
        if (this.log.length > 100) this.log.shift();
        this.onLog?.(level, message);
      },
      setResp: (version) => {
        if (this.luaClient !== undefined) this.luaClient.resp = version;
      },
  };

  /** redis.call and redis.pcall (luaRedisGenericCommand + scriptCall). */
  private call(argv: string[], _pcall: boolean): LuaReply {
    const ctx = this.running;
    if (ctx === undefined) return { err: 'ERR redis.call/pcall can only be called inside a script invocation' };
    if (argv.length === 0) return { err: 'ERR Please specify at least one argument for this redis lib call' };
    const engine = this.engine;
    const cmd = engine.lookup(argv);
    const refuse = (text: string, name?: string): LuaReply => {
      engine.rejected(name, text);
      ctx.callErrors.add(text);
      return { err: text };
    };
    if (typeof cmd === 'string') return refuse('ERR Unknown Redis command called from script');
    const spec = cmd.spec;
    const argc = argv.length;
    if (spec.arity > 0 ? argc !== spec.arity : argc < -spec.arity) return refuse('ERR Wrong number of args calling Redis command from script', spec.name);
    const flags = spec.flags;
    if (flags.includes('noscript')) return refuse('ERR This Redis command is not allowed from script', spec.name);
    const lua = this.client();
    // scriptVerifyACL: the script runs its commands as its caller's user.
    lua.user = ctx.caller.user;
    const denied = engine.aclCheck(lua, spec, argv, 'lua', { client: ctx.caller, argv: ctx.argv });
    if (denied !== undefined) return refuse(`ERR The user executing the script ${ACL_DENIED_TEXT[denied]}`, spec.name);
    const write = flags.includes('write');
    if (ctx.readOnly && (write || flags.includes('may_replicate'))) return refuse('ERR Write commands are not allowed from read-only scripts.', spec.name);
    if ((spec.name === 'xread' || spec.name === 'xreadgroup') && blocks(argv)) return refuse(`ERR ${argv[0]} command is not allowed with BLOCK option from scripts`, spec.name);
    // A write while saving fails (stop-writes-on-bgsave-error), unless the script already wrote: Redis cannot fail it half-way.
    if (write && !ctx.writeDirty && engine.writesDenied()) return refuse(E.MISCONF, spec.name);
    if (!ctx.allowOom && ctx.oomAtStart && !ctx.writeDirty && cmd.denyoom) return refuse(E.OOM, spec.name);
    if (write) ctx.writeDirty = true;
    const reply = engine.run(lua, cmd, argv) ?? NIL;
    if (reply.t === 'error') ctx.callErrors.add(reply.v);
    return toLua(reply, lua.resp);
  }

  /** The script's result as the caller's reply (luaReplyToRedisReply), errors decorated as Redis does. */
  private toReply(v: LuaReply, ctx: RunCtx): Reply {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'err' in v) {
      // An error a command gave the script, passed on (raised by redis.call or returned from redis.pcall), was counted already.
      const text = v.code !== undefined ? `${v.code} ${v.err}` : v.err;
      if (ctx.callErrors.has(text)) this.engine.uncountedError = true;
      if (v.meta !== undefined) return err(this.scriptError(v, ctx));
    }
    return fromLua(v);
  }

  private scriptError(v: { err: string; code?: string; meta?: { line: number; kind?: string; name?: string } }, ctx: RunCtx): string {
    const meta = v.meta!;
    const source = ctx.isFunction ? 'user_function' : 'user_script';
    let msg: string;
    if (meta.kind === 'verbatim') msg = v.err;
    else if (meta.kind === 'global-read') msg = `ERR ${source}:${meta.line}: Script attempted to access nonexistent global variable '${meta.name ?? ''}'`;
    else if (meta.kind === 'command-arg-type') msg = 'ERR Lua redis lib command arguments must be strings or integers';
    else if (v.err.endsWith('Script killed by fuel limit')) msg = 'ERR Script killed by user with SCRIPT KILL...';
    else if (v.err.startsWith('\u0001')) msg = `ERR ${v.err.slice(1)}`;
    else {
      let text = v.err.replace(/\0+$/, '');
      if (ctx.isFunction) text = text.replace(/^user_script:/, 'user_function:');
      msg = `${v.code ?? 'ERR'} ${text}`;
    }
    return `${msg} script: ${ctx.name}, on @${source}:${meta.line}.`;
  }

  // ---- Libraries ----------------------------------------------------------

  /**
   * FUNCTION LOAD (functionsCreateWithLibraryCtx): compiles `code`, runs it
   * to collect its functions and installs the library. Returns its name or
   * an error text; `into` collects instead of installing (RESTORE).
   */
  createLibrary(code: string, replace: boolean, into?: Map<string, Library>): string | { name: string; lib: Library } | { error: string } {
    const md = libraryMetadata(code);
    if ('error' in md) return { error: md.error };
    if (!NAME_RE.test(md.name)) return { error: SCRIPT_ERR.LIB_NAME };
    if (md.engine.toLowerCase() !== 'lua') return { error: `ERR Engine '${md.engine}' not found` };
    const target = into ?? this.libraries;
    const old = target.get(md.name);
    if (old !== undefined && !replace) return { error: `ERR Library '${md.name}' already exists` };
    const vm = this.requireVm();
    const vmId = String(nextLibraryId++);
    // Redis stops a library's body after 500 ms (FUNCTION LOAD timeout).
    vm.setFuel(fuelFor(LOAD_TIMEOUT_MS), stopAfter(LOAD_TIMEOUT_MS));
    let res: ReturnType<LuaVm['loadLibrary']>;
    try {
      res = vm.loadLibrary(vmId, libraryBody(md.body));
    } catch {
      // Stopped for good (a body catching the timeout in a loop): the VM restarts.
      discardVm();
      return { error: 'ERR Error registering functions: FUNCTION LOAD timeout' };
    }
    if ('compile' in res) return { error: `ERR Error compiling function: ${res.compile}` };
    if ('raised' in res) return { error: `ERR Error registering functions: ${loadError(res.raised)}` };
    if ('error' in res) {
      const e = res.error;
      const text = e !== null && typeof e === 'object' && 'err' in e ? loadError(e.err) : 'ERR the library could not be loaded';
      return { error: `ERR Error registering functions: ${text}` };
    }
    const lib: Library = { name: md.name, code, functions: new Map(), vmId, vm };
    for (const entry of res.functions) {
      const [name, desc, hasDesc, ...flagNames] = entry;
      let flags = 0;
      for (const f of flagNames) flags |= FLAG_NAMES.find(([n]) => n === f)?.[1] ?? 0;
      lib.functions.set(String(name), { name: String(name), description: hasDesc === 1 ? String(desc) : null, flags, library: md.name });
    }
    if (lib.functions.size === 0) return { error: 'ERR No functions registered' };
    if (into !== undefined) return { name: md.name, lib };
    for (const fname of lib.functions.keys()) {
      const owner = this.functions.get(fname.toLowerCase());
      if (owner !== undefined && owner.library !== md.name) {
        discardLibrary(lib);
        return { error: `ERR Function ${fname} already exists` };
      }
    }
    this.installLibrary(lib);
    return md.name;
  }

  installLibrary(lib: Library): void {
    this.deleteLibrary(lib.name);
    this.librariesVersion++;
    this.libraries.set(lib.name, lib);
    for (const f of lib.functions.values()) this.functions.set(f.name.toLowerCase(), f);
  }

  deleteLibrary(name: string): boolean {
    const lib = this.libraries.get(name);
    if (lib === undefined) return false;
    discardLibrary(lib);
    this.librariesVersion++;
    for (const f of lib.functions.keys()) this.functions.delete(f.toLowerCase());
    this.libraries.delete(name);
    return true;
  }

  flushLibraries(): void {
    for (const lib of this.libraries.values()) discardLibrary(lib);
    if (this.libraries.size > 0 || this.pendingLibraries.length > 0) this.librariesVersion++;
    this.pendingLibraries = [];
    this.libraries.clear();
    this.functions.clear();
  }

  /**
   * Libraries read back from a snapshot: loaded now if the VM is, else when
   * it is (FCALL and FUNCTION need `ready()` first; hosts await it).
   */
  restoreLibraries(codes: readonly string[]): string[] {
    if (sharedVm === undefined) {
      this.pendingLibraries.push(...codes);
      if (codes.length > 0) this.librariesVersion++;
      return [];
    }
    const problems: string[] = [];
    for (const code of codes) {
      const res = this.createLibrary(code, true);
      if (typeof res !== 'string' && 'error' in res) problems.push(res.error);
    }
    return problems;
  }

  /** The code of every library, including those waiting for the VM (snapshots, FUNCTION DUMP). */
  libraryCodes(): string[] {
    return [...[...this.libraries.values()].map((l) => l.code), ...this.pendingLibraries];
  }

  /** FUNCTION STATS' running_script: the script running now (never, between commands). */
  get current(): { name: string; argv: readonly string[]; ms: number } | undefined {
    const r = this.running;
    return r === undefined ? undefined : { name: r.name, argv: r.argv, ms: this.engine.clock.now() - r.startedAt };
  }
}

/** XREAD and XREADGROUP with a BLOCK option before STREAMS. */
function blocks(argv: readonly string[]): boolean {
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!.toLowerCase();
    if (a === 'streams') return false;
    if (a === 'block') return true;
  }
  return false;
}

function parseNumkeys(argv: readonly string[], bad: string): number | string {
  const parsed = parseInt64(argv[2]!);
  if (parsed === null) return bad;
  const n = Number(parsed);
  if (n > argv.length - 3) return SCRIPT_ERR.KEYS_GT_ARGS;
  if (n < 0) return SCRIPT_ERR.KEYS_NEGATIVE;
  return n;
}

/** A library's `#!<engine> name=<name>` line (functionExtractLibMetaData). */
function libraryMetadata(code: string): { engine: string; name: string; body: string } | { error: string } {
  if (!code.startsWith('#!')) return { error: 'ERR Missing library metadata' };
  const end = code.indexOf('\n');
  if (end < 0) return { error: 'ERR Invalid library metadata' };
  const parts = sdssplitargs(code.slice(0, end));
  if (parts === null || parts.length === 0) return { error: 'ERR Invalid library metadata' };
  const engine = parts[0]!.slice(2);
  let name: string | undefined;
  for (const part of parts.slice(1)) {
    if (part.slice(0, 5).toLowerCase() === 'name=') {
      if (name !== undefined) return { error: 'ERR Invalid metadata value, name argument was given multiple times' };
      name = part.slice(5);
      continue;
    }
    return { error: `ERR Invalid metadata value given: ${part}` };
  }
  if (name === undefined) return { error: 'ERR Library name was not given' };
  return { engine, name, body: code.slice(end) };
}

/** A library's body: its code from the shebang's newline on (line numbers kept). */
function libraryMetadataBody(code: string): string {
  const end = code.indexOf('\n');
  return end < 0 ? '' : code.slice(end);
}

/**
 * A library's body as the VM compiles it. Its `redis` is a local there (the
 * API a library sees), so `redis = x` would assign that local: it is made an
 * assignment to the global, which the globals protection refuses as Redis
 * refuses it ("Attempt to modify a readonly table").
 */
function libraryBody(body: string): string {
  return body.replace(/(^|[^.\w])redis(\s*=(?!=))/g, (m: string, pre: string, eq: string, off: number, all: string) =>
    /\b(?:local|for)\s+[\w\s,]*$/.test(all.slice(Math.max(0, off - 60), off + pre.length)) ? m : `${pre}_G.redis${eq}`,
  );
}

/** Frees what a library holds in the VM (its functions and the chunks calling them). */
export function discardLibrary(lib: Library): void {
  if (lib.vm === sharedVm) lib.vm.dropLibrary(lib.vmId);
}

/** Redis's FUNCTION LOAD timeout (function_lua.c). */
const LOAD_TIMEOUT_MS = 500;

/** What a library's body raised, as Redis words it (luaExtractErrorInformation). */
function loadError(raised: string): string {
  if (raised.startsWith('\u0001')) return `ERR ${raised.slice(1)}`;
  if (raised.endsWith('Script killed by fuel limit')) return 'FUNCTION LOAD timeout';
  return `ERR ${raised.replace(/^user_script:/, 'user_function:')}`;
}

/** A command's reply as the script sees it (redisProtocolToLuaType), at the Lua client's protocol. */
function toLua(r: Reply, resp: 2 | 3): LuaReply {
  switch (r.t) {
    case 'simple':
      return { ok: r.v };
    case 'error':
      return { err: r.v };
    case 'int':
      return r.v;
    case 'bulk':
    case 'verbatim':
      if (r.t === 'verbatim' && resp === 3) return { verbatim_string: { format: r.format, string: r.v } };
      return r.v;
    case 'nil':
    case 'nilarray':
      return null;
    case 'array':
    case 'push':
      return r.v.map((x) => toLua(x, resp));
    case 'set':
      return resp === 3 ? { set: r.v.map((x) => toLua(x, resp)) } : r.v.map((x) => toLua(x, resp));
    case 'map':
      if (resp === 3) return { map: r.v.map(([k, v]) => [toLua(k, resp), toLua(v, resp)] as [LuaReply, LuaReply]) };
      return r.v.flatMap(([k, v]) => [toLua(k, resp), toLua(v, resp)]);
    case 'double':
      return resp === 3 ? { double: r.v } : formatDouble(r.v);
    case 'bool':
      return resp === 3 ? r.v : r.v ? 1 : 0;
    case 'bignum':
      return resp === 3 ? { big_number: r.v } : r.v;
  }
}

/** A Lua value as a reply. */
function fromLua(v: LuaReply): Reply {
  if (v === null) return NIL;
  if (typeof v === 'number' || typeof v === 'bigint') return int(v);
  if (typeof v === 'boolean') return { t: 'bool', v };
  if (typeof v === 'string') return bulk(v);
  if (Array.isArray(v)) return array(v.map(fromLua));
  if ('ok' in v) return simple(v.ok.replace(/[\r\n]/g, ' '));
  if ('err' in v) return err(v.code !== undefined ? `${v.code} ${v.err}` : v.err);
  if ('double' in v) return { t: 'double', v: v.double };
  if ('big_number' in v) return { t: 'bignum', v: v.big_number.replace(/[\r\n]/g, ' ') };
  if ('verbatim_string' in v) return { t: 'verbatim', format: v.verbatim_string.format, v: v.verbatim_string.string };
  if ('map' in v) return { t: 'map', v: v.map.map(([k, x]) => [fromLua(k), fromLua(x)] as const) };
  return { t: 'set', v: v.set.map(fromLua) };
}
