/**
 * Splitting a typed line into arguments exactly as redis-cli 7.0 does.
 *
 * The line is Unicode text typed by a person. It is UTF-8 encoded first and
 * split byte by byte with Redis's `sdssplitargs` (src/text/split.ts), so the
 * arguments come back as engine byte strings. Every character with a meaning
 * to the splitter is ASCII, and UTF-8 never uses ASCII bytes inside a
 * multi-byte sequence, so splitting the encoded bytes is the same as
 * splitting the text.
 */
import { fromText } from '../text/bytes';
import { sdssplitargs } from '../text/split';

/** redis-cli's message for a line that `splitArgs` rejects. */
export const INVALID_ARGUMENTS = 'Invalid argument(s)';

/**
 * Splits one typed line into byte-string arguments, or returns null when
 * the quoting is invalid. An empty or blank line gives `[]`.
 */
export function splitArgs(line: string): string[] | null {
  return sdssplitargs(fromText(line));
}
