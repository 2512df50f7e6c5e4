import { expect, test, type Page } from '@playwright/test';
import { openTerminal, type TerminalPage } from './terminal';

// axe and the walks through every slide take a while on a loaded machine.
test.describe.configure({ timeout: 150_000 });

const start = (page: Page, query = ''): Promise<TerminalPage> => openTerminal(page, { query, viewport: { width: 1280, height: 800 } });

/** Which region holds focus, as the page names it (data-region), or what has focus. */
const focusAt = (page: Page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    if (!a) return 'none';
    if (a.classList.contains('xterm-helper-textarea')) return 'terminal';
    const region = a.closest('[data-region]')?.getAttribute('data-region');
    return region ?? a.getAttribute('aria-label') ?? a.textContent?.trim() ?? a.tagName;
  });

const lastLine = async (term: TerminalPage) => (await term.text()).split('\n').filter((l) => l.trim()).at(-1) ?? '';

test('Tab completes in the terminal; Esc then Tab leaves it, Shift+Tab too', async ({ page }) => {
  const term = await start(page);
  // Completion needs the command table, which the worker sends once it is up; a first command waits for that.
  await term.run('PING');
  expect(await focusAt(page)).toBe('terminal');
  await page.keyboard.type('PIN');
  await page.keyboard.press('Tab');
  expect(await focusAt(page)).toBe('terminal');
  await expect.poll(() => lastLine(term)).toMatch(/> PING/);
  await page.keyboard.press('Control+C');

  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  expect(await focusAt(page)).not.toBe('terminal');
  // Focus went on, to the next control after the terminal.
  expect(await page.evaluate(() => document.activeElement?.closest('[data-region="terminal"]') === null)).toBe(true);

  await term.root.locator('.xterm-helper-textarea').focus();
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  // Back to the terminal's own toolbar, out of its input.
  expect(await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea'))).toBe(false);
  expect(await focusAt(page)).toBe('terminal');
});

test('F6 and Shift+F6 cycle lesson, terminal, keyspace tree and value pane; skip links lead to each', async ({ page }) => {
  const term = await start(page, '?lesson=mental-model');
  await term.run('MSET user:1 ada user:2 bob');
  const order = ['tree', 'value', 'lesson', 'terminal'];
  for (const region of order) {
    await page.keyboard.press('F6');
    expect(await focusAt(page)).toBe(region);
  }
  for (const region of ['lesson', 'value', 'tree', 'terminal']) {
    await page.keyboard.press('Shift+F6');
    expect(await focusAt(page)).toBe(region);
  }
  // F6 typed nothing into the terminal.
  expect(await lastLine(term)).toBe('127.0.0.1:6379>');

  // Skip links come first in the page: just before the header's controls.
  await page.getByRole('heading', { name: 'Redis Playground' }).click();
  await page.keyboard.press('Shift+Tab');
  const toKeyspace = page.getByRole('link', { name: 'Skip to the keyspace' });
  await expect(toKeyspace).toBeFocused();
  await expect(toKeyspace).toBeInViewport();
  await page.keyboard.press('Enter');
  expect(await focusAt(page)).toBe('tree');
  await page.getByRole('heading', { name: 'Redis Playground' }).click();
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('link', { name: 'Skip to the lesson' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('link', { name: 'Skip to the terminal' })).toBeFocused();
  await page.keyboard.press('Enter');
  expect(await focusAt(page)).toBe('terminal');
});

test('the keyspace by keyboard alone: database picker, filter, tree and value pane', async ({ page }) => {
  const term = await start(page);
  await term.run('MSET user:1 ada user:2 bob city:1 paris');
  await term.run('SELECT 1');
  await term.run('SET other x');
  await term.run('SELECT 0');

  // Out of the terminal, then Tab to the database picker.
  await page.keyboard.press('Escape');
  for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'db-picker'; i++) await page.keyboard.press('Tab');
  await expect(page.getByTestId('db-picker')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
  await page.keyboard.press('ArrowUp');
  await expect(page.getByTestId('key-count')).toHaveText('3 keys');

  // Tab on to the filter and type a pattern.
  for (let i = 0; i < 8 && (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'key-filter'; i++) await page.keyboard.press('Tab');
  await expect(page.getByTestId('key-filter')).toBeFocused();
  await page.keyboard.type('user:*');
  await expect(page.getByTestId('key-count')).toContainText('2 of 3 keys');

  // The tree: open the folder, go to the last key, show it.
  await page.keyboard.press('F6');
  while ((await focusAt(page)) !== 'tree') await page.keyboard.press('F6');
  await expect(page.getByRole('tree', { name: 'Keys' })).toBeFocused();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('value-key')).toHaveText('user:2');

  // The value pane takes focus and shows a focus ring.
  await page.keyboard.press('F6');
  expect(await focusAt(page)).toBe('value');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement as Element);
    return s.outlineStyle !== 'none' || s.boxShadow !== 'none';
  });
  expect(ring).toBe(true);
});

test('a lesson step completed with the keyboard only, on to the next step', async ({ page }) => {
  await start(page, '?lesson=mental-model&step=say-hello');
  await expect(page.getByTestId('section-title')).toHaveText('Say hello');
  await expect(page.getByTestId('goal-bar')).toHaveAttribute('data-done', 'false');
  // The terminal has focus at load: type the answer.
  await page.keyboard.type('PING');
  await page.keyboard.press('Enter');
  const bar = page.getByTestId('goal-bar');
  await expect(bar).toHaveAttribute('data-done', 'true');
  await expect(bar).toContainText('Goal reached');
  await expect(page.getByTestId('lesson-announcer')).toContainText('Goal reached');

  // Out of the terminal to the lesson, then Tab to the goal's Next button.
  await page.keyboard.press('F6');
  while ((await focusAt(page)) !== 'lesson') await page.keyboard.press('F6');
  let found = false;
  for (let i = 0; i < 30 && !found; i++) {
    await page.keyboard.press('Tab');
    found = (await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'goal-next';
  }
  expect(found).toBe(true);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('section-title')).not.toHaveText('Say hello');
  await expect(page).toHaveURL(/step=/);
});

test('the keys are documented: the Keys button and :help', async ({ page }) => {
  const term = await start(page, '?lesson=mental-model');
  await term.run(':help');
  const text = (await term.text()).replace(/\n/g, ' ');
  expect(text).toContain('Esc then Tab');
  expect(text).toContain('F6');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Shift+Tab');
  await page.getByTestId('keyboard-help').locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('keyboard-help')).toContainText('Esc, then Tab');
  await expect(page.getByTestId('keyboard-help')).toContainText('F6 / Shift+F6');
});
