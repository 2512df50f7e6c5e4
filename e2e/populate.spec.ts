import { expect, test } from '@playwright/test';
import { openTerminal } from './terminal';

/**
 * A command that writes a million keys at once (DEBUG POPULATE) is answered
 * once its keys are saved, without the runaway guard taking the time spent
 * saving (the worker answers other requests meanwhile) for a stuck command;
 * the views follow. How long it takes is printed, not asserted.
 */
test('DEBUG POPULATE 1000000 finishes in seconds; the keyspace shows a million keys and sorts them without blocking', async ({ page }) => {
  test.setTimeout(120_000);
  const term = await openTerminal(page, { reducedMotion: true, empty: true });
  const t0 = Date.now();
  await term.run('DEBUG POPULATE 1000000', { timeout: 60_000 });
  const replied = Date.now() - t0;
  await expect(page.getByTestId('key-count')).toHaveText('1,000,000 keys', { timeout: 30_000 });
  const shown = Date.now() - t0;
  console.log(`DEBUG POPULATE 1000000: reply after ${replied} ms, keyspace view current after ${shown} ms`);
  // Not restarted by the runaway guard: the keys are there and the terminal answers.
  expect(await term.text()).not.toMatch(/restart/i);
  await term.run('DBSIZE');
  expect(await term.text()).toContain('(integer) 1000000');
  await expect(page.getByTestId('keyspace').locator('[data-folder="key"]')).toContainText('1,000,000');

  // Sorting a million keys by size does not block the worker: commands are answered meanwhile.
  await page.getByTestId('key-sort').selectOption('size');
  await term.run('PING');
  expect(await term.text()).toContain('PONG');
  // Largest first: "value:100000" and up are the longest values; ties in name order.
  await expect(page.getByTestId('keyspace').locator('[role="treeitem"]').nth(1)).toHaveAttribute('data-key', 'key:100000', { timeout: 30_000 });
  await expect(page.getByTestId('key-sorting')).toHaveCount(0);
  await page.getByTestId('key-sort').selectOption('name');
  await expect(page.getByTestId('keyspace').locator('[role="treeitem"]').nth(1)).toHaveAttribute('data-key', 'key:0');
  await term.run('FLUSHALL');
});
