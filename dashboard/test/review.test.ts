import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './api.ts';
import { launchBrowser, screenshot } from './browser.ts';
import {
  consoleSettled,
  expectFitsPhone,
  focused,
  navLabels,
  openConsole,
  retriesAfterOutage,
  signedIn,
  tabTo,
  unlabelled,
} from './console-browser.ts';
import {
  advertiserPostback,
  affiliatePostback,
  asAdmin,
  asKey,
  conversionsOf,
  createAdvertiser,
  createCampaign,
  newClick,
  unique,
  type SeededAdvertiser,
  type SeededCampaign,
} from './money.ts';

const affiliateId = (i: number) => fixture().affiliates[i]!.id;
const shownIds = (page: Page) =>
  page
    .locator('tr[data-conversion-id]')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-conversion-id'))));
const ticked = (page: Page) =>
  page
    .locator('tr[data-conversion-id]:has(input:checked)')
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-conversion-id'))));
const row = (page: Page, id: number) => page.locator(`tr[data-conversion-id="${id}"]`);
// A select is named by its label and its chosen option ("Reason Any reason"): match the label's start.
const choose = (page: Page, label: string) =>
  page.getByRole('combobox', { name: new RegExp(`^${label}\\b`) });

/** An advertiser postback on a fresh click: recorded, or held by the campaign's rules. */
async function convert(
  advertiser: SeededAdvertiser,
  campaign: SeededCampaign,
  affiliate = 0,
): Promise<number> {
  const clickId = await newClick(affiliateId(affiliate), campaign.id);
  const { status, conversionId } = await advertiserPostback(advertiser.postback_token, {
    click_id: clickId,
    amount: '49.90',
    txid: unique('order').replace(' ', '-'),
  });
  expect(status).toBe(200);
  return conversionId!;
}

describe('conversions review', () => {
  let browser: Browser;
  let advertiser: SeededAdvertiser;
  let slow: SeededCampaign;
  let capped: SeededCampaign;
  const held: number[] = [];
  let reported: number;
  let overCap: number;

  beforeAll(async () => {
    advertiser = await createAdvertiser(unique('Review Co'));
    // Every conversion within an hour of its click waits for review (ctit_too_short).
    slow = await createCampaign(advertiser.id, {
      name: unique('Slow Offer'),
      min_ctit_seconds: 3600,
    });
    capped = await createCampaign(advertiser.id, { name: unique('Capped Offer') });
    await asAdmin('PUT', `/campaigns/${capped.id}/caps`, {
      caps: [{ metric: 'conversions', period: 'day', limit: 1 }],
    });
    for (const affiliate of [0, 0, 1, 0]) held.push(await convert(advertiser, slow, affiliate));
    // An affiliate's report takes no place under the cap; the advertiser's first conversion takes the
    // one place, and its second finds the cap full.
    reported = await affiliatePostback(0, await newClick(affiliateId(0), capped.id));
    await convert(advertiser, capped);
    overCap = await convert(advertiser, capped);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("gives an advertiser its own pages and its campaigns' queue, with why each conversion waits", async () => {
    const page = await signedIn(browser, advertiser.api_key);
    await page.locator('[data-page="my-campaigns"]').waitFor();
    expect(await navLabels(page)).toEqual([
      'Campaigns',
      'Conversions review',
      'Postback log',
      'Postback URL & presets',
    ]);
    await expect(page.locator('.brand').innerText()).resolves.toMatch(
      new RegExp(`Advertiser console\\s*${advertiser.name}`),
    );
    await openConsole(page, 'Conversions review', 'review');
    const expected = (await conversionsOf(advertiser.api_key, 'status=pending')).map((c) => c.id);
    expect([...expected].sort()).toEqual([...held, reported].sort());
    expect(await shownIds(page)).toEqual(expected);
    await expect(row(page, held[0]!).innerText()).resolves.toMatch(/Too fast after the click/);
    await expect(row(page, reported).innerText()).resolves.toMatch(/Reported by the affiliate/);
    // The affiliate's own amount is its word: marked as unverified next to the amount.
    await expect(row(page, reported).locator('[data-unverified]').innerText()).resolves.toMatch(
      /Unverified/,
    );
    expect(await row(page, held[0]!).locator('[data-unverified]').count()).toBe(0);
    await expect(page.locator('tbody').innerText()).resolves.not.toMatch(/Acme/);
    // An advertiser never sees what the network pays its affiliates.
    await expect(page.locator('table[data-table="review"] thead').innerText()).resolves.not.toMatch(
      /Payout/,
    );
    expect(await unlabelled(page)).toEqual([]);
    await screenshot(page, 'review-advertiser');
    await page.context().close();
  });

  it('filters by status, reason and campaign, and keeps the filters in the link', async () => {
    const page = await signedIn(browser, advertiser.api_key, { hash: '#/review' });
    await consoleSettled(page, 'review');
    await choose(page, 'Status').selectOption('rejected');
    await choose(page, 'Reason').selectOption('cap_reached');
    await consoleSettled(page, 'review');
    await expect.poll(() => shownIds(page)).toEqual([overCap]);
    await expect(row(page, overCap).innerText()).resolves.toMatch(/Cap reached[\s\S]*/);
    expect(page.url()).toMatch(/#\/review\?.*status=rejected/);
    expect(page.url()).toMatch(/reason=cap_reached/);
    await page.reload();
    await consoleSettled(page, 'review');
    await expect.poll(() => shownIds(page)).toEqual([overCap]);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await choose(page, 'Status').selectOption('pending');
    await choose(page, 'Campaign').selectOption(String(slow.id));
    await expect.poll(async () => (await shownIds(page)).sort()).toEqual([...held].sort());
    // Nothing of the filters follows the nav to another page.
    await openConsole(page, 'Postback log', 'postback-log');
    expect(page.url()).not.toMatch(/campaign_id|status=/);
    await page.context().close();
  });

  it('approves a shift-clicked range with a reason and note, and the history shows who decided', async () => {
    const page = await signedIn(browser, advertiser.api_key, {
      hash: `#/review?campaign_id=${slow.id}`,
    });
    await consoleSettled(page, 'review');
    await expect.poll(async () => (await shownIds(page)).length).toBe(held.length);
    const [first, second, third] = await shownIds(page);
    await row(page, first!).getByRole('checkbox').click();
    await row(page, third!)
      .getByRole('checkbox')
      .click({ modifiers: ['Shift'] });
    expect(await ticked(page)).toEqual([first, second, third]);
    // Each row names the advertiser's transaction id, as the postback sent it.
    await expect(row(page, first!).locator('[data-txid]').innerText()).resolves.toMatch(
      /Transaction\s+order-/,
    );
    await expect(page.locator('.decision-count').innerText()).resolves.toBe('3 selected');
    await page.getByLabel('Note (kept in the history)').fill('matched the order export');
    await page.getByRole('button', { name: 'Approve' }).click();
    const outcome = page.locator('[data-review-outcome="approved"]');
    await outcome.waitFor();
    await expect(outcome.innerText()).resolves.toMatch(/Approved 3 conversions\./);
    await expect.poll(() => shownIds(page)).not.toContain(first);
    expect(await ticked(page)).toEqual([]);

    const history = await asKey<
      { to_status: string; note: string | null; credential_kind: string | null }[]
    >(advertiser.api_key, 'GET', `/conversions/${second}/history`);
    expect(history.at(-1)).toMatchObject({
      to_status: 'approved',
      note: 'matched the order export',
      credential_kind: 'advertiser',
    });
    await choose(page, 'Status').selectOption('');
    await row(page, second!)
      .getByRole('button', { name: `History of conversion #${second}` })
      .click();
    const timeline = page.locator(`[data-history-for="${second}"]`);
    await timeline.locator('[data-history-entry]').nth(1).waitFor();
    await expect(timeline.innerText()).resolves.toMatch(
      /Recorded as\s*pending[\s\S]*pending\s*→\s*approved by the advertiser · Decided by hand[\s\S]*matched the order export/i,
    );
    // Every line says who and why, or that it is no longer known.
    const lines = await timeline
      .locator('[data-history-entry]')
      .evaluateAll((entries) =>
        entries.map((e) => [
          e.querySelector('.timeline-by')?.textContent?.trim() ?? '',
          e.querySelector('.timeline-reason')?.textContent?.trim() ?? '',
        ]),
      );
    expect(lines).toHaveLength(2);
    for (const [by, why] of lines) {
      expect(by).toMatch(/^by \S/);
      expect(why).toMatch(/^· \S/);
    }
    await screenshot(page, 'review-history');
    await page.context().close();
  });

  it('keeps the selection while new conversions arrive live', async () => {
    const page = await signedIn(browser, advertiser.api_key, {
      hash: `#/review?campaign_id=${slow.id}`,
    });
    await consoleSettled(page, 'review');
    await page.locator('[data-live="live"]').waitFor();
    const before = await shownIds(page);
    await row(page, before[0]!).getByRole('checkbox').check();
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    const arrived = await convert(advertiser, slow, 1);
    await expect.poll(() => shownIds(page), { timeout: 20_000 }).toEqual([arrived, ...before]);
    expect(await ticked(page)).toEqual([before[0]]);
    expect(navigations).toEqual([]);
    held.push(arrived);
    await page.context().close();
  });

  it("says what was already decided, and what the network's decision keeps as it was", async () => {
    const [byNetwork, mine] = (
      await conversionsOf(advertiser.api_key, `status=pending&campaign_id=${slow.id}`)
    ).map((c) => c.id);
    await asAdmin('PATCH', `/conversions/${byNetwork}`, {
      status: 'approved',
      note: 'checked by the network',
    });
    await asKey(advertiser.api_key, 'PATCH', `/conversions/${mine}`, { status: 'approved' });
    const page = await signedIn(browser, advertiser.api_key, {
      hash: `#/review?campaign_id=${slow.id}&status=any`,
    });
    await consoleSettled(page, 'review');
    await row(page, byNetwork!).getByRole('checkbox').check();
    await row(page, mine!).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.locator('[data-review-outcome]').innerText()).resolves.toMatch(
      /Approved 0 conversions\. 2 were already approved, unchanged\./,
    );
    await row(page, byNetwork!).getByRole('checkbox').check();
    await row(page, mine!).getByRole('checkbox').check();
    await page.getByLabel('Note (kept in the history)').fill('chargeback from the bank');
    await page.getByRole('button', { name: 'Reject' }).click();
    const outcome = page.locator('[data-review-outcome="rejected"]');
    await outcome.locator('[data-refused="1"]').waitFor();
    await expect(outcome.innerText()).resolves.toMatch(
      new RegExp(`Rejected 1 conversion\\.[\\s\\S]*#${byNetwork} left as it was: .*network`),
    );
    expect(await ticked(page)).toEqual([byNetwork]);
    // The note stays with the refused conversion still selected, to try again.
    await expect(page.getByLabel('Note (kept in the history)').inputValue()).resolves.toBe(
      'chargeback from the bank',
    );
    await screenshot(page, 'review-outcome');
    await page.context().close();
  });

  it('lists ids the API did not find', async () => {
    const page = await signedIn(browser, advertiser.api_key, {
      hash: `#/review?campaign_id=${slow.id}&status=any`,
    });
    await consoleSettled(page, 'review');
    const [id] = await shownIds(page);
    await page.route('**/conversions/review', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          success: true,
          data: { updated: [], confirmed: [], unchanged: [], not_found: [id], refused: [] },
        }),
      }),
    );
    await row(page, id!).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.locator('[data-not-found="1"]').innerText()).resolves.toBe(
      `1 id not found (deleted, or not on your campaigns): #${id}.`,
    );
    await page.context().close();
  });

  it("shows the admin every advertiser's queue, filtered to one campaign", async () => {
    const page = await signedIn(browser, fixture().adminToken);
    await openConsole(page, 'Conversions review', 'review');
    await choose(page, 'Campaign').selectOption(String(capped.id));
    await expect.poll(() => shownIds(page)).toEqual([reported]);
    await choose(page, 'Campaign').selectOption('');
    await choose(page, 'Affiliate').selectOption(String(affiliateId(1)));
    await consoleSettled(page, 'review');
    // Other tests add conversions meanwhile: the page and the API agree once both have them.
    await expect
      .poll(async () => {
        const api = (
          await conversionsOf(
            fixture().adminToken,
            `status=pending&affiliate_id=${affiliateId(1)}&limit=50`,
          )
        ).map((c) => c.id);
        return JSON.stringify(await shownIds(page)) === JSON.stringify(api);
      })
      .toBe(true);
    await choose(page, 'Affiliate').selectOption('');
    await consoleSettled(page, 'review');
    await screenshot(page, 'review');
    await page.context().close();
  });

  it('tells an advertiser with nothing waiting that there is nothing to review', async () => {
    const fresh = await createAdvertiser(unique('Quiet Co'));
    const page = await signedIn(browser, fresh.api_key, { hash: '#/review' });
    await consoleSettled(page, 'review');
    await page.getByRole('heading', { name: 'Nothing to review' }).waitFor();
    await expect(page.locator('[data-empty]').innerText()).resolves.toMatch(
      /appear here as they arrive/,
    );
    await screenshot(page, 'review-empty');
    await page.context().close();
  });

  it('says what went wrong when the API fails, and retries', async () => {
    const page = await signedIn(browser, advertiser.api_key);
    await page.locator('[data-page="my-campaigns"]').waitFor();
    await retriesAfterOutage(page, '/conversions', 'Conversions review');
    await expect.poll(async () => (await shownIds(page)).length).toBeGreaterThan(0);
    await page.context().close();
  });

  it('is usable by keyboard alone', async () => {
    const page = await signedIn(browser, advertiser.api_key, {
      hash: `#/review?campaign_id=${capped.id}`,
    });
    await consoleSettled(page, 'review');
    await tabTo(page, /^INPUT Select all conversions on this page/);
    await page.keyboard.press('Space');
    await expect(page.locator('.decision-count').innerText()).resolves.toBe('1 selected');
    await tabTo(page, /^INPUT Select conversion #/);
    await page.keyboard.press('Space');
    await expect(page.locator('.decision-count').innerText()).resolves.toBe(
      'Select conversions to review',
    );
    await page.keyboard.press('Space');
    await tabTo(page, /^BUTTON History/);
    await page.keyboard.press('Enter');
    await page.locator('[data-history-entry]').first().waitFor();
    expect(await focused(page)).toMatch(/^BUTTON History/);
    await page.context().close();
  });

  it('fits a 375 px screen', async () => {
    const page = await signedIn(browser, advertiser.api_key, {
      width: 375,
      hash: `#/review?campaign_id=${slow.id}&status=any`,
    });
    await consoleSettled(page, 'review');
    await expect.poll(async () => (await shownIds(page)).length).toBeGreaterThan(0);
    await expectFitsPhone(page);
    await screenshot(page, 'phone-review');
    await page.context().close();
  });
});
