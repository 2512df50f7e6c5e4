/**
 * The UI's view of the keyspace: key metadata for the database on screen,
 * kept current from the worker's change events (never by polling).
 */
import { create } from 'zustand';
import type { EngineClient } from '../client/engine-client';
import type { ChangeEvent, KeyMeta } from '../protocol/messages';

/** How many keys the view loads up front; the rest arrive as they change. */
export const KEY_WINDOW = 5000;

export interface KeyspaceState {
  db: number;
  keys: ReadonlyMap<string, KeyMeta>;
  total: number;
  last: ChangeEvent | undefined;
  setDb(client: EngineClient, db: number): Promise<void>;
  load(client: EngineClient): Promise<void>;
  apply(e: ChangeEvent): void;
}

export const useKeyspace = create<KeyspaceState>((set, get) => ({
  db: 0,
  keys: new Map(),
  total: 0,
  last: undefined,
  async setDb(client, db) {
    set({ db });
    await get().load(client);
  },
  async load(client) {
    const db = get().db;
    const res = await client.call('keys', { db, limit: KEY_WINDOW });
    if (get().db !== db) return;
    set({ keys: new Map(res.keys.map((k) => [k.key, k])), total: res.total });
  },
  apply(e) {
    const { db, keys, total } = get();
    let next: Map<string, KeyMeta> | undefined;
    let t = total;
    for (const k of e.keys) {
      if (k.db !== db) continue;
      next ??= new Map(keys);
      const had = next.has(k.key);
      if (k.type === null) {
        if (next.delete(k.key) || had) t--;
      } else {
        if (!had) t++;
        next.set(k.key, k);
      }
    }
    set({ last: e, ...(next ? { keys: next, total: Math.max(t, next.size) } : {}) });
  },
}));

export const selectSortedKeys = (s: KeyspaceState): KeyMeta[] =>
  [...s.keys.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
