// Page steps the money pages' browser tests share: sign in with a key, open a console page, check layout.
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { openDashboard, signIn } from './browser.ts';

export type MoneyPage =
  | 'affiliates'
  | 'campaigns'
  | 'outgoing-postbacks'
  | 'advertisers'
  | 'my-campaigns'
  | 'review'
  | 'postback-log'
  | 'postback-setup';

export async function signedIn(
  browser: Browser,
  key: string,
  opts: { width?: number; hash?: string; permissions?: string[] } = {},
): Promise<Page> {
  const { page } = await openDashboard(browser, opts.hash ?? '', {
    width: opts.width,
    permissions: opts.permissions,
  });
  await signIn(page, key);
  return page;
}

/** Waits until a console page's data is loaded (its root stops being aria-busy). */
export async function consoleSettled(page: Page, name: MoneyPage): Promise<void> {
  await page.locator(`[data-page="${name}"][aria-busy="false"]`).waitFor();
}

export async function openConsole(page: Page, label: string, name: MoneyPage): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Dashboard pages' })
    .getByRole('link', { name: label, exact: true })
    .click();
  await consoleSettled(page, name);
}

export const navLabels = (page: Page) =>
  page
    .getByRole('navigation', { name: 'Dashboard pages' })
    .getByRole('link')
    .evaluateAll((links) => links.map((a) => a.getAttribute('aria-label') ?? a.textContent));

/** Form fields without a label: there should be none. */
export const unlabelled = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML.slice(0, 120)),
  );

/**
 * Nothing is wider than a 375 px screen, and no console list (a `stacks` table) scrolls sideways:
 * its money columns and row actions are reached by scrolling down alone.
 */
export async function expectFitsPhone(page: Page): Promise<void> {
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter(
        (el) =>
          el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest('.table-wrap'),
      )
      .map((el) => `${el.tagName}.${el.className}`)
      .slice(0, 5),
  );
  expect(wide).toEqual([]);
  const sideways = await page.evaluate(() =>
    [...document.querySelectorAll('.table-wrap:has(> table.stacks)')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map((el) => el.querySelector('table')?.getAttribute('data-table') ?? el.className),
  );
  expect(sideways).toEqual([]);
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
}

/**
 * Why a refused field was refused, as shown next to it: the field is aria-invalid and names the
 * message in its aria-describedby, and the message sits in the field's own box (or table cell).
 */
export async function refusalOf(field: Locator): Promise<string> {
  await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
  return field.evaluate((el) => {
    const box = el.closest('.field, td, li');
    return (el.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id))
      .filter((m) => m?.classList.contains('field-error') && box?.contains(m))
      .map((m) => m!.textContent)
      .join(' ');
  });
}

/** The element focused now, as "TAG name/label", to follow the keyboard. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return el
      ? `${el.tagName} ${el.getAttribute('aria-label') ?? el.getAttribute('name') ?? el.textContent?.trim().slice(0, 40)}`
      : '';
  });

/** Presses Tab until the focused element matches, failing after `max` presses. */
export async function tabTo(page: Page, match: RegExp, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (match.test(await focused(page))) return;
  }
  throw new Error(`Tab never reached ${match}; last focused: ${await focused(page)}`);
}

/**
 * Opens a console page from the nav while its list cannot be read (the API answers 503): the page says
 * why, and "Try again" reads it once the API is back. Other requests to the same path pass.
 */
export async function retriesAfterOutage(
  page: Page,
  pathname: string,
  navLabel: string,
): Promise<void> {
  const list = (url: URL) => url.pathname === pathname;
  await page.route(list, (route) =>
    route.request().method() === 'GET' ? route.fulfill(serviceUnavailable) : route.continue(),
  );
  await page
    .getByRole('navigation', { name: 'Dashboard pages' })
    .getByRole('link', { name: navLabel })
    .click();
  await page
    .getByRole('alert')
    .getByText(/database is unavailable/)
    .waitFor();
  await page.unroute(list);
  await page.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('alert').waitFor({ state: 'detached' });
}

export const serviceUnavailable = {
  status: 503,
  contentType: 'application/json',
  body: JSON.stringify({
    success: false,
    error: {
      code: 'service_unavailable',
      message: 'The database is unavailable; try again shortly',
    },
  }),
};
