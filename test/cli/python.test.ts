import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { executeCommand, PythonTranscript, pyStr, toRedisPy } from '../../src/cli/python';
import { interpretLine } from '../../src/cli/repl';
import { splitArgs } from '../../src/cli/split';

const py = (line: string): string => toRedisPy(splitArgs(line)!);

describe('toRedisPy', () => {
  it('strings', () => {
    expect(py('SET greeting "hello world"')).toBe('r.set("greeting", "hello world")');
    expect(py('set k v ex 60 nx')).toBe('r.set("k", "v", ex=60, nx=True)');
    expect(py('SET k v GET KEEPTTL XX')).toBe('r.set("k", "v", xx=True, keepttl=True, get=True)');
    expect(py('SET k v PXAT 1700000000000')).toBe('r.set("k", "v", pxat=1700000000000)');
    expect(py('GET greeting')).toBe('r.get("greeting")');
    expect(py('MSET a 1 b 2')).toBe('r.mset({"a": "1", "b": "2"})');
    expect(py('MGET a b')).toBe('r.mget("a", "b")');
    expect(py('INCR n')).toBe('r.incr("n")');
    expect(py('INCRBY n 5')).toBe('r.incrby("n", 5)');
    expect(py('INCRBYFLOAT n 1.5')).toBe('r.incrbyfloat("n", 1.5)');
    expect(py('SETEX k 10 v')).toBe('r.setex("k", 10, "v")');
    expect(py('GETEX k PERSIST')).toBe('r.getex("k", persist=True)');
    expect(py('GETRANGE k 0 -1')).toBe('r.getrange("k", 0, -1)');
    expect(py('LCS a b IDX MINMATCHLEN 4 WITHMATCHLEN')).toBe('r.lcs("a", "b", idx=True, minmatchlen=4, withmatchlen=True)');
  });

  it('keys and TTL', () => {
    expect(py('DEL a b')).toBe('r.delete("a", "b")');
    expect(py('EXISTS a')).toBe('r.exists("a")');
    expect(py('EXPIRE k 60')).toBe('r.expire("k", 60)');
    expect(py('EXPIRE k 60 NX')).toBe('r.expire("k", 60, nx=True)');
    expect(py('PEXPIREAT k 1700000000000 GT')).toBe('r.pexpireat("k", 1700000000000, gt=True)');
    expect(py('TTL k')).toBe('r.ttl("k")');
    expect(py('PERSIST k')).toBe('r.persist("k")');
    expect(py('SCAN 0 MATCH user:* COUNT 100 TYPE hash')).toBe('r.scan(cursor=0, match="user:*", count=100, _type="hash")');
    expect(py('COPY a b DB 2 REPLACE')).toBe('r.copy("a", "b", destination_db=2, replace=True)');
    expect(py('FLUSHDB ASYNC')).toBe('r.flushdb(asynchronous=True)');
    expect(py('RENAME a b')).toBe('r.rename("a", "b")');
  });

  it('hashes', () => {
    expect(py('HSET user:1 name Ada')).toBe('r.hset("user:1", "name", "Ada")');
    expect(py('HSET user:1 name Ada lang en')).toBe('r.hset("user:1", mapping={"name": "Ada", "lang": "en"})');
    expect(py('HMSET user:1 name Ada')).toBe('r.hset("user:1", mapping={"name": "Ada"})');
    expect(py('HGETALL user:1')).toBe('r.hgetall("user:1")');
    expect(py('HMGET user:1 name lang')).toBe('r.hmget("user:1", ["name", "lang"])');
    expect(py('HINCRBY user:1 visits 1')).toBe('r.hincrby("user:1", "visits", 1)');
    expect(py('HRANDFIELD h 2 WITHVALUES')).toBe('r.hrandfield("h", 2, withvalues=True)');
    expect(py('HSCAN h 0 MATCH n*')).toBe('r.hscan("h", cursor=0, match="n*")');
  });

  it('lists', () => {
    expect(py('LPUSH l a b')).toBe('r.lpush("l", "a", "b")');
    expect(py('LRANGE l 0 -1')).toBe('r.lrange("l", 0, -1)');
    expect(py('LPOP l 2')).toBe('r.lpop("l", 2)');
    expect(py('LINSERT l before x y')).toBe('r.linsert("l", "BEFORE", "x", "y")');
    expect(py('LPOS l x RANK -1 COUNT 2')).toBe('r.lpos("l", "x", rank=-1, count=2)');
    expect(py('LMOVE a b left right')).toBe('r.lmove("a", "b", "LEFT", "RIGHT")');
    expect(py('BLPOP a b 5')).toBe('r.blpop(["a", "b"], timeout=5)');
    expect(py('BRPOP a 0.5')).toBe('r.brpop(["a"], timeout=0.5)');
    expect(py('LMPOP 2 a b LEFT COUNT 3')).toBe('r.lmpop(2, "a", "b", direction="LEFT", count=3)');
  });

  it('sets', () => {
    expect(py('SADD tags a b')).toBe('r.sadd("tags", "a", "b")');
    expect(py('SMEMBERS tags')).toBe('r.smembers("tags")');
    expect(py('SMISMEMBER tags a b')).toBe('r.smismember("tags", ["a", "b"])');
    expect(py('SINTERSTORE d a b')).toBe('r.sinterstore("d", ["a", "b"])');
    expect(py('SINTERCARD 2 a b LIMIT 5')).toBe('r.sintercard(2, ["a", "b"], limit=5)');
    expect(py('SPOP s 3')).toBe('r.spop("s", 3)');
  });

  it('sorted sets', () => {
    expect(py('ZADD board 100 alice')).toBe('r.zadd("board", {"alice": 100})');
    expect(py('ZADD board NX CH 1.5 a -inf b')).toBe('r.zadd("board", {"a": 1.5, "b": float("-inf")}, nx=True, ch=True)');
    expect(py('ZRANGE board 0 -1 WITHSCORES')).toBe('r.zrange("board", 0, -1, withscores=True)');
    expect(py('ZRANGE board (1 +inf BYSCORE REV LIMIT 0 2')).toBe(
      'r.zrange("board", "(1", float("inf"), desc=True, byscore=True, offset=0, num=2)',
    );
    expect(py('ZRANGEBYSCORE z -inf 10 WITHSCORES LIMIT 0 5')).toBe('r.zrangebyscore("z", float("-inf"), 10, start=0, num=5, withscores=True)');
    expect(py('ZINCRBY z 2 m')).toBe('r.zincrby("z", 2, "m")');
    expect(py('ZUNIONSTORE out 2 a b WEIGHTS 2 3 AGGREGATE max')).toBe('r.zunionstore("out", {"a": 2, "b": 3}, aggregate="MAX")');
    expect(py('ZINTER 2 a b WITHSCORES')).toBe('r.zinter(["a", "b"], withscores=True)');
    expect(py('ZRANK z m')).toBe('r.zrank("z", "m")');
    expect(py('ZPOPMIN z')).toBe('r.zpopmin("z")');
    expect(py('ZRANDMEMBER z 2 WITHSCORES')).toBe('r.zrandmember("z", 2, withscores=True)');
  });

  it('server, connection and transactions', () => {
    expect(py('PING')).toBe('r.ping()');
    expect(py('CONFIG GET maxmemory')).toBe('r.config_get("maxmemory")');
    expect(py('config set maxmemory 100mb')).toBe('r.config_set("maxmemory", "100mb")');
    expect(py('OBJECT ENCODING k')).toBe('r.object("encoding", "k")');
    expect(py('CLIENT SETNAME me')).toBe('r.client_setname("me")');
    expect(py('INFO memory')).toBe('r.info("memory")');
    expect(py('MULTI')).toBe('pipe = r.pipeline(transaction=True)');
    expect(py('EXEC')).toBe('pipe.execute()');
    expect(py('WATCH a b')).toBe('pipe = r.pipeline(transaction=True); pipe.watch("a", "b")');
  });

  it('falls back to execute_command for anything else', () => {
    expect(py('SELECT 1')).toBe('r.execute_command("SELECT", "1")');
    expect(py('set k v FOO')).toBe('r.execute_command("SET", "k", "v", "FOO")');
    expect(py('SET k v EX')).toBe('r.execute_command("SET", "k", "v", "EX")');
    expect(py('GET')).toBe('r.execute_command("GET")');
    expect(py('HSET h f')).toBe('r.execute_command("HSET", "h", "f")');
    expect(py('constructor x')).toBe('r.execute_command("CONSTRUCTOR", "x")');
    expect(executeCommand(['xadd', 's', '*', 'f', 'v'], 'client')).toBe('client.execute_command("XADD", "s", "*", "f", "v")');
    expect(toRedisPy(['GET', 'k'], { client: 'redis_client' })).toBe('redis_client.get("k")');
  });

  it('names a subcommand with its command, so redis-py returns the reply unparsed', () => {
    expect(py('OBJECT HELP')).toBe('r.execute_command("OBJECT HELP")');
    expect(py('COMMAND INFO get set')).toBe('r.execute_command("COMMAND INFO", "get", "set")');
    expect(py('xinfo stream s')).toBe('r.execute_command("XINFO STREAM", "s")');
    expect(py('OBJECT "two words" k')).toBe('r.execute_command("OBJECT", "two words", "k")');
  });

  it('follows a session through MULTI and WATCH onto the pipeline', () => {
    const t = new PythonTranscript();
    const tr = (line: string, inMulti: boolean) => t.line(splitArgs(line)!, inMulti);
    expect(tr('EXEC', false)).toBe('r.execute_command("EXEC")');
    expect(tr('MULTI', false)).toBe('pipe = r.pipeline(transaction=True)');
    expect(tr('INCR n', true)).toBe('pipe.incr("n")');
    expect(tr('EXEC', true)).toBe('pipe.execute()');
    expect(tr('INCR n', false)).toBe('r.incr("n")');
    expect(tr('WATCH n', false)).toBe('pipe = r.pipeline(transaction=True); pipe.watch("n")');
    expect(tr('GET n', false)).toBe('pipe.get("n")');
    expect(tr('WATCH m', false)).toBe('pipe.watch("m")');
    expect(tr('MULTI', false)).toBe('pipe.multi()');
    expect(tr('SET n 1', true)).toBe('pipe.set("n", "1")');
    expect(tr('DISCARD', true)).toBe('pipe.reset()');
    expect(tr('GET n', false)).toBe('r.get("n")');
    expect(tr('UNWATCH', false)).toBe('r.execute_command("UNWATCH")');
  });

  it('writes Python literals: str for UTF-8, bytes otherwise', () => {
    expect(pyStr('plain')).toBe('"plain"');
    expect(pyStr('a"b\\c\n\t\r\x00\x7f')).toBe('"a\\"b\\\\c\\n\\t\\r\\x00\\x7f"');
    expect(pyStr('caf\xc3\xa9 \xf0\x9f\x98\x80')).toBe('"café 😀"');
    expect(pyStr('\xff\xfeA')).toBe('b"\\xff\\xfeA"');
    expect(py('SET k "\\xff"')).toBe('r.set("k", b"\\xff")');
    expect(py('EXPIRE k ten')).toBe('r.expire("k", "ten")');
    // Redis refuses 007 and +7 as integers; the Python call must fail the same way.
    expect(py('INCRBY k 007')).toBe('r.incrby("k", "007")');
    expect(py('INCRBY k +7')).toBe('r.incrby("k", "+7")');
    expect(py('ZADD z 1e3 m')).toBe('r.zadd("z", {"m": 1e3})');
  });
});

const havePython = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!havePython)('the generated Python parses', () => {
  it('for every command line of the corpus', () => {
    const lines: string[] = [];
    for (const f of ['corpus.txt', 'corpus-resp3.txt']) {
      for (const raw of readFileSync(new URL(`./${f}`, import.meta.url), 'utf8').split('\n')) {
        if (raw.startsWith('#') || raw.trim() === '') continue;
        const act = interpretLine(raw.replace(/\s+#\s*(unordered|volatile)\s*$/, ''));
        if (act.kind === 'command') lines.push(toRedisPy(act.argv));
      }
    }
    expect(lines.length).toBeGreaterThan(400);
    const program = 'import ast, json, sys\nfor src in json.load(sys.stdin):\n    ast.parse(src)\nprint("ok")\n';
    const r = spawnSync('python3', ['-c', program], { input: JSON.stringify(lines), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
    // Most lines get a dedicated method, not the generic fallback.
    const generic = lines.filter((l) => l.includes('execute_command')).length;
    expect(generic / lines.length).toBeLessThan(0.25);
  });
});
