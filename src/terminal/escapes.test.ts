import { describe, expect, it } from 'vitest';
import { escapeControls } from '../cli/escape';
import type { Reply } from '../protocol/messages';
import { EngineHost } from '../worker/host';
import { TerminalSession } from './session';

/** The terminal's own styles: everything else must reach the screen without a control character. */
const OWN_STYLES = /\x1b\[(?:0|1|2|22|33|36|90|32|K|J|\d+[ABCD])m?/g;

function setup(opts: { explain?: boolean; python?: boolean } = {}) {
  const host = new EngineHost(() => {});
  const { client } = host.handle('open', {});
  let screen = '';
  const late: ((v: { reply: Reply; db: number; resp: 2 | 3 }) => void)[] = [];
  const session = new TerminalSession({
    specs: host.handle('specs', null),
    keyInfo: async (db, keys) => host.handle('keyInfo', { db, keys }),
    options: { explain: () => opts.explain ?? true, python: () => opts.python ?? false },
    exec: async (argv) => host.handle('exec', { client, argv }),
    waitReply: () => new Promise((resolve) => late.push(resolve)),
    write: (d) => {
      screen += d;
    },
    clear: () => {
      screen = '';
    },
  });
  session.start();
  return { session, screen: () => screen, late, host };
}

const idle = async (s: TerminalSession) => {
  await new Promise((r) => setTimeout(r, 0));
  while (s.isBusy) await new Promise((r) => setTimeout(r, 5));
};

describe('escaping what the terminal did not write itself', () => {
  it('writes control characters as \\xHH, keeps tab and newline', () => {
    expect(escapeControls('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeControls('\x00\x07\x08\r\x7f\x9b')).toBe('\\x00\\x07\\x08\\x0d\\x7f\\x9b');
    expect(escapeControls('tab\there\nnext 😀 é')).toBe('tab\there\nnext 😀 é');
  });

  it('an error echoing a typed argument neither clears the screen nor colours the notes', async () => {
    const { session, screen } = setup({ explain: true });
    await session.typeLine('"\\x1b[2J\\x1b[H\\x1b[41mPWNED" a');
    const out = screen();
    expect(out).toContain("(error) ERR unknown command '\\x1b[2J\\x1b[H\\x1b[41mPWNED', with args beginning with: 'a' ");
    expect(out.replace(OWN_STYLES, '')).not.toMatch(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]/);
    expect(out).not.toContain('\x1b[41m');
    expect(out).not.toContain('\x1b[2J');
  });

  it('drops raw escape bytes from pasted lines, so they are neither echoed nor sent', async () => {
    const { session, screen } = setup({ explain: false });
    session.feed('\x1b[200~ECHO "a\x1b[2Jb"\nECHO c\x1b[41md\n\x1b[201~');
    await idle(session);
    const out = screen();
    expect(out).not.toContain('\x1b[2J');
    expect(out).not.toContain('\x1b[41m');
    expect(out).toContain('ECHO "a[2Jb"\r\n"a[2Jb"');
    expect(out).toContain('ECHO c[41md\r\n"c[41md"');
  });

  it('a simple string or a pub/sub message holding control bytes prints them escaped', async () => {
    const { session, screen, late } = setup({ explain: false });
    void session.typeLine('SUBSCRIBE ch');
    for (let i = 0; i < 50 && late.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    late.shift()!({ reply: { t: 'array', v: [{ t: 'bulk', v: 'message' }, { t: 'bulk', v: 'ch' }, { t: 'simple', v: 'x\x1b[2Jy' }] }, db: 0, resp: 2 });
    for (let i = 0; i < 50 && late.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(screen()).toContain('3) x\\x1b[2Jy');
    expect(screen()).not.toContain('\x1b[2J');
  });
});
