/**
 * Where the browser keeps the learner's keys: IndexedDB, so a change
 * rewrites only the keys it touched and a keyspace is bounded by the
 * browser's storage quota, not by what one record or one save can hold.
 *
 * A write of a few keys stores one record per key, keyed by workspace,
 * database and key name. A write of many keys (DEBUG POPULATE, a big MSET)
 * stores them as a few bulk records instead (IndexedDB spends about as
 * long on one `put` of a 100,000-key record as on 1,000 single-key puts).
 * Every record carries its write's stamp, and on load the newest record of
 * each key wins (a deleted key leaves a tombstone; an emptied database or
 * workspace leaves a marker, and older records under it do not count). When the records hold
 * much more than the live keys, the load compacts them: the live keys are
 * written again as bulk records (each key keeping its own stamp), and only
 * then are the old ones deleted. A compaction holds the workspace's Web
 * Lock exclusively and a load holds it shared, so across tabs only one
 * compacts at a time and no load reads one half done.
 *
 * A workspace is one whole server (sixteen databases): `free` is the
 * learner's own play, `lesson:<id>` each lesson's. Each workspace also has a
 * small meta record (its engine clock).
 *
 * Everything is behind `KeyStore` so the saving logic (saver.ts) is tested
 * against `MemoryKeyStore` in Node; the IndexedDB one is exercised in the
 * browser tests.
 */
import type { Snapshot, SnapshotValue } from '../engine/core/snapshot';

/** One change to a workspace's saved keys; a write applies its ops in order, all or none. */
export type SaveOp =
  | { readonly op: 'put'; readonly db: number; readonly key: string; readonly value: SnapshotValue; readonly expireAt: number }
  | { readonly op: 'del'; readonly db: number; readonly key: string }
  /** Deletes every saved key of one database. */
  | { readonly op: 'clear'; readonly db: number }
  /** Deletes every saved key of the workspace. */
  | { readonly op: 'wipe' };

/**
 * The ops of one write: a list, or a function that builds the next slice
 * each time it is called (undefined once there is no more). A store asks
 * for a slice only when the one before is written, so a write of a million
 * keys never holds the worker for long: requests are answered between
 * slices, and the write is still one transaction (all or none).
 */
/** How long one turn of a big write may build slices before requests get their turn. */
const SAVE_TURN_MS = 12;

/**
 * Runs `fn` in a later task, after messages already queued (a message
 * channel, not `setTimeout`, whose nested calls are held back 4 ms each).
 */
function nextTurn(fn: () => void): void {
  if (typeof MessageChannel === 'undefined') {
    setTimeout(fn, 0);
    return;
  }
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    ch.port1.close();
    fn();
  };
  ch.port2.postMessage(null);
}

export type SaveOps = readonly SaveOp[] | (() => readonly SaveOp[] | undefined);

/** A write's ops one slice at a time. */
export function slicesOf(ops: SaveOps): () => readonly SaveOp[] | undefined {
  if (typeof ops === 'function') return ops;
  let given = false;
  return () => (given ? undefined : ((given = true), ops));
}

/** A workspace's meta record. */
export interface WorkspaceMeta {
  /** The engine clock when last saved. */
  readonly now: number;
  /** The code of each FUNCTION LOAD library (the script cache is not saved, as Redis does not save it). */
  readonly functions?: readonly string[];
  /** The timeline's mark when the keys were written (its saved record is restored only onto these keys). */
  readonly timeline?: string;
}

/** A saved workspace as read back (not yet checked: see snapshot.ts loadKeys). */
export interface LoadedWorkspace {
  readonly meta: unknown;
  readonly keys: { readonly db: unknown; readonly key: unknown; readonly value: unknown; readonly expireAt: unknown }[];
}

export interface KeyStore {
  /**
   * Applies `ops` and the meta record in one transaction: resolves once it
   * is durable, rejects when it was not applied. `stamp` orders writes (the
   * newest write of a key wins).
   */
  write(ws: string, ops: SaveOps, meta: WorkspaceMeta, stamp: number): Promise<void>;
  /** The workspace's saved keys, or undefined when it was never saved. */
  load(ws: string): Promise<LoadedWorkspace | undefined>;
  /** Replaces the workspace's timeline record (a record of its own, apart from the keys). */
  saveTimeline(ws: string, record: unknown): Promise<void>;
  /** The workspace's timeline record, not yet checked (undefined when none). */
  loadTimeline(ws: string): Promise<unknown>;
}

/** A store failure the learner must hear about; `reason` says what the browser said. */
export class StoreError extends Error {}

// ---- IndexedDB ----------------------------------------------------------------

const DB_NAME = 'redis-playground';
const DB_VERSION = 3;
/** Version 1's store: the whole keyspace as one record (read once to migrate). */
const LEGACY_STORE = 'keyspace';
const LEGACY_KEY = 'snapshot';
const KEYS = 'keys';
const META = 'workspaces';
/** Each workspace's timeline, one record per workspace (version 3). */
const TIMELINES = 'timelines';

/** One key's record: its value, or a tombstone. */
interface KeyRecord {
  readonly stamp: number;
  readonly value?: SnapshotValue;
  readonly expireAt?: number;
  readonly gone?: true;
}

/**
 * Left where a database (or, under database -1, the whole workspace) was
 * emptied: a record of a key in it older than the marker is from before,
 * wherever it was found. A compaction in another tab writes the keys it
 * read back with their own stamps, so keys it read before the emptying do
 * not come back with it. Its path is [ws, db, [stamp, -1]].
 */
interface ClearedRecord {
  readonly stamp: number;
  readonly cleared: true;
}

/** Many keys of one database written together. */
interface BulkRecord {
  readonly stamp: number;
  /** Each key's own stamp, when they differ (a compaction keeps the stamp each key was written with). */
  readonly stamps?: readonly number[];
  readonly keys: readonly string[];
  readonly values: readonly SnapshotValue[];
  readonly expireAts: readonly number[];
  readonly gone: readonly string[];
}

/** Writes with more key ops than this go into bulk records. */
export const BULK_MIN = 1000;
/** Keys per bulk record. */
const BULK_CHUNK = 50_000;

function describe(e: DOMException | Error | null | undefined, fallback: string): string {
  if (!e) return fallback;
  if (e.name === 'QuotaExceededError') return 'the browser storage for this site is full';
  if (e.name === 'VersionError') return 'a newer version of the page saved the keys (reload every tab of it)';
  return `${fallback}: ${e.name}${e.message ? ` (${e.message})` : ''}`;
}

// Keys: [ws, db, name] for one key; [ws, db, [stamp, n]] for a bulk record (arrays sort after strings).
const wsRange = (ws: string): IDBKeyRange => IDBKeyRange.bound([ws], [ws, []]);
const dbRange = (ws: string, db: number): IDBKeyRange => IDBKeyRange.bound([ws, db], [ws, db + 1], false, true);

type Merged = Map<string, { db: number; key: string; stamp: number; value?: SnapshotValue; expireAt?: number; gone?: true }>;

/** The newest record of each key, from raw records of one workspace (records from before an emptying left out). */
function merge(paths: readonly IDBValidKey[], records: readonly unknown[]): { merged: Merged; stored: number } {
  const merged: Merged = new Map();
  let stored = 0;
  // The newest emptying of each database (-1: the whole workspace).
  const clearedAt = new Map<number, number>();
  paths.forEach((p, i) => {
    const rec = records[i] as Partial<ClearedRecord> | undefined;
    if (rec?.cleared !== true || typeof rec.stamp !== 'number') return;
    const db = (p as unknown[])[1] as number;
    clearedAt.set(db, Math.max(clearedAt.get(db) ?? -Infinity, rec.stamp));
  });
  const wiped = clearedAt.get(-1) ?? -Infinity;
  const take = (db: number, key: string, stamp: number, rec: { value?: SnapshotValue; expireAt?: number; gone?: true }) => {
    if (stamp < wiped || stamp < (clearedAt.get(db) ?? -Infinity)) return;
    const id = `${db}\u0000${key}`;
    const had = merged.get(id);
    if (had !== undefined && had.stamp > stamp) return;
    merged.set(id, { db, key, stamp, ...rec });
  };
  paths.forEach((p, i) => {
    const path = p as unknown[];
    const db = path[1] as number;
    const rec = records[i] as Partial<KeyRecord & BulkRecord & ClearedRecord> | undefined;
    if (rec === undefined || typeof rec !== 'object' || rec.cleared === true) return;
    const stamp = typeof rec.stamp === 'number' ? rec.stamp : 0;
    if (Array.isArray(path[2])) {
      const keys = Array.isArray(rec.keys) ? rec.keys : [];
      const own = Array.isArray(rec.stamps) ? rec.stamps : undefined;
      keys.forEach((key, j) => take(db, key, typeof own?.[j] === 'number' ? own[j] : stamp, { value: rec.values?.[j], expireAt: rec.expireAts?.[j] }));
      for (const key of Array.isArray(rec.gone) ? rec.gone : []) take(db, key, stamp, { gone: true });
      stored += keys.length + (rec.gone?.length ?? 0);
    } else {
      take(db, path[2] as string, stamp, rec.gone ? { gone: true } : { value: rec.value, expireAt: rec.expireAt });
      stored++;
    }
  });
  return { merged, stored };
}

export class IdbKeyStore implements KeyStore {
  private conn: Promise<IDBDatabase> | undefined;
  /** The open connection, when there is one (writes then start in the caller's task). */
  private ready: IDBDatabase | undefined;

  private open(): Promise<IDBDatabase> {
    this.conn ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const db = req.result;
        if (!db.objectStoreNames.contains(KEYS)) db.createObjectStore(KEYS);
        if (!db.objectStoreNames.contains(META)) db.createObjectStore(META);
        if (!db.objectStoreNames.contains(TIMELINES)) db.createObjectStore(TIMELINES);
      };
      req.onsuccess = () => {
        const db = req.result;
        // Another tab opened a newer version: let it, and open again next time.
        db.onversionchange = () => {
          db.close();
          this.conn = undefined;
          this.ready = undefined;
        };
        db.onclose = () => {
          this.conn = undefined;
          this.ready = undefined;
        };
        this.ready = db;
        resolve(db);
      };
      req.onerror = () => {
        this.conn = undefined;
        reject(new StoreError(describe(req.error, 'the browser storage could not be opened')));
      };
      req.onblocked = () => {
        this.conn = undefined;
        reject(new StoreError('the browser storage is held by an older version of the page in another tab (close or reload it)'));
      };
    });
    return this.conn;
  }

  write(ws: string, ops: readonly SaveOp[], meta: WorkspaceMeta, stamp: number): Promise<void> {
    if (this.ready) return this.writeTo(this.ready, ws, ops, meta, stamp);
    return this.open().then((db) => this.writeTo(db, ws, ops, meta, stamp));
  }

  /**
   * Runs `fill` in a readwrite transaction. `fill` returns true when it has
   * placed every request; otherwise it places more from its requests'
   * callbacks (the transaction stays open meanwhile) and calls `done` when
   * it has, or `fail` with what went wrong.
   */
  private transaction(
    db: IDBDatabase,
    fill: (keys: IDBObjectStore, meta: IDBObjectStore, step: { done(): void; fail(e: unknown): void }) => boolean | void,
    commit = true,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let failure: string | undefined;
      let tx: IDBTransaction;
      try {
        tx = db.transaction([KEYS, META], 'readwrite');
      } catch (e) {
        this.conn = undefined;
        this.ready = undefined;
        reject(new StoreError(describe(e as DOMException, 'the browser storage could not be written')));
        return;
      }
      // `abort` is what a full disk (QuotaExceededError) fires; `error` alone is not enough.
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(new StoreError(failure ?? describe(tx.error, 'the save was aborted')));
      tx.onerror = (ev) => {
        // Let it abort; onabort reports it.
        ev.preventDefault();
        tx.abort();
      };
      const fail = (e: unknown) => {
        failure ??= describe(e as DOMException, 'the save failed');
        try {
          tx.abort();
        } catch {
          /* already finished */
        }
        reject(new StoreError(failure));
      };
      const done = () => {
        try {
          if (commit) tx.commit();
        } catch {
          /* committed by itself already */
        }
      };
      try {
        if (fill(tx.objectStore(KEYS), tx.objectStore(META), { done, fail }) !== false) done();
      } catch (e) {
        fail(e);
      }
    });
  }

  /** Places one slice's requests; returns the last one (undefined when the slice was empty). */
  private place(keys: IDBObjectStore, ws: string, slice: readonly SaveOp[], stamp: number, chunk: { n: number }): IDBRequest | undefined {
    let last: IDBRequest | undefined;
    let keyOps = 0;
    for (const o of slice) if (o.op === 'put' || o.op === 'del') keyOps++;
    const bulk = keyOps > BULK_MIN ? new Map<number, { keys: string[]; values: SnapshotValue[]; expireAts: number[]; gone: string[] }>() : undefined;
    const flushBulk = (dbIndex: number) => {
      const b = bulk?.get(dbIndex);
      if (b === undefined || b.keys.length + b.gone.length === 0) return;
      last = keys.put({ stamp, ...b } satisfies BulkRecord, [ws, dbIndex, [stamp, chunk.n++]]);
      bulk!.set(dbIndex, { keys: [], values: [], expireAts: [], gone: [] });
    };
    for (const o of slice) {
      if (o.op === 'clear' || o.op === 'wipe') {
        if (bulk) for (const d of bulk.keys()) flushBulk(d);
        const db = o.op === 'clear' ? o.db : -1;
        keys.delete(db === -1 ? wsRange(ws) : dbRange(ws, db));
        last = keys.put({ stamp, cleared: true } satisfies ClearedRecord, [ws, db, [stamp, -1]]);
        continue;
      }
      if (bulk === undefined) {
        if (o.op === 'put') last = keys.put({ stamp, value: o.value, expireAt: o.expireAt } satisfies KeyRecord, [ws, o.db, o.key]);
        else last = keys.put({ stamp, gone: true } satisfies KeyRecord, [ws, o.db, o.key]);
        continue;
      }
      let b = bulk.get(o.db);
      if (b === undefined) bulk.set(o.db, (b = { keys: [], values: [], expireAts: [], gone: [] }));
      if (o.op === 'put') {
        b.keys.push(o.key);
        b.values.push(o.value);
        b.expireAts.push(o.expireAt);
      } else b.gone.push(o.key);
      if (b.keys.length + b.gone.length >= BULK_CHUNK) flushBulk(o.db);
    }
    if (bulk) for (const d of bulk.keys()) flushBulk(d);
    return last;
  }

  /**
   * A write that empties a database or the workspace (its keys rewritten
   * after) is one transaction, its slices placed from the requests'
   * callbacks: the old copy goes only with the new one whole. Other writes
   * commit each slice as it is placed, so a page closed in the middle of a
   * big write keeps the slices already written.
   */
  private writeTo(db: IDBDatabase, ws: string, ops: SaveOps, meta: WorkspaceMeta, stamp: number): Promise<void> {
    const next = slicesOf(ops);
    const chunk = { n: 0 };
    const first = next();
    if (first === undefined) return this.transaction(db, (_, metas) => void metas.put(meta, ws));
    if (first.some((o) => o.op === 'clear' || o.op === 'wipe')) {
      return this.transaction(db, (keys, metas, step) => {
        let slice: readonly SaveOp[] | undefined = first;
        // One slice now; each next one once the one before is written (other tasks run in between).
        const more = (): boolean => {
          for (; slice !== undefined; slice = next()) {
            const last = this.place(keys, ws, slice, stamp, chunk);
            if (last === undefined) continue;
            slice = undefined;
            last.addEventListener('success', () => {
              try {
                slice = next();
                if (more()) step.done();
              } catch (e) {
                step.fail(e);
              }
            });
            return false;
          }
          metas.put(meta, ws);
          return true;
        };
        return more();
      });
    }
    const one = (d: IDBDatabase, slice: readonly SaveOp[]) =>
      this.transaction(d, (keys, metas) => {
        this.place(keys, ws, slice, stamp, chunk);
        metas.put(meta, ws);
      });
    // The first slice in this task; then as many slices as fit in a short turn, one transaction
    // a turn, each committed as soon as it is placed; requests are answered between turns.
    const writes: Promise<void>[] = [one(db, first)];
    let failed = false;
    void writes[0]!.catch(() => (failed = true));
    return new Promise<void>((resolve, reject) => {
      const step = () => {
        const t0 = performance.now();
        let batch: SaveOp[] = [];
        let slice: readonly SaveOp[] | undefined;
        for (;;) {
          slice = failed ? undefined : next();
          if (slice === undefined) break;
          batch = batch.length === 0 ? [...slice] : batch.concat(slice);
          if (performance.now() - t0 >= SAVE_TURN_MS) break;
        }
        if (batch.length > 0) {
          const ops = batch;
          const w = this.ready !== undefined ? one(this.ready, ops) : this.open().then((d) => one(d, ops));
          void w.catch(() => (failed = true));
          writes.push(w);
        }
        if (slice === undefined) {
          Promise.all(writes).then(() => resolve(), reject);
          return;
        }
        nextTurn(step);
      };
      nextTurn(step);
    });
  }

  /**
   * Runs `fn` holding the workspace's lock in all tabs of the page (Web
   * Locks): `exclusive` for a compaction, `shared` for a load, so a load
   * never reads a compaction half done and two tabs never compact at once.
   * `ifAvailable`: undefined (fn not run) when the lock is held elsewhere.
   * Without Web Locks, only this tab's own work is kept apart.
   */
  private locked<T>(ws: string, mode: 'exclusive' | 'shared', fn: () => Promise<T>, ifAvailable = false): Promise<T | undefined> {
    const name = `redis-playground:keys:${ws}`;
    const locks = typeof navigator === 'undefined' ? undefined : (navigator as Navigator & { locks?: LockManager }).locks;
    if (locks !== undefined) {
      return locks.request(name, { mode, ifAvailable }, (lock) => (lock === null ? undefined : fn()));
    }
    // Fallback: one tab's compactions and loads one after another. `held` counts the
    // holders waiting or running; each leaves as its `fn` settles, before its caller
    // resumes, so a load can start a compaction as soon as its own read is done.
    if (ifAvailable && this.held.has(name)) return Promise.resolve(undefined);
    this.held.set(name, (this.held.get(name) ?? 0) + 1);
    const leave = () => {
      const left = this.held.get(name)! - 1;
      if (left === 0) this.held.delete(name);
      else this.held.set(name, left);
    };
    const holding = async (): Promise<T> => {
      try {
        return await fn();
      } finally {
        leave();
      }
    };
    const before = this.local.get(name) ?? Promise.resolve();
    const run = before.then(holding, holding);
    const tail = run.then(
      () => {},
      () => {},
    );
    this.local.set(name, tail);
    void tail.then(() => {
      if (this.local.get(name) === tail) this.local.delete(name);
    });
    return run;
  }

  private readonly local = new Map<string, Promise<void>>();
  private readonly held = new Map<string, number>();

  async load(ws: string): Promise<LoadedWorkspace | undefined> {
    const read = await this.locked(ws, 'shared', () => this.read(ws));
    if (read === undefined) return undefined;
    const { meta, keys, stored } = read;
    if (stored > 2 * keys.length + 10_000) void this.compactOnce(ws).catch(() => {});
    return { meta, keys };
  }

  /** A compaction, unless another tab runs one: it reads the records again under the lock. */
  private compactOnce(ws: string): Promise<void | undefined> {
    return this.locked(
      ws,
      'exclusive',
      async () => {
        const again = await this.read(ws);
        if (again === undefined || again.stored <= 2 * again.keys.length + 10_000) return; // another tab compacted first
        await this.compact(ws, again.paths, again.records, again.merged);
      },
      true,
    );
  }

  private async read(
    ws: string,
  ): Promise<(LoadedWorkspace & { stored: number; paths: IDBValidKey[]; records: unknown[]; merged: Merged }) | undefined> {
    const db = await this.open();
    const tx = db.transaction([KEYS, META], 'readonly');
    const req = <T>(r: IDBRequest<T>): Promise<T> =>
      new Promise((resolve, reject) => {
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(new StoreError(describe(r.error, 'the saved keys could not be read')));
      });
    const [meta, paths, records] = await Promise.all([
      req(tx.objectStore(META).get(ws)),
      req(tx.objectStore(KEYS).getAllKeys(wsRange(ws))),
      req(tx.objectStore(KEYS).getAll(wsRange(ws))),
    ]);
    if (meta === undefined && paths.length === 0) return undefined;
    const { merged, stored } = merge(paths, records);
    const keys: LoadedWorkspace['keys'] = [];
    for (const m of merged.values()) if (!m.gone) keys.push({ db: m.db, key: m.key, value: m.value, expireAt: m.expireAt });
    return { meta, keys, stored, paths, records: records as unknown[], merged };
  }

  /**
   * Writes the live keys again as bulk records (one transaction per chunk,
   * so other writes interleave), then deletes the records read before:
   * the old copy goes only once the new one is whole.
   */
  private async compact(ws: string, old: readonly IDBValidKey[], oldRecords: readonly unknown[], merged: Merged): Promise<void> {
    const stamp = performance.timeOrigin + performance.now();
    const byDb = new Map<number, { key: string; value: SnapshotValue; expireAt: number; stamp: number }[]>();
    for (const m of merged.values()) {
      if (m.gone || m.value === undefined) continue;
      let list = byDb.get(m.db);
      if (list === undefined) byDb.set(m.db, (list = []));
      list.push({ key: m.key, value: m.value, expireAt: m.expireAt ?? -1, stamp: m.stamp });
    }
    let n = 0;
    for (const [dbIndex, list] of byDb) {
      for (let i = 0; i < list.length; i += BULK_CHUNK) {
        const part = list.slice(i, i + BULK_CHUNK);
        const db = await this.open();
        await this.transaction(db, (keys) => {
          keys.put(
            {
              stamp,
              // Each key keeps the stamp it was written with: a write another tab made meanwhile still wins.
              stamps: part.map((k) => k.stamp),
              keys: part.map((k) => k.key),
              values: part.map((k) => k.value),
              expireAts: part.map((k) => k.expireAt),
              gone: [],
            } satisfies BulkRecord,
            [ws, dbIndex, [stamp, n++]],
          );
        });
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    const db = await this.open();
    // Only the records read before: a bulk record's key is never reused; a key's own record
    // may have been rewritten since, so it is deleted only if it still has the stamp read.
    await this.transaction(
      db,
      (keys) => {
        old.forEach((p, i) => {
          const path = p as unknown[];
          if (Array.isArray(path[2])) {
            keys.delete(p);
            return;
          }
          const was = (oldRecords[i] as { stamp?: unknown } | undefined)?.stamp;
          const r = keys.get(p);
          r.onsuccess = () => {
            if ((r.result as { stamp?: unknown } | undefined)?.stamp === was) keys.delete(p);
          };
        });
      },
      false,
    );
  }

  async saveTimeline(ws: string, record: unknown): Promise<void> {
    const db = this.ready ?? (await this.open());
    await new Promise<void>((resolve, reject) => {
      let tx: IDBTransaction;
      try {
        tx = db.transaction(TIMELINES, 'readwrite');
        tx.objectStore(TIMELINES).put(record, ws);
      } catch (e) {
        reject(new StoreError(describe(e as DOMException, 'the timeline could not be saved')));
        return;
      }
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(new StoreError(describe(tx.error, 'the timeline could not be saved')));
    });
  }

  async loadTimeline(ws: string): Promise<unknown> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const r = db.transaction(TIMELINES, 'readonly').objectStore(TIMELINES).get(ws);
      r.onsuccess = () => resolve(r.result as unknown);
      r.onerror = () => reject(new StoreError(describe(r.error, 'the saved timeline could not be read')));
    });
  }

  /** The whole-keyspace record an earlier version saved, if any (read once, to migrate it). */
  async legacy(): Promise<Snapshot | undefined> {
    const db = await this.open();
    if (!db.objectStoreNames.contains(LEGACY_STORE)) return undefined;
    return new Promise((resolve) => {
      const r = db.transaction(LEGACY_STORE, 'readonly').objectStore(LEGACY_STORE).get(LEGACY_KEY);
      r.onsuccess = () => resolve(r.result as Snapshot | undefined);
      r.onerror = () => resolve(undefined);
    });
  }

  /** Drops the migrated legacy record (only once its keys were saved in the new form). */
  async dropLegacy(): Promise<void> {
    const db = await this.open();
    if (!db.objectStoreNames.contains(LEGACY_STORE)) return;
    await new Promise<void>((resolve) => {
      const tx = db.transaction(LEGACY_STORE, 'readwrite');
      tx.objectStore(LEGACY_STORE).delete(LEGACY_KEY);
      tx.oncomplete = () => resolve();
      tx.onabort = () => resolve();
    });
  }
}

// ---- in memory (tests) -------------------------------------------------------------

/** A KeyStore in a Map, with a switch to make writes fail as a full disk would. */
export class MemoryKeyStore implements KeyStore {
  readonly keys = new Map<string, { ws: string; db: number; key: string; value: SnapshotValue; expireAt: number }>();
  readonly metas = new Map<string, WorkspaceMeta>();
  readonly timelines = new Map<string, unknown>();
  /** When set, writes reject with this (after applying nothing). */
  failWith: string | undefined;
  writes = 0;

  private static id(ws: string, db: number, key: string): string {
    return JSON.stringify([ws, db, key]);
  }

  write(ws: string, ops: SaveOps, meta: WorkspaceMeta): Promise<void> {
    // (The stamp orders writes in IndexedDB; here writes apply in the order they are made.)
    // Built and copied now, as IndexedDB clones values when `put` is called.
    const next = slicesOf(ops);
    const copy: SaveOp[] = [];
    for (let slice = next(); slice !== undefined; slice = next()) copy.push(...structuredClone(slice));

    return Promise.resolve().then(() => {
      if (this.failWith !== undefined) throw new StoreError(this.failWith);
      this.writes++;
      for (const o of copy) {
        if (o.op === 'put') this.keys.set(MemoryKeyStore.id(ws, o.db, o.key), { ws, db: o.db, key: o.key, value: o.value, expireAt: o.expireAt });
        else if (o.op === 'del') this.keys.delete(MemoryKeyStore.id(ws, o.db, o.key));
        else for (const [k, r] of this.keys) if (r.ws === ws && (o.op === 'wipe' || r.db === o.db)) this.keys.delete(k);
      }
      this.metas.set(ws, meta);
    });
  }

  saveTimeline(ws: string, record: unknown): Promise<void> {
    const copy = structuredClone(record);
    return Promise.resolve().then(() => {
      if (this.failWith !== undefined) throw new StoreError(this.failWith);
      this.timelines.set(ws, copy);
    });
  }

  loadTimeline(ws: string): Promise<unknown> {
    return Promise.resolve(structuredClone(this.timelines.get(ws)));
  }

  load(ws: string): Promise<LoadedWorkspace | undefined> {
    const keys = [...this.keys.values()].filter((r) => r.ws === ws).map((r) => structuredClone({ db: r.db, key: r.key, value: r.value, expireAt: r.expireAt }));
    const meta = this.metas.get(ws);
    return Promise.resolve(meta === undefined && keys.length === 0 ? undefined : { meta, keys });
  }
}
