import { expect, test, type Page } from '@playwright/test';
import { atSizes } from './sizes';
import { openTerminal, type TerminalPage } from './terminal';

/**
 * Undo and the timeline, driven as a learner would: commands typed into the
 * terminal, `:undo` and the Undo button, the timeline drawer scrubbed with
 * the keyboard and restored from an earlier point.
 */

const open = (page: Page): Promise<TerminalPage> => openTerminal(page, { reducedMotion: true, empty: true });

/** The text after the last prompt line that starts with `line`. */
async function outputOf(term: TerminalPage, line: string): Promise<string> {
  const t = await term.text();
  const at = t.lastIndexOf(`> ${line}`);
  return at < 0 ? '' : t.slice(at + line.length + 2);
}

test(':undo reverts the last command, one at a time, and the Undo button does the same', async ({ page }) => {
  const term = await open(page);
  await term.run('SET greeting hello');
  await term.run('SET greeting world');
  await term.run('RPUSH queue a b c');
  await expect(page.getByTestId('key-count')).toHaveText('2 keys');

  await term.run(':undo');
  const out = await outputOf(term, ":undo");
  expect(out).toContain('Undone: RPUSH queue a b c');
  expect(out).toContain('queue (removed)');
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
  await term.run('EXISTS queue');
  expect(await outputOf(term, 'EXISTS queue')).toContain('(integer) 0');

  await term.run(':undo');
  expect(await outputOf(term, ':undo')).toContain('greeting (string put back)');
  await term.run('GET greeting');
  expect(await outputOf(term, 'GET greeting')).toContain('"hello"');

  // The button types :undo into the terminal, so the terminal says what it did.
  await page.getByTestId('undo-button').click();
  await expect.poll(async () => outputOf(term, ':undo')).toContain('Undone: SET greeting hello');
  await expect(page.getByTestId('key-count')).toHaveText('0 keys');

  await page.getByTestId('undo-button').click();
  await expect.poll(async () => outputOf(term, ':undo')).toContain('Cannot undo: nothing');
});

test(':undo brings back a FLUSHALL across databases, TTLs included', async ({ page }) => {
  const term = await open(page);
  await term.run('SET session:1 alice EX 500');
  await term.run('SELECT 2');
  await term.run('HSET profile name Ada');
  await term.run('FLUSHALL');
  await term.run(':undo');
  expect(await outputOf(term, ':undo')).toContain('Undone: FLUSHALL');
  await term.run('HGET profile name');
  expect(await outputOf(term, 'HGET profile name')).toContain('"Ada"');
  await term.run('SELECT 0');
  await term.run('TTL session:1');
  const ttl = Number(/\(integer\) (\d+)/.exec(await outputOf(term, 'TTL session:1'))?.[1]);
  expect(ttl).toBeGreaterThan(400);
  expect(ttl).toBeLessThanOrEqual(500);
});

test('the timeline shows the keyspace at an earlier point and restores it', async ({ page }) => {
  const term = await open(page);
  await term.run('SET visits 1');
  await term.run('INCR visits');
  await term.run('SADD tags redis fast');
  await term.run('DEL visits');

  await page.getByTestId('timeline-button').click();
  const list = page.getByTestId('timeline-list');
  await expect(list).toBeFocused();
  await expect(page.getByTestId('timeline-option')).toHaveCount(6); // start, 4 commands, now
  await expect(list).toHaveAccessibleName('Commands that changed the keyspace');

  // Keyboard: Home is the start, ↓ the first command (SET visits 1), ↓ again INCR.
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const chosen = page.locator('[data-testid="timeline-option"][aria-selected="true"]');
  await expect(chosen).toContainText('INCR visits');
  const diff = page.getByTestId('timeline-diff');
  await expect(diff.locator('li')).toHaveCount(2);
  await expect(diff.locator('[data-key="visits"]')).toContainText('then');
  await expect(diff.locator('[data-key="visits"]')).toContainText('"2"');
  await expect(diff.locator('[data-key="visits"]')).toContainText('no such key');
  await expect(diff.locator('[data-key="tags"]')).toContainText('{');
  await expect(page.getByTestId('timeline-preview')).toContainText('1 key in database 0 then');
  await page.screenshot({ path: 'test-results/timeline-1280.png' });

  await page.getByTestId('restore-button').click();
  await page.getByTestId('restore-confirm').click();
  await expect.poll(async () => outputOf(term, ':restore 2')).toContain('Restored: 2 commands undone');
  await expect(page.getByTestId('timeline-option')).toHaveCount(4);
  await term.run('GET visits');
  expect(await outputOf(term, 'GET visits')).toContain('"2"');
  await term.run('EXISTS tags');
  expect(await outputOf(term, 'EXISTS tags')).toContain('(integer) 0');

  // Esc closes the drawer and gives focus back to its button.
  await page.getByTestId('timeline-list').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('timeline-drawer')).toHaveCount(0);
  await expect(page.getByTestId('timeline-button')).toBeFocused();
});

test('the timeline drawer fits a phone', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const term = await open(page);
  await term.run('RPUSH jobs a b c');
  await term.run('LPOP jobs');
  await page.getByTestId('timeline-button').click();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('timeline-diff').locator('[data-key="jobs"]')).toContainText('[a, b, c]');
  const box = await page.getByTestId('timeline-drawer').boundingBox();
  expect(box!.width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: 'test-results/timeline-390.png' });
});

for (const size of atSizes(
  [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
    { width: 1920, height: 1080 },
  ],
  2,
)) {
  test(`scrubbing the timeline shows that point in the keyspace view, read-only (${size.width}x${size.height})`, async ({ page }) => {
    await page.setViewportSize(size);
    const term = await open(page);
    await term.run('SET visits 1');
    await term.run('INCR visits');
    await term.run('RPUSH queue a b c');
    await term.run('DEL visits');
    const keys = page.getByTestId('keyspace');
    await expect(keys.locator('[data-key="queue"]')).toHaveCount(1);
    await expect(keys.locator('[data-key="visits"]')).toHaveCount(0);

    await page.getByTestId('timeline-button').click();
    await expect(page.getByTestId('timeline-list')).toBeFocused();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // right after 2: INCR visits
    const banner = page.getByTestId('past-banner');
    await expect(banner).toHaveAttribute('data-at', '2');
    await expect(page.getByTestId('past-title')).toHaveText('Viewing step 2 — read-only');
    await expect(page.getByTestId('narration')).toContainText('Viewing step 2');
    // The real tree: visits is back, the queue is not there yet.
    await expect(keys.locator('[data-key="visits"]')).toHaveCount(1);
    await expect(keys.locator('[data-key="queue"]')).toHaveCount(0);
    await expect(page.getByTestId('key-count')).toHaveText('1 key');
    await page.screenshot({ path: `test-results/screens/timeline-past-drawer-${size.width}.png` });

    await page.keyboard.press('ArrowUp'); // after 1: SET visits 1
    await expect(banner).toHaveAttribute('data-at', '1');
    // Closing the drawer keeps that point on screen; the banner leads on.
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('timeline-drawer')).toHaveCount(0);
    await expect(banner).toHaveAttribute('data-at', '1');
    await page.getByTestId('past-next').focus();
    await page.keyboard.press('ArrowRight'); // after 2
    await page.keyboard.press('ArrowRight'); // after 3: RPUSH queue
    await expect(banner).toHaveAttribute('data-at', '3');
    await expect(keys.locator('[data-key="queue"]')).toHaveCount(1);
    await expect(keys.locator('[data-key="visits"]')).toHaveCount(1);
    // The value pane shows the key as it was then, without the editor.
    await keys.locator('[data-key="visits"]').click();
    await expect(page.getByTestId('value-key')).toHaveText('visits');
    await expect(page.getByTestId('value-pane')).toContainText('2');
    await expect(page.getByTestId('value-readonly')).toBeVisible();
    await expect(page.getByTestId('key-editor')).toHaveCount(0);
    await page.getByTestId('past-now').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/screens/timeline-past-${size.width}.png` });

    // A command typed meanwhile does not change what is shown.
    await term.run('SET later 1');
    await expect(keys.locator('[data-key="later"]')).toHaveCount(0);
    await expect(banner).toHaveAttribute('data-at', '3');

    // Restore from the banner, after a question.
    await page.getByTestId('past-restore').click();
    await page.getByTestId('past-restore-confirm').click();
    await expect.poll(async () => outputOf(term, ':restore 3')).toContain('Restored: 2 commands undone');
    await expect(banner).toHaveCount(0);
    await expect(keys.locator('[data-key="visits"]')).toHaveCount(1);
    await expect(keys.locator('[data-key="later"]')).toHaveCount(0);
    await term.run('GET visits');
    expect(await outputOf(term, 'GET visits')).toContain('"2"');
  });
}

test('the timeline survives a reload: its commands are listed again and Restore of a past point works', async ({ page }) => {
  const term = await open(page);
  await term.run('SET visits 1');
  await term.run('INCR visits');
  await term.run('RPUSH queue a b c');
  await term.run('DEL visits');
  // What a reload finds is what was saved (the page also saves as it goes away).
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  await page.reload();
  await term.ready();
  await expect(page.getByTestId('key-count')).toHaveText('1 key');

  await page.getByTestId('timeline-button').click();
  const options = page.getByTestId('timeline-option');
  await expect(options).toHaveCount(6); // start, 4 commands, now
  await expect(options.nth(1)).toContainText('SET visits 1');
  await expect(options.nth(2)).toContainText('INCR visits');
  await expect(options.nth(3)).toContainText('RPUSH queue a b c');
  await expect(options.nth(4)).toContainText('DEL visits');
  await expect(page.getByTestId('timeline-saved')).toContainText('Kept across a reload: the last 500 commands');
  await expect(page.getByTestId('timeline-notice')).toHaveCount(0);

  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown'); // right after 2: INCR visits
  await expect(page.getByTestId('past-banner')).toHaveAttribute('data-at', '2');
  await expect(page.getByTestId('keyspace').locator('[data-key="visits"]')).toHaveCount(1);
  await page.screenshot({ path: 'test-results/screens/timeline-after-reload-1280.png' });
  await page.getByTestId('restore-button').click();
  await page.getByTestId('restore-confirm').click();
  await expect.poll(async () => outputOf(term, ':restore 2')).toContain('Restored: 2 commands undone');
  await term.run('GET visits');
  expect(await outputOf(term, 'GET visits')).toContain('"2"');
  await term.run('EXISTS queue');
  expect(await outputOf(term, 'EXISTS queue')).toContain('(integer) 0');

  // The restore is kept too: after another reload the timeline ends at INCR.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
  await page.reload();
  await term.ready();
  await page.getByTestId('timeline-button').click();
  await expect(options).toHaveCount(4);
  await expect(options.nth(2)).toContainText('INCR visits');
});
