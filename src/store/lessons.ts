/**
 * The lesson system's state: which lesson and section is open, how far the
 * learner got, the live results of the current step's goal, and what the
 * panels announce.
 *
 * State only (and the lazy load of the curriculum into it). The actions are declared here so that components call them
 * through the store; the lesson controller (src/lessons/controller.ts)
 * provides them when it is started with an engine client, storage and the
 * address bar. Until then they do nothing.
 */
import { create, type StoreApi } from 'zustand';
import type { Catalog } from '../curriculum/catalog';
import type { CheckResult } from '../curriculum/checks';
import type { Lesson } from '../curriculum/parse';
import { EMPTY_PROGRESS, type Progress } from '../curriculum/progress';
import type { Track } from '../curriculum/schema';
import type { KeySnapshot } from '../protocol/lessons';

export { markBackgroundClient } from './terminals';
export type { Progress } from '../curriculum/progress';

export type LessonMode = 'self' | 'present';

export interface LessonsView {
  catalog: Catalog | undefined;
  loading: boolean;
  mode: LessonMode;
  /** The lesson map instead of a lesson. */
  showMap: boolean;
  lessonId: string | undefined;
  section: number;
  progress: Progress;
  /** Live results of the current step's checks. */
  results: readonly CheckResult[];
  /** The keys the current step's checks read, as last inspected (the goal drawn beside them). */
  goalKeys: readonly KeySnapshot[];
  hintsShown: number;
  solutionShown: boolean;
  /** Bumped on every reset, so widgets can restart their demos. */
  resetCount: number;
  /** Text for the aria-live region. */
  announcement: string;
  busy: boolean;
  error: string | undefined;
}

/** What the lesson controller does (see src/lessons/controller.ts). */
export interface LessonActions {
  /** Opens a lesson: builds its keyspace (saved state, or its setup) and shows a section. */
  /** `keys`: commands that build the lesson's keys instead of its own (a share link's, once the learner agreed). */
  openLesson(id: string, section?: number, opts?: { restore?: boolean; fresh?: boolean; keys?: readonly (readonly string[])[] }): Promise<boolean>;
  goToSection(i: number): void;
  nextSection(): boolean;
  prevSection(): boolean;
  /** Shows the lesson map (or, with false, the lesson again). */
  setShowMap(on?: boolean): void;
  setTrack(track: Track): void;
  setMode(mode: LessonMode): void;
  /** Rebuilds the lesson's starting keyspace and goes back to its first section. */
  resetLesson(): Promise<void>;
  /** Rebuilds only the keyspace (presenter's "reset demo"), staying on the current section. */
  resetDemo(): Promise<void>;
  /** `:retry`: the step starts again from its starting keys; false when they are unknown. */
  retryStep(): Promise<boolean>;
  /** Leaves the lesson and brings back the learner's own keys; how many came back. */
  leaveLessons(): Promise<number>;
  showHint(): string | undefined;
  showSolution(): readonly string[] | undefined;
  /** Progress (and each lesson's saved keys) as a downloadable JSON file. */
  exportProgress(): Blob;
  /** Reads an exported file; an error message, or undefined on success. */
  importProgress(text: string): Promise<string | undefined>;
  resetProgress(): void;
  /** Resolves once no lesson is being opened or reset. */
  lessonSettled(): Promise<void>;
}

export type LessonsState = LessonsView & LessonActions;

export const INITIAL_LESSONS: LessonsView = {
  catalog: undefined,
  loading: false,
  mode: 'self',
  showMap: false,
  lessonId: undefined,
  section: 0,
  progress: EMPTY_PROGRESS,
  results: [],
  goalKeys: [],
  hintsShown: 0,
  solutionShown: false,
  resetCount: 0,
  announcement: '',
  busy: false,
  error: undefined,
};

/** The actions before a controller is started: nothing happens. */
export const DISCONNECTED: LessonActions = {
  openLesson: () => Promise.resolve(false),
  goToSection: () => {},
  nextSection: () => false,
  prevSection: () => false,
  setShowMap: () => {},
  setTrack: () => {},
  setMode: () => {},
  resetLesson: () => Promise.resolve(),
  resetDemo: () => Promise.resolve(),
  retryStep: () => Promise.resolve(false),
  leaveLessons: () => Promise.resolve(0),
  showHint: () => undefined,
  showSolution: () => undefined,
  exportProgress: () => new Blob([]),
  importProgress: () => Promise.resolve('Lessons are not loaded.'),
  resetProgress: () => {},
  lessonSettled: () => Promise.resolve(),
};

export const useLessons = create<LessonsState>(() => ({ ...INITIAL_LESSONS, ...DISCONNECTED }));

// ---- selectors ----------------------------------------------------------

export const selectLesson = (s: LessonsView): Lesson | undefined => s.catalog?.lessons.find((l) => l.id === s.lessonId);

export function currentStep(s: LessonsView) {
  const lesson = selectLesson(s);
  const sec = lesson?.sections[s.section];
  return sec?.stepId ? lesson!.steps.find((st) => st.id === sec.stepId) : undefined;
}

export function isDone(s: LessonsView, lessonId: string, stepId: string): boolean {
  return s.progress.completed[lessonId]?.includes(stepId) ?? false;
}

/** The next lesson in the same track as the open one, if any. */
export function nextLesson(s: LessonsView = useLessons.getState()): Lesson | undefined {
  const lessons = s.catalog?.lessons ?? [];
  const i = lessons.findIndex((l) => l.id === s.lessonId);
  const cur = lessons[i];
  return lessons.slice(i + 1).find((l) => !cur || l.tracks.some((t) => cur.tracks.includes(t)));
}

// ---- loading -------------------------------------------------------------------

/**
 * Loads the curriculum into the state (lazily: the lesson text and its
 * parsers are a chunk of their own, so the first screen never waits for them).
 */
export function loadCatalog(store: StoreApi<LessonsState> = useLessons): Promise<Catalog> {
  const have = store.getState().catalog;
  if (have) return Promise.resolve(have);
  store.setState({ loading: true });
  return import('../curriculum/catalog').then((m) => {
    const c = m.catalog();
    if (store.getState().catalog === undefined) {
      for (const p of c.problems) console.warn(`lesson problem: ${p.file}:${p.line}: ${p.message}`);
      store.setState({ catalog: c, loading: false });
    }
    return c;
  });
}

// ---- the actions, for components ---------------------------------------------

const act = (): LessonActions => useLessons.getState();

export const openLesson: LessonActions['openLesson'] = (id, section, opts) => act().openLesson(id, section, opts);
export const goToSection = (i: number): void => act().goToSection(i);
export const nextSection = (): boolean => act().nextSection();
export const prevSection = (): boolean => act().prevSection();
export const showMap = (on?: boolean): void => act().setShowMap(on);
export const setTrack = (track: Track): void => act().setTrack(track);
export const setMode = (mode: LessonMode): void => act().setMode(mode);
export const resetLesson = (): Promise<void> => act().resetLesson();
export const resetDemo = (): Promise<void> => act().resetDemo();
export const retryStep = (): Promise<boolean> => act().retryStep();
export const leaveLessons = (): Promise<number> => act().leaveLessons();
export const showHint = (): string | undefined => act().showHint();
export const showSolution = (): readonly string[] | undefined => act().showSolution();
export const exportProgress = (): Blob => act().exportProgress();
export const importProgress = (text: string): Promise<string | undefined> => act().importProgress(text);
export const resetProgress = (): void => act().resetProgress();
let starting: Promise<unknown> = Promise.resolve();
/** The lessons' controller is loading (a chunk of its own): lesson work, and the terminal's commands, wait for it to start. */
export function lessonsStarting(p: Promise<unknown>): void {
  starting = p.catch(() => undefined);
}
export const lessonSettled = (): Promise<void> => starting.then(() => act().lessonSettled());
