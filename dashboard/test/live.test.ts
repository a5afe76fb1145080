import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiLinks, fixture } from './api.ts';
import { affiliate, openPage, screenshot, signedInOnOverview } from './browser.ts';

const SAMPLES = Number(process.env.LIVE_SAMPLES ?? 12);
// npm run bench -- --phases live names the file; a plain test run only prints the figures.
const resultFile = process.env.LIVE_LATENCY_FILE;
const browserHeaders = {
  accept: 'text/html',
  'accept-language': 'en-US',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/140.0 Safari/537.36',
};
let visitor = 0;
// Each sample waits on the queue and the live stream, about a second alone and several on a loaded
// machine: the budget grows with the samples asked for, while each wait still fails on its own.
const SAMPLING_TIMEOUT = 60_000 + SAMPLES * 10_000;

/** A visitor follows the tracking link (the redirect only queues the click); each hit is a different person, so none is flagged for velocity. */
async function hitTrackingLink(
  affiliateId: number,
  campaignId: number,
  sub1: string,
): Promise<void> {
  const headers = { ...browserHeaders, 'cf-connecting-ip': `203.0.113.${++visitor}` };
  const res = await fetch(`${fixture().apiUrl}/c/${campaignId}/${affiliateId}?sub1=${sub1}`, {
    headers,
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
}

async function newClickId(affiliateId: number, campaignId: number): Promise<string> {
  const click = await fetch(
    `${fixture().apiUrl}/click?affiliate_id=${affiliateId}&campaign_id=${campaignId}&format=json`,
  );
  return ((await click.json()) as { data: { click_id: string } }).data.click_id;
}

/** The advertiser reports a conversion. */
async function postback(
  affiliateId: number,
  clickId: string,
  secret: string,
  txid: string,
): Promise<void> {
  const res = await fetch(
    `${fixture().apiUrl}/postback?affiliate_id=${affiliateId}&click_id=${encodeURIComponent(clickId)}&amount=9.5&txid=${txid}&token=${secret}`,
  );
  expect(res.status, await res.clone().text()).toBe(200);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

describe('live updates', () => {
  const me = affiliate(1);
  const campaign = fixture().campaigns[0]!;
  let page: Page;
  const clickLatencies: number[] = [];
  const conversionLatencies: number[] = [];

  signedInOnOverview(me.apiKey, (opened) => (page = opened));
  beforeAll(async () => {
    await page.locator('[data-live="live"]').waitFor();
  });

  it('shows a visible live indicator once connected', async () => {
    await expect(
      page.getByRole('status').filter({ hasText: 'Live' }).first().isVisible(),
    ).resolves.toBe(true);
  });

  it(
    'adds a new click to the open clicks page without a reload',
    async () => {
      await openPage(page, 'Clicks', 'clicks');
      const navigations: string[] = [];
      page.on('framenavigated', (f) => navigations.push(f.url()));
      for (let i = 0; i < SAMPLES; i++) {
        const sub1 = `live-${Date.now().toString(36)}-${i}`;
        const started = performance.now();
        await hitTrackingLink(me.id, campaign.id, sub1);
        await page.locator('tbody tr').filter({ hasText: sub1 }).waitFor();
        clickLatencies.push(performance.now() - started);
      }
      expect(navigations).toEqual([]);
      await screenshot(page, 'live-clicks');
    },
    SAMPLING_TIMEOUT,
  );

  it(
    'adds a postback to the open conversions page without a reload',
    async () => {
      const { postback_secret } = await apiLinks(me.id, me.apiKey);
      await openPage(page, 'Conversions', 'conversions');
      for (let i = 0; i < SAMPLES; i++) {
        const txid = `live-tx-${Date.now().toString(36)}-${i}`;
        const clickId = await newClickId(me.id, campaign.id);
        const started = performance.now();
        await postback(me.id, clickId, postback_secret, txid);
        await page.locator('tbody tr').filter({ hasText: txid }).waitFor();
        conversionLatencies.push(performance.now() - started);
      }
    },
    SAMPLING_TIMEOUT,
  );

  it('moves the overview numbers when a click lands', async () => {
    await openPage(page, 'Overview', 'overview');
    const before = await page.locator('[data-card="clicks"]').innerText();
    await hitTrackingLink(me.id, campaign.id, `live-overview-${Date.now().toString(36)}`);
    await expect
      .poll(() => page.locator('[data-card="clicks"]').innerText(), { timeout: 15_000 })
      .not.toBe(before);
  });

  it('writes the event-to-screen latency (p50/p95) for the bench', () => {
    const summarize = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        samples: sorted.length,
        p50_ms: Math.round(percentile(sorted, 50)),
        p95_ms: Math.round(percentile(sorted, 95)),
        max_ms: Math.round(sorted.at(-1)!),
      };
    };
    const report = {
      measured_at: new Date().toISOString(),
      method:
        'Chromium on the clicks/conversions page; time from sending the tracking-link hit or the postback to its row on screen',
      click_to_screen: summarize(clickLatencies),
      postback_to_screen: summarize(conversionLatencies),
      all: summarize([...clickLatencies, ...conversionLatencies]),
    };
    if (resultFile) {
      mkdirSync(dirname(resultFile), { recursive: true });
      writeFileSync(resultFile, `${JSON.stringify(report, null, 2)}\n`);
    }
    console.log(
      `[live] click→screen p95 ${report.click_to_screen.p95_ms} ms, postback→screen p95 ${report.postback_to_screen.p95_ms} ms`,
    );
    expect(report.all.samples, 'every click and postback above reached the screen').toBe(
      2 * SAMPLES,
    );
  });
});
