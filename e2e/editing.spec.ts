import { expect, test, type Page } from '@playwright/test';
import { openTerminal, type TerminalPage } from './terminal';

/**
 * Editing the keyspace from the value pane: every edit is typed into the
 * terminal as the Redis command it is, and the view shows the result. And
 * a lesson step's goal drawn beside the key, with the differences marked.
 */

const open = (page: Page, query = ''): Promise<TerminalPage> => openTerminal(page, { query, reducedMotion: true });

/** Terminal text with line breaks removed (long lines wrap in a narrow terminal). */
const flat = async (term: TerminalPage) => (await term.text()).replace(/\n/g, '');
const editor = (page: Page) => page.getByTestId('key-editor');

test('a hash edited from the value pane: each change is a command in the terminal', async ({ page }) => {
  const term = await open(page);
  await term.run('FLUSHALL');
  await term.run('HSET user:1 name Ada');
  await expect(page.getByTestId('value-key')).toHaveText('user:1');

  await editor(page).locator('summary').click();
  await editor(page).getByLabel('field', { exact: true }).fill('city');
  await editor(page).getByLabel('value', { exact: true }).fill('New York');
  await editor(page).getByRole('button', { name: 'Set field' }).click();
  await expect.poll(() => flat(term)).toContain('127.0.0.1:6379> HSET user:1 city "New York"(integer) 1');
  await expect(page.getByTestId('hash-view').locator('[data-field="city"]')).toContainText('New York');
  await page.screenshot({ path: 'test-results/editing-1280.png' });

  await editor(page).getByLabel('field', { exact: true }).fill('name');
  await editor(page).getByRole('button', { name: 'Remove field' }).click();
  await expect.poll(() => flat(term)).toContain('HDEL user:1 name(integer) 1');
  await expect(page.getByTestId('hash-view').locator('[data-field="name"]')).toHaveCount(0);

  // TTL, then rename: the selection follows the new name.
  await editor(page).getByLabel('TTL (seconds)').fill('120');
  await editor(page).getByRole('button', { name: 'Set TTL' }).click();
  await expect.poll(() => flat(term)).toContain('EXPIRE user:1 120(integer) 1');
  await editor(page).getByLabel('Rename to').fill('user:2');
  await editor(page).getByRole('button', { name: 'Rename' }).click();
  await expect.poll(() => flat(term)).toContain('RENAME user:1 user:2OK');
  await expect(page.getByTestId('value-key')).toHaveText('user:2');

  // Deleting asks first; Cancel keeps the key.
  // A new key name: the editor starts closed again.
  await editor(page).locator('summary').click();
  await editor(page).getByRole('button', { name: 'Delete key…' }).click();
  const confirm = page.getByTestId('delete-confirm');
  await expect(confirm).toContainText('Delete user:2?');
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
  await editor(page).getByRole('button', { name: 'Delete key…' }).click();
  await expect(page.getByTestId('delete-confirm').getByRole('button', { name: 'Delete' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => flat(term)).toContain('DEL user:2(integer) 1');
  await expect(page.getByTestId('key-count')).toHaveText('0 keys');

  // The edits are commands like any other: :undo brings the key back.
  await term.run(':undo');
  await expect(page.getByTestId('key-count')).toHaveText('1 key');
});

test('strings, lists, sets and sorted sets edited from the value pane', async ({ page }) => {
  test.setTimeout(120_000);
  const term = await open(page);
  await term.run('FLUSHALL');
  await term.run('SET note hi EX 300');
  await editor(page).locator('summary').click();
  await editor(page).getByLabel('Value').fill('hello "world"');
  await editor(page).getByRole('button', { name: 'Save value' }).click();
  await expect.poll(() => flat(term)).toContain('SET note "hello \\"world\\"" KEEPTTL');
  await term.run('GET note');
  await expect.poll(() => flat(term)).toContain('GET note"hello \\"world\\""');
  await term.run('TTL note');
  expect(await flat(term)).not.toMatch(/TTL note\(integer\) -1/);

  await term.run('RPUSH q b');
  await editor(page).locator('summary').click();
  await editor(page).getByLabel('element', { exact: true }).fill('a');
  await editor(page).getByRole('button', { name: 'Add at head' }).click();
  await expect.poll(() => flat(term)).toContain('LPUSH q a(integer) 2');
  await editor(page).getByLabel('index', { exact: true }).fill('-1');
  await editor(page).getByLabel('new element', { exact: true }).fill('z');
  await editor(page).getByRole('button', { name: 'Set at index' }).click();
  await expect.poll(() => flat(term)).toContain('LSET q -1 zOK');

  await term.run('SADD tags x');
  await editor(page).locator('summary').click();
  await editor(page).getByLabel('member', { exact: true }).fill('y');
  await page.keyboard.press('Enter'); // Enter is the first action: add
  await expect.poll(() => flat(term)).toContain('SADD tags y(integer) 1');

  await term.run('ZADD board 1 ana');
  await editor(page).locator('summary').click();
  await editor(page).getByLabel('member', { exact: true }).fill('ben');
  await editor(page).getByLabel('score', { exact: true }).fill('5');
  await editor(page).getByRole('button', { name: 'Add / set score' }).click();
  await expect.poll(() => flat(term)).toContain('ZADD board 5 ben(integer) 1');
  await expect(page.getByTestId('zset-view').locator('[data-member="ben"]')).toBeVisible();
});

test('the value pane edits at phone size', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const term = await open(page);
  await term.run('FLUSHALL');
  await term.run('ZADD board 10 ana 20 ben');
  const ed = editor(page);
  await ed.scrollIntoViewIfNeeded();
  await ed.locator('summary').click();
  await ed.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/editing-390.png' });
  const box = await ed.boundingBox();
  expect(box!.x + box!.width).toBeLessThanOrEqual(391);
});

test("a step's goal is drawn beside the key, the differences marked", async ({ page }) => {
  const term = await open(page, '?lesson=lists&step=push-to-the-end-read-a-range');
  const card = page.locator('[data-testid="step-card"][data-step="rpush"]');
  await expect(card).toBeVisible();
  await term.run('RPUSH activity:user:2 "opened board" "logged in" "lunch"');
  const diff = card.getByTestId('goal-diff');
  const goal = diff.locator('[data-side="goal"] li');
  const now = diff.locator('[data-side="now"] li');
  await expect(goal).toHaveCount(3);
  await expect.poll(() => goal.evaluateAll((els) => els.map((e) => e.getAttribute('data-mark')))).toEqual(['moved', 'moved', 'missing']);
  await expect.poll(() => now.evaluateAll((els) => els.map((e) => e.getAttribute('data-mark')))).toEqual(['moved', 'moved', 'extra']);
  await expect(goal.nth(2)).toContainText('logged out');
  await expect(goal.nth(2)).toContainText('missing'); // in words for screen readers, a sign on screen
  await expect(now.nth(2)).toContainText('extra');
  await expect(diff.locator('[data-side="goal"]')).toHaveAccessibleName('Goal: list activity:user:2');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/goal-diff-1280.png' });

  // Undo, then the right order: the drawing goes once the goal is reached.
  await term.run(':undo');
  await expect(diff.locator('figcaption')).toContainText('the key does not exist yet');
  await term.run('RPUSH activity:user:2 "logged in" "opened board" "logged out"');
  await expect(card).toHaveAttribute('data-done', 'true');
  await expect(card.getByTestId('goal-diff')).toHaveCount(0);
});

test('the goal drawing at phone size', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const term = await open(page, '?lesson=sorted-sets&step=zadd');
  const card = page.locator('[data-testid="step-card"]').first();
  await expect(card).toBeVisible();
  await term.run('ZADD scores:week:7 50 ana 40 cy 30 ben');
  await expect(card.getByTestId('goal-diff')).toBeVisible();
  await card.getByTestId('goal-diff').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/goal-diff-390.png' });
});
