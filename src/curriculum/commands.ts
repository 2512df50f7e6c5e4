/**
 * Lesson commands typed into the terminal. They start with a colon so they
 * never shadow a Redis command (Redis has RESET); the words Redis does not
 * use (next, prev, hint, solution, lessons) also work bare.
 */
import { splitArgs } from '../cli/split';
import type { Lesson } from './parse';

export type LessonCommand =
  | { readonly name: 'next' | 'prev' | 'hint' | 'reset' | 'lessons' | 'help' | 'present' | 'free' }
  | { readonly name: 'solution'; readonly confirmed: boolean }
  | { readonly name: 'lesson'; readonly id: string }
  | { readonly name: 'clock'; readonly ms: number }
  | { readonly name: 'invalid'; readonly message: string };

const BARE = new Set(['next', 'prev', 'hint', 'solution', 'lessons']);

export const LESSON_COMMAND_HELP = `Lesson commands (they start with a colon, so they never clash with Redis):
  :next        go to the next step          :prev      go back one step
  :hint        show the next hint           :solution  show the answer (asks first)
  :reset       rebuild this lesson's keys and start it again
  :lessons     list every lesson            :lesson ID open a lesson
  :clock +60s  move the server clock forward (TTLs, rate limits)
  :free        leave the lesson and get back the keys you had before lessons
  :undo        put back what the last command changed in the keyspace
  :timeline    show the commands that changed the keyspace (see any earlier point)
  :restore N   make the keyspace what it was right after command N of the timeline
next, prev, hint, solution and lessons also work without the colon.
Keys: Esc then Tab leaves the terminal (Tab alone completes a command);
F6 and Shift+F6 move between the lesson, terminal, keyspace tree and value.`;

/**
 * A cheap first look, true when a typed line could be a lesson command (or an
 * answer to :solution's question). Everything else goes straight to the engine.
 */
export function mayBeLessonCommand(argv: readonly string[]): boolean {
  const first = argv[0];
  if (first === undefined) return false;
  return first.startsWith(':') || (argv.length === 1 && (BARE.has(first.toLowerCase()) || ANSWERS.has(first.toLowerCase())));
}
const ANSWERS = new Set(['y', 'yes', 'n', 'no']);

/** Recognises a lesson command in a typed line, or returns null for anything else. */
export function parseLessonCommand(argv: readonly string[]): LessonCommand | null {
  const first = argv[0];
  if (first === undefined) return null;
  let word = first.toLowerCase();
  if (word.startsWith(':')) word = word.slice(1);
  else if (!BARE.has(word) || argv.length > 1) return null;
  const rest = argv.slice(1);
  switch (word) {
    case 'next':
    case 'prev':
    case 'hint':
    case 'reset':
    case 'lessons':
    case 'help':
    case 'present':
      return { name: word };
    case 'free':
    case 'exit':
      return { name: 'free' };
    case 'back':
      return { name: 'prev' };
    case 'solution': {
      const yes = rest[0]?.toLowerCase();
      return { name: 'solution', confirmed: yes === 'yes' || yes === 'y' };
    }
    case 'lesson':
      return rest[0] ? { name: 'lesson', id: rest[0] } : { name: 'lessons' };
    case 'clock': {
      const ms = parseDuration(rest[0] ?? '');
      return ms === null ? { name: 'invalid', message: 'usage: :clock +60s (also +500ms, +5m, +1h)' } : { name: 'clock', ms };
    }
    case 'undo':
    case 'timeline':
    case 'restore':
      return null; // the timeline's commands (store/timeline.ts)
    default:
      return { name: 'invalid', message: `unknown lesson command ":${word}" (type :help)` };
  }
}

/** `+60s`, `60s`, `+1.5m`, `+500ms`, `+2h` -> milliseconds. */
export function parseDuration(s: string): number | null {
  const m = /^\+?(\d+(?:\.\d+)?)(ms|s|m|h)$/i.exec(s.trim());
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2]!.toLowerCase();
  const ms = unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n * 3_600_000;
  return ms > 0 && ms <= 30 * 24 * 3_600_000 ? Math.round(ms) : null;
}

/** Splits a typed line the way the terminal does (redis-cli quoting). */
export function lineArgs(line: string): string[] | null {
  return splitArgs(line);
}

/** A lesson's starting keyspace as argv lists (engine byte strings), `populate` expanded into MSET batches. */
export function setupArgv(lesson: Pick<Lesson, 'setup' | 'populate'>): string[][] {
  const out: string[][] = [];
  for (const line of lesson.setup) {
    const argv = splitArgs(line);
    if (argv && argv.length > 0) out.push(argv);
  }
  const p = lesson.populate;
  if (p) {
    const batch = 1000;
    for (let i = 0; i < p.count; i += batch) {
      const argv = ['MSET'];
      for (let j = i; j < Math.min(p.count, i + batch); j++) argv.push(`${p.prefix}${j}`, `value:${j}`);
      out.push(argv);
    }
  }
  return out;
}
