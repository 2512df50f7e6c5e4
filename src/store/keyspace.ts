/**
 * The visualizer's view state: what is on screen (a window of tree rows, the
 * selected key's window of elements as a scene, the last command's touches,
 * the sentence narrated about it) and the view's settings (database,
 * pattern, sort, Python view, follow mode).
 *
 * State only. The actions are declared here so that components call them
 * through the store, and are provided by the keyspace view model
 * (src/visualizer/model/keyspace.ts) when it is connected to an engine
 * client; until then they do nothing.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { ChangeEvent, KeySort, TreeRequest, TreeWindow, ValueWindow, VennResult } from '../protocol/messages';
import type { Touch } from '../visualizer/layout/events';
import type { Scene } from '../visualizer/layout/scene';
import type { SetOpCall } from '../visualizer/layout/venn';

/** The keyspace panel's index in the worker. */
export const TREE_VIEW = 'keyspace';
/** Elements per key shown in the Python view. */
export const PY_PREVIEW = 6;

export interface Range {
  readonly offset: number;
  readonly limit: number;
}

export interface EncodingChange {
  readonly key: string;
  readonly type: string;
  readonly from: string;
  readonly to: string;
  readonly seq: number;
}

/**
 * Windows asked for before an event is applied: the value of the key it
 * touched when that key is (or becomes) the selected one, and when it is far
 * from the tree rows on screen, the tree around it. Applying the event with
 * them draws everything in one commit.
 */
export interface Prefetched {
  readonly tree: { readonly req: TreeRequest; readonly w: TreeWindow } | undefined;
  readonly value: { readonly key: string; readonly db: number; readonly around: string | undefined; readonly v: ValueWindow };
}

/** A point of the timeline shown instead of the live keyspace (read-only). */
export interface PastPoint {
  /** The timeline entry (0: before the first one kept). */
  readonly id: number;
  /** The command of that entry, as typed (empty for the start). */
  readonly label: string;
}

export interface KeyspaceView {
  /** Set while the views show the keyspace at an earlier point of the timeline. */
  past: PastPoint | undefined;
  db: number;
  pattern: string;
  sort: KeySort;
  /** Show the keyspace as Python structures. */
  python: boolean;
  tree: TreeWindow | undefined;
  range: Range;
  /** Keys in the database on screen. */
  total: number;
  dbSizes: readonly number[];
  /**
   * Row to scroll to (after a reveal), with a sequence number to re-trigger,
   * and when the reveal was asked for (performance.now()): a keyboard move
   * made after that wins over it.
   */
  scrollTo: { row: number; seq: number; asked: number } | undefined;

  last: ChangeEvent | undefined;
  /** Events seen (restarts highlight animations). */
  seq: number;
  touches: ReadonlyMap<string, Touch>;

  selected: string | undefined;
  /** The value view follows the key each command touches. */
  follow: boolean;
  /** Follow (and show as "Last:") the commands of clients the learner does not own too. */
  followBackground: boolean;
  value: ValueWindow | undefined;
  scene: Scene | undefined;
  /** Bumped with every new scene (animations key on it). */
  sceneSeq: number;
  /** performance.now() when the scene was built (only fresh scenes animate). */
  sceneAt: number;
  valueRange: Range;
  /** Sorted sets: highest score first. */
  zReverse: boolean;
  venn: { call: SetOpCall; result: VennResult; seq: number } | undefined;
  encodingChange: EncodingChange | undefined;
  message: { text: string; seq: number };
}

/** What the view model does (see src/visualizer/model/keyspace.ts). */
export interface KeyspaceActions {
  /** Reloads the windows (after a lesson reset or a worker restart). Resolves when the tree is current. */
  load(): Promise<void>;
  /** `pre`: the windows fetched for this event beforehand (drawn in the same commit). */
  apply(e: ChangeEvent, pre?: Prefetched): void;
  setDb(db: number): void;
  setPattern(pattern: string): void;
  setSort(sort: KeySort): void;
  setPython(python: boolean): void;
  setRange(offset: number, limit: number): void;
  toggle(path: string, open: boolean): void;
  toggleAll(open: boolean): void;
  select(key: string | undefined): void;
  setFollow(follow: boolean): void;
  setValueRange(offset: number, limit: number): void;
  setZReverse(reverse: boolean): void;
  closeVenn(): void;
  announce(text: string): void;
  /** Shows the keyspace at an earlier point of the timeline (read-only), or the live one again (undefined). */
  viewPast(p: PastPoint | undefined): void;
}

export type KeyspaceState = KeyspaceView & KeyspaceActions;

export const INITIAL_VIEW: KeyspaceView = {
  past: undefined,
  db: 0,
  pattern: '',
  sort: 'name',
  python: false,
  tree: undefined,
  range: { offset: 0, limit: 60 },
  total: 0,
  dbSizes: [],
  scrollTo: undefined,
  last: undefined,
  seq: 0,
  touches: new Map(),
  selected: undefined,
  follow: true,
  followBackground: false,
  value: undefined,
  scene: undefined,
  sceneSeq: 0,
  sceneAt: 0,
  valueRange: { offset: 0, limit: 200 },
  zReverse: false,
  venn: undefined,
  encodingChange: undefined,
  message: { text: '', seq: 0 },
};

const nothing = (): void => {};

/** The actions before a view model is connected: settings are kept, nothing is fetched. */
export const DISCONNECTED: KeyspaceActions = {
  load: () => Promise.resolve(),
  apply: nothing,
  setDb: (db) => useKeyspace.setState({ db }),
  setPattern: (pattern) => useKeyspace.setState({ pattern }),
  setSort: (sort) => useKeyspace.setState({ sort }),
  setPython: (python) => useKeyspace.setState({ python }),
  setRange: (offset, limit) => useKeyspace.setState({ range: { offset, limit } }),
  toggle: nothing,
  toggleAll: nothing,
  select: (selected) => useKeyspace.setState({ selected }),
  setFollow: (follow) => useKeyspace.setState({ follow }),
  setValueRange: (offset, limit) => useKeyspace.setState({ valueRange: { offset, limit } }),
  setZReverse: (zReverse) => useKeyspace.setState({ zReverse }),
  closeVenn: () => useKeyspace.setState({ venn: undefined }),
  announce: (text) => useKeyspace.setState((s) => ({ message: { text, seq: s.message.seq + 1 } })),
  viewPast: (past) => useKeyspace.setState({ past }),
};

export const useKeyspace = create<KeyspaceState>(() => ({ ...INITIAL_VIEW, ...DISCONNECTED }));

/** The named fields of the keyspace view's state; the component re-renders only when one of them changes. */
export function useKeyspaceFields<K extends keyof KeyspaceState>(...keys: K[]): Pick<KeyspaceState, K> {
  return useKeyspace(
    useShallow((s) => {
      const picked = {} as Pick<KeyspaceState, K>;
      for (const k of keys) picked[k] = s[k];
      return picked;
    }),
  );
}

/** Whether the view shows a past point of the timeline rather than now. */
export const usePastView = (): boolean => useKeyspace((s) => s.past !== undefined);
