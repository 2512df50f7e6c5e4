/**
 * The service worker (vite.config.ts) and what it has to say: once it keeps
 * the whole app the page works with no network (a reload included), and when
 * a new version has been deployed it says so and offers to reload. It never
 * reloads by itself: the learner chooses when (the engine saves every change
 * as it is answered, so a reload loses nothing).
 *
 * The development server has no service worker: `virtual:pwa-register`
 * does nothing there.
 */
import { useEffect, useRef, useState } from 'react';
import { registerSW } from 'virtual:pwa-register';

type Update = (reload?: boolean) => Promise<void>;

interface Registration {
  update: Update;
  readonly listeners: Set<(e: 'ready' | 'update') => void>;
  last?: 'ready' | 'update';
}

/** One registration per page, whatever React mounts twice. */
let registered: Registration | undefined;

function register(): Registration {
  if (registered) return registered;
  const listeners = new Set<(e: 'ready' | 'update') => void>();
  const r: Registration = { listeners, update: async () => {} };
  const tell = (e: 'ready' | 'update') => {
    r.last = e;
    for (const l of listeners) l(e);
  };
  r.update = registerSW({
    onNeedRefresh: () => tell('update'),
    onOfflineReady: () => tell('ready'),
  });
  registered = r;
  return r;
}

export function UpdatePrompt() {
  const [state, setState] = useState<'idle' | 'ready' | 'update' | 'later' | 'reloading'>('idle');
  const reg = useRef<Registration | undefined>(undefined);
  useEffect(() => {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    const r = register();
    reg.current = r;
    const on = (e: 'ready' | 'update') => setState((s) => (s === 'later' && e === 'ready' ? s : e));
    if (r.last) on(r.last);
    r.listeners.add(on);
    return () => {
      r.listeners.delete(on);
    };
  }, []);

  if (state === 'ready') {
    // Said once to screen readers; nothing to look at.
    return (
      <p role="status" className="sr-only" data-testid="offline-ready">
        The playground is saved in this browser: it now works offline.
      </p>
    );
  }
  if (state !== 'update' && state !== 'reloading') return <p role="status" className="sr-only" />;
  return (
    <div
      role="status"
      data-testid="update-prompt"
      className="fixed right-3 bottom-3 z-50 flex max-w-[min(94vw,420px)] flex-wrap items-center gap-x-3 gap-y-2 rounded-lg border border-edge bg-panel px-3 py-2 text-sm text-white shadow-xl"
    >
      <p className="min-w-0 flex-1 basis-full sm:basis-0">A new version of the playground is ready. Reload when it suits you: your keys are saved.</p>
      <div className="flex gap-2">
        <button
          type="button"
          disabled={state === 'reloading'}
          onClick={() => {
            setState('reloading');
            void reg.current?.update(true);
          }}
          className="rounded bg-redis-strong px-2.5 py-1 text-xs font-semibold text-white hover:bg-redis disabled:opacity-60"
        >
          {state === 'reloading' ? 'Reloading…' : 'Reload now'}
        </button>
        <button
          type="button"
          onClick={() => setState('later')}
          className="rounded border border-edge px-2.5 py-1 text-xs text-[#d5dbea] hover:text-white"
        >
          Later
        </button>
      </div>
    </div>
  );
}
