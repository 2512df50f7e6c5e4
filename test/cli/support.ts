/**
 * The real redis-cli as an oracle for src/cli: run lines through one
 * redis-cli process (stdin piped, `--no-raw` for TTY formatting) and cut its
 * output per line; and turn a real server's COMMAND DOCS into our
 * CommandSpec[] so HELP, hints and completion can be compared with what
 * redis-cli builds from the same docs.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ArgSpec, ArgType, CommandGroup, CommandSpec } from '../../src/engine/core/command';
import type { Reply } from '../../src/engine';
import type { RespClient } from '../support/redis';

export const REDIS_CLI = process.env.REDIS_CLI_BIN ?? 'redis-cli';

/** True when redis-cli is installed; under CI=true a missing binary is a failure. */
export function requireRedisCli(): boolean {
  const ok = spawnSync(REDIS_CLI, ['--version'], { encoding: 'utf8' }).status === 0;
  if (!ok && process.env.CI) throw new Error(`${REDIS_CLI} is not installed, and CI=true: redis-cli oracle tests cannot be skipped`);
  return ok;
}

const MARK = ':__cli_oracle_mark_';
const markLine = (i: number): string => `unknown redis-cli internal command '${MARK}${i}'\n`;

/**
 * Feeds `lines` (Unicode text, one command each) to a single interactive
 * redis-cli whose stdin is a pipe, and returns what it printed for each line
 * as a byte string (latin1), with "\r\n" kept. Between lines a `:mark` line
 * makes redis-cli print a unique message locally (it never reaches the
 * server), which is where the output is cut.
 */
export async function runRedisCli(port: number, lines: readonly string[], extraArgs: readonly string[] = []): Promise<string[]> {
  for (const l of lines) if (l.includes('\n')) throw new Error(`corpus line holds a line break: ${JSON.stringify(l)}`);
  const input = lines.map((l, i) => `${l}\n${MARK}${i}\n`).join('');
  const proc = spawn(REDIS_CLI, ['-h', '127.0.0.1', '-p', String(port), '--no-raw', ...extraArgs], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const errOut: Buffer[] = [];
  proc.stdout.on('data', (b: Buffer) => out.push(b));
  proc.stderr.on('data', (b: Buffer) => errOut.push(b));
  const done = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  proc.stdin.end(Buffer.from(input, 'utf8'));
  const code = await done;
  const text = Buffer.concat(out).toString('latin1');
  const stderr = Buffer.concat(errOut).toString('latin1');
  const result: string[] = [];
  let pos = 0;
  for (let i = 0; i < lines.length; i++) {
    const m = markLine(i);
    const at = text.indexOf(m, pos);
    if (at < 0) {
      throw new Error(`redis-cli stopped before line ${i + 1} (${JSON.stringify(lines[i])}); exit ${code}; stderr: ${stderr}`);
    }
    result.push(text.slice(pos, at));
    pos = at + m.length;
  }
  return result;
}

/** RESP2 "map" (flat array of alternating keys and values) to entries. */
function pairs(r: Reply | undefined): [string, Reply][] {
  if (r === undefined) return [];
  if (r.t === 'map') return r.v.map(([k, v]) => [k.t === 'bulk' || k.t === 'simple' ? k.v : '', v]);
  if (r.t !== 'array') throw new Error(`expected a map, got ${r.t}`);
  const out: [string, Reply][] = [];
  for (let i = 0; i + 1 < r.v.length; i += 2) {
    const k = r.v[i]!;
    out.push([k.t === 'bulk' || k.t === 'simple' ? k.v : '', r.v[i + 1]!]);
  }
  return out;
}

const text = (r: Reply | undefined): string => (r && (r.t === 'bulk' || r.t === 'simple') ? r.v : '');

function toArg(r: Reply): ArgSpec {
  const f = new Map(pairs(r));
  const flags = f.get('flags');
  const flagList = flags && (flags.t === 'array' || flags.t === 'set') ? flags.v.map(text) : [];
  const args = f.get('arguments');
  const type = text(f.get('type')) as ArgType;
  const token = f.get('token');
  return {
    name: text(f.get('name')),
    type,
    ...(token !== undefined ? { token: text(token) } : {}),
    ...(flagList.includes('optional') ? { optional: true } : {}),
    ...(flagList.includes('multiple') ? { multiple: true } : {}),
    ...(flagList.includes('multiple_token') ? { multipleToken: true } : {}),
    ...(args && args.t === 'array' ? { args: args.v.map(toArg) } : {}),
  };
}

function toSpec(name: string, r: Reply): CommandSpec {
  const f = new Map(pairs(r));
  const args = f.get('arguments');
  const subs = f.get('subcommands');
  const since = f.get('since');
  return {
    name,
    arity: 0,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: text(f.get('group')) as CommandGroup,
    since: since === undefined ? (undefined as unknown as string) : text(since),
    summary: text(f.get('summary')),
    ...(args && args.t === 'array' ? { args: args.v.map(toArg) } : {}),
    ...(subs ? { subcommands: pairs(subs).map(([n, d]) => toSpec(n, d)) } : {}),
  };
}

/** A real server's command table (COMMAND DOCS), as CommandSpec[]. */
export async function realSpecs(client: RespClient): Promise<CommandSpec[]> {
  const docs = await client.call(['COMMAND', 'DOCS']);
  return pairs(docs).map(([n, d]) => toSpec(n, d));
}
