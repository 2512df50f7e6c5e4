import { expect, test } from '@playwright/test';
import { TerminalPage } from './terminal';

/**
 * The goal bar's Retry button (what `:retry` does, reachable by keyboard)
 * and the keyspace view's "Follow demo clients" setting.
 */

const shots = 'test-results/screens';

test('Retry step beside the goal starts the step again, from the keyboard', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?lesson=strings&step=4');
  const term = new TerminalPage(page);
  await term.ready();
  await term.run(':next');
  const card = page.locator('[data-testid="step-card"][data-step="batch"]');
  await expect(card).toBeVisible();
  const retry = page.getByTestId('goal-retry');
  await expect(retry).toHaveAttribute('data-stuck', 'false');
  await term.run('SET user:8:name Ada');
  // The constraint is broken: the bar says so and the button is the way out.
  await expect(retry).toHaveAttribute('data-stuck', 'true');
  await expect(page.getByTestId('goal-stuck')).toContainText('without SET');
  await page.screenshot({ path: `${shots}/goal-retry-1280.png` });
  await retry.focus();
  await page.keyboard.press('Enter');
  await expect.poll(async () => term.text()).toContain('Step restarted');
  await expect(retry).toHaveAttribute('data-stuck', 'false');
  await term.run('EXISTS user:8:name');
  expect((await term.text()).split('EXISTS user:8:name\n').at(-1)).toMatch(/^\(integer\) 0/);
  await term.run('MSET user:8:name Ada user:8:role admin user:8:org acme');
  await term.run('MGET user:8:name user:8:role user:8:org');
  await expect(card).toHaveAttribute('data-done', 'true');
  await expect(retry).toHaveCount(0);
});

test('"Follow demo clients" is off by default, shows the simulation\'s commands when on, and is saved', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('./?lesson=speed-problem&step=the-same-answer-over-and-over');
  const term = new TerminalPage(page);
  await term.ready();
  const toggle = page.getByTestId('follow-demo');
  await expect(toggle).not.toBeChecked();
  await term.run('SET mine 1');
  await expect(page.getByTestId('last-command')).toContainText('SET mine 1');
  const sim = page.getByTestId('dashboard-sim');
  await sim.getByRole('button', { name: /Start/ }).click();
  await expect(sim.getByTestId('sim-pg')).not.toHaveText('0', { timeout: 8000 });
  await page.waitForTimeout(1500);
  // The simulated app's MGETs ran, but "Last:" is still the learner's command.
  await expect(page.getByTestId('last-command')).toContainText('SET mine 1');
  await toggle.check();
  await expect(page.getByTestId('last-command')).toContainText('MGET', { timeout: 5000 });
  await page.screenshot({ path: `${shots}/follow-demo-1280.png` });
  await page.reload();
  await term.ready();
  await expect(page.getByTestId('follow-demo')).toBeChecked();
});
