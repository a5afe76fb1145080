import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './api.ts';
import { launchBrowser, screenshot } from './browser.ts';
import {
  consoleSettled,
  expectFitsPhone,
  focused,
  navLabels,
  openConsole,
  serviceUnavailable,
  signedIn,
  tabTo,
} from './console-browser.ts';
import { asKey, createAdvertiser, newClick, unique } from './money.ts';

interface AdvertiserJson {
  postback_url: string;
  postback_token: string;
  signing_secret: string;
}

const acme = () => fixture().advertisers[0]!;

describe('advertiser console', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens on its own campaigns, and no page of another role', async () => {
    const page = await signedIn(browser, acme().apiKey, { hash: '#/overview' });
    await consoleSettled(page, 'my-campaigns');
    expect(await navLabels(page)).toEqual([
      'Campaigns',
      'Conversions review',
      'Postback log',
      'Postback URL & presets',
    ]);
    await expect(page.locator('.brand').innerText()).resolves.toMatch(
      /Advertiser console\s*·?\s*Acme Software/,
    );
    const api = await asKey<{ id: number; name: string }[]>(acme().apiKey, 'GET', '/campaigns');
    expect(api.map((c) => c.id).sort()).toEqual([...acme().campaignIds].sort());
    const shown = await page
      .locator('tr[data-campaign-id]')
      .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-campaign-id'))));
    expect(shown).toEqual(api.map((c) => c.id));
    await expect(page.locator('[data-table="my-campaigns"]').innerText()).resolves.toMatch(
      /Acme Analytics Pro[\s\S]*by payout rules/,
    );
    await screenshot(page, 'advertiser-campaigns');

    for (const other of ['#/affiliates', '#/advertisers', '#/clicks']) {
      await page.evaluate((hash) => (location.hash = hash), other);
      await consoleSettled(page, 'my-campaigns');
    }
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.endsWith('.js')),
    );
    expect(
      scripts.some((s) =>
        /\/(AffiliatesPage|AdvertisersPage|CampaignsPage|OutgoingPostbacksPage)-/.test(s),
      ),
    ).toBe(false);

    await page
      .locator(`tr[data-campaign-id="${acme().campaignIds[0]}"]`)
      .getByRole('link', { name: /^Review conversions/ })
      .click();
    await consoleSettled(page, 'review');
    expect(page.url()).toContain(`campaign_id=${acme().campaignIds[0]}`);
    await page.context().close();
  });

  it('shows its postback URL, the signing secret only on demand, and a working URL for each vendor preset', async () => {
    const page = await signedIn(browser, acme().apiKey, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await openConsole(page, 'Postback URL & presets', 'postback-setup');
    const api = await asKey<AdvertiserJson>(acme().apiKey, 'GET', `/advertisers/${acme().id}`);
    await expect(
      page.locator('[data-postback-url]').getAttribute('data-postback-url'),
    ).resolves.toBe(api.postback_url);
    await page.getByRole('button', { name: 'Copy postback URL' }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      api.postback_url,
    );

    await expect(page.locator('main').innerText()).resolves.not.toContain(api.signing_secret);
    await page.getByRole('button', { name: 'Show signing secret' }).click();
    await expect(page.locator('[data-signing-secret]').innerText()).resolves.toBe(
      api.signing_secret,
    );
    await expect(
      page.getByRole('button', { name: 'Hide signing secret' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');

    const presets = page.locator('[data-preset]');
    await expect(presets.count()).resolves.toBe(6);
    await expect(page.locator('[data-preset="affise"]').innerText()).resolves.toMatch(
      /clickid or click_id → click id[\s\S]*1 → approved[\s\S]*2, 5, hold → pending/,
    );
    await expect(page.locator('[data-status-map]').innerText()).resolves.toMatch(/None mapped/);
    await screenshot(page, 'postback-setup');

    // The Voluum URL as shown, filled in as Voluum would: the conversion is recorded.
    const template = await page.locator('[data-preset="voluum"] [data-preset-url]').innerText();
    const clickId = await newClick(fixture().affiliates[0]!.id, acme().campaignIds[1]!);
    const filled = template
      .replace('{cid}', encodeURIComponent(clickId))
      .replace('{payout}', '12.50')
      .replace('{txid}', unique('V').replace(' ', '-'))
      .replace('{et}', 'sale');
    const res = await fetch(filled);
    expect(await res.text()).toBe('OK');
    expect(res.status).toBe(200);
    await page.context().close();
  });

  it('shows a status map the network set', async () => {
    const mapped = await createAdvertiser(unique('Mapped Co'));
    await fetch(`${fixture().apiUrl}/advertisers/${mapped.id}`, {
      method: 'PATCH',
      headers: {
        Authorization: `Bearer ${fixture().adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        status_map: { paid: 'approved', sale: 'approved', refund: 'rejected' },
      }),
    });
    const page = await signedIn(browser, mapped.api_key, { hash: '#/postback-setup' });
    await consoleSettled(page, 'postback-setup');
    await expect(page.locator('[data-status-map]').innerText()).resolves.toMatch(
      /paid, sale → approved[\s\S]*refund → rejected/,
    );
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await consoleSettled(page, 'my-campaigns');
    await page.getByRole('heading', { name: 'No campaigns yet' }).waitFor();
    await screenshot(page, 'advertiser-campaigns-empty');
    await page.context().close();
  });

  it('says what went wrong when the API fails, and retries', async () => {
    const page = await signedIn(browser, acme().apiKey);
    await consoleSettled(page, 'my-campaigns');
    const one = (url: URL) => url.pathname === `/advertisers/${acme().id}`;
    await page.route(one, (route) => route.fulfill(serviceUnavailable));
    await page
      .getByRole('navigation', { name: 'Dashboard pages' })
      .getByRole('link', { name: 'Postback URL & presets' })
      .click();
    await page
      .getByRole('alert')
      .getByText(/database is unavailable/)
      .waitFor();
    await page.unroute(one);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('[data-postback-url]').waitFor();

    const campaigns = (url: URL) => url.pathname === '/campaigns';
    await page.route(campaigns, (route) => route.fulfill(serviceUnavailable));
    await page
      .getByRole('navigation', { name: 'Dashboard pages' })
      .getByRole('link', { name: 'Campaigns' })
      .click();
    await page
      .getByRole('alert')
      .getByText(/database is unavailable/)
      .waitFor();
    await page.unroute(campaigns);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('tr[data-campaign-id]').first().waitFor();
    await page.context().close();
  });

  it('reveals the signing secret by keyboard', async () => {
    const page = await signedIn(browser, acme().apiKey, { hash: '#/postback-setup' });
    await consoleSettled(page, 'postback-setup');
    await tabTo(page, /^BUTTON Show signing secret/);
    await page.keyboard.press('Enter');
    await page.locator('[data-signing-secret]').waitFor();
    expect(await focused(page)).toMatch(/^BUTTON Hide signing secret/);
    await page.context().close();
  });

  it.each([
    ['Campaigns', 'my-campaigns'],
    ['Postback URL & presets', 'postback-setup'],
  ] as const)('%s fits a 375 px screen', async (label, name) => {
    const page = await signedIn(browser, acme().apiKey, { width: 375 });
    await consoleSettled(page, 'my-campaigns');
    if (name !== 'my-campaigns') await openConsole(page, label, name);
    await expectFitsPhone(page);
    await screenshot(page, `phone-${name}`);
    await page.context().close();
  });
});
