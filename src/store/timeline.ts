/**
 * The page's view of the session's timeline (the worker keeps it): the
 * commands that changed the keyspace, the point picked to look at, and what
 * differed then. Undo and restore are terminal commands (`:undo`,
 * `:restore N`, `:timeline`), so the buttons type them and the terminal
 * shows what happened, as it does for every command.
 */
import { create } from 'zustand';
import { engineClient, type EngineClient } from '../client/engine-client';
import type { TimelineEntry, TimelinePreview, UndoResult } from '../protocol/timeline';
import { useKeyspace } from './keyspace';
import { backgroundClients } from './terminals';
import { activeSession, useTerminals } from './terminals';

export interface TimelineState {
  open: boolean;
  entries: readonly TimelineEntry[];
  dropped: number;
  /** The point looked at: an entry id, 0 for before the first one kept, undefined for now. */
  selected: number | undefined;
  preview: TimelinePreview | undefined;
  /** The database the preview shows. */
  db: number;
  setOpen(open: boolean): void;
  refresh(): Promise<void>;
  select(id: number | undefined, db?: number): Promise<void>;
}

let client: EngineClient | undefined;
const api = () => (client ??= engineClient());

export const useTimeline = create<TimelineState>((set, get) => ({
  open: false,
  entries: [],
  dropped: 0,
  selected: undefined,
  preview: undefined,
  db: 0,
  setOpen(open) {
    // Closing keeps the point picked: the keyspace view goes on showing it (with Back to now) until left.
    set({ open });
    if (open) void get().refresh();
  },
  async refresh() {
    const l = await api().call('timeline', null);
    const { selected } = get();
    const still = selected === undefined || selected === 0 || l.entries.some((e) => e.id === selected);
    set({ entries: l.entries, dropped: l.dropped, ...(still ? {} : { selected: undefined, preview: undefined }) });
    if (!still) useKeyspace.getState().viewPast(undefined);
    const now = get();
    if (now.selected !== undefined) await now.select(now.selected, now.db);
  },
  async select(id, db = get().db) {
    set({ selected: id, db });
    // The keyspace view shows that point, read-only (the live keyspace again for now).
    const e = id === undefined ? undefined : get().entries.find((x) => x.id === id);
    useKeyspace.getState().viewPast(id === undefined ? undefined : { id, label: e ? entryText(e.argv, 60) : '' });
    if (id === undefined) {
      set({ preview: undefined });
      return;
    }
    const preview = await api().call('timelinePreview', { id, db, limit: 8 });
    if (get().selected === id && get().db === db) set({ preview });
  },
}));

/** Keeps the open timeline current with the keyspace. */
export function connectTimeline(c: EngineClient = api()): () => void {
  client = c;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = c.on((e) => {
    if (e.type !== 'change' && e.type !== 'restart') return;
    if (!useTimeline.getState().open) return;
    clearTimeout(timer);
    timer = setTimeout(() => void useTimeline.getState().refresh().catch(() => {}), 120);
  });
  return () => {
    clearTimeout(timer);
    off();
  };
}

/** A command of the timeline, as typed (quoted where needed, long ones cut). */
export function entryText(argv: readonly string[], max = 80): string {
  const text = argv.map((a) => (/^[\x21-\x7e]+$/.test(a) && !/["'\\]/.test(a) ? a : JSON.stringify(a))).join(' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const DIM = '\x1b[2m';
const OFF = '\x1b[0m';

/** What an undo or restore did, in the terminal's words. */
export function describeUndo(r: UndoResult, what: 'undo' | 'restore'): string[] {
  if (!r.ok) {
    const cmd = r.argv ? ` ${entryText(r.argv, 60)}` : '';
    return [`${YELLOW}Cannot ${what}${cmd}: ${r.reason ?? 'unknown reason'}.${OFF}`];
  }
  if (r.undone === 0) return [`${DIM}The keyspace is already at that point.${OFF}`];
  const head =
    what === 'undo'
      ? `${GREEN}Undone: ${entryText(r.argv ?? [], 60)}${OFF}`
      : `${GREEN}Restored: ${r.undone} ${r.undone === 1 ? 'command' : 'commands'} undone, the keyspace is as it was before ${entryText(r.argv ?? [], 50)}${OFF}`;
  const shown = r.keys.slice(0, 6).map((k) => `${k.db !== 0 ? `[db${k.db}] ` : ''}${entryText([k.key], 40)} ${k.type === null ? '(removed)' : `(${k.type} put back)`}`);
  const lines = [head];
  if (shown.length > 0) lines.push(`${DIM}  ${shown.join(', ')}${r.keys.length > shown.length ? `, and ${r.keys.length - shown.length} more` : ''}${OFF}`);
  if (r.expiredSince > 0)
    lines.push(`${DIM}  ${r.expiredSince} ${r.expiredSince === 1 ? 'key was' : 'keys were'} not put back: the TTL ran out since.${OFF}`);
  return lines;
}

export async function undo(): Promise<UndoResult> {
  const r = await api().call('undo', { skipClients: [...backgroundClients()] });
  if (useTimeline.getState().open) void useTimeline.getState().refresh();
  return r;
}

export async function restoreTo(id: number): Promise<UndoResult> {
  const r = await api().call('timelineRestore', { id });
  if (useTimeline.getState().open) void useTimeline.getState().refresh();
  return r;
}

/** Types a timeline command into the focused terminal, so it shows there; false without a terminal. */
export async function typeTimelineCommand(line: string): Promise<boolean> {
  const s = activeSession();
  if (!s) return false;
  await s.typeLine(line);
  return true;
}

/** Registers `:undo`, `:timeline` and `:restore N` in the terminals. */
export function installTimelineCommands(): () => void {
  return useTerminals.getState().addLocalCommand(async (argv, _line, print) => {
    const word = argv[0]?.toLowerCase();
    if (word === ':undo') {
      if (argv.length > 1) {
        print(`${YELLOW}usage: :undo (takes no arguments; type it again to undo the command before)${OFF}`);
        return true;
      }
      for (const l of describeUndo(await undo(), 'undo')) print(l);
      return true;
    }
    if (word === ':restore') {
      const id = Number(argv[1]);
      if (argv.length !== 2 || !Number.isInteger(id) || id < 0) {
        print(`${YELLOW}usage: :restore N (N is a command's number in :timeline; 0 is before the first)${OFF}`);
        return true;
      }
      for (const l of describeUndo(await restoreTo(id), 'restore')) print(l);
      return true;
    }
    if (word === ':timeline') {
      const l = await api().call('timeline', null);
      if (l.entries.length === 0) print(`${DIM}No command has changed the keyspace yet${l.dropped > 0 ? ' since the history started over' : ''}.${OFF}`);
      for (const e of l.entries.slice(-20)) {
        const note = e.cannotUndo ? `${YELLOW}  (cannot be undone: ${e.cannotUndo})${OFF}` : '';
        print(`${DIM}${String(e.id).padStart(4)}${OFF}  ${entryText(e.argv)}${note}`);
      }
      if (l.entries.length > 20) print(`${DIM}(${l.entries.length - 20} earlier in the timeline panel)${OFF}`);
      print(`${DIM}:undo reverts the last one; :restore N goes back to right after N. The Timeline button shows each point.${OFF}`);
      useTimeline.getState().setOpen(true);
      return true;
    }
    return false;
  });
}
