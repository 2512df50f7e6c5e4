/**
 * The page side of the worker protocol: `call(kind, req)` returns a typed
 * promise; `on(listener)` receives the worker's pushed events.
 */
import type { Api, ApiKind, RequestMessage, WorkerEvent, WorkerMessage } from '../protocol/messages';

export interface Port {
  postMessage(m: RequestMessage): void;
  onmessage: ((ev: MessageEvent<WorkerMessage>) => void) | null;
  terminate?: () => void;
}

export class EngineClient {
  private nextId = 1;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private listeners = new Set<(e: WorkerEvent) => void>();

  constructor(private readonly port: Port) {
    port.onmessage = (ev) => this.receive(ev.data);
  }

  static spawn(): EngineClient {
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), { type: 'module', name: 'redis-engine' });
    return new EngineClient(worker as unknown as Port);
  }

  call<K extends ApiKind>(kind: K, req: Api[K]['req']): Promise<Api[K]['res']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ id, kind, req });
    });
  }

  on(listener: (e: WorkerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private receive(m: WorkerMessage): void {
    if ('event' in m) {
      for (const l of this.listeners) l(m.event);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
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
