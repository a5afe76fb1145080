import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './api.ts';
import { launchBrowser, screenshot } from './browser.ts';
import {
  consoleSettled,
  expectFitsPhone,
  focused,
  openConsole,
  retriesAfterOutage,
  signedIn,
  tabTo,
  unlabelled,
} from './console-browser.ts';
import {
  advertiserPostback,
  asAdmin,
  createAdvertiser,
  createCampaign,
  newClick,
  unique,
  waitForLog,
  type SeededAdvertiser,
} from './money.ts';

const attempts = (page: Page) =>
  page
    .locator('tr[data-attempt-id]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome')));
const choose = (page: Page, label: string) =>
  page.getByRole('combobox', { name: new RegExp(`^${label}\\b`) });
const txid = () => unique('order').replace(' ', '-');

async function search(page: Page, clickId: string): Promise<void> {
  await page.getByRole('searchbox', { name: 'Click id' }).fill(clickId);
  await page.getByRole('searchbox', { name: 'Click id' }).press('Enter');
  await consoleSettled(page, 'postback-log');
}

describe('postback log', () => {
  let browser: Browser;
  let advertiser: SeededAdvertiser;
  const clicks = { counted: '', refused: '', overCap: '', forged: '' };
  let counted: number;
  let overCap: number;

  beforeAll(async () => {
    advertiser = await createAdvertiser(unique('Log Co'));
    const campaign = await createCampaign(advertiser.id, { name: unique('Logged Offer') });
    const affiliateId = fixture().affiliates[0]!.id;
    const token = advertiser.postback_token;
    clicks.counted = await newClick(affiliateId, campaign.id);
    // First with a payout, which only the rules set (refused), then as it should be.
    expect(
      (
        await advertiserPostback(token, {
          click_id: clicks.counted,
          amount: '30',
          payout: '5',
          txid: 'A-1',
        })
      ).status,
    ).toBe(403);
    counted = (
      await advertiserPostback(token, { click_id: clicks.counted, amount: '30', txid: 'A-1' })
    ).conversionId!;
    clicks.refused = await newClick(affiliateId, campaign.id);
    expect(
      (
        await advertiserPostback(token, {
          click_id: clicks.refused,
          amount: '30',
          payout: '5',
          txid: txid(),
        })
      ).status,
    ).toBe(403);
    const capped = await createCampaign(advertiser.id, { name: unique('Capped Log Offer') });
    await asAdmin('PUT', `/campaigns/${capped.id}/caps`, {
      caps: [{ metric: 'conversions', period: 'day', limit: 1 }],
    });
    await advertiserPostback(token, {
      click_id: await newClick(affiliateId, capped.id),
      amount: '30',
      txid: txid(),
    });
    clicks.overCap = await newClick(affiliateId, capped.id);
    overCap = (
      await advertiserPostback(token, { click_id: clicks.overCap, amount: '30', txid: txid() })
    ).conversionId!;
    clicks.forged = await newClick(affiliateId, campaign.id);
    expect(
      (
        await advertiserPostback(`apt_${advertiser.id}_forged`, {
          click_id: clicks.forged,
          amount: '30',
        })
      ).status,
    ).toBe(401);
    await waitForLog(advertiser.api_key, clicks.counted, 2);
    await waitForLog(advertiser.api_key, clicks.overCap, 1);
    await waitForLog(fixture().adminToken, clicks.forged, 1);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('answers "why didn\'t my conversion count?" for one click id, from its latest attempt', async () => {
    const page = await signedIn(browser, advertiser.api_key);
    await openConsole(page, 'Postback log', 'postback-log');
    await search(page, clicks.refused);
    const verdict = page.locator('[data-verdict]');
    await expect(verdict.getAttribute('data-verdict')).resolves.toBe('error');
    await expect(verdict.innerText()).resolves.toMatch(
      /Not counted: the postback was refused \(HTTP 403, Parameter refused\)\.[\s\S]*payout[\s\S]*The sender was told: “payout is refused/,
    );

    await search(page, clicks.counted);
    await expect(verdict.innerText()).resolves.toMatch(
      new RegExp(`Counted: recorded as conversion #${counted}\\.[\\s\\S]*Latest of 2 attempts`),
    );
    expect(await attempts(page)).toEqual(['created', 'refused']);
    await page
      .locator('tr[data-outcome="refused"]')
      .getByRole('button', { name: /^Details/ })
      .click();
    const details = page.locator('[data-details-for]');
    await expect(details.innerText()).resolves.toMatch(/token\s*\[redacted\]/);
    await expect(details.innerText()).resolves.toMatch(/payout\s*5/);
    await expect(details.innerText()).resolves.not.toMatch(advertiser.postback_token);
    expect(page.url()).toContain(`click_id=${encodeURIComponent(clicks.counted)}`);
    expect(await unlabelled(page)).toEqual([]);
    await screenshot(page, 'postback-log');

    await search(page, clicks.overCap);
    await expect(verdict.innerText()).resolves.toMatch(
      new RegExp(`Recorded as conversion #${overCap}, but rejected: the cap was reached\\.`),
    );
    await page.context().close();
  });

  it('opens on a click id from a link, and searches a click id from the table', async () => {
    const page = await signedIn(browser, advertiser.api_key, {
      hash: `#/postback-log?click_id=${encodeURIComponent(clicks.overCap)}`,
    });
    await consoleSettled(page, 'postback-log');
    await expect(page.locator('[data-verdict]').innerText()).resolves.toMatch(/cap was reached/);
    await expect(page.getByRole('searchbox', { name: 'Click id' }).inputValue()).resolves.toBe(
      clicks.overCap,
    );
    await page.getByRole('button', { name: 'Show all attempts' }).click();
    await consoleSettled(page, 'postback-log');
    await page.locator('[data-verdict]').waitFor({ state: 'detached' });
    await page.locator('tr[data-attempt-id]').getByRole('button', { name: clicks.refused }).click();
    await consoleSettled(page, 'postback-log');
    await expect(page.locator('[data-verdict]').getAttribute('data-verdict')).resolves.toBe(
      'error',
    );
    await page.context().close();
  });

  it('filters by outcome and reason', async () => {
    const page = await signedIn(browser, advertiser.api_key, { hash: '#/postback-log' });
    await consoleSettled(page, 'postback-log');
    await choose(page, 'Outcome').selectOption('refused');
    await consoleSettled(page, 'postback-log');
    await expect.poll(() => attempts(page)).toEqual(['refused', 'refused']);
    await choose(page, 'Outcome').selectOption('');
    await choose(page, 'Reason').selectOption('cap_reached');
    await consoleSettled(page, 'postback-log');
    await expect.poll(() => attempts(page)).toEqual(['created']);
    await expect(page.locator('tr[data-attempt-id]').innerText()).resolves.toMatch(/Cap reached/);
    await page.context().close();
  });

  it("shows the admin attempts no advertiser's token proved, which the advertiser never sees", async () => {
    const admin = await signedIn(browser, fixture().adminToken);
    await openConsole(admin, 'Postback log', 'postback-log');
    await search(admin, clicks.forged);
    await expect(admin.locator('[data-verdict]').innerText()).resolves.toMatch(
      /Not counted: the postback was refused \(HTTP 401, Wrong token or signature\)/,
    );
    await expect(admin.locator('tr[data-attempt-id]').innerText()).resolves.toMatch(
      /Unknown token/,
    );
    await screenshot(admin, 'postback-log-admin');
    await admin.context().close();

    const page = await signedIn(browser, advertiser.api_key, {
      hash: `#/postback-log?click_id=${encodeURIComponent(clicks.forged)}`,
    });
    await consoleSettled(page, 'postback-log');
    await expect(page.locator('[data-verdict="none"]').innerText()).resolves.toMatch(
      /No postback arrived for this click id in the last 30 days/,
    );
    await page.context().close();
  });

  it('tells a new advertiser where its postbacks will show up', async () => {
    const fresh = await createAdvertiser(unique('New Co'));
    const page = await signedIn(browser, fresh.api_key, { hash: '#/postback-log' });
    await consoleSettled(page, 'postback-log');
    await page.getByRole('heading', { name: 'No postbacks in the last 30 days' }).waitFor();
    await page
      .locator('[data-empty]')
      .getByRole('link', { name: 'Postback URL & presets' })
      .click();
    await consoleSettled(page, 'postback-setup');
    await page.context().close();
  });

  it('says what went wrong when the API fails, and retries', async () => {
    const page = await signedIn(browser, advertiser.api_key);
    await page.locator('[data-page="my-campaigns"]').waitFor();
    await retriesAfterOutage(page, '/postback-log', 'Postback log');
    await page.locator('tr[data-attempt-id]').first().waitFor();
    await page.context().close();
  });

  it('is usable by keyboard alone', async () => {
    const page = await signedIn(browser, advertiser.api_key, { hash: '#/postback-log' });
    await consoleSettled(page, 'postback-log');
    await tabTo(page, /^INPUT click_id/);
    await page.keyboard.type(clicks.counted);
    await page.keyboard.press('Enter');
    await page.locator('[data-verdict="ok"]').waitFor();
    await tabTo(page, /^BUTTON Details/);
    await page.keyboard.press('Enter');
    await page.locator('[data-details-for]').waitFor();
    expect(await focused(page)).toMatch(/^BUTTON Details/);
    await page.context().close();
  });

  it('fits a 375 px screen', async () => {
    const page = await signedIn(browser, advertiser.api_key, {
      width: 375,
      hash: `#/postback-log?click_id=${encodeURIComponent(clicks.counted)}`,
    });
    await consoleSettled(page, 'postback-log');
    await page.locator('[data-verdict]').waitFor();
    await expectFitsPhone(page);
    await screenshot(page, 'phone-postback-log');
    await page.context().close();
  });
});
