import { expect, test, type Page } from '@playwright/test';
import { seriousViolations } from './axe';
import { openTerminal, screenReply } from './terminal';

/**
 * Share links: the Share dialog makes a link that carries the keys in its
 * fragment; opening one says what it holds and asks, and the learner's own
 * keys are never replaced; a damaged or hostile link changes nothing.
 */
test.describe.configure({ timeout: 120_000 });

const reply = screenReply;

async function makeLink(page: Page): Promise<string> {
  const button = page.getByTestId('share-button');
  await button.click();
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog).toBeVisible();
  const link = dialog.getByTestId('share-link');
  await expect(link).toBeVisible();
  return link.inputValue();
}

test('a link carries the keys; opening it asks, loads them beside the learner’s own, and Back to my keys restores them', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const term = await openTerminal(page, { empty: true });
  await term.run('SET greeting "from the teacher"');
  await term.run('HSET user:1 name Ada visits 3');
  await term.run('SELECT 2');
  await term.run('RPUSH jobs a b c');
  await term.run('SELECT 0');

  const url = await makeLink(page);
  expect(url).toMatch(/#share=[A-Za-z0-9_-]+$/);
  expect(await page.getByTestId('share-dialog').getByText(/Link \(3 keys/).count()).toBe(1);
  expect(await seriousViolations(page), 'share dialog').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('share-dialog')).toHaveCount(0);
  await expect(page.getByTestId('share-button')).toBeFocused();

  // The learner's own work, different from the link's.
  await term.run('SET greeting "mine now"');
  await term.run('SET mine precious');

  // Opening the link in this tab (the fragment changes: no reload) asks first.
  await page.goto(url);
  const ask = page.getByTestId('share-open-dialog');
  await expect(ask).toBeVisible();
  await expect(ask.getByTestId('share-summary')).toContainText('This link holds 3 keys in 2 databases (2 in db 0, 1 in db 2)');
  await expect(ask.getByRole('list', { name: 'Keys in the link' })).toContainText('"jobs" (list, db 2)');
  await expect(ask.getByRole('button', { name: 'Open in a separate workspace' })).toBeFocused();
  expect(await seriousViolations(page), 'open-link dialog').toEqual([]);
  // Nothing is loaded before the learner chooses.
  expect(await page.evaluate(() => document.querySelector('[data-testid="shared-bar"]'))).toBeNull();

  await ask.getByRole('button', { name: 'Open in a separate workspace' }).click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('shared-bar')).toBeVisible();
  expect(await reply(term, 'GET greeting')).toBe('"from the teacher"');
  expect(await reply(term, 'EXISTS mine')).toBe('(integer) 0');
  await term.run('SELECT 2');
  expect(await reply(term, 'LRANGE jobs 0 -1')).toBe('1) "a"\n2) "b"\n3) "c"');
  await term.run('SELECT 0');
  expect(await seriousViolations(page), 'shared bar').toEqual([]);

  await page.getByTestId('shared-bar').getByRole('button', { name: 'Back to my keys' }).click();
  await expect(page.getByTestId('shared-bar')).toHaveCount(0);
  expect(await reply(term, 'GET mine')).toBe('"precious"');
  expect(await reply(term, 'GET greeting')).toBe('"mine now"');
  expect(new URL(page.url()).hash).toBe('');
});

test('a damaged, hostile or too-big link gets a clear message and changes nothing; Share refuses past 1,000 keys', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const term = await openTerminal(page, { empty: true });
  await term.run('SET mine precious');

  const error = page.getByTestId('share-open-error');
  for (const [hash, why] of [
    ['#share=not*base64', /could not be opened because it is not in the link format/],
    [`#share=${'A'.repeat(40_000)}`, /longer than 32,000 characters/],
    // {"v":1,"keys":"SET a 1\nFLUSHALL"} deflated: a link that would wipe the keys.
    ['#share=q1YqU7Iy1FHKTq0sVrJSCnYNUUhUMIzJc_MJDfZw9PFRqgUA', /line 2: "FLUSHALL" is not a command a share link may run/],
  ] as const) {
    await page.goto(`./${hash}`);
    await expect(error).toBeVisible();
    await expect(error).toHaveAttribute('role', 'alertdialog');
    await expect(error.getByTestId('share-open-message')).toContainText(why);
    await expect(error.getByTestId('share-open-message')).toContainText('Nothing was changed');
    await error.getByRole('button', { name: 'OK' }).click();
    await expect(error).toHaveCount(0);
    expect(await reply(term, 'GET mine')).toBe('"precious"');
    expect(await reply(term, 'DBSIZE')).toBe('(integer) 1');
  }
  await page.goto('./#share=!!');
  await expect(error).toBeVisible();
  expect(await seriousViolations(page), 'link error').toEqual([]);
  await page.keyboard.press('Escape');
  await expect(error).toHaveCount(0);

  await term.run('DEBUG POPULATE 1000 k');
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-error')).toContainText('This keyspace has 1,001 keys; a share link holds at most 1,000.');
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeDisabled();
});

test('a lesson link opens the lesson at its step with the shared keys, after asking', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const term = await openTerminal(page, { query: '?lesson=speed-problem&step=cache-the-categories' });
  await expect(page.getByTestId('section-title')).toHaveText('Cache the categories');
  await term.run('SET shared:from-lesson yes');
  const url = await makeLink(page);
  await page.keyboard.press('Escape');
  await term.run('DEL shared:from-lesson');
  await page.getByRole('button', { name: '☰ Lessons' }).click();

  await page.goto(url);
  const ask = page.getByTestId('share-open-dialog');
  await expect(ask.getByTestId('share-summary')).toContainText('at “Cache the categories”');
  await ask.getByRole('button', { name: 'Load into the lesson' }).click();
  await expect(page.getByTestId('section-title')).toHaveText('Cache the categories');
  expect(await reply(term, 'GET shared:from-lesson')).toBe('"yes"');
});
