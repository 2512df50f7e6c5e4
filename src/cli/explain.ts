/**
 * Plain-words notes for learners, printed under an error reply (beyond what
 * redis-cli does). Given the argv, the reply and the command table:
 *
 *   WRONGTYPE          names the type the key holds (the caller passes the
 *                      types of the command's keys, see `commandKeys`) and
 *                      suggests TYPE and a command that reads that type
 *   wrong arity        how many arguments the command takes, and its syntax
 *   ERR syntax error   points at the first argument the grammar cannot place
 *   unknown command    "did you mean HGETALL?" by edit distance
 *   unknown subcommand the same over the container's subcommands
 *   not an integer / not a float: which argument, when the grammar says
 *   subscribed context why a subscribed RESP2 connection refuses a command
 *
 * Returns undefined when there is nothing useful to add. Arguments are byte
 * strings; the note is Unicode text, lines joined with "\n".
 */
import { toText } from '../text/bytes';
import type { CommandSpec } from '../engine/core/command';
import type { Reply } from '../engine/core/reply';
import { E } from '../engine/core/errors';
import { keyPositions } from '../engine/spec/keys';
import { matchGrammar } from './grammar';
import { renderArgs } from './table';

export interface ExplainInput {
  readonly argv: readonly string[];
  readonly reply: Reply;
  readonly specs: readonly CommandSpec[];
  /**
   * For WRONGTYPE: the type (`string`, `hash`, `list`, `set`, `zset`,
   * `stream`) of each key of the command, as TYPE reports it.
   */
  readonly keyTypes?: Readonly<Record<string, string>>;
}

/** How an argument is shown back to the user: bare when it can be typed bare, else quoted. */
export function showArg(arg: string): string {
  const text = toText(arg);
  if (text !== '' && !/[\s"'\\\x00-\x1f\x7f]/.test(text)) return text;
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Finds the spec for argv (following a subcommand), or undefined. */
export function findSpec(specs: readonly CommandSpec[], argv: readonly string[]): CommandSpec | undefined {
  if (argv.length === 0) return undefined;
  const name = argv[0]!.toLowerCase();
  const top = specs.find((s) => s.name === name);
  if (top?.subcommands && argv.length >= 2) {
    const sub = top.subcommands.find((s) => s.name === `${name}|${argv[1]!.toLowerCase()}`);
    if (sub) return sub;
  }
  return top;
}

/** `SET`, `CONFIG GET`: the display name of a spec. */
function displayName(spec: CommandSpec): string {
  return spec.name.replace('|', ' ').toUpperCase();
}

function usage(spec: CommandSpec): string {
  const params = renderArgs(spec.args ?? []);
  return params === '' ? displayName(spec) : `${displayName(spec)} ${params}`;
}

/**
 * The key names of a command line, where the command table says they are
 * (movable keys included: ZUNIONSTORE's numkeys, SORT ... STORE, XREAD
 * STREAMS); none when the arguments do not place them.
 */
export function commandKeys(specs: readonly CommandSpec[], argv: readonly string[]): string[] {
  const spec = findSpec(specs, argv);
  if (spec === undefined) return [];
  return (keyPositions(spec, argv) ?? []).flatMap((i) => (i < argv.length ? [argv[i]!] : []));
}

const TYPE_OF_GROUP: Readonly<Record<string, string>> = {
  string: 'string',
  bitmap: 'string',
  hyperloglog: 'string',
  hash: 'hash',
  list: 'list',
  set: 'set',
  'sorted-set': 'zset',
  geo: 'zset',
  stream: 'stream',
};

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  hash: 'a hash',
  list: 'a list',
  set: 'a set',
  zset: 'a sorted set',
  stream: 'a stream',
};

const PLURAL: Readonly<Record<string, string>> = {
  string: 'strings',
  hash: 'hashes',
  list: 'lists',
  set: 'sets',
  zset: 'sorted sets',
  stream: 'streams',
};

const READ_WITH: Readonly<Record<string, (k: string) => string>> = {
  string: (k) => `GET ${k}`,
  hash: (k) => `HGETALL ${k}`,
  list: (k) => `LRANGE ${k} 0 -1`,
  set: (k) => `SMEMBERS ${k}`,
  zset: (k) => `ZRANGE ${k} 0 -1 WITHSCORES`,
  stream: (k) => `XRANGE ${k} - +`,
};

function explainWrongType(input: ExplainInput, spec: CommandSpec | undefined): string {
  const keys = spec ? commandKeys(input.specs, input.argv) : [];
  const wanted = spec ? TYPE_OF_GROUP[spec.group] : undefined;
  const name = spec ? displayName(spec) : input.argv[0]!.toUpperCase();
  const types = input.keyTypes ?? {};
  // The offending key: the first whose type is not the one the command works on.
  const culprit = keys.find((k) => types[k] !== undefined && types[k] !== 'none' && types[k] !== wanted) ?? keys[0];
  const held = culprit !== undefined ? types[culprit] : undefined;
  const lines: string[] = [];
  if (culprit !== undefined && held !== undefined && held !== 'none') {
    const works = wanted ? `, and ${name} only works on ${PLURAL[wanted] ?? wanted}` : `, which ${name} cannot use`;
    lines.push(`The key ${showArg(culprit)} holds ${TYPE_WORDS[held] ?? held}${works}.`);
    const read = READ_WITH[held];
    lines.push(`Check what a key holds with TYPE ${showArg(culprit)}${read ? `; read this one with ${read(showArg(culprit))}` : ''}.`);
  } else {
    lines.push(`${name} was used on a key that holds another type of value${wanted ? ` (it only works on ${PLURAL[wanted] ?? wanted})` : ''}.`);
    lines.push(culprit !== undefined ? `Check what the key holds with TYPE ${showArg(culprit)}.` : 'Check what a key holds with TYPE key.');
  }
  return lines.join('\n');
}

function explainArity(input: ExplainInput, spec: CommandSpec): string {
  // Arity counts the command name (and the subcommand name) too.
  const words = spec.name.includes('|') ? 2 : 1;
  const given = Math.max(0, input.argv.length - words);
  const n = Math.abs(spec.arity) - words;
  const plural = (k: number): string => `${k} argument${k === 1 ? '' : 's'}`;
  const want = spec.arity > 0 ? `exactly ${plural(n)}` : `at least ${plural(n)}`;
  return `${displayName(spec)} takes ${want}, and ${given === 0 ? 'none were' : given === 1 ? '1 was' : `${given} were`} given.\nSyntax: ${usage(spec)}`;
}

/** A caret line under the offending argument of the typed command. */
function pointAt(argv: readonly string[], index: number): string {
  const shown = argv.map(showArg);
  const line = shown.join(' ');
  if (index >= argv.length) return `${line}\n${' '.repeat(line.length + 1)}^ more expected here`;
  const col = shown.slice(0, index).reduce((n, s) => n + s.length + 1, 0);
  return `${line}\n${' '.repeat(col)}${'^'.repeat(Math.max(1, [...shown[index]!].length))}`;
}

function explainSyntax(input: ExplainInput, spec: CommandSpec): string {
  const words = spec.name.includes('|') ? 2 : 1;
  const args = input.argv.slice(words);
  const m = matchGrammar(spec, args);
  const lines: string[] = [];
  if (!m.ok) {
    const idx = m.at + words;
    if (idx < input.argv.length) lines.push(`Redis could not make sense of ${showArg(input.argv[idx]!)} here (argument ${idx}).`);
    else lines.push(`${displayName(spec)} expected more arguments.`);
    lines.push(pointAt(input.argv, idx));
  } else {
    lines.push(`These options cannot be used together, or in this combination, with ${displayName(spec)}.`);
  }
  lines.push(`Syntax: ${usage(spec)}`);
  return lines.join('\n');
}

function explainNumber(input: ExplainInput, spec: CommandSpec, what: 'integer' | 'float'): string {
  const words = spec.name.includes('|') ? 2 : 1;
  const m = matchGrammar(spec, input.argv.slice(words));
  const lines: string[] = [];
  const idx = m.at + words;
  const wanted = what === 'integer' ? 'a whole number (like 10 or -3)' : 'a number (like 1.5, 10 or -inf)';
  if (!m.ok && idx < input.argv.length) {
    lines.push(`${showArg(input.argv[idx]!)} is not ${wanted}.`);
    lines.push(pointAt(input.argv, idx));
  } else {
    lines.push(
      `${displayName(spec)} needs ${wanted}: one of its arguments, or the value it works on, is not one or is out of range.`,
    );
  }
  lines.push(`Syntax: ${usage(spec)}`);
  return lines.join('\n');
}

/** Optimal string alignment distance (Levenshtein plus adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 0; j <= t.length; j++) d[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[s.length]![t.length]!;
}

/**
 * Up to three names close to `typed`: the names it is the start of (for
 * three letters or more), else the nearest ones by edit distance.
 */
export function suggest(typed: string, names: readonly string[]): string[] {
  const t = typed.toLowerCase();
  if (t === '') return [];
  const unique = [...new Set(names.map((n) => n.toLowerCase()))];
  if (t.length >= 3) {
    const starts = unique.filter((n) => n.startsWith(t)).sort((a, b) => a.length - b.length || a.localeCompare(b));
    if (starts.length > 0) return starts.slice(0, 3).map((n) => n.toUpperCase());
  }
  const limit = Math.max(1, Math.min(3, Math.floor(t.length / 3)));
  const scored = unique.map((n) => ({ n, d: editDistance(t, n) })).filter(({ d }) => d <= limit);
  if (scored.length === 0) return [];
  const best = Math.min(...scored.map(({ d }) => d));
  return scored
    .filter(({ d }) => d === best)
    .map(({ n }) => n)
    .sort()
    .slice(0, 3)
    .map((n) => n.toUpperCase());
}

function orList(xs: readonly string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

function explainUnknown(input: ExplainInput): string {
  const typed = toText(input.argv[0]!);
  const names = input.specs.map((s) => s.name);
  const close = suggest(typed, names);
  if (close.length > 0) return `There is no command named ${showArg(input.argv[0]!)}. Did you mean ${orList(close)}?`;
  return `There is no command named ${showArg(input.argv[0]!)}. Type HELP @<group> (like HELP @string) to list commands, or press Tab to complete a name.`;
}

function explainUnknownSub(input: ExplainInput): string | undefined {
  const top = input.specs.find((s) => s.name === input.argv[0]!.toLowerCase());
  if (!top?.subcommands || input.argv.length < 2) return undefined;
  const subs = top.subcommands.map((s) => s.name.slice(s.name.indexOf('|') + 1));
  const close = suggest(toText(input.argv[1]!), subs).map((s) => `${top.name.toUpperCase()} ${s}`);
  const list = subs.map((s) => s.toUpperCase()).join(', ');
  const head = close.length > 0 ? `Did you mean ${orList(close)}?` : `${top.name.toUpperCase()} has no subcommand ${showArg(input.argv[1]!)}.`;
  return `${head}\n${top.name.toUpperCase()} subcommands: ${list}`;
}

/** The RESP2 subscribed-context error: why the connection refuses ordinary commands. */
function explainSubscribed(): string {
  return (
    'This connection is subscribed to channels, so it only listens for messages: it may change its\n' +
    'subscriptions (SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE ...), PING, QUIT or RESET. Leave with UNSUBSCRIBE\n' +
    'and PUNSUBSCRIBE (or RESET), or run other commands from a second connection, as apps do.'
  );
}

/** A PF command met a string that is not a HyperLogLog. */
function explainNotHll(input: ExplainInput, spec: CommandSpec | undefined): string {
  const keys = spec ? commandKeys(input.specs, input.argv) : [];
  const which = keys.length === 1 ? `The key ${showArg(keys[0]!)} holds` : 'One of the keys holds';
  return (
    `${which} a string that is not a HyperLogLog. PF commands only work on the strings PFADD makes\n` +
    '(their bytes start with HYLL). Use a new key for the HyperLogLog, or DEL this one first.'
  );
}

/** A HyperLogLog whose bytes were changed by hand. */
function explainCorruptHll(): string {
  return (
    'This string starts like a HyperLogLog, but its bytes were changed (by SETRANGE, APPEND or SET),\n' +
    'so Redis no longer trusts it. DEL the key and count again with PFADD.'
  );
}

/** SAVE inside MULTI. */
function explainNoMulti(input: ExplainInput): string {
  const name = input.argv[0]!.toUpperCase();
  return `${name} cannot be queued in a transaction, and this transaction will now be refused at EXEC.\nRun DISCARD (or EXEC to see the refusal), then ${name} on its own.`;
}

/** A short plain-words note about an error reply, or undefined. */
export function explain(input: ExplainInput): string | undefined {
  const { reply, argv } = input;
  if (reply.t !== 'error' || argv.length === 0) return undefined;
  const msg = reply.v;
  const spec = findSpec(input.specs, argv);
  if (msg === E.HLL_WRONGTYPE) return explainNotHll(input, spec);
  if (msg === E.HLL_INVALID) return explainCorruptHll();
  if (msg === E.NO_MULTI) return explainNoMulti(input);
  if (msg.startsWith('WRONGTYPE')) return explainWrongType(input, spec);
  if (msg.startsWith('ERR unknown command ')) return explainUnknown(input);
  if (msg.startsWith('ERR unknown subcommand ')) return explainUnknownSub(input);
  if (msg.startsWith("ERR Can't execute '") && msg.endsWith('are allowed in this context')) return explainSubscribed();
  if (spec === undefined) return undefined;
  if (msg.startsWith('ERR wrong number of arguments for ')) return explainArity(input, spec);
  if (msg === 'ERR syntax error' || msg.startsWith('ERR syntax error,')) return explainSyntax(input, spec);
  if (msg === 'ERR value is not an integer or out of range') return explainNumber(input, spec, 'integer');
  if (msg === 'ERR value is not a valid float') return explainNumber(input, spec, 'float');
  return undefined;
}
