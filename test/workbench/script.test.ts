import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitArgs } from '../../src/cli/split';
import { Engine } from '../../src/engine';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { classifyLine, evalArgv, functionLoadArgv, lineProblems, luaErrorLine, scriptLines, scriptProblems, wordSpans } from '../../src/workbench/script';

const engine = new Engine();
const specs = engine.specs();

describe('scriptLines', () => {
  it('keeps the lines that run, with their numbers and offsets; skips blanks, comments and copied prompts', () => {
    const doc = 'SET a 1\n\n# a comment\n  \n127.0.0.1:6379> GET a\r\nINCR a';
    const lines = scriptLines(doc);
    expect(lines.map((l) => [l.number, l.text])).toEqual([
      [1, 'SET a 1'],
      [5, 'GET a'],
      [6, 'INCR a'],
    ]);
    // Offsets point at the command itself in the document.
    for (const l of lines) expect(doc.slice(l.from, l.from + l.text.length)).toBe(l.text);
  });

  it('with a range, takes every line the range touches', () => {
    const doc = 'SET a 1\nGET a\nINCR a\nDEL a';
    const from = doc.indexOf('GET a') + 1; // inside line 2
    const to = doc.indexOf('INCR a') + 2; // inside line 3
    expect(scriptLines(doc, { from, to }).map((l) => l.number)).toEqual([2, 3]);
    // Whole lines selected (the selection ends at the start of the next line): that next line is not run.
    expect(scriptLines(doc, { from: 0, to: doc.indexOf('INCR a') }).map((l) => l.number)).toEqual([1, 2]);
    // An empty selection is the cursor's line.
    expect(scriptLines(doc, { from: 0, to: 0 }).map((l) => l.number)).toEqual([1]);
    expect(scriptLines(doc, { from: doc.length, to: doc.length }).map((l) => l.number)).toEqual([4]);
  });
});

describe('wordSpans', () => {
  it('splits like redis-cli, quotes included', () => {
    const line = `SET "a b" 'c\\'d' e"f g"`;
    const { words, bad } = wordSpans(line);
    expect(bad).toBeUndefined();
    expect(words.map((w) => line.slice(w.from, w.to))).toEqual(['SET', '"a b"', `'c\\'d'`, 'e"f g"']);
    expect(words.length).toBe(splitArgs(line)!.length);
  });

  it('points at the bad quoting', () => {
    expect(wordSpans('SET a "open').bad).toBe(6);
    expect(wordSpans('SET "a"b c').bad).toBe(7);
  });
});

describe('classifyLine', () => {
  const kinds = (line: string) => classifyLine(specs, line).map((w) => [line.slice(w.from, w.to), w.kind]);
  it('names the command, its keys (from the table), options, numbers and strings', () => {
    expect(kinds('SET user:1 "Ada L" EX 60')).toEqual([
      ['SET', 'command'],
      ['user:1', 'key'],
      ['"Ada L"', 'string'],
      ['EX', 'keyword'],
      ['60', 'number'],
    ]);
    expect(kinds('CONFIG GET maxmemory')).toEqual([
      ['CONFIG', 'command'],
      ['GET', 'subcommand'],
      ['maxmemory', 'arg'],
    ]);
    // Movable keys: ZUNIONSTORE's destination and the numkeys keys.
    expect(kinds('ZUNIONSTORE out 2 a b WEIGHTS 1 2').filter(([, k]) => k === 'key').map(([w]) => w)).toEqual(['out', 'a', 'b']);
    expect(kinds('3 INCR n')[0]).toEqual(['3', 'repeat']);
  });
});

describe('lineProblems', () => {
  /** What the engine answers for a line: the error a problem must announce before it runs. */
  const engineError = (line: string): string | undefined => {
    const c = engine.createClient();
    const r = engine.exec(c, splitArgs(line)!);
    engine.closeClient(c);
    return r?.t === 'error' ? r.v : undefined;
  };

  it.each([
    'NOSUCH a b',
    'get',
    'GET a b',
    'SET k',
    'CONFIG NOPE',
    'CONFIG GET',
    'OBJECT ENCODING',
    'HSET h f',
  ])('%s: the message is the error the engine answers', (line) => {
    const problems = lineProblems(specs, line);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.severity).toBe('error');
    expect(problems[0]!.message).toBe(engineError(line));
  });

  it('underlines the command name for an unknown command and the whole command for arity', () => {
    const p = lineProblems(specs, 'NOSUCH a')[0]!;
    expect([p.from, p.to]).toEqual([0, 6]);
    const q = lineProblems(specs, '2 GET a b')[0]!;
    expect([q.from, q.to]).toEqual([2, 9]);
  });

  it('finds nothing wrong in valid lines, whatever their case', async () => {
    await engine.scripting.ready();
    for (const line of ['SET a 1', 'get a', 'config get maxmemory', 'ZADD z 1 a 2 b', '3 INCR n', 'HELP SET', 'EVAL "return 1" 0']) {
      expect(lineProblems(specs, line), line).toEqual([]);
      if (!/^(HELP|3 )/.test(line)) expect(engineError(line), line).toBeUndefined();
    }
  });

  it("reports redis-cli's own refusals and leaves streaming commands to the terminal", () => {
    expect(lineProblems(specs, 'SET a "b')[0]!.message).toBe('Invalid argument(s)');
    expect(lineProblems(specs, '0 INCR a')[0]!.message).toBe('Invalid redis-cli repeat command option value.');
    const sub = lineProblems(specs, 'SUBSCRIBE news')[0]!;
    expect(sub.severity).toBe('warning');
    expect(sub.message).toMatch(/terminal/);
  });

  it('says nothing before the command table arrives', () => {
    expect(lineProblems([], 'NOSUCH')).toEqual([]);
  });

  it('maps problems to document offsets', () => {
    const doc = 'SET a 1\n\nNOSUCH x\nGET';
    const ps = scriptProblems(specs, doc);
    expect(ps.map((p) => doc.slice(p.from, p.to))).toEqual(['NOSUCH', 'GET']);
  });
});

describe('luaErrorLine', () => {
  it('reads the line from each form of Lua error', () => {
    expect(luaErrorLine("ERR Error compiling script (new function): user_script:2: unexpected symbol near '+'")).toBe(2);
    expect(luaErrorLine("ERR user_script:7: Script attempted to access nonexistent global variable 'x' script: 60c5, on @user_script:7.")).toBe(7);
    expect(luaErrorLine('ERR Unknown Redis command called from script script: ac96, on @user_script:3.')).toBe(3);
    expect(luaErrorLine("ERR Error compiling function: user_function:3: unexpected symbol near '+'")).toBe(3);
    expect(luaErrorLine('ERR wrong number of arguments')).toBeUndefined();
  });
});

describe('evalArgv and functionLoadArgv', () => {
  it('build EVAL with the number of keys, keys and arguments typed as on a redis-cli line', () => {
    expect(evalArgv('return 1', 'k1 "k 2"', 'a')).toEqual(['EVAL', 'return 1', '2', 'k1', 'k 2', 'a']);
    expect(evalArgv('return 1', '', '')).toEqual(['EVAL', 'return 1', '0']);
    expect(evalArgv('return 1', '"open', '')).toBeNull();
    // Text reaches the engine as UTF-8 bytes.
    expect(evalArgv("return 'é'", '', '')![1]).toBe("return '\xc3\xa9'");
  });

  it('FUNCTION LOAD REPLACE, adding a library line when the code has none', () => {
    expect(functionLoadArgv('#!lua name=x\nredis.register_function("f", function() return 1 end)')[3]).toMatch(/^#!lua name=x\n/);
    expect(functionLoadArgv('redis.register_function("f", function() return 1 end)')).toEqual([
      'FUNCTION',
      'LOAD',
      'REPLACE',
      '#!lua name=lib\nredis.register_function("f", function() return 1 end)',
    ]);
  });
});

/**
 * The line numbers Lua errors carry, from redis-server itself and from the
 * engine: the workbench underlines that line of the editor.
 */
describe.runIf(requireRedis())('Lua error lines agree with redis-server', () => {
  let server: RedisServer;
  let redis: RespClient;
  beforeAll(async () => {
    server = await startRedis();
    redis = await RespClient.connect(server.port);
  });
  afterAll(async () => {
    redis.close();
    await server.stop();
  });

  const cases: [string, string[], number][] = [
    ['compile error', evalArgv('local a = 1\n\nreturn +', '', '')!, 3],
    ['runtime error', evalArgv('local a = 1\nreturn x', '', '')!, 2],
    ['error from redis.call', evalArgv('\nreturn redis.call("nosuch")', '', '')!, 2],
    ['library compile error (the library line counts)', functionLoadArgv('#!lua name=l\nlocal a = 1\nreturn +'), 3],
  ];
  it.each(cases)('%s', async (_name, argv, line) => {
    const theirs = await redis.call(argv);
    expect(theirs.t).toBe('error');
    expect(luaErrorLine((theirs as { v: string }).v)).toBe(line);
    await engine.scripting.ready();
    const c = engine.createClient();
    const ours = engine.exec(c, argv);
    engine.closeClient(c);
    expect(ours?.t).toBe('error');
    expect(luaErrorLine((ours as { v: string }).v)).toBe(line);
  });
});
