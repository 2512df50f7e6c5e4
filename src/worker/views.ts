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
import type { CommandEvent, Engine } from '../engine';
import type { KeyRow, TreeRequest, TreeRow, TreeWindow, ValueRequest, ValueType, ValueWindow, VennRequest, VennResult } from '../protocol/views';
import { BULK_LIMIT, KeyView, type KeyFacts, type KeySource, type Row } from './keyview';
import { entryLength, valueWindow, venn, type AnyEntry, type KeyInfo } from './values';

const MAX_ROWS = 500;
const MAX_PREVIEW = 16;

let defaultConfig: Config | undefined;

export class ViewHub {
  private views = new Map<string, KeyView>();
  private bound: Engine | undefined;

  constructor(private readonly engine: () => Engine) {}

  private current(): Engine {
    const e = this.engine();
    if (e !== this.bound) {
      // A new engine (restart, restore): every index starts over.
      this.views.clear();
      this.bound = e;
    }
    return e;
  }

  private encoding(e: AnyEntry): string {
    const engine = this.current() as Engine & { config?: Config };
    const config = engine.config ?? (defaultConfig ??= new Config());
    try {
      return objectEncoding(e as Entry, config);
    } catch {
      return 'unknown';
    }
  }

  private info(db: number, key: string): KeyInfo | undefined {
    const d = this.current().dbs[db];
    const entry = d?.data.get(key) as AnyEntry | undefined;
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
        const e = d.data.get(key) as AnyEntry | undefined;
        if (e === undefined) return undefined;
        return { type: e.type, size: entryLength(e), expireAt: d.getExpire(key) ?? -1 };
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
      const removed = [
        ...e.expired.filter((r) => r.db === v.db).map((r) => ({ key: r.key, gone: 'expired' as const })),
        ...e.deletes.filter((r) => r.db === v.db).map((r) => ({ key: r.key, gone: 'deleted' as const })),
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
    if (v === undefined || v.db !== db || v.pattern !== req.pattern || v.sort !== req.sort) {
      const prev = v;
      v = new KeyView(() => this.source(db), db, req.pattern, req.sort, globMatch);
      if (prev !== undefined && prev.db === db) for (const p of prev.closed) v.closed.add(p);
      this.views.set(req.view, v);
    }
    if (v.isStale) v.rebuild();
    const ghostMs = v.sweep();
    if (req.toggle) {
      v.toggle(req.toggle.path, req.toggle.open, req.toggle.all === true);
      if (v.isStale) v.rebuild();
    }
    const revealRow = req.reveal === undefined ? undefined : v.reveal(req.reveal, req.flat);
    const limit = Math.max(0, Math.min(MAX_ROWS, Math.floor(req.limit)));
    const preview = req.flat && req.preview ? Math.min(MAX_PREVIEW, req.preview) : 0;
    const rows = v.window(Math.max(0, Math.floor(req.offset)), limit, req.flat).map((r) => this.row(db, r, preview));
    return {
      db,
      offset: Math.max(0, Math.floor(req.offset)),
      rows,
      totalRows: v.total(req.flat),
      matched: v.matched,
      dbSizes: engine.dbs.map((d) => d.size),
      ...(revealRow !== undefined ? { revealRow } : {}),
      ...(ghostMs !== undefined ? { ghostMs } : {}),
    };
  }

  private row(db: number, r: Row, preview: number): TreeRow {
    if (r.kind === 'folder') {
      const f = r.folder;
      return { kind: 'folder', path: f.path, name: f.name, depth: r.depth, keys: f.live, open: f.open };
    }
    const name = r.folder.path === '' ? r.key : r.key.slice(r.folder.path.length + 1);
    const d = this.current().dbs[db]!;
    const e = r.gone === undefined ? (d.data.get(r.key) as AnyEntry | undefined) : undefined;
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
