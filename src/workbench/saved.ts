/**
 * What the workbench keeps in the browser: both editors' text, the Lua
 * KEYS and ARGV, and the last runs (to open again). Read back field by
 * field: anything missing or malformed takes its default, the rest is kept.
 */
import type { RunResult } from './runner';

export type RunKind = 'commands' | 'lua';

/** One run, as the history keeps it. */
export interface SavedRun {
  readonly id: number;
  /** Date.now() when it ran. */
  readonly at: number;
  readonly kind: RunKind;
  /** The editor's text that ran (the whole document, to open again). */
  readonly doc: string;
  readonly keys?: string;
  readonly args?: string;
  readonly results: readonly RunResult[];
}

export interface Saved {
  readonly commands: string;
  readonly lua: string;
  readonly keys: string;
  readonly args: string;
  readonly runs: readonly SavedRun[];
}

export const SAVED_KEY = 'redis-playground:workbench';
/** Runs kept in the history (newest first). */
export const MAX_RUNS = 30;
/** A result's output kept in the history is cut to this many characters. */
export const MAX_KEPT_OUTPUT = 20_000;

export const DEFAULT_COMMANDS = `# One command per line. Ctrl+Enter runs the line (or the selection), Shift+Ctrl+Enter runs them all.
SET greeting "hello world"
GET greeting
INCR visits
RPUSH queue job:1 job:2
LRANGE queue 0 -1
`;

export const DEFAULT_LUA = `-- A fixed-window rate limiter, in one atomic step:
-- count this call, start the window on the first one, allow up to ARGV[1].
local count = redis.call('INCR', KEYS[1])
if count == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
end
redis.log(redis.LOG_NOTICE, 'calls in this window: ' .. count)
return count <= tonumber(ARGV[1]) and 1 or 0
`;

export const DEFAULTS: Saved = { commands: DEFAULT_COMMANDS, lua: DEFAULT_LUA, keys: 'rate:alice', args: '3 60', runs: [] };

const str = (v: unknown, d: string, max = 1_000_000): string => (typeof v === 'string' && v.length <= max ? v : d);

function readResult(v: unknown): RunResult | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.line !== 'number' || !Number.isSafeInteger(o.line) || typeof o.source !== 'string' || typeof o.output !== 'string') return undefined;
  const log = Array.isArray(o.log) ? o.log.filter((l): l is string => typeof l === 'string') : undefined;
  return { line: o.line, source: o.source, output: o.output, error: o.error === true, ...(log && log.length > 0 ? { log } : {}) };
}

function readRun(v: unknown): SavedRun | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'number' || typeof o.at !== 'number' || !Number.isFinite(o.at) || (o.kind !== 'commands' && o.kind !== 'lua') || typeof o.doc !== 'string') return undefined;
  const results = Array.isArray(o.results) ? o.results.map(readResult).filter((r): r is RunResult => r !== undefined) : [];
  return {
    id: o.id,
    at: o.at,
    kind: o.kind,
    doc: o.doc,
    ...(typeof o.keys === 'string' ? { keys: o.keys } : {}),
    ...(typeof o.args === 'string' ? { args: o.args } : {}),
    results,
  };
}

/** The saved state from its JSON text (or null: nothing saved). */
export function readSaved(raw: string | null): Saved {
  if (raw === null) return DEFAULTS;
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return DEFAULTS;
    o = v as Record<string, unknown>;
  } catch {
    return DEFAULTS;
  }
  const runs = Array.isArray(o.runs) ? o.runs.map(readRun).filter((r): r is SavedRun => r !== undefined).slice(0, MAX_RUNS) : [];
  return {
    commands: str(o.commands, DEFAULTS.commands),
    lua: str(o.lua, DEFAULTS.lua),
    keys: str(o.keys, DEFAULTS.keys, 100_000),
    args: str(o.args, DEFAULTS.args, 100_000),
    runs,
  };
}

/** A run as the history keeps it: long outputs cut (with a note). */
export function keptRun(run: SavedRun): SavedRun {
  const cut = (s: string) => (s.length > MAX_KEPT_OUTPUT ? `${s.slice(0, MAX_KEPT_OUTPUT)}\n… (${(s.length - MAX_KEPT_OUTPUT).toLocaleString('en-US')} more characters not kept)` : s);
  return { ...run, results: run.results.map((r) => ({ ...r, output: cut(r.output) })) };
}
