import { expect, test, type Page } from '@playwright/test';
import { openTerminal, type TerminalPage } from './terminal';
import { FULL } from './sizes';

/**
 * The stream view, driven through the terminal: entries as a log with the
 * newest at the end, XADD's entry lit, consumer groups with their cursor and
 * pending entries, XRANGE's window, the Python form and the narration.
 */

const open = (page: Page, reducedMotion = true): Promise<TerminalPage> => openTerminal(page, { reducedMotion, empty: true });

const view = (page: Page) => page.getByTestId('stream-view');
const entryIds = (page: Page) =>
  view(page)
    .locator('[role="row"]')
    .evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-index')), e.getAttribute('data-id')] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]));

test('streams: entries as a log, XADD lights the new one, groups show their cursor and pending entries', async ({ page }) => {
  const term = await open(page);
  await term.run('XADD sensor:1 1700000000000-0 temp 21.5 room kitchen');
  await expect(page.getByTestId('value-pane')).toHaveAttribute('data-type', 'stream');
  await term.run('XADD sensor:1 1700000001000-0 temp 22.0 room kitchen');
  await term.run('XADD sensor:1 1700000002000-0 temp 22.4 room hall');
  await expect.poll(() => entryIds(page)).toEqual(['1700000000000-0', '1700000001000-0', '1700000002000-0']);

  // The newest entry is last, lit as new, with its fields and the time in its ID.
  const newest = view(page).locator('[data-id="1700000002000-0"]');
  await expect(newest).toHaveAttribute('data-state', 'new');
  await expect(newest).toContainText('temp');
  await expect(newest).toContainText('22.4');
  await expect(newest).toContainText('hall');
  await expect(newest).toContainText('22:13:22.000');
  await expect(view(page).locator('[data-id="1700000001000-0"]')).toHaveAttribute('data-state', 'stay');
  await expect(page.getByTestId('value-size')).toHaveText('3 entries');
  await expect(page.getByTestId('stream-added')).toHaveText('3');
  await expect(page.getByTestId('stream-first')).toHaveText('1700000000000-0');
  await expect(page.getByTestId('stream-last')).toHaveText('1700000002000-0');
  await expect(page.getByTestId('narration')).toContainText('New entry 1700000002000-0 at the end: temp 22.4, room hall.');
  await expect(page.getByTestId('keyspace').locator('[data-key="sensor:1"]')).toContainText('3 entries');

  // Consumer groups: created at the start, one read delivers two entries to alice.
  await term.run('XGROUP CREATE sensor:1 alerts 0');
  const group = page.getByTestId('stream-groups').locator('[data-group="alerts"]');
  await expect(group.getByTestId('group-last-delivered')).toHaveText('0-0');
  await expect(group.getByTestId('group-pending')).toHaveText('0');
  await term.run('XREADGROUP GROUP alerts alice COUNT 2 STREAMS sensor:1 >');
  await expect(group.getByTestId('group-last-delivered')).toHaveText('1700000001000-0');
  await expect(group.getByTestId('group-pending')).toHaveText('2');
  await expect(group).toHaveAttribute('data-change', 'delivered');
  await expect(group).toContainText('alice');
  await expect(view(page).locator('[data-id="1700000000000-0"]')).toContainText('pending alerts/alice');
  await expect(view(page).locator('[data-id="1700000001000-0"]')).toContainText('alerts last delivered');
  await expect(view(page).locator('[data-id="1700000002000-0"]')).not.toContainText('pending');
  await expect(page.getByTestId('narration')).toContainText('Group alerts delivered up to 1700000001000-0, 2 pending.');
  await term.run('XACK sensor:1 alerts 1700000000000-0');
  await expect(group.getByTestId('group-pending')).toHaveText('1');
  await expect(group).toHaveAttribute('data-change', 'acked');
  await expect(view(page).locator('[data-id="1700000000000-0"]')).not.toContainText('pending');

  // XRANGE outlines the entries it read; XDEL removes one.
  await term.run('XRANGE sensor:1 1700000001000 +');
  await expect(page.getByTestId('stream-read')).toContainText('2 entries on screen');
  await expect(view(page).locator('[data-read]')).toHaveCount(2);
  await term.run('XDEL sensor:1 1700000000000-0');
  await expect.poll(() => entryIds(page)).toEqual(['1700000001000-0', '1700000002000-0']);
  await expect(page.getByTestId('stream-removed')).toContainText('1700000000000-0');
  await expect(page.getByTestId('stream-first')).toHaveText('1700000001000-0');

  // The Python form: a list of (id, dict) tuples.
  await expect(page.getByTestId('value-python')).toContainText(
    '[("1700000001000-0", {"temp": "22.0", "room": "kitchen"}), ("1700000002000-0", {"temp": "22.4", "room": "hall"})]',
  );
  await page.getByTestId('python-toggle').click();
  await expect(page.getByTestId('python-view').locator('[data-py-key="sensor:1"]')).toContainText('"sensor:1": [("1700000001000-0", {"temp": "22.0"');
});

test('a long stream opens at its newest entry and follows each XADD there', async ({ page }) => {
  const term = await open(page);
  const worker = page.workers()[0]!;
  await worker.evaluate(() => {
    const argvs: string[][] = [];
    for (let i = 1; i <= 5000; i++) argvs.push(['XADD', 'log', `${i}-0`, 'n', String(i)]);
    const g = self as unknown as { onmessage: (ev: { data: unknown }) => void };
    g.onmessage({ data: { id: 2 ** 30, kind: 'execBatch', req: { client: 1, argvs } } });
  });
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
  await page.getByTestId('keyspace').locator('[data-key="log"]').click();
  await expect(view(page).locator('[data-id="5000-0"]')).toBeVisible();
  await term.run('XADD log * n 5001');
  await expect(page.getByTestId('value-size')).toHaveText('5,001 entries');
  const last = view(page).locator('[data-state="new"]');
  await expect(last).toBeVisible();
  await expect(last).toContainText('5001');
  expect(await view(page).locator('[role="row"]').count()).toBeLessThan(80);
});

test('stream screenshots at 1280x800 and 1920x1080', async ({ page }) => {
  test.skip(!FULL, 'screenshots to look at: npm run test:e2e:full');
  const term = await open(page, false);
  await term.run('XADD orders 1700000000000-0 item coffee qty 2 table 4');
  await term.run('XADD orders 1700000005000-0 item croissant qty 1 table 4');
  await term.run('XADD orders 1700000009000-0 item tea qty 3 table 7');
  await term.run('XGROUP CREATE orders kitchen 0');
  await term.run('XGROUP CREATE orders billing $');
  await term.run('XREADGROUP GROUP kitchen chef COUNT 2 STREAMS orders >');
  await term.run('XADD orders 1700000012000-0 item cake qty 1 table 2');
  await page.waitForTimeout(700);
  await page.screenshot({ path: 'test-results/stream-1280.png' });
  await page.setViewportSize({ width: 1920, height: 1080 });
  await term.run('XADD orders 1700000015000-0 item water qty 4 table 7');
  await page.waitForTimeout(700);
  await page.screenshot({ path: 'test-results/stream-1920.png' });
});
