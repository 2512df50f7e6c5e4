/**
 * Blocking list commands against a real redis-server, with several
 * connections on each side: a blocked client on one connection, woken (or
 * not) by commands sent on another, or answered by its timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientState, Reply } from '../../src/engine';
import { Oracle, canon, expectSame } from '../support/oracle';
import { RespClient, requireRedis } from '../support/redis';

const run = requireRedis();

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One logical client: a connection to redis and an engine client. */
interface Side {
  redis: RespClient;
  ours: ClientState;
  /** Replies delivered later to our client (client.send). */
  inbox: Reply[];
  /** The reply redis has not sent yet for a blocked call. */
  pending: { done: boolean; reply: Reply | undefined; promise: Promise<Reply> } | undefined;
}

describe.skipIf(!run)('differential: blocking list commands vs real redis-server (several connections)', () => {
  let d: Oracle;
  const conns: RespClient[] = [];
  const connIds: string[] = [];
  let control: RespClient;
  let sides: Record<'A' | 'B' | 'C', Side>;

  beforeAll(async () => {
    d = await Oracle.start();
    for (let i = 0; i < 3; i++) {
      const c = await RespClient.connect(d.server.port);
      conns.push(c);
      const id = await c.call(['CLIENT', 'ID']);
      connIds.push(String((id as { v: number }).v));
    }
    control = await RespClient.connect(d.server.port);
  });
  afterAll(async () => {
    for (const c of conns) c.close();
    control?.close();
    await d?.stop();
  });

  async function blockedOnServer(): Promise<number> {
    const info = await control.call(['INFO', 'clients']);
    const m = /blocked_clients:(\d+)/.exec(info.t === 'bulk' ? info.v : '');
    return m ? Number(m[1]) : -1;
  }

  async function fresh(): Promise<void> {
    // Nobody stays blocked on the server between tests (a failed test may leave one).
    for (const id of connIds) await control.call(['CLIENT', 'UNBLOCK', id]);
    expect(await blockedOnServer()).toBe(0);
    await d.reset();
    const mk = (redis: RespClient): Side => {
      const inbox: Reply[] = [];
      return { redis, ours: d.engine.createClient((r) => inbox.push(r)), inbox, pending: undefined };
    };
    sides = { A: mk(conns[0]!), B: mk(conns[1]!), C: mk(conns[2]!) };
    for (const s of Object.values(sides)) await s.redis.call(['SELECT', '0']);
  }

  /** A command that replies at once on both sides; the replies must match. */
  async function cmd(who: keyof typeof sides, ...argv: string[]): Promise<Reply> {
    const s = sides[who];
    const theirs = await s.redis.call(argv);
    expectSame(d.engine.exec(s.ours, argv), theirs, 2, `${who}: ${argv.join(' ')}`);
    return theirs;
  }

  /** A command that blocks on both sides. */
  async function blocks(who: keyof typeof sides, ...argv: string[]): Promise<void> {
    const s = sides[who];
    const before = await blockedOnServer();
    const pending = { done: false, reply: undefined as Reply | undefined, promise: s.redis.call(argv) };
    void pending.promise.then((r) => {
      pending.done = true;
      pending.reply = r;
    });
    s.pending = pending;
    for (let i = 0; i < 200 && (await blockedOnServer()) === before; i++) await sleep(5);
    expect(await blockedOnServer(), `redis blocked ${who}: ${argv.join(' ')}`).toBe(before + 1);
    expect(d.engine.exec(s.ours, argv), `engine blocked ${who}: ${argv.join(' ')}`).toBeUndefined();
    expect(s.ours.blocked).toBeDefined();
  }

  /** The blocked client got its reply on both sides, and they match. */
  async function served(who: keyof typeof sides): Promise<Reply> {
    const s = sides[who];
    const theirs = await Promise.race([s.pending!.promise, sleep(2000).then(() => undefined)]);
    expect(theirs, `redis served ${who}`).toBeDefined();
    expect(s.inbox.length, `engine served ${who}`).toBe(1);
    expectSame(s.inbox.shift(), theirs!, 2, `served ${who}`);
    expect(s.ours.blocked).toBeUndefined();
    s.pending = undefined;
    return theirs!;
  }

  /** Still blocked on both sides. */
  async function stillBlocked(who: keyof typeof sides): Promise<void> {
    const s = sides[who];
    await sleep(30);
    expect(s.pending?.done, `redis still blocked ${who}`).toBe(false);
    expect(s.inbox, `engine still blocked ${who}`).toEqual([]);
    expect(s.ours.blocked).toBeDefined();
  }

  it('timeouts: every blocking list command replies a null array', async () => {
    await fresh();
    for (const argv of [
      ['BLPOP', 'nope', '0.01'],
      ['BRPOP', 'nope', 'nope2', '0.01'],
      ['BLMOVE', 'nope', 'dst', 'LEFT', 'RIGHT', '0.01'],
      ['BRPOPLPUSH', 'nope', 'dst', '0.01'],
      ['BLMPOP', '0.01', '2', 'nope', 'nope2', 'LEFT', 'COUNT', '3'],
    ]) {
      await blocks('A', ...argv);
      await sleep(40);
      d.engine.checkBlockedTimeouts();
      expect(canon((await served('A')) as Reply)).toEqual({ t: 'nilarray' });
    }
    await cmd('C', 'EXISTS', 'dst');
  });

  it('BLPOP woken by another client: the pusher sees the length after its push', async () => {
    await fresh();
    await blocks('A', 'BLPOP', 'q', '0');
    await stillBlocked('A');
    await cmd('C', 'RPUSH', 'q', 'a', 'b');
    await served('A');
    await cmd('C', 'LRANGE', 'q', '0', '-1');
    // A key created with another type does not wake it; the list that follows does.
    await blocks('A', 'BRPOP', 'k', '0');
    await cmd('C', 'SET', 'k', 'str');
    await stillBlocked('A');
    await cmd('C', 'DEL', 'k');
    await cmd('C', 'LPUSH', 'k', 'x', 'y');
    await served('A');
    await cmd('C', 'LRANGE', 'k', '0', '-1');
  });

  it('clients are served in the order they blocked; a served client pops first', async () => {
    await fresh();
    await blocks('A', 'BLPOP', 'q', '0');
    await blocks('B', 'BRPOP', 'q', '0');
    await cmd('C', 'RPUSH', 'q', 'x');
    await served('A');
    await stillBlocked('B');
    await cmd('C', 'EXISTS', 'q');
    await cmd('C', 'RPUSH', 'q', 'y');
    await served('B');
    // Two waiting clients, three elements pushed at once: both served, one element left.
    await blocks('A', 'BLPOP', 'q', '0');
    await blocks('B', 'BLPOP', 'q', '0');
    await cmd('C', 'LPUSH', 'q', '1', '2', '3');
    await served('A');
    await served('B');
    await cmd('C', 'LRANGE', 'q', '0', '-1');
  });

  it('a client blocked on several keys is served from the key that became ready first', async () => {
    await fresh();
    await blocks('A', 'BLPOP', 'k1', 'k2', '0');
    await cmd('C', 'MULTI');
    await cmd('C', 'RPUSH', 'k2', 'x');
    await cmd('C', 'RPUSH', 'k1', 'y');
    await cmd('C', 'EXEC');
    await served('A');
    await cmd('C', 'LRANGE', 'k1', '0', '-1');
    await cmd('C', 'EXISTS', 'k2');
    // Pushed and popped inside one transaction: nothing left to serve.
    await blocks('A', 'BLPOP', 'k3', '0');
    await cmd('C', 'MULTI');
    await cmd('C', 'RPUSH', 'k3', 'v');
    await cmd('C', 'LPOP', 'k3');
    await cmd('C', 'EXEC');
    await stillBlocked('A');
    await cmd('C', 'RPUSH', 'k3', 'w');
    await served('A');
  });

  it('BLMOVE chains: the moved element wakes a client blocked on the destination', async () => {
    await fresh();
    await blocks('A', 'BLMOVE', 'src', 'mid', 'LEFT', 'RIGHT', '0');
    await blocks('B', 'BLPOP', 'mid', '0');
    await cmd('C', 'RPUSH', 'src', 'v');
    await served('A');
    await served('B');
    await cmd('C', 'EXISTS', 'src', 'mid');
    await blocks('A', 'BRPOPLPUSH', 'src', 'dst', '0');
    await cmd('C', 'RPUSH', 'src', '1', '2');
    await served('A');
    await cmd('C', 'LRANGE', 'src', '0', '-1');
    await cmd('C', 'LRANGE', 'dst', '0', '-1');
  });

  it('BLMOVE into a key of the wrong type is answered with WRONGTYPE, and nothing moves', async () => {
    await fresh();
    await blocks('A', 'BLMOVE', 'src', 'dst', 'LEFT', 'LEFT', '0');
    await cmd('C', 'SET', 'dst', 'str');
    await cmd('C', 'RPUSH', 'src', 'v');
    await served('A');
    await cmd('C', 'LRANGE', 'src', '0', '-1');
  });

  it('BLMPOP served with a count; clients in another database are not woken', async () => {
    await fresh();
    await blocks('A', 'BLMPOP', '0', '2', 'x', 'y', 'RIGHT', 'COUNT', '2');
    await cmd('C', 'RPUSH', 'y', '1', '2', '3');
    await served('A');
    await cmd('B', 'SELECT', '1');
    await blocks('B', 'BLPOP', 'y', '0');
    await cmd('C', 'RPUSH', 'y', '4');
    await stillBlocked('B');
    await cmd('C', 'SELECT', '1');
    await cmd('C', 'RPUSH', 'y', 'in-db1');
    await served('B');
    await cmd('C', 'SELECT', '0');
    await cmd('C', 'LRANGE', 'y', '0', '-1');
  });

  it('CLIENT UNBLOCK ends a wait with the timeout reply or an error', async () => {
    await fresh();
    const theirId = await sides.A.redis.call(['CLIENT', 'ID']);
    const id = (r: Reply): string => String((r as { v: number }).v);
    await blocks('A', 'BLPOP', 'q', '0');
    const theirs = await sides.C.redis.call(['CLIENT', 'UNBLOCK', id(theirId)]);
    expectSame(d.engine.exec(sides.C.ours, ['CLIENT', 'UNBLOCK', String(sides.A.ours.id)]), theirs, 2, 'CLIENT UNBLOCK');
    await served('A');
    await blocks('A', 'BLMOVE', 'q', 'd', 'LEFT', 'LEFT', '0');
    const theirs2 = await sides.C.redis.call(['CLIENT', 'UNBLOCK', id(theirId), 'ERROR']);
    expectSame(d.engine.exec(sides.C.ours, ['CLIENT', 'UNBLOCK', String(sides.A.ours.id), 'ERROR']), theirs2, 2, 'CLIENT UNBLOCK ERROR');
    await served('A');
    // An unblocked client is not served later by a push.
    await cmd('C', 'RPUSH', 'q', 'v');
    await cmd('C', 'LLEN', 'q');
  });
});
