/**
 * The page side of the worker protocol: `call(kind, req)` returns a typed
 * promise; `on(listener)` receives the worker's pushed events.
 *
 * A command that runs longer than `commandTimeoutMs` is stopped the only way
 * a busy worker can be: the worker is terminated and a fresh one started (it
 * restores the saved keyspace). Pending calls fail with an error and a
 * `restart` event tells terminals to reconnect.
 */
import { awaitAnswer, createAnswerLine } from '../protocol/answer-line';
import type { Api, ApiKind, RequestMessage, WorkerEvent, WorkerMessage } from '../protocol/messages';

export interface Port {
  postMessage(m: RequestMessage): void;
  onmessage: ((ev: MessageEvent<WorkerMessage>) => void) | null;
  terminate?: () => void;
}

export const RUNAWAY_ERROR = 'ERR the command ran too long and was stopped; the engine restarted from its last save';

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
  restarts = 0;

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

  static spawn(): EngineClient {
    const make = (): Port =>
      new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'redis-engine' }) as unknown as Port;
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
    if (kind === 'workspace') this.workspace = req as Api['workspace']['req'];
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer =
        (kind === 'exec' || kind === 'execBatch') && this.factory !== undefined ? setTimeout(() => this.restart(RUNAWAY_ERROR), this.commandTimeoutMs) : undefined;
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

  /** Replaces a stuck worker with a fresh one. */
  restart(reason: string): void {
    if (!this.factory) return;
    this.port.terminate?.();
    this.port = this.factory();
    this.attach(this.port);
    this.restarts++;
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const p of failed) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new Error(reason));
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
    if ('saving' in m) {
      // Run; its writes are being saved while the worker answers other requests: not a runaway.
      if (p.timer) clearTimeout(p.timer);
      p.timer = undefined;
      return;
    }
    this.pending.delete(m.id);
    if (p.timer) clearTimeout(p.timer);
    if (m.ok) p.resolve(m.res);
    else p.reject(new Error(m.error));
  }
}

let shared: EngineClient | undefined;

/** The page's one engine connection (created on first use). */
export function engineClient(): EngineClient {
  shared ??= EngineClient.spawn();
  return shared;
}
