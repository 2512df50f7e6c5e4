import { expect, test } from '@playwright/test';
import { seriousViolations } from './axe';
import { openTerminal, TerminalPage, screenReply } from './terminal';

/**
 * `?embed=terminal`: the terminal alone, for a course page's iframe, with
 * keys of its own: nothing typed there reaches the learner's saved keys, and
 * the learner's keys are not there. With a share link's keys it starts from
 * them once, keeps the learner's changes, and starts over only when asked.
 */
test.describe.configure({ timeout: 120_000 });

const reply = screenReply;

test('an embedded terminal keeps its keys apart from the learner’s, and an example starts from a share link', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  // The learner's own keys, in the full playground.
  let term = await openTerminal(page, { empty: true });
  await term.run('SET example:greeting "hello from the course"');
  await page.getByTestId('share-button').click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.keyboard.press('Escape');
  await term.run('DEL example:greeting');
  await term.run('SET mine precious');
  const data = link.slice(link.indexOf('#share=') + '#share='.length);

  // The bare terminal: no lessons, no keyspace view, none of the learner's keys.
  await page.goto('./?embed=terminal');
  term = new TerminalPage(page);
  await term.ready();
  await expect(page.getByTestId('embed')).toBeVisible();
  await expect(page.getByTestId('lesson-map')).toHaveCount(0);
  await expect(page.locator('#region-keyspace')).toHaveCount(0);
  expect(await reply(term, 'EXISTS mine')).toBe('(integer) 0');
  await term.run('SET embedded 1');
  expect(await seriousViolations(page), 'embedded terminal').toEqual([]);
  await page.reload();
  await term.ready();
  await expect.poll(() => reply(term, 'GET embedded')).toBe('"1"');

  // An example from a share link: its keys, then the learner's changes, kept apart from both.
  await page.goto(`./?embed=terminal#share=${data}`);
  await page.reload();
  await term.ready();
  expect(await reply(term, 'GET example:greeting')).toBe('"hello from the course"');
  expect(await reply(term, 'EXISTS embedded mine')).toBe('(integer) 0');
  await term.run('SET example:greeting changed');
  await page.reload();
  await term.ready();
  await expect.poll(() => reply(term, 'GET example:greeting')).toBe('"changed"');
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByRole('button', { name: 'Yes, start over' })).toBeFocused();
  expect(await seriousViolations(page), 'start over question').toEqual([]);
  await page.getByRole('button', { name: 'Yes, start over' }).click();
  await expect(page.getByRole('button', { name: 'Start over' })).toBeFocused();
  expect(await reply(term, 'GET example:greeting')).toBe('"hello from the course"');

  // A damaged example says so and leaves a working terminal.
  await page.goto('./?embed=terminal#share=!!');
  await page.reload();
  await expect(page.getByTestId('embed-error')).toContainText('could not be loaded because it is not in the link format');
  await term.ready();
  expect(await reply(term, 'DBSIZE')).toBe('(integer) 0');

  // The learner's own keys were never touched.
  await page.goto('./');
  term = new TerminalPage(page);
  await term.ready();
  expect(await reply(term, 'GET mine')).toBe('"precious"');
  expect(await reply(term, 'EXISTS embedded example:greeting')).toBe('(integer) 0');
});
