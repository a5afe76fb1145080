import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  apiWithEnv,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
} from '../test/api.ts';
import { count, db, eventually } from '../test/db.ts';
import { unique } from '../test/security/requests.ts';
import { edgeOrigin } from './edge.ts';
import { VELOCITY_CLICKS_PER_MINUTE } from './velocity.ts';

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('quality'));
  campaign = await createCampaign({ name: unique('Quality') });
});

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const browser = { 'user-agent': CHROME, 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' };
let ipSeq = 0;
const nextIp = () => `198.51.100.${++ipSeq}`;

interface StoredQuality {
  quality_score: number;
  quality_reasons: string | null;
  is_suspicious: number | string | boolean;
  is_unique: number | string | boolean;
  asn: number | null;
  as_org: string | null;
  country: string | null;
}

// A JSON-mode click writes its row before answering (200). When the database answers a transient
// error on a busy machine it queues the click instead (202) and the row follows: its verdict is the same.
async function click(
  headers: Record<string, string>,
  cf?: Record<string, unknown>,
  campaignId = campaign.id,
): Promise<StoredQuality> {
  const clickId = unique('q');
  const init = {
    headers: { 'cf-connecting-ip': nextIp(), ...headers },
    ...(cf && { cf }),
  } as RequestInit;
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&click_id=${clickId}&format=json`,
    init,
  );
  expect([200, 202]).toContain(res.status);
  const rows = await eventually(
    async () =>
      (
        await db.execute(
          sql`SELECT quality_score, quality_reasons, is_suspicious, is_unique, asn, as_org, country FROM clicks WHERE affiliate_id = ${affiliate.id} AND click_id = ${clickId}`,
        )
      ).rows,
    (found) => found.length > 0,
  );
  expect(rows).toHaveLength(1);
  const row = rows[0] as Record<string, unknown>;
  return {
    ...(row as unknown as StoredQuality),
    quality_score: Number(row.quality_score),
    asn: row.asn === null ? null : Number(row.asn),
  };
}

const suspicious = (q: StoredQuality) => Number(q.is_suspicious) === 1;

describe('click signals, scored at the edge from the request alone', () => {
  it('a browser from a residential network scores 100 and is valid', async () => {
    const q = await click(browser, {
      asn: 3320,
      asOrganization: 'Deutsche Telekom AG',
      country: 'DE',
    });
    expect(q).toMatchObject({
      quality_score: 100,
      quality_reasons: null,
      asn: 3320,
      as_org: 'Deutsche Telekom AG',
      country: 'DE',
    });
    expect(suspicious(q)).toBe(false);
  });

  it('a hosting ASN from the shipped list is suspicious (hosting_asn)', async () => {
    const q = await click(browser, { asn: 16509, asOrganization: 'Amazon.com, Inc.' });
    expect(q.quality_reasons).toBe('hosting_asn');
    expect(q.quality_score).toBe(40);
    expect(suspicious(q)).toBe(true);
    expect(Number(q.is_unique)).toBe(0);
  });

  it('an ASN the list does not know is caught by an organisation name that says hosting', async () => {
    const q = await click(browser, {
      asn: 4_200_000_123,
      asOrganization: 'Example VPS Hosting Ltd',
    });
    expect(q.quality_reasons).toBe('hosting_asn');
    expect(suspicious(q)).toBe(true);
  });

  it.each([
    [
      'HeadlessChrome',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
    ],
    [
      'PhantomJS',
      'Mozilla/5.0 (Unknown; Linux x86_64) AppleWebKit/538.1 (KHTML, like Gecko) PhantomJS/2.1.1 Safari/538.1',
    ],
    ['Selenium', 'Mozilla/5.0 (X11; Linux x86_64) Selenium/4.0 Chrome/120.0'],
  ])('a %s user agent is recorded as suspicious (automation)', async (_name, ua) => {
    const q = await click({ ...browser, 'user-agent': ua });
    expect(q.quality_reasons).toBe('automation');
    expect(q.quality_score).toBe(0);
    expect(suspicious(q)).toBe(true);
  });

  it('a missing Accept-Language lowers the score but alone stays valid', async () => {
    const q = await click({ 'user-agent': CHROME });
    expect(q.quality_reasons).toBe('no_language');
    expect(q.quality_score).toBe(70);
    expect(suspicious(q)).toBe(false);
  });

  it('a missing Accept-Language from a hosting network is suspicious with both reasons', async () => {
    const q = await click({ 'user-agent': CHROME }, { asn: 14061 });
    expect(q.quality_reasons).toBe('hosting_asn,no_language');
    expect(q.quality_score).toBe(10);
  });

  it(`more than ${VELOCITY_CLICKS_PER_MINUTE} clicks a minute from one visitor on a campaign are suspicious (velocity)`, async () => {
    const burst = await createCampaign({ name: unique('Burst') });
    const ip = '203.0.113.77';
    const verdicts: StoredQuality[] = [];
    for (let i = 0; i < VELOCITY_CLICKS_PER_MINUTE + 3; i++) {
      verdicts.push(await click({ ...browser, 'cf-connecting-ip': ip }, undefined, burst.id));
    }
    const flagged = verdicts.filter(suspicious);
    // A minute boundary may fall inside the burst; at least the clicks past the limit in one minute are flagged.
    expect(flagged.length).toBeGreaterThanOrEqual(1);
    expect(flagged.every((q) => q.quality_reasons === 'velocity')).toBe(true);
    expect(
      verdicts.slice(0, VELOCITY_CLICKS_PER_MINUTE).filter(suspicious).length,
    ).toBeLessThanOrEqual(1);
    // Another visitor on the same campaign is unaffected.
    expect(suspicious(await click(browser, undefined, burst.id))).toBe(false);
  });

  it("follows the campaign's quality_threshold", async () => {
    const strict = await createCampaign({ name: unique('Strict'), quality_threshold: 80 });
    const q = await click({ 'user-agent': CHROME }, undefined, strict.id);
    expect(q.quality_score).toBe(70);
    expect(suspicious(q)).toBe(true);
  });

  it('crawlers from isbot following a link are not recorded at all', async () => {
    const before = await count('clicks', sql`affiliate_id = ${affiliate.id}`);
    for (const ua of [
      'Googlebot/2.1 (+http://www.google.com/bot.html)',
      'facebookexternalhit/1.1',
      'curl/8.5.0',
      'python-requests/2.32',
    ]) {
      // No offer URL: a browser gets the JSON answer too, but it is not an API call.
      const res = await api(`/c/${campaign.id}/${affiliate.id}`, {
        headers: { 'user-agent': ua, accept: 'text/html' },
      });
      expect((await json(res)).counted).toBe(false);
    }
    expect(await count('clicks', sql`affiliate_id = ${affiliate.id}`)).toBe(before);
  });

  it("an API call's server user agent is recorded and scored, not dropped as a crawler", async () => {
    const q = await click({ 'user-agent': 'python-requests/2.32', 'accept-language': 'en' });
    expect(q).toMatchObject({ quality_score: 100 });
  });

  it('suspicious clicks are counted apart in the daily rollup, not as clicks or unique clicks', async () => {
    const separate = await createAffiliate(unique('rollup'));
    const path = `/click?affiliate_id=${separate.id}&campaign_id=${campaign.id}&format=json`;
    await api(path, { headers: { ...browser, 'cf-connecting-ip': nextIp() } });
    await api(path, {
      headers: { ...browser, 'cf-connecting-ip': nextIp() },
      cf: { asn: 24940 },
    } as RequestInit);
    await api(path, {
      headers: { 'user-agent': 'HeadlessChrome/131', 'cf-connecting-ip': nextIp() },
    });
    // JSON clicks enter the rollup through the click queue, so the counts arrive shortly after the answers.
    const totals = await eventually(
      async () =>
        (
          await db.execute(
            sql`SELECT SUM(clicks) AS c, SUM(unique_clicks) AS u, SUM(suspicious_clicks) AS s FROM daily_clicks WHERE affiliate_id = ${separate.id}`,
          )
        ).rows[0],
      (row) => (row as { s: string | null }).s === '2',
    );
    expect(totals).toEqual({ c: '1', u: '1', s: '2' });
  });
});

describe('local edge simulation', () => {
  const local = { LOCAL_EDGE_SIMULATION: 'on', LOCAL_DEPLOYMENT: 'true' };
  const simulated = {
    'x-edge-country': 'BR',
    'x-edge-asn': '16509',
    'x-edge-as-org': 'Amazon.com, Inc.',
  };

  it('is ignored by a deployed configuration (LOCAL_EDGE_SIMULATION unset)', async () => {
    const q = await click({ ...browser, ...simulated });
    expect(q).toMatchObject({ asn: null, as_org: null, country: null, quality_score: 100 });
  });

  it('stands in for request.cf only when LOCAL_EDGE_SIMULATION is on in a local deployment', () => {
    const request = new Request('http://tracker.test/c/1/1', { headers: simulated });
    const none = { country: null, asn: null, asOrg: null };
    expect(edgeOrigin(request, {})).toEqual(none);
    expect(edgeOrigin(request, { LOCAL_DEPLOYMENT: 'true', LOCAL_EDGE_SIMULATION: 'off' })).toEqual(
      none,
    );
    expect(edgeOrigin(request, { LOCAL_EDGE_SIMULATION: 'on' })).toEqual(none);
    expect(edgeOrigin(request, { LOCAL_EDGE_SIMULATION: 'on', LOCAL_DEPLOYMENT: 'false' })).toEqual(
      none,
    );
    expect(edgeOrigin(request, local)).toEqual({
      country: 'BR',
      asn: 16509,
      asOrg: 'Amazon.com, Inc.',
    });
  });

  it.each([
    ['a non-numeric ASN', { 'x-edge-asn': 'AS16509' }, { asn: null }],
    ['a negative ASN', { 'x-edge-asn': '-5' }, { asn: null }],
    ['a three-letter country', { 'x-edge-country': 'BRA' }, { country: null }],
    [
      'an over-long organisation past 128 characters',
      { 'x-edge-as-org': 'x'.repeat(300) },
      { asOrg: 'x'.repeat(128) },
    ],
  ])('drops %s', (_name, headers, expected) => {
    expect(edgeOrigin(new Request('http://tracker.test/', { headers }), local)).toMatchObject(
      expected,
    );
  });

  it('reads a lower-case country as upper case', () => {
    expect(
      edgeOrigin(
        new Request('http://tracker.test/', { headers: { 'x-edge-country': 'de' } }),
        local,
      ).country,
    ).toBe('DE');
  });
});

describe('campaign quality settings', () => {
  it.each([
    ['quality_threshold above 100', { quality_threshold: 101 }, 'quality_threshold'],
    ['quality_threshold as text', { quality_threshold: 'high' }, 'quality_threshold'],
    ['min_ctit_seconds of zero', { min_ctit_seconds: 0 }, 'min_ctit_seconds'],
    ['fractional min_ctit_seconds', { min_ctit_seconds: 1.5 }, 'min_ctit_seconds'],
  ])('refuses %s with a 400 naming the field', async (_name, body, field) => {
    const res = await asAdmin('/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bad', ...body }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await json(res))).toContain(field);
  });

  it('stores and returns them', async () => {
    const res = await asAdmin('/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Tuned', quality_threshold: 70, min_ctit_seconds: 15 }),
    });
    expect(res.status).toBe(201);
    expect((await json(res)).data).toMatchObject({ quality_threshold: 70, min_ctit_seconds: 15 });
  });
});

describe('country mismatch against the campaign routing targets', () => {
  let targeted: { id: number };

  beforeAll(async () => {
    targeted = await createCampaign({
      name: unique('Targeted'),
      offer_url: 'https://shop.example/?c={click_id}',
    });
    const rules = [
      {
        name: 'DACH',
        conditions: { country: ['DE', 'AT', 'CH'] },
        action: {
          type: 'landing',
          variants: [{ id: 'de', weight: 1, url: 'https://shop.example/de?c={click_id}' }],
        },
      },
      { name: 'Everyone else', action: { type: 'fallback' } },
    ];
    const res = await asAdmin(`/campaigns/${targeted.id}/rules`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('a click from a targeted country is not penalised', async () => {
    const q = await click(browser, { country: 'AT' }, targeted.id);
    expect(q).toMatchObject({ quality_score: 100, quality_reasons: null, country: 'AT' });
  });

  it('a click from outside the targeting is penalised (country_mismatch), and suspicious with one more signal', async () => {
    const alone = await click(browser, { country: 'BR' }, targeted.id);
    expect(alone).toMatchObject({
      quality_score: 60,
      quality_reasons: 'country_mismatch',
      country: 'BR',
    });
    expect(suspicious(alone)).toBe(false);
    const withoutLanguage = await click({ 'user-agent': CHROME }, { country: 'BR' }, targeted.id);
    expect(withoutLanguage).toMatchObject({
      quality_score: 30,
      quality_reasons: 'country_mismatch,no_language',
    });
    expect(suspicious(withoutLanguage)).toBe(true);
  });

  it('an unknown country, or a campaign without country targeting, is not penalised', async () => {
    expect(await click(browser, undefined, targeted.id)).toMatchObject({
      quality_score: 100,
      country: null,
    });
    expect(await click(browser, { country: 'BR' })).toMatchObject({
      quality_score: 100,
      country: 'BR',
    });
  });

  it('the local edge simulation supplies the country in a local deployment only', async () => {
    const res = await apiWithEnv(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${targeted.id}&click_id=${unique('q')}&format=json`,
      { LOCAL_EDGE_SIMULATION: 'on' },
      {
        headers: { ...browser, 'cf-connecting-ip': nextIp(), 'x-edge-country': 'BR' },
      },
    );
    expect(res.status).toBe(200);
    const { click_id } = (await json(res)).data;
    const { rows } = await db.execute(
      sql`SELECT quality_reasons, country FROM clicks WHERE affiliate_id = ${affiliate.id} AND click_id = ${click_id}`,
    );
    expect(rows[0]).toEqual({ quality_reasons: 'country_mismatch', country: 'BR' });
  });
});
