/**
 * The engine clock as the page knows it: the worker's last {now, paused,
 * speed}, extrapolated locally so countdowns run smoothly without asking
 * the worker, and the controls (pause, play at a speed, jump ahead). The
 * terminal, lessons and the visualizer all see this one engine clock.
 */
import { useSyncExternalStore } from 'react';
import { create } from 'zustand';
import type { EngineClient } from '../client/engine-client';
import type { ClockState } from '../protocol/messages';
import { engineTime, formatClock, type ClockSample } from '../visualizer/layout/clock';

export const SPEEDS = [1, 10, 60] as const;

export interface ClockStore {
  sample: ClockSample | undefined;
  /** Set when the worker confirms a jump: views use it to say "+1 min". */
  lastJump: { ms: number; seq: number } | undefined;
  connect(client: EngineClient): () => void;
  receive(state: ClockState): void;
  pause(): Promise<void>;
  play(speed?: number): Promise<void>;
  advance(ms: number): Promise<void>;
}

let client: EngineClient | undefined;

export const useClock = create<ClockStore>((set, get) => ({
  sample: undefined,
  lastJump: undefined,
  connect(c) {
    client = c;
    const off = c.on((e) => {
      if (e.type === 'clock') get().receive(e.state);
      if (e.type === 'restart') void c.call('clock', { op: 'get' }).then((s) => get().receive(s));
    });
    void c.call('clock', { op: 'get' }).then((s) => get().receive(s));
    // Re-sync now and then: the page's and the worker's timers drift apart slowly.
    const t = setInterval(() => void c.call('clock', { op: 'get' }).then((s) => get().receive(s)), 15_000);
    return () => {
      off();
      clearInterval(t);
    };
  },
  receive(state) {
    // A clock the page cannot show (a corrupt save, a far-future jump) keeps the last good one.
    if (!validClock(state)) return;
    set({ sample: { ...state, at: performance.now() } });
  },
  async pause() {
    if (client) get().receive(await client.call('clock', { op: 'pause' }));
  },
  async play(speed) {
    if (client) get().receive(await client.call('clock', { op: 'play', ...(speed !== undefined ? { speed } : {}) }));
  },
  async advance(ms) {
    if (!client) return;
    get().receive(await client.call('clock', { op: 'advance', ms }));
    set({ lastJump: { ms, seq: (get().lastJump?.seq ?? 0) + 1 } });
  },
}));

/** The latest time a JavaScript Date can hold (ms since the epoch). */
export const MAX_TIME = 8.64e15;

/** Whether a clock state from the worker can be shown and extrapolated: finite, a real date, a positive speed. */
export function validClock(s: unknown): s is ClockState {
  if (typeof s !== 'object' || s === null) return false;
  const { now, paused, speed } = s as Record<string, unknown>;
  return (
    typeof now === 'number' && Number.isFinite(now) && Math.abs(now) <= MAX_TIME &&
    typeof paused === 'boolean' &&
    typeof speed === 'number' && Number.isFinite(speed) && speed > 0
  );
}

/** HH:MM:SS of engine time, or dashes when there is no time that can be shown. */
export function clockText(ms: number): string {
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_TIME ? formatClock(ms) : '--:--:--';
}

/** Engine time now, extrapolated from the last sample (Date.now() before the first one). */
export function engineNow(): number {
  const s = useClock.getState().sample;
  return s === undefined ? Date.now() : engineTime(s, performance.now());
}

// One shared ticker for every countdown on the page.
const subscribers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let tickValue = 0;

function subscribe(cb: () => void): () => void {
  subscribers.add(cb);
  const unsubClock = useClock.subscribe(() => {
    tickValue++;
    cb();
  });
  if (timer === undefined) {
    timer = setInterval(() => {
      tickValue++;
      for (const s of subscribers) s();
    }, 250);
  }
  return () => {
    unsubClock();
    subscribers.delete(cb);
    if (subscribers.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/**
 * Re-renders about four times a second (and on every clock change) and
 * returns the engine time: for TTL countdowns.
 */
export function useEngineNow(): number {
  useSyncExternalStore(subscribe, () => tickValue);
  return engineNow();
}
