/**
 * The timeline's model: fills the timeline's state (src/store/timeline.ts)
 * from the worker over an engine client, provides undo and restore, and the
 * terminal commands `:undo`, `:timeline` and `:restore N` with their words.
 */
import type { StoreApi } from 'zustand';
import type { EngineClient } from '../../client/engine-client';
import type { UndoResult } from '../../protocol/timeline';
import { useKeyspace } from '../../store/keyspace';
import { backgroundClients, useTerminals, type LocalCommand } from '../../store/terminals';
import { DISCONNECTED, entryText, useTimeline, type TimelineActions, type TimelineState } from '../../store/timeline';

type Client = Pick<EngineClient, 'call' | 'on'>;

/**
 * Connects the timeline to `client`: its actions, and a refresh shortly
 * after each change while the timeline is open. Returns the disconnect.
 */
export function connectTimeline(client: Client, store: StoreApi<TimelineState> = useTimeline): () => void {
  const { getState: get, setState: set } = store;
  const actions: TimelineActions = {
    async refresh() {
      const l = await client.call('timeline', null);
      const { selected } = get();
      const still = selected === undefined || selected === 0 || l.entries.some((e) => e.id === selected);
      set({ entries: l.entries, dropped: l.dropped, unsaved: l.unsaved, savedLimits: l.savedLimits, notice: l.notice, ...(still ? {} : { selected: undefined, preview: undefined }) });
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
      const preview = await client.call('timelinePreview', { id, db, limit: 8 });
      if (get().selected === id && get().db === db) set({ preview });
    },
    async undo() {
      const r = await client.call('undo', { skipClients: [...backgroundClients()] });
      if (get().open) void get().refresh();
      return r;
    },
    async restoreTo(id) {
      const r = await client.call('timelineRestore', { id });
      if (get().open) void get().refresh();
      return r;
    },
  };
  set(actions);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = client.on((e) => {
    if (e.type !== 'change' && e.type !== 'restart') return;
    if (!get().open) return;
    clearTimeout(timer);
    timer = setTimeout(() => void get().refresh().catch(() => {}), 120);
  });
  return () => {
    clearTimeout(timer);
    off();
    set(DISCONNECTED);
  };
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

/** Registers `:undo`, `:timeline` and `:restore N` in the terminals; returns how to remove them. */
export function installTimelineCommands(
  client: Client,
  store: StoreApi<TimelineState> = useTimeline,
  addLocalCommand: (c: LocalCommand) => () => void = (c) => useTerminals.getState().addLocalCommand(c),
): () => void {
  return addLocalCommand(async (argv, _line, print) => {
    const word = argv[0]?.toLowerCase();
    if (word === ':undo') {
      if (argv.length > 1) {
        print(`${YELLOW}usage: :undo (takes no arguments; type it again to undo the command before)${OFF}`);
        return true;
      }
      for (const l of describeUndo(await store.getState().undo(), 'undo')) print(l);
      return true;
    }
    if (word === ':restore') {
      const id = Number(argv[1]);
      if (argv.length !== 2 || !Number.isInteger(id) || id < 0) {
        print(`${YELLOW}usage: :restore N (N is a command's number in :timeline; 0 is before the first)${OFF}`);
        return true;
      }
      for (const l of describeUndo(await store.getState().restoreTo(id), 'restore')) print(l);
      return true;
    }
    if (word === ':timeline') {
      const l = await client.call('timeline', null);
      if (l.entries.length === 0) print(`${DIM}No command has changed the keyspace yet${l.dropped > 0 ? ' since the history started over' : ''}.${OFF}`);
      for (const e of l.entries.slice(-20)) {
        const note = e.cannotUndo ? `${YELLOW}  (cannot be undone: ${e.cannotUndo})${OFF}` : '';
        print(`${DIM}${String(e.id).padStart(4)}${OFF}  ${entryText(e.argv)}${note}`);
      }
      if (l.entries.length > 20) print(`${DIM}(${l.entries.length - 20} earlier in the timeline panel)${OFF}`);
      print(`${DIM}:undo reverts the last one; :restore N goes back to right after N. The Timeline button shows each point.${OFF}`);
      store.getState().setOpen(true);
      return true;
    }
    return false;
  });
}
