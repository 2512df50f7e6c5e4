/**
 * Protocol types for the session's timeline: the commands that changed the
 * keyspace, each with what the keys it changed held before, so the last one
 * can be undone and the keyspace at any earlier point shown or brought back.
 */

/** One command that changed the keyspace. */
export interface TimelineEntry {
  /** Increasing; the position to preview or restore from. */
  readonly id: number;
  readonly client: number;
  /** The database the command ran in (the one its client had selected). */
  readonly db: number;
  /** Arguments as text (UTF-8 decoded). */
  readonly argv: readonly string[];
  /** Engine time when it ran. */
  readonly time: number;
  /** How many keys it changed. */
  readonly keys: number;
  /** Why it cannot be undone (nor anything before it reached), when it cannot. */
  readonly cannotUndo?: string;
}

export interface TimelineList {
  /** Oldest first. */
  readonly entries: readonly TimelineEntry[];
  /** Older entries dropped to keep the history within its memory budget. */
  readonly dropped: number;
  /** Bytes (estimated) the kept before-images take, and the budget. */
  readonly bytes: number;
  readonly budget: number;
  /** Of the entries, how many (the oldest) do not fit the record kept across a reload. */
  readonly unsaved: number;
  /** What that record keeps, in words ("the last 500 commands, up to 2 MB of earlier values"). */
  readonly savedLimits: string;
  /** What the restore after a reload left out, and why, when it left something out. */
  readonly notice?: string;
}

export interface UndoRequest {
  /** Clients whose commands are not the learner's (simulations): undo skips them. */
  readonly skipClients?: readonly number[];
}

/** A key put back by an undo or a restore. */
export interface RestoredKey {
  readonly db: number;
  readonly key: string;
  /** What it holds again: a type, or null when the key was removed. */
  readonly type: string | null;
}

export interface UndoResult {
  readonly ok: boolean;
  /** The command undone (or, for a restore, the last one undone), as text. */
  readonly argv?: readonly string[];
  /** How many commands were undone. */
  readonly undone: number;
  readonly keys: readonly RestoredKey[];
  /** Keys left out because their TTL ran out since (they would be gone at once). */
  readonly expiredSince: number;
  /** Why nothing was undone, when `ok` is false. */
  readonly reason?: string;
}

export interface TimelinePreviewRequest {
  /** Show the keyspace right after this entry (0: before the first entry kept). */
  readonly id: number;
  readonly db: number;
  /** Elements per value. */
  readonly limit?: number;
}

/** A value, compact, for a preview list. */
export interface PreviewValue {
  readonly type: string;
  /** Elements (strings: the value; hashes: field, value pairs flattened; zsets: member, score pairs flattened). */
  readonly items: readonly string[];
  /** Total elements (strings: 1). */
  readonly size: number;
  /** Absolute expiry time, or -1. */
  readonly expireAt: number;
}

export interface PreviewKey {
  readonly key: string;
  /** At the chosen point; null when the key did not exist then. */
  readonly then: PreviewValue | null;
  /** Now; null when it does not exist now. */
  readonly now: PreviewValue | null;
}

export interface TimelinePreview {
  readonly ok: boolean;
  readonly reason?: string;
  readonly db: number;
  /** Keys the database held at that point. */
  readonly dbsize: number;
  /** Every key that differs between then and now, sorted by name. */
  readonly changed: readonly PreviewKey[];
  /** Commands between that point and now. */
  readonly after: number;
}
