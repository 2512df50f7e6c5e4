/**
 * Protocol types for lessons: reading the state a lesson's goals talk about,
 * the journal of commands clients ran, and resetting the keyspace to a
 * lesson's starting point.
 */
import type { Reply } from '../engine';

/** The value of one key as goals see it. Strings are Unicode text (UTF-8 decoded). */
export type KeyValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'hash'; readonly value: readonly (readonly [string, string])[] }
  | { readonly type: 'list'; readonly value: readonly string[] }
  | { readonly type: 'set'; readonly value: readonly string[] }
  /** Members in Redis order (score ascending, then member). */
  | { readonly type: 'zset'; readonly value: readonly (readonly [string, number])[] }
  | { readonly type: 'other'; readonly name: string };

export interface KeySnapshot {
  readonly key: string;
  /** null when the key does not exist (or has expired). */
  readonly entry: KeyValue | null;
  /** Milliseconds to live as PTTL reports it: -1 no expiry, -2 no key. */
  readonly pttl: number;
}

/** One command a client ran, as the journal remembers it. */
export interface JournalEntry {
  readonly seq: number;
  readonly client: number;
  /** Arguments as text (UTF-8 decoded). */
  readonly argv: readonly string[];
  /** null while the client is blocked. */
  readonly reply: Reply | null;
  /** Engine time. */
  readonly time: number;
}

export interface InspectRequest {
  readonly db: number;
  readonly keys: readonly string[];
  /** Journal entries with a seq greater than this are returned. */
  readonly since?: number;
}

export interface InspectResult {
  readonly now: number;
  readonly dbsize: number;
  readonly keys: readonly KeySnapshot[];
  readonly journal: readonly JournalEntry[];
  /** The latest journal seq (pass it back as `since`). */
  readonly seq: number;
}

export interface LessonResetRequest {
  /** Commands (engine byte strings, as `exec` takes them) run on database 0 of an emptied server, by an internal client. */
  readonly setup: readonly (readonly string[])[];
}

export interface LessonResetResult {
  /** Replies that were errors, with the index of their setup command. */
  readonly errors: readonly { readonly index: number; readonly reply: Reply }[];
  readonly seq: number;
}

export interface LessonSaveResult {
  /** Commands (engine byte strings) that rebuild database 0 as it is now; null when it is too large to save. */
  readonly commands: readonly (readonly string[])[] | null;
  readonly keys: number;
}
