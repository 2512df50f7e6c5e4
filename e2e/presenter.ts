import { expect, type Page } from '@playwright/test';

/** Presenter mode opens at a lesson's start: step to a slide by its title. */
export async function slideTo(page: Page, title: string) {
  await expect(page.getByTestId('slide-title')).toBeVisible();
  for (let i = 0; i < 12 && (await page.getByTestId('slide-title').textContent()) !== title; i++) {
    const before = await page.getByTestId('slide-title').textContent();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('slide-title')).not.toHaveText(before ?? '');
  }
  await expect(page.getByTestId('slide-title')).toHaveText(title);
}
