import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLua } from '../../src/engine/core/scripting';
import { Oracle, compare, expectSame } from '../support/oracle';
import { requireRedis } from '../support/redis';

const run = requireRedis();

const LIB =
  "#!lua name=lib\nredis.register_function('incr', function(keys, args) return redis.call('INCR', keys[1]) end)\n" +
  "redis.register_function{function_name='echo', callback=function(keys, args) return args end, flags={'no-writes'}, description='gives back its arguments'}\n" +
  "redis.register_function('fail', function(keys, args) return redis.call('GET', keys[1]) end)\n" +
  "redis.register_function{function_name='big', callback=function() return 1 end, flags={'allow-oom', 'no-cluster'}}";

/**
 * Scripts against redis-server: every conversion between Lua and RESP in
 * both directions (RESP2 and RESP3), errors raised inside scripts and
 * their decoration, the script cache, shebang flags, read-only rules,
 * commands scripts may not call, and the FUNCTION family.
 */
describe.skipIf(!run)('scripting matches Redis', () => {
  let d: Oracle;
  beforeAll(async () => {
    await loadLua();
    d = await Oracle.start();
  });
  afterAll(async () => {
    await d?.stop();
  });

  let resp: 2 | 3 = 2;
  const same = async (...argv: string[]): Promise<void> => {
    const { ours, theirs } = await d.run(argv);
    expectSame(ours, theirs, resp, argv.join(' ').slice(0, 160));
  };
  const sameAnyOrder = async (...argv: string[]): Promise<void> => {
    const { ours, theirs } = await d.run(argv);
    compare('unordered-deep', ours, theirs, argv.join(' '), resp);
  };
  const reset = async (): Promise<void> => {
    await d.redis.call(['SCRIPT', 'FLUSH']);
    await d.redis.call(['FUNCTION', 'FLUSH']);
    await d.redis.call(['HELLO', '2']);
    resp = 2;
    await d.reset();
  };
  const evals = async (...scripts: string[]): Promise<void> => {
    for (const s of scripts) await same('EVAL', s, '0');
  };

  it('Lua values become replies (RESP2)', async () => {
    await reset();
    await evals(
      'return 1',
      'return -7',
      'return 3.99',
      'return -3.7',
      'return 2^53',
      "return 'hello'",
      "return ''",
      'return nil',
      'return true',
      'return false',
      'return {}',
      "return {1, 'two', {3, 'four'}, nil, 5}",
      "return {1, false, 'x'}",
      "return {ok='fine'}",
      "return {ok='two\\r\\nlines'}",
      "return {err='CODE an error'}",
      "return {err='plain error'}",
      "return redis.error_reply('My error')",
      "return redis.error_reply('-MINE custom')",
      "return redis.status_reply('FINE')",
      'return {double=3.5}',
      "return {big_number='123456789012345678901234567890'}",
      "return {map={a=1}}",
      "return {set={a=true}}",
      "return {1, {ok='x'}, {err='ERR y'}}",
      "return redis.sha1hex('')",
      "return redis.sha1hex('abc')",
      'return redis.REDIS_VERSION_NUM > 0',
      "return string.format('%d %s %5.2f', 3, 'x', 1.5)",
      "return tostring(1e15) .. ' ' .. tostring(0.1)",
      "return cjson.encode({1, 2, 'x'})",
      "return cjson.decode('[1,2,3]')",
      "return cmsgpack.unpack(cmsgpack.pack({1, 2, 'x'}))",
      "return struct.unpack('>I2', struct.pack('>I2', 513))",
      'return bit.band(0xff, 0x0f)',
      "return table.concat({'a', 'b'}, '-')",
      'return math.floor(7.9)',
      'return #KEYS + #ARGV',
      'return _G',
      'local a = {} setmetatable(a, {__index = function() foo() end}) return a',
      "local a = {} setmetatable(a, {__index = function() redis.call('SET', 'x', '1') end}) return a",
      "return {1, {map={a=1}}, {double=2.5}, {set={b=true}}}",
      "return {1, {err='ERR inner'}, {ok='fine'}}",
    );
    await same('GET', 'x');
    await same('EVAL', 'return {KEYS[1], KEYS[2], ARGV[1], ARGV[2]}', '2', 'k1', 'k2', 'a1', 'a2');
    await same('EVAL', 'return {#KEYS, #ARGV}', '0', 'a', 'b', 'c');
  });

  it('replies become Lua values (RESP2 and redis.setresp(3))', async () => {
    await reset();
    await same('HSET', 'h', 'f', 'v', 'g', '2');
    await same('RPUSH', 'l', 'a', 'b');
    await same('SADD', 's', 'm');
    await same('ZADD', 'z', '1.5', 'a');
    for (const prefix of ['', 'redis.setresp(3); ']) {
      await evals(
        `${prefix}return redis.call('SET', 'k', 'v')`,
        `${prefix}return redis.call('GET', 'k')`,
        // (Under RESP3 Redis gives a missing value to Lua as nil, the VM as false: see the README.)
        `return redis.call('GET', 'missing')`,
        `return redis.call('GET', 'missing') == false`,
        `${prefix}return redis.call('INCR', 'n')`,
        `${prefix}return redis.call('LRANGE', 'l', 0, -1)`,
        `${prefix}return redis.call('HGETALL', 'h')`,
        `${prefix}return redis.call('SMEMBERS', 's')`,
        `${prefix}return redis.call('ZSCORE', 'z', 'a')`,
        `${prefix}return redis.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')`,
        `${prefix}return redis.call('PING')`,
        `${prefix}return redis.call('PING').ok`,
        `${prefix}return redis.call('EXISTS', 'k', 'missing')`,
        `${prefix}return redis.call('BLPOP', 'nolist', 0)`,
        `${prefix}return type(redis.call('HGETALL', 'h'))`,
        `${prefix}return redis.pcall('INCR', 'h')`,
        `${prefix}return redis.pcall('INCR', 'h')['err']`,
        `${prefix}local r = redis.call('HGETALL', 'h') return r['f'] or r[1]`,
      );
    }
  });

  it('RESP3 callers', async () => {
    await reset();
    await d.run(['HELLO', '3']); // (the client ids differ)
    resp = 3;
    await same('HSET', 'h', 'f', 'v');
    await evals(
      'return true',
      'return false',
      'return nil',
      'return {double=3.5}',
      "return {map={a=1}}",
      "return {set={a=true}}",
      "return {big_number='12345678901234567890'}",
      "redis.setresp(3); return redis.call('HGETALL', 'h')",
      'redis.setresp(3); return true',
      'redis.setresp(3); return false',
      "redis.setresp(3); return {1, {double=1.25}}",
      "return redis.call('HGETALL', 'h')",
    );
  });

  it('errors inside scripts', async () => {
    await reset();
    await same('SET', 's', 'x');
    await evals(
      'return 1 +',
      '\n\nreturn 1 +',
      'local',
      "error('boom')",
      "local a = 1\nlocal b = nil + a",
      'x = 5',
      'redis = function() return 1 end',
      'return undefined_variable',
      "return redis.call('INCR', 's')",
      "return redis.call('nosuchcommand')",
      "return redis.call('GET')",
      "return redis.call('GET', {})",
      "return redis.call('MULTI')",
      "return redis.call('EVAL', 'return 1', 0)",
      "return redis.call('SUBSCRIBE', 'c')",
      "return redis.pcall('nosuchcommand')",
      "return redis.pcall('MULTI')",
      "local ok, e = pcall(redis.call, 'INCR', 's') return {tostring(ok), e}",
      "local ok, e = pcall(function() error('x') end) return {tostring(ok), e}",
      'return loadstring == nil',
      'return print',
    );
    await same('EVAL', 'return 1', 'notanumber');
    await same('EVAL', 'return 1', '-1');
    await same('EVAL', 'return 1', '2', 'a');
    await same('EVAL', 'return 1');
    await same('GET', 's');
  });

  it('the script cache, shebangs and read-only rules', async () => {
    await reset();
    await same('SCRIPT', 'LOAD', 'return 42');
    await same('SCRIPT', 'LOAD', 'return 1 +');
    await same('EVALSHA', '1fa00e76656cc152ad327c13fe365858fd7be306', '0');
    await same('EVALSHA', '1FA00E76656CC152AD327C13FE365858FD7BE306', '0');
    await same('EVALSHA_RO', '1fa00e76656cc152ad327c13fe365858fd7be306', '0');
    await same('EVALSHA', 'ffa00e76656cc152ad327c13fe365858fd7be306', '0');
    await same('EVALSHA', 'short', '0');
    await same('SCRIPT', 'EXISTS', '1fa00e76656cc152ad327c13fe365858fd7be306', 'nope');
    await same('SCRIPT', 'FLUSH');
    await same('SCRIPT', 'EXISTS', '1fa00e76656cc152ad327c13fe365858fd7be306');
    await same('SCRIPT', 'FLUSH', 'ASYNC');
    await same('SCRIPT', 'FLUSH', 'NOW');
    await same('SCRIPT', 'KILL');
    await same('SCRIPT', 'HELP');
    await same('EVAL_RO', "return redis.call('SET', 'k', 'v')", '0');
    await same('EVAL_RO', "return redis.call('GET', 'k')", '0');
    await same('EVAL', "#!lua flags=no-writes\nreturn redis.call('SET', 'k', 'v')", '0');
    await same('EVAL', "#!lua\nreturn redis.call('SET', 'k', 'v')", '0');
    await same('EVAL_RO', "#!lua\nreturn redis.call('GET', 'k')", '0');
    await same('EVAL_RO', "#!lua flags=no-writes\nreturn redis.call('GET', 'k')", '0');
    await same('EVAL', '#!lua flags=no-writes,allow-oom\nreturn 1', '0');
    await same('EVAL', '#!lua flags=bogus\nreturn 1', '0');
    await same('EVAL', '#!lua other=1\nreturn 1', '0');
    await same('EVAL', '#!python\nreturn 1', '0');
    await same('EVAL', '#!lua', '0');
    await same('EVAL', "#!lua\nerror('line two')", '0');
    await same('EVAL', "return redis.call('SELECT', 1) and redis.call('SET', 'db1', 'x')", '0');
    await same('GET', 'db1');
    await same('SELECT', '1');
    await same('GET', 'db1');
    await same('SELECT', '0');
  });

  it('FUNCTION and FCALL', async () => {
    await reset();
    await same('FUNCTION', 'LOAD', LIB);
    await same('FUNCTION', 'LOAD', LIB);
    await same('FUNCTION', 'LOAD', 'REPLACE', LIB);
    // Redis lists a library's functions in its dict's order.
    await sameAnyOrder('FUNCTION', 'LIST');
    await sameAnyOrder('FUNCTION', 'LIST', 'WITHCODE');
    await sameAnyOrder('FUNCTION', 'LIST', 'LIBRARYNAME', 'l*');
    await same('FUNCTION', 'LIST', 'LIBRARYNAME', 'x*');
    await same('FUNCTION', 'LIST', 'LIBRARYNAME');
    await same('FUNCTION', 'LIST', 'BOGUS');
    await same('FCALL', 'incr', '1', 'counter');
    await same('FCALL', 'INCR', '1', 'counter');
    await same('FCALL_RO', 'incr', '1', 'counter');
    await same('FCALL_RO', 'echo', '0', 'a', 'b');
    await same('FCALL', 'echo', '1', 'k', 'a');
    await same('FCALL', 'nosuch', '0');
    await same('FCALL', 'incr', 'x');
    await same('FCALL', 'incr', '5', 'k');
    await same('HSET', 'h', 'a', '1');
    await same('FCALL', 'fail', '1', 'h');
    await same('FUNCTION', 'STATS');
    await same('FUNCTION', 'KILL');
    const dump = await d.redis.call(['FUNCTION', 'DUMP']);
    // Our payload (strings not LZF-compressed) is one redis-server restores.
    const ours = d.engine.exec(d.client, ['FUNCTION', 'DUMP']);
    expect(await d.redis.call(['FUNCTION', 'RESTORE', ours?.t === 'bulk' ? ours.v : '', 'REPLACE'])).toEqual({ t: 'simple', v: 'OK' });
    await same('FUNCTION', 'RESTORE', dump.t === 'bulk' ? dump.v : '');
    await same('FUNCTION', 'RESTORE', dump.t === 'bulk' ? dump.v : '', 'REPLACE');
    await same('FUNCTION', 'RESTORE', dump.t === 'bulk' ? dump.v : '', 'BOGUS');
    await same('FUNCTION', 'RESTORE', 'garbage');
    await same('FUNCTION', 'DELETE', 'lib');
    await same('FUNCTION', 'DELETE', 'lib');
    await same('FUNCTION', 'RESTORE', dump.t === 'bulk' ? dump.v : '', 'FLUSH');
    await same('FCALL', 'incr', '1', 'counter');
    await same('FUNCTION', 'FLUSH');
    await same('FUNCTION', 'LIST');
    await same('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f', 5)");
    await same('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f')");
    await same('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function{function_name='f'}");
    await same('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function{function_name='f', callback=function() end, flags={'bogus'}}");
    await same('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('bad name', function() end)");
    await same('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f', function() end) redis.register_function('f', function() end)");
    await same('FUNCTION', 'LOAD', '#!lua name=x\nlocal a = 1');
    await same('FUNCTION', 'LOAD', '#!lua name=x\nreturn 1 +');
    await same('FUNCTION', 'LOAD', "#!lua name=x\nredis.call('PING')");
    await same('FUNCTION', 'LOAD', 'return 1');
    await same('FUNCTION', 'LOAD', '#!lua');
    await same('FUNCTION', 'LOAD', '#!lua\nreturn 1');
    await same('FUNCTION', 'LOAD', '#!lua name=x name=y\nreturn 1');
    await same('FUNCTION', 'LOAD', '#!lua name=x foo=y\nreturn 1');
    await same('FUNCTION', 'LOAD', '#!lua name=a-b\nreturn 1');
    await same('FUNCTION', 'LOAD', '#!js name=x\nreturn 1');
    await same('FUNCTION', 'LOAD', 'BOGUS', LIB);
    await same('FUNCTION', 'LOAD', "#!lua name=x\nredis.register_function('f', function() return redis.register_function('g', function() end) end)");
    await same('FCALL', 'f', '0');
    await same('FUNCTION', 'FLUSH', 'SYNC');
    await same('FUNCTION', 'FLUSH', 'NOW');
  });

  it('scripts compile once and libraries load once, the sandbox intact', async () => {
    await reset();
    // A library's body runs at FUNCTION LOAD only: its locals live on between calls, as in Redis.
    const counter = "#!lua name=cnt\nlocal n = 0\nredis.register_function('bump', function(keys, args) n = n + 1 return n end)";
    await same('FUNCTION', 'LOAD', counter);
    await same('FCALL', 'bump', '0');
    await same('FCALL', 'bump', '0');
    await same('FCALL', 'bump', '0');
    await same('FUNCTION', 'LOAD', 'REPLACE', counter);
    await same('FCALL', 'bump', '0');
    // The same cached script with other KEYS and ARGV each time.
    for (const [k, v] of [['a', '1'], ['b', '2'], ['a', '3']]) {
      await same('EVAL', "redis.call('SET', KEYS[1], ARGV[1]) return {KEYS[1], ARGV[1], #KEYS, #ARGV}", '1', k!, v!);
    }
    await same('EVAL', 'return {#KEYS, #ARGV}', '0');
    // Errors keep the script's own lines.
    await evals('local a = 1\nlocal b = nil\nreturn b.x', "local a = 1\n\nerror('third')", "\n\nreturn redis.call('NOSUCH')");
    // Reading a global that does not exist: Redis's text, at the line of the read, caught or not.
    await evals(
      "local status, res = pcall(function() return foo end) return 'status: ' .. tostring(status) .. ' result: ' .. res",
      'local a = 1\nlocal b = 2\nreturn nosuch',
      '\n\nlocal x = nosuch.field',
    );
    await same('FUNCTION', 'LOAD', "#!lua name=g\n\nredis.register_function('g', function() return undefinedvar end)");
    await same('FCALL', 'g', '0');
    await same('FUNCTION', 'LOAD', '#!lua name=h\nlocal x = 1\nlocal y = nosuch');
    // What a script can reach stays read-only, and nothing it does outlives it.
    await evals(
      "return rawset(redis, 'call', 1)",
      'redis.call = function() return 1 end',
      "local m = getmetatable(_G) m.x = 1",
      "return rawset(getmetatable(_G), 'x', 1)",
      "return type(getmetatable(_G))",
      "return redis.call('PING')",
    );
  });

  it('Redis 7.0 details: sha1hex arity, pcall argument errors, XREAD BLOCK, SORT of a set, assigning redis in a library', async () => {
    await reset();
    await evals(
      'return redis.sha1hex()',
      "return redis.sha1hex('a', 'b')",
      "\nlocal x = 1\nlocal h = redis.sha1hex()\nreturn h",
      "return redis.pcall('PING', {})",
      "local r = redis.pcall('PING', {}) return r.err",
      "return redis.call('PING', {})",
    );
    await same('EVAL', "return redis.pcall('xread', 'BLOCK', 0, 'STREAMS', 's', '$')", '1', 's');
    await same('EVAL', "return redis.pcall('XREAD', 'COUNT', 1, 'block', 0, 'STREAMS', 's', '$')", '1', 's');
    await same('EVAL', "return redis.pcall('xread', 'STREAMS', 's', '0')", '1', 's');
    await same('SADD', 'myset', 'z', 'a', 'b', 'aaa', 'c', 'azz', 'aa');
    await same('EVAL', "return redis.call('SORT', KEYS[1], 'BY', 'nosort')", '1', 'myset');
    await same('FUNCTION', 'LOAD', "#!lua name=t\nredis.register_function('t', function() redis = function() return 1 end end)");
    await same('FCALL', 't', '0');
    await same('FUNCTION', 'LOAD', "#!lua name=u\nlocal redis2 = 1\nredis.register_function('u', function() local redis = 5 return redis end)");
    await same('FCALL', 'u', '0');
  });
});
