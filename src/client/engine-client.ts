/**
 * The page side of the worker protocol: `call(kind, req)` returns a typed
 * promise; `on(listener)` receives the worker's pushed events.
 *
 * A command that runs longer than `commandTimeoutMs` is stopped the only way
 * a busy worker can be: the worker is terminated and a fresh one started (it
 * restores the saved keyspace). Pending calls fail with an error and a
 * `restart` event tells terminals to reconnect.
 *
 * A script (EVAL, FCALL ...) is Redis's busy script: while the worker runs
 * it, nothing else runs there. Once it has run `busyMs` (Redis's
 * busy-reply-threshold), the page answers the other connections itself, as
 * Redis does: BUSY, and SCRIPT KILL (or FUNCTION KILL) stops the script by
 * replacing the worker. The script's writes were never saved, so the fresh
 * worker starts from the keyspace as it was before the script.
 */
import { awaitAnswer, createAnswerLine } from '../protocol/answer-line';
import type { Api, ApiKind, ExecResult, Reply, RequestMessage, WorkerEvent, WorkerMessage } from '../protocol/messages';

export interface Port {
  postMessage(m: RequestMessage): void;
  onmessage: ((ev: MessageEvent<WorkerMessage>) => void) | null;
  terminate?: () => void;
}

export const RUNAWAY_ERROR = 'ERR the command ran too long and was stopped; the engine restarted from its last save';

/** Redis's replies while a script is busy (shared.slowevalerr, shared.slowscripterr) and its caller's error once killed. */
export const BUSY_SCRIPT = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
export const BUSY_FUNCTION = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
export const SCRIPT_KILLED = 'ERR Script killed by user with SCRIPT KILL...';
/** What the other connections' waiting commands get when a kill replaces the worker. */
export const KILL_RESTART = 'ERR the busy script was killed: the engine restarted from the keyspace as it was before the script';

const SCRIPTS = new Set(['eval', 'evalsha', 'eval_ro', 'evalsha_ro']);
const FUNCTIONS = new Set(['fcall', 'fcall_ro']);

/** A script sent to the worker and not yet answered. */
interface ScriptRun {
  readonly id: number;
  readonly client: number;
  /** FCALL (a function) rather than EVAL. */
  readonly fn: boolean;
  /** When it started (when the one before it in the worker's queue was answered). */
  since: number;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class EngineClient {
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private listeners = new Set<(e: WorkerEvent) => void>();
  private port: Port;
  commandTimeoutMs = 10_000;
  /** A script is stopped by the page only when killed; this guards against one nobody kills. */
  scriptTimeoutMs = 10 * 60_000;
  /** Redis's busy-reply-threshold: how long a script runs before other connections get BUSY. */
  busyMs = 5_000;
  restarts = 0;
  /** The clock (injected for tests). */
  now: () => number = () => performance.now();
  /** Scripts in the worker's queue, the running one first. */
  private scripts: ScriptRun[] = [];
  /** Each connection's state as its last command left it (for the replies the page gives itself). */
  private states = new Map<number, { db: number; multi: boolean; resp: 2 | 3 }>();
  /** The connection and command of each exec request in flight. */
  private execClients = new Map<number, { client: number; argv: readonly string[] }>();

  constructor(
    port: Port,
    private readonly factory?: () => Port,
  ) {
    this.port = port;
    this.attach(port);
    this.openAnswerLine();
  }

  /** Shared memory the worker also answers through (cross-origin isolated pages only); see answer-line.ts. */
  private answerLine: SharedArrayBuffer | undefined;

  private openAnswerLine(): void {
    this.answerLine = undefined;
    const line = createAnswerLine();
    if (line !== undefined) void this.useAnswerLine(line);
  }

  /** Hands the worker an answer line (a page gets one by itself when cross-origin isolated). */
  useAnswerLine(line: SharedArrayBuffer): Promise<void> {
    const port = this.port;
    return this.call('answerLine', { buffer: line }).then(
      () => {
        if (port === this.port) this.answerLine = line;
      },
      () => {
        /* the worker went away first: the next one gets its own line */
      },
    );
  }

  /**
   * Starts the engine's worker. `workspace`: the saved keys it starts from
   * (the learner's own, `free`, unless given: an embedded terminal's keep apart);
   * the worker reads it from its name.
   */
  static spawn(workspace?: string): EngineClient {
    const name = workspace === undefined ? 'redis-engine' : `redis-engine@${workspace}`;
    const make = (): Port => new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name }) as unknown as Port;
    const client = new EngineClient(make(), make);
    client.flushOnHide();
    return client;
  }

  /**
   * The worker saves every change as it answers; when the page is hidden or
   * closed it is also told to write whatever is still pending (big values
   * it saves on a slower beat).
   */
  private flushOnHide(): void {
    if (typeof window === 'undefined' || typeof document === 'undefined') return;
    const flush = (): void => {
      this.call('flush', null).catch(() => {
        /* the worker went away: the next one starts from what was saved */
      });
    };
    window.addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flush();
    });
  }

  /** The workspace the page last asked for: a restarted worker is switched to it before anything else. */
  private workspace: Api['workspace']['req'] | undefined;
  private workspaceListeners = new Set<(name: string) => void>();

  /** The workspace the page last asked for (`free` until one is asked for). */
  get workspaceName(): string {
    return this.workspace?.name ?? 'free';
  }

  /** Calls back each time the page asks for a workspace (a lesson's, free play, a share link's). */
  onWorkspace(cb: (name: string) => void): () => void {
    this.workspaceListeners.add(cb);
    return () => this.workspaceListeners.delete(cb);
  }

  private attach(port: Port): void {
    port.onmessage = (ev) => {
      if (port === this.port) this.receive(ev.data);
    };
  }

  /**
   * Sends a request. With `waitMs` (and an answer line), the page waits up to
   * that long for the answer inside the current task, so what follows (the
   * terminal printing a reply) happens before the browser draws its next
   * frame; otherwise, or when the worker is slower, the answer comes later as
   * a message.
   */
  call<K extends ApiKind>(kind: K, req: Api[K]['req'], opts: { waitMs?: number } = {}): Promise<Api[K]['res']> {
    if (kind === 'workspace') {
      this.workspace = req as Api['workspace']['req'];
      for (const cb of this.workspaceListeners) cb(this.workspace.name);
    }
    let script: ScriptRun | undefined;
    if (kind === 'exec') {
      const ex = req as Api['exec']['req'];
      const local = this.whileBusy(ex);
      if (local !== undefined) return Promise.resolve(local as Api[K]['res']);
      const name = (ex.argv[0] ?? '').toLowerCase();
      if (SCRIPTS.has(name) || FUNCTIONS.has(name)) script = { id: 0, client: ex.client, fn: FUNCTIONS.has(name), since: this.now() };
    }
    const id = this.nextId++;
    if (kind === 'exec') this.execClients.set(id, req as Api['exec']['req']);
    if (script !== undefined) this.scripts.push({ ...script, id });
    return new Promise((resolve, reject) => {
      const limit = script !== undefined ? this.scriptTimeoutMs : this.commandTimeoutMs;
      const timer = (kind === 'exec' || kind === 'execBatch') && this.factory !== undefined ? setTimeout(() => this.restart(RUNAWAY_ERROR), limit) : undefined;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      const line = opts.waitMs !== undefined && opts.waitMs > 0 ? this.answerLine : undefined;
      if (line === undefined) {
        this.port.postMessage({ id, kind, req });
        return;
      }
      this.port.postMessage({ id, kind, req, answer: true });
      const got = awaitAnswer(line, id, opts.waitMs!);
      if (got === undefined) return;
      // Answered through shared memory: the posted copy will find nothing pending.
      this.receive({ id, ...(got.value as { ok: true; res: unknown } | { ok: false; error: string }) });
    });
  }

  on(listener: (e: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private scriptDone(id: number): void {
    const at = this.scripts.findIndex((s) => s.id === id);
    if (at < 0) return;
    this.scripts.splice(at, 1);
    // The next script in the worker's queue starts now.
    if (at === 0 && this.scripts[0] !== undefined) this.scripts[0].since = this.now();
  }

  /** CONFIG SET busy-reply-threshold (or lua-time-limit) that worked: the page's threshold follows. */
  private noteThreshold(argv: readonly string[]): void {
    if (argv.length < 4 || argv[0]!.toLowerCase() !== 'config' || argv[1]!.toLowerCase() !== 'set') return;
    for (let i = 2; i + 1 < argv.length; i += 2) {
      const name = argv[i]!.toLowerCase();
      const ms = Number(argv[i + 1]);
      if ((name === 'busy-reply-threshold' || name === 'lua-time-limit') && Number.isFinite(ms) && ms >= 0) this.busyMs = ms;
    }
  }

  /** The script running past the busy threshold, if any. */
  private busyScript(): ScriptRun | undefined {
    const s = this.scripts[0];
    return s !== undefined && this.now() - s.since >= this.busyMs ? s : undefined;
  }

  /**
   * What the page answers itself while a script is busy: BUSY to every other
   * connection, and SCRIPT KILL / FUNCTION KILL (matching the running kind)
   * stops it. Undefined when the command goes to the worker.
   */
  private whileBusy(req: Api['exec']['req']): ExecResult | undefined {
    const s = this.busyScript();
    if (s === undefined || req.client === s.client || this.factory === undefined) return undefined;
    const st = this.states.get(req.client) ?? { db: 0, multi: false, resp: 2 as const };
    const answer = (reply: Reply): ExecResult => ({ reply, db: st.db, multi: st.multi, closed: false, resp: st.resp });
    const busy = answer({ t: 'error', v: s.fn ? BUSY_FUNCTION : BUSY_SCRIPT });
    const name = (req.argv[0] ?? '').toLowerCase();
    if (req.argv.length !== 2 || (req.argv[1] ?? '').toLowerCase() !== 'kill' || (name !== 'script' && name !== 'function')) return busy;
    // SCRIPT KILL stops scripts, FUNCTION KILL functions; the other answers BUSY, as in Redis.
    if ((name === 'function') !== s.fn) return busy;
    this.restart(KILL_RESTART, { id: s.id, error: SCRIPT_KILLED });
    return answer({ t: 'simple', v: 'OK' });
  }

  /**
   * Ctrl-C in the terminal of a connection whose script is running: kills it
   * (redis-cli would exit and leave it running). False when none runs.
   */
  interruptScript(client: number): boolean {
    const s = this.scripts[0];
    if (s === undefined || s.client !== client || this.factory === undefined) return false;
    this.restart(KILL_RESTART, { id: s.id, error: SCRIPT_KILLED });
    return true;
  }

  /** Replaces a stuck worker with a fresh one; `victim`, the request that was stopped, fails with its own error. */
  restart(reason: string, victim?: { id: number; error: string }): void {
    if (!this.factory) return;
    this.port.terminate?.();
    this.port = this.factory();
    this.attach(this.port);
    this.restarts++;
    const failed = [...this.pending];
    this.pending.clear();
    this.scripts = [];
    this.states.clear();
    this.execClients.clear();
    for (const [id, p] of failed) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new Error(id === victim?.id ? victim.error : reason));
    }
    this.openAnswerLine();
    // Back in the workspace it was in (its saved keys; never rebuilt from its setup).
    const ws = this.workspace;
    if (ws !== undefined) this.call('workspace', { name: ws.name, setup: [] }).catch(() => {});
    this.emit({ type: 'restart', reason });
  }

  private emit(e: WorkerEvent): void {
    for (const l of this.listeners) l(e);
  }

  private receive(m: WorkerMessage): void {
    if ('event' in m) {
      this.emit(m.event);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    // A script that has run (answered, or only saving what it wrote) is no longer busy.
    this.scriptDone(m.id);
    if ('saving' in m) {
      // Run; its writes are being saved while the worker answers other requests: not a runaway.
      if (p.timer) clearTimeout(p.timer);
      p.timer = undefined;
      return;
    }
    this.pending.delete(m.id);
    if (p.timer) clearTimeout(p.timer);
    const sent = this.execClients.get(m.id);
    if (sent !== undefined) {
      this.execClients.delete(m.id);
      if (m.ok) {
        const r = m.res as ExecResult;
        this.states.set(sent.client, { db: r.db, multi: r.multi, resp: r.resp });
        if (r.reply?.t === 'simple') this.noteThreshold(sent.argv);
      }
    }
    if (m.ok) p.resolve(m.res);
    else p.reject(new Error(m.error));
  }
}

let shared: EngineClient | undefined;

/** The page's one engine connection (created on first use; `workspace` counts only then: see spawn). */
export function engineClient(opts: { workspace?: string } = {}): EngineClient {
  if (shared === undefined) {
    shared = EngineClient.spawn(opts.workspace);
    // Remembered as the page's workspace, so a restarted worker comes back to it too.
    if (opts.workspace !== undefined) void shared.call('workspace', { name: opts.workspace, setup: [] }).catch(() => {});
  }
  return shared;
}
