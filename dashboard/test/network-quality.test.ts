import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateClickId } from '../../worker/lib/click-id.ts';
import { fixture } from './api.ts';
import { launchBrowser, openDashboard, screenshot, signIn } from './browser.ts';
import { expectFitsPhone, serviceUnavailable, signedIn } from './console-browser.ts';

// The admin's traffic quality across every affiliate. Other test files add clicks to the same stack
// at the same time, so network-wide numbers are compared as "at least what this file sent".

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const home = {
  'x-edge-asn': '3320',
  'x-edge-as-org': 'Deutsche Telekom AG',
  'x-edge-country': 'DE',
};
const cloud = {
  'x-edge-asn': '14061',
  'x-edge-as-org': 'DigitalOcean, LLC',
  'x-edge-country': 'NL',
};
let ip = 0;

interface Partner {
  id: number;
  name: string;
  postback_secret: string;
}

async function partner(name: string): Promise<Partner> {
  const res = await fetch(`${fixture().apiUrl}/affiliates`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${fixture().adminToken}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ name: `${name} ${Date.now().toString(36)}` }),
  });
  return ((await res.json()) as { data: Partner }).data;
}

async function click(who: Partner, edge: Record<string, string>): Promise<string> {
  const campaign = fixture().campaigns[0]!.id;
  const res = await fetch(
    `${fixture().apiUrl}/click?affiliate_id=${who.id}&campaign_id=${campaign}&sub1=nq-${who.id}&format=json`,
    {
      headers: {
        'user-agent': CHROME,
        'accept-language': 'de-DE',
        'cf-connecting-ip': `192.0.2.${++ip}`,
        ...edge,
      },
    },
  );
  if (res.status !== 200) throw new Error(`click answered ${res.status}`);
  return ((await res.json()) as { data: { click_id: string } }).data.click_id;
}

interface NetworkAnswer {
  totals: { clicks: number; suspicious: number };
  data: { key: string; clicks: number; suspicious: number }[];
  ctit: { bucket: string; conversions: number }[];
}

const network = async (query = '') => {
  const res = await fetch(`${fixture().apiUrl}/quality${query}`, {
    headers: { authorization: `Bearer ${fixture().adminToken}` },
  });
  return (await res.json()) as NetworkAnswer;
};

async function asAdmin(browser: Browser, hash: string, width = 1280): Promise<Page> {
  const page = await signedIn(browser, fixture().adminToken, { hash, width });
  await page.locator('[data-page="traffic"][aria-busy="false"]').waitFor();
  return page;
}

const rowOf = (page: Page, key: string) =>
  page.locator(`[data-quality-sources] tr[data-key="${key}"]`).evaluate((tr) => ({
    label: tr.querySelector('th')?.firstChild?.textContent,
    flagged: tr.getAttribute('data-flagged') === 'true',
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent),
  }));

const bars = (page: Page) =>
  page.locator('[data-ctit] [data-bucket]').evaluateAll((gs) =>
    gs.map((g) => ({
      bucket: g.getAttribute('data-bucket')!,
      conversions: Number(g.getAttribute('data-conversions')),
    })),
  );

describe('network quality (admin)', () => {
  let browser: Browser;
  let clean: Partner;
  let shady: Partner;

  beforeAll(async () => {
    clean = await partner('Clean Partner');
    shady = await partner('Shady Partner');
    for (let i = 0; i < 4; i++) await click(clean, home);
    for (let i = 0; i < 3; i++) await click(shady, cloud);
    await click(shady, home);
    // Conversions seconds after their click (the fastest CTIT bucket), and one a little later.
    const convert = async (clickId: string) => {
      const pb = await fetch(
        `${fixture().apiUrl}/postback?click_id=${encodeURIComponent(clickId)}&amount=5&token=${clean.postback_secret}`,
      );
      if (pb.status !== 200) throw new Error(`postback answered ${pb.status}`);
    };
    await click(clean, home);
    await convert(await click(clean, home));
    // A conversion 11 s after its click: a backdated signed click id whose click row never landed.
    await convert(
      await generateClickId(fixture().trackerSecret, {
        affiliateId: clean.id,
        campaignId: fixture().campaigns[0]!.id,
        clickedAt: new Date(Date.now() - 11_000),
        visit: { country: 'DE', suspicious: false, ipHash: null },
      }),
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows each affiliate's suspicious share, flags the shady one, and the network's CTIT histogram", async () => {
    const page = await asAdmin(browser, '#/traffic');
    await page.locator(`[data-quality-sources] tr[data-key="${shady.id}"]`).waitFor();
    expect(await rowOf(page, String(clean.id))).toEqual({
      label: `#${clean.id} ${clean.name}`,
      flagged: false,
      cells: ['6', '0', '0%'],
    });
    expect(await rowOf(page, String(shady.id))).toEqual({
      label: `#${shady.id} ${shady.name}`,
      flagged: true,
      cells: ['4', '3', '75%'],
    });

    const shown = await bars(page);
    const totals = await page.locator('[data-quality-totals]').innerText();
    const after = await network();
    expect(shown.map((b) => b.bucket)).toEqual([
      '<10s',
      '10-60s',
      '1-10m',
      '10-60m',
      '1-24h',
      '>24h',
    ]);
    expect(shown[0]!.conversions).toBeGreaterThanOrEqual(1);
    expect(shown[1]!.conversions).toBeGreaterThanOrEqual(1);
    // Nothing shown that the API does not hold; the API only grows meanwhile.
    for (const [i, b] of shown.entries())
      expect(b.conversions).toBeLessThanOrEqual(after.ctit[i]!.conversions);
    const [suspicious, clicks] = (/([\d,]+) of ([\d,]+) recorded clicks/.exec(totals) ?? [])
      .slice(1)
      .map((n) => Number(n!.replace(/,/g, '')));
    expect(clicks).toBeGreaterThanOrEqual(10);
    expect(clicks).toBeLessThanOrEqual(after.totals.clicks);
    expect(suspicious).toBeGreaterThanOrEqual(3);
    await expect(page.locator('[data-ctit] svg').getAttribute('aria-label')).resolves.toMatch(
      /^Conversions by time from click: Under 10 s: \d+/,
    );
    await screenshot(page, 'console-network-quality');

    // Other groupings, kept in the link.
    await page
      .getByRole('group', { name: 'Group suspicious share by' })
      .getByRole('button', { name: 'Network (ASN)' })
      .click();
    await page.locator('[data-quality-sources] tr[data-key="DigitalOcean, LLC"]').waitFor();
    expect(page.url()).toContain('by=as_org');
    await expect(
      page.getByRole('heading', { name: 'Suspicious share by network (ASN organization)' }).count(),
    ).resolves.toBe(1);
    expect((await rowOf(page, 'DigitalOcean, LLC')).flagged).toBe(true);
    await page.getByRole('button', { name: 'Country' }).click();
    await page.locator('[data-quality-sources] tr[data-key="NL"]').waitFor();
    expect((await rowOf(page, 'DE')).label).toBe('DE · Germany');
    await page.getByRole('button', { name: 'Sub id' }).click();
    // The grouping is asked of the API anew: its row is waited for, since reading a missing row blocks.
    await page
      .locator(`[data-page="traffic"][aria-busy="false"] tr[data-key="nq-${shady.id}"]`)
      .waitFor();
    await expect
      .poll(() => rowOf(page, `nq-${shady.id}`).then((r) => r.cells))
      .toEqual(['4', '3', '75%']);
    await page.reload();
    await page
      .locator(`[data-page="traffic"][aria-busy="false"] tr[data-key="nq-${shady.id}"]`)
      .waitFor();
    await expect(
      page.getByRole('button', { name: 'Sub id' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    await page.context().close();
  });

  it('says so when the range has no traffic', async () => {
    const page = await asAdmin(browser, '#/traffic?range=custom&from=2020-01-01&to=2020-01-07');
    await page.locator('[data-quality-sources]').getByText('No clicks in this range.').waitFor();
    await expect(page.locator('[data-quality-totals]').innerText()).resolves.toBe(
      'No clicks were recorded in this range, so there is nothing to judge yet.',
    );
    expect((await bars(page)).every((b) => b.conversions === 0)).toBe(true);
    await page
      .locator('[data-ctit]')
      .getByText(/No conversions with a known click time in this range/)
      .waitFor();
    await screenshot(page, 'console-network-quality-empty');
    await page.context().close();
  });

  it('says what went wrong when the API fails, and retries', async () => {
    const { page } = await openDashboard(browser, '#/traffic');
    const network = (url: URL) => url.pathname === '/quality';
    await page.route(network, (route) => route.fulfill(serviceUnavailable));
    await signIn(page, fixture().adminToken);
    await page
      .getByRole('alert')
      .getByText(/database is unavailable right now/)
      .waitFor();
    await page.unroute(network);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator(`[data-quality-sources] tr[data-key="${shady.id}"]`).waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('fits a 375 px screen and works from the keyboard', async () => {
    const page = await asAdmin(browser, '#/traffic', 375);
    await page.locator(`[data-quality-sources] tr[data-key="${shady.id}"]`).waitFor();
    await expectFitsPhone(page);
    // The histogram is drawn at the phone's width, with short bucket names.
    await expect(
      page.locator('[data-ctit] [data-bucket="<10s"] text').last().textContent(),
    ).resolves.toBe('<10 s');
    await screenshot(page, 'phone-console-network-quality');
    await page.getByRole('button', { name: 'Affiliate', exact: true }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Country');
    await page.keyboard.press('Enter');
    await page.locator('[data-quality-sources] tr[data-key="NL"]').waitFor();
    await expect(
      page.getByRole('button', { name: 'Country' }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    await page.context().close();
  });
});
