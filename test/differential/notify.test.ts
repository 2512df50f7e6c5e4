/**
 * Keyspace notifications and CLIENT REPLY against a real redis-server, byte
 * for byte over sockets: our engine behind the RESP server, Redis behind its
 * own port. A subscriber connection per side PSUBSCRIBEs to `__key*__:*`
 * with notify-keyspace-events KEA (plus n in one test); a commander runs
 * commands from every family. After every step the commander's reply bytes
 * and the subscriber's received bytes must be identical on both sides: the
 * same events, with the same names, in the same order.
 *
 * Commands whose outcome Redis leaves to chance (SPOP of part of a set,
 * random members) are avoided or used where any outcome emits the same
 * events; XADD uses explicit IDs.
 */
import { describe, expect, it } from 'vitest';
import { requireRedis } from '../support/redis';
import { Raw, useServerPair, settle as settleRaw } from '../support/raw';

const run = requireRedis();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until every connection went quiet (and at least `minMs` passed). */
const settle = (conns: readonly Raw[], minMs = 8): Promise<void> => settleRaw(conns, minMs, 5, 100);

/** Pushes as readable lines for failure messages (`pmessage __key*__:* __keyevent@0__:set k`). */
function lines(raw: string): string {
  return raw.replace(/\r\n/g, ' ').replace(/\*4 \$8 pmessage \$\d+ __key\*__:\* /g, '\n').trim();
}

/**
 * A command for the commander, or with options: `on: 'b'` runs it on the
 * second client, `anyReply` skips comparing its reply (Redis's order is its
 * hash table's), `quiet` says no reply is due (a client now blocked).
 */
type Step = readonly string[] | { argv: readonly string[]; anyReply?: boolean; on?: 'b'; quiet?: boolean };

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond() && Date.now() < deadline) await sleep(2);
}

describe.skipIf(!run)('differential: keyspace notifications and CLIENT REPLY vs real redis-server', () => {
  const servers = useServerPair();

  async function pair(): Promise<[Raw, Raw]> {
    const p: [Raw, Raw] = [await Raw.connect(servers.ours.port), await Raw.connect(servers.redis.port)];
    servers.open.push(...p);
    return p;
  }

  /** A commander, a second client and a subscriber on both sides, notifications set to `flags`. */
  /** `quiet`: replies may be silenced (CLIENT REPLY), so never wait for one. */
  async function session(flags: string, quiet = false) {
    const cmd = await pair();
    const other = await pair();
    const sub = await pair();
    const all = [...cmd, ...other, ...sub];
    for (const c of cmd) c.send(['CONFIG', 'SET', 'notify-keyspace-events', flags]);
    for (const c of cmd) c.send(['FLUSHALL']);
    for (const c of sub) c.send(['PSUBSCRIBE', '__key*__:*']);
    // A busy machine answers late: wait for the two OKs and the subscription, not for a pause.
    await waitFor(() => cmd.every((c) => c.buf.split('+OK\r\n').length >= 3) && sub.every((c) => c.buf.includes('psubscribe')), 5000);
    await settle(all, 30);
    for (const c of all) c.take();

    /** Events seen so far (so a test can check it was not vacuous). */
    const counts = { events: 0 };

    async function step(s: Step, label: string): Promise<void> {
      const argv = Array.isArray(s) ? (s as readonly string[]) : (s as { argv: readonly string[] }).argv;
      const anyReply = !Array.isArray(s) && (s as { anyReply?: boolean }).anyReply === true;
      const who = !Array.isArray(s) && (s as { on?: 'b' }).on === 'b' ? other : cmd;
      const noReply = quiet || (!Array.isArray(s) && (s as { quiet?: boolean }).quiet === true);
      who[0].send(argv);
      who[1].send(argv);
      // The machine may be busy: wait for both replies rather than trusting a pause.
      if (noReply) await sleep(40);
      else await waitFor(() => who[0].buf !== '' && who[1].buf !== '', 3000);
      await settle(all);
      const at = `${label}: ${argv.join(' ')}`;
      for (const [name, [x, y]] of [
        ['commander', cmd],
        ['other', other],
      ] as const) {
        const got = x.take();
        const want = y.take();
        if (!anyReply || who !== (name === 'commander' ? cmd : other)) expect(JSON.stringify(got), `${at} (${name} reply)`).toBe(JSON.stringify(want));
      }
      const got = sub[0].take();
      const want = sub[1].take();
      counts.events += got.split('pmessage').length - 1;
      expect(lines(got), `${at} (events)`).toBe(lines(want));
      expect(got, `${at} (event bytes)`).toBe(want);
    }

    async function script(steps: readonly Step[]): Promise<void> {
      for (let i = 0; i < steps.length; i++) await step(steps[i]!, `step ${i}`);
    }

    /** Waits (up to `ms`) until both subscribers received something, then compares. */
    async function awaitEvents(ms: number, label: string): Promise<string> {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline && (sub[0].buf === '' || sub[1].buf === '')) await sleep(20);
      await settle(all, 20);
      const got = sub[0].take();
      const want = sub[1].take();
      expect(lines(got), label).toBe(lines(want));
      return got;
    }

    return { step, script, awaitEvents, cmd, other, sub, counts };
  }

  it('strings, keys and TTLs: SET options, GETEX, GETDEL, RENAME, MOVE, COPY, EXPIRE in the past', async () => {
    const s = await session('KEA');
    await s.script([
      ['SET', 'a', '1'],
      ['SET', 'a', '2', 'GET'],
      ['SET', 'a', '3', 'KEEPTTL'],
      ['SET', 'a', '4', 'EX', '100'],
      ['SET', 'a', '5', 'KEEPTTL', 'GET'],
      ['SET', 'a', '6', 'NX'],
      ['SET', 'nx', '6', 'NX', 'PX', '100000'],
      ['SET', 'zz', '6', 'XX'],
      ['SETNX', 'b', '1'],
      ['SETNX', 'b', '2'],
      ['SETEX', 'c', '100', 'v'],
      ['PSETEX', 'c', '100000', 'v'],
      ['GETSET', 'c', 'w'],
      ['MSET', 'm1', '1', 'm2', '2'],
      ['MSETNX', 'm1', '1', 'm3', '3'],
      ['MSETNX', 'm4', '1', 'm5', '3'],
      ['APPEND', 'ap', 'x'],
      ['APPEND', 'ap', 'y'],
      ['SETRANGE', 'sr', '3', 'abc'],
      ['SETRANGE', 'sr', '0', ''],
      ['SETRANGE', 'sr', '1', 'Z'],
      ['INCR', 'n'],
      ['INCRBY', 'n', '10'],
      ['DECR', 'n'],
      ['DECRBY', 'n', '3'],
      ['INCRBYFLOAT', 'n', '1.5'],
      ['INCRBYFLOAT', 'f', '3.0e3'],
      ['INCR', 'a'],
      ['GETEX', 'a', 'EX', '50'],
      ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'a', 'PERSIST'],
      ['GETEX', 'a'],
      ['GETEX', 'a', 'PXAT', '1'],
      ['GETEX', 'missing', 'EX', '5'],
      ['GETDEL', 'b'],
      ['GETDEL', 'b'],
      ['EXPIRE', 'c', '100'],
      ['PEXPIRE', 'c', '100000', 'XX'],
      ['EXPIRE', 'c', '100', 'NX'],
      ['EXPIREAT', 'c', '99999999999'],
      ['PERSIST', 'c'],
      ['PERSIST', 'c'],
      ['EXPIRE', 'c', '-1'],
      ['PEXPIREAT', 'm1', '1'],
      ['EXPIRE', 'nothere', '10'],
      ['RENAME', 'm2', 'm3'],
      ['RENAME', 'm3', 'fresh'],
      ['RENAMENX', 'fresh', 'n'],
      ['RENAMENX', 'fresh', 'fresh2'],
      ['RENAME', 'fresh2', 'fresh2'],
      ['COPY', 'fresh2', 'cp'],
      ['COPY', 'fresh2', 'cp'],
      ['COPY', 'fresh2', 'cp', 'REPLACE'],
      ['COPY', 'fresh2', 'cp', 'DB', '2'],
      ['MOVE', 'cp', '3'],
      ['MOVE', 'cp', '3'],
      ['SELECT', '3'],
      ['DEL', 'cp', 'nope'],
      ['SELECT', '0'],
      ['DEL', 'n', 'f', 'sr', 'nope'],
      ['UNLINK', 'ap'],
      ['SETBIT', 'bits', '7', '1'],
      ['SETBIT', 'bits', '7', '1'],
      ['SETBIT', 'bits', '100', '0'],
      ['BITFIELD', 'bf', 'SET', 'u8', '0', '255', 'GET', 'u8', '0'],
      ['BITFIELD', 'bf', 'SET', 'u8', '0', '255'],
      ['BITFIELD', 'bf', 'INCRBY', 'u8', '0', '1'],
      ['BITFIELD', 'bf', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '300'],
      ['BITOP', 'OR', 'bo', 'bits', 'bf'],
      ['BITOP', 'AND', 'bo', 'none1', 'none2'],
      ['BITOP', 'AND', 'bo', 'none1', 'none2'],
      // In one EXEC, so that Redis's active cycle cannot expire it first.
      ['MULTI'],
      ['SET', 'ex', 'v', 'EXAT', '1'],
      ['GET', 'ex'],
      ['EXEC'],
      ['DUMP', 'bits'],
      ['TYPE', 'bits'],
      ['FLUSHDB'],
    ]);
    expect(s.counts.events).toBeGreaterThan(100);
  });

  it('RESTORE: new, replaced, and with a TTL in the past', async () => {
    const s = await session('KEA');
    // Payloads are the same on both sides for the same value (DUMP is tested elsewhere).
    await s.script([['SET', 'src', 'hello'], ['RPUSH', 'lst', 'a', 'b']]);
    s.cmd[1].send(['DUMP', 'src']);
    await settle([s.cmd[1]], 30);
    const raw = s.cmd[1].take();
    const payload = raw.slice(raw.indexOf('\r\n') + 2, raw.length - 2);
    await s.script([
      ['RESTORE', 'r', '0', payload],
      ['RESTORE', 'r', '0', payload],
      ['RESTORE', 'r', '0', payload, 'REPLACE'],
      ['RESTORE', 'r', '100000', payload, 'REPLACE'],
      ['RESTORE', 'r', '1', payload, 'REPLACE', 'ABSTTL'],
      ['RESTORE', 'r2', '1', payload, 'ABSTTL'],
      ['EXISTS', 'r', 'r2'],
    ]);
  });

  it('lists, including LMOVE, blocking pops served by a push, and emptied lists', async () => {
    const s = await session('KEA');
    await s.script([
      ['LPUSH', 'l', 'a', 'b', 'c'],
      ['RPUSH', 'l', 'd'],
      ['LPUSHX', 'nol', 'a'],
      ['RPUSHX', 'l', 'e'],
      ['LINSERT', 'l', 'BEFORE', 'a', 'x'],
      ['LINSERT', 'l', 'BEFORE', 'zzz', 'x'],
      ['LSET', 'l', '0', 'first'],
      ['LREM', 'l', '0', 'nothing'],
      ['LREM', 'l', '1', 'x'],
      ['LTRIM', 'l', '0', '-1'],
      ['LTRIM', 'l', '0', '3'],
      ['LPOP', 'l'],
      ['RPOP', 'l', '2'],
      ['LMOVE', 'l', 'l2', 'LEFT', 'RIGHT'],
      ['RPOPLPUSH', 'l2', 'l2'],
      ['LMOVE', 'l2', 'l', 'RIGHT', 'LEFT'],
      ['LMPOP', '2', 'nol', 'l', 'LEFT', 'COUNT', '10'],
      ['RPUSH', 'l', 'a', 'b'],
      ['LTRIM', 'l', '5', '10'],
      ['RPUSH', 'l', 'a', 'b'],
      ['LREM', 'l', '0', 'a'],
      ['LREM', 'l', '0', 'b'],
      { argv: ['BLPOP', 'q1', 'q2', '0'], on: 'b', quiet: true },
      ['RPUSH', 'q2', 'one', 'two'],
      { argv: ['BLMOVE', 'q3', 'q2', 'RIGHT', 'LEFT', '0'], on: 'b', quiet: true },
      ['LPUSH', 'q3', 'x'],
      { argv: ['BRPOPLPUSH', 'q4', 'q4dst', '0'], on: 'b', quiet: true },
      ['LPUSH', 'q4', 'x'],
      { argv: ['BLMPOP', '0', '1', 'q5', 'RIGHT', 'COUNT', '5'], on: 'b', quiet: true },
      ['RPUSH', 'q5', '1', '2', '3'],
      { argv: ['BRPOP', 'q6', '0'], on: 'b', quiet: true },
      ['MULTI'],
      ['RPUSH', 'q6', 'a'],
      ['RPUSH', 'q6', 'b'],
      ['EXEC'],
      ['BLPOP', 'q6', '0'],
      ['SORT', 'q2', 'ALPHA', 'STORE', 'sorted'],
      ['SORT', 'nothing', 'STORE', 'sorted'],
      ['SORT', 'nothing', 'STORE', 'sorted'],
      ['FLUSHALL'],
    ]);
  });

  it('hashes, sets and sorted sets, with their STORE forms', async () => {
    const s = await session('KEA');
    await s.script([
      ['HSET', 'h', 'a', '1', 'b', '2'],
      ['HSET', 'h', 'a', '1'],
      ['HMSET', 'h', 'c', '3'],
      ['HSETNX', 'h', 'a', '9'],
      ['HSETNX', 'h', 'z', '9'],
      ['HINCRBY', 'h', 'a', '5'],
      ['HINCRBYFLOAT', 'h', 'f', '2.5'],
      ['HINCRBY', 'h', 'f', '1'],
      ['HDEL', 'h', 'nope'],
      ['HDEL', 'h', 'a', 'b'],
      ['HDEL', 'h', 'c', 'z', 'f'],
      ['SADD', 's', 'a', 'b', 'c'],
      ['SADD', 's', 'a'],
      ['SREM', 's', 'x'],
      ['SREM', 's', 'a'],
      ['SMOVE', 's', 't', 'b'],
      ['SMOVE', 's', 't', 'b'],
      ['SMOVE', 's', 't', 'c'],
      ['SADD', 'u', 'b', 'q'],
      ['SINTERSTORE', 'd', 't', 'u'],
      ['SINTERSTORE', 'd', 't', 'nope'],
      ['SINTERSTORE', 'd', 't', 'nope'],
      ['SUNIONSTORE', 'd', 't', 'u'],
      ['SDIFFSTORE', 'd', 't', 'u'],
      ['SDIFFSTORE', 'd', 't', 't'],
      { argv: ['SPOP', 'u', '10'], anyReply: true },
      ['SADD', 'one', 'x'],
      ['SPOP', 'one'],
      ['SPOP', 'one'],
      ['SPOP', 'one', '0'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
      ['ZADD', 'z', '1', 'a'],
      ['ZADD', 'z', 'NX', '5', 'a'],
      ['ZADD', 'z', 'XX', 'CH', '5', 'a'],
      ['ZADD', 'z', 'GT', '1', 'a'],
      ['ZINCRBY', 'z', '2', 'b'],
      ['ZADD', 'z', 'INCR', '1', 'c'],
      ['ZADD', 'z', 'INCR', 'XX', '1', 'nope'],
      ['ZREM', 'z', 'nope'],
      ['ZREM', 'z', 'a'],
      ['ZADD', 'z', '10', 'd', '11', 'e', '12', 'f'],
      ['ZREMRANGEBYRANK', 'z', '0', '0'],
      ['ZREMRANGEBYSCORE', 'z', '100', '200'],
      ['ZREMRANGEBYSCORE', 'z', '10', '10'],
      ['ZREMRANGEBYLEX', 'z', '[e', '[e'],
      ['ZPOPMIN', 'z'],
      ['ZPOPMAX', 'z', '5'],
      ['ZADD', 'z1', '1', 'a', '2', 'b'],
      ['ZADD', 'z2', '3', 'b', '4', 'c'],
      ['ZUNIONSTORE', 'zd', '2', 'z1', 'z2'],
      ['ZINTERSTORE', 'zd', '2', 'z1', 'z2', 'WEIGHTS', '2', '3'],
      ['ZDIFFSTORE', 'zd', '2', 'z1', 'z2'],
      ['ZDIFFSTORE', 'zd', '2', 'z1', 'z1'],
      ['ZDIFFSTORE', 'zd', '2', 'z1', 'z1'],
      ['ZRANGESTORE', 'zr', 'z1', '0', '-1'],
      ['ZRANGESTORE', 'zr', 'z1', '5', '10'],
      ['ZMPOP', '2', 'nope', 'z1', 'MIN', 'COUNT', '5'],
      { argv: ['BZPOPMIN', 'bz', '0'], on: 'b', quiet: true },
      ['ZADD', 'bz', '1', 'x', '2', 'y'],
      { argv: ['BZMPOP', '0', '1', 'bz2', 'MAX', 'COUNT', '3'], on: 'b', quiet: true },
      ['ZADD', 'bz2', '1', 'x'],
      ['SET', 'str', 'v'],
      ['SADD', 'str', 'x'],
      ['ZADD', 'str', '1', 'x'],
      ['HSET', 'str', 'a', 'b'],
      ['FLUSHALL'],
    ]);
  });

  it('streams: XADD with trimming, XTRIM, XDEL, XSETID and consumer groups', async () => {
    const s = await session('KEA');
    await s.script([
      ['XADD', 'st', '1-1', 'f', 'v'],
      ['XADD', 'st', 'MAXLEN', '2', '1-2', 'f', 'v'],
      ['XADD', 'st', 'MAXLEN', '2', '1-3', 'f', 'v'],
      ['XADD', 'st', 'MAXLEN', '~', '1', '1-4', 'f', 'v'],
      ['XADD', 'st', '1-1', 'f', 'v'],
      ['XADD', 'nost', 'NOMKSTREAM', '1-1', 'f', 'v'],
      ['XADD', 'nost2', '0-0', 'f', 'v'],
      ['XTRIM', 'st', 'MAXLEN', '10'],
      ['XTRIM', 'st', 'MAXLEN', '1'],
      ['XDEL', 'st', '9-9'],
      ['XDEL', 'st', '1-4'],
      ['XSETID', 'st', '5-5'],
      ['XGROUP', 'CREATE', 'st', 'g', '$'],
      ['XGROUP', 'CREATE', 'st', 'g', '$'],
      ['XGROUP', 'CREATE', 'mk', 'g', '$', 'MKSTREAM'],
      ['XGROUP', 'CREATECONSUMER', 'st', 'g', 'alice'],
      ['XGROUP', 'CREATECONSUMER', 'st', 'g', 'alice'],
      ['XADD', 'st', '6-1', 'f', 'v'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 'st', '>'],
      ['XREADGROUP', 'GROUP', 'g', 'bob', 'STREAMS', 'st', '>'],
      ['XCLAIM', 'st', 'g', 'carol', '0', '6-1'],
      ['XCLAIM', 'st', 'g', 'dave', '0', '6-1', 'FORCE'],
      ['XAUTOCLAIM', 'st', 'g', 'erin', '0', '0'],
      ['XAUTOCLAIM', 'st', 'g', 'erin', '0', '0'],
      ['XACK', 'st', 'g', '6-1'],
      ['XGROUP', 'SETID', 'st', 'g', '0'],
      ['XGROUP', 'DELCONSUMER', 'st', 'g', 'nobody'],
      ['XGROUP', 'DELCONSUMER', 'st', 'g', 'alice'],
      ['XGROUP', 'DESTROY', 'st', 'g'],
      ['XGROUP', 'DESTROY', 'st', 'g'],
      ['XGROUP', 'CREATE', 'st', 'g2', '0'],
      { argv: ['XREADGROUP', 'GROUP', 'g2', 'frank', 'BLOCK', '0', 'STREAMS', 'mk', '>'], on: 'b', quiet: true },
      ['XADD', 'mk', '1-1', 'f', 'v'],
      ['DEL', 'st', 'mk'],
    ]);
  });

  it('new keys (n): only additions, before the command event', async () => {
    const s = await session('KEAn');
    await s.script([
      ['SET', 'k', '1'],
      ['SET', 'k', '2'],
      ['RPUSH', 'l', 'a'],
      ['RPUSH', 'l', 'b'],
      ['RENAME', 'l', 'k'],
      ['COPY', 'k', 'k2'],
      ['MOVE', 'k2', '1'],
      ['SETRANGE', 'r', '2', 'x'],
      ['SETBIT', 'b', '3', '1'],
      ['HINCRBY', 'h', 'f', '1'],
      ['XGROUP', 'CREATE', 'st', 'g', '$', 'MKSTREAM'],
      ['SUNIONSTORE', 'su', 'nope', 'nope2'],
      ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['FLUSHALL'],
    ]);
  });

  it('keymiss (m) and masked classes', async () => {
    const s = await session('KEm');
    await s.script([
      ['GET', 'nope'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['LRANGE', 'nol', '0', '-1'],
      ['EXISTS', 'nope'],
      ['TYPE', 'nope'],
      ['HGET', 'noh', 'f'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'Kzg'],
      ['ZADD', 'z', '1', 'a'],
      ['SADD', 's', 'a'],
      ['DEL', 'z', 's'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'E$lsh'],
      ['SET', 'a', 'b'],
      ['EXPIRE', 'a', '100'],
      ['RPUSH', 'l', 'x'],
      ['HSET', 'h', 'f', 'v'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'Q'],
      ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'AKEnm'],
      ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['CONFIG', 'SET', 'notify-keyspace-events', 'gKE$lshzxetd'],
      ['CONFIG', 'GET', 'notify-keyspace-events'],
      ['CONFIG', 'SET', 'notify-keyspace-events', ''],
      ['SET', 'a', 'c'],
      ['FLUSHALL'],
    ]);
  });

  it('expired: lazy expiry on access and the active cycle', async () => {
    const s = await session('KEA');
    await s.script([['SET', 'lazy', 'v', 'PX', '40']]);
    await sleep(80);
    // Redis's active cycle may remove it first; either way one `expired` event.
    await s.step(['GET', 'lazy'], 'lazy');
    await s.script([['PSETEX', 'bg', '60', 'v']]);
    const got = await s.awaitEvents(3000, 'background expiry');
    expect(got).toContain('__keyevent@0__:expired');
  });

  it('a random run over a small keyspace, every family', async () => {
    const s = await session('KEAn');
    let seed = 20240601;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const key = (): string => `k${rnd(5)}`;
    const val = (): string => ['a', 'b', 'c', '1', '2', '10'][rnd(6)]!;
    let xid = 1;
    const gens: (() => string[])[] = [
      () => ['SET', key(), val()],
      () => ['SET', key(), val(), 'GET'],
      () => ['SET', key(), val(), 'EX', '1000', 'NX'],
      () => ['SET', key(), val(), 'KEEPTTL', 'XX'],
      () => ['GETDEL', key()],
      () => ['GETEX', key(), 'PERSIST'],
      () => ['GETEX', key(), 'EX', '500'],
      () => ['APPEND', key(), val()],
      () => ['INCR', key()],
      () => ['INCRBYFLOAT', key(), '0.5'],
      () => ['SETRANGE', key(), String(rnd(4)), val()],
      () => ['SETBIT', key(), String(rnd(16)), String(rnd(2))],
      () => ['DEL', key(), key()],
      () => ['EXPIRE', key(), String(rnd(3) === 0 ? -5 : 1000)],
      () => ['PERSIST', key()],
      () => ['RENAME', key(), key()],
      () => ['RENAMENX', key(), key()],
      () => ['COPY', key(), key(), 'REPLACE'],
      () => ['MOVE', key(), '1'],
      () => ['LPUSH', key(), val(), val()],
      () => ['RPUSH', key(), val()],
      () => ['LPOP', key()],
      () => ['RPOP', key(), '2'],
      () => ['LMOVE', key(), key(), 'LEFT', 'RIGHT'],
      () => ['LREM', key(), '0', val()],
      () => ['LTRIM', key(), '1', '-1'],
      () => ['LSET', key(), '0', val()],
      () => ['LINSERT', key(), 'AFTER', val(), val()],
      () => ['HSET', key(), val(), val()],
      () => ['HDEL', key(), val(), val()],
      () => ['HINCRBY', key(), val(), '3'],
      () => ['HINCRBYFLOAT', key(), val(), '1.25'],
      () => ['SADD', key(), val(), val()],
      () => ['SREM', key(), val()],
      () => ['SMOVE', key(), key(), val()],
      () => ['SPOP', key(), '100'],
      () => ['SINTERSTORE', key(), key(), key()],
      () => ['SUNIONSTORE', key(), key(), key()],
      () => ['SDIFFSTORE', key(), key(), key()],
      () => ['ZADD', key(), String(rnd(5)), val()],
      () => ['ZINCRBY', key(), '2', val()],
      () => ['ZREM', key(), val()],
      () => ['ZPOPMIN', key()],
      () => ['ZREMRANGEBYSCORE', key(), '0', '2'],
      () => ['ZUNIONSTORE', key(), '2', key(), key()],
      () => ['ZINTERSTORE', key(), '2', key(), key()],
      () => ['ZRANGESTORE', key(), key(), '0', '1'],
      () => ['XADD', key(), 'MAXLEN', '2', `${xid++}-1`, 'f', val()],
      () => ['XTRIM', key(), 'MAXLEN', '1'],
      () => ['XDEL', key(), `${rnd(xid)}-1`],
      () => ['SORT', key(), 'ALPHA', 'STORE', key()],
      () => ['BITOP', 'XOR', key(), key(), key()],
      () => ['TYPE', key()],
    ];
    const steps: string[][] = [];
    for (let i = 0; i < 400; i++) steps.push(gens[rnd(gens.length)]!());
    await s.script(steps);
    expect(s.counts.events).toBeGreaterThan(300);
  });

  it('CLIENT REPLY OFF, ON and SKIP, byte for byte, with pub/sub pushes getting through', async () => {
    const s = await session('KEA', true);
    await s.script([
      ['CLIENT', 'REPLY', 'OFF'],
      ['SET', 'k', 'v'],
      ['GET', 'k'],
      ['NOSUCHCOMMAND'],
      ['GET'],
      ['CLIENT', 'REPLY', 'SKIP'],
      ['CLIENT', 'REPLY', 'ON'],
      ['GET', 'k'],
      ['CLIENT', 'REPLY', 'SKIP'],
      ['GET', 'k'],
      ['GET', 'k'],
      ['CLIENT', 'REPLY', 'SKIP'],
      ['CLIENT', 'REPLY', 'SKIP'],
      ['PING'],
      ['PING'],
      ['CLIENT', 'REPLY', 'SKIP'],
      ['CLIENT', 'REPLY', 'ON'],
      ['PING'],
      ['CLIENT', 'REPLY', 'MAYBE'],
      ['CLIENT', 'REPLY'],
      ['CLIENT', 'REPLY', 'ON', 'x'],
      ['CLIENT', 'REPLY', 'OFF'],
      ['SUBSCRIBE', 'ch1', 'ch2'],
      ['PING'],
      { argv: ['PUBLISH', 'ch1', 'hi'], on: 'b' },
      ['PSUBSCRIBE', 'x*'],
      { argv: ['PUBLISH', 'xy', 'there'], on: 'b' },
      ['UNSUBSCRIBE', 'ch1', 'ch2'],
      ['PUNSUBSCRIBE'],
      ['SET', 'k', 'w'],
      ['RESET'],
      ['GET', 'k'],
      ['CLIENT', 'REPLY', 'SKIP'],
      ['RESET'],
      ['PING'],
      { argv: ['HELLO', '3'], anyReply: true },
      ['CLIENT', 'REPLY', 'OFF'],
      ['SUBSCRIBE', 'c3'],
      { argv: ['PUBLISH', 'c3', 'resp3'], on: 'b' },
      ['GET', 'k'],
      ['CLIENT', 'REPLY', 'ON'],
      ['GET', 'k'],
    ]);
  });
});
