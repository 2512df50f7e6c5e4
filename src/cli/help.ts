/**
 * redis-cli 7.0's HELP, generated from the command table:
 *
 *   HELP               the generic text (how to use HELP, :set hints)
 *   HELP <command>     every command/subcommand whose first words are the
 *                      given ones (HELP CONFIG lists CONFIG and all its
 *                      subcommands), with usage, summary, since and group
 *   HELP @<group>      every command of the group, without the group line
 *
 * As in redis-cli the text carries ANSI colours (bold name, grey arguments,
 * yellow labels); pass `{ color: false }` for plain text. Lines are joined
 * with "\n" and the final newline is left to the caller, like formatReply.
 * An unknown topic prints one empty line, as redis-cli does.
 */
import type { CommandSpec } from '../engine/core/command';
import { equalsIgnoreCase, helpTable, type HelpEntry } from './table';

/** The redis-cli version the playground reproduces. */
export const REDIS_CLI_VERSION = '7.0.15';

export interface HelpOptions {
  readonly color?: boolean;
}

const GENERIC = (version: string): string =>
  `redis-cli ${version}\n` +
  'To get help about Redis commands type:\n' +
  '      "help @<group>" to get a list of commands in <group>\n' +
  '      "help <command>" for help on <command>\n' +
  '      "help <tab>" to get a list of possible help topics\n' +
  '      "quit" to exit\n' +
  '\n' +
  'To set redis-cli preferences:\n' +
  '      ":set hints" enable online hints\n' +
  '      ":set nohints" disable online hints\n' +
  'Set your preferences in ~/.redisclirc\n';

interface Style {
  bold: (s: string) => string;
  grey: (s: string) => string;
  yellow: (s: string) => string;
}

const COLOR: Style = {
  bold: (s) => `\x1b[1m${s}\x1b[0m`,
  grey: (s) => `\x1b[90m${s}\x1b[0m`,
  yellow: (s) => `\x1b[33m${s}\x1b[0m`,
};
const PLAIN: Style = { bold: (s) => s, grey: (s) => s, yellow: (s) => s };

/** One command's block (cliOutputCommandHelp), each line ending in "\n". */
function commandHelp(e: HelpEntry, withGroup: boolean, st: Style): string {
  let out = `\n  ${st.bold(e.full)} ${st.grey(e.params)}\n`;
  out += `  ${st.yellow('summary:')} ${e.summary}\n`;
  if (e.since !== undefined) out += `  ${st.yellow('since:')} ${e.since}\n`;
  if (withGroup) out += `  ${st.yellow('group:')} ${e.group}\n`;
  return out;
}

/**
 * The text HELP prints for `args` (the words after HELP, byte strings or
 * text). Without the final newline.
 */
export function helpText(specs: readonly CommandSpec[], args: readonly string[], opts: HelpOptions = {}): string {
  if (args.length === 0) return GENERIC(REDIS_CLI_VERSION).slice(0, -1);
  const st = opts.color === false ? PLAIN : COLOR;
  const group = args[0]!.startsWith('@') ? args[0]!.slice(1) : undefined;
  let out = '';
  for (const e of helpTable(specs)) {
    if (e.type !== 'command') continue;
    if (group === undefined) {
      if (args.length > e.words.length) continue;
      if (args.every((a, j) => equalsIgnoreCase(a, e.words[j]!))) out += commandHelp(e, true, st);
    } else if (equalsIgnoreCase(group, e.group)) {
      out += commandHelp(e, false, st);
    }
  }
  // redis-cli ends with one more "\r\n"; the caller prints the last newline.
  return out;
}

/** Help topics for `HELP <Tab>`: every command and `@group`, sorted. */
export function helpTopics(specs: readonly CommandSpec[]): string[] {
  return helpTable(specs).map((e) => e.full);
}

/** Where the official documentation keeps every command's page. */
export const DOCS_BASE = 'https://redis.io/commands/';

/**
 * The documentation page of the command `HELP <args>` names (`HELP SET`,
 * `HELP client list`), or undefined for a group, an unknown name or plain
 * `HELP`. Subcommands have pages of their own: `client-list`.
 */
export function docsUrl(specs: readonly CommandSpec[], args: readonly string[]): string | undefined {
  if (args.length === 0 || args.length > 2 || args[0]!.startsWith('@')) return undefined;
  const name = args[0]!.toLowerCase();
  const spec = specs.find((s) => s.name === name);
  if (spec === undefined) return undefined;
  const sub = args[1]?.toLowerCase();
  if (sub !== undefined) {
    if (!spec.subcommands?.some((s) => s.name === `${name}|${sub}`)) return undefined;
    return `${DOCS_BASE}${encodeURIComponent(name)}-${encodeURIComponent(sub)}/`;
  }
  return `${DOCS_BASE}${encodeURIComponent(name)}/`;
}

/**
 * A link as terminals draw one (OSC 8): the text shows, the URI opens.
 * Only for URIs built here (docsUrl): nothing typed reaches the sequence.
 */
export function terminalLink(uri: string, text: string): string {
  return `\x1b]8;;${uri}\x07${text}\x1b]8;;\x07`;
}
