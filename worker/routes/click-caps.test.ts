import { env, listDurableObjectIds, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignConfig } from '../config/read-model.ts';
import type { CapCounter } from '../money/cap-counter.ts';
import { capCounter } from '../money/caps.ts';
import { knownFull } from '../tracking/click-caps.ts';
import {
  api,
  apiWithEnv,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
} from '../test/api.ts';
import { expectError } from '../test/security/error-shape.ts';

const BROWSER = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
};
const OFFER = 'https://shop.example/land?c={click_id}';
const GLOBAL_FALLBACK = 'https://network.example/more-offers';

let affiliate: TestAffiliate;
let other: TestAffiliate;

const putCaps = (id: number, caps: unknown[]) =>
  asAdmin(`/campaigns/${id}/caps`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ caps }),
  });

async function cappedCampaign(
  limit: number,
  extra: Record<string, unknown> = {},
  affiliateId?: number,
): Promise<{ id: number }> {
  const campaign = await createCampaign({
    name: 'Click capped',
    offer_url: `${OFFER}&o=1`,
    ...extra,
  });
  const res = await putCaps(campaign.id, [
    { metric: 'clicks', period: 'day', limit, ...(affiliateId && { affiliate_id: affiliateId }) },
  ]);
  expect(res.status, await res.clone().text()).toBe(200);
  return campaign;
}

const visit = (campaignId: number, affiliateId = affiliate.id) =>
  api(`/c/${campaignId}/${affiliateId}`, { headers: BROWSER });
const landed = (res: Response) =>
  res.status === 302 && res.headers.get('location')!.startsWith('https://shop.example/land');
const usedClicks = async (campaignId: number) =>
  (await json(await asAdmin(`/campaigns/${campaignId}/caps`))).data.caps.map(
    (c: { used: number }) => c.used,
  );
const hasCounter = async (campaignId: number) => {
  const id = env.CAPS.idFromName(`campaign:${campaignId}`).toString();
  return (await listDurableObjectIds(env.CAPS)).some((x) => x.toString() === id);
};

beforeAll(async () => {
  affiliate = await createAffiliate('Click cap partner');
  other = await createAffiliate('Click cap other');
});

describe('a full click cap sends visitors to the fallback', () => {
  it('lets exactly the limit through under 30 concurrent visitors, the rest go to fallback_url', async () => {
    const campaign = await cappedCampaign(10, { fallback_url: 'https://shop.example/other' });
    const answers = await Promise.all(Array.from({ length: 30 }, () => visit(campaign.id)));
    expect(answers.filter(landed)).toHaveLength(10);
    const refused = answers.filter((r) => !landed(r));
    expect(refused).toHaveLength(20);
    for (const res of refused) {
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://shop.example/other');
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
    expect(await usedClicks(campaign.id)).toEqual([10]);
  });

  it('without a campaign fallback: the deployment FALLBACK_URL, else the plain offer-unavailable page', async () => {
    const campaign = await cappedCampaign(1);
    expect(landed(await visit(campaign.id))).toBe(true);
    const viaGlobal = await apiWithEnv(
      `/c/${campaign.id}/${affiliate.id}`,
      { FALLBACK_URL: GLOBAL_FALLBACK },
      { headers: BROWSER },
    );
    expect(viaGlobal.status).toBe(302);
    expect(viaGlobal.headers.get('location')).toBe(GLOBAL_FALLBACK);
    const page = await visit(campaign.id);
    expect(page.status).toBe(410);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain('This offer is no longer available');
  });

  it('answers a JSON click with 429 cap_reached, saying which cap and when it resets', async () => {
    const campaign = await cappedCampaign(2);
    // Visitors fill it: a JSON click takes no place of its own.
    for (let i = 0; i < 2; i++) expect(landed(await visit(campaign.id))).toBe(true);
    const res = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&format=json`,
    );
    const retryAfter = Number(res.headers.get('retry-after'));
    const body = await expectError(res, 429, 'cap_reached');
    expect(body.error.message).toMatch(
      new RegExp(
        `^Click cap reached: campaign ${campaign.id} allows 2 clicks a day \\(\\d{4}-\\d{2}-\\d{2}, UTC\\); 2 counted\\. The click was not recorded$`,
      ),
    );
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
  });

  it("an affiliate's click cap holds back only that affiliate", async () => {
    const campaign = await cappedCampaign(
      1,
      { fallback_url: 'https://shop.example/other' },
      affiliate.id,
    );
    expect(landed(await visit(campaign.id))).toBe(true);
    expect(landed(await visit(campaign.id))).toBe(false);
    for (let i = 0; i < 3; i++) expect(landed(await visit(campaign.id, other.id))).toBe(true);
  });

  it('crawlers and HEAD requests take no slot', async () => {
    const campaign = await cappedCampaign(1);
    const head = await api(`/c/${campaign.id}/${affiliate.id}`, {
      method: 'HEAD',
      headers: BROWSER,
    });
    expect(head.status).toBe(302);
    const bot = await api(`/c/${campaign.id}/${affiliate.id}`, {
      headers: { ...BROWSER, 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' },
    });
    expect(bot.status).toBe(302);
    expect(await usedClicks(campaign.id)).toEqual([0]);
    expect(landed(await visit(campaign.id))).toBe(true);
    // Once full, a crawler is sent away like everyone else.
    expect(
      landed(await api(`/c/${campaign.id}/${affiliate.id}`, { method: 'HEAD', headers: BROWSER })),
    ).toBe(false);
  });
});

describe('only a visitor takes a click-cap place', () => {
  const HEADLESS = {
    ...BROWSER,
    'accept-language': 'en-US',
    'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/140.0.0.0 Safari/537.36',
  };
  const PERSON = { ...BROWSER, 'accept-language': 'en-US' };
  const jsonClick = (campaignId: number) =>
    api(`/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&format=json`, {
      headers: PERSON,
    });

  it('anonymous JSON clicks are recorded but take no place; once visitors fill the cap they get 429', async () => {
    const campaign = await cappedCampaign(1);
    for (let i = 0; i < 5; i++) expect((await jsonClick(campaign.id)).status).toBe(200);
    expect(await usedClicks(campaign.id)).toEqual([0]);
    expect(landed(await api(`/c/${campaign.id}/${affiliate.id}`, { headers: PERSON }))).toBe(true);
    expect(await usedClicks(campaign.id)).toEqual([1]);
    await expectError(await jsonClick(campaign.id), 429, 'cap_reached');
  });

  it('headless browsers and clicks scored suspicious are redirected but take no place', async () => {
    // Above the default threshold, so a visitor sending no Accept-Language (score 70) is suspicious.
    const campaign = await cappedCampaign(1, { quality_threshold: 80 });
    for (let i = 0; i < 3; i++) {
      expect(landed(await api(`/c/${campaign.id}/${affiliate.id}`, { headers: HEADLESS }))).toBe(
        true,
      );
      expect(landed(await visit(campaign.id))).toBe(true);
    }
    expect(await usedClicks(campaign.id)).toEqual([0]);
    // A person takes the one place; after that everyone goes to the fallback.
    expect(landed(await api(`/c/${campaign.id}/${affiliate.id}`, { headers: PERSON }))).toBe(true);
    expect(await usedClicks(campaign.id)).toEqual([1]);
    expect(landed(await api(`/c/${campaign.id}/${affiliate.id}`, { headers: HEADLESS }))).toBe(
      false,
    );
  });

  it('through a smartlink too', async () => {
    const campaign = await cappedCampaign(1);
    const created = await asAdmin('/smartlinks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Headless smartlink',
        campaigns: [{ campaign_id: campaign.id, weight: 1 }],
      }),
    });
    const smartlink = (await json(created)).data.id;
    for (let i = 0; i < 3; i++) {
      expect(landed(await api(`/s/${smartlink}/${affiliate.id}`, { headers: HEADLESS }))).toBe(
        true,
      );
      expect(
        (await api(`/s/${smartlink}/${affiliate.id}?format=json`, { headers: PERSON })).status,
      ).toBe(200);
    }
    expect(await usedClicks(campaign.id)).toEqual([0]);
    expect(landed(await api(`/s/${smartlink}/${affiliate.id}`, { headers: PERSON }))).toBe(true);
    expect(await usedClicks(campaign.id)).toEqual([1]);
  });
});

describe('the redirect stays fast', () => {
  it('a campaign without click caps never calls the counter (not even with conversion caps)', async () => {
    const plain = await createCampaign({ name: 'Uncapped', offer_url: OFFER });
    const conversionCapped = await createCampaign({ name: 'Conversion capped', offer_url: OFFER });
    expect(
      (await putCaps(conversionCapped.id, [{ metric: 'conversions', period: 'day', limit: 5 }]))
        .status,
    ).toBe(200);
    const clickCapped = await cappedCampaign(5);
    // The worker with a counter namespace that records every use.
    const calls: string[] = [];
    const recording = new Proxy(env.CAPS, {
      get(target, prop) {
        calls.push(String(prop));
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const through = (campaignId: number) =>
      apiWithEnv(`/c/${campaignId}/${affiliate.id}`, { CAPS: recording }, { headers: BROWSER });
    for (const campaign of [plain, conversionCapped]) {
      for (let i = 0; i < 3; i++) expect(landed(await through(campaign.id))).toBe(true);
    }
    expect(calls).toEqual([]);
    expect(await hasCounter(plain.id)).toBe(false);
    // The recorder does see the calls a click-capped campaign makes.
    expect(landed(await through(clickCapped.id))).toBe(true);
    expect(calls).toContain('idFromName');
  });

  it('once a period is full, this isolate stops asking the counter until the period ends or the limit changes', async () => {
    const campaign = await cappedCampaign(1, { fallback_url: 'https://shop.example/other' });
    expect(landed(await visit(campaign.id))).toBe(true);
    expect(landed(await visit(campaign.id))).toBe(false);
    const config = (await env.TRACKING_CONFIG.get<CampaignConfig>(
      `campaign:${campaign.id}`,
      'json',
    ))!;
    const remembered = knownFull(config, affiliate.id);
    expect(remembered?.refusal.until).toBeGreaterThan(Date.now());
    // Empty the counter behind the isolate's back: the isolate still knows the cap is full and does not ask.
    await runInDurableObject(capCounter(env.CAPS, campaign.id), (_instance: CapCounter, state) => {
      state.storage.sql.exec('DELETE FROM counters');
    });
    expect(landed(await visit(campaign.id))).toBe(false);
    expect(await usedClicks(campaign.id)).toEqual([0]);
    // A raised limit is a new campaign copy: the counter is asked again at once.
    await putCaps(campaign.id, [{ metric: 'clicks', period: 'day', limit: 2 }]);
    expect(landed(await visit(campaign.id))).toBe(true);
    expect(await usedClicks(campaign.id)).toEqual([1]);
  });
});

describe('smartlinks', () => {
  it('skip a campaign whose click cap is full and send the visitor to the next one', async () => {
    const first = await cappedCampaign(2, { offer_url: 'https://first.example/?c={click_id}' });
    const second = await createCampaign({
      name: 'Second',
      offer_url: 'https://second.example/?c={click_id}',
    });
    const created = await asAdmin('/smartlinks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Capped smartlink',
        campaigns: [
          { campaign_id: first.id, weight: 1_000_000 },
          { campaign_id: second.id, weight: 1 },
        ],
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const smartlink = (await json(created)).data.id;
    const hosts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await api(`/s/${smartlink}/${affiliate.id}`, { headers: BROWSER });
      expect(res.status).toBe(302);
      hosts.push(new URL(res.headers.get('location')!).host);
    }
    expect(hosts).toEqual([
      'first.example',
      'first.example',
      'second.example',
      'second.example',
      'second.example',
    ]);
    expect(await usedClicks(first.id)).toEqual([2]);
  });

  it('with every campaign capped: the fallback, or 429 cap_reached for a JSON click', async () => {
    const only = await cappedCampaign(1);
    const created = await asAdmin('/smartlinks', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'All capped',
        campaigns: [{ campaign_id: only.id, weight: 1 }],
      }),
    });
    const smartlink = (await json(created)).data.id;
    expect((await api(`/s/${smartlink}/${affiliate.id}`, { headers: BROWSER })).status).toBe(302);
    const viaGlobal = await apiWithEnv(
      `/s/${smartlink}/${affiliate.id}`,
      { FALLBACK_URL: GLOBAL_FALLBACK },
      { headers: BROWSER },
    );
    expect(viaGlobal.headers.get('location')).toBe(GLOBAL_FALLBACK);
    const page = await api(`/s/${smartlink}/${affiliate.id}`, { headers: BROWSER });
    expect(page.status).toBe(410);
    const body = await expectError(
      await api(`/s/${smartlink}/${affiliate.id}?format=json`),
      429,
      'cap_reached',
    );
    expect(body.error.message).toMatch(/Click cap reached/);
  });
});
