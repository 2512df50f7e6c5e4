/**
 * Tab completion of command names, subcommands and (after `HELP `) help
 * topics, as redis-cli 7.0's completionCallback computes it.
 *
 * The whole line so far is matched, case-insensitively, as a prefix of every
 * help entry's full name (`GET`, `CONFIG GET`, and for `HELP ` also
 * `@string`), in the table's sorted order. Each candidate is a whole new
 * line. The terminal cycles through them on each Tab; after the last one it
 * shows the original line again (and beeps), then starts over. Esc restores
 * the original line; any other key accepts the candidate shown. No
 * candidate: beep.
 *
 * Case: redis-cli 7.0.15 always completes in upper case (`get<Tab>` becomes
 * `GET`). The playground's default, `case: 'typed'`, keeps what the user
 * typed and continues in the case of the first letter they typed
 * (`hge<Tab>` -> `hgetall`); `case: 'upper'` reproduces redis-cli exactly.
 */
import type { CommandSpec } from '../engine/core/command';
import { HELP_NAMES } from './names';
import { asciiLower, helpTable, type HelpEntry } from './table';

export interface CompleteOptions {
  readonly case?: 'typed' | 'upper';
}

const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/** Candidate lines for Tab on `line` (Unicode text), in cycling order. */
export function completions(specs: readonly CommandSpec[], line: string, opts: CompleteOptions = {}): string[] {
  return completeFrom(helpTable(specs), line, opts);
}

let bundled: readonly Pick<HelpEntry, 'type' | 'full'>[] | undefined;

/**
 * The same candidates from the names bundled with the page (src/cli/names.ts):
 * what Tab offers before the worker has sent the command table.
 */
export function bundledCompletions(line: string, opts: CompleteOptions = {}): string[] {
  bundled ??= HELP_NAMES.map((full) => ({ type: full.startsWith('@') ? ('group' as const) : ('command' as const), full }));
  return completeFrom(bundled, line, opts);
}

function completeFrom(table: readonly Pick<HelpEntry, 'type' | 'full'>[], line: string, opts: CompleteOptions): string[] {
  const mode = opts.case ?? 'typed';
  let start = 0;
  let withGroups = false;
  if (asciiLower(line.slice(0, 5)) === 'help ') {
    start = 5;
    while (start < line.length && isSpace(line.charCodeAt(start))) start++;
    withGroups = true;
  }
  const typed = line.slice(start);
  const typedLower = asciiLower(typed);
  const lowerCase = /^[^A-Za-z]*[a-z]/.test(typed);
  const out: string[] = [];
  for (const e of table) {
    if (e.type === 'group' && !withGroups) continue;
    if (typed.length > e.full.length) continue;
    if (asciiLower(e.full.slice(0, typed.length)) !== typedLower) continue;
    if (mode === 'upper') {
      out.push(line.slice(0, start) + e.full);
    } else {
      const rest = e.full.slice(typed.length);
      out.push(line + (e.type === 'command' && lowerCase ? asciiLower(rest) : rest));
    }
  }
  return out;
}
