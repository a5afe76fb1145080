import type { Browser } from 'playwright-core';
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

const storedKeys = () => Object.keys(localStorage).length;

describe('signing in', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a wrong key with a clear message and stores nothing', async () => {
    const { context, page } = await openDashboard(browser);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');
    await page.getByLabel('API key').fill('ak_this_key_does_not_exist_0123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/This API key was not accepted/);
    expect(await page.getByLabel('API key').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(storedKeys)).toBe(0);
    await screenshot(page, 'sign-in-wrong-key');
    await context.close();
  });

  it('signs an affiliate in, keeps the page across a reload, and signs out', async () => {
    const me = affiliate(0);
    const { context, page } = await openDashboard(browser);
    await signIn(page, me.apiKey);
    expect(await page.locator('[data-affiliate-name]').textContent()).toBe(me.name);
    await settled(page, 'overview');
    await openPage(page, 'Clicks', 'clicks');
    expect(new URL(page.url()).hash).toBe('#/clicks');

    await page.reload();
    await settled(page, 'clicks');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Clicks');
    expect(await page.locator('[data-affiliate-name]').textContent()).toBe(me.name);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(storedKeys)).toBe(0);
    await page.reload();
    await page.getByLabel('API key').waitFor();
    await context.close();
  });

  it('opens a deep link once signed in', async () => {
    const { context, page } = await openDashboard(browser, '#/conversions?range=30d');
    await signIn(page, affiliate(0).apiKey);
    await settled(page, 'conversions');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Conversions');
    expect(await page.getByRole('button', { name: '30 days' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await context.close();
  });

  it('explains an unreachable API instead of showing a blank page, and recovers', async () => {
    const { context, page } = await openDashboard(browser);
    await signIn(page, affiliate(0).apiKey);
    await settled(page, 'overview');
    const api = `${fixture().apiUrl}/**`;
    await page.route(api, (route) => route.abort('connectionrefused'));

    await openPage(page, 'Clicks', 'clicks');
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toMatch(/Can't reach the tracking API/);
    await screenshot(page, 'api-down');

    await page.unroute(api);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.locator('tr[data-click-id]').first().waitFor();

    // A saved key with the API down: an error page with a way out, not a blank one.
    await page.route(api, (route) => route.abort('connectionrefused'));
    await page.reload();
    await page.getByRole('heading', { name: "Can't load your dashboard" }).waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/Can't reach the tracking API/);
    await page.unroute(api);
    await page.getByRole('button', { name: 'Try again' }).click();
    await settled(page, 'clicks');
    await page.locator('tr[data-click-id]').first().waitFor();
    await context.close();
  });
});
