/**
 * Owns one engine and answers protocol requests. Kept apart from the Worker
 * global so tests can drive it directly.
 */
import { Engine, VirtualClock, entrySize, type ClientState, type CommandEvent, type Entry, type SaveTarget } from '../engine';
import { loadExpireAt, loadKeys, loadValue, restoreSnapshot, savedClock, type Snapshot } from '../engine/core/snapshot';
import type { Api, ApiKind, ExecResult, ClockState, KeyMeta, MemoryGauge, RdbLoadResult, Reply, WorkerEvent, WorkspaceRequest, WorkspaceResult } from '../protocol/messages';
import { RdbError, applyRdb, readRdb, writeRdb } from '../engine/rdb/file';
import { LessonSupport } from './lessons';
import type { KeyStore } from './persist';
import { Saver, type SyncMessage } from './saver';
import { Timeline } from './timeline';
import { ViewHub, type ViewEngine } from './views';

/** A change event lists at most this many keys (FLUSHDB of a million keys says how many it left out). */
const EVENT_KEYS = 1000;

/** The engine's memory limit in the browser (Redis's `maxmemory`); CONFIG SET can change it. */
export const BROWSER_MAXMEMORY = '256mb';
const BROWSER_MAXMEMORY_BYTES = 256 * 1024 * 1024;

/** The memory gauge's figures, once the learner (or a lesson) chose a maxmemory of their own. */
function memoryGauge(engine: Engine): { memory?: MemoryGauge } {
  const max = engine.config.maxmemory;
  if (max === BROWSER_MAXMEMORY_BYTES || max === 0) return {};
  return { memory: { used: engine.memory.used(), max, policy: engine.config.maxmemoryPolicy, evicted: engine.memory.evictedKeys } };
}

/** The learner's own workspace (the others are `lesson:<id>`). */
export const FREE_WORKSPACE = 'free';

export class EngineHost {
  engine: Engine;
  readonly clock: VirtualClock;
  private clients = new Map<number, ClientState>();
  private timers: ReturnType<typeof setInterval>[] = [];
  /** Journal, goal inspection and lesson resets. */
  readonly lessons = new LessonSupport(() => this.engine);
  /** The visualizer's live keyspace indexes and value windows. */
  readonly views = new ViewHub(() => this.engine);
  /** Saves the keys every change touches (with a store). */
  readonly saver: Saver | undefined;
  /** While a workspace switch runs: other tabs' writes wait here. */
  private switching: SyncMessage[] | undefined;
  /** Undo and the timeline of commands that changed the keyspace. */
  readonly timeline = new Timeline(() => this.engine);
  /** Bumped by every change to the keyspace: a view of an earlier point is built again after one. */
  private changes = 0;
  /** The views of the keyspace at one earlier point of the timeline (read-only). */
  private past: { at: number; changes: number; hub: ViewHub; engine: ViewEngine } | undefined;

  /**
   * `store` keeps the keys (IndexedDB in the worker): every change is saved
   * there (see saver.ts) and SAVE and BGSAVE write what is pending.
   * `broadcast` tells other tabs of each durable write.
   */
  constructor(
    private readonly emit: (e: WorkerEvent) => void,
    private readonly store?: KeyStore,
    opts: { broadcast?: (m: SyncMessage) => void } = {},
  ) {
    this.clock = new VirtualClock();
    this.saver =
      store === undefined
        ? undefined
        : new Saver(store, {
            engine: () => this.engine,
            timelineMark: () => this.timeline.mark,
            status: (st) => this.emit({ type: 'storage', ok: st.ok, message: st.ok ? st.message : `${st.message} ${this.whileFailing()}` }),
            ...(opts.broadcast ? { saved: opts.broadcast } : {}),
          });
    this.engine = this.createEngine();
  }

  /** What saving failing means for the learner now, and how to go on. */
  private whileFailing(): string {
    const config = this.engine.config;
    if (config.num('stop-writes-on-bgsave-error') === 1 && (config.get('save') ?? '') !== '') {
      return (
        'Until a save works, commands that change keys are refused (MISCONF), as Redis does when it cannot save; reading keys still works. ' +
        'To go on: download your keys, free some browser storage for this site, or run CONFIG SET stop-writes-on-bgsave-error no to keep working in this tab without saving.'
      );
    }
    return 'Your changes are kept in this tab only, not saved, until a save works.';
  }

  /**
   * SAVE and BGSAVE's target. Saving is continuous, so SAVE writes what is
   * pending and answers from what the store last said: an error while
   * writes fail (storage full), OK otherwise. BGSAVE reports when the
   * pending writes are durable.
   */
  private saveTarget(): SaveTarget | undefined {
    if (this.store === undefined) return undefined;
    return {
      saveNow: () => {
        const saver = this.saver!;
        void saver.flush({ all: true });
        return saver.failing === undefined;
      },
      saveInBackground: (done) => {
        setTimeout(() => void this.saver!.settle().then(done), 0);
      },
    };
  }

  private createEngine(): Engine {
    // A browser tab has limited memory: huge requests get Redis's OOM error instead of crashing the tab.
    const engine = new Engine({
      clock: this.clock,
      config: { maxmemory: BROWSER_MAXMEMORY, 'maxmemory-policy': 'noeviction' },
      saveTarget: this.saveTarget(),
    });
    engine.onEvent((e) => {
      if (e.writes.length > 0 || e.deletes.length > 0 || e.expired.length > 0) this.changes++;
      if (engine === this.engine) this.saver?.note(e);
      this.emit(this.toChange(engine, e));
    });
    return engine;
  }

  /** Brings back a whole-keyspace snapshot (an earlier version's save); the clock never goes back in time. */
  restore(snap: Snapshot): void {
    this.forward(snap.now);
    this.report(restoreSnapshot(this.engine, snap));
    this.views.reset();
    this.timeline.clear();
    this.saver?.rewriteAll();
  }

  /** Moves the clock forward to a saved engine time, unless that time is not believable. */
  private forward(saved: unknown): boolean {
    const at = savedClock(saved, Date.now());
    if (at === undefined) return saved === undefined;
    const ahead = at - this.clock.now();
    if (ahead > 0) this.clock.advance(ahead);
    return true;
  }

  private report(problems: readonly { db: number; key: string; reason: string }[], clockBad = false): void {
    if (problems.length === 0 && !clockBad) return;
    const shown = problems
      .slice(0, 5)
      .map((p) => `"${p.key}" in database ${p.db} (${p.reason})`)
      .join('; ');
    const more = problems.length > 5 ? ` and ${problems.length - 5} more` : '';
    const keys =
      problems.length === 0
        ? ''
        : `${problems.length} saved key${problems.length === 1 ? '' : 's'} could not be read and ${problems.length === 1 ? 'was' : 'were'} left out: ${shown}${more}. The other keys are back.`;
    const clock = clockBad ? 'The saved clock was not a believable time, so the clock starts from the current time.' : '';
    const message = [keys, clock].filter(Boolean).join(' ');
    console.warn(message);
    this.emit({ type: 'storage', ok: false, message });
  }

  /**
   * Replaces the engine's keys with a workspace's saved ones. False (and
   * nothing changed) when the workspace was never saved.
   */
  async loadWorkspace(ws: string): Promise<boolean> {
    if (this.store === undefined) return false;
    const saved = await this.store.load(ws);
    if (saved === undefined) return false;
    const clockOk = this.forward((saved.meta as { now?: unknown } | undefined)?.now);
    this.saver?.forget();
    this.report(loadKeys(this.engine, saved.keys), !clockOk);
    // The workspace's libraries replace the engine's (none when it was saved without any).
    const functions = (saved.meta as { functions?: unknown } | undefined)?.functions;
    this.restoreLibraries(Array.isArray(functions) ? functions.filter((c): c is string => typeof c === 'string') : []);
    this.saver?.librariesLoaded();
    this.views.reset();
    this.timeline.clear();
    // The timeline's own record, restored onto these keys when it was saved with them.
    let record: unknown;
    try {
      record = await this.store.loadTimeline(ws);
    } catch (e) {
      record = { unreadable: e instanceof Error ? e.message : String(e) };
    }
    this.timeline.fromSaved(record, (saved.meta as { timeline?: unknown } | undefined)?.timeline);
    this.timelineSaved = { ws, mark: this.timeline.mark };
    return true;
  }

  /**
   * Replaces the keyspace with an RDB file's (a dump.rdb a learner chose), as
   * one change: the views, the saved workspace and the timeline follow. A
   * file Redis would refuse changes nothing and comes back with Redis's lines.
   */
  loadRdb(req: Api['rdbLoad']['req']): RdbLoadResult {
    const engine = this.engine;
    try {
      const file = readRdb(textOf(req.bytes), { config: engine.config, databases: engine.dbs.length });
      const s = applyRdb(engine, file, { tracked: { argv: ['RDB-LOAD', req.name] } });
      this.saver?.librariesLoaded();
      return { ok: true, keys: s.loaded, expired: s.expired, skipped: file.emptySkipped };
    } catch (e) {
      if (e instanceof RdbError) return { ok: false, log: e.log };
      throw e;
    }
  }

  /** Replaces the engine's FUNCTION libraries with saved code (loaded now, or with the Lua VM). */
  private restoreLibraries(codes: readonly string[]): void {
    this.engine.scripting.flushLibraries();
    const problems = this.engine.scripting.restoreLibraries(codes);
    if (problems.length === 0) return;
    const message = `${problems.length} saved function ${problems.length === 1 ? 'library' : 'libraries'} could not be loaded: ${problems.join('; ')}`;
    console.warn(message);
    this.emit({ type: 'storage', ok: false, message });
  }

  /** The timeline record last written (or read), so an unchanged timeline is not written again. */
  private timelineSaved: { ws: string; mark: string } | undefined;
  private timelineWrite: Promise<void> | undefined;

  /**
   * Writes the timeline's record when it changed since the last write, one
   * write at a time (a call during a write writes after it, if still
   * needed). Resolves once written, or once the write failed (the keys'
   * saver reports storage trouble; the next change tries again).
   */
  saveTimeline(): Promise<void> {
    const store = this.store;
    const ws = this.saver?.workspace;
    if (store === undefined || ws === undefined) return Promise.resolve();
    if (this.timelineWrite !== undefined) return this.timelineWrite.then(() => this.saveTimeline());
    const mark = this.timeline.mark;
    const last = this.timelineSaved;
    if (last !== undefined && last.ws === ws && last.mark === mark) return Promise.resolve();
    const w = store.saveTimeline(ws, this.timeline.toSaved()).then(
      () => {
        this.timelineSaved = { ws, mark };
        this.timelineWrite = undefined;
        // Changed again meanwhile: the newest state follows.
        if (this.timeline.mark !== mark && this.saver?.workspace === ws) void this.saveTimeline();
      },
      () => {
        this.timelineWrite = undefined;
      },
    );
    this.timelineWrite = w;
    return w;
  }

  /** See Api.workspace. */
  async workspace(req: WorkspaceRequest): Promise<WorkspaceResult> {
    const saver = this.saver;
    if (saver !== undefined && req.name === saver.workspace && req.replace !== true) {
      return { restored: true, keys: this.keyTotal(), errors: [], seq: this.lessons.position };
    }
    if (saver !== undefined) await this.saveTimeline();
    if (saver !== undefined && !(await saver.settle())) {
      throw new Error(
        `ERR your keys could not be saved (${saver.failing ?? 'the browser storage is unavailable'}), so they stay open here; free some browser storage and try again`,
      );
    }
    this.switching = [];
    try {
      let restored = false;
      if (saver !== undefined) {
        saver.workspace = req.name;
        saver.forget();
        if (req.replace !== true) restored = await this.loadWorkspace(req.name);
      }
      if (restored) return { restored, keys: this.keyTotal(), errors: [], seq: this.lessons.position };
      // A new workspace: an empty server (nothing of the previous one is carried over), then the setup.
      loadKeys(this.engine, []);
      this.engine.scripting.flushLibraries();
      this.views.reset();
      this.timeline.clear();
      saver?.wipeAll();
      const res = this.lessons.reset({ setup: req.setup });
      return { restored, keys: this.keyTotal(), errors: res.errors, seq: res.seq };
    } finally {
      const queued = this.switching;
      this.switching = undefined;
      for (const m of queued) this.applyRemote(m);
    }
  }

  /** Writes every pending change (the page is going away); true when all of it is durable. */
  async flushAll(): Promise<{ ok: boolean }> {
    const ok = this.saver === undefined ? true : await this.saver.settle();
    await this.saveTimeline();
    return { ok };
  }

  private keyTotal(): number {
    let n = 0;
    for (const d of this.engine.dbs) n += d.size;
    return n;
  }

  /**
   * Another tab's durable write of the same workspace: applied here so both
   * tabs show the same keys. The last writer of a key wins: a key this tab
   * changed and has not saved yet, or saved later than the other tab, is kept.
   */
  applyRemote(m: SyncMessage): void {
    if (this.switching !== undefined) {
      this.switching.push(m);
      return;
    }
    const saver = this.saver;
    if (saver === undefined || m.ws !== saver.workspace) return;
    const engine = this.engine;
    if (m.functions !== undefined && !saver.librariesPending) {
      // Their libraries, unless this tab changed its own since (the last writer wins, as for keys).
      this.restoreLibraries(m.functions);
      saver.librariesLoaded();
    }
    const theirs = (db: number, key: string): boolean => !saver.isDirty(db, key) && !((saver.stampOf(db, key) ?? -Infinity) > m.stamp);
    saver.quiet = true;
    try {
      // Heard as one change with no command, as background expiry is.
      engine.hostChange(0, '', [], -1, () => {
        for (const o of m.ops) {
          if (o.op === 'wipe' || o.op === 'clear') {
            for (const d of o.op === 'wipe' ? engine.dbs : [engine.dbs[o.db]]) {
              if (d === undefined) continue;
              for (const k of [...d.data.keys()]) if (theirs(d.id, k)) d.delete(k);
            }
            continue;
          }
          const d = engine.dbs[o.db];
          if (d === undefined || !theirs(o.db, o.key)) continue;
          if (o.op === 'del') {
            d.delete(o.key);
            continue;
          }
          try {
            const entry = loadValue(o.value);
            const at = loadExpireAt(o.expireAt);
            d.set(o.key, entry);
            if (at !== -1) d.setExpire(o.key, at);
          } catch {
            /* a value this tab cannot read: left as it is */
          }
        }
      });
    } finally {
      saver.quiet = false;
    }
  }

  /** Starts the background work a Redis server does (active expiry). */
  start(): void {
    this.timers.push(setInterval(() => this.tick(), 100));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  tick(): void {
    if (this.switching !== undefined) return;
    this.engine.activeExpireCycle();
    // The save points, on the engine's clock (serverCron).
    this.engine.persistence.cron();
    this.engine.checkBlockedTimeouts();
    this.engine.beforeSleep();
  }

  meta(db: number, key: string): KeyMeta {
    const d = this.engine.dbs[db]!;
    const entry = d.data.peek(key) as Entry | undefined;
    if (entry === undefined) return { db, key, type: null, size: 0, expireAt: -1 };
    return { db, key, type: entry.type, size: entrySize(entry), expireAt: d.getExpire(key) ?? -1 };
  }

  private toChange(engine: Engine, e: CommandEvent): WorkerEvent {
    const seen = new Set<string>();
    const keys: KeyMeta[] = [];
    let truncated = 0;
    for (const list of [e.writes, e.deletes, e.expired]) {
      for (const r of list) {
        if (keys.length >= EVENT_KEYS) {
          truncated++; // past the cap: counted, not deduplicated (no million-entry set)
          continue;
        }
        const id = `${r.db}\u0000${r.key}`;
        if (seen.has(id)) continue;
        seen.add(id);
        keys.push(engine === this.engine ? this.meta(r.db, r.key) : { db: r.db, key: r.key, type: null, size: 0, expireAt: -1 });
      }
    }
    const created = engine === this.engine ? this.views.onCommand(e) : [];
    return {
      type: 'change',
      clientId: e.clientId,
      command: e.command,
      argv: e.argv,
      db: e.db,
      dbAfter: e.dbAfter,
      error: e.error,
      reads: e.reads.map((r) => r.key),
      changes: e.changes,
      ...(e.combination !== undefined ? { combination: e.combination } : {}),
      keys,
      expired: e.expired.length > EVENT_KEYS ? e.expired.slice(0, EVENT_KEYS) : e.expired,
      ...(e.evicted.length > 0 ? { evicted: e.evicted.length > EVENT_KEYS ? e.evicted.slice(0, EVENT_KEYS) : e.evicted } : {}),
      ...memoryGauge(engine),
      time: e.time,
      ...(created.length > 0 ? { created } : {}),
      ...(truncated > 0 ? { truncated } : {}),
    };
  }

  clockState(): ClockState {
    return { now: this.clock.now(), paused: this.clock.paused, speed: this.clock.speed };
  }

  /** While a client's own command runs: what the engine sends it (see ExecResult.pushed). */
  private capturing: { client: number; replies: Reply[] } | undefined;

  private execOne(client: number, argv: readonly string[]): ExecResult {
    const c = this.clients.get(client);
    if (c === undefined) throw new Error(`no such client ${client}`);
    const capture = (this.capturing = { client, replies: [] });
    let reply: Reply | undefined;
    this.timeline.before(c, argv);
    // redis.log lines the command's script writes go back with its reply.
    const log: { level: number; message: string }[] = [];
    const scripting = this.engine.scripting;
    scripting.onLog = (level, message) => {
      if (log.length < 1000) log.push({ level, message });
    };
    try {
      reply = this.engine.exec(c, argv);
    } finally {
      scripting.onLog = undefined;
      this.capturing = undefined;
      this.timeline.after();
    }
    // Client-side caching: what the command caused for this client comes after its reply (as
    // messages, like any that arrive later), and BCAST clients hear of the keys it changed.
    this.engine.afterReply(c);
    this.engine.beforeSleep();
    this.lessons.record(client, argv, reply);
    const res: ExecResult = {
      reply,
      db: c.db,
      multi: c.multi !== undefined,
      closed: c.closeAfterReply,
      resp: c.resp,
      ...(c.user !== undefined && c.user.name !== 'default' ? { user: c.user.name } : {}),
      ...(reply === undefined && c.blocked === undefined && !c.closed ? { silenced: true as const } : {}),
      ...(log.length > 0 ? { log } : {}),
    };
    return capture.replies.length > 0 ? { ...res, pushed: capture.replies } : res;
  }

  /**
   * The Lua VM is loaded on first use (core/scripting.ts): a request that
   * runs a script, or EXECs a transaction that queued one, waits for it
   * once. Returns undefined when nothing needs waiting for.
   */
  scriptingReady(kind: ApiKind, req: unknown): Promise<void> | undefined {
    const s = this.engine.scripting;
    if (s.loaded || (kind !== 'exec' && kind !== 'execBatch')) return undefined;
    const client = (req as { client: number }).client;
    const argvs = kind === 'exec' ? [(req as Api['exec']['req']).argv] : (req as Api['execBatch']['req']).argvs;
    const queued = this.clients.get(client)?.multi?.queue ?? [];
    const needs = (a: readonly string[]): boolean => a.length > 0 && (a[0]!.toLowerCase() === 'exec' ? queued.some(needs) : s.needsVm(a));
    return argvs.some(needs) ? s.ready() : undefined;
  }

  handle<K extends ApiKind>(kind: K, req: Api[K]['req']): Api[K]['res'] {
    const res = this.dispatch(kind, req) as Api[K]['res'];
    // The timeline's record follows the keys' write (see saveTimeline).
    if (this.store !== undefined && this.timelineWrite === undefined && this.timeline.mark !== this.timelineSaved?.mark) void this.saveTimeline();
    // (During a write, the write's end writes the newest state.)
    return res;
  }

  /**
   * The live views, or with `at` the views of the keyspace right after that
   * timeline entry (built once, again after the keyspace changed).
   */
  private viewsAt(at: number | undefined): ViewHub {
    if (at === undefined) return this.views;
    const p = this.past;
    if (p !== undefined && p.at === at && p.changes === this.changes) return p.hub;
    const past = this.timeline.pastAt(at);
    if (typeof past === 'string') throw new Error(`ERR that point of the timeline cannot be shown: ${past}`);
    const hub = p !== undefined && p.at === at ? p.hub : new ViewHub(() => this.past!.engine);
    this.past = { at, changes: this.changes, hub, engine: past };
    return hub;
  }

  private dispatch(kind: ApiKind, req: unknown): unknown {
    switch (kind) {
      case 'open': {
        let c: ClientState | undefined = undefined;
        c = this.engine.createClient((reply) => {
          if (c === undefined) return;
          if (this.capturing?.client === c.id) this.capturing.replies.push(reply);
          else this.emit({ type: 'reply', client: c.id, reply, db: c.db, resp: c.resp });
        });
        const { name, internal } = req as Api['open']['req'];
        c.name = name ?? '';
        // As a new Redis connection: authenticated when no password is set (it stays so if one is set later).
        // The host's own clients run as no ACL user (anything is allowed), as Redis's internal clients do.
        if (internal !== true) this.engine.acl.setDefaultAuth(c);
        else c.user = undefined;
        this.clients.set(c.id, c);
        return { client: c.id };
      }
      case 'close': {
        const { client } = req as Api['close']['req'];
        const c = this.clients.get(client);
        if (c) this.engine.closeClient(c);
        this.clients.delete(client);
        return null;
      }
      case 'exec': {
        const { client, argv } = req as Api['exec']['req'];
        return this.execOne(client, argv);
      }
      case 'execBatch': {
        const { client, argvs } = req as Api['execBatch']['req'];
        const out: ExecResult[] = [];
        for (const argv of argvs) {
          const r = this.execOne(client, argv);
          out.push(r);
          if (r.reply === undefined || r.closed) break;
        }
        return out;
      }
      case 'inspect':
        return this.lessons.inspect(req as Api['inspect']['req']);
      case 'lessonReset':
        return this.lessons.reset(req as Api['lessonReset']['req']);
      case 'lessonSave':
        return this.lessons.save();
      case 'workspace':
      case 'flush':
        // Asynchronous: the worker entry calls `workspace` and `flushAll` itself and holds later requests meanwhile.
        throw new Error(`${kind} is answered asynchronously`);
      case 'timeline':
        return this.timeline.list();
      case 'undo':
        return this.timeline.undo(req as Api['undo']['req']);
      case 'timelinePreview':
        return this.timeline.preview(req as Api['timelinePreview']['req']);
      case 'timelineRestore':
        return this.timeline.restore((req as Api['timelineRestore']['req']).id);
      case 'answerLine':
        // Taken by the worker entry (engine.worker.ts) before it reaches the host.
        return null;
      case 'specs':
        return this.engine.specs();
      case 'rdbDump':
        return { bytes: bytesOf(writeRdb(this.engine)) };
      case 'rdbLoad':
        return this.loadRdb(req as Api['rdbLoad']['req']);
      case 'tree': {
        const r = req as Api['tree']['req'];
        return this.viewsAt(r.at).tree(r);
      }
      case 'value': {
        const r = req as Api['value']['req'];
        return this.viewsAt(r.at).value(r);
      }
      case 'venn': {
        const r = req as Api['venn']['req'];
        return this.viewsAt(r.at).venn(r);
      }
      case 'keys': {
        const { db, limit } = req as Api['keys']['req'];
        const d = this.engine.dbs[db];
        if (d === undefined) return { keys: [], total: 0 };
        const keys: KeyMeta[] = [];
        for (const k of d.keys()) {
          if (keys.length >= limit) break;
          keys.push(this.meta(db, k));
        }
        return { keys, total: d.size };
      }
      case 'keyInfo': {
        const { db, keys } = req as Api['keyInfo']['req'];
        const d = this.engine.dbs[db];
        const types: Record<string, string> = {};
        if (d === undefined) return { types, dbsize: 0 };
        for (const k of keys) types[k] = d.peek(k)?.type ?? 'none';
        return { types, dbsize: d.size };
      }
      case 'clock': {
        const cmd = req as Api['clock']['req'];
        if (cmd.op === 'pause') this.clock.pause();
        else if (cmd.op === 'play') this.clock.play(cmd.speed);
        else if (cmd.op === 'advance') {
          this.clock.advance(cmd.ms);
          this.tick();
        }
        const state = this.clockState();
        if (cmd.op !== 'get') this.emit({ type: 'clock', state });
        return state;
      }
    }
  }
}

/** A byte string (one char per byte, as the engine keeps values) as bytes. */
function bytesOf(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Bytes as a byte string. */
function textOf(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode.apply(null, Array.from(b.subarray(i, i + 8192)));
  return s;
}
