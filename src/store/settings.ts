/** Learner preferences, saved in the browser. */
import { create } from 'zustand';
import { persist, type StateStorage } from 'zustand/middleware';

export interface Settings {
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
  /** The keyspace view follows (and shows as "Last:") the commands of demo clients (a lesson's simulation) too. */
  followDemo: boolean;
}

export interface SettingsState extends Settings {
  setFontSize(n: number): void;
  setLayout(l: PanelLayout): void;
  setLessonWidth(px: number): void;
  setTerminalShare(f: number): void;
  toggle(k: 'purist' | 'python' | 'screenReader' | 'split' | 'followDemo'): void;
}

export const MIN_FONT = 11;
export const MAX_FONT = 32;

export type PanelLayout = 'all' | 'lesson-terminal' | 'terminal-keyspace';
export const PANEL_LAYOUTS: readonly PanelLayout[] = ['all', 'lesson-terminal', 'terminal-keyspace'];
export const LESSON_WIDTH = { min: 260, max: 640, initial: 360 } as const;
export const TERMINAL_SHARE = { min: 0.25, max: 0.8, initial: 0.58 } as const;

const clampLessonWidth = (px: number) => Math.min(LESSON_WIDTH.max, Math.max(LESSON_WIDTH.min, Math.round(px)));
const clampShare = (f: number) => Math.min(TERMINAL_SHARE.max, Math.max(TERMINAL_SHARE.min, Math.round(f * 1000) / 1000));

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  fontSize: 15,
  purist: false,
  python: false,
  screenReader: false,
  split: true,
  layout: 'all',
  lessonWidth: LESSON_WIDTH.initial,
  terminalShare: TERMINAL_SHARE.initial,
  followDemo: false,
});

const STORAGE_KEY = 'redis-playground:settings';

/**
 * Settings read back from storage, field by field: a field that is missing,
 * of the wrong type, not finite or outside its range keeps its default; the
 * other fields are kept. A font size of 1e9 or NaN never reaches the page.
 */
export function sanitizeSettings(saved: unknown): Settings {
  const o = typeof saved === 'object' && saved !== null && !Array.isArray(saved) ? (saved as Record<string, unknown>) : {};
  const bool = (k: 'purist' | 'python' | 'screenReader' | 'split' | 'followDemo'): boolean => (typeof o[k] === 'boolean' ? o[k] : DEFAULT_SETTINGS[k]);
  const f = o.fontSize;
  const fontSize = typeof f === 'number' && Number.isFinite(f) && f >= MIN_FONT && f <= MAX_FONT ? Math.round(f) : DEFAULT_SETTINGS.fontSize;
  // Layout sizes: a number out of range is brought into it; anything else keeps the default.
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const w = num(o.lessonWidth);
  const share = num(o.terminalShare);
  return {
    fontSize,
    purist: bool('purist'),
    python: bool('python'),
    screenReader: bool('screenReader'),
    split: bool('split'),
    layout: PANEL_LAYOUTS.includes(o.layout as PanelLayout) ? (o.layout as PanelLayout) : DEFAULT_SETTINGS.layout,
    lessonWidth: w === undefined ? DEFAULT_SETTINGS.lessonWidth : clampLessonWidth(w),
    terminalShare: share === undefined ? DEFAULT_SETTINGS.terminalShare : clampShare(share),
    followDemo: bool('followDemo'),
  };
}

/** localStorage that reads a corrupt or unreadable entry as "nothing saved" instead of failing. */
const safeStorage: StateStorage = {
  getItem(name) {
    try {
      const raw = localStorage.getItem(name);
      if (raw === null) return null;
      JSON.parse(raw);
      return raw;
    } catch {
      return null;
    }
  },
  setItem(name, value) {
    try {
      localStorage.setItem(name, value);
    } catch {
      /* storage full or disabled: the settings stay in memory */
    }
  },
  removeItem(name) {
    try {
      localStorage.removeItem(name);
    } catch {
      /* ignore */
    }
  },
};

export const useSettings = create<SettingsState>()(
  persist(
    (set, get) => ({
      ...DEFAULT_SETTINGS,
      setFontSize: (n) => set({ fontSize: Number.isFinite(n) ? Math.min(MAX_FONT, Math.max(MIN_FONT, Math.round(n))) : DEFAULT_SETTINGS.fontSize }),
      toggle: (k) => set({ [k]: !get()[k] } as Partial<SettingsState>),
      setLayout: (l) => set({ layout: PANEL_LAYOUTS.includes(l) ? l : DEFAULT_SETTINGS.layout }),
      setLessonWidth: (px) => set({ lessonWidth: Number.isFinite(px) ? clampLessonWidth(px) : DEFAULT_SETTINGS.lessonWidth }),
      setTerminalShare: (f) => set({ terminalShare: Number.isFinite(f) ? clampShare(f) : DEFAULT_SETTINGS.terminalShare }),
    }),
    {
      name: STORAGE_KEY,
      version: 1,
      storage: {
        getItem(name) {
          const raw = safeStorage.getItem(name) as string | null;
          if (raw === null) return null;
          const parsed = JSON.parse(raw) as unknown;
          const o = typeof parsed === 'object' && parsed !== null ? (parsed as { state?: unknown; version?: unknown }) : {};
          return { state: sanitizeSettings(o.state), version: typeof o.version === 'number' ? o.version : 1 };
        },
        setItem(name, value) {
          safeStorage.setItem(name, JSON.stringify(value));
        },
        removeItem(name) {
          safeStorage.removeItem(name);
        },
      },
      // Saved values never replace the actions, and only validated fields are taken.
      merge: (saved, current) => ({ ...current, ...sanitizeSettings(saved) }),
      partialize: (s): Settings => ({
        fontSize: s.fontSize,
        purist: s.purist,
        python: s.python,
        screenReader: s.screenReader,
        split: s.split,
        layout: s.layout,
        lessonWidth: s.lessonWidth,
        terminalShare: s.terminalShare,
        followDemo: s.followDemo,
      }),
    },
  ),
);
