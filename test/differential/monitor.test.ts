import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type Reply } from '../../src/engine';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';

const run = requireRedis();

/** A MONITOR line without its time and client address: `[db] "arg" ...`. */
function strip(r: Reply): string {
  if (r.t !== 'simple') return `not a status: ${JSON.stringify(r)}`;
  const m = /^(\d+)\.(\d{6}) \[(\d+) ([^\]]+)\] (.*)$/s.exec(r.v);
  return m ? `[${m[3]}] ${m[5]}` : `malformed: ${r.v}`;
}

const BIN = '\x00\x01\xff\x7f"\\\n\r\t\x07\x08 é';

/** Commands one client runs while another MONITORs; some are shown, some not. */
const SCRIPT: string[][] = [
  ['SET', 'k', 'v'],
  ['GET', 'k'],
  ['PING'],
  ['ECHO', BIN],
  ['SET', 'a b', BIN],
  ['SET', 'n', '12345'],
  ['INCRBY', 'n', '-5'],
  ['SELECT', '1'],
  ['HSET', 'h', 'f', '1'],
  ['SELECT', '0'],
  ['MULTI'],
  ['INCR', 'c'],
  ['LPUSH', 'l', 'a', 'b'],
  ['EXEC'],
  ['MULTI'],
  ['GET', 'k', 'extra'], // refused while queuing: the transaction is aborted
  ['EXEC'],
  ['NOSUCHCOMMAND', 'x'], // refused: never shown
  ['GET'], // wrong arity: never shown
  ['LPUSH', 'k', 'x'], // WRONGTYPE: it ran, so it is shown
  ['CONFIG', 'GET', 'maxmemory'], // admin: hidden
  ['CLIENT', 'ID'],
  ['CLIENT', 'LIST'], // admin: hidden
  ['DEBUG', 'SLEEP', '0'], // admin: hidden
  ['WATCH', 'k'],
  ['UNWATCH'],
  ['DEL', 'k', 'n', 'c', 'l', 'a b'],
];

describe.skipIf(!run)('MONITOR shows what redis-server shows', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the same commands, databases and quoting, in the same order', async () => {
    const mon = await RespClient.connect(server.port);
    const cli = await RespClient.connect(server.port);
    expect(await mon.call(['MONITOR'])).toEqual({ t: 'simple', v: 'OK' });
    for (const argv of SCRIPT) await cli.call(argv);
    await cli.call(['ECHO', 'end']);
    // The monitor's lines arrive on their own connection: wait for the last one.
    const received: Reply[] = [];
    for (let waited = 0; waited < 5000 && strip(received.at(-1) ?? { t: 'nil' }) !== '[0] "ECHO" "end"'; waited += 20) {
      await new Promise((r) => setTimeout(r, 20));
      received.push(...mon.takeUnclaimed());
    }
    const theirs = received.map(strip);
    mon.close();
    cli.close();

    const engine = new Engine();
    const lines: Reply[] = [];
    const watcher = engine.createClient((r) => lines.push(r));
    expect(engine.exec(watcher, ['MONITOR'])).toEqual({ t: 'simple', v: 'OK' });
    const client = engine.createClient();
    for (const argv of SCRIPT) engine.exec(client, argv);
    engine.exec(client, ['ECHO', 'end']);
    const ours = lines.map(strip);

    expect(ours).toEqual(theirs);
    expect(ours.at(-1)).toBe('[0] "ECHO" "end"');
    expect(ours).toContain('[1] "HSET" "h" "f" "1"');
  });

  it('a second MONITOR is ignored without a reply; MONITOR in a transaction is refused; RESET ends it', async () => {
    const engine = new Engine();
    const got: Reply[] = [];
    const c = engine.createClient((r) => got.push(r));
    expect(engine.exec(c, ['MONITOR'])).toEqual({ t: 'simple', v: 'OK' });
    expect(engine.exec(c, ['MONITOR'])).toBeUndefined();
    expect(engine.exec(c, ['CLIENT', 'INFO'])).toMatchObject({ v: expect.stringContaining(' flags=O ') });
    expect(engine.exec(c, ['RESET'])).toEqual({ t: 'simple', v: 'RESET' });
    const other = engine.createClient();
    got.length = 0;
    engine.exec(other, ['PING']);
    expect(got).toEqual([]);
    engine.exec(c, ['MULTI']);
    engine.exec(c, ['MONITOR']);
    const exec = engine.exec(c, ['EXEC']);
    // Redis's own reply, compared below
    const redis = await RespClient.connect(server.port);
    await redis.call(['MULTI']);
    await redis.call(['MONITOR']);
    expect(exec).toEqual(await redis.call(['EXEC']));
    expect(await redis.call(['MONITOR'])).toEqual({ t: 'simple', v: 'OK' });
    redis.close();
  });
});
