/**
 * The page's view of the session's timeline (the worker keeps it): the
 * commands that changed the keyspace, the point picked to look at, and what
 * differed then. Undo and restore are terminal commands (`:undo`,
 * `:restore N`, `:timeline`), so the buttons type them and the terminal
 * shows what happened, as it does for every command.
 *
 * State only: the actions that ask the worker (refresh, select, undo,
 * restore) are provided by the timeline's model
 * (src/visualizer/model/timeline.ts) while it is connected to an engine
 * client; until then they do nothing.
 */
import { create } from 'zustand';
import type { TimelineEntry, TimelinePreview, UndoResult } from '../protocol/timeline';
import { activeSession } from './terminals';

export interface TimelineView {
  open: boolean;
  entries: readonly TimelineEntry[];
  dropped: number;
  /** Of the entries, how many (the oldest) a reload would not keep, and what is kept across one. */
  unsaved: number;
  savedLimits: string;
  /** What the restore after a reload left out, and why. */
  notice: string | undefined;
  /** The point looked at: an entry id, 0 for before the first one kept, undefined for now. */
  selected: number | undefined;
  preview: TimelinePreview | undefined;
  /** The database the preview shows. */
  db: number;
}

/** What the timeline's model does (see src/visualizer/model/timeline.ts). */
export interface TimelineActions {
  refresh(): Promise<void>;
  select(id: number | undefined, db?: number): Promise<void>;
  /** Reverts the learner's last command that changed the keyspace. */
  undo(): Promise<UndoResult>;
  /** Makes the keyspace what it was right after entry `id`. */
  restoreTo(id: number): Promise<UndoResult>;
}

export interface TimelineState extends TimelineView, TimelineActions {
  setOpen(open: boolean): void;
}

const NOT_CONNECTED: UndoResult = { ok: false, reason: 'the engine is not connected', undone: 0, keys: [], expiredSince: 0 };

/** The actions before a model is connected: nothing is asked. */
export const DISCONNECTED: TimelineActions = {
  refresh: () => Promise.resolve(),
  select: (selected, db) => {
    useTimeline.setState({ selected, ...(db !== undefined ? { db } : {}) });
    return Promise.resolve();
  },
  undo: () => Promise.resolve(NOT_CONNECTED),
  restoreTo: () => Promise.resolve(NOT_CONNECTED),
};

export const useTimeline = create<TimelineState>((set, get) => ({
  open: false,
  entries: [],
  dropped: 0,
  unsaved: 0,
  savedLimits: '',
  notice: undefined,
  selected: undefined,
  preview: undefined,
  db: 0,
  ...DISCONNECTED,
  setOpen(open) {
    // Closing keeps the point picked: the keyspace view goes on showing it (with Back to now) until left.
    set({ open });
    if (open) void get().refresh();
  },
}));

/** A command of the timeline, as typed (quoted where needed, long ones cut). */
export function entryText(argv: readonly string[], max = 80): string {
  const text = argv.map((a) => (/^[\x21-\x7e]+$/.test(a) && !/["'\\]/.test(a) ? a : JSON.stringify(a))).join(' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Types a timeline command into the focused terminal, so it shows there; false without a terminal. */
export async function typeTimelineCommand(line: string): Promise<boolean> {
  const s = activeSession();
  if (!s) return false;
  await s.typeLine(line);
  return true;
}
