/**
 * The Lua VM: Redis's own Lua 5.1 (with cjson, cmsgpack, struct and bit)
 * compiled to WebAssembly by the lua-redis-wasm package. This module is
 * only ever loaded with a dynamic import (see core/scripting.ts
 * `Scripting.ready`), so neither the page's first load nor a server that
 * never runs a script pays for it.
 *
 * It translates between the engine's byte strings and the package's
 * Buffers; everything Redis-specific (the script cache, errors, which
 * commands a script may call) lives in core/scripting.ts.
 */
import type { ReplyValue } from 'lua-redis-wasm';
import type { LuaReply, LuaVm, LuaVmHost } from '../core/scripting';
import { ensureBuffer } from './buffer-shim';

/** Node's Buffer, or the shim (buffer-shim.ts) once `ensureBuffer` ran. */
type BufferCtor = { alloc(n: number): Uint8Array };
let BufferImpl: BufferCtor | undefined;

/** The package's Buffer type, from its own declarations. */
type Buf = Extract<ReplyValue, { ok: unknown }>['ok'];

function toBuf(s: string): Buf {
  const out = BufferImpl!.alloc(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out as Buf;
}

function fromBuf(b: Uint8Array): string {
  let out = '';
  const CHUNK = 0x400;
  for (let i = 0; i < b.length; i += CHUNK) out += String.fromCharCode.apply(null, b.subarray(i, i + CHUNK) as unknown as number[]);
  return out;
}

function isBuf(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array;
}

/** VM value -> engine value. */
function fromVm(v: ReplyValue): LuaReply {
  if (v === null || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  if (isBuf(v)) return fromBuf(v);
  if (Array.isArray(v)) return v.map(fromVm);
  if ('ok' in v) return { ok: fromBuf(v.ok) };
  if ('err' in v) {
    const meta = v.meta;
    return {
      err: fromBuf(v.err),
      ...(v.code !== undefined ? { code: fromBuf(v.code) } : {}),
      ...(meta !== undefined ? { meta: { line: meta.line, ...(meta.kind !== undefined ? { kind: meta.kind } : {}), ...(meta.name !== undefined ? { name: meta.name } : {}) } } : {}),
    };
  }
  if ('double' in v) return { double: v.double };
  if ('big_number' in v) return { big_number: fromBuf(v.big_number) };
  if ('verbatim_string' in v) return { verbatim_string: { format: fromBuf(v.verbatim_string.format), string: fromBuf(v.verbatim_string.string) } };
  if ('map' in v) return { map: v.map.map(([k, x]: [ReplyValue, ReplyValue]) => [fromVm(k), fromVm(x)] as [LuaReply, LuaReply]) };
  return { set: v.set.map(fromVm) };
}

/** Engine value -> VM value. */
function toVm(v: LuaReply): ReplyValue {
  if (v === null || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  if (typeof v === 'string') return toBuf(v);
  if (Array.isArray(v)) return v.map(toVm);
  if ('ok' in v) return { ok: toBuf(v.ok) };
  if ('err' in v) return { err: toBuf(v.err) };
  if ('double' in v) return { double: v.double };
  if ('big_number' in v) return { big_number: toBuf(v.big_number) };
  if ('verbatim_string' in v) return { verbatim_string: { format: toBuf(v.verbatim_string.format), string: toBuf(v.verbatim_string.string) } };
  if ('map' in v) return { map: v.map.map(([k, x]) => [toVm(k), toVm(x)] as [ReplyValue, ReplyValue]) };
  return { set: v.set.map(toVm) };
}

/**
 * Creates the VM. `maxFuel` is the instruction budget of one script run
 * (see Scripting's note on busy scripts); `version` fills
 * redis.REDIS_VERSION and REDIS_VERSION_NUM.
 */
export async function createVm(host: LuaVmHost, opts: { maxFuel: number; version: string; versionNum: number }): Promise<LuaVm> {
  ensureBuffer();
  BufferImpl = (globalThis as unknown as { Buffer: BufferCtor }).Buffer;
  const { LuaWasmEngine } = await import('lua-redis-wasm');
  const engine = await LuaWasmEngine.create({
    host: {
      redisCall: (args) => toVm(host.call(args.map(fromBuf), false)),
      redisPcall: (args) => toVm(host.call(args.map(fromBuf), true)),
      log: (level, message) => host.log(level, fromBuf(message)),
      onSetResp: (version) => host.setResp(version),
    },
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
  return {
    run: (code, keys, args) => fromVm(engine.evalWithArgs(toBuf(code), keys.map(toBuf), args.map(toBuf))),
  };
}
