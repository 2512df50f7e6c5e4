import { expect, test, type Page } from '@playwright/test';
import { slideTo } from './presenter';

/**
 * Presenter mode on projectors: every slide of the lecture's first lessons
 * fits its box (content scaled, never cut off), code is not clipped sideways,
 * the simulation is readable from the back of the room, and the arrow keys
 * work as soon as the page loads.
 */
// axe and the walks through every slide take a while on a loaded machine.
test.describe.configure({ timeout: 150_000 });

const PROJECTORS = [
  [1280, 720],
  [1366, 768],
  [1920, 1080],
] as const;
const shots = process.env.SHOTS_DIR ?? 'test-results';

/** How far the slide's content (and the simulation's panel beside it) overflows, and any code block cut sideways. */
const overflow = (page: Page) =>
  page.getByTestId('slide').evaluate((slide) => {
    const panel = document.querySelector('[data-testid="presenter-widget"]');
    return {
      down: Math.max(0, slide.scrollHeight - slide.clientHeight) + (panel ? Math.max(0, panel.scrollHeight - panel.clientHeight) : 0),
      side: Math.max(0, slide.scrollWidth - slide.clientWidth),
      code: [...slide.querySelectorAll('pre, [data-testid="redis-block"] ol')].filter((el) => el.scrollWidth > el.clientWidth + 1).length,
    };
  });

for (const [width, height] of PROJECTORS) {
  test(`${width}x${height}: no slide of lessons 1-3 overflows`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await page.goto('./?lesson=speed-problem&mode=present');
    await expect(page.getByTestId('slide-title')).toBeVisible();
    const seen: string[] = [];
    const lessonTitle = page.locator('[data-testid="presenter"] header span').nth(1);
    const first = (await lessonTitle.textContent()) ?? '';
    const lessons = new Set([first]);
    for (let i = 0; i < 60; i++) {
      const where = `${await lessonTitle.textContent()} · ${await page.getByTestId('slide-title').textContent()}`;
      // Let widgets and the fit settle (it runs in a layout effect and on resize).
      await page.waitForTimeout(150);
      expect(await overflow(page), where).toEqual({ down: 0, side: 0, code: 0 });
      seen.push(where);
      await page.keyboard.press('ArrowRight');
      await expect.poll(async () => `${await lessonTitle.textContent()} · ${await page.getByTestId('slide-title').textContent()}`).not.toBe(where);
      lessons.add((await lessonTitle.textContent()) ?? '');
      if (lessons.size > 3) break;
    }
    expect(seen.length).toBeGreaterThan(15);
  });
}

test('1280x720: arrows work at load, the terminal and the simulation are sized for the room', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./?lesson=speed-problem&mode=present');
  // Focus is on the slide, not trapped in the terminal: the arrows work at once.
  await expect(page.getByTestId('slide')).toBeFocused();
  await slideTo(page, 'Cache the categories');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('slide-title')).toHaveText('Cache the rest of the dashboard');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('slide-title')).toHaveText('Cache the categories');

  const terminalPx = await page.locator('[data-testid="presenter"] .xterm').evaluate((el) => parseFloat(getComputedStyle(el.querySelector('.xterm-rows') ?? el).fontSize));
  expect(terminalPx).toBeGreaterThanOrEqual(18);

  // Every text label of the simulation, as seen (its font size times the slide's scale).
  const labels = await page.getByTestId('dashboard-sim').evaluate((sim) => {
    const zoom = Number(sim.closest('[data-zoom]')?.getAttribute('data-zoom') ?? '1');
    const out: { text: string; px: number }[] = [];
    const walker = document.createTreeWalker(sim, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement!;
      if (!n.textContent?.trim() || el.closest('.sr-only')) continue;
      out.push({ text: n.textContent.trim(), px: parseFloat(getComputedStyle(el).fontSize) * zoom });
    }
    return out;
  });
  expect(labels.length).toBeGreaterThan(10);
  const small = labels.filter((l) => l.px < 15.99);
  expect(small).toEqual([]);
  // The slide's own text keeps a size the room can read: the simulation has its own panel beside it.
  const textPx = await page.getByTestId('slide').evaluate((slide) => {
    const p = slide.querySelector('.slide-content p');
    return p ? parseFloat(getComputedStyle(p).fontSize) * Number(slide.getAttribute('data-zoom') ?? '1') : 0;
  });
  expect(textPx).toBeGreaterThanOrEqual(16);
  await page.screenshot({ path: `${shots}/presenter-1280x720.png` });
});
