import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './api.ts';
import { launchBrowser, openDashboard, openPage, screenshot, signIn } from './browser.ts';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
let ip = 0;

// Clicks through the real tracking link; the local stack takes the edge's ASN from x-edge-* headers.
async function click(
  affiliateId: number,
  campaignId: number,
  sub1: string,
  edge: Record<string, string>,
  ua = CHROME,
) {
  const res = await fetch(
    `${fixture().apiUrl}/click?affiliate_id=${affiliateId}&campaign_id=${campaignId}&sub1=${sub1}&format=json`,
    {
      headers: {
        'user-agent': ua,
        'accept-language': 'en-US',
        'cf-connecting-ip': `198.51.100.${++ip}`,
        ...edge,
      },
    },
  );
  if (res.status !== 200) throw new Error(`click answered ${res.status}`);
}

describe('traffic quality page', () => {
  let browser: Browser;
  let page: Page;
  let me: { id: number; apiKey: string };

  beforeAll(async () => {
    const { apiUrl, adminToken, campaigns } = fixture();
    const res = await fetch(`${apiUrl}/affiliates`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Quality Partner' }),
    });
    const { data } = (await res.json()) as {
      data: { id: number; api_key: string; postback_secret: string };
    };
    me = { id: data.id, apiKey: data.api_key };
    const campaign = campaigns[0]!.id;
    const home = {
      'x-edge-asn': '3320',
      'x-edge-as-org': 'Deutsche Telekom AG',
      'x-edge-country': 'DE',
    };
    const cloud = { 'x-edge-asn': '14061', 'x-edge-as-org': 'DigitalOcean, LLC' };
    for (let i = 0; i < 6; i++) await click(me.id, campaign, 'newsletter', home);
    for (let i = 0; i < 4; i++) await click(me.id, campaign, 'popunder', cloud);
    await click(
      me.id,
      campaign,
      'popunder',
      home,
      'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0.0.0 Safari/537.36',
    );
    await click(me.id, campaign, 'popunder', home);
    // A conversion seconds after its click lands in the first CTIT bucket.
    const tracked = await fetch(
      `${apiUrl}/click?affiliate_id=${me.id}&campaign_id=${campaign}&sub1=newsletter&format=json`,
      {
        headers: {
          'user-agent': CHROME,
          'accept-language': 'en-US',
          'cf-connecting-ip': '198.51.100.250',
          ...home,
        },
      },
    );
    const clickId = ((await tracked.json()) as { data: { click_id: string } }).data.click_id;
    const postback = await fetch(
      `${apiUrl}/postback?click_id=${encodeURIComponent(clickId)}&amount=5&token=${data.postback_secret}`,
    );
    if (postback.status !== 200) throw new Error(`postback answered ${postback.status}`);
    browser = await launchBrowser();
    ({ page } = await openDashboard(browser));
    await signIn(page, me.apiKey);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the affiliate its own suspicious share and flags the bad sub-source', async () => {
    await openPage(page, 'Traffic quality', 'quality');
    await page.locator('[data-quality-sources] tbody tr[data-key]').first().waitFor();
    await screenshot(page, 'quality');

    expect(await page.locator('[data-quality-totals]').getAttribute('data-share')).toBe('0.3846');
    const rows = await page
      .locator('[data-quality-sources] tbody tr[data-key]')
      .evaluateAll((trs) =>
        trs.map((tr) => ({
          key: tr.getAttribute('data-key'),
          flagged: tr.getAttribute('data-flagged') === 'true',
          cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
        })),
      );
    // Busiest first; equal counts in name order.
    expect(rows).toEqual([
      { key: 'newsletter', flagged: false, cells: ['7', '0', '0%'] },
      { key: 'popunder', flagged: true, cells: ['6', '5', '83.33%'] },
    ]);
    // The histogram is an SVG: one bar per bucket, its count printed over it, the held part stacked at its foot.
    const buckets = await page
      .locator('[data-ctit] [data-bucket]')
      .evaluateAll((bars) =>
        bars.map((g) => [
          g.getAttribute('data-bucket'),
          g.querySelector('.count')?.textContent,
          g.getAttribute('data-pending'),
        ]),
      );
    expect(buckets).toEqual([
      ['<10s', '1', '1'],
      ['10-60s', '0', '0'],
      ['1-10m', '0', '0'],
      ['10-60m', '0', '0'],
      ['1-24h', '0', '0'],
      ['>24h', '0', '0'],
    ]);
    await expect(page.locator('[data-ctit] svg').getAttribute('aria-label')).resolves.toMatch(
      /^Conversions by time from click: Under 10 s: 1 \(1 held or pending\)/,
    );
  });
});
