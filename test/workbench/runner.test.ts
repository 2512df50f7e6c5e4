import { describe, expect, it } from 'vitest';
import { formatCommandReply } from '../../src/cli/format';
import type { ChangeEvent } from '../../src/protocol/messages';
import { localEngine } from '../support/local-engine';
import { WorkbenchConnection } from '../../src/workbench/runner';
import { evalArgv, scriptLines } from '../../src/workbench/script';

/**
 * The workbench's connection over a real engine host (the worker's, in
 * process): replies printed as the terminal prints them, its own client,
 * its commands seen by the keyspace views and by MONITOR.
 */
describe('WorkbenchConnection', () => {
  it('runs each line on its own connection and prints every reply as redis-cli does', async () => {
    const { client, host } = localEngine();
    const specs = host.engine.specs();
    const changes: ChangeEvent[] = [];
    client.on((e) => {
      if (e.type === 'change') changes.push(e);
    });
    const wb = new WorkbenchConnection(client);
    const doc = 'SET greeting "hello world"\n\n# count\n2 INCR n\nGET nosuch\nHSET h\nRPUSH l a b\nLRANGE l 0 -1\nCLIENT GETNAME\nSELECT 3\nHELP GET';
    const seen: number[] = [];
    const results = await wb.runLines(specs, scriptLines(doc), (r) => seen.push(r.line));
    expect(seen).toEqual([1, 4, 5, 6, 7, 8, 9, 10, 11]);
    const out = Object.fromEntries(results.map((r) => [r.source, r.output]));
    expect(out['SET greeting "hello world"']).toBe('OK');
    expect(out['2 INCR n']).toBe('(integer) 1\n(integer) 2');
    expect(out['GET nosuch']).toBe('(nil)');
    expect(out['HSET h']).toBe("(error) ERR wrong number of arguments for 'hset' command");
    expect(results.find((r) => r.source === 'HSET h')!.error).toBe(true);
    expect(out['LRANGE l 0 -1']).toBe(formatCommandReply(['LRANGE', 'l', '0', '-1'], { t: 'array', v: [{ t: 'bulk', v: 'a' }, { t: 'bulk', v: 'b' }] }));
    expect(out['LRANGE l 0 -1']).toBe('1) "a"\n2) "b"');
    expect(out['CLIENT GETNAME']).toBe('"workbench"');
    expect(out['HELP GET']).toMatch(/GET key/);
    // The keyspace views heard of the writes, from the workbench's client.
    expect(changes.some((c) => c.command === 'set' && c.keys.some((k) => k.key === 'greeting'))).toBe(true);
    // Its SELECT is its own: a terminal's connection is still on database 0.
    const term = (await client.call('open', { name: 'client 1' })).client;
    expect((await client.call('exec', { client: term, argv: ['GET', 'greeting'] })).reply).toEqual({ t: 'bulk', v: 'hello world' });
    expect((await wb.runLine(specs, { number: 1, from: 0, text: 'DBSIZE' })).output).toBe('(integer) 0');
    // Nothing blocked: Stop leaves the connection (and its database) as it is.
    expect(wb.blocked).toBe(false);
    const id = (await wb.runLine(specs, { number: 1, from: 0, text: 'CLIENT ID' })).output;
    await wb.stop();
    expect((await wb.runLine(specs, { number: 1, from: 0, text: 'CLIENT ID' })).output).toBe(id);
    wb.dispose();
  });

  it('MONITOR in a terminal sees what the workbench runs', async () => {
    const { client, host } = localEngine();
    const specs = host.engine.specs();
    const term = (await client.call('open', { name: 'client 1' })).client;
    const seen: string[] = [];
    client.on((e) => {
      if (e.type === 'reply' && e.client === term && e.reply.t === 'simple') seen.push(e.reply.v);
    });
    await client.call('exec', { client: term, argv: ['MONITOR'] });
    const wb = new WorkbenchConnection(client);
    await wb.runLine(specs, { number: 1, from: 0, text: 'SET watched 1' });
    await expect.poll(() => seen.some((l) => l.includes('"SET" "watched" "1"'))).toBe(true);
    wb.dispose();
  });

  it('a script: its result, its redis.log lines, and a compile error naming its line', async () => {
    const { client, host } = localEngine();
    await host.engine.scripting.ready();
    const wb = new WorkbenchConnection(client);
    const script = "redis.log(redis.LOG_WARNING, 'adding ' .. ARGV[1])\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])";
    const r = await wb.exec(evalArgv(script, 'hits', '5')!);
    expect(r.reply).toEqual({ t: 'int', v: 5 });
    expect(r.res.log).toEqual([{ level: 3, message: 'adding 5' }]);
    const bad = await wb.exec(evalArgv('local a = 1\nreturn +', '', '')!);
    expect(bad.reply?.t).toBe('error');
    expect(bad.reply?.t === 'error' && bad.reply.v).toMatch(/user_script:2:/);
    wb.dispose();
  });

  it('redis.log lines below loglevel are not written, as in Redis; CONFIG SET loglevel debug shows them', async () => {
    const { client, host } = localEngine();
    await host.engine.scripting.ready();
    const wb = new WorkbenchConnection(client);
    const script = "for _, l in ipairs({redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}) do redis.log(l, 'at ' .. l) end";
    const atNotice = await wb.exec(evalArgv(script, '', '')!);
    expect(atNotice.res.log).toEqual([
      { level: 2, message: 'at 2' },
      { level: 3, message: 'at 3' },
    ]);
    await wb.exec(['CONFIG', 'SET', 'loglevel', 'debug']);
    const atDebug = await wb.exec(evalArgv(script, '', '')!);
    expect(atDebug.res.log?.map((l) => l.level)).toEqual([0, 1, 2, 3]);
    await wb.exec(['CONFIG', 'SET', 'loglevel', 'warning']);
    expect((await wb.exec(evalArgv(script, '', '')!)).res.log?.map((l) => l.level)).toEqual([3]);
    wb.dispose();
  });

  it('a blocked command waits for its reply; stop() gives up and opens a new connection', async () => {
    const { client, host } = localEngine();
    const specs = host.engine.specs();
    const wb = new WorkbenchConnection(client);
    const pending = wb.runLine(specs, { number: 1, from: 0, text: 'BLPOP q 0' });
    await expect.poll(() => wb.blocked).toBe(true);
    const other = (await client.call('open', { name: 'client 1' })).client;
    await client.call('exec', { client: other, argv: ['RPUSH', 'q', 'job'] });
    expect((await pending).output).toBe('1) "q"\n2) "job"');
    const again = wb.runLine(specs, { number: 1, from: 0, text: 'BLPOP q 0' });
    await expect.poll(() => wb.blocked).toBe(true);
    await wb.stop();
    const stopped = await again;
    expect(stopped.error).toBe(true);
    expect(stopped.output).toMatch(/stopped/);
    // The next command runs on a new connection, which is not blocked.
    expect((await wb.runLine(specs, { number: 1, from: 0, text: 'PING' })).output).toBe('PONG');
    wb.dispose();
  });
});
