import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrackedClick } from '../src/api/routes.ts';
import { todayUtc } from '../src/format/dates.ts';
import { apiConversions, apiLinks } from './api.ts';
import {
  affiliate,
  launchBrowser,
  openDashboard,
  openPage,
  screenshot,
  settled,
  signIn,
} from './browser.ts';

const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

// The third demo affiliate: this file records a test conversion and a click, so no other test reads its numbers.
describe('postback URL and links', () => {
  const me = affiliate(2);
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    ({ context, page } = await openDashboard(browser, '#/links', {
      permissions: ['clipboard-read', 'clipboard-write'],
    }));
    await signIn(page, me.apiKey);
    await settled(page, 'links');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the unique postback URL with its macros, and copies it', async () => {
    const links = await apiLinks(me.id, me.apiKey);
    await screenshot(page, 'links');
    expect(await page.locator('[data-postback-url]').getAttribute('data-postback-url')).toBe(
      links.postback_url,
    );
    expect(await page.locator('[data-postback-url]').textContent()).toBe(links.postback_url);
    for (const macro of Object.keys(links.macros))
      await page.locator('dt', { hasText: macro }).waitFor();

    await page.getByRole('button', { name: 'Copy Postback URL' }).click();
    await page
      .getByRole('button', { name: 'Copy Postback URL' })
      .filter({ hasText: 'Copied' })
      .waitFor();
    expect(await clipboard(page)).toBe(links.postback_url);
  });

  it('lists only the optional parameters its postback URL accepts', async () => {
    const links = await apiLinks(me.id, me.apiKey);
    const listed = await page.locator('[data-terms="optional"] dt').allTextContents();
    expect(listed).toEqual(Object.keys(links.optional_parameters));
    expect(listed).not.toContain('payout');
    expect(listed).not.toContain('status');

    const campaign = links.tracking_links[0]!;
    const click = (await (await fetch(`${campaign.url}?format=json`)).json()) as {
      data: TrackedClick;
    };
    const send = (extra: Record<string, string>) => {
      const url = new URL(
        links.postback_url
          .replace('{click_id}', click.data.click_id)
          .replace('{amount}', '10')
          .replace('{currency}', 'USD')
          .replace('{txid}', `links-${Date.now()}-${Object.keys(extra).join('')}`),
      );
      for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
      return fetch(url);
    };
    // Every listed parameter is taken; what the page leaves out is refused by this very URL.
    for (const name of listed) expect((await send({ [name]: 'signup' })).status).toBe(200);
    expect((await send({ payout: '5.00' })).status).toBe(403);
    expect((await send({ status: 'approved' })).status).toBe(403);
  });

  it('builds a tracking link with sub ids that really tracks', async () => {
    const links = await apiLinks(me.id, me.apiKey);
    const campaign = links.tracking_links[1]!;
    await page.getByLabel('Campaign').selectOption(String(campaign.campaign_id));
    await page.getByLabel('sub1', { exact: true }).fill('newsletter');
    await page.getByLabel('sub2', { exact: true }).fill('spring sale');
    const expected = `${campaign.url}?sub1=newsletter&sub2=spring+sale`;
    await page.locator(`[data-built-link="${expected}"]`).waitFor();
    expect(await page.locator('output').textContent()).toBe(expected);

    await page.getByRole('button', { name: 'Copy Tracking link' }).click();
    await page
      .getByRole('button', { name: 'Copy Tracking link' })
      .filter({ hasText: 'Copied' })
      .waitFor();
    expect(await clipboard(page)).toBe(expected);

    const res = await fetch(`${expected}&format=json`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: TrackedClick };
    expect(body.data).toMatchObject({ affiliate_id: me.id, campaign_id: campaign.campaign_id });
  });

  it('copies with the fallback when the Clipboard API refuses', async () => {
    await page.evaluate(() => {
      navigator.clipboard.writeText = () =>
        Promise.reject(new DOMException('denied', 'NotAllowedError'));
    });
    await page.getByLabel('sub1', { exact: true }).fill('fallback');
    await page.getByRole('button', { name: 'Copy Tracking link' }).click();
    await page
      .getByRole('button', { name: 'Copy Tracking link' })
      .filter({ hasText: 'Copied' })
      .waitFor();
    expect(await clipboard(page)).toContain('sub1=fallback');
  });

  it('sends a test postback and shows the API’s answer', async () => {
    await page.getByRole('button', { name: 'Send test postback' }).click();
    const result = page.locator('[data-test-result="ok"]');
    await result.waitFor();
    const response = JSON.parse((await result.locator('pre').textContent())!) as {
      message: string;
      data: {
        conversion_id: number;
        status: string;
        event: string;
        txid: string;
        affiliate_id: number;
      };
    };
    expect(response).toMatchObject({
      success: true,
      message: 'Conversion tracked successfully',
      data: { affiliate_id: me.id, status: 'pending', reason: 'affiliate_reported', event: 'test' },
    });
    await screenshot(page, 'links-test-postback');

    const today = todayUtc();
    const recorded = await apiConversions(me.id, me.apiKey, today, today);
    expect(recorded.find((c) => c.id === response.data.conversion_id)).toMatchObject({
      status: 'pending',
      event: 'test',
      txid: response.data.txid,
    });

    await openPage(page, 'Conversions', 'conversions');
    const row = page.locator(`tr[data-conversion-id="${response.data.conversion_id}"]`);
    expect(await row.locator('.badge').textContent()).toBe('pending');
  });

  it('shows a refused test postback as an error with the API’s body', async () => {
    await openPage(page, 'Postback & links', 'links');
    await page.getByLabel('Click id (optional)').fill('no-such-click-anywhere');
    await page.getByRole('button', { name: 'Send test postback' }).click();
    const result = page.locator('[data-test-result="error"]');
    await result.waitFor();
    const body = JSON.parse((await result.locator('pre').textContent())!) as {
      success: boolean;
      error: { code: string };
    };
    expect(body.success).toBe(false);
    expect(body.error.code).toMatch(/not_found|bad_request/);
    await context.close();
  });
});
