import { describe, expect, it } from 'vitest';
import { commandKeys, editDistance, explain, findSpec, showArg, suggest } from '../../src/cli/explain';
import { matchGrammar } from '../../src/cli/grammar';
import { splitArgs } from '../../src/cli/split';
import { Engine, type CommandSpec, type Reply } from '../../src/engine';
import { E } from '../../src/engine/core/errors';
import { block, cmd, dbl, int, key, many, oneof, opt, str, tok } from '../../src/engine/spec/dsl';

const engine = new Engine();
const specs = engine.specs();

/** A few commands the engine may not have yet, with their real grammars. */
const extra: CommandSpec[] = [
  cmd('hgetall', 2, 'hash', 'All fields.', { keys: [1, 1, 1], args: [key()] }),
  cmd('zadd', -4, 'sorted-set', 'Add members.', {
    keys: [1, 1, 1],
    args: [
      key(),
      opt(oneof('condition', [tok('NX'), tok('XX')])),
      opt(oneof('comparison', [tok('GT'), tok('LT')])),
      opt(tok('CH')),
      opt(tok('INCR')),
      many(block('data', [dbl('score'), str('member')])),
    ],
  }),
  cmd('zrangebyscore', -4, 'sorted-set', 'Range.', {
    keys: [1, 1, 1],
    args: [key(), dbl('min'), dbl('max'), opt(tok('WITHSCORES')), opt(block('limit', [int('offset'), int('count')], { token: 'LIMIT' }))],
  }),
  cmd('config', -2, 'server', 'Container.', {
    subcommands: [
      cmd('config|get', -3, 'server', 'Get.', { args: [many(str('parameter'))] }),
      cmd('config|set', -4, 'server', 'Set.', { args: [many(block('data', [str('parameter'), str('value')]))] }),
    ],
  }),
  cmd('smove', 4, 'set', 'Move.', { keys: [1, 2, 1], args: [key('source'), key('destination'), str('member')] }),
];
const table = [...specs, ...extra.filter((x) => !specs.some((s) => s.name === x.name))];

/** Runs a typed line on the engine and returns argv and the reply. */
function run(line: string): { argv: string[]; reply: Reply } {
  const argv = splitArgs(line)!;
  const c = engine.createClient();
  return { argv, reply: engine.exec(c, argv)! };
}

describe('explain', () => {
  it('says nothing for replies that are not errors', () => {
    expect(explain({ argv: ['GET', 'k'], reply: { t: 'nil' }, specs })).toBeUndefined();
  });

  it('WRONGTYPE: names the type held and how to read it', () => {
    const note = explain({ argv: ['GET', 'user:1'], reply: { t: 'error', v: E.WRONGTYPE }, specs, keyTypes: { 'user:1': 'hash' } })!;
    expect(note).toBe(
      'The key user:1 holds a hash, and GET only works on strings.\nCheck what a key holds with TYPE user:1; read this one with HGETALL user:1.',
    );
    const z = explain({ argv: ['HGETALL', 'my board'], reply: { t: 'error', v: E.WRONGTYPE }, specs: table, keyTypes: { 'my board': 'zset' } })!;
    expect(z).toContain('The key "my board" holds a sorted set, and HGETALL only works on hashes.');
    expect(z).toContain('ZRANGE "my board" 0 -1 WITHSCORES');
    // Several keys: the one of the wrong type is named.
    const m = explain({ argv: ['SMOVE', 'a', 'b', 'x'], reply: { t: 'error', v: E.WRONGTYPE }, specs: table, keyTypes: { a: 'set', b: 'list' } })!;
    expect(m.split('\n')[0]).toBe('The key b holds a list, and SMOVE only works on sets.');
    // Without the types, still useful.
    expect(explain({ argv: ['GET', 'k'], reply: { t: 'error', v: E.WRONGTYPE }, specs })).toBe(
      'GET was used on a key that holds another type of value (it only works on strings).\nCheck what the key holds with TYPE k.',
    );
  });

  it('HyperLogLog errors and SAVE inside MULTI, from real replies', () => {
    const e = new Engine({ saveTarget: { saveNow: () => true, saveInBackground: (done) => done(true) } });
    const c = e.createClient();
    const go = (...argv: string[]) => ({ argv, reply: e.exec(c, argv)! });
    go('SET', 'greeting', 'hello there, a plain string');
    const one = go('PFADD', 'greeting', 'alice');
    expect(explain({ ...one, specs })).toBe(
      'The key greeting holds a string that is not a HyperLogLog. PF commands only work on the strings PFADD makes\n' +
        '(their bytes start with HYLL). Use a new key for the HyperLogLog, or DEL this one first.',
    );
    expect(explain({ ...go('PFCOUNT', 'visitors', 'greeting'), specs })!.split('\n')[0]).toMatch(/^One of the keys holds a string/);
    go('PFADD', 'v', 'a');
    go('APPEND', 'v', '\xc3\xa9');
    expect(explain({ ...go('PFDEBUG', 'TODENSE', 'v'), specs })).toContain('its bytes were changed');
    go('MULTI');
    const save = go('SAVE');
    expect(save.reply).toEqual({ t: 'error', v: E.NO_MULTI });
    expect(explain({ ...save, specs })).toContain('Run DISCARD (or EXEC to see the refusal), then SAVE on its own.');
  });

  it('wrong number of arguments: how many, and the syntax', () => {
    const a = run('GET');
    expect(explain({ ...a, specs })).toBe('GET takes exactly 1 argument, and none were given.\nSyntax: GET key');
    const b = run('GET a b');
    expect(explain({ ...b, specs })).toBe('GET takes exactly 1 argument, and 2 were given.\nSyntax: GET key');
    const c = run('SET k');
    expect(explain({ ...c, specs })).toBe(
      'SET takes at least 2 arguments, and 1 was given.\nSyntax: SET key value [NX|XX] [GET] [EX seconds|PX milliseconds|EXAT unix-time-seconds|PXAT unix-time-milliseconds|KEEPTTL]',
    );
    const d = explain({ argv: ['CONFIG', 'GET'], reply: { t: 'error', v: E.WRONG_ARITY('config|get') }, specs: extra })!;
    expect(d.split('\n')[0]).toBe('CONFIG GET takes at least 1 argument, and none were given.');
  });

  it('syntax error: points at the first argument the grammar cannot place', () => {
    const a = run('SET k v FOO');
    expect(a.reply).toEqual({ t: 'error', v: 'ERR syntax error' });
    expect(explain({ ...a, specs })!.split('\n').slice(0, 3)).toEqual([
      'Redis could not make sense of FOO here (argument 3).',
      'SET k v FOO',
      '        ^^^',
    ]);
    const b = run('SET k v NX XX');
    expect(explain({ ...b, specs })!.split('\n').slice(0, 3)).toEqual([
      'Redis could not make sense of XX here (argument 4).',
      'SET k v NX XX',
      '           ^^',
    ]);
    const c = run('SET k v EX 10 PX 5');
    expect(explain({ ...c, specs })!.split('\n')[0]).toBe('Redis could not make sense of PX here (argument 5).');
    // Options in another order than the grammar lists them are fine; the error is elsewhere.
    const d = run('SET "my key" v GET NX KEEPTTL BAD');
    expect(explain({ ...d, specs })!.split('\n').slice(0, 3)).toEqual([
      'Redis could not make sense of BAD here (argument 6).',
      'SET "my key" v GET NX KEEPTTL BAD',
      '                              ^^^',
    ]);
  });

  it('not an integer: points at the argument when the grammar can tell', () => {
    const a = run('SET k v EX ten');
    expect(a.reply).toEqual({ t: 'error', v: E.NOT_INTEGER });
    expect(explain({ ...a, specs })!.split('\n').slice(0, 3)).toEqual(['ten is not a whole number (like 10 or -3).', 'SET k v EX ten', '           ^^^']);
    const b = explain({ argv: ['INCR', 'k'], reply: { t: 'error', v: E.NOT_INTEGER }, specs })!;
    expect(b.split('\n')[0]).toContain('INCR needs a whole number');
  });

  it('unknown command: suggests the nearest names', () => {
    const a = run('GTE k');
    expect(explain({ ...a, specs })).toBe('There is no command named GTE. Did you mean GET?');
    const b = run('HGETAL user:1');
    expect(explain({ ...b, specs: table })).toBe('There is no command named HGETAL. Did you mean HGETALL?');
    const c = run('INCRBYFLOT k 1');
    expect(explain({ ...c, specs })).toBe('There is no command named INCRBYFLOT. Did you mean INCRBYFLOAT?');
    const d = run('XYZZY');
    expect(explain({ ...d, specs })).toContain('There is no command named XYZZY. Type HELP @<group>');
    const e = run('"set key" v');
    expect(explain({ ...e, specs })).toContain('There is no command named "set key".');
  });

  it('unknown subcommand: suggests among the subcommands', () => {
    const note = explain({ argv: ['CONFIG', 'GTE', 'x'], reply: { t: 'error', v: E.UNKNOWN_SUBCOMMAND('GTE', 'config') }, specs: extra });
    expect(note).toBe('Did you mean CONFIG GET?\nCONFIG subcommands: GET, SET');
  });
});

describe('helpers', () => {
  it('edit distance counts swaps as one edit', () => {
    expect(editDistance('hgetall', 'HGETALL')).toBe(0);
    expect(editDistance('gte', 'get')).toBe(1);
    expect(editDistance('hgetal', 'hgetall')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests close names and names the typed text starts', () => {
    expect(suggest('zrangebys', ['zrangebyscore', 'zrangebylex', 'zrange'])).toEqual(['ZRANGEBYSCORE']);
    expect(suggest('incr', ['incr', 'incrby', 'decr', 'incrbyfloat'])).toEqual(['INCR', 'INCRBY', 'INCRBYFLOAT']);
    expect(suggest('sett', ['set', 'setex', 'get', 'set'])).toEqual(['SET']);
    expect(suggest('hgetal', ['hgetall', 'hget', 'hgetall'])).toEqual(['HGETALL']);
    expect(suggest('q', ['get'])).toEqual([]);
  });

  it('shows arguments so that they can be typed back', () => {
    expect(showArg('plain')).toBe('plain');
    expect(showArg('two words')).toBe('"two words"');
    expect(showArg('')).toBe('""');
    expect(showArg('a"b')).toBe('"a\\"b"');
    expect(showArg('caf\xc3\xa9')).toBe('café');
    expect(showArg('\n')).toBe('"\\n"');
  });

  it('finds keys from the key positions', () => {
    expect(commandKeys(specs, ['MSET', 'a', '1', 'b', '2'])).toEqual(['a', 'b']);
    expect(commandKeys(specs, ['DEL', 'a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(commandKeys(specs, ['GET', 'k'])).toEqual(['k']);
    expect(commandKeys(specs, ['PING'])).toEqual([]);
  });

  it('finds movable keys where the spec says they are', () => {
    const keys = (line: string) => commandKeys(table, line.split(' '));
    expect(keys('ZUNIONSTORE dest 2 a b WEIGHTS 1 2')).toEqual(['dest', 'a', 'b']);
    expect(keys('ZUNIONSTORE dest 9 a b')).toEqual([]); // numkeys runs past the end
    expect(keys('SORT src BY w_* GET # LIMIT 0 5 STORE out')).toEqual(['src', 'out']);
    expect(keys('SORT src GET STORE')).toEqual(['src']); // STORE is GET's pattern here
    expect(keys('XREAD COUNT 2 STREAMS s1 s2 0 0')).toEqual(['s1', 's2']);
    expect(keys('LMPOP 2 l1 l2 LEFT')).toEqual(['l1', 'l2']);
    expect(keys('BZMPOP 0 1 z MIN')).toEqual(['z']);
    const migrate = cmd('migrate', -6, 'generic', 'Move keys.', { flags: 'write movablekeys', keys: [3, 3, 1], movable: { find: 'migrate' } });
    expect(commandKeys([migrate], ['MIGRATE', 'h', '6379', '', '0', '5', 'COPY', 'KEYS', 'a', 'b'])).toEqual(['a', 'b']);
  });

  it('names the key of a WRONGTYPE on a movable-key command', () => {
    const note = explain({ argv: ['ZUNIONSTORE', 'dest', '2', 'a', 'b'], reply: { t: 'error', v: E.WRONGTYPE }, specs: table, keyTypes: { dest: 'none', a: 'zset', b: 'list' } });
    expect(note).toContain('The key b holds a list');
    expect(findSpec(table, ['config', 'get', 'x'])?.name).toBe('config|get');
  });
});

describe('matchGrammar', () => {
  const set = findSpec(specs, ['set'])!;
  const zadd = findSpec(table, ['zadd'])!;
  const zr = findSpec(table, ['zrangebyscore'])!;
  it('accepts valid lines, options in any order', () => {
    for (const args of [['k', 'v'], ['k', 'v', 'NX'], ['k', 'v', 'get', 'nx', 'ex', '10'], ['k', 'v', 'KEEPTTL', 'XX']]) {
      expect(matchGrammar(set, args), args.join(' ')).toEqual({ ok: true, at: args.length });
    }
    expect(matchGrammar(zadd, ['z', 'NX', 'CH', '1', 'a', '2', 'b']).ok).toBe(true);
    expect(matchGrammar(zr, ['z', '(1', '+inf', 'LIMIT', '0', '5', 'WITHSCORES']).ok).toBe(true);
  });

  it('finds the first argument that does not fit', () => {
    expect(matchGrammar(set, ['k', 'v', 'NX', 'XX'])).toEqual({ ok: false, at: 3 });
    expect(matchGrammar(set, ['k', 'v', 'EX'])).toEqual({ ok: false, at: 3 });
    expect(matchGrammar(set, ['k', 'v', 'EX', 'x'])).toEqual({ ok: false, at: 3 });
    expect(matchGrammar(zadd, ['z', '1', 'a', '2'])).toEqual({ ok: false, at: 4 });
    expect(matchGrammar(zadd, ['z', 'NX', 'XX', '1', 'a'])).toEqual({ ok: false, at: 2 });
    expect(matchGrammar(zr, ['z', '0', '1', 'LIMIT', '0'])).toEqual({ ok: false, at: 5 });
  });
});
