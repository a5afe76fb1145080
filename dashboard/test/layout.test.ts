import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './api.ts';
import {
  affiliate,
  launchBrowser,
  openDashboard,
  openPage,
  screenshot,
  settled,
  signIn,
} from './browser.ts';

const overflow = (page: Page) =>
  page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    viewport: window.innerWidth,
  }));

// Every form control needs a name a screen reader can say.
const unlabelled = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !(el as HTMLElement).hidden)
      .filter((el) => {
        const labelled =
          (el as HTMLInputElement).labels?.length ||
          el.getAttribute('aria-label') ||
          el.getAttribute('aria-labelledby');
        return !labelled && !(el.tagName === 'BUTTON' && el.textContent?.trim());
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );

describe('phone layout and keyboard', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('fits a 375 px screen on every page without sideways scrolling', async () => {
    const { context, page } = await openDashboard(browser, '#/overview?range=30d', {
      width: 375,
      height: 812,
    });
    await page.getByLabel('API key').waitFor();
    expect(await overflow(page)).toEqual({ page: 375, body: 375, viewport: 375 });
    await screenshot(page, 'phone-sign-in');
    await signIn(page, affiliate(0).apiKey);
    await settled(page, 'overview');
    const pages = [
      ['Overview', 'overview'],
      ['Clicks', 'clicks'],
      ['Conversions', 'conversions'],
      ['Postback & links', 'links'],
    ] as const;
    for (const [label, name] of pages) {
      await openPage(page, label, name);
      expect(await overflow(page), name).toEqual({ page: 375, body: 375, viewport: 375 });
      expect(await unlabelled(page), name).toEqual([]);
      await screenshot(page, `phone-${name}`);
    }
    await context.close();
  });

  it("shows the admin's whole affiliate picker and a scroll cue on tables wider than a 375 px screen", async () => {
    const { context, page } = await openDashboard(browser, '#/clicks?range=30d', {
      width: 375,
      height: 812,
    });
    await signIn(page, fixture().adminToken);
    await settled(page, 'clicks');
    const picker = await page.locator('#affiliate-picker').evaluate((el) => {
      const box = el.getBoundingClientRect();
      const select = el as unknown as HTMLSelectElement;
      const text = select.selectedOptions[0]?.textContent ?? '';
      // The chosen name must fit: measure it in the select's own font.
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = getComputedStyle(el).font;
      return {
        left: box.left,
        right: box.right,
        width: box.width,
        textWidth: ctx.measureText(text).width,
        viewport: window.innerWidth,
      };
    });
    expect(picker.left).toBeGreaterThanOrEqual(0);
    expect(picker.right).toBeLessThanOrEqual(picker.viewport);
    expect(picker.width).toBeGreaterThan(picker.textWidth + 24);
    const table = await page
      .locator('.table-wrap')
      .first()
      .evaluate((el) => ({
        scrolls: el.scrollWidth > el.clientWidth,
        cue: getComputedStyle(el).backgroundImage,
      }));
    expect(table.scrolls).toBe(true);
    expect(table.cue).toContain('radial-gradient');
    expect(await overflow(page)).toEqual({ page: 375, body: 375, viewport: 375 });
    await screenshot(page, 'phone-admin-clicks');
    await context.close();
  });

  it('works from the keyboard: skip link, navigation, focus on the new page', async () => {
    const { context, page } = await openDashboard(browser);
    await page.getByLabel('API key').focus();
    await page.keyboard.type(affiliate(0).apiKey);
    await page.keyboard.press('Enter');
    await settled(page, 'overview');

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    const clicks = page
      .getByRole('navigation', { name: 'Dashboard pages' })
      .getByRole('link', { name: 'Clicks' });
    await clicks.focus();
    await page.keyboard.press('Enter');
    await settled(page, 'clicks');
    expect(
      await page.evaluate(
        () => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`,
      ),
    ).toBe('H1 Clicks');
    expect(await clicks.getAttribute('aria-current')).toBe('page');

    // Presets are buttons that say whether they are on.
    const preset = page.getByRole('button', { name: 'Today' });
    await preset.focus();
    await page.keyboard.press('Space');
    await page
      .locator('[data-page="clicks"] [aria-pressed="true"]', { hasText: 'Today' })
      .waitFor();
    await context.close();
  });
});
