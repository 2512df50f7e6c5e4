import type { Deque } from '../types/deque';
import type { SortedSet } from '../types/zset';
import type { Stream } from '../types/stream';

/**
 * What a key holds. One tagged union; each data structure lives in
 * `src/engine/types/` (sorted sets: `types/zset.ts`).
 */
export type Entry =
  | { type: 'string'; value: string }
  | { type: 'hash'; value: Map<string, string> }
  | { type: 'list'; value: Deque<string> }
  | { type: 'set'; value: Set<string> }
  | { type: 'zset'; value: SortedSet }
  | { type: 'stream'; value: Stream };

export type EntryType = Entry['type'];

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
