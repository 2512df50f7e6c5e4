import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { atSizes } from './sizes';
import { slideTo } from './presenter';
import { TerminalPage } from './terminal';

/**
 * axe-core on the four screens a learner or an instructor spends time on.
 * Serious and critical violations fail (see ./axe.ts).
 */
// axe and the walks through every slide take a while on a loaded machine.
test.describe.configure({ timeout: 150_000 });

const violations = (page: Page) => seriousViolations(page);

/** In the open timeline drawer: picks the third point, checks the drawer, then opens the restore question and checks it. */
async function pickPastPointAndAskRestore(page: Page) {
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('past-banner')).toHaveAttribute('data-at', /\d+/);
  await expect(page.getByTestId('timeline-diff').locator('li').first()).toBeVisible();
  expect(await violations(page), 'timeline drawer').toEqual([]);
  await page.getByTestId('restore-button').click();
  await expect(page.getByTestId('restore-confirm')).toBeFocused();
  expect(await violations(page), 'restore question').toEqual([]);
}

/** Five commands for the timeline to show: a flush, three keys written, one deleted. */
async function writeTimeline(term: TerminalPage) {
  for (const line of ['FLUSHALL', 'HSET user:1 name Ada city London', 'RPUSH queue a b c', 'SET visits 1 EX 500', 'DEL queue']) await term.run(line);
}

async function open(page: Page, query: string) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`./${query}`);
}

test('main screen: no serious or critical violations, with a second client open', async ({ page }) => {
  await open(page, '');
  const term = new TerminalPage(page);
  await term.ready();
  await term.run('HSET user:1 name Ada city London');
  await expect(page.getByTestId('value-key')).toHaveText('user:1');
  await page.getByRole('button', { name: '+ client' }).click();
  await expect(page.getByTestId('terminal')).toHaveCount(2);
  expect(await violations(page)).toEqual([]);
});

test('a lesson with the dashboard simulation running: none', async ({ page }) => {
  await open(page, '?lesson=speed-problem&step=cache-the-categories');
  await new TerminalPage(page).ready();
  await page.getByTestId('dashboard-sim').getByRole('button', { name: /Start/ }).click();
  await expect(page.getByTestId('dashboard-sim').getByRole('button', { name: /Pause/ })).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('a lab and a lesson widget: none', async ({ page }) => {
  await open(page, '?lesson=rate-limiters');
  await new TerminalPage(page).ready();
  await expect(page.getByTestId('section-title')).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await open(page, '?lesson=strings&step=counters-that-never-lose-an-update');
  await new TerminalPage(page).ready();
  await expect(page.getByTestId('section-title')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('presenter mode: none', async ({ page }) => {
  await open(page, '?lesson=speed-problem&mode=present');
  await slideTo(page, 'Cache the categories');
  await expect(page.getByTestId('dashboard-sim')).toBeVisible();
  expect(await violations(page)).toEqual([]);
});

test('presenter mode, the quick-reference card one group at a time: none, and every group fits at 1280x720', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, '?lesson=quick-reference&mode=present');
  const groups = page.getByTestId('reference-groups').getByRole('button');
  await expect(groups.first()).toHaveAttribute('aria-pressed', 'true');
  const names = await groups.allTextContents();
  expect(names.length).toBeGreaterThan(5);
  const panel = page.getByTestId('presenter-widget');
  for (const name of names) {
    await groups.filter({ hasText: new RegExp(`^${name.replace(/[()]/g, '\\$&')}$`) }).click();
    await expect(page.getByTestId('reference-card').getByRole('heading')).toHaveText([name]);
    await expect.poll(() => panel.evaluate((p) => p.scrollHeight - p.clientHeight), { message: name }).toBe(0);
  }
  expect(await violations(page)).toEqual([]);
  // A search shows every group's matches again, and picks nothing.
  await page.getByRole('searchbox', { name: 'Search the card' }).fill('expire');
  await expect(page.getByTestId('reference-groups')).toHaveCount(0);
  await expect(page.getByTestId('reference-card').getByRole('heading')).not.toHaveCount(0);
});

test('the phone layout: none', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('./?lesson=mental-model&step=say-hello');
  await new TerminalPage(page).ready();
  expect(await violations(page)).toEqual([]);
});

test('the timeline drawer, the keyspace at an earlier point (read-only) and the key editor: none', async ({ page }) => {
  await open(page, '');
  const term = new TerminalPage(page);
  await term.ready();
  await writeTimeline(term);
  // The deleted key's row fades out and leaves: axe judges what stays.
  await expect(page.getByTestId('keyspace').locator('[data-key="queue"]')).toHaveCount(0);
  // The key editor, opened on the selected key.
  await page.getByTestId('keyspace').locator('[data-key="user:1"]').click();
  await expect(page.getByTestId('value-key')).toHaveText('user:1');
  await page.getByTestId('key-editor').locator('summary').click();
  await expect(page.getByTestId('key-editor')).toHaveAttribute('open', '');
  expect(await violations(page), 'key editor').toEqual([]);

  // The drawer with a point picked: the keyspace view shows it, read-only.
  await page.getByTestId('timeline-button').click();
  await expect(page.getByTestId('timeline-list')).toBeFocused();
  await pickPastPointAndAskRestore(page);

  // The drawer closed: the read-only view alone, a key of then selected, the banner's question open.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('timeline-drawer')).toHaveCount(0);
  await page.getByTestId('keyspace').locator('[data-key="user:1"]').click();
  await expect(page.getByTestId('value-readonly')).toBeVisible();
  expect(await violations(page), 'read-only view').toEqual([]);
  await page.getByTestId('past-restore').click();
  expect(await violations(page), 'read-only view, restore question').toEqual([]);
});

test('the Lua lesson after the two-server race ran, at phone, laptop and desktop sizes: none', async ({ page }) => {
  const shots = process.env.SHOTS_DIR ?? 'test-results';
  await page.emulateMedia({ reducedMotion: 'reduce' });
  for (const [width, height] of atSizes([[1280, 800], [390, 844], [1920, 1080]] as const, 2)) {
    await page.setViewportSize({ width, height });
    await page.goto('./?lesson=lua-scripts');
    await new TerminalPage(page).ready();
    const race = page.getByTestId('limit-race');
    await race.getByRole('button', { name: 'WATCH and retry' }).click();
    await expect(race.getByRole('status')).toContainText('the limit held', { timeout: 15_000 });
    await race.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/lua-lesson-${width}.png` });
    expect(await violations(page)).toEqual([]);
  }
});

// 1280x800 is the test above's.
for (const size of atSizes([
  { width: 390, height: 844 },
  { width: 1920, height: 1080 },
])) {
  test(`the timeline screens at ${size.width}x${size.height} (drawer, past view and its banner, restore questions, after a reload): none`, async ({ page }) => {
    test.setTimeout(360_000);
    await page.setViewportSize(size);
    await page.goto('./');
    const term = new TerminalPage(page);
    await term.ready();
    await writeTimeline(term);
    // After a reload: the timeline restored from its record, with what it keeps said in the drawer.
    await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
    await page.reload();
    await term.ready();
    await page.getByTestId('timeline-button').click();
    await expect(page.getByTestId('timeline-list')).toBeFocused();
    await expect(page.getByTestId('timeline-saved')).toBeVisible();
    await pickPastPointAndAskRestore(page);
    await page.screenshot({ path: `test-results/screens/a11y-timeline-drawer-${size.width}.png` });

    // The past view with its banner, the drawer closed (Esc closes it).
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('timeline-drawer')).toHaveCount(0);
    const banner = page.getByTestId('past-banner');
    await banner.scrollIntoViewIfNeeded();
    await page.getByTestId('keyspace').locator('[data-key="user:1"]').click();
    await expect(page.getByTestId('value-readonly')).toBeVisible();
    expect(await violations(page), 'past view').toEqual([]);
    await page.getByTestId('past-restore').click();
    await expect(page.getByTestId('past-restore-confirm')).toBeVisible();
    await page.getByTestId('past-restore').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screens/a11y-timeline-banner-${size.width}.png` });
    expect(await violations(page), 'past view, restore question').toEqual([]);
  });
}
