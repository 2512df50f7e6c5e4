import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
import { openTerminal } from './terminal';

/**
 * maxmemory made visible: the memory gauge (used against maxmemory, the
 * policy, evicted_keys) appears once a limit is set, and the keys evicted
 * to make room for a write are marked "evicted" in the last command's tags,
 * the tree and the narration, apart from deleted and expired keys.
 * SHOTS=1 also takes screenshots at the three sizes, for looking at.
 */

const SIZES = process.env.SHOTS
  ? [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
      { width: 1920, height: 1080 },
    ]
  : [{ width: 1280, height: 800 }];

for (const viewport of SIZES) {
  test(`memory gauge and evicted keys at ${viewport.width}x${viewport.height}`, async ({ page }, info) => {
    const term = await openTerminal(page, { reducedMotion: true, empty: true, viewport });
    const gauge = page.getByTestId('memory-gauge');
    await expect(gauge).toHaveCount(0);
    await term.run('CONFIG SET maxmemory-policy allkeys-lru');
    await term.run('CONFIG SET maxmemory 1mb');
    await expect(gauge).toBeVisible();
    await expect(gauge).toHaveAttribute('data-policy', 'allkeys-lru');
    await expect(page.getByTestId('memory-used')).toContainText('of 1.00 MB');
    await expect(page.getByTestId('memory-evicted')).toHaveText('0 keys evicted');

    // 300 keys of 1,000 bytes pass the limit; the next write evicts until memory is under it.
    await term.run('DEBUG POPULATE 300 item 1000');
    await page.getByRole('button', { name: 'Expand all folders' }).click();
    await term.run('SET trigger now');
    const last = page.getByTestId('last-command');
    await expect(last.locator('[data-touch="evicted"]').first()).toBeVisible();
    await expect(last.locator('[data-touch="evicted"]').first()).toContainText('evicted');
    await expect(page.getByTestId('narration')).toContainText('maxmemory evicted');
    await expect(page.getByTestId('memory-evicted')).not.toHaveText('0 keys evicted');
    const meter = gauge.getByRole('meter', { name: 'Memory used against maxmemory' });
    await expect(meter).toHaveAttribute('aria-valuetext', /of 1\.00 MB .*allkeys-lru, [1-9][\d,]* keys evicted/);
    // Evicted rows stay a moment in the tree, marked as such (not deleted, not expired).
    await expect(page.locator('[data-testid="visualizer"] [role="treeitem"][data-gone="evicted"]').first()).toBeAttached();
    if (process.env.SHOTS) await page.screenshot({ path: info.outputPath(`eviction-${viewport.width}x${viewport.height}.png`) });
    expect(await seriousViolations(page, '[data-testid="visualizer"]')).toEqual([]);

    // A DEL is still a deletion, drawn as one.
    await term.run('DEL trigger');
    await expect(last.locator('[data-touch="deleted"]')).toHaveCount(1);
    await expect(last.locator('[data-touch="evicted"]')).toHaveCount(0);

    // Back to the page's default limit: the gauge goes.
    await term.run('CONFIG SET maxmemory 256mb');
    await expect(gauge).toHaveCount(0);
  });
}

test('the lab "when memory runs out" at 1280x800: the gauge over the full cache (screenshots only)', async ({ page }, info) => {
  test.skip(!process.env.SHOTS, 'screenshots for looking at: SHOTS=1');
  const term = await openTerminal(page, { reducedMotion: true, viewport: { width: 1280, height: 800 }, query: '?lesson=when-memory-runs-out' });
  await term.run('SET page:new "<h1>New</h1>"');
  await expect(page.getByTestId('memory-gauge')).toBeVisible();
  await page.screenshot({ path: info.outputPath('lab-noeviction.png') });
  await term.run(':clock +60s');
  await term.run('GET page:home');
  await term.run('CONFIG SET maxmemory-policy allkeys-lru');
  await term.run('DEBUG POPULATE 500 crawl 1000');
  await term.run('INFO stats');
  await page.screenshot({ path: info.outputPath('lab-lru.png') });
});
