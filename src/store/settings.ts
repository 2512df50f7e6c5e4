/** Learner preferences, saved in the browser. */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';

export interface SettingsState {
  fontSize: number;
  /** Purist mode: only what redis-cli prints, no explanations or notes. */
  purist: boolean;
  /** Show the redis-py call under each command. */
  python: boolean;
  /** xterm.js screen-reader mode. */
  screenReader: boolean;
  /** Several terminals side by side instead of tabs. */
  split: boolean;
  setFontSize(n: number): void;
  toggle(k: 'purist' | 'python' | 'screenReader' | 'split'): void;
}

export const MIN_FONT = 11;
export const MAX_FONT = 32;

export const useSettings = create<SettingsState>()(
  persist(
    (set, get) => ({
      fontSize: 15,
      purist: false,
      python: false,
      screenReader: false,
      split: true,
      setFontSize: (n) => set({ fontSize: Math.min(MAX_FONT, Math.max(MIN_FONT, Math.round(n))) }),
      toggle: (k) => set({ [k]: !get()[k] } as Partial<SettingsState>),
    }),
    { name: 'redis-playground:settings', version: 1 },
  ),
);
