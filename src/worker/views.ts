/**
 * The worker side of the visualizer: live keyspace-tree indexes (one per
 * view id), key value windows and Venn regions, all answered from the engine
 * in place. The host feeds every command event to `onCommand` so the
 * indexes stay current without rescanning the keyspace.
 */
import { Config } from '../engine/core/config';
import { objectEncoding } from '../engine/core/encoding';
import type { Entry } from '../engine/core/entry';
import { globMatch } from '../engine/core/glob';
import type { CommandEvent } from '../engine';
import type { Db } from '../engine/core/keyspace';
import type { KeyRow, TreeRequest, TreeRow, TreeWindow, ValueRequest, ValueType, ValueWindow, VennRequest, VennResult } from '../protocol/views';
import { BULK_LIMIT, KeyView, sortValueOf, type KeyFacts, type KeySource, type Row } from './keyview';
import { entryLength, valueWindow, venn, type AnyEntry, type KeyInfo } from './values';

const MAX_ROWS = 500;
/** A slice of building a value order (the worker answers commands between slices). */
const SORT_SLICE_MS = 12;
/** How soon the page asks again while an order is being built. */
const SORT_POLL_MS = 120;
const MAX_PREVIEW = 16;

let defaultConfig: Config | undefined;

/**
 * What the views read of a database (a live Db, or a copy of one as it was).
 * Entries are read with `peek`: reading for a view never turns a compactly
 * stored key back into an entry object.
 */
export interface ViewDb {
  readonly data: { peek(key: string): Entry | undefined; keys(): IterableIterator<string>; readonly size: number };
  readonly expires: Pick<Db['expires'], 'get' | 'size'>;
  getExpire(key: string): number | undefined;
  readonly size: number;
}

/** What the views read of an engine: the live one, or the keyspace at an earlier point of the timeline. */
export interface ViewEngine {
  readonly dbs: readonly ViewDb[];
  now(): number;
  readonly config?: Config;
}

export class ViewHub {
  private views = new Map<string, KeyView>();
  private bound: ViewEngine | undefined;

  constructor(private readonly engine: () => ViewEngine) {}

  /** The keyspace was replaced (a workspace loaded): every index starts over. */
  reset(): void {
    this.views.clear();
  }

  private current(): ViewEngine {
    const e = this.engine();
    if (e !== this.bound) {
      // A new engine (restart, restore): every index starts over.
      this.views.clear();
      this.bound = e;
    }
    return e;
  }

  private encoding(e: AnyEntry): string {
    const engine = this.current();
    const config = engine.config ?? (defaultConfig ??= new Config());
    try {
      return objectEncoding(e as Entry, config);
    } catch {
      return 'unknown';
    }
  }

  private info(db: number, key: string): KeyInfo | undefined {
    const d = this.current().dbs[db];
    const entry = d?.data.peek(key) as AnyEntry | undefined;
    if (d === undefined || entry === undefined) return undefined;
    const expireAt = d.getExpire(key) ?? -1;
    if (expireAt >= 0 && expireAt <= this.current().now()) return undefined;
    return { entry, expireAt, encoding: this.encoding(entry) };
  }

  private source(db: number): KeySource {
    const d = this.current().dbs[db]!;
    const now = this.current().now();
    return {
      forEach: (fn) => {
        if (d.expires.size === 0) {
          for (const k of d.data.keys()) fn(k);
          return;
        }
        for (const k of d.data.keys()) {
          const at = d.expires.get(k);
          if (at === undefined || at > now) fn(k);
        }
      },
      facts: (key): KeyFacts | undefined => {
        const e = d.data.peek(key) as AnyEntry | undefined;
        if (e === undefined) return undefined;
        return { type: e.type, size: entryLength(e), expireAt: d.getExpire(key) ?? -1 };
      },
      sortValues: (keys, from, to, sort, out) => {
        if (sort === 'ttl') {
          // Only the expiry table is read (none at all when no key has a TTL).
          const ex = d.expires;
          if (ex.size === 0) out.fill(Number.MAX_VALUE, from, to);
          else for (let i = from; i < to; i++) out[i] = sortValueOf('ttl', '', 0, ex.get(keys[i]!) ?? -1);
          return;
        }
        for (let i = from; i < to; i++) {
          const e = d.data.peek(keys[i]!) as AnyEntry | undefined;
          out[i] = e === undefined ? 0 : sortValueOf(sort, e.type, sort === 'size' ? entryLength(e) : 0, -1);
        }
      },
    };
  }

  /** Patches the indexes after a command. Returns keys new to a view of their database. */
  onCommand(e: CommandEvent): string[] {
    this.current();
    if (this.views.size === 0) return [];
    const created = new Set<string>();
    const count = e.writes.length + e.deletes.length + e.expired.length;
    for (const v of this.views.values()) {
      if (count > BULK_LIMIT) {
        // FLUSHDB, DEBUG POPULATE, SWAPDB ...: rebuilt on the next request, not patched key by key.
        if (e.writes.some((r) => r.db === v.db) || e.deletes.some((r) => r.db === v.db) || e.expired.some((r) => r.db === v.db)) v.invalidate();
        continue;
      }
      const written = [...new Set(e.writes.filter((r) => r.db === v.db).map((r) => r.key))];
      const evicted = e.evicted.length === 0 ? undefined : new Set(e.evicted.filter((r) => r.db === v.db).map((r) => r.key));
      const removed = [
        ...e.expired.filter((r) => r.db === v.db).map((r) => ({ key: r.key, gone: 'expired' as const })),
        ...e.deletes.filter((r) => r.db === v.db).map((r) => ({ key: r.key, gone: evicted?.has(r.key) === true ? ('evicted' as const) : ('deleted' as const) })),
      ];
      if (written.length === 0 && removed.length === 0) continue;
      for (const k of v.apply(written, removed, count)) created.add(k);
    }
    return [...created];
  }

  tree(req: TreeRequest): TreeWindow {
    const engine = this.current();
    const db = req.db;
    if (engine.dbs[db] === undefined) throw new Error(`no database ${db}`);
    let v = this.views.get(req.view);
    let seed: KeyView | undefined;
    if (v === undefined || v.db !== db || v.pattern !== req.pattern || v.sort !== req.sort) {
      const prev = v;
      // The name-ordered index stays alive (patched by every command) while the view is sorted
      // by size/type/TTL: it seeds each value order and comes back at once for name order.
      const stashId = `${req.view}\u0000name`;
      const stash = prev?.sort === 'name' ? prev : this.views.get(stashId);
      const usable = stash !== undefined && stash.db === db && stash.pattern === req.pattern;
      this.views.delete(stashId);
      if (req.sort === 'name' && usable) {
        v = stash;
        if (prev !== undefined && prev !== stash) sameClosed(v, prev.closed);
      } else {
        v = new KeyView(() => this.source(db), db, req.pattern, req.sort, globMatch);
        if (prev !== undefined && prev.db === db) for (const p of prev.closed) v.closed.add(p);
        if (req.sort !== 'name' && usable) {
          this.views.set(stashId, stash);
          seed = stash;
        }
      }
      this.views.set(req.view, v);
    }
    if (v.isStale && v.sort !== 'name') {
      // Seeded from the name index when there is one (kept by the switch above, or since).
      const stash = seed ?? this.views.get(`${req.view}\u0000name`);
      if (stash !== undefined && stash.isStale) stash.rebuild();
      v.rebuild(stash, true);
      if (v.sorting) this.schedule();
    } else if (v.isStale) v.rebuild();
    const ghostMs = v.sweep();
    if (req.toggle) {
      v.toggle(req.toggle.path, req.toggle.open, req.toggle.all === true);
      if (v.isStale) v.rebuild();
    }
    const revealRow = req.reveal === undefined ? undefined : v.reveal(req.reveal, req.flat);
    const limit = Math.max(0, Math.min(MAX_ROWS, Math.floor(req.limit)));
    const preview = req.flat && req.preview ? Math.min(MAX_PREVIEW, req.preview) : 0;
    let offset = Math.max(0, Math.floor(req.offset));
    const totalRows = v.total(req.flat);
    if (req.around === true && revealRow !== undefined && revealRow >= 0 && (revealRow < offset || revealRow >= offset + limit))
      offset = Math.max(0, Math.min(revealRow - Math.floor(limit / 2), totalRows - limit));
    const rows = v.window(offset, limit, req.flat).map((r) => this.row(db, r, preview));
    // Still sorting: the page shows the rows by name meanwhile and asks again shortly.
    const again = v.sorting ? Math.min(ghostMs ?? SORT_POLL_MS, SORT_POLL_MS) : ghostMs;
    return {
      db,
      offset,
      rows,
      totalRows,
      matched: v.matched,
      dbSizes: engine.dbs.map((d) => d.size),
      ...(revealRow !== undefined ? { revealRow } : {}),
      ...(again !== undefined ? { ghostMs: again } : {}),
      ...(v.sorting ? { sorting: true } : {}),
    };
  }

  private working: ReturnType<typeof setTimeout> | undefined;

  /** Builds pending value orders a slice at a time, letting commands and requests run in between. */
  private schedule(): void {
    if (this.working !== undefined) return;
    this.working = setTimeout(() => {
      this.working = undefined;
      if (!this.step(SORT_SLICE_MS)) this.schedule();
    }, 0);
  }

  /** One slice of work on every view still sorting; true when none is left. */
  step(budgetMs = Infinity): boolean {
    let done = true;
    for (const v of this.views.values()) if (v.sorting && !v.step(budgetMs)) done = false;
    return done;
  }

  /** The stashed name view of a view id (tests). */
  stashed(view: string): KeyView | undefined {
    return this.views.get(`${view}\u0000name`);
  }

  private row(db: number, r: Row, preview: number): TreeRow {
    if (r.kind === 'folder') {
      const f = r.folder;
      return { kind: 'folder', path: f.path, name: f.name, depth: r.depth, keys: f.live, open: f.open };
    }
    const name = r.folder.path === '' ? r.key : r.key.slice(r.folder.path.length + 1);
    const d = this.current().dbs[db]!;
    const e = r.gone === undefined ? (d.data.peek(r.key) as AnyEntry | undefined) : undefined;
    if (e === undefined) {
      return { kind: 'key', key: r.key, name, depth: r.depth, type: null, size: 0, expireAt: -1, encoding: '', gone: r.gone ?? 'deleted' };
    }
    const row: KeyRow = {
      kind: 'key',
      key: r.key,
      name,
      depth: r.depth,
      type: e.type as ValueType,
      size: entryLength(e),
      expireAt: d.getExpire(r.key) ?? -1,
      encoding: this.encoding(e),
    };
    if (preview > 0) return { ...row, preview: this.value({ db, key: r.key, offset: 0, limit: preview }) };
    return row;
  }

  value(req: ValueRequest): ValueWindow {
    if (this.current().dbs[req.db] === undefined) return { db: req.db, key: req.key, type: null };
    return valueWindow(req, this.info(req.db, req.key));
  }

  venn(req: VennRequest): VennResult {
    return venn(req, (k) => this.info(req.db, k)?.entry);
  }
}

/** Opens and closes `v`'s folders to match `closed` (a view coming back keeps what the user did meanwhile). */
function sameClosed(v: KeyView, closed: ReadonlySet<string>): void {
  for (const p of [...v.closed]) if (!closed.has(p)) v.toggle(p, true);
  for (const p of closed) if (!v.closed.has(p)) v.toggle(p, false);
}
