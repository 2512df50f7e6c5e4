import { expect, type Locator, type Page } from '@playwright/test';

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
  async run(line: string): Promise<void> {
    const before = await this.promptCount();
    await this.root.locator('.xterm-helper-textarea').focus();
    await this.page.keyboard.type(line);
    await this.page.keyboard.press('Enter');
    await expect.poll(() => this.promptCount()).toBeGreaterThan(before);
  }

  async text(): Promise<string> {
    const rows = await this.root.locator('.xterm-rows > div').allTextContents();
    return rows.map((r) => r.replace(/\u00a0/g, ' ').trimEnd()).join('\n');
  }

  private async promptCount(): Promise<number> {
    const t = await this.text();
    return t.split('\n').filter((l) => /^127\.0\.0\.1:6379(\[\d+\])?(\(TX\))?>/.test(l)).length;
  }
}
