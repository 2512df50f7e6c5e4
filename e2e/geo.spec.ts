import { seriousViolations } from './axe';
import { expect, test, type Page } from '@playwright/test';
import { openTerminal } from './terminal';
import { atSizes } from './sizes';

/**
 * A geo index on the map: GEOADD's members as points, GEOSEARCH's circle
 * and box with the members it found lit and their distances, the ranked
 * list a click away, the table alternative, and axe on the screen at the
 * three sizes learners and instructors use.
 */

const STORES = [
  'GEOADD stores -0.1276 51.5072 covent 0.1218 52.2053 cambridge -1.2577 51.752 oxford -2.5879 51.4545 bristol -1.8904 52.4862 birmingham',
];

const map = (page: Page) => page.getByTestId('geo-map');

const violations = (page: Page): Promise<string[]> => seriousViolations(page, '[data-testid="value-pane"]');

for (const viewport of atSizes([
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
  { width: 1920, height: 1080 },
])) {
  test(`geo map at ${viewport.width}x${viewport.height}: points, search area, distances, table, axe`, async ({ page }, info) => {
    const term = await openTerminal(page, { reducedMotion: true, empty: true, viewport });
    for (const line of STORES) await term.run(line);
    await expect(page.getByTestId('value-pane')).toHaveAttribute('data-type', 'zset');
    // A set of geohashes opens as a map; every member is a point.
    await expect(map(page)).toBeVisible();
    await expect(page.getByTestId('zset-as-map')).toHaveAttribute('aria-pressed', 'true');
    await expect(map(page).locator('[data-member]')).toHaveCount(5);

    await term.run('GEOSEARCH stores FROMLONLAT -0.1276 51.5072 BYRADIUS 100 km ASC WITHDIST');
    await expect(page.getByTestId('geo-search')).toContainText('Circle of 100 km');
    await expect(page.getByTestId('geo-search')).toContainText('3 members found');
    await expect(map(page).getByTestId('geo-area')).toHaveCount(1);
    await expect(map(page).locator('[data-found]')).toHaveCount(3);
    await expect(map(page).locator('[data-member="oxford"]')).toHaveAttribute('data-found', 'true');
    await expect(map(page).locator('[data-member="oxford"]')).toContainText('km');
    await expect(map(page).locator('[data-member="bristol"]')).not.toHaveAttribute('data-found', 'true');

    // The table alternative, opened from the keyboard.
    await page.getByText('Places as a table').focus();
    await page.keyboard.press('Enter');
    const table = page.getByTestId('geo-table');
    await expect(table).toBeVisible();
    await expect(table.locator('tr', { hasText: 'oxford' })).toContainText('51.7520°N');
    await expect(table.locator('tr', { hasText: 'bristol' })).toContainText('outside');
    await page.screenshot({ path: info.outputPath(`geo-${viewport.width}x${viewport.height}.png`) });
    expect(await violations(page)).toEqual([]);

    // A box search draws the box; the ranked list is a click away, and back.
    await term.run('GEOSEARCH stores FROMMEMBER oxford BYBOX 200 120 km');
    await expect(page.getByTestId('geo-search')).toContainText('Box of 200 km by 120 km');
    await page.getByTestId('zset-as-list').click();
    await expect(page.getByTestId('zset-view')).toBeVisible();
    await expect(map(page)).toHaveCount(0);
    await page.getByTestId('zset-as-map').click();
    await expect(map(page)).toBeVisible();
    await page.getByRole('button', { name: 'Whole world' }).click();
    await expect(page.getByRole('button', { name: 'Whole world' })).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot({ path: info.outputPath(`geo-world-${viewport.width}x${viewport.height}.png`) });
  });
}

test('a leaderboard stays a ranked list, with the map offered for small integer scores', async ({ page }) => {
  const term = await openTerminal(page, { reducedMotion: true, empty: true });
  await term.run('ZADD board 100 alice 250 bob');
  await expect(page.getByTestId('zset-view')).toBeVisible();
  await expect(page.getByTestId('zset-as-list')).toHaveAttribute('aria-pressed', 'true');
  await term.run('ZADD board 1.5 carol');
  await expect(page.getByTestId('zset-as-map')).toHaveCount(0);
});

test('the "stores near me" lab: the search goal is reached and the map shows the circle', async ({ page }, info) => {
  const term = await openTerminal(page, { reducedMotion: true, viewport: { width: 1280, height: 800 }, query: '?lesson=stores-near-me&step=stores-near-me' });
  await expect(page.getByTestId('section-title')).toHaveText('Stores near me');
  await term.run('GEOADD stores -0.1240 51.5117 covent -0.0780 51.5265 shoreditch -0.1426 51.5390 camden -0.1145 51.4613 brixton -0.0098 51.4826 greenwich');
  const card = page.locator('[data-testid="step-card"][data-step="near"]');
  await expect(card).toHaveAttribute('data-done', 'false');
  await term.run('GEOSEARCH stores FROMLONLAT -0.1200 51.5174 BYRADIUS 3 km ASC WITHDIST');
  await expect(card).toHaveAttribute('data-done', 'true');
  await expect(card).toContainText('r.geosearch(');
  await expect(page.getByTestId('geo-search')).toContainText('Circle of 3.00 km');
  await expect(page.getByTestId('geo-map').locator('[data-found]')).toHaveCount(2);
  await page.screenshot({ path: info.outputPath('geo-lesson-1280x800.png') });
  // The map's pane (the lesson pane's own checks are e2e/a11y.spec.ts's).
  expect(await violations(page)).toEqual([]);
});
