import type { Ctx } from './command';
import { array, simple, type Reply } from './reply';

/** addReplyHelp: a header, the lines, and the HELP footer, as status replies. */
export function helpReply(c: Ctx, lines: readonly string[]): Reply {
  const name = c.argv[0]!.toUpperCase();
  return array(
    [`${name} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`, ...lines, 'HELP', '    Prints this help.'].map((l) => simple(l)),
  );
}
