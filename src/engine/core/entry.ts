import { Deque } from '../types/deque';
import type { SortedSet } from '../types/zset';
import type { Stream } from '../types/stream';

/**
 * The memory meter's record of a key (size estimate, LRU/LFU field), kept
 * on the key's entry so that an access costs one dictionary lookup instead
 * of two. Only core/memory.ts reads or writes these fields; an entry that
 * was copied or moved carries a record for its old key, which the meter
 * recognises by `sKey`/`sDb` and ignores.
 */
export interface KeyStatFields {
  sKey?: string | undefined;
  sDb?: number;
  lru?: number;
  bytes?: number;
  queued?: boolean;
}

/**
 * What a key holds. One tagged union; each data structure lives in
 * `src/engine/types/` (sorted sets: `types/zset.ts`).
 */
export type Entry = KeyStatFields &
  (
    | { type: 'string'; value: string }
    | { type: 'hash'; value: Map<string, string> }
    | { type: 'list'; value: Deque<string> }
    | { type: 'set'; value: Set<string> }
    | { type: 'zset'; value: SortedSet }
    | { type: 'stream'; value: Stream }
  );

export type EntryType = Entry['type'];

/**
 * A new string entry with the memory meter's fields laid out in the object
 * itself (no separate property store): smaller, and one memory access less
 * per lookup. For the hot paths that create strings (SET, INCR).
 */
export function stringEntry(value: string): Entry {
  return { type: 'string', value, sKey: undefined, sDb: -1, lru: 0, bytes: 0, queued: false };
}

export type EntryOf<T extends EntryType> = Extract<Entry, { type: T }>;

/** Number of elements (strings: byte length), as the visualizer sizes a key. */
export function entrySize(e: Entry): number {
  switch (e.type) {
    case 'string':
      return e.value.length;
    case 'hash':
    case 'set':
    case 'zset':
      return e.value.size;
    case 'list':
      return e.value.length;
    case 'stream':
      return e.value.length;
  }
}

/**
 * A deep copy of a key's value (COPY, the timeline's images): nothing is
 * shared with `e`, and no memory-meter record is carried over. Works for
 * every value kind without knowing it: strings are immutable,
 * Maps/Sets/arrays/Deques are copied, and any other value must offer a
 * `clone()` method (sorted sets, streams...).
 */
export function cloneEntry(e: Entry): Entry {
  return { type: e.type, value: cloneValue(e.value) } as Entry;
}

function cloneValue(v: unknown): unknown {
  if (typeof v === 'string') return v;
  if (v instanceof Map) return new Map(v);
  if (v instanceof Set) return new Set(v);
  if (v instanceof Deque) return new Deque(v.toArray());
  if (Array.isArray(v)) return v.slice();
  if (typeof v === 'object' && v !== null && 'clone' in v && typeof v.clone === 'function') return (v.clone as () => unknown).call(v);
  throw new Error('no way to copy this value');
}
