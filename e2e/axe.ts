import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/**
 * axe-core's serious and critical violations on the page (or inside
 * `include`), one line each, in one pass over the page.
 *
 * `label-content-name-mismatch` (off in axe by default) is switched on: a
 * control's accessible name must contain its visible text. The keyspace
 * tree's rows are left out of that rule: they are named for listening
 * ("user:1, string, 5 B"), not for speech input.
 *
 * Contrast is judged on what stays on screen: a line fading in is briefly
 * translucent. Running animations are brought to their end, and while axe
 * reads the page (seconds on a loaded machine) reduced motion keeps any that
 * start meanwhile from being caught half-way.
 */
export async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  const reduced = await page.evaluate(() => matchMedia('(prefers-reduced-motion: reduce)').matches);
  if (!reduced) await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.evaluate(() =>
    document.getAnimations().forEach((a) => {
      if (a.effect?.getComputedTiming().endTime !== Infinity) a.finish();
    }),
  );
  let axe = new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } });
  if (include) axe = axe.include(include);
  const result = await axe.analyze();
  if (!reduced) await page.emulateMedia({ reducedMotion: null });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.id === 'label-content-name-mismatch' ? v.nodes.filter((n) => !/^<[^>]*\brole="treeitem"/.test(n.html)) : v.nodes }))
    .filter((v) => v.nodes.length > 0)
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
