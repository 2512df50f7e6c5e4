/**
 * Pub/Sub against a real redis-server, byte for byte, over real sockets on
 * both sides: our engine behind the RESP server (server/server.ts), Redis
 * behind its own port. Several connections per side subscribe, publish and
 * unsubscribe; after every step each connection's received bytes must be
 * identical, pushes included (RESP2 arrays, RESP3 `>` pushes).
 *
 * Redis iterates hash tables in an order of its own, so scripts avoid
 * replies whose order Redis leaves unspecified (UNSUBSCRIBE of several
 * channels at once, several patterns matching one channel, PUBSUB CHANNELS
 * of several channels), or compare those as sorted lines.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine';
import { RespClient, requireRedis } from '../support/redis';
import { Raw, useServerPair, settle as settleRaw } from '../support/raw';
import { both, canon, same, wire } from '../support/oracle';

const run = requireRedis();
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until every connection went quiet (and at least `minMs` passed). */
const settle = (conns: readonly Raw[], minMs = 15): Promise<void> => settleRaw(conns, minMs, 10, 50);

describe.skipIf(!run)('differential: pub/sub vs real redis-server, byte for byte over sockets', () => {
  const servers = useServerPair();

  /** n connection pairs, each [ours, theirs]. */
  async function pairs(n: number): Promise<[Raw, Raw][]> {
    const out: [Raw, Raw][] = [];
    for (let i = 0; i < n; i++) {
      const p: [Raw, Raw] = [await Raw.connect(servers.ours.port), await Raw.connect(servers.redis.port)];
      servers.open.push(...p);
      out.push(p);
    }
    return out;
  }

  /** Runs each step on both sides, then compares every connection's bytes. */
  async function script(conns: [Raw, Raw][], steps: readonly (readonly [number, ...string[]])[], sortedSteps: ReadonlySet<number> = new Set()) {
    const all = conns.flat();
    for (let i = 0; i < steps.length; i++) {
      const [who, ...argv] = steps[i]!;
      const [a, b] = conns[who]!;
      a.send(argv);
      b.send(argv);
      await settle(all);
      for (let k = 0; k < conns.length; k++) {
        const [x, y] = conns[k]!;
        const got = x.take();
        const want = y.take();
        const label = `step ${i} (${who}: ${argv.join(' ')}), connection ${k}`;
        if (sortedSteps.has(i)) expect(got.split('\r\n').sort(), label).toEqual(want.split('\r\n').sort());
        else expect(JSON.stringify(got), label).toBe(JSON.stringify(want));
      }
    }
  }

  it('subscribe, publish to several subscribers, counts, unsubscribe (RESP2)', async () => {
    const c = await pairs(3);
    await script(c, [
      [0, 'SUBSCRIBE', 'news', 'sport', 'news'],
      [1, 'SUBSCRIBE', 'news'],
      [2, 'PUBLISH', 'news', 'hello'],
      [2, 'PUBLISH', 'sport', 'goal'],
      [2, 'PUBLISH', 'weather', 'rain'],
      [2, 'PUBSUB', 'NUMSUB', 'news', 'sport', 'nope'],
      [2, 'PUBSUB', 'NUMPAT'],
      [2, 'PUBSUB', 'CHANNELS', 'n*'],
      [0, 'UNSUBSCRIBE', 'sport'],
      [0, 'UNSUBSCRIBE', 'nothere'],
      [2, 'PUBLISH', 'sport', 'x'],
      [0, 'UNSUBSCRIBE'],
      [0, 'UNSUBSCRIBE'],
      [0, 'GET', 'k'],
      [1, 'GET', 'k'],
      [1, 'CONFIG', 'GET', 'maxmemory'],
      [1, 'PING'],
      [1, 'PING', 'hi'],
      [1, 'PUNSUBSCRIBE'],
      [1, 'SUNSUBSCRIBE'],
      [1, 'UNSUBSCRIBE'],
      [1, 'PING'],
      [2, 'PUBSUB', 'CHANNELS'],
    ]);
  });

  it('patterns: pmessage, counts shared with channels, glob rules, binary payloads', async () => {
    const c = await pairs(3);
    await script(c, [
      [0, 'PSUBSCRIBE', 'news.*', 'h?llo', 'x[a-c]y'],
      [0, 'SUBSCRIBE', 'news.eu'],
      [1, 'PSUBSCRIBE', 'news.*'],
      [2, 'PUBLISH', 'news.eu', 'both'],
      [2, 'PUBLISH', 'hallo', 'q'],
      [2, 'PUBLISH', 'xby', '\u0000\u00ff\r\n'],
      [2, 'PUBLISH', 'xdy', 'no'],
      [2, 'PUBSUB', 'NUMPAT'],
      [0, 'PUNSUBSCRIBE', 'h?llo'],
      [0, 'PUNSUBSCRIBE', 'zz*'],
      [2, 'PUBLISH', 'hallo', 'q'],
      [1, 'PUNSUBSCRIBE'],
      [1, 'PING'],
      [0, 'QUIT'],
      [2, 'PUBLISH', 'news.eu', 'after quit'],
      [2, 'PUBSUB', 'NUMPAT'],
    ]);
  });

  it('shard channels, RESET, errors and HELP', async () => {
    const c = await pairs(2);
    await script(c, [
      [0, 'SSUBSCRIBE', 's1', 's2'],
      [1, 'SPUBLISH', 's1', 'sharded'],
      [1, 'PUBLISH', 's1', 'not sharded'],
      [1, 'PUBSUB', 'SHARDNUMSUB', 's1', 'zz'],
      [1, 'PUBSUB', 'SHARDCHANNELS', 's1'],
      [0, 'SUNSUBSCRIBE', 's2'],
      [0, 'SUBSCRIBE', 'c'],
      [0, 'SET', 'a', 'b'],
      [0, 'RESET'],
      [1, 'PUBLISH', 'c', 'gone'],
      [1, 'SPUBLISH', 's1', 'gone'],
      [0, 'SUBSCRIBE'],
      [0, 'PUBLISH', 'x'],
      [0, 'PUBSUB'],
      [0, 'PUBSUB', 'NOPE'],
      [0, 'PUBSUB', 'CHANNELS', 'a', 'b'],
      [0, 'PUBSUB', 'NUMPAT', 'x'],
      [0, 'PUBSUB', 'HELP'],
      [0, 'MULTI'],
      [0, 'SSUBSCRIBE', 's'],
      [0, 'EXEC'],
      [0, 'MULTI'],
      [0, 'SUBSCRIBE', 'tx'],
      [0, 'EXEC'],
      [0, 'MULTI'],
      [0, 'RESET'],
      [0, 'SUBSCRIBE', 'c2'],
      [0, 'MULTI'],
      [0, 'CLIENT', 'ID'],
      [0, 'RESET'],
    ]);
  });

  it('RESP3: confirmations and messages are pushes; any command works while subscribed', async () => {
    const c = await pairs(2);
    // HELLO's reply holds the server's own connection id: compare the rest.
    for (const [a, b] of c) {
      a.send(['HELLO', '3']);
      b.send(['HELLO', '3']);
    }
    await settle(c.flat());
    for (const [a, b] of c) expect(a.take().replace(/:\d+\r\n\$4\r\nmode/, '')).toBe(b.take().replace(/:\d+\r\n\$4\r\nmode/, ''));
    await script(c, [
      [0, 'SUBSCRIBE', 'ch'],
      [0, 'PSUBSCRIBE', 'c*'],
      [1, 'PUBLISH', 'ch', 'hi'],
      [0, 'SET', 'k', 'v'],
      [0, 'GET', 'k'],
      [0, 'PING'],
      [0, 'PUBLISH', 'ch', 'self'],
      [0, 'UNSUBSCRIBE', 'ch'],
      [0, 'PUNSUBSCRIBE'],
      [0, 'UNSUBSCRIBE'],
      [0, 'SSUBSCRIBE', 's'],
      [1, 'SPUBLISH', 's', 'm'],
      [0, 'SUNSUBSCRIBE'],
      [0, 'RESET'],
    ]);
  });

  it('UNSUBSCRIBE of several channels at once (order is Redis hash order: compared sorted)', async () => {
    const c = await pairs(1);
    await script(c, [[0, 'SUBSCRIBE', 'a', 'b', 'c'], [0, 'UNSUBSCRIBE', 'a', 'b'], [0, 'SUBSCRIBE', 'd', 'e'], [0, 'UNSUBSCRIBE']], new Set([3]));
  });

  it('INFO and CLIENT LIST count subscriptions', async () => {
    const c = await pairs(2);
    for (const [a, b] of c.slice(0, 1)) {
      for (const argv of [['SUBSCRIBE', 'a', 'b'], ['PSUBSCRIBE', 'p*'], ['SSUBSCRIBE', 's']]) {
        a.send(argv);
        b.send(argv);
      }
    }
    await settle(c.flat());
    for (const [a, b] of c) expect(a.take()).toBe(b.take());
    const [a, b] = c[1]!;
    a.send(['INFO', 'stats']);
    b.send(['INFO', 'stats']);
    a.send(['CLIENT', 'LIST']);
    b.send(['CLIENT', 'LIST']);
    await settle(c.flat());
    const fields = (text: string) => {
      const info = Object.fromEntries([...text.matchAll(/^(pubsub\w*):(\d+)\r$/gm)].map((m) => [m[1], m[2]]));
      const subs = [...text.matchAll(/flags=(\w+) db=\d+ sub=(\d+) psub=(\d+) ssub=(\d+)/g)].map((m) => m.slice(1).join(' ')).sort();
      return { info, subs };
    };
    const got = fields(a.take());
    expect(got.info).toEqual({ pubsub_channels: '2', pubsub_patterns: '1', pubsubshard_channels: '1' });
    expect(got).toEqual(fields(b.take()));
  });

  it('COMMAND INFO and DOCS of the pub/sub group', async () => {
    const engine = new Engine();
    const side = { engine, client: engine.createClient(), redis: await RespClient.connect(servers.redis.port) };
    try {
      const names = ['subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe', 'publish', 'ssubscribe', 'sunsubscribe', 'spublish', 'pubsub'];
      const theirs = await side.redis.call(['COMMAND', 'INFO', ...names]);
      const ours = wire(engine.exec(side.client, ['COMMAND', 'INFO', ...names]), 2);
      // name, arity, flags, key positions, categories; subcommand names and arities.
      const head = (x: typeof theirs | undefined) =>
        x?.t === 'array'
          ? x.v.map((c) => {
              if (c.t !== 'array') return canon(c);
              const subs = c.v[9]!;
              const subHeads = subs.t === 'array' ? subs.v.map((sc) => (sc.t === 'array' ? canon({ t: 'array', v: sc.v.slice(0, 7) }, { sortMaps: true }) : null)) : [];
              return [canon({ t: 'array', v: c.v.slice(0, 7) }, { sortMaps: true }), subHeads.map((h) => JSON.stringify(h)).sort()];
            })
          : canon(x);
      expect(head(ours)).toEqual(head(theirs));
      await both(side, ['HELLO', '3']);
      for (const name of names) await same(side, ['COMMAND', 'DOCS', name], { sortMaps: true });
    } finally {
      side.redis.close();
    }
  });

  it('redis-cli in SUBSCRIBE mode receives PUBLISHed messages from both servers alike', async () => {
    const listen = (port: number) => {
      const p = spawn(REDIS_CLI, ['-p', String(port), 'SUBSCRIBE', 'news'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
      return { p, out: () => out };
    };
    const outputs: string[] = [];
    for (const port of [servers.ours.port, servers.redis.port]) {
      const l = listen(port);
      const pub = await Raw.connect(port);
      servers.open.push(pub);
      // Wait until redis-cli is subscribed.
      for (let i = 0; i < 200 && !l.out().includes('news'); i++) await sleep(10);
      pub.send(['PUBLISH', 'news', 'hello world']);
      pub.send(['PUBLISH', 'news', 'second']);
      for (let i = 0; i < 200 && !l.out().includes('second'); i++) await sleep(10);
      l.p.kill('SIGINT');
      await new Promise((r) => l.p.once('close', r));
      expect(pub.take()).toBe(':1\r\n:1\r\n');
      outputs.push(l.out());
    }
    expect(outputs[0]).toBe('subscribe\nnews\n1\nmessage\nnews\nhello world\nmessage\nnews\nsecond\n');
    expect(outputs[0]).toBe(outputs[1]);
  });
});
