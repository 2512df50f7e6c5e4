/**
 * The lesson controller over in-memory storage, a fake address bar and a
 * real engine client (the worker's host in this process): opening a lesson
 * from the address, its keys in their own workspace, progress saved and
 * read back, the goal checked after commands, the terminal's lesson
 * commands, and two controllers that share nothing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { localEngine, type LocalEngine } from '../../test/support/local-engine';
import { splitArgs } from '../cli/split';
import { catalog } from '../curriculum/catalog';
import { PROGRESS_KEY, STEP_KEY, parseProgress } from '../curriculum/progress';
import { DISCONNECTED, INITIAL_LESSONS, selectLesson, useLessons, type LessonsState } from '../store/lessons';
import type { LocalCommand } from '../store/terminals';
import { createLessonController, type AddressBar, type KeyValueStorage } from './controller';

class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
}

class FakeAddress implements AddressBar {
  readonly history: string[] = [];
  private pop = new Set<() => void>();
  constructor(public href: string) {}
  current(): string {
    return this.href;
  }
  replace(next: string): void {
    this.href = new URL(next, this.href).href;
    this.history.push(next);
  }
  onPop(cb: () => void): () => void {
    this.pop.add(cb);
    return () => this.pop.delete(cb);
  }
  /** The learner presses Back to `href`. */
  back(href: string): void {
    this.href = href;
    for (const cb of this.pop) cb();
  }
}

const lesson = catalog().lessons.find((l) => l.id === 'mental-model')!;
/** The first section with a goal, and its step. */
const goalSection = lesson.sections.findIndex((s) => s.stepId !== undefined);
const goalStep = lesson.steps.find((s) => s.id === lesson.sections[goalSection]!.stepId)!;

interface Rig {
  engine: LocalEngine;
  storage: MemoryStorage;
  address: FakeAddress;
  store: StoreApi<LessonsState>;
  commands: LocalCommand[];
  controller: ReturnType<typeof createLessonController>;
  stop: () => void;
  /** Runs a line as the learner (a client of its own), then lets the goal check run. */
  type(line: string): Promise<void>;
  /** A lesson command typed into the terminal; what it printed. */
  terminal(line: string): Promise<string[]>;
  settle(): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(() => {
  for (const r of rigs.splice(0)) r.stop();
});

async function rig(href: string, storage = new MemoryStorage(), engine = localEngine()): Promise<Rig> {
  const address = new FakeAddress(href);
  const store = createStore<LessonsState>(() => ({ ...INITIAL_LESSONS, ...DISCONNECTED }));
  const commands: LocalCommand[] = [];
  const controller = createLessonController({
    client: engine.client,
    storage,
    address,
    store,
    reloadKeyspace: () => {},
    addLocalCommand: (c) => {
      commands.push(c);
      return () => commands.splice(commands.indexOf(c), 1);
    },
    isBackgroundClient: () => false,
  });
  const stop = controller.start();
  const { client: learner } = await engine.client.call('open', { name: 'learner' });
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await controller.lessonSettled();
      await engine.idle();
      await controller.evaluateNow();
    }
  };
  const r: Rig = {
    engine,
    storage,
    address,
    store,
    commands,
    controller,
    stop,
    settle,
    async type(line) {
      await engine.client.call('exec', { client: learner, argv: splitArgs(line)! });
      await settle();
    },
    async terminal(line) {
      const out: string[] = [];
      for (const c of commands) if (await c(splitArgs(line)!, line, (t) => out.push(t))) break;
      await settle();
      return out;
    },
  };
  rigs.push(r);
  await settle();
  return r;
}

const get = async (r: Rig, key: string) => (await r.engine.client.call('exec', { client: (await r.engine.client.call('open', { name: 'check' })).client, argv: ['GET', key] })).reply;

describe('the lesson controller', () => {
  it('opens the lesson the address names, in its own workspace built from its setup', async () => {
    const r = await rig('http://localhost/?lesson=mental-model');
    const s = r.store.getState();
    expect(s.lessonId).toBe('mental-model');
    expect(selectLesson(s)?.title).toBe(lesson.title);
    expect(s.section).toBe(0);
    expect(await get(r, 'name')).toEqual({ t: 'bulk', v: 'Alice' });
    // Where the learner is goes to storage.
    expect(parseProgress(JSON.parse(r.storage.getItem(PROGRESS_KEY)!))?.current).toEqual({ lesson: 'mental-model', section: 0 });
    // The app's own store is not touched by a controller given another one.
    expect(useLessons.getState().lessonId).toBeUndefined();
  });

  it('keeps the address bar in step with the section shown and the mode', async () => {
    const r = await rig('http://localhost/app/?lesson=mental-model#top');
    r.store.getState().goToSection(goalSection);
    expect(new URL(r.address.href).searchParams.get('step')).toBe(lesson.sections[goalSection]!.id);
    expect(r.address.href.endsWith('#top')).toBe(true);
    r.store.getState().setMode('present');
    expect(new URL(r.address.href).searchParams.get('mode')).toBe('present');
    r.store.getState().setShowMap(true);
    expect(r.store.getState().showMap).toBe(true);
    expect(new URL(r.address.href).searchParams.has('lesson')).toBe(false);
    expect(new URL(r.address.href).pathname).toBe('/app/');
  });

  it('a step= in the address opens that section; Back to another lesson opens it', async () => {
    const r = await rig(`http://localhost/?lesson=mental-model&step=${lesson.sections[goalSection]!.id}`);
    expect(r.store.getState().section).toBe(goalSection);
    r.address.back('http://localhost/?lesson=strings');
    await r.settle();
    expect(r.store.getState().lessonId).toBe('strings');
  });

  it('checks the goal after the learner types, and saves the step as done', async () => {
    const r = await rig(`http://localhost/?lesson=mental-model&step=${goalSection + 1}`);
    expect(r.store.getState().section).toBe(goalSection);
    for (const line of goalStep.solution) await r.type(line);
    const s = r.store.getState();
    expect(s.results.length).toBeGreaterThan(0);
    expect(s.results.every((x) => x.pass)).toBe(true);
    expect(s.progress.completed['mental-model']).toContain(goalStep.id);
    expect(parseProgress(JSON.parse(r.storage.getItem(PROGRESS_KEY)!))?.completed['mental-model']).toContain(goalStep.id);
    expect(s.announcement).toContain('Goal reached');
    // The step's journal is saved too, so a reload goes on where it was.
    expect(JSON.parse(r.storage.getItem(STEP_KEY)!)).toMatchObject({ lesson: 'mental-model', section: goalSection });
  });

  it('a second controller over the same storage (a reload) finds the progress and the lesson', async () => {
    const first = await rig(`http://localhost/?lesson=mental-model&step=${goalSection + 1}`);
    for (const line of goalStep.solution) await first.type(line);
    first.stop();
    const again = await rig('http://localhost/', first.storage);
    const s = again.store.getState();
    expect(s.progress.completed['mental-model']).toContain(goalStep.id);
    expect(s.lessonId).toBe('mental-model');
    expect(s.section).toBe(goalSection);
  });

  it('answers the terminal lesson commands', async () => {
    const r = await rig(`http://localhost/?lesson=mental-model&step=${goalSection + 1}`);
    const hint = await r.terminal(':hint');
    expect(hint.join('\n')).toContain(`Hint 1/${goalStep.hints.length}`);
    expect(r.store.getState().hintsShown).toBe(1);
    const ask = await r.terminal(':solution');
    expect(ask.join('\n')).toContain('Show it? (y/N)');
    const answer = await r.terminal('y');
    expect(answer.join('\n')).toContain(goalStep.solution[0]!);
    const next = await r.terminal(':next');
    expect(next.join('\n')).toContain(`Section ${goalSection + 2} of ${lesson.sections.length}`);
    expect(await r.terminal('GET name')).toEqual([]); // not a lesson command: left to Redis
    const clock = await r.terminal(':clock +60s');
    expect(clock.join('\n')).toContain('moved forward 1 min');
  });

  it('a lesson reset rebuilds its keys; leaving brings back free play', async () => {
    const r = await rig('http://localhost/?lesson=mental-model');
    await r.type('SET name Bob');
    await r.store.getState().resetLesson();
    expect(await get(r, 'name')).toEqual({ t: 'bulk', v: 'Alice' });
    expect(await r.store.getState().leaveLessons()).toBe(0);
    expect(await get(r, 'name')).toEqual({ t: 'nil' });
    expect(r.store.getState().lessonId).toBeUndefined();
  });

  it('exports progress with the lesson keys and imports it into a fresh storage', async () => {
    const r = await rig(`http://localhost/?lesson=mental-model&step=${goalSection + 1}`);
    for (const line of goalStep.solution) await r.type(line);
    const file = await r.controller.exportProgress().text();
    const other = await rig('http://localhost/', new MemoryStorage(), localEngine());
    expect(await other.store.getState().importProgress('not json')).toBe('This file is not JSON.');
    expect(await other.store.getState().importProgress(file)).toBeUndefined();
    expect(other.store.getState().progress.completed['mental-model']).toContain(goalStep.id);
  });

  it('storage that throws keeps everything in memory', async () => {
    const broken: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const r = await rig('http://localhost/?lesson=mental-model', broken as MemoryStorage);
    expect(r.store.getState().lessonId).toBe('mental-model');
    r.store.getState().goToSection(goalSection);
    expect(r.store.getState().section).toBe(goalSection);
  });

  it('stop gives the store back its idle actions and removes the terminal commands', async () => {
    const r = await rig('http://localhost/');
    expect(r.commands).toHaveLength(1);
    r.stop();
    expect(r.commands).toHaveLength(0);
    expect(r.store.getState().openLesson).toBe(DISCONNECTED.openLesson);
  });
});
