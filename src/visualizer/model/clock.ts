/**
 * The clock's model: keeps the page's engine clock (src/store/clock.ts) in
 * step with the worker's and provides its controls (pause, play at a speed,
 * jump ahead) over an engine client.
 */
import type { StoreApi } from 'zustand';
import type { EngineClient } from '../../client/engine-client';
import { useClock, type ClockStore } from '../../store/clock';

/** How often the page re-reads the worker's clock: the page's and the worker's timers drift apart slowly. */
const RESYNC_MS = 15_000;

/** Connects the clock to `client`; returns the function that disconnects it. */
export function connectClock(client: Pick<EngineClient, 'call' | 'on'>, store: StoreApi<ClockStore> = useClock): () => void {
  const { getState: get, setState: set } = store;
  const sync = (): void => void client.call('clock', { op: 'get' }).then((s) => get().receive(s));
  const off = client.on((e) => {
    if (e.type === 'clock') get().receive(e.state);
    if (e.type === 'restart') sync();
  });
  set({
    async pause() {
      get().receive(await client.call('clock', { op: 'pause' }));
    },
    async play(speed) {
      get().receive(await client.call('clock', { op: 'play', ...(speed !== undefined ? { speed } : {}) }));
    },
    async advance(ms) {
      get().receive(await client.call('clock', { op: 'advance', ms }));
      set({ lastJump: { ms, seq: (get().lastJump?.seq ?? 0) + 1 } });
    },
  });
  sync();
  const t = setInterval(sync, RESYNC_MS);
  return () => {
    off();
    clearInterval(t);
    set({ pause: () => Promise.resolve(), play: () => Promise.resolve(), advance: () => Promise.resolve() });
  };
}
