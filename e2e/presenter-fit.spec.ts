import { expect, test, type Page } from '@playwright/test';
import { slideTo } from './presenter';
import { atSizes } from './sizes';

/**
 * Presenter mode on projectors: every slide of every lesson and lab
 * fits its box (content scaled, never cut off), code is not clipped sideways,
 * the simulation is readable from the back of the room, and the arrow keys
 * work as soon as the page loads.
 */
// axe and the walks through every slide take a while on a loaded machine.
test.describe.configure({ timeout: 150_000 });

// The smallest projector first: every run walks both tracks there; the full suite at all three.
const PROJECTORS = atSizes([
  [1280, 720],
  [1366, 768],
  [1920, 1080],
] as const);
const shots = process.env.SHOTS_DIR ?? 'test-results';

/** How far the slide's content (and the simulation's or goal's panel beside it) overflows, and any code block cut sideways. */
const overflow = (page: Page) =>
  page.getByTestId('slide').evaluate((slide) => {
    // The panels beside the slide: a simulation, or the step's goal.
    const panels = [...document.querySelectorAll('[data-testid="presenter-widget"], [data-testid="presenter-goal"]')];
    return {
      down: Math.max(0, slide.scrollHeight - slide.clientHeight) + panels.reduce((n, p) => n + Math.max(0, p.scrollHeight - p.clientHeight), 0),
      side: Math.max(0, slide.scrollWidth - slide.clientWidth),
      code: [...slide.querySelectorAll('pre, [data-testid="redis-block"] ol')].filter((el) => el.scrollWidth > el.clientWidth + 1).length,
    };
  });

/** Where the walk starts: the lecture's first lesson and the first pattern lab (presenter mode steps through a track). */
const TRACKS = [
  ['lecture', 'speed-problem'],
  ['pattern labs', 'cache-aside'],
] as const;

/**
 * The smallest scale a slide of lessons 1-8 of the lecture may take, by
 * projector: their goal sits beside the text, so the slide's own type
 * keeps its size (measured; the labs and the rest are only kept from
 * overflowing).
 */
const LECTURE_ZOOM: Record<string, number> = { '1280x720': 0.85, '1366x768': 0.9, '1920x1080': 0.9 };

/** Two animation frames: the fit runs in a layout effect and on resize. */
const settle = (page: Page) => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));

for (const [width, height] of PROJECTORS) {
  for (const [track, first] of TRACKS) {
    test(`${width}x${height}: no slide of the ${track} overflows`, async ({ page }) => {
      await page.setViewportSize({ width, height });
      await page.goto(`./?lesson=${first}&mode=present`);
      await expect(page.getByTestId('slide-title')).toBeVisible();
      const lessonPart = page.locator('[data-testid="presenter"] header span').first();
      const lessonTitle = page.locator('[data-testid="presenter"] header span').nth(1);
      const counter = page.locator('[data-testid="presenter"] footer span.tabular-nums');
      const where = async () => `${await lessonTitle.textContent()} · ${await counter.textContent()} ${await page.getByTestId('slide-title').textContent()}`;
      const lessons = new Set<string>();
      let slides = 0;
      let smallest = { zoom: 1, where: '' };
      const perLesson = new Map<string, number>();
      const tooSmall: string[] = [];
      for (let i = 0; i < 400; i++) {
        const here = await where();
        lessons.add((await lessonTitle.textContent()) ?? '');
        await settle(page);
        await expect.poll(() => overflow(page), { message: here }).toEqual({ down: 0, side: 0, code: 0 });
        // The slide's scale, or the goal panel's beside it when that is smaller.
        const zoom = await page.evaluate(() =>
          Math.min(...['slide', 'presenter-goal'].map((id) => Number(document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-zoom') ?? '1'))),
        );
        if (zoom < smallest.zoom) smallest = { zoom, where: here };
        const title = (await lessonTitle.textContent()) ?? '';
        perLesson.set(title, Math.min(zoom, perLesson.get(title) ?? 1));
        const part = Number(/^Part (\d+)$/.exec((await lessonPart.textContent()) ?? '')?.[1] ?? NaN);
        if (track === 'lecture' && part >= 1 && part <= 8 && zoom < LECTURE_ZOOM[`${width}x${height}`]!) tooSmall.push(`${here}: zoom ${zoom}`);
        slides++;
        // The last slide of the track: the last section, with no "Next:" lesson named under it.
        const [at, of] = ((await counter.textContent()) ?? '').split('/').map((n) => Number(n.trim()));
        if (at === of && (await page.getByTestId('slide').getByText(/^Next: /).count()) === 0) break;
        await page.keyboard.press('ArrowRight');
        await expect.poll(where).not.toBe(here);
      }
      test.info().annotations.push({ type: 'smallest zoom', description: `${smallest.zoom} (${smallest.where}) over ${slides} slides of ${lessons.size} lessons` });
      test.info().annotations.push({ type: 'smallest zoom by lesson', description: [...perLesson].map(([l, z]) => `${l}: ${z}`).join('; ') });
      expect(tooSmall).toEqual([]);
      // The walk really went through the whole track, not only its first lesson.
      expect(lessons.size).toBeGreaterThanOrEqual(track === 'lecture' ? 9 : 8);
    });
  }
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
