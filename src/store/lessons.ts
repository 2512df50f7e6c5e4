/**
 * The lesson system's state: which lesson and section is open, how far the
 * learner got (saved in localStorage, exportable as a file), the live
 * results of the current step's goal, and the terminal's lesson commands.
 *
 * The curriculum itself (Markdown, YAML, schema) is imported lazily, so the
 * first screen never waits for lesson text or its parsers.
 */
import { create } from 'zustand';
import { engineClient, type EngineClient } from '../client/engine-client';
import type { Catalog } from '../curriculum/catalog';
import { mayBeLessonCommand } from '../curriculum/commands';
import type { CheckResult } from '../curriculum/checks';
import type { Lesson } from '../curriculum/parse';
import type { Track } from '../curriculum/schema';
import type { JournalEntry, KeySnapshot } from '../protocol/lessons';
import { useKeyspace } from './keyspace';
import { isBackgroundClient, useTerminals, type LocalCommand } from './terminals';

export { markBackgroundClient } from './terminals';

const PROGRESS_KEY = 'redis-playground:lessons:v1';
const KEYSPACE_KEY = (id: string) => `redis-playground:lesson-keys:v1:${id}`;

export type LessonMode = 'self' | 'present';

export interface Progress {
  readonly version: 1;
  /** Step ids completed, per lesson id. */
  readonly completed: Readonly<Record<string, readonly string[]>>;
  readonly current?: { readonly lesson: string; readonly section: number };
  /** The track the map shows. */
  readonly track?: Track;
}

const EMPTY_PROGRESS: Progress = { version: 1, completed: {} };

export interface LessonsState {
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

export const useLessons = create<LessonsState>(() => ({
  catalog: undefined,
  loading: false,
  mode: 'self',
  showMap: false,
  lessonId: undefined,
  section: 0,
  progress: loadProgress(),
  results: [],
  goalKeys: [],
  hintsShown: 0,
  solutionShown: false,
  resetCount: 0,
  announcement: '',
  busy: false,
  error: undefined,
}));

// ---- selectors ----------------------------------------------------------

export const selectLesson = (s: LessonsState): Lesson | undefined => s.catalog?.lessons.find((l) => l.id === s.lessonId);

export function currentStep(s: LessonsState) {
  const lesson = selectLesson(s);
  const sec = lesson?.sections[s.section];
  return sec?.stepId ? lesson!.steps.find((st) => st.id === sec.stepId) : undefined;
}

export function isDone(s: LessonsState, lessonId: string, stepId: string): boolean {
  return s.progress.completed[lessonId]?.includes(stepId) ?? false;
}

// ---- progress persistence --------------------------------------------------

function loadProgress(): Progress {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(PROGRESS_KEY) : null;
    const p = raw ? parseProgress(JSON.parse(raw)) : undefined;
    return p ?? EMPTY_PROGRESS;
  } catch {
    return EMPTY_PROGRESS;
  }
}

/** Validates progress read from storage or an imported file. */
export function parseProgress(v: unknown): Progress | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (o.version !== 1 || typeof o.completed !== 'object' || o.completed === null) return undefined;
  const completed: Record<string, string[]> = {};
  for (const [k, steps] of Object.entries(o.completed as Record<string, unknown>)) {
    if (Array.isArray(steps)) completed[k] = steps.filter((x): x is string => typeof x === 'string');
  }
  const cur = o.current as { lesson?: unknown; section?: unknown } | undefined;
  const current =
    cur && typeof cur.lesson === 'string' && typeof cur.section === 'number' && Number.isFinite(cur.section) ? { lesson: cur.lesson, section: Math.max(0, Math.floor(cur.section)) } : undefined;
  const track = o.track === 'lecture' || o.track === 'self-paced' || o.track === 'patterns' ? o.track : undefined;
  return { version: 1, completed, ...(current ? { current } : {}), ...(track ? { track } : {}) };
}

function saveProgress(p: Progress): void {
  useLessons.setState({ progress: p });
  try {
    localStorage.setItem(PROGRESS_KEY, JSON.stringify(p));
  } catch {
    /* storage full or disabled: progress stays in memory */
  }
}

/** Progress as a downloadable JSON file. Includes each lesson's saved keys. */
export function exportProgress(): Blob {
  const keys: Record<string, unknown> = {};
  for (const l of useLessons.getState().catalog?.lessons ?? []) {
    const raw = localStorage.getItem(KEYSPACE_KEY(l.id));
    if (raw) keys[l.id] = JSON.parse(raw);
  }
  const data = { app: 'redis-playground', exported: new Date().toISOString(), progress: useLessons.getState().progress, keyspaces: keys };
  return new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
}

/** Reads an exported file; returns an error message or undefined on success. */
export async function importProgress(text: string): Promise<string | undefined> {
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
      if (isCommandList(cmds)) localStorage.setItem(KEYSPACE_KEY(id), JSON.stringify(cmds));
    }
  }
  saveProgress(p);
  announce('Progress imported.');
  // The open lesson's keys come from the file too.
  const open = selectLesson(useLessons.getState());
  if (open) {
    await buildKeyspace(open, 'imported');
    enterSection();
  }
  return undefined;
}

export function resetProgress(): void {
  for (const l of useLessons.getState().catalog?.lessons ?? []) localStorage.removeItem(KEYSPACE_KEY(l.id));
  saveProgress(EMPTY_PROGRESS);
  announce('Progress cleared.');
}

function isCommandList(v: unknown): v is string[][] {
  return Array.isArray(v) && v.every((c) => Array.isArray(c) && c.every((a) => typeof a === 'string'));
}

// ---- loading ---------------------------------------------------------------

let catalogPromise: Promise<Catalog> | undefined;

/** Loads the curriculum (lazily, once). */
export function loadCatalog(): Promise<Catalog> {
  catalogPromise ??= import('../curriculum/catalog').then((m) => {
    const c = m.catalog();
    for (const p of c.problems) console.warn(`lesson problem: ${p.file}:${p.line}: ${p.message}`);
    useLessons.setState({ catalog: c, loading: false });
    return c;
  });
  if (!useLessons.getState().catalog) useLessons.setState({ loading: true });
  return catalogPromise;
}

function announce(text: string): void {
  // A trailing zero-width change makes screen readers repeat identical messages.
  const prev = useLessons.getState().announcement;
  useLessons.setState({ announcement: text === prev ? `${text}\u200b` : text });
}

// ---- navigation ------------------------------------------------------------

let client: EngineClient | undefined;
export const api = () => (client ??= engineClient());

/** Journal position where the current step started, and the learner's commands since. */
let stepSince = 0;
let journalSeq = 0;
let stepLog: JournalEntry[] = [];
/** Database 0 as it was when the current step began (commands that rebuild it), for :retry. */
let stepStartKeys: readonly (readonly string[])[] | undefined;
/** The first section shown after a page load resumes its saved step (journal and starting keys). */
let resumeSavedStep = true;

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

/** Resolves once no lesson is being opened or reset (never awaited by lesson code itself). */
export async function lessonSettled(): Promise<void> {
  while (building.size > 0) await Promise.all([...building]);
}

/** Opens a lesson: builds its keyspace (saved state, or its setup) and shows a section. */
export function openLesson(id: string, section = 0, opts: { restore?: boolean; fresh?: boolean } = {}): Promise<boolean> {
  return track(openLessonNow(id, section, opts));
}

async function openLessonNow(id: string, section: number, opts: { restore?: boolean; fresh?: boolean }): Promise<boolean> {
  const cat = await loadCatalog();
  const lesson = cat.lessons.find((l) => l.id === id);
  if (!lesson) {
    useLessons.setState({ error: `There is no lesson called "${id}".` });
    return false;
  }
  const s = useLessons.getState();
  const switching = s.lessonId !== id;
  // A copy of the lesson's keys for the progress file (its workspace itself is saved by the engine).
  if (switching && s.lessonId) await saveKeyspace(s.lessonId);
  const sec = clamp(section, lesson.sections.length);
  useLessons.setState({ lessonId: id, section: sec, showMap: false, error: undefined });
  if (switching || opts.fresh || opts.restore) {
    try {
      // The lesson runs in its own workspace: the keys of free play (or of the lesson before) are saved and set aside.
      await buildKeyspace(lesson, opts.fresh ? 'setup' : 'saved');
    } catch (e) {
      useLessons.setState({ lessonId: s.lessonId, section: s.section, error: `The lesson could not be opened: ${errorText(e)}` });
      announce(`The lesson could not be opened: ${errorText(e)}`);
      return false;
    }
  }
  enterSection();
  announce(`Lesson: ${lesson.title}. ${describeSection(lesson, sec)}`);
  return true;
}

function clamp(n: number, len: number): number {
  return Math.min(Math.max(0, Math.floor(n)), Math.max(0, len - 1));
}

export function describeSection(lesson: Lesson, i: number): string {
  const sec = lesson.sections[i];
  return sec ? `Section ${i + 1} of ${lesson.sections.length}: ${sec.title || lesson.title}.` : '';
}

export function goToSection(i: number): void {
  const lesson = selectLesson(useLessons.getState());
  if (!lesson) return;
  const sec = clamp(i, lesson.sections.length);
  if (sec === useLessons.getState().section) return;
  useLessons.setState({ section: sec });
  enterSection();
  announce(describeSection(lesson, sec));
}

export function nextSection(): boolean {
  const s = useLessons.getState();
  const lesson = selectLesson(s);
  if (!lesson) return false;
  if (s.section < lesson.sections.length - 1) {
    goToSection(s.section + 1);
    return true;
  }
  return false;
}

export function prevSection(): boolean {
  const s = useLessons.getState();
  if (s.section > 0) {
    goToSection(s.section - 1);
    return true;
  }
  return false;
}

/** The next lesson in the same track as the map shows, if any. */
export function nextLesson(): Lesson | undefined {
  const s = useLessons.getState();
  const lessons = s.catalog?.lessons ?? [];
  const i = lessons.findIndex((l) => l.id === s.lessonId);
  const cur = lessons[i];
  return lessons.slice(i + 1).find((l) => !cur || l.tracks.some((t) => cur.tracks.includes(t)));
}

function enterSection(): void {
  const s = useLessons.getState();
  useLessons.setState({ results: [], goalKeys: [], hintsShown: 0, solutionShown: false });
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

// ---- the current step: its journal and starting keys, kept across reloads ----------

const STEP_KEY = 'redis-playground:step:v1';
/** Journal entries kept per step (the checks count commands of this step only). */
const STEP_LOG_MAX = 200;
/** Arguments longer than this are cut in the saved journal (flags and names are short; values need not be kept whole). */
const ARG_MAX = 1024;
/** A reply larger than this (as JSON) is saved as null. */
const REPLY_MAX = 8192;

interface SavedStep {
  readonly lesson: string;
  readonly section: number;
  readonly log: readonly JournalEntry[];
  readonly start: readonly (readonly string[])[] | null;
}

/** Records database 0 as the step finds it (before the learner types), for :retry. */
function captureStepStart(lesson: string, section: number): Promise<void> {
  return track(
    api()
      .call('lessonSave', null)
      .then((res) => {
        const now = useLessons.getState();
        if (now.lessonId !== lesson || now.section !== section) return;
        stepStartKeys = res.commands ?? undefined;
        saveStep();
      })
      .catch(() => undefined),
  );
}

function saveStep(): void {
  const s = useLessons.getState();
  if (!s.lessonId) return;
  const log = stepLog.slice(-STEP_LOG_MAX).map(storableEntry);
  const data: SavedStep = { lesson: s.lessonId, section: s.section, log, start: stepStartKeys ? [...stepStartKeys] : null };
  try {
    localStorage.setItem(STEP_KEY, JSON.stringify(data, (_k, v: unknown) => (typeof v === 'bigint' ? (Number.isSafeInteger(Number(v)) ? Number(v) : String(v)) : v)));
  } catch {
    // Too large with its starting keys: keep the journal at least.
    try {
      localStorage.setItem(STEP_KEY, JSON.stringify({ ...data, start: null }, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    } catch {
      /* storage full or disabled */
    }
  }
}

function storableEntry(j: JournalEntry): JournalEntry {
  const argv = j.argv.map((a) => (a.length > ARG_MAX ? a.slice(0, ARG_MAX) : a));
  let reply = j.reply;
  if (reply !== null) {
    try {
      if (JSON.stringify(reply, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)).length > REPLY_MAX) reply = null;
    } catch {
      reply = null;
    }
  }
  return { ...j, argv, reply };
}

/** The saved step, validated: anything malformed reads as nothing saved. */
export function parseSavedStep(v: unknown): SavedStep | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.lesson !== 'string' || typeof o.section !== 'number' || !Number.isInteger(o.section) || o.section < 0 || !Array.isArray(o.log)) return undefined;
  const log = o.log.filter(isJournalEntry).slice(-STEP_LOG_MAX);
  const start = Array.isArray(o.start) && o.start.every((c) => Array.isArray(c) && c.every((a) => typeof a === 'string')) ? (o.start as string[][]) : null;
  return { lesson: o.lesson, section: o.section, log, start };
}

function isJournalEntry(j: unknown): j is JournalEntry {
  if (typeof j !== 'object' || j === null) return false;
  const e = j as Record<string, unknown>;
  return (
    typeof e.seq === 'number' &&
    typeof e.client === 'number' &&
    typeof e.time === 'number' &&
    Array.isArray(e.argv) &&
    e.argv.length > 0 &&
    e.argv.every((a) => typeof a === 'string') &&
    (e.reply === null || isReply(e.reply, 0))
  );
}

function isReply(r: unknown, depth: number): boolean {
  if (depth > 16 || typeof r !== 'object' || r === null) return false;
  const { t, v } = r as { t?: unknown; v?: unknown };
  switch (t) {
    case 'simple':
    case 'error':
    case 'bulk':
    case 'bignum':
    case 'verbatim':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'number' || (typeof v === 'string' && /^-?\d+$/.test(v));
    case 'double':
      return typeof v === 'number' || v === null;
    case 'bool':
      return typeof v === 'boolean';
    case 'nil':
    case 'nilarray':
      return true;
    case 'array':
    case 'set':
    case 'push':
      return Array.isArray(v) && v.every((x) => isReply(x, depth + 1));
    case 'map':
      return Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && isReply(p[0], depth + 1) && isReply(p[1], depth + 1));
    default:
      return false;
  }
}

function loadStep(): SavedStep | undefined {
  try {
    const raw = typeof localStorage !== 'undefined' ? localStorage.getItem(STEP_KEY) : null;
    return raw ? parseSavedStep(JSON.parse(raw)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `:retry`: the current step starts again, its keys as they were when it
 * began and its journal empty; the rest of the lesson (earlier steps, the
 * progress) stays. Returns false when the step's starting keys are unknown.
 */
export async function retryStep(): Promise<boolean> {
  const s = useLessons.getState();
  const lesson = selectLesson(s);
  if (!lesson) return false;
  await lessonSettled();
  const setup = stepStartKeys;
  if (setup === undefined) return false;
  await track(
    (async () => {
      useLessons.setState({ busy: true });
      try {
        const res = await api().call('lessonReset', { setup });
        journalSeq = res.seq;
        useKeyspace.getState().load();
      } finally {
        useLessons.setState({ busy: false });
      }
    })(),
  );
  stepSince = journalSeq;
  stepLog = [];
  saveStep();
  useLessons.setState((st) => ({ results: [], resetCount: st.resetCount + 1 }));
  scheduleSave(lesson.id);
  void evaluateNow();
  announce(`Step restarted: its keys are back to where the step began. ${describeSection(lesson, s.section)}`);
  return true;
}

export function showMap(on = true): void {
  useLessons.setState({ showMap: on });
  syncUrl();
}

export function setTrack(track: Track): void {
  saveProgress({ ...useLessons.getState().progress, track });
}

export function setMode(mode: LessonMode): void {
  useLessons.setState({ mode });
  syncUrl();
}

/** Rebuilds the lesson's starting keyspace and goes back to its first section. */
export async function resetLesson(): Promise<void> {
  const lesson = selectLesson(useLessons.getState());
  if (!lesson) return;
  localStorage.removeItem(KEYSPACE_KEY(lesson.id));
  useLessons.setState({ section: 0 });
  await buildKeyspace(lesson, 'setup');
  useLessons.setState((st) => ({ resetCount: st.resetCount + 1 }));
  enterSection();
  announce(`The lesson was reset: its keys are back to the start. ${describeSection(lesson, 0)}`);
}

/** Rebuilds only the keyspace (presenter's "reset demo"), staying on the current section. */
export async function resetDemo(): Promise<void> {
  const lesson = selectLesson(useLessons.getState());
  if (!lesson) return;
  localStorage.removeItem(KEYSPACE_KEY(lesson.id));
  await buildKeyspace(lesson, 'setup');
  useLessons.setState((st) => ({ resetCount: st.resetCount + 1 }));
  enterSection();
  announce('Demo reset: the keys are back to the lesson start.');
}

/** The engine workspace of the keys made outside any lesson. */
const FREE_PLAY = 'free';
/** Each lesson's own engine workspace (sixteen databases, saved apart from free play). */
const lessonWorkspace = (id: string): string => `lesson:${id}`;

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/^ERR /, '');
}

/**
 * Leaves the lesson (its keys stay saved in its workspace) and brings back
 * the learner's own keys, all sixteen databases as they were. Returns how
 * many keys came back.
 */
export async function leaveLessons(): Promise<number> {
  const s = useLessons.getState();
  if (s.lessonId) await saveKeyspace(s.lessonId);
  useLessons.setState({ busy: true });
  try {
    const res = await api().call('workspace', { name: FREE_PLAY, setup: [] });
    useLessons.setState({ lessonId: undefined, section: 0, showMap: true });
    journalSeq = res.seq;
    useKeyspace.getState().load();
    return res.keys;
  } finally {
    useLessons.setState({ busy: false });
  }
}

/**
 * Switches the engine to the lesson's workspace. `saved`: its keys as the
 * learner left them (built from the setup, or from keys imported with a
 * progress file, the first time); `setup`: the lesson's start; `imported`:
 * the keys of an imported progress file.
 */
function buildKeyspace(lesson: Lesson, from: 'setup' | 'saved' | 'imported'): Promise<void> {
  return track(buildKeyspaceNow(lesson, from));
}

async function buildKeyspaceNow(lesson: Lesson, from: 'setup' | 'saved' | 'imported'): Promise<void> {
  const { setupArgv } = await import('../curriculum/commands');
  let setup: string[][] = setupArgv(lesson);
  if (from !== 'setup') {
    try {
      const raw = localStorage.getItem(KEYSPACE_KEY(lesson.id));
      const saved: unknown = raw ? JSON.parse(raw) : undefined;
      if (isCommandList(saved)) setup = saved;
    } catch {
      /* a broken save: start from the setup */
    }
  }
  useLessons.setState({ busy: true });
  try {
    const res = await api().call('workspace', { name: lessonWorkspace(lesson.id), setup, replace: from !== 'saved' });
    journalSeq = res.seq;
    for (const e of res.errors) console.warn(`lesson ${lesson.id}: setup command ${e.index + 1} failed`, e.reply);
    useKeyspace.getState().load();
  } finally {
    useLessons.setState({ busy: false });
  }
}

async function saveKeyspace(id: string): Promise<void> {
  try {
    const res = await api().call('lessonSave', null);
    if (res.commands) localStorage.setItem(KEYSPACE_KEY(id), JSON.stringify(res.commands));
    else localStorage.removeItem(KEYSPACE_KEY(id));
  } catch {
    /* too large for storage: the lesson starts from its setup next time */
  }
}

// ---- hints and solutions -------------------------------------------------------

export function showHint(): string | undefined {
  const s = useLessons.getState();
  const step = currentStep(s);
  if (!step) return undefined;
  const n = Math.min(s.hintsShown + 1, step.hints.length);
  useLessons.setState({ hintsShown: n });
  const hint = step.hints[n - 1]!;
  announce(`Hint ${n} of ${step.hints.length}: ${hint}`);
  return hint;
}

export function showSolution(): readonly string[] | undefined {
  const step = currentStep(useLessons.getState());
  if (!step) return undefined;
  useLessons.setState({ solutionShown: true });
  announce(`Solution: ${step.solution.join('; ')}`);
  return step.solution;
}

// ---- goal evaluation -----------------------------------------------------------

let evaluating = false;
let again = false;
let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Checks the current step's goal against the engine (coalesced: one at a time). */
export async function evaluateNow(): Promise<void> {
  if (evaluating) {
    again = true;
    return;
  }
  evaluating = true;
  try {
    do {
      again = false;
      await evaluateOnce();
    } while (again);
  } finally {
    evaluating = false;
  }
}

async function evaluateOnce(): Promise<void> {
  const s = useLessons.getState();
  const lesson = selectLesson(s);
  if (!lesson || s.busy) return;
  const step = currentStep(s);
  const { evaluate, keysNeeded, allPass } = await import('../curriculum/checks');
  const res = await api().call('inspect', { db: 0, keys: step ? keysNeeded(step.checks) : [], since: Math.max(journalSeq, stepSince) });
  journalSeq = res.seq;
  const before = stepLog.length;
  for (const j of res.journal) if (!isBackgroundClient(j.client) && j.seq > stepSince) stepLog.push(j);
  if (stepLog.length > 500) stepLog = stepLog.slice(-500);
  if (stepLog.length !== before && useLessons.getState().lessonId === lesson.id && useLessons.getState().section === s.section) saveStep();
  // The learner may have moved on while we waited.
  const now = useLessons.getState();
  if (now.lessonId !== lesson.id) return;
  if (now.section !== s.section || !step) {
    if (res.journal.length > 0) scheduleSave(lesson.id);
    return;
  }
  const results = evaluate(step.checks, { keys: new Map(res.keys.map((k) => [k.key, k])), dbsize: res.dbsize, log: stepLog });
  useLessons.setState({ results, goalKeys: res.keys });
  if (allPass(results) && !isDone(now, lesson.id, step.id)) {
    const done = now.progress.completed[lesson.id] ?? [];
    // Save the lesson's keys with the progress, so a reload finds both.
    await saveKeyspace(lesson.id);
    saveProgress({ ...now.progress, completed: { ...now.progress.completed, [lesson.id]: [...done, step.id] } });
    announce(`Goal reached: ${step.goal} ${step.done ?? ''}`.trim());
  } else if (res.journal.length > 0) scheduleSave(lesson.id);
}

/** Saves the lesson's keyspace shortly after the learner's commands (coalesced). */
function scheduleSave(id: string): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    if (useLessons.getState().lessonId === id) void saveKeyspace(id);
  }, 300);
}

// ---- URL ---------------------------------------------------------------------------

/** Keeps `?lesson=&step=&mode=` in the address bar in step with what is shown. */
function syncUrl(): void {
  if (typeof window === 'undefined') return;
  const s = useLessons.getState();
  const lesson = selectLesson(s);
  const url = new URL(window.location.href);
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
  if (next !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
    window.history.replaceState(window.history.state, '', next);
  }
}

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

// ---- start-up ---------------------------------------------------------------------

let started = false;

/**
 * Starts the lesson system once: terminal commands, goal checks after every
 * command, and the lesson named in the URL (or the one the learner was on).
 */
export function startLessons(c: EngineClient): () => void {
  client = c;
  if (started) return () => {};
  started = true;
  const offEvents = c.on((e) => {
    if (e.type === 'change' && useLessons.getState().lessonId) void evaluateNow();
  });
  const offCommands = installLessonCommands();
  const url = readUrl(window.location.search);
  if (url.mode) useLessons.setState({ mode: url.mode });
  const target = url.lesson ?? useLessons.getState().progress.current?.lesson;
  if (target) {
    void track(loadCatalog()).then((cat) => {
      const lesson = cat.lessons.find((l) => l.id === target);
      if (!lesson) {
        useLessons.setState({ error: `There is no lesson called "${target}".`, showMap: true });
        return;
      }
      const section = url.lesson ? sectionIndex(lesson, url.step) : (useLessons.getState().progress.current?.section ?? 0);
      void openLesson(lesson.id, section, { restore: true });
    });
  }
  const onPop = () => {
    const u = readUrl(window.location.search);
    if (u.lesson && u.lesson !== useLessons.getState().lessonId) void openLesson(u.lesson);
  };
  window.addEventListener('popstate', onPop);
  return () => {
    offEvents();
    offCommands();
    window.removeEventListener('popstate', onPop);
    started = false;
  };
}

// ---- terminal commands ---------------------------------------------------------------

/** Registers `:next`, `:hint`... The handler (and its texts) load on the first lesson command typed. */
function installLessonCommands(): () => void {
  let handler: LocalCommand | undefined;
  return useTerminals.getState().addLocalCommand(async (argv, line, print) => {
    if (!mayBeLessonCommand(argv)) return false;
    handler ??= (await import('./lesson-commands')).handleLessonCommand;
    return handler(argv, line, print);
  });
}
