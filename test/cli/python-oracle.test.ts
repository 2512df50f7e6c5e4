/**
 * The Python view, checked against real redis-py: every command line of the
 * golden corpus (corpus.txt) is sent as typed to one real redis-server and
 * its toRedisPy() translation is run with redis-py against another; after
 * each line both servers must hold the same data and agree on success or
 * error (py_oracle.py does the running). Needs python3 with the `redis`
 * package (Debian: python3-redis); required under CI=true.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PythonTranscript } from '../../src/cli/python';
import { interpretLine } from '../../src/cli/repl';
import { requireRedis, startRedis, type RedisServer } from '../support/redis';

const DIRECTIVE = /\s+#\s*(?:unordered|volatile|own-summary|known-bug)\s*$/;

interface Item {
  readonly line: string;
  readonly argv: readonly string[];
  readonly py: string;
  /** Inside MULTI: redis-py queues on the pipeline, so errors Redis gives at queue time come at execute(). */
  readonly inMulti: boolean;
}

/** corpus.txt's blocks, as the commands they send and their Python. */
function corpusBlocks(): Item[][] {
  const text = readFileSync(fileURLToPath(new URL('./corpus.txt', import.meta.url)), 'utf8');
  const blocks: Item[][] = [];
  let cur: Item[] = [];
  // As a terminal session translates them: inside MULTI, commands queue on the pipeline.
  let transcript = new PythonTranscript();
  let inMulti = false;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') {
      if (cur.length > 0) blocks.push(cur);
      cur = [];
      transcript = new PythonTranscript();
      inMulti = false;
      continue;
    }
    if (raw.startsWith('#')) continue;
    let line = raw;
    while (DIRECTIVE.test(line)) line = line.replace(DIRECTIVE, '');
    const act = interpretLine(line);
    if (act.kind !== 'command') continue;
    for (let i = 0; i < act.repeat; i++) {
      cur.push({ line, argv: act.argv, py: transcript.line(act.argv, inMulti), inMulti });
      const name = act.argv[0]!.toLowerCase();
      if (name === 'multi') inMulti = true;
      else if (name === 'exec' || name === 'discard') inMulti = false;
    }
  }
  if (cur.length > 0) blocks.push(cur);
  return blocks;
}

/** Debian's python3-redis installs for the system Python; PYTHON overrides. */
const PYTHON = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');

function redisPyAvailable(): boolean {
  const ok = spawnSync(PYTHON, ['-c', 'import redis']).status === 0;
  if (!ok && process.env.CI) throw new Error('python3 with redis-py (Debian: python3-redis) is needed to check the Python view, and CI=true');
  return ok;
}

const run = requireRedis() && redisPyAvailable();

describe.skipIf(!run)('the Python view against redis-py and real Redis', () => {
  let a: RedisServer;
  let b: RedisServer;
  beforeAll(async () => {
    a = await startRedis();
    b = await startRedis();
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  function oracle(blocks: readonly (readonly Item[])[]): { problems: { line: string; py: string; kind: string; detail: string }[]; checked: number } {
    const r = spawnSync(PYTHON, [fileURLToPath(new URL('./py_oracle.py', import.meta.url))], {
      input: JSON.stringify({ a: a.port, b: b.port, blocks }),
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`py_oracle.py failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as ReturnType<typeof oracle>;
  }

  it('every corpus command, translated to redis-py, does what the typed command does', () => {
    const blocks = corpusBlocks();
    expect(blocks.reduce((n, bl) => n + bl.length, 0)).toBeGreaterThan(300);
    const { problems, checked } = oracle(blocks);
    expect(problems.map((p) => `${p.line}\n    ${p.py}\n    ${p.kind}: ${p.detail}`)).toEqual([]);
    // Blocks stop at connection commands (CLIENT, HELLO, RESET...): most lines are still compared.
    expect(checked).toBeGreaterThan(300);
  }, 150_000);

  it('notices a translation that does something else', () => {
    const item = (line: string, argv: string[], py: string): Item => ({ line, argv, py, inMulti: false });
    const { problems } = oracle([
      [item('SET k v', ['SET', 'k', 'v'], 'r.set("k", "w")')],
      [item('INCR n', ['INCR', 'n'], 'r.incr("n", 2)')],
      [item('GET k', ['GET', 'k'], 'r.got("k")')],
      [item('LPUSH k a', ['LPUSH', 'k', 'a'], 'r.set("k", "a")')],
    ]);
    expect(problems.map((p) => p.kind)).toEqual(['state', 'state', 'exception', 'state']);
  }, 60_000);
});
