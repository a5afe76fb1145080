// Chromium from Debian, driven by playwright-core, and the page steps every browser test shares.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { fixture } from './api.ts';

// Every run's screenshots (not committed); `npm run screenshots` keeps the console's in ./screenshots.
export const screenshotDir = fileURLToPath(new URL('./screenshots/latest', import.meta.url));

/** Generous: the stack shares two cores with the browser and the test runner. */
export const UI_TIMEOUT = 20_000;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    timeout: 60_000,
  });
}

export interface OpenOptions {
  width?: number;
  height?: number;
  permissions?: string[];
}

/** A fresh context (empty localStorage) on the dashboard, in en-US so numbers format predictably. */
export async function openDashboard(
  browser: Browser,
  hash = '',
  opts: OpenOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'UTC',
    viewport: { width: opts.width ?? 1280, height: opts.height ?? 900 },
    acceptDownloads: true,
  });
  if (opts.permissions)
    await context.grantPermissions(opts.permissions, { origin: fixture().dashboardUrl });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[page error] ${err.message}`));
  await page.goto(`${fixture().dashboardUrl}/${hash}`);
  return { context, page };
}

/** For a describe block: a browser signed in with the affiliate's key, on its overview; closed after the block. */
export function signedInOnOverview(apiKey: string, opened: (page: Page) => void): void {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    const { page } = await openDashboard(browser);
    await signIn(page, apiKey);
    await settled(page, 'overview');
    opened(page);
  });
  afterAll(async () => {
    await browser?.close();
  });
}

export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('header.top').waitFor();
}

/** Waits until the page's data is loaded (its root stops being aria-busy). */
export async function settled(
  page: Page,
  name: 'overview' | 'clicks' | 'conversions' | 'quality' | 'links',
): Promise<void> {
  await page.locator(`[data-page="${name}"][aria-busy="false"]`).waitFor();
}

export async function openPage(
  page: Page,
  label: string,
  name: 'overview' | 'clicks' | 'conversions' | 'quality' | 'links',
): Promise<void> {
  await page
    .getByRole('navigation', { name: 'Dashboard pages' })
    .getByRole('link', { name: label })
    .click();
  await settled(page, name);
}

/** The from/to the page is showing, as the API wants them. */
export async function shownRange(page: Page): Promise<{ from: string; to: string }> {
  const value = await page.locator('[data-range]').getAttribute('data-range');
  const [from = '', to = ''] = (value ?? '').split('..');
  return { from, to };
}

export async function choosePreset(
  page: Page,
  label: 'Today' | '7 days' | '30 days' | 'Custom',
): Promise<void> {
  await page
    .getByRole('group', { name: 'Date range preset' })
    .getByRole('button', { name: label })
    .click();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({
    path: join(screenshotDir, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

export const affiliate = (index: number) => {
  const a = fixture().affiliates[index];
  if (!a) throw new Error(`the demo data has no affiliate #${index}`);
  return a;
};
