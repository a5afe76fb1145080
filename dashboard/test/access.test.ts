import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../src/format/dates.ts';
import { apiClicks, apiGet, apiLinks, apiSummary, fixture } from './api.ts';
import {
  affiliate,
  launchBrowser,
  openDashboard,
  openPage,
  screenshot,
  settled,
  shownRange,
  signIn,
} from './browser.ts';

describe('who sees what', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('never shows an affiliate another affiliate’s data, even from an edited URL', async () => {
    const me = affiliate(0);
    const other = affiliate(1);
    const { context, page } = await openDashboard(browser);
    const requested: string[] = [];
    page.on('request', (req) => requested.push(req.url()));
    await signIn(page, me.apiKey);
    await settled(page, 'overview');

    // Edit the address bar to point at the other affiliate.
    await page.evaluate((id) => (location.hash = `#/clicks?range=30d&affiliate=${id}`), other.id);
    await settled(page, 'clicks');
    const notice = page.locator('[data-foreign-notice]');
    expect(await notice.textContent()).toMatch(
      new RegExp(`affiliate #${other.id}.*only opens your own data`),
    );
    expect(await page.locator('[data-affiliate-name]').textContent()).toBe(me.name);
    expect(await page.getByRole('combobox', { name: 'Affiliate' }).count()).toBe(0);

    const { from, to } = await shownRange(page);
    const own = (await apiClicks(me.id, me.apiKey, from, to)).slice(0, 25).map((c) => c.click_id);
    const shown = await page
      .locator('tbody tr[data-click-id]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-click-id')));
    expect(shown).toEqual(own);
    await screenshot(page, 'foreign-link-notice');

    await openPage(page, 'Postback & links', 'links');
    expect(await page.locator('[data-postback-url]').getAttribute('data-postback-url')).toBe(
      (await apiLinks(me.id, me.apiKey)).postback_url,
    );
    expect(
      requested.filter(
        (url) =>
          url.includes(`/affiliates/${other.id}/`) || url.includes(`affiliate_id=${other.id}`),
      ),
    ).toEqual([]);

    // And the API itself refuses the other affiliate's data for this key.
    const res = await fetch(`${fixture().apiUrl}/affiliates/${other.id}/summary`, {
      headers: { Authorization: `Bearer ${me.apiKey}` },
    });
    expect(res.status).toBe(404);

    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await notice.waitFor({ state: 'detached' });
    expect(new URL(page.url()).hash).not.toContain('affiliate=');
    await context.close();
  });

  it('lets the admin pick any affiliate and keeps the choice in the URL', async () => {
    const { adminToken } = fixture();
    // Every affiliate the API lists now (other test files may have added some to the shared stack).
    const affiliates = (
      await apiGet<{ data: { id: number; name: string; status: string }[] }>(
        '/affiliates',
        adminToken,
      )
    ).data;
    const pick = affiliate(1);
    const { context, page } = await openDashboard(browser, '#/overview?range=30d');
    await signIn(page, adminToken);
    await settled(page, 'overview');

    const picker = page.getByRole('combobox', { name: 'Affiliate' });
    const options = await picker.locator('option').allTextContents();
    expect(options).toEqual(
      affiliates.map((a) => `#${a.id} ${a.name}${a.status === 'disabled' ? ' (disabled)' : ''}`),
    );
    expect(await picker.inputValue()).toBe(String(affiliates[0]!.id));

    await picker.selectOption(String(pick.id));
    await page.waitForURL(new RegExp(`affiliate=${pick.id}`));
    await settled(page, 'overview');
    const { to } = await shownRange(page);
    const from = addDays(to, -29);
    const summary = await apiSummary(pick.id, adminToken, from, to);
    expect(
      Number(await page.locator('[data-card="clicks"] .card-value').getAttribute('data-value')),
    ).toBe(summary.clicks);
    expect(
      Number(
        await page.locator('[data-card="conversions"] .card-value').getAttribute('data-value'),
      ),
    ).toBe(summary.conversions);
    await screenshot(page, 'admin-overview');

    await page.reload();
    await settled(page, 'overview');
    expect(await page.getByRole('combobox', { name: 'Affiliate' }).inputValue()).toBe(
      String(pick.id),
    );
    await openPage(page, 'Postback & links', 'links');
    expect(await page.locator('[data-postback-url]').getAttribute('data-postback-url')).toBe(
      (await apiLinks(pick.id, adminToken)).postback_url,
    );
    await context.close();
  });

  it('tells a brand-new affiliate what to do next instead of showing empty tables', async () => {
    const { adminToken, apiUrl } = fixture();
    const res = await fetch(`${apiUrl}/affiliates`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Fresh Start Media' }),
    });
    expect(res.status).toBe(201);
    const created = ((await res.json()) as { data: { api_key: string } }).data;

    const { context, page } = await openDashboard(browser);
    await signIn(page, created.api_key);
    await settled(page, 'overview');
    const empty = page.locator('[data-empty]');
    expect(await empty.getByRole('heading').textContent()).toBe('No clicks in this range yet');
    expect(await empty.getByRole('link', { name: 'Postback & links' }).count()).toBe(1);
    expect(await page.locator('svg g.day').count()).toBe(0);
    expect(
      Number(await page.locator('[data-card="clicks"] .card-value').getAttribute('data-value')),
    ).toBe(0);
    await screenshot(page, 'new-affiliate-overview');

    await empty.getByRole('button', { name: 'look at the last 30 days' }).click();
    await page
      .getByRole('button', { name: '30 days' })
      .and(page.locator('[aria-pressed="true"]'))
      .waitFor();
    await settled(page, 'overview');
    await empty.waitFor();

    await openPage(page, 'Clicks', 'clicks');
    expect(await page.locator('[data-empty] h2').textContent()).toBe('No clicks in this range');
    await openPage(page, 'Conversions', 'conversions');
    expect(await page.locator('[data-empty] h2').textContent()).toBe(
      'No conversions in this range',
    );
    await screenshot(page, 'new-affiliate-conversions');
    await context.close();
  });
});
