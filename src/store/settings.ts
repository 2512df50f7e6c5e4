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
  /** Which panels the main screen shows. */
  layout: PanelLayout;
  /** Width of the lesson column in CSS pixels (desktop layouts). */
  lessonWidth: number;
  /** The terminal's share of the space it shares with the keyspace view (0.25 to 0.8). */
  terminalShare: number;
  setFontSize(n: number): void;
  setLayout(l: PanelLayout): void;
  setLessonWidth(px: number): void;
  setTerminalShare(f: number): void;
  toggle(k: 'purist' | 'python' | 'screenReader' | 'split'): void;
}

export const MIN_FONT = 11;
export const MAX_FONT = 32;

export type PanelLayout = 'all' | 'lesson-terminal' | 'terminal-keyspace';
export const PANEL_LAYOUTS: readonly PanelLayout[] = ['all', 'lesson-terminal', 'terminal-keyspace'];
export const LESSON_WIDTH = { min: 260, max: 640, initial: 360 } as const;
export const TERMINAL_SHARE = { min: 0.25, max: 0.8, initial: 0.58 } as const;

const clampLessonWidth = (px: number) => Math.min(LESSON_WIDTH.max, Math.max(LESSON_WIDTH.min, Math.round(px)));
const clampShare = (f: number) => Math.min(TERMINAL_SHARE.max, Math.max(TERMINAL_SHARE.min, Math.round(f * 1000) / 1000));

/** Layout sizes read back from storage: anything not a finite number in range falls back to the default. */
export function validLayout(saved: unknown): Pick<SettingsState, 'layout' | 'lessonWidth' | 'terminalShare'> {
  const o = (typeof saved === 'object' && saved !== null ? saved : {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const w = num(o.lessonWidth);
  const f = num(o.terminalShare);
  return {
    layout: PANEL_LAYOUTS.includes(o.layout as PanelLayout) ? (o.layout as PanelLayout) : 'all',
    lessonWidth: w === undefined ? LESSON_WIDTH.initial : clampLessonWidth(w),
    terminalShare: f === undefined ? TERMINAL_SHARE.initial : clampShare(f),
  };
}

export const useSettings = create<SettingsState>()(
  persist(
    (set, get) => ({
      fontSize: 15,
      purist: false,
      python: false,
      screenReader: false,
      split: true,
      layout: 'all',
      lessonWidth: LESSON_WIDTH.initial,
      terminalShare: TERMINAL_SHARE.initial,
      setLayout: (l) => set({ layout: PANEL_LAYOUTS.includes(l) ? l : 'all' }),
      setLessonWidth: (px) => set({ lessonWidth: clampLessonWidth(px) }),
      setTerminalShare: (f) => set({ terminalShare: clampShare(f) }),
      setFontSize: (n) => set({ fontSize: Math.min(MAX_FONT, Math.max(MIN_FONT, Math.round(n))) }),
      toggle: (k) => set({ [k]: !get()[k] } as Partial<SettingsState>),
    }),
    {
      name: 'redis-playground:settings',
      version: 1,
      // Sizes saved by an older build, edited by hand or out of range never break the layout.
      merge: (saved, current) => ({ ...current, ...(saved as Partial<SettingsState>), ...validLayout(saved) }),
    },
  ),
);
