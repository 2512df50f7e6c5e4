/**
 * The RESP server as a whole: redis-cli sees the same output from it as from
 * a real redis-server; garbage, half requests, huge lengths and abrupt
 * disconnects never take it down; pipelining, RESP3 encoding and replies
 * that arrive later (blocked clients) keep their order.
 */
import { spawn } from 'node:child_process';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRespServer, type RespServer } from '../../server/server';
import { BLOCK, type Handler } from '../../src/engine/core/command';
import { encodeCommand } from '../../server/resp';
import { requireRedis } from '../support/redis';
import { bothServers } from '../support/servers';
import { connect, exchange, readUntil } from './raw';
import { mulberry32 } from '../support/rng';

const withRedis = requireRedis();
const REDIS_CLI = process.env.REDIS_CLI_BIN ?? '/usr/bin/redis-cli';

/** Runs redis-cli (asynchronously: the server under test lives in this process). */
function cli(port: number, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(REDIS_CLI, ['-p', String(port), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
    p.stderr.setEncoding('latin1').on('data', (d: string) => (err += d));
    p.on('error', reject);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve(`${out}${err}[exit ${code}]`);
    });
    p.stdin.end(input ?? '', 'latin1');
  });
}

async function ping(port: number): Promise<string> {
  return (await exchange(port, ['PING\r\n'], { idleMs: 50 })).out;
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.skipIf(!withRedis)('RESP server: redis-cli sees what it sees from redis-server', () => {
  const servers = bothServers();

  const same = async (args: string[], input?: string) => {
    await cli(servers.ours.port, ['FLUSHDB']);
    await cli(servers.redis.port, ['FLUSHDB']);
    const mine = await cli(servers.ours.port, args, input);
    const theirs = await cli(servers.redis.port, args, input);
    expect(mine).toEqual(theirs);
    return mine;
  };

  const session = [
    'SET greeting "hello world"',
    'GET greeting',
    'get greeting',
    'GET missing',
    'APPEND greeting "!"',
    'STRLEN greeting',
    'INCR counter',
    'INCRBY counter 41',
    'INCR greeting',
    'SET big 9223372036854775807',
    'INCR big',
    'MSET a 1 b 2 c 3',
    'MGET a b nope c',
    'EXISTS a b nope',
    'DEL a b nope',
    'TYPE c',
    'TYPE nope',
    'NOSUCHCOMMAND x y',
    'GET',
    'SET k v NX XX',
    'SET "key with spaces" "\\xe2\\x82\\xac and \\x00 nul"',
    'GET "key with spaces"',
    "SET single 'it\\'s'",
    'GET single',
    'ECHO ""',
    'PING',
    'PING "hi there"',
    'DBSIZE',
    'KEYS nope*',
  ].join('\n');

  it('a session piped on stdin (raw output)', async () => {
    const out = await same([], session + '\n');
    expect(out).toContain('hello world');
  });

  it('a session piped on stdin (--no-raw output)', async () => {
    await same(['--no-raw'], session + '\n');
  });

  it('commands given as arguments', async () => {
    await same(['SET', 'x', '10']);
    await same(['--no-raw', 'MGET', 'x', 'y']);
    await same(['--no-raw', 'INCRBY', 'x', 'notanumber']);
    await same(['ECHO', 'caf\u00e9 \u20ac']);
  });

  it('-x reads the last argument from stdin', async () => {
    await same(['-x', 'ECHO'], 'line one\nline two\n');
  });

  it('--pipe mass insertion of 10,000 commands', async () => {
    let data = '';
    for (let i = 0; i < 10_000; i++) data += encodeCommand(['SET', `key:${i}`, `value ${i}`]);
    const out = await same(['--pipe'], data);
    expect(out).toContain('errors: 0, replies: 10000');
    expect(await cli(servers.ours.port, ['DBSIZE'])).toBe('10000\n[exit 0]');
  });
});

describe('RESP server: robustness', () => {
  let ours: RespServer;
  beforeAll(async () => {
    ours = await startRespServer({ port: 0 });
  });
  afterAll(async () => {
    await ours?.close();
  });

  it('random garbage on many connections never crashes it', async () => {
    const rnd = mulberry32(12345);
    const alphabet = '*$\r\n:+-0123456789 "\'\\x\x00\xffPINGSETGET';
    const runs = Array.from({ length: 40 }, () => {
      const chunks: string[] = [];
      const n = 1 + Math.floor(rnd() * 5);
      for (let i = 0; i < n; i++) {
        let s = '';
        const len = Math.floor(rnd() * 300);
        for (let j = 0; j < len; j++) {
          s += rnd() < 0.7 ? alphabet[Math.floor(rnd() * alphabet.length)] : String.fromCharCode(Math.floor(rnd() * 256));
        }
        chunks.push(s);
      }
      return exchange(ours.port, chunks, { gapMs: 5, idleMs: 100 });
    });
    await Promise.all(runs);
    expect(await ping(ours.port)).toBe('+PONG\r\n');
  });

  it('half requests followed by a disconnect release the client', async () => {
    await until(() => ours.connections === 0);
    const before = ours.engine.clients.size;
    const halves = ['*3\r\n$3\r\nSET\r\n$1\r\nk', '*2\r\n$3\r\nGET', 'GET k', '*1\r\n$100000\r\nabc', '*5\r', 'SET "unterminated'];
    const socks: net.Socket[] = [];
    for (const h of halves) {
      const s = await connect(ours.port);
      s.write(h, 'latin1');
      socks.push(s);
    }
    await until(() => ours.engine.clients.size === before + halves.length);
    for (const s of socks) s.destroy();
    await until(() => ours.engine.clients.size === before && ours.connections === 0);
    expect(await ping(ours.port)).toBe('+PONG\r\n');
  });

  it('huge declared lengths are refused or awaited, and other clients keep being served', async () => {
    const other = await connect(ours.port);
    const waiting = await connect(ours.port);
    waiting.write('*1\r\n$536870912\r\n' + 'x'.repeat(1000), 'latin1'); // legal: it waits for 512MB
    const refused = await exchange(ours.port, ['*1\r\n$9223372036854775807\r\n']);
    expect(refused).toEqual({ out: '-ERR Protocol error: invalid bulk length\r\n', closed: true });
    const tooMany = await exchange(ours.port, ['*2147483648\r\n']);
    expect(tooMany).toEqual({ out: '-ERR Protocol error: invalid multibulk length\r\n', closed: true });
    other.write('PING\r\n');
    expect(await readUntil(other, (s) => s.endsWith('\r\n'))).toBe('+PONG\r\n');
    waiting.destroy();
    other.destroy();
  });

  it('abrupt disconnects in the middle of replies', async () => {
    for (let i = 0; i < 20; i++) {
      const s = await connect(ours.port);
      let cmds = '';
      for (let j = 0; j < 2000; j++) cmds += encodeCommand(['SET', `k${j}`, 'v'.repeat(100)]);
      s.write(cmds);
      s.destroy();
    }
    await until(() => ours.connections === 0);
    expect(await ping(ours.port)).toBe('+PONG\r\n');
  });

  it('pipelines 10,000 commands in one write, replies in order', async () => {
    const s = await connect(ours.port);
    let cmds = encodeCommand(['DEL', 'pipe']);
    for (let i = 0; i < 10_000; i++) cmds += encodeCommand(['INCR', 'pipe']);
    cmds += encodeCommand(['GET', 'pipe']);
    s.write(cmds);
    const out = await readUntil(s, (x) => x.endsWith('$5\r\n10000\r\n'));
    const lines = out.split('\r\n');
    expect(lines[0]).toMatch(/^:[01]$/);
    for (let i = 1; i <= 10_000; i++) expect(lines[i]).toBe(`:${i}`);
    s.destroy();
  });

  it('inline commands typed as over telnet', async () => {
    const r = await exchange(ours.port, ['SET tel', 'net "v 1"\r\n', 'GET telnet\n', 'ECHO\n']);
    expect(r).toEqual({ out: "+OK\r\n$3\r\nv 1\r\n-ERR wrong number of arguments for 'echo' command\r\n", closed: false });
  });
});

describe('RESP server: protocol version and asynchronous replies', () => {
  let ours: RespServer;
  beforeAll(async () => {
    ours = await startRespServer({ port: 0, tickMs: 20 });
    // A test-only blocking command: blocks until the test wakes it.
    const handler: Handler = (ctx) => {
      ctx.client.blocked = {
        keys: [],
        db: ctx.client.db,
        timeoutAt: 0,
        retry: () => undefined,
        onTimeout: () => ({ t: 'nil' }),
        command: 'testblock',
      };
      return BLOCK;
    };
    const ping = ours.engine.commands.get('ping')!;
    ours.engine.commands.set('testblock', { ...ping, spec: { ...ping.spec, name: 'testblock', arity: 1 }, handler, subcommands: undefined });
  });
  afterAll(async () => {
    await ours?.close();
  });

  const newestClient = () => [...ours.engine.clients.values()].at(-1)!;

  it('encodes with RESP3 once the client speaks RESP3', async () => {
    const s = await connect(ours.port);
    s.write('GET nothing\r\n');
    expect(await readUntil(s, (x) => x.endsWith('\r\n'))).toBe('$-1\r\n');
    newestClient().resp = 3;
    s.write('GET nothing\r\n');
    expect(await readUntil(s, (x) => x.endsWith('\r\n'))).toBe('_\r\n');
    s.destroy();
  });

  it('HELLO 3 switches the connection to RESP3 when the engine has HELLO', async () => {
    if (!ours.engine.commands.has('hello')) {
      // Without HELLO the server must say so like Redis does for unknown commands.
      const r = await exchange(ours.port, ['HELLO 3\r\n']);
      expect(r.out).toMatch(/^-ERR unknown command 'HELLO'/);
      return;
    }
    const s = await connect(ours.port);
    s.write('HELLO 3\r\nGET nothing\r\n');
    const out = await readUntil(s, (x) => x.endsWith('_\r\n'));
    expect(out.startsWith('%')).toBe(true);
    s.destroy();
  });

  it('a blocked client gets its late reply before the replies of requests pipelined behind it', async () => {
    const s = await connect(ours.port);
    s.write('TESTBLOCK\r\nPING\r\nECHO after\r\n');
    await until(() => newestClient().blocked !== undefined);
    await new Promise((r) => setTimeout(r, 50));
    const client = newestClient();
    let early = '';
    s.on('data', (d: Buffer) => (early += d.toString('latin1')));
    await new Promise((r) => setTimeout(r, 50));
    expect(early).toBe(''); // nothing behind the blocked command runs yet
    client.blocked = undefined;
    client.send({ t: 'bulk', v: 'woken' });
    const out = await readUntil(s, (x) => x.endsWith('$5\r\nafter\r\n'));
    expect(early + out).toContain('$5\r\nwoken\r\n+PONG\r\n$5\r\nafter\r\n');
    s.destroy();
  });

  it('a push sent while a command runs is written in order with the replies', async () => {
    const s = await connect(ours.port);
    s.write('PING\r\n');
    await readUntil(s, (x) => x === '+PONG\r\n');
    const client = newestClient();
    client.send({ t: 'push', v: [{ t: 'bulk', v: 'message' }] });
    client.send({ t: 'bulk', v: 'second' });
    s.write('PING\r\n');
    const out = await readUntil(s, (x) => x.endsWith('+PONG\r\n'));
    expect(out).toBe('*1\r\n$7\r\nmessage\r\n$6\r\nsecond\r\n+PONG\r\n');
    s.destroy();
  });

  it('QUIT replies then closes when the engine supports it', async () => {
    const r = await exchange(ours.port, ['PING\r\nQUIT\r\nPING\r\n']);
    if (ours.engine.commands.has('quit')) expect(r).toEqual({ out: '+PONG\r\n+OK\r\n', closed: true });
    else expect(r.out.startsWith("+PONG\r\n-ERR unknown command 'QUIT'")).toBe(true);
  });

  it('a client closed by the engine is disconnected by the server', async () => {
    const s = await connect(ours.port);
    s.write('PING\r\n');
    await readUntil(s, (x) => x === '+PONG\r\n');
    const closed = new Promise<void>((r) => s.once('close', () => r()));
    ours.engine.closeClient(newestClient());
    await closed;
    expect(ours.connections).toBe(0);
  });

  it('active expiry runs in the background', async () => {
    const s = await connect(ours.port);
    s.write('SET gone v PX 30\r\nSET stays v\r\n');
    await readUntil(s, (x) => x === '+OK\r\n+OK\r\n');
    await until(() => !ours.engine.dbs[0]!.data.has('gone'), 3000);
    expect(ours.engine.dbs[0]!.data.has('stays')).toBe(true);
    s.destroy();
  });
});

describe.skipIf(!withRedis)('RESP server: blocking commands behave as on redis-server', () => {
  const servers = bothServers();

  /** A scenario over two raw connections; returns what each received. */
  async function scenario(port: number): Promise<string[]> {
    const a = await connect(port);
    const b = await connect(port);
    b.write('DEL q q2 q3\r\n');
    await readUntil(b, (x) => x.endsWith('\r\n'));
    // A blocks; the PING pipelined behind BLPOP waits for it.
    a.write('BLPOP q 0\r\nPING\r\n');
    await new Promise((r) => setTimeout(r, 100));
    b.write('RPUSH q x y\r\n');
    const gotB = await readUntil(b, (x) => x.endsWith('\r\n'));
    const gotA = await readUntil(a, (x) => x.endsWith('+PONG\r\n'));
    // A timeout answers with a null array.
    a.write('BLPOP q2 0.1\r\n');
    const gotTimeout = await readUntil(a, (x) => x.endsWith('\r\n'));
    // A client that disconnects while blocked consumes nothing.
    const c = await connect(port);
    c.write('BLPOP q3 0\r\n');
    await new Promise((r) => setTimeout(r, 100));
    c.destroy();
    await new Promise((r) => setTimeout(r, 100));
    b.write('RPUSH q3 z\r\nLRANGE q3 0 -1\r\nLRANGE q 0 -1\r\n');
    const gotAfter = await readUntil(b, (x) => (x.match(/\*1\r\n/g) ?? []).length >= 2);
    a.destroy();
    b.destroy();
    return [gotA, gotB, gotTimeout, gotAfter];
  }

  it('BLPOP woken by RPUSH, timing out, and abandoned by a disconnect', async () => {
    const mine = await scenario(servers.ours.port);
    const theirs = await scenario(servers.redis.port);
    expect(mine).toEqual(theirs);
    expect(mine[0]).toBe('*2\r\n$1\r\nq\r\n$1\r\nx\r\n+PONG\r\n');
  });
});
