import { describe, expect, it } from 'vitest';
import type { Reply } from '../protocol/messages';
import { EngineHost } from '../worker/host';
import { TerminalSession, stripPrompt } from './session';

/** A session wired to an in-process engine host, collecting what it prints. */
function setup() {
  const host = new EngineHost(() => {});
  const { client } = host.handle('open', {});
  let screen = '';
  const session = new TerminalSession({
    exec: async (argv) => host.handle('exec', { client, argv }),
    waitReply: () => new Promise<{ reply: Reply; db: number; resp: 2 | 3 }>(() => {}),
    write: (d) => {
      screen += d;
    },
    clear: () => {
      screen = '';
    },
  });
  session.start();
  return { host, session, screen: () => screen };
}

describe('TerminalSession', () => {
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
