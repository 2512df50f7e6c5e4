/**
 * What the lesson system keeps in the browser's storage, and how it is read
 * back: the learner's progress, each lesson's keys (as the commands that
 * rebuild them), and the current step's journal. Pure: reading validates,
 * so anything malformed reads as nothing saved.
 */
import type { JournalEntry } from '../protocol/lessons';
import type { Track } from './schema';

/** Storage keys. */
export const PROGRESS_KEY = 'redis-playground:lessons:v1';
export const KEYSPACE_KEY = (id: string): string => `redis-playground:lesson-keys:v1:${id}`;
export const STEP_KEY = 'redis-playground:step:v1';

/** Journal entries kept per step (the checks count commands of this step only). */
export const STEP_LOG_MAX = 200;
/** Arguments longer than this are cut in the saved journal (flags and names are short; values need not be kept whole). */
const ARG_MAX = 1024;
/** A reply larger than this (as JSON) is saved as null. */
const REPLY_MAX = 8192;

export interface Progress {
  readonly version: 1;
  /** Step ids completed, per lesson id. */
  readonly completed: Readonly<Record<string, readonly string[]>>;
  readonly current?: { readonly lesson: string; readonly section: number };
  /** The track the map shows. */
  readonly track?: Track;
}

export const EMPTY_PROGRESS: Progress = { version: 1, completed: {} };

/** Validates progress read from storage or an imported file. */
export function parseProgress(v: unknown): Progress | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (o.version !== 1 || typeof o.completed !== 'object' || o.completed === null) return undefined;
  const completed: Record<string, string[]> = {};
  for (const [k, steps] of Object.entries(o.completed as Record<string, unknown>)) {
    if (Array.isArray(steps)) completed[k] = steps.filter((x): x is string => typeof x === 'string');
  }
  const cur = o.current as { lesson?: unknown; section?: unknown } | undefined;
  const current =
    cur && typeof cur.lesson === 'string' && typeof cur.section === 'number' && Number.isFinite(cur.section) ? { lesson: cur.lesson, section: Math.max(0, Math.floor(cur.section)) } : undefined;
  const track = o.track === 'lecture' || o.track === 'self-paced' || o.track === 'patterns' ? o.track : undefined;
  return { version: 1, completed, ...(current ? { current } : {}), ...(track ? { track } : {}) };
}

/** A list of commands (a lesson's saved keys). */
export function isCommandList(v: unknown): v is string[][] {
  return Array.isArray(v) && v.every((c) => Array.isArray(c) && c.every((a) => typeof a === 'string'));
}

/** The current step as saved: its journal and its starting keys (for :retry), kept across reloads. */
export interface SavedStep {
  readonly lesson: string;
  readonly section: number;
  readonly log: readonly JournalEntry[];
  readonly start: readonly (readonly string[])[] | null;
}

/** A journal entry small enough to save: long arguments cut, a large reply dropped. */
export function storableEntry(j: JournalEntry): JournalEntry {
  const argv = j.argv.map((a) => (a.length > ARG_MAX ? a.slice(0, ARG_MAX) : a));
  let reply = j.reply;
  if (reply !== null) {
    try {
      if (JSON.stringify(reply, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).length > REPLY_MAX) reply = null;
    } catch {
      reply = null;
    }
  }
  return { ...j, argv, reply };
}

/** The saved step, validated: anything malformed reads as nothing saved. */
export function parseSavedStep(v: unknown): SavedStep | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.lesson !== 'string' || typeof o.section !== 'number' || !Number.isInteger(o.section) || o.section < 0 || !Array.isArray(o.log)) return undefined;
  const log = o.log.filter(isJournalEntry).slice(-STEP_LOG_MAX);
  const start = isCommandList(o.start) ? o.start : null;
  return { lesson: o.lesson, section: o.section, log, start };
}

function isJournalEntry(j: unknown): j is JournalEntry {
  if (typeof j !== 'object' || j === null) return false;
  const e = j as Record<string, unknown>;
  return (
    typeof e.seq === 'number' &&
    typeof e.client === 'number' &&
    typeof e.time === 'number' &&
    Array.isArray(e.argv) &&
    e.argv.length > 0 &&
    e.argv.every((a) => typeof a === 'string') &&
    (e.reply === null || isReply(e.reply, 0))
  );
}

function isReply(r: unknown, depth: number): boolean {
  if (depth > 16 || typeof r !== 'object' || r === null) return false;
  const { t, v } = r as { t?: unknown; v?: unknown };
  switch (t) {
    case 'simple':
    case 'error':
    case 'bulk':
    case 'bignum':
    case 'verbatim':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v));
    case 'double':
      return typeof v === 'number' || v === null;
    case 'bool':
      return typeof v === 'boolean';
    case 'nil':
    case 'nilarray':
      return true;
    case 'array':
    case 'set':
    case 'push':
      return Array.isArray(v) && v.every((x) => isReply(x, depth + 1));
    case 'map':
      return Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && isReply(p[0], depth + 1) && isReply(p[1], depth + 1));
    default:
      return false;
  }
}
