/**
 * The grey inline hint redis-cli 7.0 shows after what has been typed.
 *
 * redis-cli 7.0.15 (hintsCallback) finds the command or subcommand whose
 * words are the longest match for the first typed words, takes its argument
 * line (`key value [NX|XX] ...`, see table.ts) and drops one word from the
 * front for every extra argument typed. It stops dropping at the first `[`:
 * optional arguments are never consumed, so after `SET k v NX ` the hint is
 * still `[NX|XX] [GET] [EX seconds|...]`. When the line does not end with a
 * blank, a space is put in front of the hint.
 *
 *   hintFor(specs, 'SET')          -> ' key value [NX|XX] [GET] ...'
 *   hintFor(specs, 'SET ')         -> 'key value [NX|XX] [GET] ...'
 *   hintFor(specs, 'SET key ')     -> 'value [NX|XX] [GET] ...'
 *   hintFor(specs, 'CONFIG GET ')  -> 'parameter [parameter ...]'
 *   hintFor(specs, 'NOSUCH ')      -> null
 *
 * The terminal draws the hint in grey (SGR 90) right after the buffer and
 * cuts it to the screen width, as linenoise does; an empty string means
 * "a command was recognised but there is nothing to show".
 */
import type { CommandSpec } from '../engine/core/command';
import { splitArgs } from './split';
import { equalsIgnoreCase, helpTable, type HelpEntry } from './table';

/** C `isspace` for the last typed character. */
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** The longest command/subcommand entry whose words start the typed argv. */
export function matchCommand(specs: readonly CommandSpec[], argv: readonly string[]): HelpEntry | undefined {
  let best: HelpEntry | undefined;
  let bestLen = 0;
  for (const e of helpTable(specs)) {
    if (e.type !== 'command') continue;
    const n = e.words.length;
    if (n > argv.length || n <= bestLen) continue;
    let j = 0;
    while (j < n && equalsIgnoreCase(e.words[j]!, argv[j]!)) j++;
    if (j === n) {
      best = e;
      bestLen = n;
    }
  }
  return best;
}

/** The hint for the current line, or null when redis-cli shows none. */
export function hintFor(specs: readonly CommandSpec[], line: string): string | null {
  const argv = splitArgs(line);
  if (argv === null || argv.length === 0) return null;
  const entry = matchCommand(specs, argv);
  if (entry === undefined) return null;

  let hint = entry.params;
  let toRemove = argv.length - entry.words.length;
  let i = 0;
  while (toRemove > 0 && i < hint.length) {
    const c = hint[i];
    if (c === '[') break;
    if (c === ' ') toRemove--;
    i++;
  }
  hint = hint.slice(i);
  const endSpace = line.length > 0 && isSpace(line.charCodeAt(line.length - 1));
  return endSpace ? hint : ` ${hint}`;
}
