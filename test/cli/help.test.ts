import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpText, helpTopics, REDIS_CLI_VERSION } from '../../src/cli/help';
import { renderArg, renderArgs, helpTable } from '../../src/cli/table';
import { Engine, type CommandSpec } from '../../src/engine';
import { block, cmd, int, key, many, oneof, opt, str, tok } from '../../src/engine/spec/dsl';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { realSpecs, requireRedisCli, runRedisCli } from './support';

const engineSpecs = new Engine().specs();

describe('renderArg: redis-cli 7.0 argument syntax', () => {
  it('renders each argument type', () => {
    expect(renderArg(key())).toBe('key');
    expect(renderArg(opt(key()))).toBe('[key]');
    expect(renderArg(many(key()))).toBe('key [key ...]');
    expect(renderArg(opt(many(key())))).toBe('[key [key ...]]');
    expect(renderArg(tok('NX'))).toBe('NX');
    expect(renderArg(opt(tok('WITHSCORES')))).toBe('[WITHSCORES]');
    expect(renderArg(int('seconds', { token: 'EX' }))).toBe('EX seconds');
    expect(renderArg(opt(oneof('c', [tok('NX'), tok('XX')])))).toBe('[NX|XX]');
    expect(renderArg(opt(block('limit', [int('offset'), int('count')], { token: 'LIMIT' })))).toBe('[LIMIT offset count]');
    expect(renderArg(many(block('data', [key(), str('value')])))).toBe('key value [key value ...]');
    expect(renderArg(opt(many(str('pattern', { token: 'GET' }))))).toBe('[GET pattern [pattern ...]]');
    expect(renderArg(opt(many(str('pattern', { token: 'GET', multipleToken: true }))))).toBe('[GET pattern [GET pattern ...]]');
    expect(renderArg(str(''))).toBe('""');
    expect(renderArg(tok(''))).toBe('""');
    expect(renderArg(str('x', { display: 'shown' }))).toBe('shown');
    expect(renderArgs([key(), str('value')])).toBe('key value');
  });
});

describe('helpText', () => {
  const specs: CommandSpec[] = [
    cmd('get', 2, 'string', 'Get it.', { since: '1.0.0', args: [key()] }),
    cmd('getdel', 2, 'string', 'Get and delete.', { since: '6.2.0', args: [key()] }),
    cmd('config', -2, 'server', 'A container.', {
      since: '2.0.0',
      subcommands: [
        cmd('config|get', -3, 'server', 'Read settings.', { since: '2.0.0', args: [many(str('parameter'))] }),
        cmd('config|help', 2, 'server', 'Show help.', { since: '5.0.0' }),
      ],
    }),
  ];

  it('prints the generic help without arguments', () => {
    const t = helpText(specs, []);
    expect(t.split('\n')[0]).toBe(`redis-cli ${REDIS_CLI_VERSION}`);
    expect(t).toContain('"help @<group>" to get a list of commands in <group>');
    expect(t.endsWith('Set your preferences in ~/.redisclirc')).toBe(true);
  });

  it('prints one command with its group, in colour or plain', () => {
    expect(helpText(specs, ['get'], { color: false })).toBe('\n  GET key\n  summary: Get it.\n  since: 1.0.0\n  group: string\n');
    expect(helpText(specs, ['GET'])).toBe(
      '\n  \x1b[1mGET\x1b[0m \x1b[90mkey\x1b[0m\n  \x1b[33msummary:\x1b[0m Get it.\n  \x1b[33msince:\x1b[0m 1.0.0\n  \x1b[33mgroup:\x1b[0m string\n',
    );
  });

  it('lists a container with its subcommands, and one subcommand alone', () => {
    const all = helpText(specs, ['Config'], { color: false });
    expect(all.match(/^ {2}CONFIG.*$/gm)).toEqual(['  CONFIG ', '  CONFIG GET parameter [parameter ...]', '  CONFIG HELP ']);
    expect(helpText(specs, ['config', 'get'], { color: false })).toBe(
      '\n  CONFIG GET parameter [parameter ...]\n  summary: Read settings.\n  since: 2.0.0\n  group: server\n',
    );
  });

  it('lists a group without the group lines', () => {
    expect(helpText(specs, ['@string'], { color: false })).toBe(
      '\n  GET key\n  summary: Get it.\n  since: 1.0.0\n\n  GETDEL key\n  summary: Get and delete.\n  since: 6.2.0\n',
    );
    expect(helpText(specs, ['@STRING', 'ignored'], { color: false })).toContain('GETDEL');
  });

  it('prints nothing (one empty line for the caller) for unknown topics', () => {
    expect(helpText(specs, ['nosuch'])).toBe('');
    expect(helpText(specs, ['@nosuch'])).toBe('');
    expect(helpText(specs, ['@'])).toBe('');
    expect(helpText(specs, ['get', 'extra'])).toBe('');
  });

  it('offers commands, subcommands and groups as topics, groups first', () => {
    expect(helpTopics(specs)).toEqual(['@server', '@string', 'CONFIG', 'CONFIG GET', 'CONFIG HELP', 'GET', 'GETDEL']);
  });

  it('works on the engine table', () => {
    const t = helpText(engineSpecs, ['set'], { color: false });
    expect(t.split('\n')[1]).toBe(
      '  SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]',
    );
    expect(helpText(engineSpecs, ['@string'], { color: false })).toContain('\n  INCRBY key increment\n');
  });
});

const haveRedis = requireRedis();
const haveCli = requireRedisCli();

describe.skipIf(!haveRedis || !haveCli)('HELP against the real redis-cli', () => {
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

  it('prints HELP for every command, subcommand and group exactly as redis-cli does from the same COMMAND DOCS', async () => {
    const lines = ['HELP', 'help', 'HELP nosuch', '? get', 'HELP get extra', 'HELP @', 'HELP sEt', 'help config', 'help @SORTED-SET x'];
    for (const e of helpTable(real)) lines.push(`HELP ${e.full}`);
    const printed = await runRedisCli(server.port, lines);
    expect(lines.length).toBeGreaterThan(300);
    lines.forEach((line, i) => {
      const args = line.split(' ').slice(1);
      // redis-cli ends command help with "\r\n"; we leave the final newline to the caller.
      expect(printed[i]!.replace(/\r\n/g, '\n'), line).toBe(`${helpText(real, args)}\n`);
    });
  });

  /**
   * Hints and HELP come from the engine's table, so its argument grammar
   * should render as Redis 7.0.15's does. Known differences are listed and
   * must be removed once fixed.
   */
  it('the engine table renders the same usage, since and group as Redis 7.0.15', () => {
    const KNOWN: Record<string, string> = {
      // src/engine/spec/strings.ts names LCS's MINMATCHLEN argument as Redis 7.2 does.
      LCS: 'key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]',
    };
    const theirs = new Map(helpTable(real).map((e) => [e.full, e]));
    const problems: string[] = [];
    for (const e of helpTable(engineSpecs)) {
      if (e.type !== 'command') continue;
      const r = theirs.get(e.full);
      if (r === undefined) {
        problems.push(`${e.full}: not a Redis 7.0 command`);
        continue;
      }
      if (KNOWN[e.full] !== undefined) {
        if (e.params !== KNOWN[e.full]) problems.push(`${e.full}: known difference changed; update the list`);
        if (e.params === r.params) problems.push(`${e.full}: fixed; remove it from the known differences`);
      } else if (e.params !== r.params) {
        problems.push(`${e.full}: usage\n    redis: ${r.params}\n    ours:  ${e.params}`);
      }
      if (e.since !== r.since) problems.push(`${e.full}: since ${e.since}, Redis says ${r.since}`);
      if (e.group !== r.group) problems.push(`${e.full}: group ${e.group}, Redis says ${r.group}`);
    }
    expect(problems).toEqual([]);
  });
});
