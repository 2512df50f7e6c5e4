/**
 * The golden corpus: every line of corpus.txt (RESP2) and corpus-resp3.txt
 * (RESP3) is typed into one real `redis-cli --no-raw` talking to a real
 * redis-server, and run through interpretLine/splitArgs -> Engine ->
 * formatCommandReply; the printed bytes must be identical.
 *
 * Commands the engine does not implement yet are listed in pending.txt.
 * Blocks that use them are reported as todo ("pending: engine lacks X").
 * The list is checked both ways: a command the engine lacks must be listed,
 * and a listed command the engine now supports fails the test until it is
 * removed from the list, so pending.txt only shrinks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCommandReplyBytes } from '../../src/cli/format';
import { interpretLine } from '../../src/cli/repl';
import { Engine, fromText } from '../../src/engine';
import type { CommandSpec } from '../../src/engine/core/command';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { realSpecs, requireRedisCli, runRedisCli } from './support';

const DIR = fileURLToPath(new URL('.', import.meta.url));

interface CorpusLine {
  readonly file: string;
  readonly lineNo: number;
  readonly text: string;
  readonly unordered: boolean;
  readonly volatile: boolean;
  /** The engine's one-line summaries are its own wording: mask them. */
  readonly ownSummary: boolean;
  /** A known engine difference: the outputs must differ (until it is fixed). */
  readonly knownBug: boolean;
}

interface Block {
  readonly file: string;
  readonly lines: readonly CorpusLine[];
}

const DIRECTIVE = /\s+#\s*(unordered|volatile|own-summary|known-bug)\s*$/;

function parseCorpus(file: string): Block[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  const blocks: Block[] = [];
  let cur: CorpusLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') {
      if (cur.length > 0) blocks.push({ file, lines: cur });
      cur = [];
      return;
    }
    if (raw.startsWith('#')) return;
    let line = raw;
    let unordered = false;
    let volatile = false;
    let ownSummary = false;
    let knownBug = false;
    for (let m = DIRECTIVE.exec(line); m !== null; m = DIRECTIVE.exec(line)) {
      if (m[1] === 'unordered') unordered = true;
      else if (m[1] === 'volatile') volatile = true;
      else if (m[1] === 'own-summary') ownSummary = true;
      else knownBug = true;
      line = line.slice(0, m.index);
    }
    cur.push({ file, lineNo: i + 1, text: line, unordered, volatile, ownSummary, knownBug });
  });
  if (cur.length > 0) blocks.push({ file, lines: cur });
  return blocks;
}

/** pending.txt: command names (`hset`, `config|get`) the engine lacks. */
const pendingList: string[] = readFileSync(join(DIR, 'pending.txt'), 'utf8')
  .split('\n')
  .map((l) => l.replace(/#.*/, '').trim().toLowerCase())
  .filter((l) => l !== '');
const pending = new Set(pendingList);

/** The argv a corpus line sends to the server, if any. */
function commandOf(line: string): readonly string[] | undefined {
  const act = interpretLine(line);
  return act.kind === 'command' ? act.argv : undefined;
}

/** The pending names a line uses. */
function pendingNames(argv: readonly string[]): string[] {
  const name = argv[0]!.toLowerCase();
  const out: string[] = [];
  if (pending.has(name)) out.push(name);
  if (argv.length >= 2 && pending.has(`${name}|${argv[1]!.toLowerCase()}`)) out.push(`${name}|${argv[1]!.toLowerCase()}`);
  return out;
}

function blockPending(b: Block): string[] {
  const names = new Set<string>();
  for (const l of b.lines) {
    const argv = commandOf(l.text);
    if (argv) for (const n of pendingNames(argv)) names.add(n);
  }
  return [...names];
}

/** Masks what legitimately differs between runs. */
function normalize(out: string, l: CorpusLine): string {
  let s = out;
  if (l.ownSummary) {
    // RESP2: `N) "summary"` then `M) "<text>"`; RESP3: `N# "summary" => "<text>"`.
    s = s
      .replace(/("summary"\n\s*\d+\) )"(?:[^"\\]|\\.)*"/g, '$1"<summary>"')
      .replace(/("summary" => )"(?:[^"\\]|\\.)*"/g, '$1"<summary>"');
  }
  if (l.volatile) s = s.replace(/\d+/g, 'N');
  if (l.unordered) {
    s = s
      .split('\n')
      .map((x) => x.replace(/^\s*(?:\d+[)~#] )+/, '').replace(/^\s+/, ''))
      .sort()
      .join('\n');
  }
  return s;
}

/** The real command table: name -> subcommand names. */
type RealTable = Map<string, Set<string>>;

/** The command name real Redis resolves argv to (`config|get`), or undefined if it knows none. */
function realName(table: RealTable, argv: readonly string[]): string | undefined {
  const name = argv[0]!.toLowerCase();
  const subs = table.get(name);
  if (subs === undefined) return undefined;
  if (argv.length >= 2 && subs.has(argv[1]!.toLowerCase())) return `${name}|${argv[1]!.toLowerCase()}`;
  return name;
}

/** Does the engine implement the command real Redis resolves `name` to? */
function engineSupports(engine: Engine, name: string): boolean {
  const [top, sub] = name.split('|') as [string, string | undefined];
  const cmd = engine.commands.get(top);
  if (cmd === undefined) return false;
  if (sub === undefined) return cmd.handler !== undefined || cmd.spec.subcommands !== undefined;
  return cmd.subcommands?.get(sub)?.handler !== undefined;
}

const HARNESS = ['FLUSHALL', 'SELECT 0', 'CLIENT SETNAME ""'];

const files = [
  { file: 'corpus.txt', resp: 2 as const, cliArgs: [] as string[] },
  { file: 'corpus-resp3.txt', resp: 3 as const, cliArgs: ['-3'] },
];
const corpora = files.map((f) => ({ ...f, blocks: parseCorpus(f.file) }));

const haveRedis = requireRedis();
const haveCli = requireRedisCli();

describe('the corpus files', () => {
  it('hold at least 300 command lines, each one line redis-cli can read', () => {
    const lines = corpora.flatMap((c) => c.blocks.flatMap((b) => b.lines));
    expect(corpora[0]!.blocks.flatMap((b) => b.lines).length).toBeGreaterThanOrEqual(300);
    for (const l of lines) expect(l.text, `${l.file}:${l.lineNo}`).not.toMatch(/[\r\n]/);
  });
});

describe.skipIf(!haveRedis || !haveCli)('golden corpus: engine + src/cli print what redis-cli prints', () => {
  let server: RedisServer;
  let table: RealTable;
  const printed = new Map<string, string[]>();
  const index = new Map<CorpusLine, number>();

  beforeAll(async () => {
    server = await startRedis();
    const client = await RespClient.connect(server.port);
    const specs: CommandSpec[] = await realSpecs(client);
    client.close();
    table = new Map(specs.map((s) => [s.name, new Set((s.subcommands ?? []).map((x) => x.name.slice(x.name.indexOf('|') + 1)))]));
    for (const c of corpora) {
      const input: string[] = [];
      for (const b of c.blocks) {
        input.push(...HARNESS);
        for (const l of b.lines) {
          index.set(l, input.length);
          input.push(l.text);
        }
      }
      printed.set(c.file, await runRedisCli(server.port, input, c.cliArgs));
    }
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('pending.txt lists only real commands the engine lacks, each used by the corpus', () => {
    const engine = new Engine();
    const used = new Set<string>();
    for (const c of corpora) for (const b of c.blocks) for (const l of b.lines) {
      const argv = commandOf(l.text);
      if (argv) for (const n of pendingNames(argv)) used.add(n);
    }
    const problems: string[] = [];
    for (const name of pendingList) {
      const [top, sub] = name.split('|') as [string, string | undefined];
      const known = table.get(top);
      if (known === undefined || (sub !== undefined && !known.has(sub))) problems.push(`${name}: not a Redis 7.0 command`);
      else if (engineSupports(engine, name)) problems.push(`${name}: the engine supports it now, remove it from pending.txt`);
      if (!used.has(name)) problems.push(`${name}: no corpus line uses it`);
    }
    expect(problems).toEqual([]);
  });

  for (const c of corpora) {
    for (const b of c.blocks) {
      const first = b.lines[0]!;
      const bugs = b.lines.filter((l) => l.knownBug).map((l) => `${l.file}:${l.lineNo}`);
      const title = `${c.file}:${first.lineNo} ${first.text}${bugs.length > 0 ? ` (known engine difference at ${bugs.join(', ')})` : ''}`;
      const lacks = blockPending(b);
      if (lacks.length > 0) {
        it.todo(`pending: engine lacks ${lacks.join(', ')} (${title})`);
        continue;
      }
      it(title, () => {
        const engine = new Engine();
        const client = engine.createClient();
        client.resp = c.resp;
        const out = printed.get(c.file)!;
        for (const l of b.lines) {
          const where = `${c.file}:${l.lineNo} ${l.text}`;
          const act = interpretLine(l.text);
          let ours = '';
          if (act.kind === 'print') ours = `${fromText(act.text)}\n`;
          else if (act.kind === 'command') {
            const name = realName(table, act.argv);
            if (name !== undefined && !engineSupports(engine, name)) {
              expect.fail(`${where}: the engine lacks ${name}; implement it or add it to test/cli/pending.txt`);
            }
            for (let i = 0; i < act.repeat; i++) {
              const reply = engine.exec(client, act.argv);
              if (reply === undefined) expect.fail(`${where}: the engine blocked`);
              ours += `${formatCommandReplyBytes(act.argv, reply, { resp: client.resp })}\n`;
            }
          } else if (act.kind !== 'none') {
            expect.fail(`${where}: redis-cli-local action '${act.kind}' has no place in the corpus`);
          }
          const theirs = out[index.get(l)!]!;
          if (l.knownBug) {
            expect(normalize(ours, l), `${where}: matches redis-cli now; remove its # known-bug mark`).not.toBe(normalize(theirs, l));
          } else {
            expect(normalize(ours, l), where).toBe(normalize(theirs, l));
          }
        }
      });
    }
  }
});
