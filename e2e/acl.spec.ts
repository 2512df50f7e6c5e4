import { expect, test } from '@playwright/test';
import { atSizes } from './sizes';
import { TerminalPage } from './terminal';

/**
 * ACL users in the browser: a terminal that authenticates as another user
 * is refused what that user may not do, says which user it runs as in a
 * small status (redis-cli's prompt does not), and RESET brings it back to
 * the default user.
 */
const SIZES = atSizes([
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1920, height: 1080 },
]);

for (const size of SIZES) {
  test(`a terminal logged in as an ACL user shows it and gets NOPERM (${size.name})`, async ({ page }) => {
    await page.setViewportSize({ width: size.width, height: size.height });
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto('./?lesson=least-privilege');
    const term = new TerminalPage(page);
    await term.ready();
    const badge = page.getByTestId('terminal-user');
    await expect(badge).toHaveCount(0);
    await term.run('ACL SETUSER app on >s3cret ~cache:* +get +set +del +expire');
    await term.run('AUTH app s3cret');
    await expect(badge).toHaveText('user: app');
    await term.run('FLUSHALL');
    await expect.poll(async () => (await term.text()).replace(/\s+/g, '').includes("(error)NOPERMthisuserhasnopermissionstorunthe'flushall'command")).toBe(true);
    await page.screenshot({ path: `test-results/acl-user-${size.name}.png` });
    await term.run('RESET');
    await expect(badge).toHaveCount(0);
  });
}
