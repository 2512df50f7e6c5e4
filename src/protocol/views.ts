/**
 * What the visualizer asks the worker for. The worker keeps the data; the
 * page asks for *windows* (a few dozen tree rows, a slice of a list, a page of
 * a sorted set), so a million keys or a million-element list never cross the
 * worker boundary whole.
 *
 * Keys, fields, members and values are engine byte strings (one UTF-16 code
 * unit per byte); the page decodes them for display.
 */

/** Orders within a folder of the keyspace tree (folders always come first, by name). */
export type KeySort = 'name' | 'type' | 'size' | 'ttl';

export interface TreeRequest {
  /** One live index per view id (the keyspace panel, a lesson widget ...). */
  readonly view: string;
  /** A point of the timeline (an entry id, 0 for its start): the window is taken from the keyspace as it was right after it, read-only. */
  readonly at?: number;
  readonly db: number;
  /** Redis glob (`user:*`); `*` for every key. */
  readonly pattern: string;
  readonly sort: KeySort;
  /** Keys only, no folder rows, every folder open (the Python view). */
  readonly flat: boolean;
  /** First row wanted and how many. */
  readonly offset: number;
  readonly limit: number;
  /** Opens or closes a folder before the window is taken. `path` '' with `all` acts on every folder. */
  readonly toggle?: { readonly path: string; readonly open: boolean; readonly all?: boolean };
  /** Opens the folders above this key and reports its row (`revealRow`). */
  readonly reveal?: string;
  /**
   * With `reveal`: when its row falls outside [offset, offset + limit), the
   * window is taken around it instead (the reply's `offset` says where), so
   * following a key far away costs one request.
   */
  readonly around?: boolean;
  /** With `flat`: include the first N elements of each key's value (`preview`). */
  readonly preview?: number;
}

export interface FolderRow {
  readonly kind: 'folder';
  /** Segments joined by ':' (`cache:dashboard`). */
  readonly path: string;
  /** The last segment. */
  readonly name: string;
  readonly depth: number;
  /** Live keys below this folder. */
  readonly keys: number;
  readonly open: boolean;
}

export type ValueType = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream';

export interface KeyRow {
  readonly kind: 'key';
  readonly key: string;
  /** The last segment (what the tree shows). */
  readonly name: string;
  readonly depth: number;
  /** null for a key shown while it fades out (`gone`). */
  readonly type: ValueType | null;
  readonly size: number;
  /** Absolute expiry on the engine clock (ms) or -1. */
  readonly expireAt: number;
  readonly encoding: string;
  /** The key was just deleted, expired or evicted: the row stays a moment to fade out. */
  readonly gone?: 'deleted' | 'expired' | 'evicted';
  readonly preview?: ValueWindow;
}

export type TreeRow = FolderRow | KeyRow;

export interface TreeWindow {
  readonly db: number;
  readonly offset: number;
  readonly rows: readonly TreeRow[];
  readonly totalRows: number;
  /** Live keys matching the pattern. */
  readonly matched: number;
  /** Keys in each database (the db picker). */
  readonly dbSizes: readonly number[];
  /** Row index of `reveal`, -1 when it is not in the view. */
  readonly revealRow?: number;
  /** Milliseconds until the next fading row disappears, or the order is built (ask again then). */
  readonly ghostMs?: number;
  /** A size/type/TTL order of many keys is still being built: rows are in name order meanwhile. */
  readonly sorting?: boolean;
}

export interface ValueRequest {
  readonly db: number;
  /** A point of the timeline (an entry id, 0 for its start): the window is taken from the keyspace as it was right after it, read-only. */
  readonly at?: number;
  readonly key: string;
  /** Window over the elements (list index, zset rank, hash/set iteration order). */
  readonly offset: number;
  readonly limit: number;
  /** Sorted sets: highest score first. */
  readonly reverse?: boolean;
  /**
   * Sorted sets: when this member's rank is outside the window, the window is
   * moved to show it (a ZINCRBY that sends a member far away costs one
   * request, not two). The answer's `offset` says where the window went.
   */
  readonly around?: string;
}

interface ValueBase {
  readonly db: number;
  readonly key: string;
  readonly encoding: string;
  readonly expireAt: number;
  /** Elements (strings: bytes). */
  readonly length: number;
  readonly offset: number;
}

export type ValueWindow =
  | { readonly db: number; readonly key: string; readonly type: null }
  | (ValueBase & { readonly type: 'string'; readonly value: string; readonly truncated: boolean })
  | (ValueBase & {
      readonly type: 'hash';
      readonly entries: readonly (readonly [string, string])[];
    })
  | (ValueBase & { readonly type: 'list'; readonly items: readonly string[] })
  | (ValueBase & { readonly type: 'set'; readonly members: readonly string[] })
  | (ValueBase & {
      readonly type: 'zset';
      readonly reverse: boolean;
      /** [member, score] in window order; ranks are offset + i (from the top when reverse). */
      readonly items: readonly (readonly [string, number])[];
      readonly min: number;
      readonly max: number;
    })
  | (ValueBase & {
      readonly type: 'stream';
      /** Entries [offset, offset + limit) oldest first (offset counts live entries from the oldest). */
      readonly entries: readonly StreamEntryView[];
      /** IDs as `ms-seq`; `0-0` for an empty stream. */
      readonly firstId: string;
      readonly lastId: string;
      /** Entries ever added (XINFO STREAM's entries-added). */
      readonly entriesAdded: number;
      /** Consumer groups by name (at most `STREAM_GROUPS`). */
      readonly groups: readonly StreamGroupView[];
      /** Groups in total. */
      readonly groupCount: number;
    });

export interface StreamEntryView {
  readonly id: string;
  /** field, value, field, value ... */
  readonly fields: readonly string[];
  /** `group/consumer` for each group in which this entry is delivered but not yet acknowledged. */
  readonly pending?: readonly string[];
}

export interface StreamGroupView {
  readonly name: string;
  readonly lastDeliveredId: string;
  /** Entries the group has read (-1: unknown after deletions). */
  readonly entriesRead: number;
  /** Entries not yet delivered to the group; null when it cannot be known. */
  readonly lag: number | null;
  /** Delivered, not acknowledged (the group's PEL). */
  readonly pending: number;
  /** By name (at most `STREAM_CONSUMERS`), with their own pending counts. */
  readonly consumers: readonly { readonly name: string; readonly pending: number; readonly seenTime: number }[];
  readonly consumerCount: number;
}

export interface VennRequest {
  readonly db: number;
  /** A point of the timeline (an entry id, 0 for its start): the window is taken from the keyspace as it was right after it, read-only. */
  readonly at?: number;
  /** Two or three keys. */
  readonly keys: readonly string[];
  /** Members listed per region. */
  readonly sample: number;
}

export interface VennResult {
  readonly keys: readonly string[];
  /** Set sizes (0 for a missing key); `type` is what the key holds. */
  readonly sets: readonly { readonly size: number; readonly type: ValueType | null }[];
  /** One entry per non-empty bit mask (bit i = in keys[i]). */
  readonly regions: readonly { readonly mask: number; readonly count: number; readonly sample: readonly string[] }[];
}
