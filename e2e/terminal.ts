import { expect, type Locator, type Page } from '@playwright/test';

const PROMPT_ONLY = /^127\.0\.0\.1:6379(\[\d+\])?(\(TX\))?>$/;

/** Page object for the redis-cli terminal. */
export class TerminalPage {
  readonly root: Locator;
  constructor(readonly page: Page) {
    this.root = page.getByTestId('terminal').first();
  }

  async ready(): Promise<void> {
    await expect(this.root.locator('.xterm-rows')).toContainText('127.0.0.1:6379>');
  }

  /** Types a line and presses Enter, then waits for the next prompt. */
  async run(line: string, opts: { timeout?: number } = {}): Promise<void> {
    const before = await this.text();
    await this.root.locator('.xterm-helper-textarea').focus();
    // Long lines go in as one input event; short ones key by key, as a person types.
    if (line.length > 200) await this.page.keyboard.insertText(line);
    else await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
    // Done when the text changed and the last line is a fresh, empty prompt.
    await expect
      .poll(async () => {
        const t = await this.text();
        const last = t.split('\n').filter((l) => l.trim() !== '').at(-1) ?? '';
        return t !== before && PROMPT_ONLY.test(last);
      }, opts)
      .toBe(true);
  }

  /** Pastes text as the browser does (xterm wraps it in bracketed-paste markers). */
  async paste(text: string): Promise<void> {
    await this.root.locator('.xterm-helper-textarea').focus();
    await this.root.locator('.xterm-helper-textarea').evaluate((ta, t) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, text);
  }

  async text(): Promise<string> {
    const rows = await this.root.locator('.xterm-rows > div').allTextContents();
    return rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  }
}

export interface OpenOptions {
  /** The address's query, e.g. `?lesson=strings`. */
  readonly query?: string;
  /** Emulate prefers-reduced-motion (animations end at once). */
  readonly reducedMotion?: boolean;
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Start from an empty keyspace (the app restores the last session's keys): FLUSHALL, and wait for the view to show it. */
  readonly empty?: boolean;
}

/** Opens the app and waits for the terminal's first prompt. */
export async function openTerminal(page: Page, o: OpenOptions = {}): Promise<TerminalPage> {
  if (o.viewport) await page.setViewportSize(o.viewport);
  if (o.reducedMotion) await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`./${o.query ?? ''}`);
  const term = new TerminalPage(page);
  await term.ready();
  if (o.empty) {
    await term.run('FLUSHALL');
    await expect(page.getByTestId('key-count')).toHaveText('0 keys');
  }
  return term;
}

/** Runs a command and returns its reply as the screen-reader log announced it (the log's last entry). */
export async function loggedReply(term: TerminalPage, line: string): Promise<string> {
  await term.run(line);
  return (await term.page.getByTestId('reply-log').locator('p').last().textContent()) ?? '';
}

/** Runs a command and returns its reply as the terminal shows it (the lines after the command, up to the next prompt). */
export async function screenReply(term: TerminalPage, line: string): Promise<string> {
  await term.run(line);
  const t = await term.text();
  const at = t.lastIndexOf(`> ${line}`);
  return t.slice(at + line.length + 2).split('\n127.0.0.1')[0]!.trim();
}
