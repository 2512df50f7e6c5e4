/// <reference lib="webworker" />
/**
 * The Web Worker entry: one engine per page, answering typed requests and
 * pushing events. A failing request answers with an error; it never takes
 * the worker down.
 */
import type { ApiKind, RequestMessage, WorkerEvent, WorkerMessage } from '../protocol/messages';
import { EngineHost } from './host';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: WorkerMessage): void => self.postMessage(m);
const host = new EngineHost((event: WorkerEvent) => post({ id: 0, event }));
host.start();

self.onmessage = (ev: MessageEvent<RequestMessage>) => {
  const { id, kind, req } = ev.data;
  try {
    const res = host.handle(kind as ApiKind, req);
    post({ id, ok: true, res });
  } catch (e) {
    post({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
