/**
 * The other way round from `splitArgs`: a command line that splits back into
 * exactly the given arguments (engine byte strings). Plain words stay as
 * they are; anything else is quoted as redis-cli quotes a reply, which its
 * own line splitter reads back (`\xHH` for bytes outside printable ASCII).
 */
import { quoteBytes } from './format';

const PLAIN = /^[\x21-\x7e]+$/;

export function quoteArg(arg: string): string {
  return PLAIN.test(arg) && !/["'\\]/.test(arg) ? arg : quoteBytes(arg);
}

export function commandLine(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}
