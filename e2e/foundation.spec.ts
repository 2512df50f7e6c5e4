import { expect, test } from '@playwright/test';
import { TerminalPage } from './terminal';

test('the README session: terminal replies and the keyspace follows', async ({ page }) => {
  await page.goto('./');
  const term = new TerminalPage(page);
  await term.ready();
  // Served cross-origin isolated: the terminal can wait on the engine's answer in shared memory.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await term.run('SET greeting "hello world"');
  await term.run('GET greeting');
  await term.run('INCR greeting');

  const text = await term.text();
  expect(text).toContain('127.0.0.1:6379> SET greeting "hello world"\nOK');
  expect(text).toContain('127.0.0.1:6379> GET greeting\n"hello world"');
  expect(text).toContain('127.0.0.1:6379> INCR greeting\n(error) ERR value is not an integer or out of range');

  const key = page.locator('[data-key="greeting"]');
  await expect(key).toBeVisible();
  await expect(key).toHaveAttribute('data-type', 'string');
  await page.screenshot({ path: 'test-results/foundation.png' });

  await term.run('DEL greeting');
  await expect(key).toHaveCount(0);
  expect(await term.text()).toContain('DEL greeting\n(integer) 1');
});

test('bad input never breaks the terminal', async ({ page }) => {
  await page.goto('./');
  const term = new TerminalPage(page);
  await term.ready();
  await term.run('SET "unbalanced');
  expect(await term.text()).toContain('Invalid argument(s)');
  await term.run('');
  await term.run('SET emoji 😀');
  await term.run('STRLEN emoji');
  expect(await term.text()).toContain('(integer) 4');
  await term.run('GET emoji');
  expect(await term.text()).toContain('"\\xf0\\x9f\\x98\\x80"');
  await term.run('FOO bar');
  // Long lines wrap in a narrow terminal: compare with the wraps undone.
  expect((await term.text()).replace(/\n/g, '')).toContain("(error) ERR unknown command 'FOO', with args beginning with: 'bar'");
  await term.run(`SET big ${'x'.repeat(5000)}`);
  await term.run('STRLEN big');
  expect(await term.text()).toContain('(integer) 5000');
  // A 1 MB paste is one line; keys typed meanwhile wait their turn.
  await term.paste(`SET huge ${'h'.repeat(1 << 20)}`);
  await page.keyboard.press('Enter');
  await term.run('STRLEN huge');
  expect(await term.text()).toContain('(integer) 1048576');
  // The history still holds what was typed before.
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await term.text()).split('\n').filter((l) => l.includes('(integer) 1048576')).length).toBe(2);
});

test('a reload keeps the keyspace and the command history', async ({ page }) => {
  await page.goto('./');
  const term = new TerminalPage(page);
  await term.ready();
  await term.run('SET saved:key "still here"');
  await expect(page.locator('[data-key="saved:key"]')).toBeVisible();
  // The worker saves shortly after a change.
  await page.waitForTimeout(1500);
  await page.reload();
  await term.ready();
  await expect(page.locator('[data-key="saved:key"]')).toBeVisible();
  await term.run('GET saved:key');
  expect(await term.text()).toContain('"still here"');
  // History: Up recalls the last line typed before the reload too.
  await term.root.locator('.xterm-helper-textarea').focus();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect.poll(() => term.text()).toMatch(/> SET saved:key "still here"( \[NX\|XX\].*)?\s*$/);
});
