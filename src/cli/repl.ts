/**
 * What redis-cli 7.0.15's interactive loop does with one typed line before
 * anything reaches the server, and how its prompt follows the session.
 *
 * The terminal calls `interpretLine` on Enter and acts on the result:
 *   none     print nothing (empty or blank line)
 *   print    print `text` (redis-cli answered by itself: bad quoting, bad
 *            repeat count, unknown `:command`)
 *   help     print `helpText(specs, args)` from help.ts
 *   hints    turn inline hints on or off (`:set hints` / `:set nohints`)
 *   clear    clear the screen
 *   quit     end the session (`quit`, `exit`)
 *   connect  `connect host port` (the playground has nowhere else to go)
 *   command  send `argv` `repeat` times, printing each reply
 * Arguments are byte strings (see split.ts).
 */
import { toText } from '../text/bytes';
import type { Reply } from '../engine/core/reply';
import { INVALID_ARGUMENTS, splitArgs } from './split';
import { INT64_MAX } from '../text/int';

export type LineAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'print'; readonly text: string }
  | { readonly kind: 'help'; readonly args: readonly string[] }
  | { readonly kind: 'hints'; readonly on: boolean }
  | { readonly kind: 'clear' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'connect'; readonly host: string; readonly port: number }
  | { readonly kind: 'command'; readonly argv: readonly string[]; readonly repeat: number };

export const INVALID_REPEAT = 'Invalid redis-cli repeat command option value.';
export const RESTART_ONLY_IN_LDB = "Use 'restart' only in Lua debugging mode.";

/**
 * C `strtol(s, &end, 10)` for the repeat prefix: undefined when characters
 * follow the number (then it is no repeat count), else the value, or NaN when
 * it is out of range.
 */
function parseRepeat(s: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d*)$/.exec(s);
  if (m === null) return undefined;
  // No digits: strtol leaves `end` at the start, so only "" reads as a number (0).
  if (m[2] === '') return s === '' ? 0 : undefined;
  const v = BigInt(m[2]!) * (m[1] === '-' ? -1n : 1n);
  if (v > INT64_MAX || v < -INT64_MAX - 1n) return Number.NaN;
  return Number(v);
}

/** Interprets one line as redis-cli's REPL does. */
export function interpretLine(line: string): LineAction {
  if (line === '') return { kind: 'none' };
  const argv = splitArgs(line);
  if (argv === null) return { kind: 'print', text: INVALID_ARGUMENTS };
  if (argv.length === 0) return { kind: 'none' };

  // "3 INCR counter" repeats a command; the count must be a whole number.
  let repeat = 1;
  let skip = 0;
  const n = argv.length > 1 ? parseRepeat(argv[0]!) : undefined;
  if (n !== undefined) {
    if (!(n > 0)) return { kind: 'print', text: INVALID_REPEAT };
    repeat = n;
    skip = 1;
  }

  const first = argv[0]!;
  const lower = first.toLowerCase();
  if (lower === 'quit' || lower === 'exit') return { kind: 'quit' };
  if (first.startsWith(':')) {
    if (lower === ':set' && argv.length >= 2) {
      const pref = argv[1]!.toLowerCase();
      if (pref === 'hints') return { kind: 'hints', on: true };
      if (pref === 'nohints') return { kind: 'hints', on: false };
      return { kind: 'print', text: toText(`unknown redis-cli preference '${cString(argv[1]!)}'`) };
    }
    return { kind: 'print', text: toText(`unknown redis-cli internal command '${cString(first)}'`) };
  }
  if (lower === 'restart') return { kind: 'print', text: RESTART_ONLY_IN_LDB };
  if (argv.length === 3 && lower === 'connect') {
    return { kind: 'connect', host: toText(argv[1]!), port: cAtoi(argv[2]!) };
  }
  if (argv.length === 1 && lower === 'clear') return { kind: 'clear' };

  const rest = argv.slice(skip);
  const name = rest[0]!.toLowerCase();
  if (name === 'help' || name === '?') return { kind: 'help', args: rest.slice(1) };
  return { kind: 'command', argv: rest, repeat };
}

/** A C string stops at its first NUL (printf's `%s`). */
function cString(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/** C `atoi`: leading blanks, a sign, digits; anything else stops it. */
function cAtoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? Number.parseInt(m[1]!, 10) | 0 : 0;
}

/** The parts of redis-cli's state its prompt shows. */
export interface PromptState {
  /** `127.0.0.1:6379` in redis-cli; the playground chooses its own. */
  readonly address: string;
  readonly db: number;
  readonly inMulti: boolean;
  /** The database in use when MULTI started (restored by DISCARD or a failed EXEC). */
  readonly dbBeforeMulti: number;
}

export function initialPromptState(address = '127.0.0.1:6379'): PromptState {
  return { address, db: 0, inMulti: false, dbBeforeMulti: 0 };
}

/** `127.0.0.1:6379[2](TX)> ` */
export function promptText(s: PromptState): string {
  return `${s.address}${s.db !== 0 ? `[${s.db}]` : ''}${s.inMulti ? '(TX)' : ''}> `;
}

/**
 * The prompt state after a command and its reply, following redis-cli's
 * bookkeeping: a successful SELECT changes the shown database (even inside
 * MULTI, where the server only answered QUEUED), MULTI adds `(TX)`, EXEC
 * and DISCARD remove it, RESET goes back to database 0.
 */
export function nextPromptState(s: PromptState, argv: readonly string[], reply: Reply): PromptState {
  const cmd = argv[0]?.toLowerCase() ?? '';
  const argc = argv.length;
  const failed = reply.t === 'error';
  if (cmd === 'select' && argc === 2 && !failed) return { ...s, db: cAtoi(argv[1]!) };
  if (cmd === 'multi' && argc === 1 && !failed) return { ...s, inMulti: true, dbBeforeMulti: s.db };
  if (cmd === 'exec' && argc === 1 && s.inMulti) {
    const aborted = failed || reply.t === 'nil' || reply.t === 'nilarray';
    return { ...s, inMulti: false, db: aborted ? s.dbBeforeMulti : s.db };
  }
  if (cmd === 'discard' && argc === 1 && !failed) return { ...s, inMulti: false, db: s.dbBeforeMulti };
  if (cmd === 'reset' && argc === 1 && !failed) return { ...s, inMulti: false, db: 0 };
  return s;
}
