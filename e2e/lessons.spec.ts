import { expect, test, type Page } from '@playwright/test';
import { openTerminal, TerminalPage } from './terminal';
import { atSizes } from './sizes';

/** Screenshots go to test-results/ (or SHOTS_DIR, when several runs share that folder). */
const shots = process.env.SHOTS_DIR ?? 'test-results';

const start = (page: Page, query = ''): Promise<TerminalPage> => openTerminal(page, { query });

/** Terminal text with line breaks removed (long lines wrap in a narrow terminal). */
const flat = (t: string) => t.replace(/\n/g, '');

const stepCard = (page: Page, id: string) => page.locator(`[data-testid="step-card"][data-step="${id}"]`);

test('a learner completes lesson 1 by typing, sees it done, reloads, and the progress is still there', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const term = await start(page);

  // The self-paced map is the lesson panel's landing page.
  const map = page.getByTestId('lesson-map');
  await expect(map).toBeVisible();
  await expect(map.getByRole('tab', { name: 'Self-paced' })).toHaveAttribute('aria-selected', 'true');
  await map.locator('[data-lesson="speed-problem"]').click();
  await expect(page.getByTestId('section-title')).toHaveText('How long things take');
  await expect(page).toHaveURL(/\?lesson=speed-problem/);

  // Walk to the first goal with the Next button.
  for (let i = 0; i < 10; i++) {
    if ((await page.getByTestId('section-title').textContent()) === 'Cache the categories') break;
    await page.getByRole('button', { name: 'Next →' }).last().click();
  }
  await expect(page.getByTestId('section-title')).toHaveText('Cache the categories');
  await expect(page).toHaveURL(/step=cache-the-categories/);
  const card = stepCard(page, 'cache-categories');
  await expect(card).toHaveAttribute('data-done', 'false');

  await term.run('GET cache:categories:org:789');
  await expect(card.locator('[data-pass="true"]')).toHaveCount(1); // GET was used; nothing stored yet
  await term.run(`SET cache:categories:org:789 '["Work","Personal","Urgent"]' EX 300`);
  await expect(card).toHaveAttribute('data-done', 'true');
  await expect(card).toContainText('Goal reached');
  await expect(card).toContainText('The same in Python');
  await expect(page.locator('[data-section="cache-the-categories"]')).toHaveAttribute('aria-label', /goal done/);
  await expect(page.getByTestId('lesson-announcer')).toContainText('Goal reached');
  await page.screenshot({ path: `${shots}/lessons-1280-goal-done.png` });

  await page.reload();
  await new TerminalPage(page).ready();
  await expect(page.getByTestId('section-title')).toHaveText('Cache the categories');
  await expect(stepCard(page, 'cache-categories')).toHaveAttribute('data-done', 'true');
  await expect(page.locator('[data-section="cache-the-categories"]')).toHaveAttribute('aria-label', /goal done/);
  // The lesson's keys came back with it.
  await new TerminalPage(page).run('TTL cache:categories:org:789');
  expect(flat(await new TerminalPage(page).text())).toMatch(/TTL cache:categories:org:789\(integer\) (2\d\d|300)/);

  // The map counts it.
  await page.getByRole('button', { name: '☰ Lessons' }).click();
  await expect(page.getByTestId('track-progress')).toContainText('1 of');
});

test('lesson commands in the terminal never shadow Redis, and runnable blocks type into it', async ({ page }) => {
  const term = await start(page, '?lesson=mental-model&step=say-hello');
  await expect(page.getByTestId('section-title')).toHaveText('Say hello');

  await term.run(':hint');
  expect(flat(await term.text())).toContain('Hint 1/1: Type PING in the terminal');
  await term.run('RESET');
  expect(flat(await term.text())).toContain('> RESETRESET'); // Redis's own RESET still answers
  await term.run(':help');
  expect(flat(await term.text())).toContain(':reset');

  // Click a line of the block: it is typed into the terminal, and the goal is checked.
  await page.locator('[data-testid="redis-block"] button[data-command="PING"]').click();
  await expect(stepCard(page, 'ping')).toHaveAttribute('data-done', 'true');
  expect(flat(await term.text())).toContain('127.0.0.1:6379> PINGPONG');

  await term.run(':next');
  await expect(page.getByTestId('section-title')).toHaveText('Keys and values');
  await term.run('SET greeting "hello world"');
  await term.run(':reset');
  await expect(page.getByTestId('section-title')).toHaveText('A dictionary on a server');
  await term.run('EXISTS greeting');
  expect(flat(await term.text())).toContain('EXISTS greeting(integer) 0');

  await term.run(':solution');
  expect(flat(await term.text())).toContain('This section has no goal');
  await term.run(':lessons');
  // The list is longer than the terminal: its end is on screen, lessons and labs, with how to open one.
  const listed = flat(await term.text());
  for (const id of ['lua-scripts', 'stores-near-me', 'least-privilege', 'Open one with :lesson ID']) expect(listed).toContain(id);
});

test("opening a lesson keeps the learner's own keys, and :free brings them back", async ({ page }) => {
  const term = await start(page);
  await term.run('FLUSHALL');
  await term.run('SET mine "my own key"');
  await term.run(':lesson mental-model');
  await term.run('EXISTS mine');
  expect(flat(await term.text())).toContain('EXISTS mine(integer) 0'); // the lesson starts from its own setup
  await term.run(':free');
  expect(flat(await term.text())).toContain('your own keys are back');
  await term.run('GET mine');
  expect(flat(await term.text())).toContain('GET mine"my own key"');
});

test('the dashboard simulation counts 1,200 queries a minute, and the cache brings it down', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const term = await start(page, '?lesson=speed-problem&step=the-same-answer-over-and-over');
  const sim = page.getByTestId('dashboard-sim');
  await sim.getByRole('button', { name: /Start/ }).click();
  await expect(sim.getByTestId('sim-pg')).toHaveText(/^1,(1|2)\d\d$/, { timeout: 8000 });
  await page.screenshot({ path: `${shots}/lessons-1280-sim-before.png` });
  await term.run(`SET cache:categories:org:789 '["Work","Personal","Urgent"]' EX 300`);
  await term.run(`SET cache:org:789:settings '{}' EX 300`);
  await term.run(`SET cache:tasks:org:789 '[]' EX 300`);
  // Within a few seconds the per-minute rate (over the seconds seen so far) falls.
  await expect.poll(async () => Number((await sim.getByTestId('sim-pg').textContent())!.replace(/,/g, '')), { timeout: 15000 }).toBeLessThan(700);
  await expect(sim.getByTestId('sim-hits')).not.toHaveText('0');
  await page.screenshot({ path: `${shots}/lessons-1280-sim-after.png` });
});

test('progress exports to a file and imports back', async ({ page }) => {
  const term = await start(page, '?lesson=mental-model&step=say-hello');
  await term.run('PING');
  await expect(stepCard(page, 'ping')).toHaveAttribute('data-done', 'true');
  await page.getByRole('button', { name: '☰ Lessons' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
  const path = await download.path();
  const fs = await import('node:fs');
  const text = fs.readFileSync(path, 'utf8');
  expect(JSON.parse(text).progress.completed['mental-model']).toContain('ping');

  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByTestId('track-progress')).toContainText('0 of');
  await page.getByLabel('Progress file to import').setInputFiles({ name: 'progress.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(page.getByText('Progress imported.').first()).toBeVisible();
  await expect(page.locator('[data-lesson="mental-model"]')).toContainText('1/');
});

for (const size of atSizes([
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
])) {
  test(`presenter mode at ${size.width}x${size.height}: slides, arrow keys, notes window`, async ({ page, context }) => {
    await page.setViewportSize(size);
    await page.goto('./?lesson=speed-problem&mode=present');
    await expect(page.getByTestId('presenter')).toBeVisible();
    await new TerminalPage(page).ready();
    await expect(page.getByTestId('slide-title')).toHaveText('How long things take');
    await page.screenshot({ path: `${shots}/presenter-${size.width}x${size.height}-latency.png` });

    await page.getByTestId('slide').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('slide-title')).toHaveText('The same answer, over and over');
    await page.getByTestId('dashboard-sim').getByRole('button', { name: /Start/ }).click();
    await page.waitForTimeout(3500);
    await page.screenshot({ path: `${shots}/presenter-${size.width}x${size.height}-sim.png` });

    // The notes window follows the presenter.
    const [notes] = await Promise.all([context.waitForEvent('page'), page.keyboard.press('n')]);
    await expect(notes.getByTestId('notes-title')).toHaveText('The same answer, over and over');
    await expect(notes.getByTestId('notes-window')).toContainText('Now ask the class');
    await page.bringToFront();
    await page.getByTestId('slide').focus();
    await page.keyboard.press('ArrowRight');
    await expect(notes.getByTestId('notes-title')).toHaveText('Your desk and the filing cabinet');
    await notes.setViewportSize({ width: 960, height: 720 });
    await notes.screenshot({ path: `${shots}/presenter-notes-${size.width}.png` });
    // Stepping from the notes window moves the presenter.
    await notes.getByRole('button', { name: 'Next →' }).click();
    await expect(page.getByTestId('slide-title')).toHaveText('Where Redis fits');
    await page.screenshot({ path: `${shots}/presenter-${size.width}x${size.height}-architecture.png` });

    // Type into the terminal from the slide: T focuses it, commands run, Esc returns.
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('slide-title')).toHaveText('Cache the categories');
    await page.locator('[data-testid="redis-block"] button[data-command^="SET"]').first().click();
    await expect(stepCard(page, 'cache-categories')).toHaveAttribute('data-done', 'false');
    await page.locator('[data-testid="redis-block"] button[data-command^="GET"]').first().click();
    await expect(stepCard(page, 'cache-categories')).toHaveAttribute('data-done', 'true');
    await page.screenshot({ path: `${shots}/presenter-${size.width}x${size.height}-goal.png` });

    // R resets the demo: the key is gone again.
    await page.getByTestId('slide').focus();
    await page.keyboard.press('r');
    await page.keyboard.press('t');
    const term = new TerminalPage(page);
    await term.run('EXISTS cache:categories:org:789');
    expect(flat(await term.text())).toContain('EXISTS cache:categories:org:789(integer) 0');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('presenter')).toHaveCount(0);
    await expect(page).not.toHaveURL(/mode=present/);
  });
}

test('widgets run real commands: one thread, the lost update, the rate limiter, the Venn view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const term = await start(page, '?lesson=mental-model&step=one-command-at-a-time');
  const st = page.getByTestId('single-thread');
  await st.getByRole('button', { name: /KEYS user:4242/ }).click();
  await expect(st.getByText(/B's PING needs microseconds, yet it waited/)).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: `${shots}/widget-single-thread.png` });

  await page.goto('./?lesson=strings&step=counters-that-never-lose-an-update');
  await new TerminalPage(page).ready();
  const lu = page.getByTestId('lost-update');
  await lu.getByRole('button', { name: 'Read, add one, write back' }).click();
  await expect(lu.getByRole('status')).toContainText('Final value 11', { timeout: 15_000 });
  await lu.getByRole('button', { name: 'INCR' }).click();
  await expect(lu.getByRole('status')).toContainText('Final value 12', { timeout: 15_000 });
  await page.screenshot({ path: `${shots}/widget-lost-update.png` });

  await page.goto('./?lesson=strings&step=a-rate-limiter-in-two-commands');
  const t2 = new TerminalPage(page);
  await t2.ready();
  const rl = page.getByTestId('rate-limit');
  await rl.getByRole('button', { name: 'Attempt a login' }).click();
  await expect(rl.getByTestId('rl-count')).toHaveText('1');
  await expect.poll(async () => flat(await t2.text())).toContain('EXPIRE ratelimit:login:192.168.1.50 60(integer) 1');
  await t2.run('10 INCR ratelimit:login:192.168.1.50');
  await expect(rl.getByTestId('rl-count')).toHaveText('11');
  await expect(rl.getByRole('status')).toContainText('429');
  await expect(stepCard(page, 'rate-limit')).toHaveAttribute('data-done', 'true');
  await page.screenshot({ path: `${shots}/widget-rate-limit.png` });
  await rl.getByRole('button', { name: /Wait 61 s/ }).click();
  await expect(rl.getByTestId('rl-count')).toHaveText('0');
  await t2.run(':next');
  await expect(page.getByTestId('section-title')).toHaveText('A minute later');
  await t2.run('INCR ratelimit:login:192.168.1.50');
  await expect(stepCard(page, 'window-resets')).toHaveAttribute('data-done', 'true');

  await page.goto('./?lesson=sets&step=set-algebra');
  const t3 = new TerminalPage(page);
  await t3.ready();
  const venn = page.getByTestId('venn');
  await expect(venn.locator('svg')).toHaveAttribute('aria-label', /In both: bob, carol/);
  await t3.run('SADD project:beta:members alice');
  await expect(venn.locator('svg')).toHaveAttribute('aria-label', /In both: alice, bob, carol/);
  await page.screenshot({ path: `${shots}/widget-venn.png` });

  await page.goto('./?lesson=mental-model&step=name-keys-like-folders');
  const t4 = new TerminalPage(page);
  await t4.ready();
  await t4.run('SET user:42:name "Ada"');
  await expect(page.getByTestId('namespace-tree')).toContainText('user:');
  await page.screenshot({ path: `${shots}/widget-namespace-tree.png` });
  void term;
});

test('screens: the map, hints and the solution prompt, the reference card', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await start(page);
  await expect(page.getByTestId('lesson-map')).toBeVisible();
  // Lessons are numbered by their place in the track (several follow one lecture part)
  const badges = page.locator('[data-lesson] > div > span:first-child');
  const numbers = await badges.allTextContents();
  expect(numbers.slice(0, 4)).toEqual(['1', '2', '3', '4']);
  expect(new Set(numbers).size).toBe(numbers.length);
  await page.screenshot({ path: `${shots}/lessons-1280-map.png` });
  // The lecture track also names the part each lesson follows
  await page.getByRole('tab', { name: 'Lecture' }).click();
  await expect(page.locator('[data-lesson="lists"] [data-part="4"]')).toHaveText('Part 4');
  await expect(page.locator('[data-lesson="quick-reference"] [data-part]')).toHaveText('Reference');
  await page.screenshot({ path: `${shots}/lessons-1280-map-lecture.png` });
  await page.getByRole('tab', { name: 'Patterns' }).click();
  await expect(page.locator('[data-lesson="cache-aside"]')).toBeVisible();
  await page.screenshot({ path: `${shots}/lessons-1280-map-patterns.png` });

  await page.goto('./?lesson=hashes&step=work-on-single-fields');
  await new TerminalPage(page).ready();
  const card = stepCard(page, 'edit-fields');
  await card.getByRole('button', { name: /Hint/ }).click();
  await card.getByRole('button', { name: /Another hint/ }).click();
  await card.getByRole('button', { name: 'Show solution' }).click();
  await expect(card.getByRole('alertdialog')).toContainText('Show the answer?');
  await card.getByRole('button', { name: 'Show it' }).click();
  await expect(card).toContainText('HDEL user:2 email');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/lessons-1280-hints.png` });

  await page.goto('./?lesson=quick-reference');
  const t = new TerminalPage(page);
  await t.ready();
  const ref = page.getByTestId('reference-card');
  await ref.getByRole('searchbox').fill('ttl');
  await expect(ref.getByRole('button', { name: /^Run EXPIRE key 300/ })).toBeVisible();
  await expect(ref.getByRole('button', { name: /^Run LPUSH/ })).toHaveCount(0);
  await ref.getByRole('button', { name: /^Run SET key value EX 300/ }).click();
  await expect.poll(async () => flat(await t.text())).toContain('127.0.0.1:6379> SET key value EX 300OK');
  await page.screenshot({ path: `${shots}/lessons-1280-reference.png` });
});
