/**
 * A `redis` fenced block is a redis-cli transcript written by hand:
 *
 *     ```redis
 *     # a comment, shown but not run
 *     > SET greeting "hello world"
 *     OK
 *     > GET greeting
 *     "hello world"
 *     ```
 *
 * Lines starting with `> ` are commands a learner can send to the terminal;
 * the lines under a command are the output it should print. CI runs every
 * block on a fresh engine and compares that output with what the engine
 * prints, so the text cannot drift from the engine.
 *
 * Flags after `redis` in the fence's info string:
 * - `norun`: shown and clickable, but CI neither runs it nor checks it;
 * - `fresh`: CI rebuilds the lesson's starting keyspace before this block;
 * - `unordered`: array outputs are compared order-free (set members).
 */

export type RedisLine =
  | { readonly kind: 'command'; readonly text: string; readonly expected: readonly string[] | null; readonly line: number }
  | { readonly kind: 'comment'; readonly text: string; readonly line: number };

export interface RedisBlock {
  readonly lines: readonly RedisLine[];
  readonly flags: ReadonlySet<'norun' | 'fresh' | 'unordered'>;
  /** Line of the opening fence in the lesson file (1-based). */
  readonly line: number;
}

export interface BlockProblem {
  readonly line: number;
  readonly message: string;
}

const FLAGS = new Set(['norun', 'fresh', 'unordered']);

/** Parses the inside of a `redis` block. `firstLine` is the file line of the block's first content line. */
export function parseRedisBlock(body: string, info: string, fenceLine: number): { block: RedisBlock; problems: BlockProblem[] } {
  const problems: BlockProblem[] = [];
  const flags = new Set<'norun' | 'fresh' | 'unordered'>();
  for (const word of info.trim().split(/\s+/).slice(1)) {
    if (FLAGS.has(word)) flags.add(word as 'norun' | 'fresh' | 'unordered');
    else problems.push({ line: fenceLine, message: `unknown redis block flag "${word}" (known: ${[...FLAGS].join(', ')})` });
  }
  const lines: RedisLine[] = [];
  let current: { text: string; expected: string[]; line: number } | undefined;
  const flush = () => {
    if (current) lines.push({ kind: 'command', text: current.text, expected: current.expected.length > 0 ? current.expected : null, line: current.line });
    current = undefined;
  };
  body.split('\n').forEach((raw, i) => {
    const line = fenceLine + 1 + i;
    const t = raw.replace(/\s+$/, '');
    if (t === '') return;
    if (t.startsWith('> ') || t === '>') {
      flush();
      const cmd = t.slice(1).trim();
      if (cmd === '') problems.push({ line, message: 'a command line needs a command after "> "' });
      current = { text: cmd, expected: [], line };
      return;
    }
    if (t.startsWith('#') && (current === undefined || current.expected.length === 0)) {
      flush();
      lines.push({ kind: 'comment', text: t.replace(/^#\s?/, ''), line });
      return;
    }
    if (current === undefined) {
      problems.push({ line, message: `output "${t}" comes before any command; start command lines with "> "` });
      return;
    }
    current.expected.push(t);
  });
  flush();
  if (!lines.some((l) => l.kind === 'command')) problems.push({ line: fenceLine, message: 'a redis block needs at least one "> " command line' });
  return { block: { lines, flags, line: fenceLine }, problems };
}

/** The commands of a block, in order. */
export function blockCommands(b: RedisBlock): string[] {
  return b.lines.flatMap((l) => (l.kind === 'command' ? [l.text] : []));
}
