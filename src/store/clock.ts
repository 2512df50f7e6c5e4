/**
 * The engine clock as the page knows it: the worker's last {now, paused,
 * speed}, extrapolated locally so countdowns run smoothly without asking
 * the worker, and the controls (pause, play at a speed, jump ahead). The
 * terminal, lessons and the visualizer all see this one engine clock.
 *
 * State only: the controls are provided by the clock's model
 * (src/visualizer/model/clock.ts) while it is connected to an engine
 * client; until then they do nothing.
 */
import { useSyncExternalStore } from 'react';
import { create } from 'zustand';
import type { ClockState } from '../protocol/messages';
import { engineTime, formatClock, type ClockSample } from '../visualizer/layout/clock';

export const SPEEDS = [1, 10, 60] as const;

export interface ClockStore {
  sample: ClockSample | undefined;
  /** Set when the worker confirms a jump: views use it to say "+1 min". */
  lastJump: { ms: number; seq: number } | undefined;
  receive(state: ClockState): void;
  pause(): Promise<void>;
  play(speed?: number): Promise<void>;
  advance(ms: number): Promise<void>;
}

export const useClock = create<ClockStore>((set) => ({
  sample: undefined,
  lastJump: undefined,
  receive(state) {
    // A clock the page cannot show (a corrupt save, a far-future jump) keeps the last good one.
    if (!validClock(state)) return;
    set({ sample: { ...state, at: performance.now() } });
  },
  pause: () => Promise.resolve(),
  play: () => Promise.resolve(),
  advance: () => Promise.resolve(),
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
