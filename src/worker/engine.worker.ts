/// <reference lib="webworker" />
/**
 * The Web Worker entry: one engine per page, answering typed requests and
 * pushing events. A failing request answers with an error; it never takes
 * the worker down.
 *
 * The learner's keys are restored from IndexedDB before the first request
 * is answered, and every change is saved: the keys a request touched are
 * written before its answer is posted (see saver.ts). Other tabs of the
 * page hear of each durable write on a BroadcastChannel and apply it, so
 * all tabs show one keyspace (the last writer of a key wins).
 */
import { writeAnswer } from '../protocol/answer-line';
import type { Api, ApiKind, RequestMessage, WorkerEvent, WorkerMessage } from '../protocol/messages';
import { EngineHost, FREE_WORKSPACE } from './host';
import { IdbKeyStore } from './persist';
import type { SyncMessage } from './saver';

declare const self: DedicatedWorkerGlobalScope;

const post = (m: WorkerMessage): void => self.postMessage(m);
/** Events raised while a request is handled: posted after its answer, so a reply never waits behind the views' news. */
let held: WorkerEvent[] | undefined;
const emit = (event: WorkerEvent): void => {
  if (held) held.push(event);
  else post({ id: 0, event });
};

const store = typeof indexedDB === 'undefined' ? undefined : new IdbKeyStore();
const channel = typeof BroadcastChannel === 'undefined' || store === undefined ? undefined : new BroadcastChannel('redis-playground:keys');
const host = new EngineHost(emit, store, channel ? { broadcast: (m) => channel.postMessage(m) } : {});
// The page answers other connections BUSY past busy-reply-threshold and kills a script on
// SCRIPT KILL or Ctrl-C (client/engine-client.ts): a script may run past the threshold here.
host.engine.scripting.stopsLongScripts = 60_000;

/**
 * The workspace this worker starts in: the learner's own keys, or the one its
 * name gives (`redis-engine@embed`: an embedded terminal, whose keys are kept
 * apart and never touch the learner's).
 */
const START_WORKSPACE = /^redis-engine@([\w:.-]{1,100})$/.exec(self.name)?.[1] ?? FREE_WORKSPACE;

async function restore(): Promise<void> {
  if (store === undefined) return;
  try {
    if (START_WORKSPACE !== FREE_WORKSPACE) {
      host.saver!.workspace = START_WORKSPACE;
      await host.loadWorkspace(START_WORKSPACE);
      return;
    }
    if (await host.loadWorkspace(FREE_WORKSPACE)) return;
    // An earlier version kept the whole keyspace in one record: bring it over, and drop it only once saved anew.
    const legacy = await store.legacy();
    if (legacy === undefined) return;
    host.restore(legacy);
    if (await host.saver!.settle()) await store.dropLegacy();
  } catch (e) {
    const message = `Your saved keys could not be read: ${e instanceof Error ? e.message : String(e)}. This tab starts empty; nothing saved was deleted.`;
    console.warn(message);
    emit({ type: 'storage', ok: false, message });
  }
}

/** Requests are served one at a time, in order: a workspace switch holds the ones after it. */
let queue: Promise<void> = restore().finally(() => host.start());

/** Shared memory the page may wait on for an answer (cross-origin isolated pages only). */
let answerLine: SharedArrayBuffer | undefined;

async function serve(m: RequestMessage): Promise<void> {
  const { id, kind, req, answer } = m;
  if (kind === 'answerLine') {
    answerLine = (req as Api['answerLine']['req']).buffer;
    post({ id, ok: true, res: null });
    return;
  }
  held = [];
  let placing: Promise<void> | undefined;
  try {
    let res: unknown;
    if (kind === 'workspace') {
      held = undefined; // its events (a lesson's setup) are news as they happen
      res = await host.workspace(req as Api['workspace']['req']);
    } else if (kind === 'flush') {
      held = undefined;
      res = await host.flushAll();
    } else {
      const lua = host.scriptingReady(kind as ApiKind, req);
      if (lua !== undefined) await lua;
      res = host.handle(kind as ApiKind, req);
      // The keys this request changed are written before the answer leaves (the write completes after).
      void host.saver?.flush();
      // A big write is placed in slices, other requests answered in between: this one's answer
      // waits for the last slice (so a page closed once it is answered keeps every key).
      placing = host.saver?.placing;
    }
    if (placing !== undefined) {
      post({ id, saving: true });
      const answered = res;
      void placing.then(() => {
        if (answer && answerLine) writeAnswer(answerLine, id, { ok: true, res: answered });
        post({ id, ok: true, res: answered });
      });
    } else {
      if (answer && answerLine) writeAnswer(answerLine, id, { ok: true, res });
      post({ id, ok: true, res });
    }
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    if (answer && answerLine) writeAnswer(answerLine, id, { ok: false, error });
    post({ id, ok: false, error });
  } finally {
    const events = held ?? [];
    held = undefined;
    for (const event of events) post({ id: 0, event });
  }
}

self.onmessage = (ev: MessageEvent<RequestMessage>) => {
  queue = queue.then(
    () => serve(ev.data),
    () => serve(ev.data),
  );
};

if (channel) {
  channel.onmessage = (ev: MessageEvent<SyncMessage>) => {
    // Applied between requests, never in the middle of one.
    queue = queue.then(() => host.applyRemote(ev.data)).catch(() => {});
  };
}
