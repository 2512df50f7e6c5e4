/**
 * Client-side caching against a real redis-server, byte for byte, over real
 * sockets on both sides: our engine behind the RESP server, Redis behind
 * its own port. Several connections per side turn tracking on (RESP3 pushes,
 * RESP2 redirection to a subscriber, BCAST prefixes, OPTIN/OPTOUT, NOLOOP),
 * read and write; after every step each connection's received bytes must be
 * identical: replies, invalidation messages and where they fall between
 * replies.
 *
 * Client ids differ between the servers: a step names them as `{id:N}` (the
 * id of connection N on that side), and ids in what comes back are written
 * the same way before comparing.
 */
import { describe, expect, it } from 'vitest';
import { startRespServer } from '../../server/server';
import { requireRedis, startRedis } from '../support/redis';
import { Raw, useServerPair, settle as settleRaw } from '../support/raw';

const run = requireRedis();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
// Generous: on a loaded machine either server may answer tens of milliseconds late.
const settle = (conns: readonly Raw[], minMs = 30): Promise<void> => settleRaw(conns, minMs, 20, 50);

type Step = readonly [number, ...string[]] | { readonly sleep: number };

describe.skipIf(!run)('differential: client-side caching vs real redis-server, byte for byte over sockets', () => {
  const servers = useServerPair();

  interface Side {
    conns: Raw[];
    ids: string[];
  }

  /** n connections on each side, their ids known; both servers flushed and reset to defaults. */
  async function sides(n: number): Promise<[Side, Side]> {
    // The connections of the tests before are closed: the counts in INFO start again.
    for (const c of servers.open.splice(0)) c.close();
    await sleep(30);
    const out: [Side, Side] = [
      { conns: [], ids: [] },
      { conns: [], ids: [] },
    ];
    for (const [k, port] of [servers.ours.port, servers.redis.port].entries()) {
      const side = out[k]!;
      for (let i = 0; i < n; i++) {
        const c = await Raw.connect(port);
        servers.open.push(c);
        c.send(['CLIENT', 'ID']);
        await settle([c]);
        const m = /^:(\d+)\r\n$/.exec(c.take());
        if (m === null) throw new Error('CLIENT ID failed');
        side.conns.push(c);
        side.ids.push(m[1]!);
      }
      const c0 = side.conns[0]!;
      c0.send(['FLUSHALL']);
      c0.send(['CONFIG', 'SET', 'tracking-table-max-keys', '1000000']);
      await settle([c0]);
      c0.take();
    }
    return out;
  }

  const withIds = (argv: readonly string[], side: Side): string[] => argv.map((a) => a.replace(/\{id:(\d+)\}/g, (_, n: string) => side.ids[Number(n)]!));

  /** Writes a side's client ids back as `{id:N}` where a reply carries them as integers. */
  const idsOut = (bytes: string, side: Side, getredir: boolean): string =>
    side.ids.reduce(
      (s, id, n) =>
        s
          .replace(new RegExp(`(redirect\r\n|tracking-redir-broken\r\n):${id}\r\n`, 'g'), `$1:{id:${n}}\r\n`)
          .replace(getredir ? new RegExp(`^:${id}\r\n$`) : /(?!)/, `:{id:${n}}\r\n`),
      bytes,
    );

  /** Runs each step on both sides, then compares every connection's bytes (`skip`: steps whose replies are not compared). */
  async function script(s: [Side, Side], steps: readonly Step[], skip: ReadonlySet<number> = new Set()) {
    const [a, b] = s;
    const all = [...a.conns, ...b.conns];
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      let label: string;
      let getredir = false;
      if ('sleep' in step) {
        await sleep(step.sleep);
        label = `step ${i} (sleep ${step.sleep} ms)`;
      } else {
        const [who, ...argv] = step;
        a.conns[who]!.send(withIds(argv, a));
        b.conns[who]!.send(withIds(argv, b));
        label = `step ${i} (${who}: ${argv.join(' ')})`;
        getredir = argv[1] === 'GETREDIR';
        // Every command answers: wait for both senders' replies (a loaded machine can delay either server).
        for (let t = 0; t < 200 && (a.conns[who]!.buf === '' || b.conns[who]!.buf === ''); t++) await sleep(10);
      }
      await settle(all);
      for (let k = 0; k < a.conns.length; k++) {
        const got = idsOut(a.conns[k]!.take(), a, getredir);
        const want = idsOut(b.conns[k]!.take(), b, getredir);
        if (!skip.has(i)) expect(JSON.stringify(got), `${label}, connection ${k}`).toBe(JSON.stringify(want));
      }
    }
  }

  it('RESP3: invalidations to the reading client, after its own replies, EXEC and flushes included', async () => {
    const s = await sides(2);
    await script(
      s,
      [
        [0, 'HELLO', '3'],
        [0, 'CLIENT', 'TRACKING', 'ON'],
        [1, 'SET', 'k1', 'v'],
        [0, 'GET', 'k1'],
        [0, 'MGET', 'k1', 'k2', 'k3'],
        [1, 'SET', 'k1', 'x'],
        [1, 'DEL', 'k2'],
        [1, 'DEL', 'k2'],
        [0, 'SET', 'k3', 'own write'],
        [0, 'GET', 'k1'],
        [0, 'MULTI'],
        [0, 'GET', 'k4'],
        [0, 'SET', 'k1', 'in a transaction'],
        [0, 'INCR', 'k4'],
        [0, 'EXEC'],
        [0, 'HSET', 'h', 'f', '1'],
        [0, 'HGET', 'h', 'f'],
        [0, 'HDEL', 'h', 'f'],
        [0, 'LRANGE', 'list', '0', '-1'],
        [1, 'RPUSH', 'list', 'a'],
        [0, 'ZSCORE', 'z', 'm'],
        [0, 'SMEMBERS', 's'],
        [1, 'ZADD', 'z', '1', 'm'],
        [1, 'SADD', 's', 'x'],
        [0, 'GET', 'k1'],
        [1, 'FLUSHALL'],
        [0, 'GET', 'k1'],
        [0, 'FLUSHDB'],
        [0, 'CLIENT', 'GETREDIR'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'CLIENT', 'TRACKING', 'OFF'],
        [0, 'CLIENT', 'GETREDIR'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [1, 'SET', 'k1', 'after off'],
        [0, 'PING'],
      ],
      new Set([0]),
    );
  });

  it('RESP2: redirection to a subscribed client, the null after a flush, a broken redirection', async () => {
    const s = await sides(3);
    await script(
      s,
      [
        [0, 'SUBSCRIBE', '__redis__:invalidate'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '{id:0}'],
        [1, 'GET', 'a'],
        [2, 'SET', 'a', '1'],
        [1, 'MGET', 'a', 'b', 'c'],
        [2, 'MSET', 'c', '3', 'a', '1', 'b', '2'],
        [1, 'GET', 'a'],
        [2, 'FLUSHDB'],
        [1, 'CLIENT', 'GETREDIR'],
        [1, 'CLIENT', 'TRACKINGINFO'],
        [1, 'GET', 'a'],
        [1, 'SET', 'a', 'own write, redirected'],
        [0, 'QUIT'],
        [1, 'GET', 'b'],
        [2, 'SET', 'b', 'the redirection is gone'],
        [1, 'CLIENT', 'TRACKINGINFO'],
        [1, 'CLIENT', 'TRACKING', 'OFF'],
        [1, 'CLIENT', 'TRACKINGINFO'],
      ],
    );
  });

  it('RESP3: a broken redirection is reported to the tracking client', async () => {
    const s = await sides(3);
    await script(
      s,
      [
        [1, 'HELLO', '3'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '{id:0}'],
        [1, 'GET', 'key'],
        [0, 'QUIT'],
        [2, 'SET', 'key', 'x'],
        [1, 'PING'],
        [1, 'CLIENT', 'TRACKINGINFO'],
      ],
      new Set([0]),
    );
  });

  it('BCAST prefixes (one message per prefix, keys in byte order), NOLOOP, and a RESP3 redirection target', async () => {
    const s = await sides(3);
    await script(
      s,
      [
        [0, 'SUBSCRIBE', '__redis__:invalidate'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'user:', 'PREFIX', 'cart:', 'REDIRECT', '{id:0}'],
        [2, 'MSET', 'user:2', 'x', 'cart:1', 'y', 'other', 'z', 'user:10', 'w', 'user:1', 'v'],
        [1, 'SET', 'user:7', 'own write'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'order:', 'REDIRECT', '{id:0}'],
        [1, 'CLIENT', 'TRACKINGINFO'],
        [2, 'SET', 'order:1', 'x'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'REDIRECT', '{id:0}', 'NOLOOP'],
        [1, 'SET', 'user:8', 'own write, NOLOOP'],
        [2, 'SET', 'user:8', 'another client'],
        [2, 'DEL', 'cart:1'],
        [1, 'CLIENT', 'TRACKINGINFO'],
        [1, 'CLIENT', 'TRACKING', 'OFF'],
        [2, 'SET', 'user:9', 'nobody listens'],
        [0, 'UNSUBSCRIBE'],
        [0, 'HELLO', '3'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '{id:0}'],
        [1, 'GET', 'user:9'],
        [2, 'SET', 'user:9', 'x'],
        [1, 'CLIENT', 'TRACKING', 'OFF'],
        [1, 'HELLO', '3'],
        [1, 'CLIENT', 'TRACKING', 'ON', 'BCAST'],
        [2, 'SET', 'anything', '1'],
        [2, 'FLUSHALL'],
        [1, 'CLIENT', 'TRACKINGINFO'],
      ],
      new Set([15, 20]),
    );
  });

  it('OPTIN and OPTOUT with CLIENT CACHING, for one command or one transaction', async () => {
    const s = await sides(2);
    await script(
      s,
      [
        [0, 'HELLO', '3'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'OPTIN'],
        [0, 'GET', 'a'],
        [1, 'SET', 'a', '1'],
        [0, 'CLIENT', 'CACHING', 'YES'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'GET', 'b'],
        [0, 'GET', 'c'],
        [1, 'MSET', 'b', '1', 'c', '1'],
        [0, 'CLIENT', 'CACHING', 'YES'],
        [0, 'MULTI'],
        [0, 'GET', 'd'],
        [0, 'GET', 'e'],
        [0, 'EXEC'],
        [1, 'MSET', 'd', '1', 'e', '1'],
        [0, 'CLIENT', 'TRACKING', 'OFF'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'OPTOUT'],
        [0, 'CLIENT', 'CACHING', 'NO'],
        [0, 'GET', 'f'],
        [0, 'GET', 'g'],
        [1, 'MSET', 'f', '1', 'g', '1'],
        [0, 'CLIENT', 'TRACKINGINFO'],
        [0, 'CLIENT', 'TRACKING', 'ON', 'OPTOUT', 'NOLOOP'],
        [0, 'GET', 'h'],
        [0, 'SET', 'h', 'own write, NOLOOP'],
        [1, 'SET', 'h', 'other'],
        [0, 'CLIENT', 'TRACKINGINFO'],
      ],
      new Set([0]),
    );
  });

  it('expired keys invalidate (active expiry) and SWAPDB sends nothing', async () => {
    const s = await sides(2);
    await script(
      s,
      [
        [0, 'HELLO', '3'],
        [0, 'CLIENT', 'TRACKING', 'ON'],
        // Long enough that the GET's reply is read before the key expires on a loaded machine.
        [1, 'SET', 'soon', 'x', 'PX', '500'],
        [0, 'GET', 'soon'],
        { sleep: 1200 },
        [0, 'PING'],
        [1, 'SET', 'moved', 'x'],
        [0, 'GET', 'moved'],
        [1, 'SWAPDB', '0', '1'],
        [0, 'PING'],
        [1, 'SWAPDB', '0', '1'],
        [1, 'SELECT', '3'],
        [1, 'SET', 'moved', 'another database, same name'],
      ],
      new Set([0]),
    );
  });

  it('every error, word for word', async () => {
    const s = await sides(2);
    await script(s, [
      [0, 'CLIENT', 'TRACKING'],
      [0, 'CLIENT', 'CACHING'],
      [0, 'CLIENT', 'GETREDIR', 'x'],
      [0, 'CLIENT', 'TRACKINGINFO', 'x'],
      [0, 'CLIENT', 'TRACKING', 'MAYBE'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'FOO'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'PREFIX'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'PREFIX', 'a'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', 'abc'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '999999'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '0'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '-3'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'REDIRECT', '{id:1}', 'REDIRECT', '{id:1}'],
      [0, 'CLIENT', 'TRACKING', 'OFF', 'REDIRECT', '999999'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'OPTIN'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'OPTOUT'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'OPTIN', 'OPTOUT'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'FOOBAR', 'PREFIX', 'FOO'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'FOO', 'PREFIX', 'FOOBAR'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'FOO', 'PREFIX', 'BAR'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'FO'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'BARB'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'FOO'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'ZED'],
      [0, 'CLIENT', 'TRACKINGINFO'],
      [0, 'CLIENT', 'TRACKING', 'ON'],
      [0, 'CLIENT', 'TRACKING', 'OFF'],
      [0, 'CLIENT', 'CACHING', 'YES'],
      [0, 'CLIENT', 'TRACKING', 'ON'],
      [0, 'CLIENT', 'CACHING', 'YES'],
      [0, 'CLIENT', 'CACHING', 'NO'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'OPTIN'],
      [0, 'CLIENT', 'CACHING', 'NO'],
      [0, 'CLIENT', 'CACHING', 'MAYBE'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'OPTOUT'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'BCAST'],
      [0, 'CLIENT', 'TRACKING', 'OFF'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'OPTOUT'],
      [0, 'CLIENT', 'CACHING', 'YES'],
      [0, 'CLIENT', 'TRACKING', 'ON', 'OPTIN'],
      [0, 'CLIENT', 'TRACKING', 'OFF'],
      [0, 'CLIENT', 'TRACKING', 'OFF'],
    ]);
  });

  it('INFO counts tracking clients, keys, items and prefixes as Redis does', async () => {
    const s = await sides(3);
    await script(s, [
      [0, 'CLIENT', 'TRACKING', 'ON'],
      [1, 'CLIENT', 'TRACKING', 'ON'],
      [0, 'MGET', 'a', 'b', 'c'],
      [1, 'MGET', 'b', 'c', 'd'],
      [2, 'CLIENT', 'TRACKING', 'ON', 'BCAST', 'PREFIX', 'p:', 'PREFIX', 'q:'],
      [2, 'SET', 'c', '1'],
    ]);
    const fields = async (c: Raw): Promise<string[]> => {
      c.send(['INFO', 'everything']);
      await settle([c], 30);
      return c
        .take()
        .split('\r\n')
        .filter((l) => l.startsWith('tracking_'));
    };
    const ourFields = await fields(s[0].conns[2]!);
    expect(ourFields).toEqual(['tracking_clients:3', 'tracking_total_keys:3', 'tracking_total_items:4', 'tracking_total_prefixes:2']);
    expect(ourFields).toEqual(await fields(s[1].conns[2]!));
    // Closing connections turns their tracking off; the ids they left in the table stay until their keys change.
    s[0].conns[1]!.close();
    s[1].conns[1]!.close();
    await sleep(50);
    const after = await fields(s[0].conns[2]!);
    expect(after).toEqual(['tracking_clients:2', 'tracking_total_keys:3', 'tracking_total_items:4', 'tracking_total_prefixes:2']);
    expect(after).toEqual(await fields(s[1].conns[2]!));
  });
});

describe.skipIf(!run)('differential: CLIENT LIST shows tracking as Redis does', () => {
  it('flags t, B and R, redir, and the query buffer', async () => {
    const redis = await startRedis();
    const ours = await startRespServer({ port: 0 });
    try {
      const out: string[][] = [];
      for (const port of [ours.port, redis.port]) {
        const a = await Raw.connect(port);
        const b = await Raw.connect(port);
        const c = await Raw.connect(port);
        b.send(['CLIENT', 'ID']);
        await settle([b]);
        const id = /^:(\d+)/.exec(b.take())![1]!;
        a.send(['CLIENT', 'TRACKING', 'ON', 'REDIRECT', id]);
        c.send(['CLIENT', 'TRACKING', 'ON', 'BCAST']);
        await settle([a, c]);
        a.take();
        c.take();
        const fields = async (): Promise<string> => {
          a.send(['CLIENT', 'INFO']);
          c.send(['CLIENT', 'INFO']);
          await settle([a, c]);
          const pick = (line: string) => / flags=\S+/.exec(line)![0] + / redir=\S+/.exec(line)![0].replace(id, '{id}') + / qbuf=\d+ qbuf-free=\d+/.exec(line)![0];
          return `${pick(a.take())};${pick(c.take())}`;
        };
        const before = await fields();
        b.close();
        await sleep(50);
        a.send(['GET', 'k']);
        c.send(['SET', 'k', '1']);
        await settle([a, c]);
        a.take();
        c.take();
        out.push([before, await fields()]);
        a.close();
        c.close();
      }
      // qbuf: the query buffer holds `CLIENT INFO` as sent (26 bytes) in a 20,474-byte allocation.
      const q = ' qbuf=26 qbuf-free=20448';
      expect(out[0]).toEqual([` flags=t redir={id}${q}; flags=tB redir=0${q}`, ` flags=tR redir={id}${q}; flags=tB redir=0${q}`]);
      expect(out[0]).toEqual(out[1]);
    } finally {
      await ours.close();
      await redis.stop();
    }
  });
});
