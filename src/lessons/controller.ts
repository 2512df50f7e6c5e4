/**
 * The lesson controller: opens lessons in their own engine workspace, keeps
 * the learner's progress and the current step's journal in storage, checks
 * the step's goal after every command, keeps `?lesson=&step=&mode=` in the
 * address bar, and answers the terminal's lesson commands.
 *
 * Everything it talks to is handed in: the engine client, the storage and
 * the address bar (the browser's own in the page, in-memory ones in tests).
 * Its state lives in the store (src/store/lessons.ts), whose actions it
 * provides while it runs; nothing is kept at module level.
 *
 * The curriculum itself (Markdown, YAML, schema) and the terminal commands
 * are imported lazily, so the first screen never waits for lesson text or
 * its parsers.
 */
import type { StoreApi } from 'zustand';
import type { EngineClient } from '../client/engine-client';
import { mayBeLessonCommand } from '../curriculum/commands';
import type { Lesson } from '../curriculum/parse';
import {
  EMPTY_PROGRESS,
  KEYSPACE_KEY,
  PROGRESS_KEY,
  STEP_KEY,
  STEP_LOG_MAX,
  isCommandList,
  parseProgress,
  parseSavedStep,
  storableEntry,
  type Progress,
  type SavedStep,
} from '../curriculum/progress';
import type { JournalEntry } from '../protocol/lessons';
import { useKeyspace } from '../store/keyspace';
import {
  DISCONNECTED,
  currentStep,
  isDone,
  loadCatalog,
  selectLesson,
  useLessons,
  type LessonActions,
  type LessonMode,
  type LessonsState,
} from '../store/lessons';
import { isBackgroundClient, useTerminals, type LocalCommand } from '../store/terminals';
import { describeSection } from './describe';

/** The engine client as the lessons use it. */
export type LessonClient = Pick<EngineClient, 'call' | 'on'>;

/** Where progress is kept (the browser's localStorage in the page). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The page address, as far as lessons read and write it. */
export interface AddressBar {
  /** The address now (absolute). */
  current(): string;
  /** Replaces path, query and hash without a new history entry. */
  replace(pathQueryHash: string): void;
  /** Calls back when the learner moves through history; returns how to stop listening. */
  onPop(cb: () => void): () => void;
}

export interface LessonDeps {
  readonly client: LessonClient;
  readonly storage: KeyValueStorage;
  readonly address: AddressBar;
  /** The lesson state (the app's store unless given). */
  readonly store?: StoreApi<LessonsState>;
  /** Reloads the keyspace view after the keys were rebuilt. */
  readonly reloadKeyspace?: () => void;
  /** Registers a terminal command; returns how to remove it. */
  readonly addLocalCommand?: (c: LocalCommand) => () => void;
  /** Clients whose commands are not the learner's (a widget's demo connections). */
  readonly isBackgroundClient?: (id: number) => boolean;
}

/** What a running controller offers beyond the store's actions. */
export interface LessonController extends LessonActions {
  /** Checks the current step's goal against the engine (coalesced: one at a time). */
  evaluateNow(): Promise<void>;
  /** The engine client (the terminal's `:clock` moves its clock). */
  readonly client: LessonClient;
  /** Stops listening, removes the terminal commands and gives the store back its idle actions. */
  stop(): void;
}

/** How a lesson opens: `fresh` from its setup, `restore` its saved keys, `keys` from the given commands (replacing its own). */
type OpenOptions = NonNullable<Parameters<LessonActions['openLesson']>[2]>;

/** The engine workspace of the keys made outside any lesson. */
const FREE_PLAY = 'free';
/** Each lesson's own engine workspace (sixteen databases, saved apart from free play). */
const lessonWorkspace = (id: string): string => `lesson:${id}`;
/** Journal entries kept in memory for the current step. */
const STEP_LOG_MEMORY = 500;

/** Reads the address bar: `?lesson=<id>&step=<section id or number>&mode=present`. */
export function readUrl(search: string): { lesson?: string; step?: string; mode?: LessonMode } {
  const p = new URLSearchParams(search);
  const lesson = p.get('lesson') ?? undefined;
  const step = p.get('step') ?? undefined;
  const mode = p.get('mode') === 'present' ? 'present' : undefined;
  return { ...(lesson ? { lesson } : {}), ...(step ? { step } : {}), ...(mode ? { mode } : {}) };
}

function sectionIndex(lesson: Lesson, step: string | undefined): number {
  if (!step) return 0;
  const byId = lesson.sections.findIndex((s) => s.id === step);
  if (byId >= 0) return byId;
  const n = Number(step);
  return Number.isInteger(n) && n >= 1 ? n - 1 : 0;
}

function clamp(n: number, len: number): number {
  return Math.min(Math.max(0, Math.floor(n)), Math.max(0, len - 1));
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^ERR /, '');
}

/**
 * Makes a lesson controller over the given client, storage and address bar.
 * `start()` on it (or `startLessons`) installs it.
 */
export function createLessonController(deps: LessonDeps): LessonController & { start(): () => void } {
  const { client, storage, address } = deps;
  const store = deps.store ?? useLessons;
  const get = store.getState;
  const set = store.setState;
  const reloadKeyspace = deps.reloadKeyspace ?? (() => void useKeyspace.getState().load());
  const addLocalCommand = deps.addLocalCommand ?? ((c: LocalCommand) => useTerminals.getState().addLocalCommand(c));
  const background = deps.isBackgroundClient ?? isBackgroundClient;

  // ---- storage (never fatal: full or disabled storage keeps things in memory) ----

  const read = (key: string): string | null => {
    try {
      return storage.getItem(key);
    } catch {
      return null;
    }
  };
  const write = (key: string, value: string): void => {
    try {
      storage.setItem(key, value);
    } catch {
      /* storage full or disabled: it stays in memory */
    }
  };
  const remove = (key: string): void => {
    try {
      storage.removeItem(key);
    } catch {
      /* disabled storage */
    }
  };
  const readJson = (key: string): unknown => {
    const raw = read(key);
    if (raw === null) return undefined;
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      return undefined;
    }
  };

  const loadProgress = (): Progress => parseProgress(readJson(PROGRESS_KEY)) ?? EMPTY_PROGRESS;

  const saveProgress = (p: Progress): void => {
    set({ progress: p });
    write(PROGRESS_KEY, JSON.stringify(p));
  };

  const announce = (text: string): void => {
    // A trailing zero-width change makes screen readers repeat identical messages.
    const prev = get().announcement;
    set({ announcement: text === prev ? `${text}\u200b` : text });
  };

  // ---- the current step ------------------------------------------------------

  /** Journal position where the current step started, and the learner's commands since. */
  let stepSince = 0;
  let journalSeq = 0;
  let stepLog: JournalEntry[] = [];
  /** Database 0 as it was when the current step began (commands that rebuild it), for :retry. */
  let stepStartKeys: readonly (readonly string[])[] | undefined;
  /** The first section shown after a page load resumes its saved step (journal and starting keys). */
  let resumeSavedStep = true;
  let stopped = false;

  /**
   * The lesson work in progress (opening one, building its keyspace), settled
   * or not: the terminal waits for it before sending a command, so a command
   * typed while a lesson loads runs on the lesson's keys and counts for its
   * goal, instead of being wiped by the setup that follows.
   */
  const building = new Set<Promise<void>>();

  function track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    building.add(settled);
    void settled.then(() => building.delete(settled));
    return work;
  }

  async function lessonSettled(): Promise<void> {
    while (building.size > 0) await Promise.all([...building]);
  }

  const loadStep = (): SavedStep | undefined => parseSavedStep(readJson(STEP_KEY));

  function saveStep(): void {
    const s = get();
    if (!s.lessonId) return;
    const log = stepLog.slice(-STEP_LOG_MAX).map(storableEntry);
    const data: SavedStep = { lesson: s.lessonId, section: s.section, log, start: stepStartKeys ? [...stepStartKeys] : null };
    try {
      storage.setItem(STEP_KEY, JSON.stringify(data, (_k, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : String(v)) : v)));
    } catch {
      // Too large with its starting keys: keep the journal at least.
      write(STEP_KEY, JSON.stringify({ ...data, start: null }, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    }
  }

  /** Records database 0 as the step finds it (before the learner types), for :retry. */
  function captureStepStart(lesson: string, section: number): Promise<void> {
    return track(
      client
        .call('lessonSave', null)
        .then((res) => {
          const now = get();
          if (now.lessonId !== lesson || now.section !== section) return;
          stepStartKeys = res.commands ?? undefined;
          saveStep();
        })
        .catch(() => undefined),
    );
  }

  function enterSection(): void {
    const s = get();
    set({ results: [], goalKeys: [], hintsShown: 0, solutionShown: false });
    stepSince = journalSeq;
    stepLog = [];
    stepStartKeys = undefined;
    // After a reload the step goes on where it was: "you ran SET with NX 2 times" keeps its count.
    const saved = resumeSavedStep ? loadStep() : undefined;
    resumeSavedStep = false;
    if (saved && s.lessonId && saved.lesson === s.lessonId && saved.section === s.section) {
      stepLog = [...saved.log];
      stepStartKeys = saved.start ?? undefined;
    } else if (s.lessonId) {
      void captureStepStart(s.lessonId, s.section);
    }
    if (s.lessonId) saveProgress({ ...s.progress, current: { lesson: s.lessonId, section: s.section } });
    syncUrl();
    void evaluateNow();
  }

  // ---- keyspaces ---------------------------------------------------------------

  /**
   * Switches the engine to the lesson's workspace. `saved`: its keys as the
   * learner left them (built from the setup, or from keys imported with a
   * progress file, the first time); `setup`: the lesson's start; `imported`:
   * the keys of an imported progress file.
   */
  function buildKeyspace(lesson: Lesson, from: 'setup' | 'saved' | 'imported', given?: readonly (readonly string[])[]): Promise<void> {
    return track(buildKeyspaceNow(lesson, from, given));
  }

  async function buildKeyspaceNow(lesson: Lesson, from: 'setup' | 'saved' | 'imported', given?: readonly (readonly string[])[]): Promise<void> {
    const { setupArgv } = await import('../curriculum/commands');
    let setup: readonly (readonly string[])[] = given ?? setupArgv(lesson);
    if (from !== 'setup' && given === undefined) {
      const saved = readJson(KEYSPACE_KEY(lesson.id));
      if (isCommandList(saved)) setup = saved;
    }
    set({ busy: true });
    try {
      const res = await client.call('workspace', { name: lessonWorkspace(lesson.id), setup, replace: from !== 'saved' });
      journalSeq = res.seq;
      for (const e of res.errors) console.warn(`lesson ${lesson.id}: setup command ${e.index + 1} failed`, e.reply);
      reloadKeyspace();
    } finally {
      set({ busy: false });
    }
  }

  /** A copy of the lesson's keys for the progress file (its workspace itself is saved by the engine). */
  async function saveKeyspace(id: string): Promise<void> {
    try {
      const res = await client.call('lessonSave', null);
      if (res.commands) storage.setItem(KEYSPACE_KEY(id), JSON.stringify(res.commands));
      else storage.removeItem(KEYSPACE_KEY(id));
    } catch {
      /* too large for storage: the lesson starts from its setup next time */
    }
  }

  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  /** Saves the lesson's keyspace shortly after the learner's commands (coalesced). */
  function scheduleSave(id: string): void {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (!stopped && get().lessonId === id) void saveKeyspace(id);
    }, 300);
  }

  // ---- navigation ----------------------------------------------------------------

  function openLesson(id: string, section = 0, opts: OpenOptions = {}): Promise<boolean> {
    return track(openLessonNow(id, section, opts));
  }

  async function openLessonNow(id: string, section: number, opts: OpenOptions): Promise<boolean> {
    const cat = await loadCatalog(store);
    const lesson = cat.lessons.find((l) => l.id === id);
    if (!lesson) {
      set({ error: `There is no lesson called "${id}".` });
      return false;
    }
    const s = get();
    const switching = s.lessonId !== id;
    if (switching && s.lessonId) await saveKeyspace(s.lessonId);
    const sec = clamp(section, lesson.sections.length);
    set({ lessonId: id, section: sec, showMap: false, error: undefined });
    if (opts.keys) resumeSavedStep = false;
    if (switching || opts.fresh || opts.restore || opts.keys) {
      try {
        // The lesson runs in its own workspace: the keys of free play (or of the lesson before) are saved and set aside.
        // Keys given (a share link the learner chose to load) replace the lesson's own.
        await buildKeyspace(lesson, opts.fresh || opts.keys ? 'setup' : 'saved', opts.keys);
      } catch (e) {
        set({ lessonId: s.lessonId, section: s.section, error: `The lesson could not be opened: ${errorText(e)}` });
        announce(`The lesson could not be opened: ${errorText(e)}`);
        return false;
      }
    }
    enterSection();
    announce(`Lesson: ${lesson.title}. ${describeSection(lesson, sec)}`);
    return true;
  }

  function goToSection(i: number): void {
    const lesson = selectLesson(get());
    if (!lesson) return;
    const sec = clamp(i, lesson.sections.length);
    if (sec === get().section) return;
    set({ section: sec });
    enterSection();
    announce(describeSection(lesson, sec));
  }

  function nextSection(): boolean {
    const s = get();
    const lesson = selectLesson(s);
    if (!lesson) return false;
    if (s.section < lesson.sections.length - 1) {
      goToSection(s.section + 1);
      return true;
    }
    return false;
  }

  function prevSection(): boolean {
    const s = get();
    if (s.section > 0) {
      goToSection(s.section - 1);
      return true;
    }
    return false;
  }

  async function retryStep(): Promise<boolean> {
    const s = get();
    const lesson = selectLesson(s);
    if (!lesson) return false;
    await lessonSettled();
    const setup = stepStartKeys;
    if (setup === undefined) return false;
    await track(
      (async () => {
        set({ busy: true });
        try {
          const res = await client.call('lessonReset', { setup });
          journalSeq = res.seq;
          reloadKeyspace();
        } finally {
          set({ busy: false });
        }
      })(),
    );
    stepSince = journalSeq;
    stepLog = [];
    saveStep();
    set((st) => ({ results: [], resetCount: st.resetCount + 1 }));
    scheduleSave(lesson.id);
    void evaluateNow();
    announce(`Step restarted: its keys are back to where the step began. ${describeSection(lesson, s.section)}`);
    return true;
  }

  function setShowMap(on = true): void {
    set({ showMap: on });
    syncUrl();
  }

  function setMode(mode: LessonMode): void {
    set({ mode });
    syncUrl();
  }

  async function resetLesson(): Promise<void> {
    const lesson = selectLesson(get());
    if (!lesson) return;
    remove(KEYSPACE_KEY(lesson.id));
    set({ section: 0 });
    await buildKeyspace(lesson, 'setup');
    set((st) => ({ resetCount: st.resetCount + 1 }));
    enterSection();
    announce(`The lesson was reset: its keys are back to the start. ${describeSection(lesson, 0)}`);
  }

  async function resetDemo(): Promise<void> {
    const lesson = selectLesson(get());
    if (!lesson) return;
    remove(KEYSPACE_KEY(lesson.id));
    await buildKeyspace(lesson, 'setup');
    set((st) => ({ resetCount: st.resetCount + 1 }));
    enterSection();
    announce('Demo reset: the keys are back to the lesson start.');
  }

  async function leaveLessons(): Promise<number> {
    const s = get();
    if (s.lessonId) await saveKeyspace(s.lessonId);
    set({ busy: true });
    try {
      const res = await client.call('workspace', { name: FREE_PLAY, setup: [] });
      set({ lessonId: undefined, section: 0, showMap: true });
      journalSeq = res.seq;
      reloadKeyspace();
      return res.keys;
    } finally {
      set({ busy: false });
    }
  }

  // ---- hints and solutions ---------------------------------------------------------

  function showHint(): string | undefined {
    const s = get();
    const step = currentStep(s);
    if (!step) return undefined;
    const n = Math.min(s.hintsShown + 1, step.hints.length);
    set({ hintsShown: n });
    const hint = step.hints[n - 1]!;
    announce(`Hint ${n} of ${step.hints.length}: ${hint}`);
    return hint;
  }

  function showSolution(): readonly string[] | undefined {
    const step = currentStep(get());
    if (!step) return undefined;
    set({ solutionShown: true });
    announce(`Solution: ${step.solution.join('; ')}`);
    return step.solution;
  }

  // ---- progress files ------------------------------------------------------------------

  function exportProgress(): Blob {
    const keys: Record<string, unknown> = {};
    for (const l of get().catalog?.lessons ?? []) {
      const saved = readJson(KEYSPACE_KEY(l.id));
      if (saved !== undefined) keys[l.id] = saved;
    }
    const data = { app: 'redis-playground', exported: new Date().toISOString(), progress: get().progress, keyspaces: keys };
    return new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  }

  async function importProgress(text: string): Promise<string | undefined> {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return 'This file is not JSON.';
    }
    const o = data as { app?: unknown; progress?: unknown; keyspaces?: unknown };
    const p = parseProgress(o?.progress);
    if (o?.app !== 'redis-playground' || !p) return 'This file is not a Redis Playground progress file.';
    if (o.keyspaces && typeof o.keyspaces === 'object') {
      for (const [id, cmds] of Object.entries(o.keyspaces as Record<string, unknown>)) {
        if (isCommandList(cmds)) write(KEYSPACE_KEY(id), JSON.stringify(cmds));
      }
    }
    saveProgress(p);
    announce('Progress imported.');
    // The open lesson's keys come from the file too.
    const open = selectLesson(get());
    if (open) {
      await buildKeyspace(open, 'imported');
      enterSection();
    }
    return undefined;
  }

  function resetProgress(): void {
    for (const l of get().catalog?.lessons ?? []) remove(KEYSPACE_KEY(l.id));
    saveProgress(EMPTY_PROGRESS);
    announce('Progress cleared.');
  }

  // ---- goal evaluation -------------------------------------------------------------

  let evaluating = false;
  let again = false;

  async function evaluateNow(): Promise<void> {
    if (evaluating) {
      again = true;
      return;
    }
    evaluating = true;
    try {
      do {
        again = false;
        await evaluateOnce();
      } while (again && !stopped);
    } finally {
      evaluating = false;
    }
  }

  async function evaluateOnce(): Promise<void> {
    const s = get();
    const lesson = selectLesson(s);
    if (!lesson || s.busy) return;
    const step = currentStep(s);
    const { evaluate, keysNeeded, allPass } = await import('../curriculum/checks');
    const res = await client.call('inspect', { db: 0, keys: step ? keysNeeded(step.checks) : [], since: Math.max(journalSeq, stepSince) });
    journalSeq = res.seq;
    const before = stepLog.length;
    for (const j of res.journal) if (!background(j.client) && j.seq > stepSince) stepLog.push(j);
    if (stepLog.length > STEP_LOG_MEMORY) stepLog = stepLog.slice(-STEP_LOG_MEMORY);
    if (stepLog.length !== before && get().lessonId === lesson.id && get().section === s.section) saveStep();
    // The learner may have moved on while we waited.
    const now = get();
    if (now.lessonId !== lesson.id) return;
    if (now.section !== s.section || !step) {
      if (res.journal.length > 0) scheduleSave(lesson.id);
      return;
    }
    const results = evaluate(step.checks, { keys: new Map(res.keys.map((k) => [k.key, k])), dbsize: res.dbsize, log: stepLog });
    set({ results, goalKeys: res.keys });
    if (allPass(results) && !isDone(now, lesson.id, step.id)) {
      const done = now.progress.completed[lesson.id] ?? [];
      // Save the lesson's keys with the progress, so a reload finds both.
      await saveKeyspace(lesson.id);
      saveProgress({ ...now.progress, completed: { ...now.progress.completed, [lesson.id]: [...done, step.id] } });
      announce(`Goal reached: ${step.goal} ${step.done ?? ''}`.trim());
    } else if (res.journal.length > 0) scheduleSave(lesson.id);
  }

  // ---- the address bar --------------------------------------------------------------

  /** Keeps `?lesson=&step=&mode=` in the address bar in step with what is shown. */
  function syncUrl(): void {
    const s = get();
    const lesson = selectLesson(s);
    const url = new URL(address.current());
    const params = url.searchParams;
    if (lesson && !s.showMap) {
      params.set('lesson', lesson.id);
      const sec = lesson.sections[s.section];
      if (sec && s.section > 0) params.set('step', sec.id);
      else params.delete('step');
    } else {
      params.delete('lesson');
      params.delete('step');
    }
    if (s.mode === 'present') params.set('mode', 'present');
    else params.delete('mode');
    const next = `${url.pathname}${params.toString() ? `?${params.toString()}` : ''}${url.hash}`;
    const was = new URL(address.current());
    if (next !== `${was.pathname}${was.search}${was.hash}`) address.replace(next);
  }

  // ---- start-up ------------------------------------------------------------------------

  const actions: LessonActions = {
    openLesson,
    goToSection,
    nextSection,
    prevSection,
    setShowMap,
    setTrack: (t) => saveProgress({ ...get().progress, track: t }),
    setMode,
    resetLesson,
    resetDemo,
    retryStep,
    leaveLessons,
    showHint,
    showSolution,
    exportProgress,
    importProgress,
    resetProgress,
    lessonSettled,
  };

  const offs: (() => void)[] = [];

  const controller = {
    ...actions,
    client,
    evaluateNow,
    stop(): void {
      if (stopped) return;
      stopped = true;
      if (saveTimer) clearTimeout(saveTimer);
      for (const off of offs.splice(0)) off();
      set({ ...DISCONNECTED });
    },
    /**
     * Installs the controller: the store's actions, terminal commands, goal
     * checks after every command, and the lesson named in the address (or
     * the one the learner was on). Returns `stop`.
     */
    start(): () => void {
      set({ ...actions, progress: loadProgress() });
      offs.push(
        client.on((e) => {
          if (e.type === 'change' && get().lessonId) void evaluateNow();
        }),
      );
      let handler: LocalCommand | undefined;
      offs.push(
        addLocalCommand(async (argv, line, print) => {
          if (!mayBeLessonCommand(argv)) return false;
          handler ??= (await import('./terminal')).lessonCommands(controller, store);
          return handler(argv, line, print);
        }),
      );
      const url = readUrl(new URL(address.current()).search);
      if (url.mode) set({ mode: url.mode });
      const target = url.lesson ?? get().progress.current?.lesson;
      if (target) {
        void track(loadCatalog(store)).then((cat) => {
          if (stopped) return;
          const lesson = cat.lessons.find((l) => l.id === target);
          if (!lesson) {
            set({ error: `There is no lesson called "${target}".`, showMap: true });
            return;
          }
          const section = url.lesson ? sectionIndex(lesson, url.step) : (get().progress.current?.section ?? 0);
          void openLesson(lesson.id, section, { restore: true });
        });
      }
      offs.push(
        address.onPop(() => {
          const u = readUrl(new URL(address.current()).search);
          if (u.lesson && u.lesson !== get().lessonId) void openLesson(u.lesson);
        }),
      );
      return () => controller.stop();
    },
  };
  return controller;
}

/** The browser's address bar. */
export function browserAddressBar(): AddressBar {
  return {
    current: () => window.location.href,
    replace: (next) => window.history.replaceState(window.history.state, '', next),
    onPop(cb) {
      window.addEventListener('popstate', cb);
      return () => window.removeEventListener('popstate', cb);
    },
  };
}

/** The browser's localStorage; reading it throws where storage is disabled, so it is reached on each use. */
export function browserStorage(): KeyValueStorage {
  return {
    getItem: (k) => localStorage.getItem(k),
    setItem: (k, v) => localStorage.setItem(k, v),
    removeItem: (k) => localStorage.removeItem(k),
  };
}

/** Starts the lesson system in the page over `client`, the browser's storage and address bar. */
export function startLessons(client: LessonClient): () => void {
  return createLessonController({ client, storage: browserStorage(), address: browserAddressBar() }).start();
}
