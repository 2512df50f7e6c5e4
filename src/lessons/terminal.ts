/**
 * The lesson commands typed into the terminal (`:next`, `:hint`, `:reset`,
 * `:solution`, `:lessons`, `:lesson ID`, `:clock +60s`, `:present`, `:help`).
 * Loaded on the first line typed, to keep the first screen light. A
 * presenter: it turns the controller's answers into coloured terminal lines.
 */
import type { StoreApi } from 'zustand';
import { escapeControls } from '../cli/escape';
import { currentStep, loadCatalog, nextLesson, selectLesson, type LessonsState } from '../store/lessons';
import type { LocalCommand } from '../store/terminals';
import type { LessonController } from './controller';
import { describeSection } from './describe';

const DIM = '\x1b[2m';
const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const BOLD = '\x1b[1m';
const OFF = '\x1b[0m';

/** The terminal's lesson commands over a running controller and its state. */
export function lessonCommands(lessons: Omit<LessonController, 'stop'>, store: StoreApi<LessonsState>): LocalCommand {
  /** `:solution` asked "Show it? (y/N)" and waits for the answer. */
  let confirmingSolution = false;
  const get = store.getState;
  const { openLesson, leaveLessons, nextSection, prevSection, retryStep, resetLesson, showHint, setShowMap, setMode } = lessons;

  const printSolution = (print: (t: string) => void): void => {
    const sol = lessons.showSolution();
    if (!sol) return;
    print(`${GREEN}Solution:${OFF}`);
    for (const line of sol) print(`  ${line}`);
  };

  return async (argv, _line, print) => {
    const { parseLessonCommand, LESSON_COMMAND_HELP } = await import('../curriculum/commands');
    const cmd = parseLessonCommand(argv);
    if (!cmd) {
      if (confirmingSolution) {
        confirmingSolution = false;
        const a = argv[0]?.toLowerCase();
        if (argv.length === 1 && (a === 'y' || a === 'yes')) {
          printSolution(print);
          return true;
        }
        if (argv.length === 1 && (a === 'n' || a === 'no')) {
          print(`${DIM}Fine, keep trying. :hint gives a nudge.${OFF}`);
          return true;
        }
      }
      return false;
    }
    confirmingSolution = false;
    const s = get();
    const lesson = selectLesson(s);
    const noGoal = () => {
      print(`${DIM}This section has no goal. :next moves on.${OFF}`);
      return true;
    };
    const needLesson = () => {
      print(`${DIM}No lesson is open. Type :lessons to see them, or :lesson speed-problem to start.${OFF}`);
      return true;
    };
    switch (cmd.name) {
      case 'help':
        print(LESSON_COMMAND_HELP);
        return true;
      case 'invalid':
        print(`${YELLOW}${escapeControls(cmd.message)}${OFF}`);
        return true;
      case 'lessons': {
        const cat = await loadCatalog(store);
        const st = get();
        for (const l of cat.lessons) {
          const done = st.progress.completed[l.id]?.length ?? 0;
          const mark = l.steps.length > 0 && done >= l.steps.length ? `${GREEN}✓${OFF}` : done > 0 ? `${YELLOW}…${OFF}` : ' ';
          const here = l.id === st.lessonId ? `${BOLD}›${OFF}` : ' ';
          print(`${here}${mark} ${l.id.padEnd(20)} ${l.title} ${DIM}(${done}/${l.steps.length})${OFF}`);
        }
        print(`${DIM}Open one with :lesson ID${OFF}`);
        setShowMap(true);
        return true;
      }
      case 'lesson': {
        const ok = await openLesson(cmd.id);
        print(ok ? `${GREEN}Opened ${selectLesson(get())!.title}.${OFF}` : `${YELLOW}No lesson "${escapeControls(cmd.id)}". Type :lessons.${OFF}`);
        return true;
      }
      case 'present':
        setMode(get().mode === 'present' ? 'self' : 'present');
        return true;
      case 'free': {
        const n = await leaveLessons();
        print(`${GREEN}Free play: ${n > 0 ? 'your own keys are back' : 'the server is yours'}. :lessons lists the lessons again.${OFF}`);
        return true;
      }
      case 'clock': {
        const st = await lessons.client.call('clock', { op: 'advance', ms: cmd.ms });
        print(`${DIM}The server clock moved forward ${formatMs(cmd.ms)} (now ${new Date(st.now).toISOString().slice(11, 19)} UTC).${OFF}`);
        return true;
      }
    }
    if (!lesson) return needLesson();
    switch (cmd.name) {
      case 'next': {
        if (!nextSection()) {
          const n = nextLesson(get());
          print(n ? `${DIM}End of this lesson. Next: :lesson ${n.id} (${n.title})${OFF}` : `${DIM}This was the last section.${OFF}`);
        } else print(`${DIM}${describeSection(lesson, get().section)}${OFF}`);
        return true;
      }
      case 'prev':
        if (!prevSection()) print(`${DIM}This is the first section.${OFF}`);
        else print(`${DIM}${describeSection(lesson, get().section)}${OFF}`);
        return true;
      case 'retry': {
        if (!currentStep(get())) {
          print(`${DIM}This section has no goal to retry. :next moves on, :reset starts the lesson again.${OFF}`);
          return true;
        }
        const ok = await retryStep();
        print(
          ok
            ? `${GREEN}Step restarted: its keys are back to where it began, and only what you type from now on counts.${OFF}`
            : `${YELLOW}The start of this step was not recorded; :reset starts the whole lesson again.${OFF}`,
        );
        return true;
      }
      case 'reset':
        await resetLesson();
        print(`${GREEN}Lesson reset: its keys are back to the start.${OFF}`);
        return true;
      case 'hint': {
        const step = currentStep(get());
        if (!step) return noGoal();
        const hint = showHint()!;
        const n = get().hintsShown;
        print(`${YELLOW}Hint ${n}/${step.hints.length}:${OFF} ${hint}`);
        return true;
      }
      case 'solution': {
        const step = currentStep(get());
        if (!step) return noGoal();
        if (cmd.confirmed) printSolution(print);
        else {
          confirmingSolution = true;
          print(`Show the answer for "${step.goal}"? Trying a hint first (:hint) teaches more. ${BOLD}Show it? (y/N)${OFF}`);
        }
        return true;
      }
    }
    return false;
  };
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
