import { expect, test } from '@playwright/test';
import { TerminalPage } from './terminal';

test('a step journal survives a reload: "you ran SET with NX 2 times" keeps its count', async ({ page }) => {
  await page.goto('./?lesson=strings&step=2');
  const term = new TerminalPage(page);
  await term.ready();
  const card = page.locator('[data-testid="step-card"][data-step="lock"]');
  await expect(card).toBeVisible();
  await term.run('SET lock:task:202 worker-1 NX');
  const check = card.locator('li', { hasText: 'you ran SET with NX 2 times' });
  await expect(check).toContainText('1 so far');
  // The journal is saved with each evaluation; the lesson keys shortly after.
  await page.waitForTimeout(800);
  await page.reload();
  await term.ready();
  await expect(card).toBeVisible();
  await expect(check).toContainText('1 so far');
  await term.run('SET lock:task:202 worker-2 NX');
  await expect(card).toHaveAttribute('data-done', 'true');
});

test(':retry starts only the current step again: its keys and its journal, not the lesson', async ({ page }) => {
  await page.goto('./?lesson=strings&step=4');
  const term = new TerminalPage(page);
  await term.ready();
  // A key made before this step began stays: :retry is not :reset.
  await term.run('SET keep:me 1');
  await term.run(':next');
  const card = page.locator('[data-testid="step-card"][data-step="batch"]');
  await expect(card).toBeVisible();
  await term.run('EXISTS user:8:name');
  expect(await term.text()).toContain('EXISTS user:8:name\n(integer) 0');
  await term.run('SET user:8:name Ada');
  const without = card.locator('li', { hasText: 'without SET' });
  await expect(without).toContainText(':retry');
  await term.run(':retry');
  expect(await term.text()).toContain('Step restarted');
  await expect(without).not.toContainText('was used');
  await term.run('EXISTS user:8:name');
  expect((await term.text()).split('EXISTS user:8:name\n').at(-1)).toMatch(/^\(integer\) 0/);
  await term.run('MSET user:8:name Ada user:8:role admin user:8:org acme');
  await term.run('MGET user:8:name user:8:role user:8:org');
  await expect(card).toHaveAttribute('data-done', 'true');
  await term.run('GET keep:me');
  expect(await term.text()).toContain('GET keep:me\n"1"');
});
