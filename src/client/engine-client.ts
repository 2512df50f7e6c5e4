/**
 * The page side of the worker protocol: `call(kind, req)` returns a typed
 * promise; `on(listener)` receives the worker's pushed events.
 *
 * A command that runs longer than `commandTimeoutMs` is stopped the only way
 * a busy worker can be: the worker is terminated and a fresh one started (it
 * restores the saved keyspace). Pending calls fail with an error and a
 * `restart` event tells terminals to reconnect.
 */
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
  }

  static spawn(): EngineClient {
    const make = (): Port =>
      new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'redis-engine' }) as unknown as Port;
    return new EngineClient(make(), make);
  }

  private attach(port: Port): void {
    port.onmessage = (ev) => {
      if (port === this.port) this.receive(ev.data);
    };
  }

  call<K extends ApiKind>(kind: K, req: Api[K]['req']): Promise<Api[K]['res']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer =
        (kind === 'exec' || kind === 'execBatch') && this.factory !== undefined ? setTimeout(() => this.restart(RUNAWAY_ERROR), this.commandTimeoutMs) : undefined;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.port.postMessage({ id, kind, req });
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
