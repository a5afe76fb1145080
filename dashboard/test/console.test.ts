import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './api.ts';
import { affiliate, launchBrowser, openDashboard, screenshot, signIn } from './browser.ts';
import { expectFitsPhone, openConsole, refusalOf, unlabelled } from './console-browser.ts';

const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}`;

async function asAdmin(browser: Browser, width = 1280): Promise<Page> {
  const { page } = await openDashboard(browser, '', { width });
  await signIn(page, fixture().adminToken);
  return page;
}

describe('network console (admin)', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await asAdmin(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('gives the admin the console pages and an affiliate none of them', async () => {
    const nav = page.getByRole('navigation', { name: 'Dashboard pages' });
    for (const label of ['Affiliates', 'Campaigns', 'Outgoing postbacks'])
      await expect(nav.getByRole('link', { name: label }).isVisible()).resolves.toBe(true);
    const { page: partner } = await openDashboard(browser, '#/affiliates');
    await signIn(partner, affiliate(0).apiKey);
    await partner.locator('[data-page="overview"]').waitFor();
    await expect(partner.getByRole('link', { name: 'Affiliates' }).count()).resolves.toBe(0);
    const scripts = await partner.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => n.endsWith('.js')),
    );
    expect(scripts.some((s) => /AffiliatesPage|CampaignsPage|OutgoingPostbacksPage/.test(s))).toBe(
      false,
    );
  });

  it('creates an affiliate and shows its API key once, which then signs in', async () => {
    await openConsole(page, 'Affiliates', 'affiliates');
    const name = unique('Console partner');
    await page.getByLabel('Name').fill(name);
    await page.getByLabel(/Outgoing postback URL/).fill('https://partner.example/pb?c={click_id}');
    await page.getByRole('button', { name: 'Create affiliate' }).press('Enter');
    const revealed = page.locator('[data-revealed="api-key"]');
    await revealed.waitFor();
    const key = (await revealed.locator('[data-secret]').innerText()).trim();
    // The pb_ URL is the affiliate's own way to report; an advertiser has its own postback URL.
    await expect(revealed.innerText()).resolves.toMatch(/The affiliate's own reporting URL/i);
    await expect(revealed.innerText()).resolves.not.toMatch(/for the advertiser/i);
    await expect(revealed.locator('[data-reporting-url]').innerText()).resolves.toMatch(
      /token=pb_/,
    );
    const me = await fetch(`${fixture().apiUrl}/me`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(
      ((await me.json()) as { data: { affiliate: { name: string } } }).data.affiliate.name,
    ).toBe(name);
    const row = page.locator('tr', { hasText: name });
    await expect(row.locator('.badge').innerText()).resolves.toBe('Active');
    await screenshot(page, 'console-affiliates');

    await page.getByRole('button', { name: 'I have copied it' }).click();
    await row.getByRole('button', { name: `Pause ${name}` }).click();
    await row.locator('.badge', { hasText: 'Paused' }).waitFor();
    expect(
      (await fetch(`${fixture().apiUrl}/me`, { headers: { Authorization: `Bearer ${key}` } }))
        .status,
    ).toBe(401);
    await row.getByRole('button', { name: `Resume ${name}` }).click();
    await row.locator('.badge', { hasText: 'Active' }).waitFor();

    await row.getByRole('button', { name: `New API key for ${name}` }).click();
    const rotated = (
      await page.locator('[data-revealed="api-key"] [data-secret]').innerText()
    ).trim();
    expect(rotated).not.toBe(key);
    expect(
      (await fetch(`${fixture().apiUrl}/me`, { headers: { Authorization: `Bearer ${key}` } }))
        .status,
    ).toBe(401);
    expect(
      (await fetch(`${fixture().apiUrl}/me`, { headers: { Authorization: `Bearer ${rotated}` } }))
        .status,
    ).toBe(200);
    await row.getByRole('button', { name: `New postback secret for ${name}` }).click();
    await page
      .locator('[data-revealed="postback-secret"]')
      .getByText(/previous secret is accepted until/)
      .waitFor();
    expect(await unlabelled(page)).toEqual([]);
  });

  it("shows the API's reason when it refuses a new affiliate", async () => {
    await page.getByLabel('Name').fill(unique('Bad hook'));
    await page.getByLabel(/Outgoing postback URL/).fill('ftp://partner.example/pb');
    await page.getByRole('button', { name: 'Create affiliate' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/outgoing_postback_url/);
    await expect(refusalOf(page.getByLabel(/Outgoing postback URL/))).resolves.toMatch(
      /outgoing_postback_url/,
    );
    await expect(page.getByLabel('Name').getAttribute('aria-invalid')).resolves.toBeNull();
  });

  it('creates and edits a campaign, and names the field the API refuses', async () => {
    await openConsole(page, 'Campaigns', 'campaigns');
    const name = unique('Console offer');
    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Offer URL').fill('https://shop.example/offer?cid={click_id}');
    await page.getByLabel('Default payout').fill('12.50');
    await page.getByLabel('Currency').fill('eur');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const row = page.locator('tr', { hasText: name });
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(/€12\.50[\s\S]*30 days/);

    await row.getByRole('button', { name: `Edit ${name}` }).click();
    await expect(page.getByLabel('Name').inputValue()).resolves.toBe(name);
    await page.getByLabel('Attribution window (days)').fill('7');
    await page.getByLabel('Status').selectOption('paused');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await row.getByText('7 days').waitFor();
    await row.locator('.badge', { hasText: 'Paused' }).waitFor();
    await screenshot(page, 'console-campaigns');

    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.getByLabel('Name').fill(unique('Bad payout'));
    await page.getByLabel('Default payout').fill('lots');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/default_payout/);
    await expect(refusalOf(page.getByLabel('Default payout'))).resolves.toMatch(/default_payout/);
    await expect(page.getByLabel('Currency').getAttribute('aria-invalid')).resolves.toBeNull();
    expect(await unlabelled(page)).toEqual([]);
  });

  it("lists an affiliate's outgoing postbacks, or says why there are none", async () => {
    await openConsole(page, 'Outgoing postbacks', 'outgoing-postbacks');
    await page.locator('[data-empty], [data-outgoing-postback-id]').first().waitFor();
    const fresh = await fetch(`${fixture().apiUrl}/affiliates`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${fixture().adminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: unique('No hook') }),
    });
    const created = ((await fresh.json()) as { data: { id: number; name: string } }).data;
    await page.reload();
    await page.locator('[data-page="outgoing-postbacks"]').waitFor();
    await page.getByLabel('Affiliate').selectOption(String(created.id));
    await page
      .getByRole('heading', { name: `No outgoing postbacks for ${created.name} yet` })
      .waitFor();
    await expect(page.locator('[data-empty]').innerText()).resolves.toMatch(/no postback URL/);
    await screenshot(page, 'console-outgoing-postbacks-empty');
  });

  it('shows each outgoing postback attempt with its status code, and the retries of a refused one', async () => {
    const admin = {
      Authorization: `Bearer ${fixture().adminToken}`,
      'content-type': 'application/json',
    };
    const campaign = fixture().campaigns[0]!;
    // The dashboard's own static server stands in for the partners: a file answers 200, a missing file 404.
    async function partnerWith(hook: string) {
      const res = await fetch(`${fixture().apiUrl}/affiliates`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ name: unique('Hooked'), outgoing_postback_url: hook }),
      });
      const partner = (
        (await res.json()) as { data: { id: number; name: string; postback_secret: string } }
      ).data;
      const click = await fetch(
        `${fixture().apiUrl}/click?affiliate_id=${partner.id}&campaign_id=${campaign.id}&format=json`,
      );
      const clickId = ((await click.json()) as { data: { click_id: string } }).data.click_id;
      const pb = await fetch(
        `${fixture().apiUrl}/postback?affiliate_id=${partner.id}&click_id=${encodeURIComponent(clickId)}&amount=20&token=${partner.postback_secret}`,
      );
      expect(pb.status).toBe(200);
      return partner;
    }
    const good = await partnerWith(`${fixture().dashboardUrl}/config.json?c={click_id}`);
    const refused = await partnerWith(`${fixture().dashboardUrl}/no-such-hook.php?c={click_id}`);
    await page.reload();
    await page.locator('[data-page="outgoing-postbacks"]').waitFor();
    const outcomes = async (id: number) => {
      await page.getByLabel('Affiliate').selectOption(String(id));
      await page.locator('[data-page="outgoing-postbacks"][aria-busy="false"]').waitFor();
      return page
        .locator('[data-outgoing-postback-id]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome')));
    };
    await expect
      .poll(() => outcomes(good.id), { timeout: 30_000, interval: 1000 })
      .toEqual(['delivered']);
    // The queue retries with backoff: a second attempt shows up after the first refusal.
    await expect
      .poll(() => outcomes(refused.id), { timeout: 40_000, interval: 2000 })
      .toEqual(['failed', 'failed']);
    await expect(page.locator('[data-outcome="failed"]').first().innerText()).resolves.toMatch(
      /404/,
    );
    await expect(
      page.locator('[data-outcome="failed"] td:nth-child(4)').allInnerTexts(),
    ).resolves.toEqual(['2', '1']);
    await screenshot(page, 'console-outgoing-postbacks');
  });

  it.each([
    ['Affiliates', 'affiliates', '**/affiliates'],
    ['Campaigns', 'campaigns', '**/campaigns'],
    ['Outgoing postbacks', 'outgoing-postbacks', '**/outgoing-postbacks'],
  ] as const)(
    '%s: says what went wrong when the API fails, and retries',
    async (label, name, pattern) => {
      await page.route(pattern, (route) =>
        route.request().method() === 'GET'
          ? route.fulfill({
              status: 503,
              contentType: 'application/json',
              body: JSON.stringify({
                success: false,
                error: {
                  code: 'service_unavailable',
                  message: 'The database is unavailable; try again shortly',
                },
              }),
            })
          : route.continue(),
      );
      await openConsole(page, label, name);
      await page
        .getByRole('alert')
        .getByText(/database is unavailable/)
        .waitFor();
      await page.unroute(pattern);
      await page.getByRole('button', { name: 'Try again' }).click();
      await page.getByRole('alert').waitFor({ state: 'detached' });
    },
  );

  it.each([
    ['Affiliates', 'affiliates', '**/affiliates', 'No affiliates yet'],
    ['Campaigns', 'campaigns', '**/campaigns', 'No campaigns yet'],
  ] as const)(
    '%s: says what to do first when the network has none',
    async (label, name, pattern, title) => {
      const fresh = await asAdmin(browser);
      // The API's own answer for a network with none yet.
      await fresh.route(pattern, (route) =>
        route.request().method() === 'GET'
          ? route.fulfill({
              status: 200,
              contentType: 'application/json',
              body: '{"success":true,"data":[]}',
            })
          : route.continue(),
      );
      await openConsole(fresh, label, name);
      await fresh.getByRole('heading', { name: title }).waitFor();
      await expect(fresh.locator('table').count()).resolves.toBe(0);
      await fresh.context().close();
    },
  );

  it.each([
    ['Affiliates', 'affiliates'],
    ['Campaigns', 'campaigns'],
    ['Outgoing postbacks', 'outgoing-postbacks'],
  ] as const)('%s fits a 375 px screen and is reachable by keyboard', async (label, name) => {
    const phone = await asAdmin(browser, 375);
    await openConsole(phone, label, name);
    await screenshot(phone, `phone-console-${name}`);
    await expectFitsPhone(phone);
    await phone.keyboard.press('Tab');
    const focused = await phone.evaluate(() => document.activeElement?.tagName);
    expect(focused).toBeTruthy();
    await phone.context().close();
  });
});
