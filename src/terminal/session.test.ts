import { describe, expect, it } from 'vitest';
import type { Reply } from '../protocol/messages';
import { EngineHost } from '../worker/host';
import { TerminalSession, stripPrompt } from './session';

/** A session wired to an in-process engine host, collecting what it prints (`slowMs`: every reply takes that long). */
function setup(opts: { explain?: boolean; python?: boolean; slowMs?: number } = {}) {
  const host = new EngineHost(() => {});
  const { client } = host.handle('open', {});
  let screen = '';
  const session = new TerminalSession({
    specs: host.handle('specs', null),
    keyInfo: async (db, keys) => host.handle('keyInfo', { db, keys }),
    options: { explain: () => opts.explain ?? false, python: () => opts.python ?? false },
    exec: async (argv) => {
      if (opts.slowMs) await new Promise((r) => setTimeout(r, opts.slowMs));
      return host.handle('exec', { client, argv });
    },
    waitReply: () => new Promise<{ reply: Reply; db: number; resp: 2 | 3 }>(() => {}),
    write: (d) => {
      screen += d;
    },
    clear: () => {
      screen = '';
    },
  });
  session.start();
  return { host, client, session, screen: () => screen };
}

const plain = (s: string) => s.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');

describe('TerminalSession', () => {
  it('shows the database and MULTI in the prompt as redis-cli does', async () => {
    const { session } = setup();
    await session.typeLine('SELECT 3');
    expect(session.prompt()).toBe('127.0.0.1:6379[3]> ');
    await session.typeLine('MULTI');
    expect(session.prompt()).toBe('127.0.0.1:6379[3](TX)> ');
    await session.typeLine('DISCARD');
    expect(session.prompt()).toBe('127.0.0.1:6379[3]> ');
  });

  it('knows which ACL user the connection runs as (AUTH, HELLO AUTH, RESET); the prompt stays redis-cli\'s', async () => {
    const { session } = setup();
    expect(session.user).toBeUndefined();
    await session.typeLine('ACL SETUSER app on >pw ~* +@all');
    await session.typeLine('AUTH app wrong');
    expect(session.user).toBeUndefined();
    await session.typeLine('AUTH app pw');
    expect(session.user).toBe('app');
    expect(session.prompt()).toBe('127.0.0.1:6379> ');
    await session.typeLine('RESET');
    expect(session.user).toBeUndefined();
    await session.typeLine('HELLO 2 AUTH app pw');
    expect(session.user).toBe('app');
    await session.typeLine('AUTH default x');
    expect(session.user).toBeUndefined();
  });

  it('answers HELP from the command table', async () => {
    const { session, screen } = setup();
    await session.typeLine('HELP SET');
    expect(plain(screen())).toMatch(/SET key value \[NX\|XX\]/);
  });

  it('explains WRONGTYPE with the type the key holds, unless purist', async () => {
    const on = setup({ explain: true });
    await on.session.typeLine('SADD tags a');
    await on.session.typeLine('GET tags');
    const text = plain(on.screen());
    expect(text).toContain('(error) WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(text).toMatch(/tags.*set/i);
    expect(text).toContain('TYPE');
    const off = setup({ explain: false });
    await off.session.typeLine('SADD tags a');
    await off.session.typeLine('GET tags');
    expect(plain(off.screen())).toMatch(/value\r\n127\.0\.0\.1:6379> $/);
  });

  it('suggests the closest command for a typo', async () => {
    const { session, screen } = setup({ explain: true });
    await session.typeLine('HGETAL user:1');
    expect(plain(screen())).toMatch(/did you mean HGETALL/i);
  });

  it('notes the cost of KEYS on a large keyspace', async () => {
    const { session, screen } = setup({ explain: true });
    await session.typeLine('DEBUG POPULATE 2000');
    await session.typeLine('KEYS nomatch*');
    expect(plain(screen())).toContain('KEYS walked all 2,000 keys');
    expect(plain(screen())).toContain('SCAN 0 MATCH nomatch* COUNT 100');
  });

  it('shows the redis-py call when the Python view is on', async () => {
    const { session, screen } = setup({ python: true });
    await session.typeLine('SET greeting "hello world"');
    expect(plain(screen())).toContain('# r.set("greeting", "hello world")');
  });

  it('completes and hints from the command table', () => {
    const { session } = setup();
    session.feed('hgetal');
    session.feed('\t');
    expect(session.editor.line).toBe('hgetall');
  });

  it('completes before the command table has arrived, from the names bundled with the page', () => {
    const session = new TerminalSession({
      exec: () => new Promise(() => {}),
      waitReply: () => new Promise<{ reply: Reply; db: number; resp: 2 | 3 }>(() => {}),
      write: () => {},
      clear: () => {},
    });
    session.start();
    expect(session.specs).toHaveLength(0);
    session.feed('hgetal');
    session.feed('\t');
    expect(session.editor.line).toBe('hgetall');
    session.feed('\x1b');
    session.feed('\x15config ge\t');
    expect(session.editor.line).toBe('config get');
  });

  it('prints replies as redis-cli does, with the prompt and the typed line', async () => {
    const { session, screen } = setup();
    session.feed('SET greeting "hello world"\r');
    await session.typeLine('GET greeting');
    await session.typeLine('INCR greeting');
    const text = screen().replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    expect(text).toContain('OK\r\n');
    expect(text).toContain('127.0.0.1:6379> GET greeting\r\n"hello world"\r\n');
    expect(text).toContain('(error) ERR value is not an integer or out of range\r\n');
  });

  it('says Invalid argument(s) for unbalanced quotes, and ignores empty lines', async () => {
    const { session, screen } = setup();
    await session.typeLine('SET "oops');
    await session.typeLine('   ');
    expect(screen()).toContain('Invalid argument(s)\r\n');
  });

  it('repeats a command when the line starts with a count, like redis-cli', async () => {
    const { session, screen } = setup();
    await session.typeLine('3 INCR hits');
    expect(screen()).toContain('(integer) 1\r\n(integer) 2\r\n(integer) 3\r\n');
  });

  it('strips pasted prompts and skips comments', () => {
    expect(stripPrompt('127.0.0.1:6379> GET a')).toBe('GET a');
    expect(stripPrompt('127.0.0.1:6379[3](TX)> GET a')).toBe('GET a');
    expect(stripPrompt('redis> SET a 1')).toBe('SET a 1');
    expect(stripPrompt('# a comment')).toBeNull();
    expect(stripPrompt('GET #notacomment')).toBe('GET #notacomment');
  });

  it('runs a multi-line paste in order', async () => {
    const { session, screen } = setup();
    session.feed('\x1b[200~redis> SET a 1\n# comment\n127.0.0.1:6379> INCR a\n\x1b[201~');
    await new Promise((r) => setTimeout(r, 20));
    expect(screen()).toContain('127.0.0.1:6379> SET a 1\r\nOK\r\n127.0.0.1:6379> INCR a\r\n(integer) 2\r\n');
  });

  it('survives random input: control characters, emoji, huge lines, garbage quotes', async () => {
    const { session, screen, host } = setup();
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = ['"', "'", '\\', 'x', '\\x', ' ', 'SET', 'GET', 'k', '😀', '\x00', '\x1b', '\t', 'é', 'INCR', '\\xzz', '{', 'DEL'];
    for (let i = 0; i < 500; i++) {
      const n = Math.floor(rnd() * 12);
      let line = '';
      for (let j = 0; j < n; j++) line += alphabet[Math.floor(rnd() * alphabet.length)];
      await session.typeLine(line);
    }
    await session.typeLine(`SET huge ${'y'.repeat(100_000)}`);
    await session.typeLine('STRLEN huge');
    expect(screen()).toContain('(integer) 100000\r\n');
    // The engine still answers.
    const { client } = host.handle('open', {});
    expect(host.handle('exec', { client, argv: ['PING'] }).reply).toEqual({ t: 'simple', v: 'PONG' });
  });
});

describe('long pastes', () => {
  it('runs 10,000 pasted lines in order, reports progress, and stops on Ctrl-C', async () => {
    const { host, client, session, screen } = setup();
    const lines = Array.from({ length: 10_000 }, () => 'INCR n');
    session.feed(`\x1b[200~${lines.join('\n')}\x1b[201~`);
    await new Promise((r) => setTimeout(r, 5));
    const p = session.progress();
    expect(p?.total).toBe(10_000);
    // Wait for the whole paste.
    while (session.isBusy) await new Promise((r) => setTimeout(r, 5));
    expect(host.handle('exec', { client, argv: ['GET', 'n'] }).reply).toEqual({ t: 'bulk', v: '10000' });
    expect(screen()).toContain('(integer) 10000\r\n');

    session.feed(`\x1b[200~${lines.join('\n')}\x1b[201~`);
    await new Promise((r) => setTimeout(r, 5));
    session.feed('\x03');
    while (session.isBusy) await new Promise((r) => setTimeout(r, 5));
    const n = Number((host.handle('exec', { client, argv: ['GET', 'n'] }).reply as { v: string }).v);
    expect(n).toBeGreaterThan(10_000);
    expect(n).toBeLessThan(20_000);
    expect(screen()).toMatch(/\^C \([\d,]+ pasted lines not run\)/);
  });
});

describe('type-ahead', () => {
  it('runs a line typed while the previous command was still running', async () => {
    // A slow engine: every reply takes 20 ms.
    const { host, client, session, screen } = setup({ slowMs: 20 });
    session.feed('INCR n\r');
    session.feed('INCR n');
    session.feed('\r');
    while (session.isBusy || !screen().includes('(integer) 2')) await new Promise((r) => setTimeout(r, 5));
    const text = plain(screen());
    expect(text.indexOf('(integer) 1')).toBeGreaterThan(0);
    expect(text.indexOf('(integer) 2')).toBeGreaterThan(text.indexOf('(integer) 1'));
    expect(host.handle('exec', { client, argv: ['GET', 'n'] }).reply).toEqual({ t: 'bulk', v: '2' });
  });
});

describe('megabyte pastes', () => {
  const idle = async (session: TerminalSession) => {
    while (session.isBusy) await new Promise((r) => setTimeout(r, 5));
  };

  it('a 1 MB paste of random bytes runs as lines and leaves the editor, the history and the engine working', async () => {
    const { session, screen, host } = setup();
    session.feed('SET before 1\r');
    await idle(session);
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let junk = '';
    // Bytes of every kind, lone escapes and quotes included; about one newline per 2 KB.
    const parts = ['\x1b', '\x1b[', '"', "'", '\\', '\x00', '\t', '😀'];
    while (junk.length < 1 << 20) {
      const r = rnd();
      if (r < 0.0005) junk += '\n';
      else if (r < 0.05) junk += parts[Math.floor(rnd() * parts.length)];
      else junk += String.fromCharCode(32 + Math.floor(rnd() * 0x250));
    }
    session.feed(`\x1b[200~${junk}\x1b[201~`);
    await idle(session);
    session.feed('GET before\r');
    await idle(session);
    expect(plain(screen()).endsWith('"1"\r\n127.0.0.1:6379> ')).toBe(true);
    // Up twice: the typed lines are still in the history behind the pasted ones.
    expect(session.editor.historyEntries.at(-1)).toBe('GET before');
    expect(session.editor.historyEntries).toContain('SET before 1');
    const { client } = host.handle('open', {});
    expect(host.handle('exec', { client, argv: ['PING'] }).reply).toEqual({ t: 'simple', v: 'PONG' });
  });

  it('a 1 MB single line is one command', async () => {
    const { session, screen } = setup();
    session.feed(`\x1b[200~SET big ${'v'.repeat(1 << 20)}\x1b[201~`);
    session.feed('\r');
    await idle(session);
    session.feed('STRLEN big\r');
    await idle(session);
    expect(plain(screen())).toContain('(integer) 1048576\r\n');
  });
});

describe('pastes in batches', () => {
  function wired(batch: boolean) {
    const host = new EngineHost(() => {});
    const { client } = host.handle('open', {});
    let screen = '';
    let trips = 0;
    const session = new TerminalSession({
      specs: host.handle('specs', null),
      exec: async (argv) => {
        trips++;
        return host.handle('exec', { client, argv });
      },
      ...(batch
        ? {
            execBatch: async (argvs: readonly (readonly string[])[]) => {
              trips++;
              return host.handle('execBatch', { client, argvs });
            },
          }
        : {}),
      waitReply: () => new Promise(() => {}),
      write: (d) => {
        screen += d;
      },
      clear: () => {},
    });
    session.start();
    return { session, host, client, screen: () => screen, trips: () => trips };
  }

  it('prints exactly what line-by-line execution prints, in far fewer round trips', async () => {
    const text = ['SET a 1', 'INCR a', 'GET a', 'HGET a x', '3 INCR n', 'SELECT 2', 'SET in2 x', 'MULTI', 'INCR t', 'EXEC', 'LPUSH q x', 'BLPOP q 0', 'SELECT 0', 'DBSIZE']
      .concat(Array.from({ length: 500 }, (_, i) => `SET k${i} v${i}`))
      .join('\n');
    const one = wired(false);
    const many = wired(true);
    for (const w of [one, many]) {
      w.session.feed(`\x1b[200~${text}\x1b[201~`);
      await new Promise((r) => setTimeout(r, 5));
      while (w.session.isBusy) await new Promise((r) => setTimeout(r, 5));
    }
    expect(many.screen()).toBe(one.screen());
    expect(many.screen()).toContain('127.0.0.1:6379[2](TX)> INCR t');
    expect(many.trips()).toBeLessThan(20);
    expect(one.trips()).toBeGreaterThan(500);
    expect(many.host.handle('exec', { client: many.client, argv: ['DBSIZE'] }).reply).toEqual({ t: 'int', v: 502 });
  });
});

describe('Ctrl-C while a script runs', () => {
  it('asks the engine to kill it, prints ^C with a note, then the script’s error and a prompt', async () => {
    let screen = '';
    let fail: (e: Error) => void = () => {};
    let asked = 0;
    const session = new TerminalSession({
      exec: () => new Promise((_, reject) => (fail = reject)),
      waitReply: () => new Promise<{ reply: Reply; db: number; resp: 2 | 3 }>(() => {}),
      interrupt: () => {
        asked++;
        fail(new Error('ERR Script killed by user with SCRIPT KILL...'));
        return true;
      },
      write: (d) => {
        screen += d;
      },
      clear: () => {},
    });
    session.start();
    const running = session.typeLine('EVAL "while true do end" 0');
    await new Promise((r) => setTimeout(r, 0));
    session.feed('\x03');
    await running;
    expect(asked).toBe(1);
    const text = plain(screen);
    expect(text).toContain('^C\r\n(redis-cli would exit and leave the script running; the playground sent SCRIPT KILL for you)');
    expect(text).toMatch(/\(error\) ERR Script killed by user with SCRIPT KILL\.\.\.\r\n127\.0\.0\.1:6379> $/);
  });

  it('does nothing at an idle prompt (the line editor clears the line)', () => {
    let asked = 0;
    const session = new TerminalSession({
      exec: async () => ({ reply: { t: 'simple', v: 'OK' }, db: 0, multi: false, closed: false, resp: 2 }),
      waitReply: () => new Promise<{ reply: Reply; db: number; resp: 2 | 3 }>(() => {}),
      interrupt: () => (asked++, true),
      write: () => {},
      clear: () => {},
    });
    session.start();
    session.feed('\x03');
    expect(asked).toBe(0);
  });
});
