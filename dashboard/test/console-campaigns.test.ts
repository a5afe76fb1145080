import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './api.ts';
import { affiliate, launchBrowser, screenshot } from './browser.ts';
import { expectFitsPhone, serviceUnavailable, signedIn, unlabelled } from './console-browser.ts';

// Campaign settings and a campaign's payout rules, caps and routing rules, as the admin edits them.

const unique = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

async function admin<T = { data: unknown }>(
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${fixture().apiUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${fixture().adminToken}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

interface CampaignJson {
  id: number;
  name: string;
  advertiser_id: number;
  affiliate_postbacks: string;
  time_zone: string | null;
  min_ctit_seconds: number | null;
  quality_threshold: number;
  fallback_url: string | null;
  status: string;
}

// An advertiser of this file's own: other files count the demo advertiser's campaigns.
interface AdvertiserJson {
  id: number;
  name: string;
  api_key: string;
}
let advertiser: Promise<AdvertiserJson> | undefined;
const ownAdvertiser = () =>
  (advertiser ??= admin<{ data: AdvertiserJson }>('POST', '/advertisers', {
    name: unique('Console Advertiser'),
  }).then((r) => r.data));

const newCampaign = async (fields: Record<string, unknown> = {}) =>
  (
    await admin<{ data: CampaignJson }>('POST', '/campaigns', {
      name: unique('Detail offer'),
      offer_url: 'https://shop.example/offer?c={click_id}',
      currency: 'EUR',
      ...fields,
    })
  ).data;

/** The detail view of one campaign, once its rules, caps and routing have loaded. */
async function openDetail(page: Page, id: number): Promise<void> {
  await page.goto(`${fixture().dashboardUrl}/#/campaigns?campaign=${id}`);
  await page.locator(`[data-campaign-detail="${id}"][aria-busy="false"]`).waitFor();
}

describe('campaigns console', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await signedIn(browser, fixture().adminToken, { hash: '#/campaigns' });
    await page.locator('[data-page="campaigns"][aria-busy="false"]').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates a campaign with every setting, owned by the advertiser chosen, and edits it from the list', async () => {
    const owner = await ownAdvertiser();
    await page.reload();
    await page.locator('[data-page="campaigns"][aria-busy="false"]').waitFor();
    const name = unique('Console offer');
    await page.getByRole('button', { name: 'New campaign' }).click();
    // The form opens with the focus in its first field.
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe(
      'name',
    );
    await page.getByLabel('Name').fill(name);
    await page.getByLabel('Advertiser').selectOption({ label: owner.name });
    await page.getByLabel('Offer URL').fill('https://acme.example/trial?cid={click_id}');
    await page.getByLabel('Fallback URL').fill('https://network.example/more-offers');
    await page.getByLabel('Default payout').fill('4.50');
    await page.getByLabel('Currency').fill('eur');
    await page.getByLabel('Affiliate postbacks').selectOption('refused');
    await expect(
      page
        .locator(
          `#${await page.getByLabel('Affiliate postbacks').getAttribute('aria-describedby')}`,
        )
        .innerText(),
    ).resolves.toMatch(/refused \(403\)/);
    await page.getByLabel('Minimum CTIT (seconds)').fill('30');
    await page.getByLabel('Quality threshold').fill('40');
    await page.getByLabel('Time zone').selectOption('Europe/Berlin');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    const row = page.locator('tr', { hasText: name });
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(
      /Console Advertiser[\s\S]*Active[\s\S]*€4\.50[\s\S]*30 days/,
    );
    const id = Number(await row.getAttribute('data-campaign-id'));
    const stored = (await admin<{ data: CampaignJson }>('GET', `/campaigns/${id}`)).data;
    expect(stored).toMatchObject({
      advertiser_id: owner.id,
      affiliate_postbacks: 'refused',
      time_zone: 'Europe/Berlin',
      min_ctit_seconds: 30,
      quality_threshold: 40,
      fallback_url: 'https://network.example/more-offers',
    });

    await row.getByRole('button', { name: `Edit ${name}` }).click();
    await expect(page.getByLabel('Time zone').inputValue()).resolves.toBe('Europe/Berlin');
    await page.getByLabel('Minimum CTIT (seconds)').fill('');
    await page.getByLabel('Time zone').selectOption('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText(`Saved ${name}.`).waitFor();
    await expect(page.getByLabel('Name').count()).resolves.toBe(0);
    expect((await admin<{ data: CampaignJson }>('GET', `/campaigns/${id}`)).data).toMatchObject({
      min_ctit_seconds: null,
      time_zone: null,
      advertiser_id: owner.id,
    });
    await page.getByRole('button', { name: 'New campaign' }).click();
    expect(await unlabelled(page)).toEqual([]);
    await screenshot(page, 'console-campaigns-form');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('names the field the API refuses and keeps what was typed', async () => {
    await page.getByRole('button', { name: 'New campaign' }).click();
    await page.getByLabel('Name').fill(unique('Bad fallback'));
    await page.getByLabel('Fallback URL').fill('https://network.example/{click_id}');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(
      /fallback_url must be an http\(s\) URL without macros/,
    );
    await expect(page.getByLabel('Fallback URL').inputValue()).resolves.toBe(
      'https://network.example/{click_id}',
    );
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('edits payout rules, shows their precedence and which rule wins an example', async () => {
    const campaign = await newCampaign({ default_payout: '1.00' });
    const partner = affiliate(0);
    await openDetail(page, campaign.id);
    const rules = page.locator('[data-payout-rules]');
    await rules
      .getByText('No payout rules: every conversion pays the default payout, €1.00.')
      .waitFor();

    // Everyone 30% RevShare; Germany 40%; one affiliate's deposits a flat €12.50.
    const add = rules.getByRole('button', { name: 'Add rule' });
    await add.click();
    await rules.getByLabel('Rule 1 pays').selectOption('revshare');
    await rules.getByLabel('Rule 1 percentage').fill('30');
    await add.click();
    await rules.getByLabel('Rule 2 pays').selectOption('revshare');
    await rules.getByLabel('Rule 2 percentage').fill('40');
    await rules.getByLabel('Rule 2 country').fill('de');
    await add.click();
    await rules.getByLabel('Rule 3 amount in EUR').fill('12.50');
    await rules.getByLabel('Rule 3 affiliate').selectOption(String(partner.id));
    await rules.getByLabel('Rule 3 event').fill('deposit');
    await expect(rules.locator('[data-rule-row="2"] td').first().innerText()).resolves.toBe(
      '6 affiliate + event',
    );
    await rules.getByRole('button', { name: 'Save payout rules' }).click();
    await rules.getByRole('status').getByText('Saved 3 payout rules.', { exact: false }).waitFor();

    const saved = (
      await admin<{
        data: {
          rules: {
            type: string;
            value: string;
            affiliate_id: number | null;
            country: string | null;
            event: string | null;
          }[];
        };
      }>('GET', `/campaigns/${campaign.id}/payout-rules`)
    ).data.rules;
    expect(
      saved.map((r) => [r.type, Number(r.value), r.affiliate_id, r.country, r.event]).sort(),
    ).toEqual(
      [
        ['cpa', 12.5, partner.id, null, 'deposit'],
        ['revshare', 30, null, null, null],
        ['revshare', 40, null, 'DE', null],
      ].sort(),
    );
    // Shown most specific first, as they are tried.
    await expect(rules.locator('[data-rule-row] td:first-child').allInnerTexts()).resolves.toEqual([
      '6 affiliate + event',
      '1 country',
      '0 default',
    ]);

    const example = page.locator('[data-payout-example]');
    const answer = example.locator('output');
    await answer.getByText('RevShare 30%', { exact: false }).waitFor();
    await expect(answer.innerText()).resolves.toMatch(/pays €30\.00/);
    await example.getByLabel('Country').fill('DE');
    await example.getByLabel('Amount (EUR)').fill('250');
    await expect.poll(() => answer.innerText()).toMatch(/RevShare 40%.*country DE.*pays €100\.00/s);
    await expect(rules.locator('[data-winning="true"] td:first-child').innerText()).resolves.toBe(
      '1 country',
    );
    await example.getByLabel('Affiliate').selectOption(String(partner.id));
    await example.getByLabel('Event').fill('deposit');
    await expect.poll(() => answer.innerText()).toMatch(/CPA €12\.50.*precedence 6.*pays €12\.50/s);
    await rules.getByText('How the winning rule is chosen').click();
    await rules.getByText(/specificity = affiliate 4 \+ event 2 \+ country 1/).waitFor();
    expect(await unlabelled(page)).toEqual([]);
  });

  it('marks the rule the API refuses and keeps the table as typed', async () => {
    const campaign = await newCampaign();
    await openDetail(page, campaign.id);
    const rules = page.locator('[data-payout-rules]');
    await rules.getByRole('button', { name: 'Add rule' }).click();
    await rules.getByLabel('Rule 1 pays').selectOption('revshare');
    await rules.getByLabel('Rule 1 percentage').fill('150');
    await rules.getByRole('button', { name: 'Save payout rules' }).click();
    await expect(rules.getByRole('alert').innerText()).resolves.toMatch(/percentage: at most 100/);
    await expect(rules.getByLabel('Rule 1 percentage').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );
    await rules.getByText('Unsaved changes').waitFor();
    expect(
      (await admin<{ data: { rules: unknown[] } }>('GET', `/campaigns/${campaign.id}/payout-rules`))
        .data.rules,
    ).toEqual([]);
    await rules.getByRole('button', { name: 'Discard changes' }).click();
    await rules.getByText(/No payout rules/).waitFor();
  });

  it('edits caps and shows each one used against its limit', async () => {
    const campaign = await newCampaign();
    const partner = affiliate(0);
    await openDetail(page, campaign.id);
    const caps = page.locator('[data-caps]');
    await caps.getByText('No caps: conversions, payouts and clicks are unlimited.').waitFor();
    await caps.getByText(/reset at midnight UTC/).waitFor();
    await caps.getByRole('button', { name: 'Add cap' }).click();
    await caps.getByLabel('Cap 1 metric').selectOption('clicks');
    await caps.getByLabel('Cap 1 limit').fill('5');
    await caps.getByRole('button', { name: 'Add cap' }).click();
    await caps.getByLabel('Cap 2 metric').selectOption('payout');
    await caps.getByLabel('Cap 2 period').selectOption('month');
    await caps.getByLabel('Cap 2 limit in EUR').fill('1000');
    await caps.getByLabel('Cap 2 affiliate').selectOption(String(partner.id));
    await expect(caps.locator('[data-cap-row="0"] .usage-cell').innerText()).resolves.toBe(
      'counted once saved',
    );
    await caps.getByRole('button', { name: 'Save caps' }).click();
    await caps.getByRole('status').getByText('Saved 2 caps.', { exact: false }).waitFor();
    await expect(caps.locator('[data-cap-row="0"] .usage-text').innerText()).resolves.toBe(
      '0 of 5 · 5 left',
    );
    await expect(caps.locator('[data-cap-row="1"] .usage-text').innerText()).resolves.toBe(
      '€0.00 of €1,000.00 · €1,000.00 left',
    );

    // Two visitors following the tracking link count against the click cap; a JSON click would not.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${fixture().apiUrl}/c/${campaign.id}/${partner.id}`, {
        headers: {
          accept: 'text/html',
          'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36',
          'accept-language': 'en',
          'cf-connecting-ip': `203.0.113.${i + 10}`,
        },
        redirect: 'manual',
      });
      expect(res.status).toBe(302);
    }
    await caps.getByRole('button', { name: 'Refresh usage' }).click();
    await expect
      .poll(() => caps.locator('[data-cap-row="0"] .usage-text').innerText())
      .toBe('2 of 5 · 3 left');
    const api = (
      await admin<{ data: { caps: { metric: string; used: number | string }[] } }>(
        'GET',
        `/campaigns/${campaign.id}/caps`,
      )
    ).data.caps;
    expect(api.find((c) => c.metric === 'clicks')?.used).toBe(2);
    await expect(
      caps.locator('[data-cap-row="0"] .usage-cell').getAttribute('data-used'),
    ).resolves.toBe('2');
  });

  it('edits routing rules and previews where a visitor from a country, device and system would go', async () => {
    const campaign = await newCampaign({ fallback_url: 'https://network.example/fallback' });
    await openDetail(page, campaign.id);
    const routing = page.locator('[data-routing]');
    await routing.getByText('No routing rules: every visitor goes to the offer URL.').waitFor();
    const preview = routing.locator('[data-route-preview] output');
    await expect
      .poll(() => preview.innerText())
      .toMatch(/Goes to https:\/\/shop\.example\/offer\?c=\{click_id\}/);

    await routing.getByRole('button', { name: 'Add routing rule' }).click();
    await routing.getByLabel('Rule 1 name').fill('DACH phones');
    await routing.getByLabel('Countries').fill('DE, AT, CH');
    await routing.getByRole('group', { name: 'Devices' }).getByLabel('mobile').check();
    await routing
      .getByRole('group', { name: 'Rule 1 landing page 1' })
      .getByLabel('Landing page URL')
      .fill('https://lp.example/dach?c={click_id}');
    await routing.getByRole('button', { name: 'Add a landing page (A/B split)' }).click();
    await routing
      .getByRole('group', { name: 'Rule 1 landing page 2' })
      .getByLabel('Landing page URL')
      .fill('https://lp.example/dach-b?c={click_id}');
    await routing.getByRole('button', { name: 'Add routing rule' }).click();
    await routing.getByLabel('Rule 2 name').fill('Desktop to fallback');
    await routing
      .locator('[data-route-index="1"]')
      .getByRole('group', { name: 'Devices' })
      .getByLabel('desktop')
      .check();
    await routing.locator('[data-route-index="1"]').getByLabel('The fallback URL').check();
    await expect(routing.locator('[data-route-index="0"] .route-says').innerText()).resolves.toBe(
      'Matches: country DE, AT, CH · mobile',
    );
    await routing.getByRole('button', { name: 'Save routing rules' }).click();
    await routing.getByRole('status').getByText('Saved as version 1.', { exact: false }).waitFor();
    const saved = (
      await admin<{
        data: {
          version: number;
          rules: { name: string; conditions: unknown; action: { type: string } }[];
        };
      }>('GET', `/campaigns/${campaign.id}/rules`)
    ).data;
    expect(saved.version).toBe(1);
    expect(saved.rules.map((r) => [r.name, r.conditions, r.action.type])).toEqual([
      ['DACH phones', { country: ['DE', 'AT', 'CH'], device: ['mobile'] }, 'landing'],
      ['Desktop to fallback', { device: ['desktop'] }, 'fallback'],
    ]);

    const box = routing.locator('[data-route-preview]');
    await box.getByLabel('Country').fill('AT');
    await box.getByLabel('Device').selectOption('mobile');
    await box.getByLabel('Operating system').selectOption('Android');
    await expect
      .poll(() => preview.innerText())
      .toMatch(
        /Goes to https:\/\/lp\.example\/dach(-b)?\?c=\{click_id\}[\s\S]*rule 1 \(DACH phones\) matched/,
      );
    await box.getByLabel('Device').selectOption('desktop');
    await expect
      .poll(() => preview.innerText())
      .toMatch(
        /Goes to https:\/\/network\.example\/fallback[\s\S]*rule 2 \(Desktop to fallback\) matched/,
      );
    await box.getByLabel('Device').selectOption('tablet');
    await expect
      .poll(() => preview.innerText())
      .toMatch(/no rule matched: the default offer URL is used/);
    expect(await unlabelled(page)).toEqual([]);
  });

  it('shows a new campaign with no rules, caps or routing as such, and opens from the list', async () => {
    const campaign = await newCampaign({ status: 'paused' });
    await page.goto(`${fixture().dashboardUrl}/#/campaigns`);
    await page.locator('[data-page="campaigns"][aria-busy="false"]').waitFor();
    await page.getByRole('link', { name: `Rules and caps of ${campaign.name}` }).click();
    await page.locator(`[data-campaign-detail="${campaign.id}"][aria-busy="false"]`).waitFor();
    await page.getByRole('heading', { level: 1, name: new RegExp(campaign.name) }).waitFor();
    await expect(page.locator('[data-campaign-settings]').innerText()).resolves.toMatch(
      /Affiliate postbacks\s+Pending, for review[\s\S]*Time zone\s+UTC/i,
    );
    await page
      .getByText('No payout rules: every conversion pays nothing (no default payout is set).')
      .waitFor();
    await page.getByText('No caps: conversions, payouts and clicks are unlimited.').waitFor();
    await page.getByText('No routing rules: every visitor goes to the offer URL.').waitFor();
    await expect
      .poll(() => page.locator('[data-payout-example] output').innerText())
      .toMatch(/No rule matches.*pays nothing/s);
    await page
      .locator('[data-route-preview]')
      .getByText(/The campaign is paused: for now every visitor goes to the fallback/)
      .waitFor();
    await screenshot(page, 'console-campaign-empty');

    // The settings are edited in place; "All campaigns" leads back to the list.
    await page.getByRole('button', { name: 'Edit settings' }).click();
    await page.getByLabel('Status').selectOption('active');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('[data-campaign-settings]').waitFor();
    await page
      .getByRole('heading', { level: 1 })
      .locator('.badge', { hasText: 'Active' })
      .waitFor();
    await page.getByRole('link', { name: '← All campaigns' }).click();
    await page.locator('[data-page="campaigns"][aria-busy="false"]').waitFor();
  });

  it('says what went wrong when the payout rules cannot be read, and retries', async () => {
    const campaign = await newCampaign();
    const pattern = `**/campaigns/${campaign.id}/payout-rules`;
    await page.route(pattern, (route) => route.fulfill(serviceUnavailable));
    await openDetail(page, campaign.id);
    const rules = page.locator('[data-payout-rules]');
    await rules
      .getByRole('alert')
      .getByText(/database is unavailable right now/)
      .waitFor();
    // The other sections do not wait for it.
    await page
      .locator('[data-caps]')
      .getByText(/No caps/)
      .waitFor();
    await page.unroute(pattern);
    await rules.getByRole('button', { name: 'Try again' }).click();
    await rules.getByText(/No payout rules/).waitFor();
    await expect(rules.getByRole('alert').count()).resolves.toBe(0);
  });

  it('works from the keyboard: the visitor preview follows typed and arrowed choices', async () => {
    const campaign = await newCampaign();
    await admin('PUT', `/campaigns/${campaign.id}/rules`, {
      rules: [
        {
          name: 'French iPhones',
          conditions: { country: ['FR'], os: ['iOS'] },
          action: {
            type: 'landing',
            variants: [{ id: 'fr', weight: 1, url: 'https://lp.example/fr' }],
          },
        },
      ],
    });
    await openDetail(page, campaign.id);
    const box = page.locator('[data-route-preview]');
    await box.getByLabel('Country').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('FR');
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe(
      'device',
    );
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('name'))).resolves.toBe(
      'os',
    );
    await expect
      .poll(() => box.locator('output').innerText())
      .toMatch(/Goes to https:\/\/lp\.example\/fr/);
    // Arrowing to another system on a phone leaves the rule.
    await page.keyboard.press('ArrowDown');
    await expect(box.getByLabel('Operating system').inputValue()).resolves.toBe('Android');
    await expect
      .poll(() => box.locator('output').innerText())
      .toMatch(/rule 1 \(French iPhones\) did not match: os Android/);
    await page.keyboard.press('Enter');
  });

  it('shows a campaign with rules, caps and routing in full, and fits a 375 px screen reachable by keyboard', async () => {
    const partner = affiliate(1);
    const campaign = await newCampaign({
      default_payout: '2.00',
      fallback_url: 'https://network.example/more',
      min_ctit_seconds: 20,
      time_zone: 'Europe/Berlin',
    });
    await admin('PUT', `/campaigns/${campaign.id}/payout-rules`, {
      rules: [
        { type: 'revshare', value: '25' },
        { type: 'cpa', value: '9', country: 'US' },
        { type: 'cpa', value: '15', affiliate_id: partner.id, event: 'purchase' },
      ],
    });
    await admin('PUT', `/campaigns/${campaign.id}/caps`, {
      caps: [
        { metric: 'clicks', period: 'day', limit: 4 },
        { metric: 'conversions', period: 'month', limit: 500 },
        { metric: 'payout', period: 'total', limit: '2500', affiliate_id: partner.id },
      ],
    });
    await admin('PUT', `/campaigns/${campaign.id}/rules`, {
      rules: [
        {
          name: 'US',
          conditions: { country: ['US'] },
          action: {
            type: 'landing',
            variants: [{ id: 'us', weight: 1, url: 'https://lp.example/us?c={click_id}' }],
          },
        },
        {
          name: 'iPhones',
          conditions: { os: ['iOS'] },
          action: {
            type: 'landing',
            variants: [
              {
                id: 'web',
                weight: 1,
                url: 'https://lp.example/app',
                ios_url: 'itms-apps://apps.apple.com/app/id123',
              },
            ],
          },
        },
      ],
    });
    // Four visitors following the tracking link fill the click cap.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${fixture().apiUrl}/c/${campaign.id}/${partner.id}`, {
        headers: {
          accept: 'text/html',
          'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0',
          'accept-language': 'de',
          'cf-connecting-ip': `203.0.113.${40 + i}`,
        },
        redirect: 'manual',
      });
      expect(res.status).toBe(302);
    }
    await openDetail(page, campaign.id);
    await page.locator('[data-payout-example] output').getByText(/pays/).waitFor();
    await expect(
      page.locator('[data-caps] [data-cap-row="0"] .usage-text').innerText(),
    ).resolves.toMatch(/^4 of 4 · reached/);
    await screenshot(page, 'console-campaign-detail');

    const phone = await signedIn(browser, fixture().adminToken, {
      hash: `#/campaigns?campaign=${campaign.id}`,
      width: 375,
    });
    await phone.locator(`[data-campaign-detail="${campaign.id}"][aria-busy="false"]`).waitFor();
    await phone.locator('[data-payout-example] output').getByText(/pays/).waitFor();
    await expectFitsPhone(phone);
    await screenshot(phone, 'phone-console-campaign-detail');
    await phone.getByRole('link', { name: '← All campaigns' }).focus();
    await phone.keyboard.press('Tab');
    await expect(phone.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      'Edit settings',
    );
    await phone.keyboard.press('Enter');
    await phone.getByLabel('Name', { exact: true }).waitFor();
    await expectFitsPhone(phone);
    await phone.context().close();
  });
  it("shows an advertiser its campaign's payout rules, caps and routing rules, read only", async () => {
    const owner = await ownAdvertiser();
    const campaign = await newCampaign({ advertiser_id: owner.id, default_payout: '3.00' });
    await admin('PUT', `/campaigns/${campaign.id}/payout-rules`, {
      rules: [
        { type: 'revshare', value: '30' },
        { type: 'revshare', value: '40', country: 'DE' },
      ],
    });
    await admin('PUT', `/campaigns/${campaign.id}/caps`, {
      caps: [{ metric: 'conversions', period: 'day', limit: 50 }],
    });
    await admin('PUT', `/campaigns/${campaign.id}/rules`, {
      rules: [
        {
          name: 'DACH',
          conditions: { country: ['DE', 'AT', 'CH'] },
          action: {
            type: 'landing',
            variants: [
              { id: 'de-a', weight: 1, url: 'https://lp.example/de-a?c={click_id}' },
              { id: 'de-b', weight: 1, url: 'https://lp.example/de-b?c={click_id}' },
            ],
          },
        },
        {
          name: 'iPhones',
          conditions: { os: ['iOS'] },
          action: {
            type: 'landing',
            variants: [
              {
                id: 'app',
                weight: 1,
                url: 'https://lp.example/app',
                ios_url: 'itms-apps://apps.apple.com/app/id123',
              },
            ],
          },
        },
        { name: 'Blocked', conditions: { country: ['KP'] }, action: { type: 'fallback' } },
      ],
    });
    const own = await signedIn(browser, owner.api_key, { hash: '#/my-campaigns' });
    await own.locator('[data-page="my-campaigns"][aria-busy="false"]').waitFor();
    await own
      .getByRole('link', { name: `Payout rules, caps and routing rules of ${campaign.name}` })
      .click();
    await own.locator(`[data-campaign-detail="${campaign.id}"][aria-busy="false"]`).waitFor();
    await expect(own.getByRole('heading', { level: 1 }).innerText()).resolves.toContain(
      campaign.name,
    );
    await own
      .getByText(
        `Campaign #${campaign.id} of ${owner.name}. Read only: ask the network to change them.`,
      )
      .waitFor();
    const rules = own.locator('[data-payout-rules]');
    await expect(rules.locator('[data-rule-row] td').allInnerTexts()).resolves.toEqual([
      '1 country',
      'RevShare',
      '40%',
      'any',
      'DE',
      'any',
      '0 default',
      'RevShare',
      '30%',
      'any',
      'any',
      'any',
    ]);
    await expect(own.locator('[data-caps] [data-cap-row="0"]').innerText()).resolves.toMatch(
      /Conversions\s+Per day\s+50\s+Whole campaign\s+0 of 50 · 50 left/,
    );
    // Nothing to edit, but the example still answers.
    await expect(own.locator('input:not([name]), select:not([name])').count()).resolves.toBe(0);
    await expect(
      own.getByRole('button', { name: /Save|Add|Remove|Edit settings/ }).count(),
    ).resolves.toBe(0);
    const example = own.locator('[data-payout-example]');
    await example.getByLabel('Country').fill('DE');
    await expect
      .poll(() => example.locator('output').innerText())
      .toMatch(/RevShare 40%.*pays €40\.00/s);
    // The routing rules as text, in the order they are tried, and the visitor preview answers too.
    const routing = own.locator('[data-routing]');
    await expect(routing.locator('[role="alert"]').count()).resolves.toBe(0);
    await expect(
      routing.locator('[data-rules-version]').getAttribute('data-rules-version'),
    ).resolves.toBe('1');
    await expect(
      routing.locator('[data-route-index] .route-title').allInnerTexts(),
    ).resolves.toEqual(['1 DACH: country DE, AT, CH', '2 iPhones: iOS', '3 Blocked: country KP']);
    await expect(
      routing.locator('[data-route-index="0"] .variants-summary li').allInnerTexts(),
    ).resolves.toEqual([
      'de-a (weight 1): https://lp.example/de-a?c={click_id}',
      'de-b (weight 1): https://lp.example/de-b?c={click_id}',
    ]);
    await expect(
      routing.locator('[data-route-index="1"] .variants-summary li').innerText(),
    ).resolves.toBe(
      'app (weight 1): https://lp.example/app · iOS itms-apps://apps.apple.com/app/id123',
    );
    await expect(routing.locator('[data-route-index="2"]').innerText()).resolves.toContain(
      'Sends them to the fallback URL.',
    );
    const visitor = routing.locator('[data-route-preview]');
    await expect
      .poll(() => visitor.locator('output').innerText())
      .toMatch(
        /Goes to itms-apps:\/\/apps\.apple\.com\/app\/id123[\s\S]*rule 2 \(iPhones\) matched/,
      );
    await visitor.getByLabel('Country').fill('DE');
    await expect
      .poll(() => visitor.locator('output').innerText())
      .toMatch(
        /Goes to https:\/\/lp\.example\/de-[ab]\?c=\{click_id\}[\s\S]*rule 1 \(DACH\) matched/,
      );
    expect(await unlabelled(own)).toEqual([]);
    await screenshot(own, 'advertiser-campaign-detail');
    // Another advertiser's campaign is not there to open.
    await own.goto(`${fixture().dashboardUrl}/#/my-campaigns?campaign=1`);
    await own.locator('[data-page="my-campaigns"][aria-busy="false"]').waitFor();
    await expect(own.locator('[data-campaign-detail]').count()).resolves.toBe(0);
    await own.context().close();
  });
});
