/**
 * redis-cli's help table, built from the command table the way redis-cli
 * 7.0 builds it from `COMMAND DOCS`: one entry per command and per
 * subcommand (`CONFIG GET`), plus one per command group (`@string`), sorted
 * by full name (C `strcmp`, so `@groups` come first). HELP, hints and tab
 * completion all read it.
 */
import type { ArgSpec, CommandSpec } from '../engine/core/command';

export interface HelpEntry {
  readonly type: 'command' | 'group';
  /** Upper-case words: `['CONFIG', 'GET']`, or `['@string']` for a group. */
  readonly words: readonly string[];
  /** `CONFIG GET`, `@string`. */
  readonly full: string;
  /** The argument grammar as one line: `key value [NX|XX] ...`. */
  readonly params: string;
  readonly summary: string;
  readonly since: string | undefined;
  readonly group: string;
  /** The command's table entry (undefined for groups). */
  readonly spec: CommandSpec | undefined;
}

/** redis-cli prints `""` for an empty name or token. */
const orEmpty = (s: string): string => (s === '' ? '""' : s);

/** One argument as redis-cli 7.0 renders it (cliAddArgument). */
export function renderArg(a: ArgSpec): string {
  const token = a.token !== undefined ? orEmpty(a.token) : '';
  let repeat = '';
  switch (a.type) {
    case 'key':
    case 'string':
    case 'integer':
    case 'double':
    case 'pattern':
    case 'unix-time':
      repeat = orEmpty(a.display ?? a.name);
      break;
    case 'oneof':
      repeat = renderArgs(a.args ?? [], '|');
      break;
    case 'block':
      repeat = renderArgs(a.args ?? [], ' ');
      break;
    case 'pure-token':
      break;
  }
  const tokenPart = token !== '' && a.type !== 'pure-token' ? `${token} ` : token;
  let out = a.optional ? '[' : '';
  out += tokenPart + repeat;
  if (a.multiple) out += ` [${a.multipleToken ? tokenPart : ''}${repeat} ...]`;
  if (a.optional) out += ']';
  return out;
}

/** A list of arguments joined by `sep` (cliConcatArguments). */
export function renderArgs(args: readonly ArgSpec[], sep = ' '): string {
  return args.map(renderArg).join(sep);
}

/** C `strcmp` on ASCII/byte strings. */
function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function commandEntry(spec: CommandSpec, parent: CommandSpec | undefined): HelpEntry {
  const words = parent
    ? [parent.name.toUpperCase(), spec.name.slice(spec.name.indexOf('|') + 1).toUpperCase()]
    : [spec.name.toUpperCase()];
  return {
    type: 'command',
    words,
    full: words.join(' '),
    params: renderArgs(spec.args ?? []),
    summary: spec.summary,
    since: spec.since,
    group: spec.group,
    spec,
  };
}

const cache = new WeakMap<readonly CommandSpec[], readonly HelpEntry[]>();

/** The sorted help table for a command table (cached per array). */
export function helpTable(specs: readonly CommandSpec[]): readonly HelpEntry[] {
  const hit = cache.get(specs);
  if (hit !== undefined) return hit;
  const entries: HelpEntry[] = [];
  const groups = new Set<string>();
  for (const spec of specs) {
    entries.push(commandEntry(spec, undefined));
    groups.add(spec.group);
    for (const sub of spec.subcommands ?? []) {
      entries.push(commandEntry(sub, spec));
      groups.add(sub.group);
    }
  }
  for (const g of groups) {
    entries.push({
      type: 'group',
      words: [`@${g}`],
      full: `@${g}`,
      params: '',
      summary: '',
      since: undefined,
      group: g,
      spec: undefined,
    });
  }
  entries.sort((a, b) => strcmp(a.full, b.full));
  cache.set(specs, entries);
  return entries;
}

/** ASCII-only case folding, like C `strcasecmp` in the C locale. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

export function equalsIgnoreCase(a: string, b: string): boolean {
  return a.length === b.length && asciiLower(a) === asciiLower(b);
}
