/**
 * A real engine client for page-side tests: the worker's host (EngineHost)
 * runs in this process behind a port that behaves like the worker's
 * (requests answered in order, asynchronously, a workspace switch awaited,
 * the events a request raised posted after its answer). Keys are saved to
 * an in-memory store, so workspaces (free play, each lesson) are real.
 */
import { EngineClient, type Port } from '../../src/client/engine-client';
import type { Api, ApiKind, RequestMessage, WorkerEvent, WorkerMessage } from '../../src/protocol/messages';
import { EngineHost } from '../../src/worker/host';
import { MemoryKeyStore } from '../../src/worker/persist';

export interface LocalEngine {
  readonly client: EngineClient;
  readonly host: EngineHost;
  /** Resolves once every request sent so far is answered. */
  idle(): Promise<void>;
}

export function localEngine(): LocalEngine {
  const port: Port = {
    onmessage: null,
    postMessage(m: RequestMessage): void {
      queue = queue.then(() => serve(m));
    },
  };
  const deliver = (m: WorkerMessage): void => {
    // As from a worker: a message arrives in a later task.
    setTimeout(() => port.onmessage?.({ data: m } as MessageEvent<WorkerMessage>), 0);
  };
  let held: WorkerEvent[] | undefined;
  const host = new EngineHost((event) => {
    if (held) held.push(event);
    else deliver({ id: 0, event });
  }, new MemoryKeyStore());
  let queue: Promise<void> = Promise.resolve();

  async function serve({ id, kind, req }: RequestMessage): Promise<void> {
    held = [];
    try {
      let res: unknown;
      if (kind === 'workspace') {
        held = undefined;
        res = await host.workspace(req as Api['workspace']['req']);
      } else if (kind === 'flush') res = await host.flushAll();
      else if (kind === 'answerLine') res = null;
      else res = host.handle(kind as ApiKind, req);
      deliver({ id, ok: true, res });
    } catch (e) {
      deliver({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
    } finally {
      for (const event of held ?? []) deliver({ id: 0, event });
      held = undefined;
    }
  }

  const client = new EngineClient(port);
  return {
    client,
    host,
    async idle() {
      await queue;
      await new Promise((r) => setTimeout(r, 5));
    },
  };
}
