/**
 * The workbench's pure parts: a script of Redis commands split into the
 * lines that run, each line's words with their role (for highlighting),
 * the problems a line has before it runs (unknown command, wrong arity,
 * bad quoting: Redis's and redis-cli's own words), and where a Lua error
 * points in the script (`user_script:N:`). No DOM, no editor, no engine.
 *
 * Positions are UTF-16 offsets into the text as typed; arguments are
 * engine byte strings, as `splitArgs` makes them (src/cli/split.ts).
 */
import { E, unknownCommand } from '../engine/core/errors';
import { keyPositions } from '../engine/spec/keys';
import { findSpec } from '../cli/explain';
import { INVALID_ARGUMENTS, splitArgs } from '../cli/split';
import { INVALID_REPEAT, interpretLine } from '../cli/repl';
import { stripPrompt } from '../terminal/session';
import type { CommandSpec } from '../protocol/messages';
import { fromText } from '../text/bytes';

/** One line of a script that runs: its 1-based number, where it sits in the document and its text. */
export interface ScriptLine {
  readonly number: number;
  /** Offset of the line's first character in the document. */
  readonly from: number;
  readonly text: string;
}

/**
 * The lines of `doc` that would run, in order: blank lines and `#` comment
 * lines are skipped, and a copied prompt (`127.0.0.1:6379> `) is dropped
 * from the text, as the terminal does with a paste.
 */
export function scriptLines(doc: string, range?: { from: number; to: number }): ScriptLine[] {
  const out: ScriptLine[] = [];
  let from = 0;
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.replace(/\r$/, '');
    const start = from;
    from += lines[i]!.length + 1;
    // A range takes every line it touches (a selection from the middle of one line to the middle of another),
    // but not the line where a selection of whole lines ends, at its first character.
    if (range !== undefined && (start + raw.length < range.from || start > range.to || (range.to > range.from && start === range.to))) continue;
    const text = stripPrompt(raw);
    if (text === null || text.trim() === '') continue;
    out.push({ number: i + 1, from: start + (raw.length - text.length), text });
  }
  return out;
}

/** A word of a line and what it is to Redis. */
export type WordKind = 'command' | 'subcommand' | 'key' | 'keyword' | 'number' | 'string' | 'arg' | 'repeat' | 'invalid';

export interface Word {
  readonly from: number;
  readonly to: number;
  /** Written in quotes. */
  readonly quoted: boolean;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\v' || c === '\f';

/**
 * Where each argument of a line is, split by the same rules as redis-cli
 * (`sdssplitargs`: quotes open anywhere in a word, a closing quote must be
 * followed by a blank). `bad` is the offset where the quoting goes wrong.
 */
export function wordSpans(line: string): { words: Word[]; bad?: number } {
  const words: Word[] = [];
  let p = 0;
  const n = line.length;
  for (;;) {
    while (p < n && isBlank(line[p])) p++;
    if (p >= n) return { words };
    const start = p;
    let quoted = false;
    while (p < n && !isBlank(line[p])) {
      const q = line[p];
      if (q === '"' || q === "'") {
        quoted = true;
        const open = p;
        p++;
        for (;;) {
          if (p >= n) return { words, bad: open };
          if (line[p] === '\\' && p + 1 < n && (q === '"' || line[p + 1] === "'")) {
            p += 2;
            continue;
          }
          if (line[p] === q) break;
          p++;
        }
        p++;
        if (p < n && !isBlank(line[p])) return { words, bad: p };
      } else p++;
    }
    words.push({ from: start, to: p, quoted });
  }
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** Upper-case tokens of an argument grammar (`NX`, `EX`, `WITHSCORES`). */
function grammarTokens(spec: CommandSpec): Set<string> {
  const out = new Set<string>();
  const walk = (args: CommandSpec['args']) => {
    for (const a of args ?? []) {
      if (a.token !== undefined) out.add(a.token.toUpperCase());
      walk(a.args);
    }
  };
  walk(spec.args);
  return out;
}

/** Each word of a line with its role: command, subcommand, key (where the table places keys), option keyword, number, string. */
export function classifyLine(specs: readonly CommandSpec[], line: string): { from: number; to: number; kind: WordKind }[] {
  const { words, bad } = wordSpans(line);
  const out: { from: number; to: number; kind: WordKind }[] = [];
  const argv = bad === undefined ? splitArgs(line) : null;
  let first = 0;
  // `3 INCR x`: a repeat count before the command.
  if (words.length > 1 && /^\d+$/.test(line.slice(words[0]!.from, words[0]!.to))) {
    out.push({ from: words[0]!.from, to: words[0]!.to, kind: 'repeat' });
    first = 1;
  }
  const cmdArgv = argv?.slice(first) ?? [];
  const spec = cmdArgv.length > 0 ? findSpec(specs, cmdArgv) : undefined;
  const isSub = spec !== undefined && spec.name.includes('|');
  let keys = new Set<number>();
  if (spec !== undefined) {
    try {
      keys = new Set(keyPositions(spec, cmdArgv) ?? []);
    } catch {
      /* arguments that place no keys */
    }
  }
  const tokens = spec !== undefined ? grammarTokens(spec) : new Set<string>();
  for (let i = first; i < words.length; i++) {
    const w = words[i]!;
    const j = i - first;
    const text = line.slice(w.from, w.to);
    let kind: WordKind;
    if (j === 0) kind = 'command';
    else if (j === 1 && isSub) kind = 'subcommand';
    else if (keys.has(j)) kind = 'key';
    else if (w.quoted) kind = 'string';
    else if (NUMBER.test(text)) kind = 'number';
    else if (tokens.has(text.toUpperCase())) kind = 'keyword';
    else kind = 'arg';
    out.push({ from: w.from, to: w.to, kind });
  }
  if (bad !== undefined) out.push({ from: bad, to: line.length, kind: 'invalid' });
  return out;
}

/** Commands that stream until Ctrl-C in redis-cli: the workbench leaves them to the terminal. */
export const STREAMING_COMMANDS: ReadonlySet<string> = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'monitor']);

export const STREAMING_NOTE = 'streams messages until Ctrl-C: run it in the terminal';

/** A problem with a line, found before it runs; offsets are within the line. */
export interface LineProblem {
  readonly from: number;
  readonly to: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/**
 * What is wrong with a line before it is sent, in the words the line would
 * get back: redis-cli's (`Invalid argument(s)`), or the server's (`ERR
 * unknown command ...`, `ERR wrong number of arguments for 'get' command`,
 * `ERR unknown subcommand ...`). Nothing when the table is not there yet.
 */
export function lineProblems(specs: readonly CommandSpec[], line: string): LineProblem[] {
  if (specs.length === 0) return [];
  const { words, bad } = wordSpans(line);
  if (bad !== undefined) return [{ from: bad, to: Math.max(bad + 1, line.length), severity: 'error', message: INVALID_ARGUMENTS }];
  if (words.length === 0) return [];
  const whole = { from: words[0]!.from, to: words.at(-1)!.to };
  const action = interpretLine(line);
  if (action.kind === 'print') {
    const span = action.text === INVALID_REPEAT ? words[0]! : whole;
    return [{ from: span.from, to: span.to, severity: 'error', message: action.text }];
  }
  if (action.kind !== 'command') return [];
  const argv = action.argv;
  const offset = words.length - argv.length;
  const nameWord = words[offset]!;
  const name = argv[0]!.toLowerCase();
  const top = specs.find((s) => s.name === name);
  if (top === undefined) {
    return [{ from: nameWord.from, to: nameWord.to, severity: 'error', message: unknownCommand(argv[0]!, argv.slice(1)) }];
  }
  if (STREAMING_COMMANDS.has(name)) return [{ from: nameWord.from, to: nameWord.to, severity: 'warning', message: `${argv[0]!.toUpperCase()} ${STREAMING_NOTE}` }];
  let spec = top;
  if (top.subcommands !== undefined && argv.length >= 2) {
    const sub = top.subcommands.find((s) => s.name === `${name}|${argv[1]!.toLowerCase()}`);
    const subWord = words[offset + 1]!;
    if (sub === undefined) return [{ from: subWord.from, to: subWord.to, severity: 'error', message: E.UNKNOWN_SUBCOMMAND(argv[1]!, top.name) }];
    spec = sub;
  }
  const argc = argv.length;
  const ok = spec.arity > 0 ? argc === spec.arity : argc >= -spec.arity;
  if (!ok) return [{ from: nameWord.from, to: whole.to, severity: 'error', message: E.WRONG_ARITY(spec.name) }];
  return [];
}

/** Problems of every line of a document, with document offsets. */
export function scriptProblems(specs: readonly CommandSpec[], doc: string): LineProblem[] {
  return scriptLines(doc).flatMap((l) => lineProblems(specs, l.text).map((p) => ({ ...p, from: l.from + p.from, to: l.from + p.to })));
}

/**
 * The line of the script a Lua error points at: Redis names a script's chunk
 * `user_script` (EVAL) and a library's `user_function` (FUNCTION LOAD), so
 * its errors read `user_script:3: ...` or `... on @user_script:3.`.
 */
export function luaErrorLine(error: string): number | undefined {
  const m = /@?user_(?:script|function):(\d+)[:.]/.exec(error);
  if (m === null) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/**
 * The arguments for EVAL: the script, the number of keys, the keys, then
 * the arguments. KEYS and ARGV are typed as on a redis-cli line (blanks
 * between values, quotes around values with blanks); null when one of them
 * is not valid quoting.
 */
export function evalArgv(script: string, keys: string, args: string): string[] | null {
  const k = splitArgs(keys);
  const a = splitArgs(args);
  if (k === null || a === null) return null;
  return ['EVAL', fromText(script), String(k.length), ...k, ...a];
}

/**
 * FUNCTION LOAD REPLACE for the editor's code; a library needs its
 * `#!lua name=<lib>` first line, which is added (named `lib`) when missing.
 */
export function functionLoadArgv(code: string): string[] {
  const body = /^#!lua\b/.test(code) ? code : `#!lua name=lib\n${code}`;
  return ['FUNCTION', 'LOAD', 'REPLACE', fromText(body)];
}

/** Whether the code is a library (its first line is `#!lua ...`): then the editor's lines are one more than Redis counts. */
export function isLibrary(code: string): boolean {
  return /^#!lua\b/.test(code);
}
