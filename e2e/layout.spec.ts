import { expect, test, type Page } from '@playwright/test';
import { LESSON_COMMAND_HELP } from '../src/curriculum/commands';
import { openTerminal, TerminalPage } from './terminal';
import { atSizes } from './sizes';

/** The five screens the layout is designed for: phone, two laptops, tablet, desktop (the first three on every run). */
const SIZES = atSizes(
  [
    [390, 844],
    [1280, 800],
    [1366, 768],
    [768, 1024],
    [1920, 1080],
  ] as const,
  3,
);
const shots = process.env.SHOTS_DIR ?? 'test-results';

const start = (page: Page, query = ''): Promise<TerminalPage> => openTerminal(page, { query });

const noSideScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

/** True when the element lies wholly inside the viewport and is the topmost thing at its centre. */
const inView = (page: Page, testId: string) =>
  page.getByTestId(testId).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.top < 0 || r.left < 0 || r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5) return false;
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + Math.min(r.height / 2, 12));
    return hit !== null && el.contains(hit);
  });

/** Terminal columns, from xterm's measured cell width. */
const terminalColumns = (page: Page) =>
  page.evaluate(() => {
    const screen = document.querySelector('[data-testid="terminal"] .xterm-screen') as HTMLElement;
    const m = document.querySelector('[data-testid="terminal"] .xterm-char-measure-element') as HTMLElement;
    return Math.floor(screen.clientWidth / (m.getBoundingClientRect().width / (m.textContent?.length || 1)));
  });

for (const [width, height] of SIZES) {
  test(`${width}x${height}: no sideways scroll, every goal of lessons 1-3 in view with its Next button`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height });
    await start(page, '?lesson=speed-problem');
    expect(await noSideScroll(page)).toBe(true);
    for (const lesson of ['speed-problem', 'mental-model', 'strings']) {
      await page.goto(`./?lesson=${lesson}`);
      await expect(page.getByTestId('section-title')).toBeVisible();
      const sections = page.locator('nav[aria-label="Sections of this lesson"] button');
      const n = await sections.count();
      let goals = 0;
      for (let i = 0; i < n; i++) {
        const label = (await sections.nth(i).getAttribute('aria-label')) ?? '';
        if (!/goal/.test(label)) continue;
        goals++;
        await sections.nth(i).click();
        await expect(page.getByTestId('goal-bar')).toBeVisible();
        const sid = await sections.nth(i).getAttribute('data-section');
        await expect(sections.nth(i)).toHaveAttribute('aria-current', 'step');
        expect(await inView(page, 'goal-text'), `${lesson} ${sid}: goal in view`).toBe(true);
        // The lesson's Next (the section footer's) is on screen too.
        const next = page.locator('[data-testid="lesson-panel"] button', { hasText: /^Next →$/ });
        if (await next.isEnabled()) expect(await next.evaluate((el) => el.getBoundingClientRect().bottom <= window.innerHeight), `${lesson} ${sid}: Next in view`).toBe(true);
        expect(await noSideScroll(page), `${lesson} ${sid}: no sideways scroll`).toBe(true);
      }
      expect(goals).toBeGreaterThan(0);
    }
    await page.goto('./?lesson=speed-problem&step=cache-the-categories');
    await new TerminalPage(page).ready();
    await page.waitForTimeout(300);
    expect(await noSideScroll(page)).toBe(true);
    await page.screenshot({ path: `${shots}/layout-${width}x${height}.png` });
  });
}

test('1280x800: the terminal gets at least 80 columns beside the lesson and the keyspace', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await start(page, '?lesson=speed-problem');
  await expect(page.getByRole('region', { name: 'Keyspace' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Lesson' })).toBeVisible();
  expect(await terminalColumns(page)).toBeGreaterThanOrEqual(80);
});

test('a layout switch shows two panels with more room, and the choice is kept', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await start(page);
  const sw = page.getByTestId('layout-switch');
  await sw.getByRole('button', { name: 'Terminal and keyspace' }).click();
  await expect(page.getByRole('region', { name: 'Lesson' })).toBeHidden();
  await expect(page.getByRole('region', { name: 'Keyspace' })).toBeVisible();
  expect(await terminalColumns(page)).toBeGreaterThanOrEqual(80);
  await sw.getByRole('button', { name: 'Lesson and terminal' }).click();
  await expect(page.getByRole('region', { name: 'Keyspace' })).toBeHidden();
  await expect(page.getByRole('region', { name: 'Lesson' })).toBeVisible();
  await page.reload();
  await new TerminalPage(page).ready();
  await expect(sw.getByRole('button', { name: 'Lesson and terminal' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('region', { name: 'Keyspace' })).toBeHidden();
  await sw.getByRole('button', { name: 'All three' }).click();
  await expect(page.getByRole('region', { name: 'Keyspace' })).toBeVisible();
});

test('panels resize by keyboard and by mouse; sizes survive a reload and bad saved sizes are ignored', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await start(page);
  const lesson = page.getByRole('region', { name: 'Lesson' });
  const sep = page.getByRole('separator', { name: 'Resize the lesson column' });
  const before = Number(await sep.getAttribute('aria-valuenow'));
  const w0 = (await lesson.boundingBox())!.width;
  await sep.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(sep).toHaveAttribute('aria-valuenow', String(before + 48));
  expect((await lesson.boundingBox())!.width).toBeCloseTo(w0 + 48, 0);

  const split = page.getByRole('separator', { name: 'Resize the terminal and the keyspace view' });
  const box = (await split.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y - 120, { steps: 4 });
  await page.mouse.up();
  const share = Number(await split.getAttribute('aria-valuenow'));
  expect(share).toBeLessThan(58);

  await page.reload();
  await new TerminalPage(page).ready();
  await expect(sep).toHaveAttribute('aria-valuenow', String(before + 48));
  await expect(split).toHaveAttribute('aria-valuenow', String(share));

  // Sizes written by hand (or by an older build) never break the layout.
  await page.evaluate(() => {
    const raw = JSON.parse(localStorage.getItem('redis-playground:settings') ?? '{}') as { state: Record<string, unknown> };
    raw.state.lessonWidth = -5000;
    raw.state.terminalShare = 'lots';
    raw.state.layout = 'everything';
    localStorage.setItem('redis-playground:settings', JSON.stringify(raw));
  });
  await page.reload();
  await new TerminalPage(page).ready();
  await expect(sep).toHaveAttribute('aria-valuenow', '260');
  await expect(split).toHaveAttribute('aria-valuenow', '58');
  await expect(page.getByTestId('layout-switch').getByRole('button', { name: 'All three' })).toHaveAttribute('aria-pressed', 'true');
});

test('scrolling past the end of the lesson list never moves the app', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await start(page);
  const map = page.getByTestId('lesson-map');
  await expect(map).toBeVisible();
  await map.hover();
  for (let i = 0; i < 12; i++) await page.mouse.wheel(0, 600);
  await page.waitForTimeout(200);
  const moved = await page.evaluate(() => ({
    page: document.scrollingElement?.scrollTop ?? 0,
    root: document.getElementById('root')?.scrollTop ?? 0,
    header: document.querySelector('header')?.getBoundingClientRect().top ?? -1,
  }));
  expect(moved).toEqual({ page: 0, root: 0, header: 0 });
});

test('lesson code wraps only at spaces and a long token scrolls inside its block', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await start(page, '?lesson=mental-model');
  await page.locator('nav[aria-label="Sections of this lesson"] button[title="KEYS blocks, SCAN does not"]').click();
  const lines = page.locator('[data-testid="redis-block"] .code-line');
  expect(await lines.count()).toBeGreaterThan(0);
  // For every line of code: each place the text wraps comes right after a space.
  const badBreaks = await lines.evaluateAll((els) => {
    const bad: string[] = [];
    for (const el of els) {
      const node = el.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE) continue;
      const text = node.textContent ?? '';
      const range = document.createRange();
      let top: number | undefined;
      for (let i = 0; i < text.length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getClientRects()[0];
        if (!r || text[i] === ' ' || text[i] === '\n') continue;
        if (top !== undefined && r.top > top + 2 && text[i - 1] !== ' ' && text[i - 1] !== '\n') bad.push(`${text.slice(0, i)}|${text.slice(i)}`);
        top = r.top;
      }
    }
    return bad;
  });
  expect(badBreaks).toEqual([]);
  await expect(page.locator('[data-command="SCAN 0 MATCH na* COUNT 100"]')).toBeVisible();
  expect(await noSideScroll(page)).toBe(true);
});

test("the terminal's :help breaks lines between words on a phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const term = await start(page, '?lesson=mental-model');
  await term.run(':help');
  const words = new Set(LESSON_COMMAND_HELP.split(/\s+/).filter(Boolean));
  const text = await term.text();
  // The rows on screen, the prompts left out (the help is longer than a phone's terminal).
  const rows = text.split('\n').filter((r) => r.trim() !== '' && !r.startsWith('127.0.0.1:6379>'));
  expect(rows.length).toBeGreaterThan(8);
  expect(rows.some((r) => r.includes('Esc then Tab'))).toBe(true);
  for (const row of rows) for (const w of row.split(/ +/).filter(Boolean)) expect(words.has(w), `"${w}" in "${row}"`).toBe(true);
});

test('phone: one column, a compact header, and a row of keys that types into the terminal', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const term = await start(page, '?lesson=mental-model&step=say-hello');
  expect((await page.locator('header').boundingBox())!.height).toBeLessThanOrEqual(96);
  const lesson = (await page.getByRole('region', { name: 'Lesson' }).boundingBox())!;
  const terminal = (await page.getByRole('region', { name: 'Terminal' }).boundingBox())!;
  const keyspace = (await page.getByRole('region', { name: 'Keyspace' }).boundingBox())!;
  // Stacked: lesson, then terminal, then keyspace, each the full width.
  expect(terminal.y).toBeGreaterThanOrEqual(lesson.y + lesson.height);
  expect(keyspace.y).toBeGreaterThanOrEqual(terminal.y + terminal.height);
  for (const b of [lesson, terminal, keyspace]) expect(b.width).toBeCloseTo(390, 0);

  const keys = page.getByRole('toolbar', { name: 'Terminal keys' });
  await expect(keys).toBeVisible();
  await term.run('SET greeting hello');
  await page.locator('[data-testid="terminal"] .xterm-helper-textarea').first().focus();
  await keys.getByRole('button', { name: 'Up: previous command' }).click();
  // The terminal keeps focus (a phone keeps its keyboard open).
  expect(await page.evaluate(() => document.activeElement?.classList.contains('xterm-helper-textarea'))).toBe(true);
  await expect.poll(async () => (await term.text()).split('\n').filter((l) => l.trim()).at(-1)).toMatch(/^127\.0\.0\.1:6379> SET greeting hello/);
  await keys.getByRole('button', { name: 'Ctrl-C: cancel' }).click();
  await page.keyboard.type('EXIS');
  await keys.getByRole('button', { name: 'Tab: complete' }).click();
  await expect.poll(async () => (await term.text()).split('\n').filter((l) => l.trim()).at(-1)).toMatch(/^127\.0\.0\.1:6379> EXISTS( key.*)?$/);
  await page.keyboard.type(' greeting');
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await term.text()).replace(/\n/g, '')).toContain('EXISTS greeting(integer) 1');
  // A command key types its word.
  await keys.getByRole('button', { name: 'GET', exact: true }).click();
  await expect.poll(async () => (await term.text()).split('\n').filter((l) => l.trim()).at(-1)).toMatch(/^127\.0\.0\.1:6379> GET( key)?$/);
  expect(await noSideScroll(page)).toBe(true);
});
