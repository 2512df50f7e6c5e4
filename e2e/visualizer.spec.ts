import { expect, test, type Page } from '@playwright/test';
import { openTerminal, type TerminalPage } from './terminal';
import { FULL } from './sizes';

/**
 * The visualizer, driven through the terminal: what the tree, the value
 * views and the narration show after real commands.
 */

/** A fresh keyspace for every test (the app restores the last session's keys). */
const open = (page: Page, opts: { reducedMotion?: boolean } = {}): Promise<TerminalPage> => openTerminal(page, { reducedMotion: opts.reducedMotion !== false, empty: true });

/**
 * Runs MSET prefix:from..prefix:to-1 straight in the engine's worker (as
 * client 1, the terminal's connection), the arguments made in the worker:
 * for building big keyspaces faster than typing. The change event reaches
 * the page as for any command.
 */
async function workerMset(page: Page, prefix: string, from: number, to: number): Promise<void> {
  const worker = page.workers()[0];
  if (!worker) throw new Error('no engine worker');
  await worker.evaluate(
    ([p, a, b]) => {
      const argv = ['MSET'];
      for (let i = a; i < b; i++) argv.push(`${p}:${i}`, `v${i}`);
      const g = self as unknown as { onmessage: (ev: { data: unknown }) => void };
      g.onmessage({ data: { id: 2 ** 30, kind: 'exec', req: { client: 1, argv } } });
    },
    [prefix, from, to] as const,
  );
}

const tree = (page: Page) => page.getByTestId('keyspace');
const narration = (page: Page) => page.getByTestId('narration');
const keyRow = (page: Page, key: string) => tree(page).locator(`[data-key="${key}"]`);
const listValues = (page: Page) =>
  page.getByTestId('list-view').locator('[role="listitem"]').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-index')), e.getAttribute('data-value')] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]));
const zsetRows = (page: Page) =>
  page.getByTestId('zset-view').locator('[role="row"]').evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-rank')), e.getAttribute('data-member')] as const).sort((a, b) => a[0] - b[0]).map((x) => `${x[0]}:${x[1]}`));

test('the tree groups keys into : namespaces, with type, size and TTL', { tag: '@serial' }, async ({ page }) => {
  const term = await open(page);
  await term.run('SET cache:dashboard:user:123 \'{"visits":3}\' EX 120');
  await term.run('HSET user:1 name Ada born 1815');
  await term.run('SET user:2 Grace');
  await term.run('SET greeting hello');

  await expect(tree(page).locator('[data-folder="cache"]')).toHaveAttribute('aria-level', '1');
  await expect(tree(page).locator('[data-folder="cache:dashboard"]')).toHaveAttribute('aria-level', '2');
  await expect(tree(page).locator('[data-folder="cache:dashboard:user"]')).toHaveAttribute('aria-level', '3');
  const leaf = keyRow(page, 'cache:dashboard:user:123');
  await expect(leaf).toHaveAttribute('aria-level', '4');
  await expect(leaf).toHaveAttribute('data-type', 'string');
  await expect(leaf.locator('[data-ttl]')).toHaveAttribute('data-ttl', /^(119|120)$/);
  await expect(keyRow(page, 'user:1')).toContainText('2 fields');
  await expect(keyRow(page, 'user:1')).toContainText('listpack');
  await expect(tree(page).locator('[data-folder="user"]')).toContainText('2');
  await expect(page.getByTestId('key-count')).toHaveText('4 keys');

  // Folders first, then keys, in natural order.
  const order = await tree(page).locator('[role="treeitem"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-folder') ?? e.getAttribute('data-key')));
  expect(order).toEqual(['cache', 'cache:dashboard', 'cache:dashboard:user', 'cache:dashboard:user:123', 'user', 'user:1', 'user:2', 'greeting']);

  // Keyboard: collapse the first folder, open a key.
  await tree(page).focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  await expect(tree(page).locator('[data-folder="cache"]')).toHaveAttribute('aria-expanded', 'false');
  await expect(leaf).toHaveCount(0);
  await page.keyboard.press('ArrowRight');
  await expect(leaf).toHaveCount(1);
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('value-key')).toHaveText('greeting');
  await expect(page.getByTestId('string-text')).toHaveText('hello');

  // Filter by glob, sort by size.
  await page.getByTestId('key-filter').fill('user:*');
  await expect(page.getByTestId('key-count')).toHaveText('2 of 4 keys');
  await expect(keyRow(page, 'greeting')).toHaveCount(0);
  await page.getByTestId('key-filter').fill('');
  await page.getByTestId('key-sort').selectOption('size');
  // Largest first within a folder: "Grace" (5 bytes) before a hash of 2 fields.
  await expect
    .poll(() => tree(page).locator('[data-key^="user:"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-key'))))
    .toEqual(['user:2', 'user:1']);
});

test('what the last command did is drawn and narrated', async ({ page }) => {
  const term = await open(page);
  await term.run('SET a 1');
  await expect(keyRow(page, 'a')).toHaveAttribute('data-touch', 'created');
  await expect(narration(page)).toHaveText('SET: created string a (1 byte).');
  await term.run('GET a');
  await expect(keyRow(page, 'a')).toHaveAttribute('data-touch', 'read');
  await term.run('INCR a');
  await expect(keyRow(page, 'a')).toHaveAttribute('data-touch', 'written');
  await expect(page.getByTestId('counter-value')).toHaveText('2');
  await expect(narration(page)).toContainText('a is now 2.');
  await term.run('DEL a');
  await expect(keyRow(page, 'a')).toHaveAttribute('data-gone', 'deleted');
  await expect(page.getByTestId('last-command')).toContainText('deleted a');
  // The ghost row fades out, then goes.
  await expect(keyRow(page, 'a')).toHaveCount(0, { timeout: 6000 });
});

test('lists: a deque with both rulers, pushes and pops at both ends', async ({ page }) => {
  const term = await open(page);
  await term.run('RPUSH queue a b c');
  await expect.poll(() => listValues(page)).toEqual(['a', 'b', 'c']);
  await term.run('LPUSH queue z');
  await expect.poll(() => listValues(page)).toEqual(['z', 'a', 'b', 'c']);
  const first = page.getByTestId('list-view').locator('[data-index="0"]');
  await expect(first).toHaveAttribute('data-state', 'enter');
  await expect(first).toContainText('0');
  await expect(first).toContainText('-4');
  await term.run('RPOP queue');
  await expect.poll(() => listValues(page)).toEqual(['z', 'a', 'b']);
  await expect(page.getByTestId('list-removed')).toContainText('Left the tail: c');
  await term.run('LRANGE queue 0 1');
  await expect(page.getByTestId('list-read')).toHaveText('Read indexes 0..1 (2 elements)');
  await term.run('LTRIM queue 1 -1');
  await expect.poll(() => listValues(page)).toEqual(['a', 'b']);
  await expect(page.getByTestId('list-removed')).toContainText('Cut: z');
  await term.run('LMOVE queue queue LEFT RIGHT');
  await expect.poll(() => listValues(page)).toEqual(['b', 'a']);
  await expect(page.getByTestId('value-python')).toContainText('deque(["b", "a"])');
  await expect(page.getByTestId('value-encoding')).toContainText('quicklist');
});

test('sorted sets: ranks both ways, ZINCRBY moves a member, ZRANGEBYSCORE lights a window', async ({ page }) => {
  const term = await open(page);
  await term.run('ZADD board 10 ada 20 bob 30 cy 40 dan');
  await expect.poll(() => zsetRows(page)).toEqual(['0:ada', '1:bob', '2:cy', '3:dan']);
  const bob = page.getByTestId('zset-view').locator('[data-member="bob"]');
  await expect(bob).toContainText('1'); // ZRANK
  await expect(bob).toContainText('2'); // ZREVRANK
  await term.run('ZINCRBY board 15 bob');
  await expect.poll(() => zsetRows(page)).toEqual(['0:ada', '1:cy', '2:bob', '3:dan']);
  await expect(bob).toHaveAttribute('data-state', 'moved');
  await expect(narration(page)).toContainText('bob moved from rank 1 to rank 2.');
  await term.run('ZRANGEBYSCORE board 30 (40');
  await expect(page.getByTestId('zset-read')).toContainText('Score window [30, 40): 2 members');
  await expect(page.getByTestId('zset-view').locator('[data-read]')).toHaveCount(2);
  await page.getByRole('button', { name: 'high → low' }).click();
  await expect.poll(() => zsetRows(page)).toEqual(['0:ada', '1:cy', '2:bob', '3:dan']);
  const top = await page.getByTestId('zset-view').locator('[role="row"]').first().getAttribute('data-member');
  expect(top).toBe('dan');
});

test('hashes: a field table, the changed field lit, the encoding change shown', async ({ page }) => {
  const term = await open(page);
  await term.run('HSET user:1 name Ada city London');
  const view = page.getByTestId('hash-view');
  await expect(view.locator('[data-field="name"]')).toContainText('Ada');
  await term.run('HSET user:1 name Grace');
  await expect(view.locator('[data-field="name"]')).toContainText('Grace');
  await expect(view.locator('[data-field="name"]')).toHaveAttribute('data-state', 'changed');
  await expect(view.locator('[data-field="city"]')).toHaveAttribute('data-state', 'stay');
  await expect(page.getByTestId('value-encoding')).toContainText('listpack');
  await term.run(`HSET user:1 bio ${'x'.repeat(80)}`);
  await expect(page.getByTestId('value-encoding')).toContainText('hashtable');
  await expect(page.getByTestId('encoding-change')).toContainText('listpack → hashtable');
  await expect(narration(page)).toContainText('changed from listpack to hashtable');
});

test('strings: JSON pretty-printed, numbers as counters', async ({ page }) => {
  const term = await open(page);
  await term.run('SET page \'{"title":"Home","tags":["a","b"]}\'');
  await expect(page.getByTestId('string-json')).toContainText('"title": "Home"');
  await term.run('SET visits 41');
  await term.run('INCR visits');
  await expect(page.getByTestId('counter-value')).toHaveText('42');
  await expect(page.getByTestId('string-counter')).toContainText('+1');
  await term.run('DECRBY visits 5');
  await expect(page.getByTestId('counter-value')).toHaveText('37');
  await expect(page.getByTestId('string-counter')).toContainText('-5');
});

test('a HyperLogLog is drawn as a sketch with its cached count, not as bytes', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const term = await open(page);
  await term.run('PFADD visitors:today alice bob carol alice');
  await expect(page.getByTestId('string-hll')).toContainText('HyperLogLog · sparse encoding');
  await expect(page.getByTestId('string-hll')).toContainText('Changed since the last count');
  await term.run('PFCOUNT visitors:today');
  await expect(page.getByTestId('hll-count')).toHaveText('3');
  await page.screenshot({ path: 'test-results/visualizer-hll-1280.png' });
});

test('sets: chips, and SINTER / SUNION / SDIFF as a Venn diagram', async ({ page }) => {
  const term = await open(page);
  await term.run('SADD a 1 2 3 4');
  await expect(page.getByTestId('set-view').locator('[data-member]')).toHaveCount(4);
  await term.run('SADD b 3 4 5');
  await term.run('SINTER a b');
  const venn = page.getByTestId('venn');
  await expect(venn).toBeVisible();
  await expect(venn.locator('[data-count="1"]')).toHaveText('2');
  await expect(venn.locator('[data-count="2"]')).toHaveText('1');
  await expect(venn.locator('[data-count="3"]')).toHaveText('2');
  await expect(venn.locator('[data-region="3"]')).toHaveAttribute('data-result', 'true');
  await expect(venn.locator('[data-region="1"]')).not.toHaveAttribute('data-result', 'true');
  await expect(page.getByTestId('venn-result-size')).toHaveText('2');
  await expect(venn.locator('[data-venn-member]')).toHaveText(['3', '4']);
  await term.run('SUNION a b');
  await expect(page.getByTestId('venn-result-size')).toHaveText('5');
  await term.run('SADD c 4 6');
  await term.run('SDIFF a b c');
  await expect(venn.locator('[data-count="7"]')).toHaveText('1');
  await expect(venn.locator('[data-region="1"]')).toHaveAttribute('data-result', 'true');
  await expect(page.getByTestId('venn-result-size')).toHaveText('2');
  await expect(venn.locator('[data-venn-member]')).toHaveText(['1', '2']);
  await venn.getByRole('button', { name: 'Close the Venn diagram' }).click();
  await expect(venn).toHaveCount(0);
});

test('the clock: paused TTLs stand still, a fast-forward expires keys', async ({ page }) => {
  const term = await open(page);
  await page.getByRole('button', { name: /Pause/ }).click();
  await term.run('SET session:abc123 token EX 30');
  const row = keyRow(page, 'session:abc123');
  await expect(row.locator('[data-ttl]')).toHaveAttribute('data-ttl', '30');
  await page.waitForTimeout(1500);
  await expect(row.locator('[data-ttl]')).toHaveAttribute('data-ttl', '30');
  await page.getByRole('button', { name: 'Jump 10 seconds ahead' }).click();
  await expect(row.locator('[data-ttl]')).toHaveAttribute('data-ttl', '20');
  await term.run('TTL session:abc123');
  expect(await term.text()).toContain('(integer) 20');
  await page.getByRole('button', { name: 'Jump 1 minute ahead' }).click();
  await expect(row).toHaveAttribute('data-gone', 'expired');
  await expect(row).toContainText('expired');
  await expect(narration(page)).toHaveText('session:abc123 expired.');
  await expect(page.getByTestId('value-gone')).toContainText('expired');
  await expect(row).toHaveCount(0, { timeout: 6000 });
  await page.getByRole('button', { name: 'Play at 10 times speed' }).click();
  await term.run('SET flash x EX 5');
  await expect(keyRow(page, 'flash')).toHaveAttribute('data-gone', 'expired', { timeout: 4000 });
  await page.getByRole('button', { name: 'Play at 1 times speed' }).click();
});

test('the Python view and several databases', async ({ page }) => {
  const term = await open(page);
  await term.run('HSET user:1 name Ada');
  await term.run('RPUSH queue a b');
  await term.run('ZADD board 10 bob');
  await term.run('SET n 7');
  await page.getByTestId('python-toggle').click();
  const py = page.getByTestId('python-view');
  await expect(py).toContainText('r = {');
  await expect(py.locator('[data-py-key="user:1"]')).toHaveText('"user:1": {"name": "Ada"},');
  await expect(py.locator('[data-py-key="queue"]')).toHaveText('"queue": deque(["a", "b"]),');
  await expect(py.locator('[data-py-key="board"]')).toHaveText('"board": [(10.0, "bob")],');
  await expect(py.locator('[data-py-key="n"]')).toHaveText('"n": 7,');
  await page.getByRole('button', { name: 'Tree', exact: true }).click();

  await term.run('SELECT 2');
  await expect(page.getByTestId('db-picker')).toHaveValue('2');
  await term.run('SET only:in:two yes');
  await expect(keyRow(page, 'only:in:two')).toBeVisible();
  await expect(keyRow(page, 'queue')).toHaveCount(0);
  await page.getByTestId('db-picker').selectOption('0');
  await expect(keyRow(page, 'queue')).toBeVisible();
  await term.run('SELECT 0');
});

// Animations play only for a scene drawn within 400 ms of its command (wall clock): run alone.
test('with motion: boxes slide, and the pop leaves on screen for a moment', { tag: '@serial' }, async ({ page }) => {
  const term = await open(page, { reducedMotion: false });
  await term.run('RPUSH q a b c');
  // The three boxes have arrived (their own entrance is over).
  await expect.poll(() => page.getByTestId('list-view').evaluate((el) => el.getAnimations({ subtree: true }).length)).toBe(0);
  await term.run('LPUSH q z');
  const z = page.getByTestId('list-view').locator('[data-index="0"] > div');
  // A running Web Animation on the box that entered (transform/opacity only).
  const animating = await z.evaluate((el) => el.getAnimations().map((a) => Object.keys((a.effect as KeyframeEffect).getKeyframes()[0]!)));
  expect(animating.flat()).toContain('transform');
  // The boxes that made room slide as one strip (one animation), not each on its own.
  const a = page.getByTestId('list-view').locator('[data-index="1"]');
  const [own, strip] = await a.evaluate((el) => [
    (el.firstElementChild?.nextElementSibling as HTMLElement).getAnimations().length,
    el.parentElement!.parentElement!.getAnimations().map((x) => Object.keys((x.effect as KeyframeEffect).getKeyframes()[0]!)),
  ] as const);
  expect(own).toBe(0);
  expect(strip.flat()).toEqual(expect.arrayContaining(['transform']));
  await term.run('RPOP q');
  await expect(page.getByTestId('list-view').locator('.border-dashed')).toHaveCount(1);
});

// The keys are saved as they are written, in slices that let the tree's requests through,
// and End wins over a reveal asked for before it.
test('a million keys stay a window', async ({ page }) => {
  test.setTimeout(240_000);
  const term = await open(page);
  // Built with MSET batches of 100,000 keys (the worker keeps them; the page only sees windows).
  for (let b = 0; b < 10; b++) await workerMset(page, 'key', b * 100_000, (b + 1) * 100_000);
  await expect(page.getByTestId('key-count')).toHaveText('1,000,000 keys', { timeout: 60_000 });
  // The DOM holds a window, not a million rows.
  expect(await tree(page).locator('[role="treeitem"]').count()).toBeLessThan(120);
  await tree(page).focus();
  await page.keyboard.press('End');
  await expect(keyRow(page, 'key:999999')).toBeVisible({ timeout: 20_000 });
  await term.run('SET key:1000000 last');
  await expect(keyRow(page, 'key:1000000')).toHaveAttribute('data-touch', 'created');
  // A key far from the rows on screen: the tree follows it there, with its neighbours, and shows its value.
  await term.run('SET key:500000 moved');
  await expect(keyRow(page, 'key:500000')).toHaveAttribute('data-touch', 'written');
  await expect(keyRow(page, 'key:500000')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('value-key')).toHaveText('key:500000');
  await expect(tree(page).locator('[role="treeitem"]:not([data-key]):not([data-folder])')).toHaveCount(0);
});

test('projector mode and the resizable split work by mouse and keyboard', async ({ page }) => {
  const term = await open(page);
  await term.run('MSET k:1 a k:2 b k:3 c k:4 d');
  await page.getByRole('button', { name: 'Large type for projectors' }).click();
  await expect(page.getByTestId('visualizer')).toHaveAttribute('data-large', 'true');
  await keyRow(page, 'k:3').click();
  await expect(page.getByTestId('value-key')).toHaveText('k:3');
  const sep = page.getByRole('separator', { name: 'Resize the keyspace and value panes' });
  await sep.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(sep).toHaveAttribute('aria-valuenow', '55');
  await tree(page).focus();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('value-key')).toHaveText('k:4');
});

test('screenshots at 1280x800 and 1920x1080', async ({ page }) => {
  test.skip(!FULL, 'screenshots to look at: npm run test:e2e:full');
  const term = await open(page, { reducedMotion: false });
  await term.run('SET cache:dashboard:user:123 \'{"visits":3,"plan":"pro"}\' EX 90');
  await term.run('HSET user:1 name Ada born 1815 city London');
  await term.run('SET session:abc123 token EX 30');
  await term.run('SADD tags:redis fast simple');
  await term.run('RPUSH queue job:1 job:2 job:3');
  await term.run('LPUSH queue job:0');
  await page.waitForTimeout(700);
  await page.screenshot({ path: 'test-results/visualizer-list-1280.png' });
  await term.run('ZADD leaderboard 120 ada 95 bob 150 cy 80 dan');
  await term.run('ZINCRBY leaderboard 60 bob');
  await page.waitForTimeout(800);
  await page.screenshot({ path: 'test-results/visualizer-zset-1280.png' });
  await term.run('HSET user:1 city Paris');
  await term.run(`HSET user:1 bio "${'Mathematician, wrote the first program. '.repeat(2)}"`);
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/visualizer-hash-1280.png' });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByRole('button', { name: 'Jump 1 minute ahead' }).click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: 'test-results/visualizer-expired-1280.png' });
  await page.getByRole('button', { name: 'Play at 1 times speed' }).click();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await term.run('SADD a 1 2 3 4');
  await term.run('SADD b 3 4 5');
  await term.run('SADD c 4 5 6 7');
  await term.run('SINTER a b c');
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/visualizer-venn-1920.png' });
  await page.getByRole('button', { name: 'Close the Venn diagram' }).click();
  await page.getByTestId('python-toggle').click();
  await term.run('HGETALL user:1');
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/visualizer-python-1920.png' });
  await page.getByRole('button', { name: 'Tree', exact: true }).click();
  await page.getByRole('button', { name: 'Large type for projectors' }).click();
  await term.run('ZRANGEBYSCORE leaderboard 100 200');
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'test-results/visualizer-projector-1920.png' });
});
