/**
 * Owns one engine and answers protocol requests. Kept apart from the Worker
 * global so tests can drive it directly.
 */
import { Engine, VirtualClock, entrySize, type ClientState, type CommandEvent, type Entry, type SaveTarget } from '../engine';
import { keyCount, restoreSnapshot, takeSnapshot, type Snapshot } from '../engine/core/snapshot';
import type { Api, ApiKind, ExecResult, ClockState, KeyMeta, Reply, WorkerEvent } from '../protocol/messages';
import { LessonSupport } from './lessons';
import { Timeline } from './timeline';
import { ViewHub } from './views';

/** A change event lists at most this many keys (FLUSHDB of a million keys says how many it left out). */
const EVENT_KEYS = 1000;

/** The engine's memory limit in the browser (Redis's `maxmemory`); CONFIG SET can change it. */
export const BROWSER_MAXMEMORY = '256mb';

/** How far ahead of the page's clock a saved engine clock may be (jumps a learner can make). */
const MAX_SAVED_AHEAD_MS = 10 * 366 * 24 * 3600 * 1000;

export class EngineHost {
  engine: Engine;
  readonly clock: VirtualClock;
  private clients = new Map<number, ClientState>();
  private timers: ReturnType<typeof setInterval>[] = [];
  /** Journal, goal inspection and lesson resets. */
  readonly lessons = new LessonSupport(() => this.engine);
  /** The visualizer's live keyspace indexes and value windows. */
  readonly views = new ViewHub(() => this.engine);
  /** Undo and the timeline of commands that changed the keyspace. */
  readonly timeline = new Timeline(() => this.engine);

  /**
   * `store` keeps a snapshot (IndexedDB in the worker); with it, SAVE and
   * BGSAVE save the keyspace there.
   */
  constructor(
    private readonly emit: (e: WorkerEvent) => void,
    private readonly store?: (snap: Snapshot) => Promise<void>,
  ) {
    this.clock = new VirtualClock();
    this.engine = this.createEngine();
  }

  /** SAVE and BGSAVE's target: a snapshot handed to `store` (a keyspace too large to save fails). */
  private saveTarget(): SaveTarget | undefined {
    const store = this.store;
    if (store === undefined) return undefined;
    const saveOnce = (): Promise<void> | undefined => {
      const snap = this.snapshot();
      return snap === undefined ? undefined : store(snap);
    };
    return {
      saveNow: () => {
        const stored = saveOnce();
        stored?.catch(() => {
          /* storage full or unavailable: the keyspace stays in memory */
        });
        return stored !== undefined;
      },
      saveInBackground: (done) => {
        setTimeout(() => {
          const stored = saveOnce();
          if (stored === undefined) done(false);
          else stored.then(() => done(true), () => done(false));
        }, 0);
      },
    };
  }

  /**
   * Keyspaces larger than this (keys, or elements: one sorted set of a
   * million members is as costly to save as a million keys) are not saved:
   * a snapshot would stall the worker for every change.
   */
  static readonly SAVE_LIMIT = 200_000;
  /** Set when the keyspace changed since the last snapshot. */
  dirty = false;

  private createEngine(): Engine {
    // A browser tab has limited memory: huge requests get Redis's OOM error instead of crashing the tab.
    const engine = new Engine({
      clock: this.clock,
      config: { maxmemory: BROWSER_MAXMEMORY, 'maxmemory-policy': 'noeviction' },
      saveTarget: this.saveTarget(),
    });
    engine.onEvent((e) => {
      if (e.writes.length > 0 || e.deletes.length > 0 || e.expired.length > 0) this.dirty = true;
      this.emit(this.toChange(engine, e));
    });
    return engine;
  }

  /** A copy of the keyspace to save, or undefined when it is too large to save. */
  snapshot(): Snapshot | undefined {
    this.dirty = false;
    if (keyCount(this.engine) > EngineHost.SAVE_LIMIT || this.tooManyElements(EngineHost.SAVE_LIMIT)) return undefined;
    return takeSnapshot(this.engine);
  }

  /** True when the databases hold more than `limit` elements in all (stops counting there). */
  private tooManyElements(limit: number): boolean {
    let n = 0;
    for (const d of this.engine.dbs) {
      for (const e of d.data.values()) {
        const entry = e as Entry;
        n += entry.type === 'string' ? 1 : 1 + entrySize(entry);
        if (n > limit) return true;
      }
    }
    return false;
  }

  /** Brings back a saved keyspace; the clock never goes back in time. */
  restore(snap: Snapshot): void {
    const ahead = snap.now - this.clock.now();
    // A saved time that is not a time, or years ahead, is a corrupt save: the clock stays as it is.
    if (Number.isFinite(ahead) && ahead > 0 && ahead < MAX_SAVED_AHEAD_MS) this.clock.advance(ahead);
    restoreSnapshot(this.engine, snap);
    this.timeline.clear();
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
    this.engine.activeExpireCycle();
    this.engine.checkBlockedTimeouts();
  }

  meta(db: number, key: string): KeyMeta {
    const d = this.engine.dbs[db]!;
    const entry = d.data.get(key) as Entry | undefined;
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
    try {
      reply = this.engine.exec(c, argv);
    } finally {
      this.capturing = undefined;
      this.timeline.after();
    }
    this.lessons.record(client, argv, reply);
    const res: ExecResult = {
      reply,
      db: c.db,
      multi: c.multi !== undefined,
      closed: c.closeAfterReply,
      resp: c.resp,
      ...(reply === undefined && c.blocked === undefined && !c.closed ? { silenced: true as const } : {}),
    };
    return capture.replies.length > 0 ? { ...res, pushed: capture.replies } : res;
  }

  handle<K extends ApiKind>(kind: K, req: Api[K]['req']): Api[K]['res'] {
    return this.dispatch(kind, req) as Api[K]['res'];
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
        c.name = (req as Api['open']['req']).name ?? '';
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
      case 'tree':
        return this.views.tree(req as Api['tree']['req']);
      case 'value':
        return this.views.value(req as Api['value']['req']);
      case 'venn':
        return this.views.venn(req as Api['venn']['req']);
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
