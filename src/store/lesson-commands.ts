/**
 * The lesson commands typed into the terminal (`:next`, `:hint`, `:reset`,
 * `:solution`, `:lessons`, `:lesson ID`, `:clock +60s`, `:present`, `:help`).
 * Loaded on the first line typed, to keep the first screen light.
 */
import { escapeControls } from '../cli/escape';
import type { LocalCommand } from './terminals';
import {
  api,
  currentStep,
  describeSection,
  loadCatalog,
  nextLesson,
  nextSection,
  openLesson,
  prevSection,
  resetLesson,
  selectLesson,
  setMode,
  showHint,
  showMap,
  showSolution,
  useLessons,
  leaveLessons,
} from './lessons';

const DIM = '\x1b[2m';
const GREEN = '\x1b[32m';
const YELLOW = '\x1b[33m';
const BOLD = '\x1b[1m';
const OFF = '\x1b[0m';

let confirmingSolution = false;

export const handleLessonCommand: LocalCommand = async (argv, _line, print) => {
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
  const s = useLessons.getState();
  const lesson = selectLesson(s);
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
      const cat = await loadCatalog();
      const st = useLessons.getState();
      for (const l of cat.lessons) {
        const done = st.progress.completed[l.id]?.length ?? 0;
        const mark = l.steps.length > 0 && done >= l.steps.length ? `${GREEN}✓${OFF}` : done > 0 ? `${YELLOW}…${OFF}` : ' ';
        const here = l.id === st.lessonId ? `${BOLD}›${OFF}` : ' ';
        print(`${here}${mark} ${l.id.padEnd(20)} ${l.title} ${DIM}(${done}/${l.steps.length})${OFF}`);
      }
      print(`${DIM}Open one with :lesson ID${OFF}`);
      showMap(true);
      return true;
    }
    case 'lesson': {
      const ok = await openLesson(cmd.id);
      print(ok ? `${GREEN}Opened ${selectLesson(useLessons.getState())!.title}.${OFF}` : `${YELLOW}No lesson "${escapeControls(cmd.id)}". Type :lessons.${OFF}`);
      return true;
    }
    case 'present':
      setMode(useLessons.getState().mode === 'present' ? 'self' : 'present');
      return true;
    case 'free': {
      const n = await leaveLessons();
      print(`${GREEN}Free play: ${n > 0 ? 'your own keys are back' : 'the server is yours'}. :lessons lists the lessons again.${OFF}`);
      return true;
    }
    case 'clock': {
      const st = await api().call('clock', { op: 'advance', ms: cmd.ms });
      print(`${DIM}The server clock moved forward ${formatMs(cmd.ms)} (now ${new Date(st.now).toISOString().slice(11, 19)} UTC).${OFF}`);
      return true;
    }
  }
  if (!lesson) return needLesson();
  switch (cmd.name) {
    case 'next': {
      if (!nextSection()) {
        const n = nextLesson();
        print(n ? `${DIM}End of this lesson. Next: :lesson ${n.id} (${n.title})${OFF}` : `${DIM}This was the last section.${OFF}`);
      } else print(`${DIM}${describeSection(lesson, useLessons.getState().section)}${OFF}`);
      return true;
    }
    case 'prev':
      if (!prevSection()) print(`${DIM}This is the first section.${OFF}`);
      else print(`${DIM}${describeSection(lesson, useLessons.getState().section)}${OFF}`);
      return true;
    case 'reset':
      await resetLesson();
      print(`${GREEN}Lesson reset: its keys are back to the start.${OFF}`);
      return true;
    case 'hint': {
      const step = currentStep(useLessons.getState());
      if (!step) {
        print(`${DIM}This section has no goal. :next moves on.${OFF}`);
        return true;
      }
      const hint = showHint()!;
      const n = useLessons.getState().hintsShown;
      print(`${YELLOW}Hint ${n}/${step.hints.length}:${OFF} ${hint}`);
      return true;
    }
    case 'solution': {
      const step = currentStep(useLessons.getState());
      if (!step) {
        print(`${DIM}This section has no goal. :next moves on.${OFF}`);
        return true;
      }
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

function printSolution(print: (t: string) => void): void {
  const sol = showSolution();
  if (!sol) return;
  print(`${GREEN}Solution:${OFF}`);
  for (const line of sol) print(`  ${line}`);
}

function formatMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}
