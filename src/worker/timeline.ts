/**
 * The session's timeline: every command that changed the keyspace, with a
 * copy of what the keys it changed held just before it ran (value, type and
 * TTL: its before-image). Undo puts the last command's keys back; putting
 * back the images of every command after a point, newest first, gives the
 * keyspace as it was at that point (a preview, or a restore).
 *
 * Which keys a command will change is read from the command table before it
 * runs (key positions; all arguments for commands whose keys move; whole
 * databases for FLUSHDB, FLUSHALL and SWAPDB; the target database for MOVE
 * and COPY ... DB; every queued command for EXEC). After it ran, the keys
 * the engine reports written or deleted are checked against those copied:
 * a command that changed a key nobody foresaw is kept in the timeline but
 * marked as one that cannot be undone, and so is one whose before-image is
 * larger than the history keeps. Nothing before such a command can be
 * reached again, and the timeline says so.
 *
 * Keys that expire on their own (the clock) are not commands: undoing a
 * command puts its keys back with the absolute expiry time they had, and a
 * key whose time has passed since is left out and counted.
 */
import { toText, type ClientState, type CommandEvent, type Engine, type Entry } from '../engine';
import { dumpValue, loadExpireAt, loadValue, type SnapshotValue } from '../engine/core/snapshot';
import { streamToSnapshot } from '../engine/types/stream';
import { cloneEntry } from '../engine/core/entry';
import type {
  PreviewKey,
  PreviewValue,
  RestoredKey,
  TimelineEntry,
  TimelineList,
  TimelinePreview,
  TimelinePreviewRequest,
  UndoRequest,
  UndoResult,
} from '../protocol/timeline';
import type { ViewDb, ViewEngine } from './views';

/** A key as it was: null entry when it did not exist (or had expired). */
interface Image {
  readonly db: number;
  readonly key: string;
  readonly entry: Entry | null;
  readonly expireAt: number;
}

/** An entry as the page sees it, with what undoing it takes. */
interface Rec extends TimelineEntry {
  /** Before-images of the keys the command changed (empty when it cannot be undone). */
  readonly images: readonly Image[];
  readonly bytes: number;
}

interface Pending {
  readonly client: number;
  readonly db: number;
  readonly argv: readonly string[];
  readonly images: Map<string, Image>;
  /** Databases copied whole: a key of theirs without an image did not exist. */
  readonly whole: Set<number>;
  readonly touched: Set<string>;
  bytes: number;
  /** Set when the before-image grew past the per-command limit. */
  tooBig: boolean;
}

export interface TimelineLimits {
  /** Estimated bytes all kept before-images may take; the oldest commands are dropped past it. */
  readonly budget: number;
  /** A command whose before-image is larger than this cannot be undone. */
  readonly perCommand: number;
  /** Commands kept at most. */
  readonly entries: number;
}

/**
 * A before-image is a full copy of each key a command changes, taken before
 * the command runs, so its cost grows with the key: 64 KB per command keeps
 * a pasted run of thousands of XADDs or LPUSHes on one growing key from
 * copying it again at every line (quadratic work). Past that, the command is
 * kept in the timeline but marked as one that cannot be undone, with the reason.
 */
export const DEFAULT_LIMITS: TimelineLimits = { budget: 16 * 1024 * 1024, perCommand: 64 * 1024, entries: 2000 };

/**
 * What of the timeline is kept across a reload, in a record of its own
 * (apart from the keys): the newest commands, at most this many and at most
 * this many estimated bytes of before-images. Older ones are left out of the
 * record, and the timeline says how many and why.
 */
export const SAVED_LIMITS = { bytes: 2 * 1024 * 1024, entries: 500 } as const;

/** A key's before-image as saved: plain data (see snapshot.ts). */
interface SavedImage {
  readonly db: number;
  readonly key: string;
  readonly value: SnapshotValue | null;
  readonly expireAt: number;
}

interface SavedRec extends TimelineEntry {
  readonly bytes: number;
  readonly images: readonly SavedImage[];
}

/**
 * The timeline's saved record. `mark` names the keyspace it leads back
 * from: the keys' own record carries the mark of the timeline when they
 * were written (see Saver's meta), and a timeline is restored only onto the
 * keys with its mark.
 */
export interface SavedTimeline {
  readonly v: 1;
  readonly mark: string;
  readonly nextId: number;
  /** Commands older than the saved ones, no longer kept (in memory or in the record). */
  readonly dropped: number;
  /** Of those, how many were left out of the record for its size (the rest were dropped before). */
  readonly leftOut: number;
  readonly entries: readonly SavedRec[];
}

/** The saved record's limits in words, for the learner. */
export function savedLimitsText(limits: { bytes: number; entries: number } = SAVED_LIMITS): string {
  return `the last ${limits.entries} commands, up to ${formatBytes(limits.bytes)} of earlier values`;
}

/** Fixed overhead counted per key and per element (pointers, headers). */
const KEY_COST = 64;
const ELEMENT_COST = 16;

const id = (db: number, key: string) => `${db}\u0000${key}`;

export class Timeline {
  private recs: Rec[] = [];
  private nextId = 1;
  private dropped = 0;
  private bytes = 0;
  private pending: Pending | undefined;
  /** True while the timeline itself changes the keyspace (undo, restore). */
  private applying = false;
  private bound: Engine | undefined;
  private unsubscribe: (() => void) | undefined;
  /** Bumped by every change to the history; with `token`, names the keyspace the history leads back from. */
  private gen = 0;
  private token = Math.random().toString(36).slice(2, 10);
  /** The mark a restored history was saved with, until the history changes again. */
  private restoredMark: string | undefined;
  /** What the last restore from the saved record left out, and why (shown in the timeline). */
  private notice: string | undefined;
  /** Saved forms of entries (their images never change once kept). */
  private readonly savedForms = new WeakMap<Rec, SavedRec>();

  constructor(
    private readonly engine: () => Engine,
    private readonly limits: TimelineLimits = DEFAULT_LIMITS,
  ) {}

  /** The engine, subscribed to; a new engine (restart) starts a new history. */
  private current(): Engine {
    const e = this.engine();
    if (e !== this.bound) {
      this.unsubscribe?.();
      this.clear();
      this.bound = e;
      this.unsubscribe = e.onEvent((ev) => this.observe(ev));
    }
    return e;
  }

  /** Forgets the history (the keyspace was replaced wholesale). */
  clear(): void {
    this.recs = [];
    this.bytes = 0;
    this.pending = undefined;
    this.notice = undefined;
    this.changed();
  }

  private changed(): void {
    this.gen++;
    this.restoredMark = undefined;
  }

  /** Names the keyspace as the history now leads back from it: the keys' record carries it (see SavedTimeline.mark). */
  get mark(): string {
    return this.restoredMark ?? `${this.token}:${this.gen}`;
  }

  /** How many of the kept commands fit the saved record (the newest ones). */
  private savedCount(limits: { bytes: number; entries: number }): number {
    let bytes = 0;
    let n = 0;
    for (let i = this.recs.length - 1; i >= 0 && n < limits.entries; i--) {
      const r = this.recs[i]!;
      bytes += r.bytes + KEY_COST;
      if (bytes > limits.bytes && n > 0) break;
      n++;
    }
    return n;
  }

  /** The history as its saved record: the newest commands within `limits`. */
  toSaved(limits: { bytes: number; entries: number } = SAVED_LIMITS): SavedTimeline {
    this.current();
    const n = this.savedCount(limits);
    const kept = this.recs.slice(this.recs.length - n);
    const leftOut = this.recs.length - n;
    const entries = kept.map((r) => {
      let f = this.savedForms.get(r);
      if (f === undefined) {
        const { images, ...rest } = r;
        f = { ...rest, images: images.map((m) => ({ db: m.db, key: m.key, value: m.entry === null ? null : dumpValue(m.entry), expireAt: m.expireAt })) };
        this.savedForms.set(r, f);
      }
      return f;
    });
    return { v: 1, mark: this.mark, nextId: this.nextId, dropped: this.dropped + leftOut, leftOut, entries };
  }

  /**
   * Brings back a saved history onto the keys just loaded, when `keysMark`
   * (the mark the keys were saved with) is the one it was saved with;
   * otherwise the history starts empty and says why. Anything malformed in
   * the record ends the history there (older commands cannot be reached
   * without it).
   */
  fromSaved(saved: unknown, keysMark: unknown, limits: { bytes: number; entries: number } = SAVED_LIMITS): void {
    this.current();
    this.clear();
    if (saved === undefined || saved === null) return;
    const s = saved as Partial<SavedTimeline>;
    if (typeof s !== 'object' || s.v !== 1 || typeof s.mark !== 'string' || !Array.isArray(s.entries)) {
      this.notice = 'The timeline saved before the reload could not be read, so it starts here.';
      return;
    }
    if (s.mark !== keysMark) {
      if (s.entries.length > 0) this.notice = 'The timeline saved before the reload did not match the saved keys (they were changed in another tab, or the page closed while saving), so it starts here.';
      return;
    }
    const recs: Rec[] = [];
    let bad = 0;
    for (let i = s.entries.length - 1; i >= 0; i--) {
      const rec = savedRec(s.entries[i]);
      if (rec === undefined || (recs.length > 0 && rec.id >= recs[recs.length - 1]!.id)) {
        bad = i + 1;
        break;
      }
      recs.push(rec);
    }
    recs.reverse();
    this.recs = recs;
    for (const r of recs) this.bytes += r.bytes;
    const last = recs.at(-1)?.id ?? 0;
    this.nextId = Math.max(last + 1, typeof s.nextId === 'number' && Number.isSafeInteger(s.nextId) ? s.nextId : 0);
    const dropped = typeof s.dropped === 'number' && Number.isSafeInteger(s.dropped) && s.dropped >= 0 ? s.dropped : 0;
    const leftOut = typeof s.leftOut === 'number' && Number.isSafeInteger(s.leftOut) && s.leftOut >= 0 ? s.leftOut : 0;
    this.dropped = dropped + bad;
    const notes: string[] = [];
    if (leftOut > 0) notes.push(`${leftOut} older ${leftOut === 1 ? 'command was' : 'commands were'} left out of the saved timeline, which keeps ${savedLimitsText(limits)}.`);
    if (bad > 0) notes.push(`${bad} older ${bad === 1 ? 'command' : 'commands'} could not be read back and ${bad === 1 ? 'was' : 'were'} left out.`);
    this.notice = notes.length > 0 ? `After the reload: ${notes.join(' ')}` : undefined;
    // Until the history changes, it is the one the keys were saved with.
    this.restoredMark = s.mark;
  }

  private observe(ev: CommandEvent): void {
    if (this.applying) return;
    const p = this.pending;
    if (p !== undefined) {
      for (const r of ev.writes) p.touched.add(id(r.db, r.key));
      for (const r of ev.deletes) p.touched.add(id(r.db, r.key));
      return;
    }
    // Changed outside a recorded command (a lesson building its keyspace):
    // the images kept no longer lead back from here, so the history restarts.
    if (ev.writes.length > 0 || ev.deletes.length > 0) {
      if (this.recs.length > 0) {
        this.dropped += this.recs.length;
        this.clear();
      } else this.changed();
    }
  }

  /** Before a client's command runs: copies the keys it may change. */
  before(client: ClientState, argv: readonly string[]): void {
    const engine = this.current();
    const p: Pending = { client: client.id, db: client.db, argv, images: new Map(), whole: new Set(), touched: new Set(), bytes: 0, tooBig: false };
    this.pending = p;
    if (argv.length === 0) return;
    if (client.multi !== undefined) {
      if (argv[0]!.toLowerCase() !== 'exec') return; // queued: changes nothing yet
      let db = client.db;
      for (const q of client.multi.queue) {
        this.foresee(engine, p, db, q);
        if (q[0]?.toLowerCase() === 'select') {
          const n = Number(q[1]);
          if (Number.isInteger(n) && n >= 0 && n < engine.dbs.length) db = n;
        }
      }
      return;
    }
    this.foresee(engine, p, client.db, argv);
  }

  /** Copies the keys one command may change (in database `db`). */
  private foresee(engine: Engine, p: Pending, db: number, argv: readonly string[]): void {
    const cmd = engine.lookup(argv);
    if (typeof cmd === 'string') return;
    const spec = cmd.spec;
    if (spec.flags.includes('readonly')) return;
    const name = spec.name;
    const int = (s: string | undefined): number | undefined => {
      const n = Number(s);
      return Number.isInteger(n) && n >= 0 && n < engine.dbs.length && /^\d+$/.test(s ?? '') ? n : undefined;
    };
    switch (name) {
      case 'flushdb':
        this.copyDb(engine, p, db);
        return;
      case 'flushall':
        for (let i = 0; i < engine.dbs.length; i++) this.copyDb(engine, p, i);
        return;
      case 'swapdb': {
        const a = int(argv[1]);
        const b = int(argv[2]);
        if (a !== undefined && b !== undefined) {
          this.copyDb(engine, p, a);
          this.copyDb(engine, p, b);
        }
        return;
      }
      case 'move': {
        const to = int(argv[2]);
        this.copy(engine, p, db, argv[1]!);
        if (to !== undefined) this.copy(engine, p, to, argv[1]!);
        return;
      }
      case 'copy': {
        this.copy(engine, p, db, argv[1]!);
        this.copy(engine, p, db, argv[2]!);
        for (let i = 3; i < argv.length - 1; i++) {
          if (argv[i]!.toLowerCase() === 'db') {
            const to = int(argv[i + 1]);
            if (to !== undefined) this.copy(engine, p, to, argv[2]!);
          }
        }
        return;
      }
    }
    if (spec.flags.includes('movablekeys')) {
      for (let i = 1; i < argv.length; i++) this.copy(engine, p, db, argv[i]!);
      return;
    }
    if (spec.firstKey <= 0) return;
    const last = spec.lastKey >= 0 ? spec.lastKey : argv.length + spec.lastKey;
    for (let i = spec.firstKey; i <= last && i < argv.length; i += Math.max(1, spec.step)) this.copy(engine, p, db, argv[i]!);
  }

  private copyDb(engine: Engine, p: Pending, db: number): void {
    if (p.whole.has(db)) return;
    p.whole.add(db);
    const d = engine.dbs[db];
    if (d === undefined) return;
    for (const key of d.data.keys()) {
      if (p.tooBig) return;
      this.copy(engine, p, db, key);
    }
  }

  /** Copies one key's before-image (the first copy of a key wins). */
  private copy(engine: Engine, p: Pending, db: number, key: string): void {
    if (p.tooBig) return;
    const k = id(db, key);
    if (p.images.has(k)) return;
    const d = engine.dbs[db];
    if (d === undefined) return;
    const e = d.data.peek(key);
    const at = d.expires.get(key);
    if (e === undefined || (at !== undefined && at <= engine.clock.now())) {
      p.images.set(k, { db, key, entry: null, expireAt: -1 });
      p.bytes += KEY_COST + key.length;
      return;
    }
    const cost = KEY_COST + key.length + entryBytes(e, this.limits.perCommand);
    if (p.bytes + cost > this.limits.perCommand) {
      p.tooBig = true;
      p.images.clear();
      return;
    }
    p.bytes += cost;
    p.images.set(k, { db, key, entry: cloneEntry(e), expireAt: at ?? -1 });
  }

  /** After the command ran: keeps it when it changed the keyspace. */
  after(): void {
    const p = this.pending;
    this.pending = undefined;
    if (p === undefined || p.touched.size === 0) return;
    const engine = this.current();
    let cannotUndo: string | undefined;
    const images: Image[] = [];
    if (p.tooBig) {
      cannotUndo = `the keys it changed held more than ${formatBytes(this.limits.perCommand)}, more than the history keeps for one command`;
    } else {
      for (const t of p.touched) {
        const img = p.images.get(t);
        if (img !== undefined) {
          images.push(img);
          continue;
        }
        const sep = t.indexOf('\u0000');
        const db = Number(t.slice(0, sep));
        if (p.whole.has(db)) {
          images.push({ db, key: t.slice(sep + 1), entry: null, expireAt: -1 });
          continue;
        }
        cannotUndo = `it changed ${JSON.stringify(toText(t.slice(sep + 1)))}, a key that could not be foreseen from its arguments`;
        images.length = 0;
        break;
      }
    }
    let bytes = 0;
    if (cannotUndo === undefined) for (const img of images) bytes += img.entry === null ? KEY_COST : KEY_COST + entryBytes(img.entry, Infinity);
    const rec: Rec = {
      id: this.nextId++,
      client: p.client,
      db: p.db,
      argv: p.argv.map(toText),
      time: engine.clock.now(),
      images: cannotUndo === undefined ? images : [],
      keys: p.touched.size,
      bytes,
      ...(cannotUndo !== undefined ? { cannotUndo } : {}),
    };
    this.recs.push(rec);
    this.bytes += bytes;
    this.changed();
    while ((this.bytes > this.limits.budget || this.recs.length > this.limits.entries) && this.recs.length > 1) {
      const old = this.recs.shift()!;
      this.bytes -= old.bytes;
      this.dropped++;
    }
  }

  list(): TimelineList {
    this.current();
    return {
      entries: this.recs.map(({ images: _images, bytes: _bytes, ...entry }): TimelineEntry => entry),
      dropped: this.dropped,
      bytes: this.bytes,
      budget: this.limits.budget,
      unsaved: this.recs.length - this.savedCount(SAVED_LIMITS),
      savedLimits: savedLimitsText(),
      ...(this.notice !== undefined ? { notice: this.notice } : {}),
    };
  }

  /**
   * Undoes the latest command not run by a skipped client. Commands of
   * skipped clients after it stay when they changed other keys; when they
   * changed the same keys, nothing is undone (it would lose their work).
   */
  undo(req: UndoRequest = {}): UndoResult {
    this.current();
    const skip = new Set(req.skipClients ?? []);
    let i = this.recs.length - 1;
    while (i >= 0 && skip.has(this.recs[i]!.client)) i--;
    if (i < 0) return { ok: false, undone: 0, keys: [], expiredSince: 0, reason: this.recs.length === 0 && this.dropped === 0 ? 'nothing to undo yet' : 'nothing left to undo' };
    const rec = this.recs[i]!;
    if (rec.cannotUndo !== undefined) return { ok: false, argv: rec.argv, undone: 0, keys: [], expiredSince: 0, reason: rec.cannotUndo };
    const mine = new Set(rec.images.map((m) => id(m.db, m.key)));
    for (const later of this.recs.slice(i + 1)) {
      if (later.cannotUndo !== undefined) return { ok: false, argv: rec.argv, undone: 0, keys: [], expiredSince: 0, reason: `a later command (${later.argv[0] ?? ''}) cannot be undone` };
      const clash = later.images.find((m) => mine.has(id(m.db, m.key)));
      if (clash !== undefined)
        return {
          ok: false,
          argv: rec.argv,
          undone: 0,
          keys: [],
          expiredSince: 0,
          reason: `${JSON.stringify(toText(clash.key))} was changed since by another client (${later.argv[0] ?? ''})`,
        };
    }
    const res = this.apply(rec.images, ['UNDO', ...rec.argv], rec.db);
    this.recs.splice(i, 1);
    this.bytes -= rec.bytes;
    this.changed();
    return { ok: true, argv: rec.argv, undone: 1, ...res };
  }

  /**
   * The images that turn the keyspace now into the keyspace right after
   * entry `id` (0: before the first entry kept), or why it cannot be reached.
   */
  private pathTo(target: number): { images: Map<string, Image>; from: number } | string {
    const from = target === 0 ? 0 : this.recs.findIndex((r) => r.id === target) + 1;
    if (from === 0 && target !== 0) return 'that command is no longer in the history';
    const images = new Map<string, Image>();
    for (let i = this.recs.length - 1; i >= from; i--) {
      const r = this.recs[i]!;
      if (r.cannotUndo !== undefined) return `${r.argv[0] ?? ''} after it cannot be undone: ${r.cannotUndo}`;
      for (const img of r.images) images.set(id(img.db, img.key), img);
    }
    return { images, from };
  }

  /** Makes the keyspace what it was right after entry `target` (0: before the first kept). */
  restore(target: number): UndoResult {
    this.current();
    const path = this.pathTo(target);
    if (typeof path === 'string') return { ok: false, undone: 0, keys: [], expiredSince: 0, reason: path };
    const undone = this.recs.length - path.from;
    if (undone === 0) return { ok: true, undone: 0, keys: [], expiredSince: 0 };
    const last = this.recs[path.from]!;
    const res = this.apply([...path.images.values()], ['RESTORE-TIMELINE', String(target)], last.db);
    for (const r of this.recs.splice(path.from)) this.bytes -= r.bytes;
    this.changed();
    return { ok: true, argv: last.argv, undone, ...res };
  }

  /** The keys of database `db` that differ between the point after entry `id` and now. */
  preview(req: TimelinePreviewRequest): TimelinePreview {
    const engine = this.current();
    const path = this.pathTo(req.id);
    const d = engine.dbs[req.db];
    if (d === undefined) return { ok: false, reason: 'no such database', db: req.db, dbsize: 0, changed: [], after: 0 };
    if (typeof path === 'string') return { ok: false, reason: path, db: req.db, dbsize: 0, changed: [], after: 0 };
    const now = engine.clock.now();
    const limit = req.limit ?? 8;
    const live = (key: string): PreviewValue | null => {
      const e = d.data.peek(key);
      const at = d.expires.get(key);
      if (e === undefined || (at !== undefined && at <= now)) return null;
      return previewOf(e, at ?? -1, limit);
    };
    let dbsize = 0;
    for (const k of d.data.keys()) {
      const at = d.expires.get(k);
      if (at === undefined || at > now) dbsize++;
    }
    const changed: PreviewKey[] = [];
    for (const img of path.images.values()) {
      if (img.db !== req.db) continue;
      const nowV = live(img.key);
      const thenV = img.entry === null ? null : previewOf(img.entry, img.expireAt, limit);
      dbsize += (thenV !== null ? 1 : 0) - (nowV !== null ? 1 : 0);
      if (sameEntry(img, d.data.peek(img.key), d.expires.get(img.key), now)) continue;
      changed.push({ key: toText(img.key), then: thenV, now: nowV });
    }
    changed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { ok: true, db: req.db, dbsize, changed, after: this.recs.length - path.from };
  }

  /**
   * The keyspace right after entry `target` (0: before the first kept), to
   * be read and never written: a database no command since touched is the
   * live one, shared; the others are copies of their key tables with the
   * before-images put back. Or why that point cannot be reached.
   */
  pastAt(target: number): ViewEngine | string {
    const engine = this.current();
    const path = this.pathTo(target);
    if (typeof path === 'string') return path;
    const byDb = new Map<number, Image[]>();
    for (const img of path.images.values()) {
      const list = byDb.get(img.db);
      if (list === undefined) byDb.set(img.db, [img]);
      else list.push(img);
    }
    const dbs = engine.dbs.map((d, i): ViewDb => {
      const imgs = byDb.get(i);
      if (imgs === undefined) return d;
      const data = new Map<string, Entry>(d.data.view());
      const expires = new Map(d.expires);
      for (const img of imgs) {
        if (img.entry === null) {
          data.delete(img.key);
          expires.delete(img.key);
          continue;
        }
        data.set(img.key, img.entry);
        if (img.expireAt === -1) expires.delete(img.key);
        else expires.set(img.key, img.expireAt);
      }
      return { data: { peek: (key) => data.get(key), keys: () => data.keys(), size: data.size }, expires, getExpire: (key) => expires.get(key), size: data.size };
    });
    return { dbs, now: () => engine.now(), config: engine.config };
  }

  /** Puts the images back, as one change event. */
  private apply(images: readonly Image[], argv: readonly string[], db: number): Pick<UndoResult, 'keys' | 'expiredSince'> {
    const engine = this.current();
    const keys: RestoredKey[] = [];
    let expiredSince = 0;
    this.applying = true;
    try {
      engine.hostChange(0, 'undo', argv, db, () => {
        const now = engine.clock.now();
        for (const img of images) {
          const d = engine.dbs[img.db];
          if (d === undefined) continue;
          if (img.entry === null || (img.expireAt !== -1 && img.expireAt <= now)) {
            if (img.entry !== null) expiredSince++;
            d.delete(img.key);
            keys.push({ db: img.db, key: toText(img.key), type: null });
            continue;
          }
          d.set(img.key, cloneEntry(img.entry));
          if (img.expireAt !== -1) d.setExpire(img.key, img.expireAt);
          keys.push({ db: img.db, key: toText(img.key), type: img.entry.type });
        }
      });
    } finally {
      this.applying = false;
    }
    keys.sort((a, b) => a.db - b.db || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { keys, expiredSince };
  }
}

/** A saved entry read back, or undefined when malformed. */
function savedRec(x: unknown): Rec | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  const r = x as Record<string, unknown>;
  const int = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
  if (!int(r.id) || r.id < 1 || !int(r.client) || !int(r.db) || !int(r.keys) || typeof r.time !== 'number' || !Array.isArray(r.argv) || !Array.isArray(r.images)) return undefined;
  if (!r.argv.every((a) => typeof a === 'string')) return undefined;
  if (r.cannotUndo !== undefined && typeof r.cannotUndo !== 'string') return undefined;
  const images: Image[] = [];
  let bytes = 0;
  for (const m of r.images as unknown[]) {
    if (typeof m !== 'object' || m === null) return undefined;
    const i = m as Record<string, unknown>;
    if (!int(i.db) || i.db < 0 || typeof i.key !== 'string') return undefined;
    try {
      if (i.value === null) {
        images.push({ db: i.db, key: i.key, entry: null, expireAt: -1 });
        bytes += KEY_COST;
        continue;
      }
      const entry = loadValue(i.value);
      images.push({ db: i.db, key: i.key, entry, expireAt: loadExpireAt(i.expireAt) });
      bytes += KEY_COST + entryBytes(entry, Infinity);
    } catch {
      return undefined;
    }
  }
  return {
    id: r.id,
    client: r.client,
    db: r.db,
    argv: r.argv as string[],
    time: r.time,
    keys: r.keys,
    images,
    bytes,
    ...(typeof r.cannotUndo === 'string' ? { cannotUndo: r.cannotUndo } : {}),
  };
}

/** Estimated bytes of an entry's copy (stops counting past `cap`). */
function entryBytes(e: Entry, cap: number): number {
  switch (e.type) {
    case 'string':
      return e.value.length;
    case 'hash': {
      let n = 0;
      for (const [f, v] of e.value) {
        n += f.length + v.length + 2 * ELEMENT_COST;
        if (n > cap) break;
      }
      return n;
    }
    case 'list':
    case 'set': {
      let n = 0;
      for (const v of e.value) {
        n += v.length + ELEMENT_COST;
        if (n > cap) break;
      }
      return n;
    }
    case 'zset': {
      let n = 0;
      for (const [m] of e.value) {
        n += m.length + 3 * ELEMENT_COST;
        if (n > cap) break;
      }
      return n;
    }
    case 'stream':
      return e.value.length * 8 * ELEMENT_COST;
  }
}

function previewOf(e: Entry, expireAt: number, limit: number): PreviewValue {
  const take = <T>(it: Iterable<T>, f: (x: T) => string[]): string[] => {
    const out: string[] = [];
    let n = 0;
    for (const x of it) {
      if (n++ >= limit) break;
      out.push(...f(x));
    }
    return out;
  };
  switch (e.type) {
    case 'string':
      return { type: 'string', items: [toText(e.value.length > 200 ? e.value.slice(0, 200) : e.value)], size: 1, expireAt };
    case 'hash':
      return { type: 'hash', items: take(e.value, ([f, v]) => [toText(f), toText(v)]), size: e.value.size, expireAt };
    case 'list':
      return { type: 'list', items: take(e.value, (v) => [toText(v)]), size: e.value.length, expireAt };
    case 'set':
      return { type: 'set', items: take(e.value, (v) => [toText(v)]), size: e.value.size, expireAt };
    case 'zset':
      return { type: 'zset', items: take(e.value, ([m, s]) => [toText(m), String(s)]), size: e.value.size, expireAt };
    case 'stream':
      return { type: 'stream', items: [], size: e.value.length, expireAt };
  }
}

/** True when the live key holds exactly what the image does. */
function sameEntry(img: Image, live: Entry | undefined, at: number | undefined, now: number): boolean {
  const alive = live !== undefined && (at === undefined || at > now);
  if (img.entry === null || !alive) return img.entry === null && !alive;
  if ((at ?? -1) !== img.expireAt) return false;
  const a = img.entry;
  const b = live;
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'string':
      return a.value === (b as typeof a).value;
    case 'hash': {
      const m = (b as typeof a).value;
      if (m.size !== a.value.size) return false;
      for (const [f, v] of a.value) if (m.get(f) !== v) return false;
      return true;
    }
    case 'list': {
      const l = (b as typeof a).value;
      if (l.length !== a.value.length) return false;
      const xs = a.value.toArray();
      let i = 0;
      for (const v of l) if (v !== xs[i++]) return false;
      return true;
    }
    case 'set': {
      const s = (b as typeof a).value;
      if (s.size !== a.value.size) return false;
      for (const v of a.value) if (!s.has(v)) return false;
      return true;
    }
    case 'zset': {
      const z = (b as typeof a).value;
      if (z.size !== a.value.size) return false;
      for (const [m, sc] of a.value) if (z.score(m) !== sc) return false;
      return true;
    }
    case 'stream':
      return JSON.stringify(streamToSnapshot(a.value), bigintText) === JSON.stringify(streamToSnapshot((b as typeof a).value), bigintText);
  }
}

function bigintText(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.round(n / 1024)} KB`;
}
