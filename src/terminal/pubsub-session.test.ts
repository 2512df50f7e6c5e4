import { describe, expect, it } from 'vitest';
import type { Reply, WorkerEvent } from '../protocol/messages';
import { EngineHost } from '../worker/host';
import { TerminalSession } from './session';

type Late = { reply: Reply; db: number; resp: 2 | 3 };

/**
 * Terminals sharing one in-process engine host, wired the way TerminalView
 * wires them: late replies arrive as 'reply' events for the client id.
 */
function world() {
  const listeners: ((e: WorkerEvent) => void)[] = [];
  const host = new EngineHost((e) => listeners.forEach((l) => l(e)));
  const specs = host.handle('specs', null);
  const terminal = (opts: { reconnect?: boolean } = {}) => {
    let client = host.handle('open', { name: 'term' }).client;
    let screen = '';
    const waiters: ((r: Late) => void)[] = [];
    const inbox: Late[] = [];
    listeners.push((e) => {
      if (e.type !== 'reply' || e.client !== client) return;
      const late = { reply: e.reply, db: e.db, resp: e.resp };
      const w = waiters.shift();
      if (w) w(late);
      else inbox.push(late);
    });
    const session = new TerminalSession({
      specs,
      exec: async (argv) => {
        inbox.length = 0;
        return host.handle('exec', { client, argv });
      },
      waitReply: (signal) => {
        const ready = inbox.shift();
        if (ready) return Promise.resolve(ready);
        return new Promise((resolve) => {
          waiters.push(resolve);
          signal?.addEventListener('abort', () => waiters.splice(waiters.indexOf(resolve), 1));
        });
      },
      ...(opts.reconnect === false
        ? {}
        : {
            reconnect: async () => {
              const old = client;
              client = host.handle('open', { name: 'term' }).client;
              host.handle('close', { client: old });
            },
          }),
      write: (d) => {
        screen += d;
      },
      clear: () => {},
    });
    session.start();
    return { session, screen: () => screen.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''), client: () => client };
  };
  return { host, terminal };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

/** Two terminals: the first types `line` (SUBSCRIBE, MONITOR) and stays in that mode; `done` settles when it leaves. */
async function listening(line: string) {
  const { host, terminal } = world();
  const listener = terminal();
  const other = terminal();
  const done = listener.session.typeLine(line);
  await tick();
  return { host, listener, other, done };
}

describe('terminal in subscribed mode (redis-cli 7.0)', () => {
  it('prints "Reading messages...", the confirmations and each message, with no prompt until Ctrl-C', async () => {
    const { host, listener: sub, other: pub, done } = await listening('SUBSCRIBE news alerts');
    expect(sub.screen()).toBe(
      '127.0.0.1:6379> \r127.0.0.1:6379> SUBSCRIBE news alerts\r\n' +
        'Reading messages... (press Ctrl-C to quit)\r\n' +
        '1) "subscribe"\r\n2) "news"\r\n3) (integer) 1\r\n' +
        '1) "subscribe"\r\n2) "alerts"\r\n3) (integer) 2\r\n',
    );
    expect(sub.session.isSubscribed).toBe(true);
    await pub.session.typeLine('PUBLISH news "hello there"');
    expect(pub.screen()).toContain('PUBLISH news "hello there"\r\n(integer) 1\r\n');
    await tick();
    expect(sub.screen().endsWith('1) "message"\r\n2) "news"\r\n3) "hello there"\r\n')).toBe(true);
    // Typing does nothing while subscribed.
    const before = sub.screen();
    sub.session.feed('GET k\r');
    await tick();
    expect(sub.screen()).toBe(before);
    // Ctrl-C: ^C, a new connection, the prompt again.
    const oldId = sub.client();
    sub.session.feed('\x03');
    await done;
    await tick();
    expect(sub.session.isSubscribed).toBe(false);
    expect(sub.client()).not.toBe(oldId);
    const tail = sub.screen().slice(before.length);
    expect(tail).toMatch(/^\^C(\(\d+\.\d\ds\))?\r\n\(redis-cli reconnects after Ctrl-C: this is a new connection\)\r\n127\.0\.0\.1:6379> $/);
    // The old connection is gone from the server: nobody listens any more.
    expect(host.handle('exec', { client: pub.client(), argv: ['PUBLISH', 'news', 'x'] }).reply).toEqual({ t: 'int', v: 0 });
    // And the terminal works normally again.
    await sub.session.typeLine('SET k v');
    expect(sub.screen()).toMatch(/SET k v\r\nOK\r\n127\.0\.0\.1:6379> $/);
  });

  it('MONITOR: OK, then every command another terminal runs, until Ctrl-C', async () => {
    const { host, listener: mon, other, done } = await listening('MONITOR');
    expect(mon.screen()).toBe('127.0.0.1:6379> \r127.0.0.1:6379> MONITOR\r\nOK\r\n');
    expect(mon.session.isSubscribed).toBe(true);
    await other.session.typeLine('SET greeting "hello world"');
    await other.session.typeLine('SELECT 2');
    await other.session.typeLine('CONFIG GET maxmemory');
    await other.session.typeLine('GET greeting');
    await tick();
    const lines = mon.screen().split('\r\n').slice(2, -1);
    expect(lines).toHaveLength(3); // CONFIG is an admin command: not shown
    expect(lines[0]).toMatch(/^\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "SET" "greeting" "hello world"$/);
    expect(lines[1]).toMatch(/\[2 127\.0\.0\.1:\d+\] "SELECT" "2"$/);
    expect(lines[2]).toMatch(/\[2 127\.0\.0\.1:\d+\] "GET" "greeting"$/);
    // Ctrl-C: a new connection, which no longer monitors.
    mon.session.feed('\x03');
    await done;
    await tick();
    expect(mon.session.isSubscribed).toBe(false);
    const before = mon.screen();
    host.handle('exec', { client: other.client(), argv: ['PING'] });
    await tick();
    expect(mon.screen()).toBe(before);
  });

  it('prints pattern messages, leaves a database selection behind and falls back to RESET without reconnect', async () => {
    const { terminal } = world();
    const sub = terminal({ reconnect: false });
    const pub = terminal();
    await sub.session.typeLine('SELECT 2');
    const done = sub.session.typeLine('PSUBSCRIBE news.*');
    await tick();
    await pub.session.typeLine('PUBLISH news.eu hi');
    await tick();
    expect(sub.screen()).toContain(
      'Reading messages... (press Ctrl-C to quit)\r\n1) "psubscribe"\r\n2) "news.*"\r\n3) (integer) 1\r\n' +
        '1) "pmessage"\r\n2) "news.*"\r\n3) "news.eu"\r\n4) "hi"\r\n',
    );
    sub.session.feed('\x03');
    await done;
    expect(sub.session.prompt()).toBe('127.0.0.1:6379> ');
    await pub.session.typeLine('PUBLISH news.eu again');
    expect(pub.screen()).toMatch(/again"?\r\n\(integer\) 0\r\n/);
  });

  it('an error reply leaves subscribed mode at once, as redis-cli does', async () => {
    const { terminal } = world();
    const t = terminal();
    await t.session.typeLine('SUBSCRIBE');
    expect(t.screen()).toBe(
      "127.0.0.1:6379> \r127.0.0.1:6379> SUBSCRIBE\r\nReading messages... (press Ctrl-C to quit)\r\n(error) ERR wrong number of arguments for 'subscribe' command\r\n127.0.0.1:6379> ",
    );
    expect(t.session.isSubscribed).toBe(false);
  });

  it('a pasted SUBSCRIBE waits for Ctrl-C before the next line runs', async () => {
    const { terminal } = world();
    const t = terminal();
    t.session.feed('\x1b[200~SUBSCRIBE a\rSET k v\x1b[201~');
    for (let i = 0; i < 5; i++) await tick();
    expect(t.session.isSubscribed).toBe(true);
    expect(t.screen()).not.toContain('SET k v');
    t.session.feed('\x03');
    for (let i = 0; i < 10; i++) await tick();
    expect(t.screen()).toMatch(/SET k v\r\nOK\r\n/);
  });

  it('RESP3: a client publishing to its own channel sees the push before the count', async () => {
    const { host, terminal } = world();
    const t = terminal();
    await t.session.typeLine('HELLO 3');
    // Typed, SUBSCRIBE would enter subscribed mode even inside MULTI (as redis-cli does): run these directly.
    for (const argv of [['MULTI'], ['SUBSCRIBE', 'me'], ['EXEC']]) host.handle('exec', { client: t.client(), argv });
    await t.session.typeLine('PUBLISH me hi');
    expect(t.screen()).toMatch(/PUBLISH me hi\r\n1\) "message"\r\n2\) "me"\r\n3\) "hi"\r\n\(integer\) 1\r\n/);
  });

  it('Ctrl-C stops a blocked BLPOP: a new connection, and the next lines run', async () => {
    const { host, terminal } = world();
    const t = terminal();
    await t.session.typeLine('SELECT 2');
    const first = t.client();
    t.session.feed('\x1b[200~BLPOP q 0\rLPUSH q after\x1b[201~');
    for (let i = 0; i < 5; i++) await tick();
    expect(t.screen()).toMatch(/BLPOP q 0\r\n$/);
    expect(t.screen()).not.toContain('LPUSH q after');
    t.session.feed('\x03');
    for (let i = 0; i < 10; i++) await tick();
    expect(t.screen()).toContain('^C\r\n(redis-cli would exit here; the playground opens a new connection instead: database 0, no MULTI)');
    // Database 0 on the new connection; the old one is gone, so nothing waits on q.
    expect(t.client()).not.toBe(first);
    expect(t.screen()).toMatch(/127\.0\.0\.1:6379> LPUSH q after\r\n\(integer\) 1\r\n127\.0\.0\.1:6379> $/);
    expect(host.handle('exec', { client: t.client(), argv: ['INFO', 'clients'] }).reply).toMatchObject({ v: expect.stringContaining('blocked_clients:0\r\n') });
  });

  it('CLIENT REPLY OFF: commands print nothing and the prompt comes back; ON answers OK again', async () => {
    const { host, terminal } = world();
    const t = terminal();
    await t.session.typeLine('CLIENT REPLY OFF');
    await t.session.typeLine('SET k v');
    await t.session.typeLine('CLIENT REPLY SKIP');
    await t.session.typeLine('GET k');
    await t.session.typeLine('CLIENT REPLY ON');
    await t.session.typeLine('GET k');
    // typeLine redraws the prompt it replaces ("prompt \r prompt line"): drop the replaced ones.
    expect(t.screen().replace(/127\.0\.0\.1:6379> \r/g, '')).toBe(
      '127.0.0.1:6379> CLIENT REPLY OFF\r\n127.0.0.1:6379> SET k v\r\n127.0.0.1:6379> CLIENT REPLY SKIP\r\n' +
        '127.0.0.1:6379> GET k\r\n127.0.0.1:6379> CLIENT REPLY ON\r\nOK\r\n127.0.0.1:6379> GET k\r\n"v"\r\n127.0.0.1:6379> ',
    );
    expect(host.handle('exec', { client: t.client(), argv: ['GET', 'k'] }).reply).toEqual({ t: 'bulk', v: 'v' });
  });
});
