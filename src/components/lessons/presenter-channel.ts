/**
 * The presenter window and the notes window talk over a BroadcastChannel:
 * the presenter announces where it is, the notes window follows and can ask
 * it to move.
 */
export const CHANNEL = 'redis-playground-presenter';

export type PresenterMessage =
  | { readonly type: 'state'; readonly lessonId: string; readonly section: number }
  | { readonly type: 'hello' }
  | { readonly type: 'go'; readonly delta: 1 | -1 }
  | { readonly type: 'reset-demo' };

export function openChannel(onMessage: (m: PresenterMessage) => void): { post(m: PresenterMessage): void; close(): void } {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, close() {} };
  const ch = new BroadcastChannel(CHANNEL);
  ch.onmessage = (e: MessageEvent<PresenterMessage>) => onMessage(e.data);
  return { post: (m) => ch.postMessage(m), close: () => ch.close() };
}

/** The URL of the notes window for this page. */
export function notesUrl(): string {
  const u = new URL(window.location.href);
  u.search = '?view=notes';
  u.hash = '';
  return u.toString();
}
