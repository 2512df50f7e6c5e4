import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/engine';
import { RespClient, requireRedis, startRedis, type RedisServer } from '../support/redis';
import { EngineHost } from '../../src/worker/host';

/**
 * requirepass in the browser: the worker's connections are checked as
 * Redis checks its own, reply for reply against a real redis-server. A
 * connection made while no password was set is authenticated (it stays so
 * when one is set); a new one, or one after RESET, must AUTH.
 */

const hasRedis = requireRedis();

/** The same script, one step per connection name. */
const script: [string, string[]][] = [
  ['a', ['CONFIG', 'SET', 'requirepass', 's3cret']],
  ['a', ['SET', 'k', 'v']],
  ['b', ['GET', 'k']],
  ['open c', []],
  ['c', ['GET', 'k']],
  ['c', ['PING']],
  ['c', ['MULTI']],
  ['c', ['SET', 'k', 'from-c']],
  ['c', ['EXEC']],
  ['c', ['AUTH', 'wrong']],
  ['c', ['GET', 'k']],
  ['c', ['HELLO', '3']],
  ['c', ['AUTH', 's3cret']],
  ['c', ['GET', 'k']],
  ['a', ['RESET']],
  ['a', ['SET', 'k', 'after-reset']],
  ['a', ['AUTH', 'default', 's3cret']],
  ['a', ['SET', 'k', 'after-auth']],
  ['b', ['GET', 'k']],
  ['a', ['CONFIG', 'SET', 'requirepass', '']],
  ['open d', []],
  ['d', ['GET', 'k']],
];

async function onRedis(port: number): Promise<Reply[]> {
  const conns = new Map<string, RespClient>();
  conns.set('a', await RespClient.connect(port));
  conns.set('b', await RespClient.connect(port));
  const out: Reply[] = [];
  for (const [who, argv] of script) {
    if (who.startsWith('open ')) {
      conns.set(who.slice(5), await RespClient.connect(port));
      continue;
    }
    out.push(await conns.get(who)!.call(argv));
  }
  for (const c of conns.values()) c.close();
  return out;
}

function onHost(host: EngineHost): Reply[] {
  const conns = new Map<string, number>();
  const open = (name: string) => conns.set(name, host.handle('open', { name }).client);
  open('a');
  open('b');
  const out: Reply[] = [];
  for (const [who, argv] of script) {
    if (who.startsWith('open ')) {
      open(who.slice(5));
      continue;
    }
    out.push(host.handle('exec', { client: conns.get(who)!, argv }).reply!);
  }
  return out;
}

describe.skipIf(!hasRedis)('requirepass in the browser engine, against redis-server', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('answers NOAUTH to connections that have not authenticated, reply for reply', async () => {
    const theirs = await onRedis(redis.port);
    const ours = onHost(new EngineHost(() => {}));
    expect(theirs.map((r) => (r.t === 'error' ? r.v.split(' ')[0] : r.t))).toContain('NOAUTH');
    expect(ours).toEqual(theirs);
  });
});
