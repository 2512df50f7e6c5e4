import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completions } from '../../src/cli/complete';
import { hintFor, matchCommand } from '../../src/cli/hints';
import {
  INVALID_REPEAT,
  initialPromptState,
  interpretLine,
  nextPromptState,
  promptText,
} from '../../src/cli/repl';
import { Engine, type CommandSpec } from '../../src/engine';
import { cmd, key, many, str } from '../../src/engine/spec/dsl';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { REDIS_CLI, realSpecs, requireRedisCli } from './support';

const engineSpecs = new Engine().specs();
const SET_HINT = 'key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]';

/** A small fixed table with a container command, independent of the engine's growth. */
const table: CommandSpec[] = [
  cmd('get', 2, 'string', 'Get.', { args: [key()] }),
  cmd('getrange', 4, 'string', 'Range.', { args: [key(), str('start'), str('end')] }),
  cmd('set', -3, 'string', 'Set.', { args: [key(), str('value')] }),
  cmd('config', -2, 'server', 'A container.', {
    subcommands: [
      cmd('config|get', -3, 'server', 'Read.', { args: [many(str('parameter'))] }),
      cmd('config|set', -4, 'server', 'Write.', { args: [many({ name: 'data', type: 'block', args: [str('parameter'), str('value')] })] }),
    ],
  }),
  cmd('hgetall', 2, 'hash', 'All of a hash.', { args: [key()] }),
];

describe('hintFor (redis-cli 7.0 hints)', () => {
  it('shrinks the SET hint as arguments are typed, stopping at optional ones', () => {
    expect(hintFor(engineSpecs, 'SET')).toBe(` ${SET_HINT}`);
    expect(hintFor(engineSpecs, 'set ')).toBe(SET_HINT);
    expect(hintFor(engineSpecs, 'SET k')).toBe(` ${SET_HINT}`.replace(' key ', ' '));
    expect(hintFor(engineSpecs, 'SET key ')).toBe(SET_HINT.slice('key '.length));
    expect(hintFor(engineSpecs, 'SET key value ')).toBe('[NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]');
    expect(hintFor(engineSpecs, 'SET key value NX EX 10 ')).toBe(
      '[NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]',
    );
    expect(hintFor(engineSpecs, 'GET k ')).toBe('');
    expect(hintFor(engineSpecs, 'GET k x y')).toBe(' ');
    expect(hintFor(engineSpecs, 'MSET a 1 b')).toBe(' [key value ...]');
  });

  it('matches subcommands, the longest match winning', () => {
    expect(hintFor(table, 'CONFIG')).toBe(' ');
    expect(hintFor(table, 'config ')).toBe('');
    expect(hintFor(table, 'CONFIG G')).toBe(' ');
    expect(hintFor(table, 'config get')).toBe(' parameter [parameter ...]');
    expect(hintFor(table, 'CONFIG GET ')).toBe('parameter [parameter ...]');
    expect(hintFor(table, 'CONFIG SET a ')).toBe('value [parameter value ...]');
    expect(matchCommand(table, ['config', 'get', 'x'])?.full).toBe('CONFIG GET');
  });

  it('gives no hint for unknown commands, empty or badly quoted lines', () => {
    expect(hintFor(engineSpecs, '')).toBeNull();
    expect(hintFor(engineSpecs, '   ')).toBeNull();
    expect(hintFor(engineSpecs, 'NOSUCH ')).toBeNull();
    expect(hintFor(engineSpecs, 'SET "unterminated')).toBeNull();
    expect(hintFor(engineSpecs, 'SET "a"b')).toBeNull();
  });

  it('splits the typed words as redis-cli does (quotes, tabs, Unicode)', () => {
    expect(hintFor(engineSpecs, '"SET" "my key" ')).toBe(SET_HINT.slice('key '.length));
    expect(hintFor(engineSpecs, 'SET\tk\t')).toBe(SET_HINT.slice('key '.length));
    expect(hintFor(engineSpecs, 'SET clé ')).toBe(SET_HINT.slice('key '.length));
    expect(hintFor(engineSpecs, 'SET clé')).toBe(` ${SET_HINT.slice('key '.length)}`);
  });
});

describe('completions', () => {
  it('completes command names in the case the user started with', () => {
    expect(completions(engineSpecs, 'getr')).toEqual(['getrange']);
    expect(completions(engineSpecs, 'GETR')).toEqual(['GETRANGE']);
    expect(completions(engineSpecs, 'gEtR')).toEqual(['gEtRange']);
    expect(completions(engineSpecs, 'incr')).toEqual(['incr', 'incrby', 'incrbyfloat']);
    expect(completions(engineSpecs, 'zzz')).toEqual([]);
  });

  it('reproduces redis-cli (upper case, whole line) with case: upper', () => {
    expect(completions(engineSpecs, 'getr', { case: 'upper' })).toEqual(['GETRANGE']);
    expect(completions(table, 'config g', { case: 'upper' })).toEqual(['CONFIG GET']);
    expect(completions(table, 'help @s', { case: 'upper' })).toEqual(['help @server', 'help @string']);
    expect(completions(table, 'help @H', { case: 'upper' })).toEqual(['help @hash']);
  });

  it('completes subcommands and, after HELP, help topics', () => {
    expect(completions(table, 'config ')).toEqual(['config get', 'config set']);
    expect(completions(table, 'CONFIG S')).toEqual(['CONFIG SET']);
    expect(completions(table, 'help hget')).toEqual(['help hgetall']);
    expect(completions(table, 'HELP   @se')).toEqual(['HELP   @server']);
    expect(completions(table, 'config  g')).toEqual([]);
    expect(completions(table, 'hgetall k')).toEqual([]);
  });

  it('offers every command on an empty line, sorted', () => {
    const all = completions(engineSpecs, '');
    expect(all.length).toBe(engineSpecs.length + engineSpecs.reduce((n, s) => n + (s.subcommands?.length ?? 0), 0));
    expect([...all].sort()).toEqual(all);
  });
});

describe('interpretLine (redis-cli REPL)', () => {
  it('handles empty, invalid and ordinary lines', () => {
    expect(interpretLine('')).toEqual({ kind: 'none' });
    expect(interpretLine('   ')).toEqual({ kind: 'none' });
    expect(interpretLine('SET "a')).toEqual({ kind: 'print', text: 'Invalid argument(s)' });
    expect(interpretLine('SET k v')).toEqual({ kind: 'command', argv: ['SET', 'k', 'v'], repeat: 1 });
  });

  it('reads a leading count as a repeat, like strtol', () => {
    expect(interpretLine('3 INCR x')).toEqual({ kind: 'command', argv: ['INCR', 'x'], repeat: 3 });
    expect(interpretLine('+2 PING')).toEqual({ kind: 'command', argv: ['PING'], repeat: 2 });
    expect(interpretLine('0 PING')).toEqual({ kind: 'print', text: INVALID_REPEAT });
    expect(interpretLine('-1 PING')).toEqual({ kind: 'print', text: INVALID_REPEAT });
    expect(interpretLine('"" PING')).toEqual({ kind: 'print', text: INVALID_REPEAT });
    expect(interpretLine('99999999999999999999 PING')).toEqual({ kind: 'print', text: INVALID_REPEAT });
    expect(interpretLine('3x PING')).toEqual({ kind: 'command', argv: ['3x', 'PING'], repeat: 1 });
    expect(interpretLine('" 2" PING')).toEqual({ kind: 'command', argv: ['PING'], repeat: 2 });
    expect(interpretLine('"  " PING')).toEqual({ kind: 'command', argv: ['  ', 'PING'], repeat: 1 });
    expect(interpretLine('5')).toEqual({ kind: 'command', argv: ['5'], repeat: 1 });
  });

  it('recognises redis-cli commands', () => {
    expect(interpretLine('help')).toEqual({ kind: 'help', args: [] });
    expect(interpretLine('? set')).toEqual({ kind: 'help', args: ['set'] });
    expect(interpretLine('2 HELP @string')).toEqual({ kind: 'help', args: ['@string'] });
    expect(interpretLine('QUIT')).toEqual({ kind: 'quit' });
    expect(interpretLine('exit now')).toEqual({ kind: 'quit' });
    expect(interpretLine('clear')).toEqual({ kind: 'clear' });
    expect(interpretLine('clear x')).toEqual({ kind: 'command', argv: ['clear', 'x'], repeat: 1 });
    expect(interpretLine(':set hints')).toEqual({ kind: 'hints', on: true });
    expect(interpretLine(':SET NOHINTS')).toEqual({ kind: 'hints', on: false });
    expect(interpretLine(':set foo')).toEqual({ kind: 'print', text: "unknown redis-cli preference 'foo'" });
    expect(interpretLine(':set')).toEqual({ kind: 'print', text: "unknown redis-cli internal command ':set'" });
    expect(interpretLine('restart')).toEqual({ kind: 'print', text: "Use 'restart' only in Lua debugging mode." });
    expect(interpretLine('connect example.com 6380')).toEqual({ kind: 'connect', host: 'example.com', port: 6380 });
    expect(interpretLine('2 :set hints')).toEqual({ kind: 'command', argv: [':set', 'hints'], repeat: 2 });
  });

  it('follows SELECT, MULTI, EXEC, DISCARD and RESET in the prompt', () => {
    let s = initialPromptState();
    expect(promptText(s)).toBe('127.0.0.1:6379> ');
    s = nextPromptState(s, ['SELECT', '2'], { t: 'simple', v: 'OK' });
    expect(promptText(s)).toBe('127.0.0.1:6379[2]> ');
    s = nextPromptState(s, ['SELECT', '99'], { t: 'error', v: 'ERR DB index is out of range' });
    expect(s.db).toBe(2);
    s = nextPromptState(s, ['MULTI'], { t: 'simple', v: 'OK' });
    expect(promptText(s)).toBe('127.0.0.1:6379[2](TX)> ');
    s = nextPromptState(s, ['SELECT', '3'], { t: 'simple', v: 'QUEUED' });
    expect(promptText(s)).toBe('127.0.0.1:6379[3](TX)> ');
    s = nextPromptState(s, ['DISCARD'], { t: 'simple', v: 'OK' });
    expect(promptText(s)).toBe('127.0.0.1:6379[2]> ');
    s = nextPromptState(s, ['MULTI'], { t: 'simple', v: 'OK' });
    s = nextPromptState(s, ['SELECT', '5'], { t: 'simple', v: 'QUEUED' });
    s = nextPromptState(s, ['EXEC'], { t: 'nilarray' });
    expect(promptText(s)).toBe('127.0.0.1:6379[2]> ');
    s = nextPromptState(s, ['RESET'], { t: 'simple', v: 'RESET' });
    expect(promptText(s)).toBe('127.0.0.1:6379> ');
  });
});

/** True when python3 (for the pseudo-terminal driver) is there; required under CI. */
function requirePython(): boolean {
  const ok = spawnSync('python3', ['--version']).status === 0;
  if (!ok && process.env.CI) throw new Error('python3 is needed to drive redis-cli in a pseudo-terminal, and CI=true');
  return ok;
}

const run = requireRedis() && requireRedisCli() && requirePython();

type PtyCase = { kind: 'hint' | 'complete'; line: string };
type PtyResult = { hint?: string | null; candidates?: string[] };

function ptyOracle(port: number, cases: PtyCase[]): PtyResult[] {
  const script = fileURLToPath(new URL('./pty_oracle.py', import.meta.url));
  const r = spawnSync('python3', [script], {
    input: JSON.stringify({ cli: REDIS_CLI, port, cases }),
    encoding: 'utf8',
    timeout: 170_000,
  });
  if (r.status !== 0) throw new Error(`pty oracle failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PtyResult[];
}

describe.skipIf(!run)('hints and completion against the real interactive redis-cli', () => {
  let server: RedisServer;
  let real: CommandSpec[];
  beforeAll(async () => {
    server = await startRedis();
    const c = await RespClient.connect(server.port);
    real = await realSpecs(c);
    c.close();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('draws the same hint after 60 typed lines', { timeout: 180_000 }, () => {
    const lines = [
      'SET', 'SET ', 'set k', 'SET key ', 'SET key value ', 'SET key value NX ', 'SET key value NX GET EX 10 ',
      'GET', 'GET ', 'GET k', 'GET k ', 'GET k extra ', 'MSET ', 'MSET a 1 ', 'MSET a 1 b',
      'CONFIG', 'CONFIG ', 'CONFIG G', 'CONFIG GET', 'config get ', 'CONFIG GET maxmemory ', 'CONFIG SET a b ',
      'CLIENT KILL ', 'ZADD z ', 'ZADD z NX ', 'ZRANGE z 0 -1 ', 'LPOS l x ', 'XADD s * ', 'SORT k ', 'GEOADD g ',
      'nosuch ', '"SET" k ', 'SET "k v" ', 'SET "unterminated', '   SET   k  ', 'OBJECT ENCODING ', 'help set',
      'ACL SETUSER u ', 'BITFIELD k ', 'MIGRATE ', 'XREADGROUP ', 'ZUNIONSTORE d 2 a b ', 'EVAL "return 1" 0 ',
      'SCAN 0 ', 'CLIENT LIST ', 'COMMAND ', 'COMMAND DOCS ', 'MEMORY USAGE k ', 'LMPOP 2 a b ', 'ZADD z 1 m 2 n ',
      'HSET h f v ', 'SINTERCARD 2 a b ', 'GETEX k ', 'EXPIRE k 10 ', 'FUNCTION ', 'FUNCTION LOAD ', 'LPUSH l a b c ',
      'SET k v PX', 'SET é ', 'INCRBYFLOAT ',
    ];
    const got = ptyOracle(server.port, lines.map((line) => ({ kind: 'hint', line })));
    lines.forEach((line, i) => expect(hintFor(real, line), JSON.stringify(line)).toBe(got[i]!.hint));
  });

  it('cycles through the same Tab candidates (case: upper)', { timeout: 180_000 }, () => {
    const lines = ['getr', 'config g', 'help @s', 'zzz', 'CLIENT K', 'hg', 'help con', 'sin', 'object e', 'acl l', 'help getd', 'Xa'];
    const got = ptyOracle(server.port, lines.map((line) => ({ kind: 'complete', line })));
    lines.forEach((line, i) => expect(completions(real, line, { case: 'upper' }), line).toEqual(got[i]!.candidates));
  });
});
