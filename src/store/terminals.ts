/**
 * Which terminal sessions are open, which one has focus, and the extra
 * terminal commands other features register (lesson commands, help).
 */
import { create } from 'zustand';
import type { TerminalSession } from '../terminal/session';

/**
 * A terminal command that is not a Redis command (e.g. lesson navigation).
 * Return true when the line was handled; write output through `print`.
 */
export type LocalCommand = (argv: readonly string[], line: string, print: (text: string) => void) => boolean | Promise<boolean>;

export interface TerminalsState {
  sessions: ReadonlyMap<string, TerminalSession>;
  active: string | undefined;
  localCommands: readonly LocalCommand[];
  register(label: string, s: TerminalSession | undefined): void;
  setActive(label: string): void;
  addLocalCommand(c: LocalCommand): () => void;
}

export const useTerminals = create<TerminalsState>((set, get) => ({
  sessions: new Map(),
  active: undefined,
  localCommands: [],
  register(label, s) {
    const next = new Map(get().sessions);
    if (s) next.set(label, s);
    else next.delete(label);
    set({ sessions: next, active: get().active ?? (s ? label : undefined) });
  },
  setActive(label) {
    set({ active: label });
  },
  addLocalCommand(c) {
    set({ localCommands: [...get().localCommands, c] });
    return () => set({ localCommands: get().localCommands.filter((x) => x !== c) });
  },
}));

/** Modules whose terminal commands load after the page (lessons, the timeline): see localCommandsLoading. */
const loading = new Set<Promise<unknown>>();

/** Registers terminal commands still loading: a line that may be one of theirs waits for them (see localCommandsLoaded). */
export function localCommandsLoading(p: Promise<unknown>): void {
  const settled = p.then(
    () => {},
    () => {},
  );
  loading.add(settled);
  void settled.then(() => loading.delete(settled));
}

/** Resolves once every terminal command registered as loading is there (at once when none is). */
export async function localCommandsLoaded(): Promise<void> {
  while (loading.size > 0) await Promise.all([...loading]);
}

/** The session that lessons type into: the focused one, else the first. */
export function activeSession(): TerminalSession | undefined {
  const { sessions, active } = useTerminals.getState();
  return (active !== undefined ? sessions.get(active) : undefined) ?? sessions.values().next().value;
}

/**
 * Engine clients the learner does not own: a lesson's simulated app, a
 * widget's demo connections, the keyspace export. Their commands never
 * count for a goal, and the keyspace view's "Follow commands" and "Last:"
 * line pass over them.
 */
const background = new Set<number>();

export function markBackgroundClient(id: number, on = true): void {
  if (on) background.add(id);
  else background.delete(id);
}

export function isBackgroundClient(id: number): boolean {
  return background.has(id);
}

/** The clients marked as background (their commands are not the learner's: undo skips them). */
export function backgroundClients(): ReadonlySet<number> {
  return background;
}
