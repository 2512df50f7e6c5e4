/**
 * The Lua VM: Redis's own Lua 5.1 (with cjson, cmsgpack, struct and bit)
 * compiled to WebAssembly by the lua-redis-wasm package. This module is
 * only ever loaded with a dynamic import (see core/scripting.ts
 * `loadLua`), so neither the page's first load nor a server that never
 * runs a script pays for it.
 *
 * Speed. The package's own API compiles the chunk it is given on every
 * call and goes through Node Buffers and a JavaScript SHA1 of the chunk
 * each time: about 15 us before any Lua runs, plus the compilation of the
 * script. Its Lua state, though, lives as long as the module, and every
 * table a chunk can reach is locked (globals protection), so nothing a
 * chunk defines survives it. This module therefore:
 * - speaks the package's binary protocol with the WebAssembly module
 *   directly (its `exports` and host `handlers`, which the package keeps
 *   as fields): arguments and replies are written to and read from the
 *   module's memory as byte strings, with no Buffer and no hashing;
 * - hangs one table (runtime.ts `A`) on the globals' metatable, unlocking
 *   that metatable for the moment of the setup by clearing the `readonly`
 *   field Redis's Lua adds to its Table struct (at byte 8 on this 32-bit
 *   build), and locks it again with everything the runtime exposes. The
 *   layout is checked first (the globals' metatable pointer at byte 16 must
 *   be the metatable's address, its `readonly` must read 1); if it is not
 *   the expected one, loading fails with a message saying so.
 * Scripts are then compiled once, on SCRIPT LOAD or their first EVAL, and a
 * library's body runs once, on FUNCTION LOAD, as in Redis.
 *
 * The reply shapes are the package's (LuaReply in core/scripting.ts);
 * everything Redis-specific beyond them lives in core/scripting.ts and
 * runtime.ts.
 */
import type { LuaReply, LuaVm, LuaVmHost } from '../core/scripting';
import { ensureBuffer } from './buffer-shim';
import { SETUP, callFunctionChunk, hostChunk, runScriptChunk, wrapLibrary, wrapScript } from './runtime';

/** The package's Emscripten module, as far as this file uses it. */
interface WasmModule {
  readonly HEAPU8: Uint8Array;
  _alloc(size: number): number;
  _free_mem(ptr: number): void;
  _eval_with_args(...args: number[]): unknown;
  _set_limits?(maxFuel: number, maxReplyBytes: number, maxArgBytes: number): void;
}

/** The package's mutable host handlers (the wasm imports call through them). */
interface Handlers {
  call: (...args: number[]) => bigint | undefined;
  pcall: (...args: number[]) => bigint | undefined;
  log: (level: number, ptr: number, len: number) => void;
  setresp: (version: number) => void;
}

const REPLY = { NULL: 0, INT: 1, BULK: 2, ARRAY: 3, STATUS: 4, ERROR: 5, SCRIPT_ERROR: 6, BOOL: 7, DOUBLE: 8, MAP: 9, SET: 10, BIG_NUMBER: 11, VERBATIM: 12 } as const;

/** Byte offsets in Redis's Lua `Table` struct on wasm32 (lobject.h: next, tt, marked, flags, readonly, lsizenode, metatable). */
const TABLE_TT = 4;
const TABLE_READONLY = 8;
const TABLE_METATABLE = 16;
const LUA_TTABLE = 5;

class Memory {
  private dv: DataView;
  constructor(private readonly m: WasmModule) {
    this.dv = new DataView(m.HEAPU8.buffer);
  }

  get heap(): Uint8Array {
    return this.m.HEAPU8;
  }

  view(): DataView {
    if (this.dv.buffer !== this.m.HEAPU8.buffer) this.dv = new DataView(this.m.HEAPU8.buffer);
    return this.dv;
  }

  str(ptr: number, len: number): string {
    const h = this.m.HEAPU8;
    if (len < 64) {
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(h[ptr + i]!);
      return s;
    }
    let out = '';
    for (let i = 0; i < len; i += 0x2000) out += String.fromCharCode.apply(null, h.subarray(ptr + i, ptr + Math.min(len, i + 0x2000)) as unknown as number[]);
    return out;
  }

  /** Writes `s` (a byte string) at `p`; returns the end. */
  put(p: number, s: string): number {
    const h = this.m.HEAPU8;
    for (let i = 0; i < s.length; i++) h[p + i] = s.charCodeAt(i);
    return p + s.length;
  }

  /** `strs` as the package's ArgArray ([count][len][bytes]...), allocated in the module's memory. */
  argArray(a: readonly string[], b: readonly string[]): { ptr: number; len: number } {
    let len = 4;
    for (const s of a) len += 4 + s.length;
    for (const s of b) len += 4 + s.length;
    const ptr = this.m._alloc(len);
    const dv = this.view();
    dv.setUint32(ptr, a.length + b.length, true);
    let p = ptr + 4;
    for (const s of a) {
      dv.setUint32(p, s.length, true);
      p = this.put(p + 4, s);
    }
    for (const s of b) {
      dv.setUint32(p, s.length, true);
      p = this.put(p + 4, s);
    }
    return { ptr, len };
  }

  readArgs(ptr: number, len: number): string[] {
    if (len < 4) return [];
    const dv = this.view();
    const n = dv.getUint32(ptr, true);
    const out: string[] = new Array<string>(n);
    let p = ptr + 4;
    for (let i = 0; i < n; i++) {
      const l = dv.getUint32(p, true);
      out[i] = this.str(p + 4, l);
      p += 4 + l;
    }
    return out;
  }

  /** A reply in the package's wire format, allocated in the module's memory. */
  encode(v: LuaReply): { ptr: number; len: number } {
    const len = replySize(v);
    const ptr = this.m._alloc(len);
    this.write(ptr, v);
    return { ptr, len };
  }

  private header(p: number, type: number, n: number): number {
    const dv = this.view();
    dv.setUint8(p, type);
    dv.setUint32(p + 1, n, true);
    return p + 5;
  }

  private write(p: number, v: LuaReply): number {
    if (v === null) return this.header(p, REPLY.NULL, 0);
    if (typeof v === 'number' || typeof v === 'bigint') {
      p = this.header(p, REPLY.INT, 8);
      this.view().setBigInt64(p, typeof v === 'bigint' ? v : BigInt(Math.trunc(v)), true);
      return p + 8;
    }
    if (typeof v === 'boolean') {
      p = this.header(p, REPLY.BOOL, 1);
      this.view().setUint8(p, v ? 1 : 0);
      return p + 1;
    }
    if (typeof v === 'string') return this.put(this.header(p, REPLY.BULK, v.length), v);
    if (Array.isArray(v)) {
      p = this.header(p, REPLY.ARRAY, v.length);
      for (const x of v) p = this.write(p, x);
      return p;
    }
    if ('ok' in v) return this.put(this.header(p, REPLY.STATUS, v.ok.length), v.ok);
    if ('err' in v) {
      const text = v.code !== undefined ? `${v.code} ${v.err}` : v.err;
      return this.put(this.header(p, REPLY.ERROR, text.length), text);
    }
    if ('double' in v) {
      p = this.header(p, REPLY.DOUBLE, 8);
      this.view().setFloat64(p, v.double, true);
      return p + 8;
    }
    if ('big_number' in v) return this.put(this.header(p, REPLY.BIG_NUMBER, v.big_number.length), v.big_number);
    if ('verbatim_string' in v) {
      const { format, string } = v.verbatim_string;
      p = this.header(p, REPLY.VERBATIM, 4 + format.length + string.length);
      this.view().setUint32(p, format.length, true);
      return this.put(this.put(p + 4, format), string);
    }
    if ('map' in v) {
      p = this.header(p, REPLY.MAP, v.map.length);
      for (const [k, x] of v.map) p = this.write(this.write(p, k), x);
      return p;
    }
    p = this.header(p, REPLY.SET, v.set.length);
    for (const x of v.set) p = this.write(p, x);
    return p;
  }

  /** Reads `n` replies one after the other from `p` (an array's, a set's, a map's keys and values in turn). */
  private decodeMany(p: number, n: number, end: number): { items: LuaReply[]; next: number } {
    const items: LuaReply[] = [];
    for (let i = 0; i < n; i++) {
      const d = this.decode(p, end);
      items.push(d.v);
      p = d.next;
    }
    return { items, next: p };
  }

  /** Reads a reply written by the module (decodeReply and buildScriptError of the package). */
  decode(ptr: number, end: number): { v: LuaReply; next: number } {
    if (ptr + 5 > end) throw new Error('Lua reply decoding failed');
    const dv = this.view();
    const type = dv.getUint8(ptr);
    const n = dv.getUint32(ptr + 1, true);
    const p = ptr + 5;
    switch (type) {
      case REPLY.NULL:
        return { v: null, next: p };
      case REPLY.INT: {
        let big = dv.getBigInt64(p, true);
        // A Lua number (a double) at or past 2^63 saturates here; Redis's cast on x86-64 gives
        // the lowest int64 instead (no double converts to exactly 2^63 - 1 otherwise).
        if (big === 9223372036854775807n) big = -9223372036854775808n;
        return { v: big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big, next: p + 8 };
      }
      case REPLY.BULK:
        return { v: this.str(p, n), next: p + n };
      case REPLY.STATUS:
        return { v: { ok: this.str(p, n) }, next: p + n };
      case REPLY.ERROR:
        return { v: splitError(this.str(p, n)), next: p + n };
      case REPLY.SCRIPT_ERROR:
        return { v: scriptError(this.str(p + 4, n - 4), dv.getUint32(p, true)), next: p + n };
      case REPLY.ARRAY: {
        const { items, next } = this.decodeMany(p, n, end);
        return { v: items, next };
      }
      case REPLY.BOOL:
        return { v: dv.getUint8(p) !== 0, next: p + 1 };
      case REPLY.DOUBLE:
        return { v: { double: dv.getFloat64(p, true) }, next: p + 8 };
      case REPLY.BIG_NUMBER:
        return { v: { big_number: this.str(p, n) }, next: p + n };
      case REPLY.VERBATIM: {
        const fl = dv.getUint32(p, true);
        return { v: { verbatim_string: { format: this.str(p + 4, fl), string: this.str(p + 4 + fl, n - 4 - fl) } }, next: p + n };
      }
      case REPLY.MAP: {
        const { items, next } = this.decodeMany(p, 2 * n, end);
        const map: [LuaReply, LuaReply][] = [];
        for (let i = 0; i < items.length; i += 2) map.push([items[i]!, items[i + 1]!]);
        return { v: { map }, next };
      }
      case REPLY.SET: {
        const { items, next } = this.decodeMany(p, n, end);
        return { v: { set: items }, next };
      }
      default:
        throw new Error(`Lua reply of unknown type ${type}`);
    }
  }
}

function replySize(v: LuaReply): number {
  if (v === null) return 5;
  if (typeof v === 'number' || typeof v === 'bigint') return 13;
  if (typeof v === 'boolean') return 6;
  if (typeof v === 'string') return 5 + v.length;
  if (Array.isArray(v)) {
    let n = 5;
    for (const x of v) n += replySize(x);
    return n;
  }
  if ('ok' in v) return 5 + v.ok.length;
  if ('err' in v) return 5 + v.err.length + (v.code !== undefined ? v.code.length + 1 : 0);
  if ('double' in v) return 13;
  if ('big_number' in v) return 5 + v.big_number.length;
  if ('verbatim_string' in v) return 9 + v.verbatim_string.format.length + v.verbatim_string.string.length;
  let n = 5;
  if ('map' in v) for (const [k, x] of v.map) n += replySize(k) + replySize(x);
  else for (const x of v.set) n += replySize(x);
  return n;
}

/** `CODE message` split as the package splits it: a first word of capitals and digits is the code. */
function splitError(text: string): { err: string; code?: string } {
  const space = text.indexOf(' ');
  if (space > 0 && /^[A-Z][A-Z0-9]*$/.test(text.slice(0, space))) return { err: text.slice(space + 1), code: text.slice(0, space) };
  return { err: text };
}

const MARKER = '__RLUA_E__:';

/** An error that stopped the script: its line, and the kind of the errors the package classifies (buildScriptError). */
function scriptError(text: string, line: number): LuaReply {
  const e = splitError(text);
  let at = line;
  // A message Lua positioned (`user_script:N: ...`) names the line; the VM's own is the
  // runtime's when the script's `error` (runtime.ts) raised it.
  const positioned = /^user_script:(\d+): /.exec(e.err);
  if (positioned !== null) at = Number(positioned[1]) || 1;
  if (at === 0) at = 1;
  // Raised as Redis raises an error table (runtime.ts): the reply is the text after the mark.
  const mark = e.err.indexOf('\u0002');
  if (mark >= 0) {
    const pos = /user_(?:script|function):(\d+): $/.exec(e.err.slice(0, mark));
    return { err: e.err.slice(mark + 1), meta: { line: pos === null ? at : Number(pos[1]), kind: 'verbatim' } };
  }
  // Raised by the runtime's own __index (runtime.ts) on the script's behalf: the position is in the message.
  const read = /^user_(?:script|function):(\d+): Script attempted to access nonexistent global variable/.exec(e.err);
  if (read !== null) at = Number(read[1]);
  const m = e.err.indexOf(MARKER);
  if (m >= 0) {
    const rest = e.err.slice(m + MARKER.length);
    const sep = rest.indexOf(':');
    const kind = sep < 0 ? rest : rest.slice(0, sep);
    return { err: kind, code: 'ERR', meta: { line: at, kind, ...(sep < 0 ? {} : { name: rest.slice(sep + 1) }) } };
  }
  return { err: e.err, code: e.code ?? 'ERR', meta: { line: at } };
}

/**
 * Thrown out of the VM, past any pcall of the script, when a run goes on
 * after its deadline. The instruction budget alone raises a Lua error, which
 * a script that calls pcall in a loop can catch for ever; every Lua error
 * passes through the module's `_emscripten_throw_longjmp` import, so past the
 * deadline that import throws this instead. The VM's state is then
 * unusable: the caller discards it.
 */
export class LuaHardStop extends Error {
  override name = 'LuaHardStop';
}

/** A chunk kept in the module's memory (the one-line chunks that call a cached function). */
interface Chunk {
  readonly ptr: number;
  readonly len: number;
}

/**
 * Creates the VM. `maxFuel` is the instruction budget of one script run
 * (see core/scripting.ts on busy scripts); `version` fills
 * redis.REDIS_VERSION and REDIS_VERSION_NUM.
 */
export async function createVm(host: LuaVmHost, opts: { maxFuel: number; version: string; versionNum: number }): Promise<LuaVm> {
  ensureBuffer();
  const { load } = await import('lua-redis-wasm');
  /** After this time (performance.now()) a Lua error stops the run for good (see LuaHardStop). */
  let deadline = Infinity;
  let hardMs = 10_000;
  const instantiate = WebAssembly.instantiate;
  // The package instantiates the module itself: its imports are wrapped on the way (only this module's: it has host_redis_call).
  WebAssembly.instantiate = function (this: unknown, source: unknown, imports?: WebAssembly.Imports) {
    const env = imports?.['env'] as Record<string, unknown> | undefined;
    const throwLongjmp = env?.['_emscripten_throw_longjmp'];
    if (env !== undefined && typeof env['host_redis_call'] === 'function' && typeof throwLongjmp === 'function') {
      env['_emscripten_throw_longjmp'] = (...a: unknown[]) => {
        if (performance.now() > deadline) throw new LuaHardStop('the script ran past its deadline');
        return (throwLongjmp as (...x: unknown[]) => unknown)(...a);
      };
    }
    return (instantiate as (s: unknown, i?: WebAssembly.Imports) => Promise<unknown>).call(WebAssembly, source, imports);
  } as typeof WebAssembly.instantiate;
  let loaded: Awaited<ReturnType<typeof load>>;
  try {
    loaded = await load({
      profile: 'redis-7.0',
      limits: { maxFuel: opts.maxFuel },
      redisProps: {
        REDIS_VERSION: { value: opts.version },
        REDIS_VERSION_NUM: { value: opts.versionNum },
        REPL_NONE: { value: 0 },
        REPL_AOF: { value: 1 },
        REPL_SLAVE: { value: 2 },
        REPL_REPLICA: { value: 2 },
        REPL_ALL: { value: 3 },
        replicate_commands: { returns: true },
        set_repl: { returns: null },
      },
    });
  } finally {
    WebAssembly.instantiate = instantiate;
  }
  const pkg = loaded;
  // The package's engine object is not used: create() wires its handlers and initialises the state.
  pkg.create({ redisCall: () => null, redisPcall: () => null, log: () => {} });
  const internals = pkg as unknown as { exports?: WasmModule; handlers?: Handlers };
  const mod = internals.exports;
  const handlers = internals.handlers;
  if (mod?.HEAPU8 === undefined || typeof mod._eval_with_args !== 'function' || typeof mod._alloc !== 'function' || handlers === undefined || typeof handlers.call !== 'function') {
    throw new Error('lua-redis-wasm: unexpected internals (exports, handlers); src/engine/lua/vm.ts follows version 1.5');
  }
  const mem = new Memory(mod);
  const sret = mod._eval_with_args.length >= 6;
  const retPtr = mod._alloc(8);

  const hostCall = (pcall: boolean) => (...args: number[]): bigint | undefined => {
    const hasRet = args.length >= 3;
    const ptr = hasRet ? args[1]! : args[0]!;
    const len = hasRet ? args[2]! : args[1]!;
    let reply: LuaReply;
    try {
      reply = host.call(mem.readArgs(ptr, len), pcall);
    } catch (e) {
      reply = { err: e instanceof Error ? e.message : String(e) };
    }
    const out = mem.encode(reply);
    if (hasRet) {
      const dv = mem.view();
      dv.setUint32(args[0]!, out.ptr, true);
      dv.setUint32(args[0]! + 4, out.len, true);
      return undefined;
    }
    return (BigInt(out.len) << 32n) | BigInt(out.ptr);
  };
  handlers.call = hostCall(false);
  handlers.pcall = hostCall(true);
  handlers.log = (level, ptr, len) => host.log(level, mem.str(ptr, len));
  handlers.setresp = (version) => host.setResp(version === 3 ? 3 : 2);

  /** Runs the chunk at `chunk` with KEYS and ARGV (eval_with_args). */
  const exec = (chunk: Chunk, keys: readonly string[], args: readonly string[]): LuaReply => {
    const a = mem.argArray(keys, args);
    let ptr: number;
    let len: number;
    deadline = performance.now() + hardMs;
    try {
      if (sret) {
        mod._eval_with_args(retPtr, chunk.ptr, chunk.len, a.ptr, a.len, keys.length);
        const dv = mem.view();
        ptr = dv.getUint32(retPtr, true);
        len = dv.getUint32(retPtr + 4, true);
      } else {
        const r = mod._eval_with_args(chunk.ptr, chunk.len, a.ptr, a.len, keys.length) as bigint;
        ptr = Number(r & 0xffffffffn);
        len = Number(r >> 32n);
      }
    } finally {
      deadline = Infinity;
      mod._free_mem(a.ptr);
    }
    if (ptr === 0 || len === 0) return null;
    try {
      return mem.decode(ptr, ptr + len).v;
    } finally {
      mod._free_mem(ptr);
    }
  };
  const keep = (code: string): Chunk => {
    const ptr = mod._alloc(Math.max(1, code.length));
    mem.put(ptr, code);
    return { ptr, len: code.length };
  };
  const release = (c: Chunk): void => mod._free_mem(c.ptr);
  const once = (code: string, keys: readonly string[], args: readonly string[]): LuaReply => {
    const c = keep(code);
    try {
      return exec(c, keys, args);
    } finally {
      release(c);
    }
  };

  // ---- Setup: hang the runtime on the globals' metatable --------------------
  const addr = (v: LuaReply): number => (typeof v === 'string' && v.startsWith('table: ') ? parseInt(v.slice(7), 16) : NaN);
  const probe = once('return {tostring(_G), tostring(getmetatable(_G))}', [], []);
  const [g, m] = Array.isArray(probe) ? probe.map(addr) : [NaN, NaN];
  const dv = mem.view();
  const layoutOk = (t: number) => Number.isInteger(t) && t > 0 && t + 40 < mem.heap.length && dv.getUint8(t + TABLE_TT) === LUA_TTABLE && dv.getInt32(t + TABLE_READONLY, true) === 1;
  if (g === undefined || m === undefined || !layoutOk(g) || !layoutOk(m) || dv.getUint32(g + TABLE_METATABLE, true) !== m) {
    throw new Error("lua-redis-wasm: the Lua tables' layout is not the expected one; src/engine/lua/vm.ts follows version 1.5");
  }
  const token = Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  dv.setInt32(m + TABLE_READONLY, 0, true);
  let locked: LuaReply;
  try {
    locked = once(SETUP, [], [token]);
  } finally {
    dv.setInt32(m + TABLE_READONLY, 1, true);
  }
  if (!Array.isArray(locked)) throw new Error(`Lua runtime setup failed: ${JSON.stringify(locked)}`);
  for (const t of locked.map(addr)) {
    if (!layoutOk(t) && !(Number.isInteger(t) && dv.getUint8(t + TABLE_TT) === LUA_TTABLE)) throw new Error('Lua runtime setup: unexpected table address');
    dv.setInt32(t + TABLE_READONLY, 1, true);
  }

  const define = keep(hostChunk('d'));
  const drop = keep(hostChunk('x'));
  const loadLib = keep(hostChunk('l'));
  const dropLib = keep(hostChunk('y'));
  /** The run chunk of each script compiled in this VM. */
  const scripts = new Map<string, Chunk>();
  /** The call chunks of each loaded library, by function name. */
  const libraries = new Map<string, Map<string, Chunk>>();
  let fuel = opts.maxFuel;

  return {
    run: once,
    hasScript: (sha) => scripts.has(sha),
    defineScript(sha, source, shadow) {
      if (scripts.has(sha)) return undefined;
      const r = exec(define, [], [token, sha, source, wrapScript(source, shadow)]);
      if (typeof r === 'string') return r;
      if (r !== 1) return 'the script could not be compiled';
      scripts.set(sha, keep(runScriptChunk(sha)));
      return undefined;
    },
    dropScript(sha) {
      const c = scripts.get(sha);
      if (c === undefined) return;
      scripts.delete(sha);
      release(c);
      exec(drop, [], [token, sha]);
    },
    runScript(sha, keys, args) {
      const c = scripts.get(sha);
      if (c === undefined) return { err: 'NOSCRIPT No matching script. Please use EVAL.' };
      return exec(c, keys, args);
    },
    loadLibrary(id, body) {
      const r = exec(loadLib, [], [token, id, body, wrapLibrary(body)]);
      if (!Array.isArray(r)) return { error: r };
      const tag = r[0];
      if (tag === 'c') return { compile: String(r[1]) };
      if (tag === 'r') return { raised: String(r[1]) };
      if (tag === 'n') return { functions: [] };
      const functions = r.slice(1).filter(Array.isArray);
      libraries.set(id, new Map(functions.map((f) => [String(f[0]), keep(callFunctionChunk(id, String(f[0])))])));
      return { functions };
    },
    hasLibrary: (id) => libraries.has(id),
    dropLibrary(id) {
      const fns = libraries.get(id);
      if (fns === undefined) return;
      libraries.delete(id);
      for (const c of fns.values()) release(c);
      exec(dropLib, [], [token, id]);
    },
    callFunction(id, name, keys, args) {
      const c = libraries.get(id)?.get(name);
      if (c === undefined) return { err: 'ERR Function not found' };
      return exec(c, keys, args);
    },
    setFuel(n, stopMs) {
      hardMs = stopMs;
      if (n === fuel || mod._set_limits === undefined) return;
      fuel = n;
      mod._set_limits(n, 0, 0);
    },
  };
}
