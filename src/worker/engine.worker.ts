/// <reference lib="webworker" />
/**
 * The Web Worker entry: one engine per page, answering typed requests and
 * pushing events. A failing request answers with an error; it never takes
 * the worker down. The keyspace is restored from IndexedDB before the first
 * request is answered, and saved shortly after it changes.
 */
import { writeAnswer } from '../protocol/answer-line';
import type { Api, ApiKind, RequestMessage, WorkerEvent, WorkerMessage } from '../protocol/messages';
import { EngineHost } from './host';
import { loadSnapshot, saveSnapshot } from './persist';

declare const self: DedicatedWorkerGlobalScope;

const SAVE_DELAY_MS = 500;

const post = (m: WorkerMessage): void => self.postMessage(m);
/** Events raised while a request is handled: posted after its answer, so a reply never waits behind the views' news. */
let held: WorkerEvent[] | undefined;
const host = new EngineHost(
  (event: WorkerEvent) => {
    if (held) held.push(event);
    else post({ id: 0, event });
  },
  (snap) => saveSnapshot(snap),
);

const ready = loadSnapshot()
  .then((snap) => {
    if (snap) host.restore(snap);
  })
  .catch(() => {
    /* no saved keyspace, or storage unavailable: start empty */
  })
  .finally(() => host.start());

/** Shared memory the page may wait on for an answer (cross-origin isolated pages only). */
let answerLine: SharedArrayBuffer | undefined;

let saving = false;
setInterval(() => {
  if (!host.dirty || saving) return;
  saving = true;
  const snap = host.snapshot();
  const engine = host.engine;
  saveSnapshot(snap)
    // A saved keyspace counts as a save (LASTSAVE, INFO persistence), as Redis's save points do.
    .then(() => {
      if (snap !== undefined) engine.persistence.saved();
    })
    .catch(() => {
      /* storage full or unavailable: keep working in memory */
    })
    .finally(() => {
      saving = false;
    });
}, SAVE_DELAY_MS);

self.onmessage = (ev: MessageEvent<RequestMessage>) => {
  void ready.then(() => {
    const { id, kind, req, answer } = ev.data;
    if (kind === 'answerLine') {
      answerLine = (req as Api['answerLine']['req']).buffer;
      post({ id, ok: true, res: null });
      return;
    }
    held = [];
    try {
      const res = host.handle(kind as ApiKind, req);
      if (answer && answerLine) writeAnswer(answerLine, id, { ok: true, res });
      post({ id, ok: true, res });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (answer && answerLine) writeAnswer(answerLine, id, { ok: false, error });
      post({ id, ok: false, error });
    } finally {
      const events = held;
      held = undefined;
      for (const event of events) post({ id: 0, event });
    }
  });
};
