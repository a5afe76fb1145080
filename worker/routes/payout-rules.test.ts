import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mayReadCampaign } from '../http/route-helpers.ts';
import type { CampaignConfig } from '../config/read-model.ts';
import {
  api,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
} from '../test/api.ts';
import { count } from '../test/db.ts';
import { expectError } from '../test/security/error-shape.ts';

let affiliate: TestAffiliate;
let campaign: { id: number };

const put = (id: number, body: unknown) =>
  asAdmin(`/campaigns/${id}/payout-rules`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const active = (id: number) =>
  count('payout_rules', sql`campaign_id = ${id} AND retired_at IS NULL`);

beforeAll(async () => {
  affiliate = await createAffiliate('Payout partner');
  campaign = await createCampaign({ name: 'Priced', currency: 'EUR', default_payout: '2.00' });
});

describe('PUT and GET /campaigns/:id/payout-rules', () => {
  it('starts empty, with the precedence spelled out', async () => {
    const res = await asAdmin(`/campaigns/${campaign.id}/payout-rules`);
    expect(res.status).toBe(200);
    const { data } = await json(res);
    expect(data).toMatchObject({
      campaign_id: campaign.id,
      currency: 'EUR',
      default_payout: '2.0000',
      rules: [],
    });
    expect(data.precedence).toMatch(/affiliate 4 \+ event 2 \+ country 1/);
  });

  it('saves a set of CPA and RevShare rules in the campaign currency and publishes it to the edge', async () => {
    const rules = [
      { type: 'revshare', value: '30' },
      { type: 'revshare', value: 40.5, country: 'de' },
      { type: 'cpa', value: '12.50', affiliate_id: affiliate.id, event: 'deposit' },
      {
        type: 'cpa',
        value: 0,
        affiliate_id: affiliate.id,
        event: 'deposit',
        country: 'FR',
        currency: 'EUR',
      },
    ];
    const res = await put(campaign.id, { rules });
    expect(res.status, await res.clone().text()).toBe(200);
    const { data } = await json(res);
    expect(data.rules.map(({ id: _id, ...r }: { id: number }) => r)).toEqual([
      {
        type: 'revshare',
        value: '30.0000',
        currency: 'EUR',
        affiliate_id: null,
        country: null,
        event: null,
        specificity: 0,
      },
      {
        type: 'revshare',
        value: '40.5000',
        currency: 'EUR',
        affiliate_id: null,
        country: 'DE',
        event: null,
        specificity: 1,
      },
      {
        type: 'cpa',
        value: '12.5000',
        currency: 'EUR',
        affiliate_id: affiliate.id,
        country: null,
        event: 'deposit',
        specificity: 6,
      },
      {
        type: 'cpa',
        value: '0.0000',
        currency: 'EUR',
        affiliate_id: affiliate.id,
        country: 'FR',
        event: 'deposit',
        specificity: 7,
      },
    ]);
    expect(await json(await asAdmin(`/campaigns/${campaign.id}/payout-rules`))).toMatchObject({
      data: { rules: data.rules },
    });
    const edge = await env.TRACKING_CONFIG.get<CampaignConfig>(`campaign:${campaign.id}`, 'json');
    expect(edge?.payoutRules?.map((r) => [r.id, r.type, r.value, r.country])).toEqual(
      data.rules.map((r: { id: number; type: string; value: string; country: string | null }) => [
        r.id,
        r.type,
        r.value,
        r.country,
      ]),
    );
  });

  it('replaces the set: the old rows are retired, not deleted, so conversions keep their rule', async () => {
    const before = (
      await json(await asAdmin(`/campaigns/${campaign.id}/payout-rules`))
    ).data.rules.map((r: { id: number }) => r.id);
    const res = await put(campaign.id, { rules: [{ type: 'cpa', value: '5' }] });
    const after = (await json(res)).data.rules;
    expect(after).toHaveLength(1);
    expect(before).not.toContain(after[0].id);
    expect(await active(campaign.id)).toBe(1);
    const retired = await count(
      'payout_rules',
      sql`campaign_id = ${campaign.id} AND retired_at IS NOT NULL AND id IN ${before}`,
    );
    expect(retired).toBe(before.length);
    const edge = await env.TRACKING_CONFIG.get<CampaignConfig>(`campaign:${campaign.id}`, 'json');
    expect(edge?.payoutRules?.map((r) => r.id)).toEqual([after[0].id]);
  });

  it('concurrent replacements leave exactly one whole set in force', async () => {
    const sets = Array.from({ length: 6 }, (_, i) => [
      { type: 'cpa', value: String(i) },
      { type: 'cpa', value: String(i), event: 'lead' },
    ]);
    const answers = await Promise.all(sets.map((rules) => put(campaign.id, { rules })));
    for (const res of answers) expect(res.status, await res.clone().text()).toBe(200);
    const { data } = await json(await asAdmin(`/campaigns/${campaign.id}/payout-rules`));
    expect(data.rules).toHaveLength(2);
    expect(data.rules[0].value).toBe(data.rules[1].value);
    expect(await active(campaign.id)).toBe(2);
  });

  it('an empty set removes every rule (the default payout applies again)', async () => {
    const res = await put(campaign.id, { rules: [] });
    expect((await json(res)).data.rules).toEqual([]);
    expect(await active(campaign.id)).toBe(0);
  });

  it('takes 200 rules, not 201', async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: 'cpa', value: String(i), event: `e${i}` }));
    expect((await put(campaign.id, { rules: many(200) })).status).toBe(200);
    expect(await active(campaign.id)).toBe(200);
    const res = await expectError(await put(campaign.id, { rules: many(201) }), 400, 'bad_request');
    expect(res.error.message).toMatch(/rules must hold at most 200 rules/);
    expect(await active(campaign.id)).toBe(200);
    await put(campaign.id, { rules: [] });
  });

  it.each([
    [
      'an unknown type',
      [{ type: 'flat', value: '1' }],
      'rules.0.type',
      /type must be cpa .* or revshare/,
    ],
    [
      'a negative value',
      [{ type: 'cpa', value: '-1' }],
      'rules.0.value',
      /value must be a non-negative decimal/,
    ],
    [
      'a negative number',
      [{ type: 'cpa', value: -1 }],
      'rules.0.value',
      /value must be a non-negative decimal/,
    ],
    [
      'a value that is no number',
      [{ type: 'cpa', value: 'ten' }],
      'rules.0.value',
      /value must be a non-negative decimal/,
    ],
    [
      'a RevShare value that is no number',
      [{ type: 'revshare', value: 'ten' }],
      'rules.0.value',
      /value must be a non-negative decimal/,
    ],
    [
      'too many decimals',
      [{ type: 'cpa', value: '1.23456' }],
      'rules.0.value',
      /at most 11 integer digits and 4 decimals/,
    ],
    ['a missing value', [{ type: 'cpa' }], 'rules.0.value', /value/],
    [
      'RevShare over 100 percent',
      [{ type: 'revshare', value: '100.0001' }],
      'rules.0.value',
      /value of a revshare rule is a percentage: at most 100/,
    ],
    [
      'a country that is no ISO code',
      [{ type: 'cpa', value: '1', country: 'Germany' }],
      'rules.0.country',
      /country must be an ISO 3166-1 alpha-2 code/,
    ],
    [
      'an unassigned country code',
      [{ type: 'cpa', value: '1', country: 'ZZ' }],
      'rules.0.country',
      /country must be an ISO 3166-1 alpha-2 code/,
    ],
    [
      'an event a postback cannot send',
      [{ type: 'cpa', value: '1', event: 'sale now' }],
      'rules.0.event',
      /event must be 1-64 letters/,
    ],
    [
      'an over-long event',
      [{ type: 'cpa', value: '1', event: 'e'.repeat(65) }],
      'rules.0.event',
      /event must be 1-64 letters/,
    ],
    [
      'a fractional affiliate id',
      [{ type: 'cpa', value: '1', affiliate_id: 1.5 }],
      'rules.0.affiliate_id',
      /rules\.0\.affiliate_id must be an int/,
    ],
    [
      'an affiliate id as text',
      [{ type: 'cpa', value: '1', affiliate_id: '1' }],
      'rules.0.affiliate_id',
      /rules\.0\.affiliate_id must be a number/,
    ],
    [
      'an unknown field',
      [{ type: 'cpa', value: '1', payout: '5' }],
      'payout',
      /unknown field\(s\): payout/,
    ],
    [
      'two rules with the same scope',
      [
        { type: 'cpa', value: '1', country: 'US' },
        { type: 'revshare', value: '5', country: 'us' },
      ],
      'rules.1',
      /rules 0 and 1 have the same scope \(affiliate any, country US, event any\)/,
    ],
    [
      'two defaults',
      [
        { type: 'cpa', value: '1' },
        { type: 'cpa', value: '2', event: null },
      ],
      'rules.1',
      /same scope/,
    ],
    ['rules that are no array', { type: 'cpa' }, 'rules', /rules must be an array/],
  ])(
    'refuses %s with a 400 naming the field, and changes nothing',
    async (_label, rules, path, message) => {
      await put(campaign.id, { rules: [{ type: 'cpa', value: '3' }] });
      const before = await count('payout_rules', sql`campaign_id = ${campaign.id}`);
      const body = await expectError(await put(campaign.id, { rules }), 400, 'bad_request');
      expect(body.error.message).toMatch(message);
      expect(body.error.issues?.map((i) => i.path)).toContain(path);
      expect(await count('payout_rules', sql`campaign_id = ${campaign.id}`)).toBe(before);
      expect(await active(campaign.id)).toBe(1);
    },
  );

  it("refuses an affiliate that does not exist and a currency other than the campaign's", async () => {
    const before = await count('payout_rules', sql`campaign_id = ${campaign.id}`);
    const body = await expectError(
      await put(campaign.id, {
        rules: [
          { type: 'cpa', value: '1', affiliate_id: 2_000_000_000 },
          { type: 'cpa', value: '1', currency: 'USD' },
        ],
      }),
      400,
      'bad_request',
    );
    expect(body.error.message).toMatch(
      /rules\.0\.affiliate_id: affiliate 2000000000 does not exist/,
    );
    expect(body.error.message).toMatch(/rules\.1\.currency must be the campaign's currency EUR/);
    expect(await count('payout_rules', sql`campaign_id = ${campaign.id}`)).toBe(before);
  });

  it('answers 404 for a campaign that does not exist', async () => {
    await expectError(await put(2_000_000_000, { rules: [] }), 404, 'not_found');
    await expectError(await asAdmin('/campaigns/2000000000/payout-rules'), 404, 'not_found');
  });

  it("an affiliate's key may neither read nor write them", async () => {
    const read = await expectError(
      await api(`/campaigns/${campaign.id}/payout-rules`, { key: affiliate.apiKey }),
      404,
      'not_found',
    );
    expect(read.error.message).toBe(`Campaign ${campaign.id} not found`);
    await expectError(
      await api(`/campaigns/${campaign.id}/payout-rules/preview`, { key: affiliate.apiKey }),
      404,
      'not_found',
    );
    const write = await api(`/campaigns/${campaign.id}/payout-rules`, {
      method: 'PUT',
      key: affiliate.apiKey,
      headers: { 'content-type': 'application/json' },
      body: '{"rules":[]}',
    });
    await expectError(write, 403, 'forbidden');
  });

  it("lets an advertiser read only its own campaigns' rules", () => {
    expect(mayReadCampaign({ role: 'admin' }, { advertiserId: 3 })).toBe(true);
    expect(mayReadCampaign({ role: 'advertiser', advertiserId: 3 }, { advertiserId: 3 })).toBe(
      true,
    );
    expect(mayReadCampaign({ role: 'advertiser', advertiserId: 4 }, { advertiserId: 3 })).toBe(
      false,
    );
    expect(mayReadCampaign({ role: 'affiliate', affiliateId: 3 }, { advertiserId: 3 })).toBe(false);
  });
});

describe('GET /campaigns/:id/payout-rules/preview', () => {
  let priced: { id: number };
  let ruleIds: number[];

  beforeAll(async () => {
    priced = await createCampaign({ name: 'Previewed', currency: 'USD', default_payout: '1.5' });
    const res = await put(priced.id, {
      rules: [
        { type: 'revshare', value: '30' },
        { type: 'revshare', value: '40', country: 'DE' },
        { type: 'cpa', value: '12.50', affiliate_id: affiliate.id, event: 'deposit' },
      ],
    });
    ruleIds = (await json(res)).data.rules.map((r: { id: number }) => r.id);
  });

  const preview = async (query: string) => {
    const res = await asAdmin(`/campaigns/${priced.id}/payout-rules/preview?${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await json(res)).data;
  };

  it('RevShare: 30% of the amount by default, 40% for a German click', async () => {
    expect(await preview('amount=149.90')).toMatchObject({
      rule: { id: ruleIds[0], type: 'revshare' },
      payout: '44.9700',
      currency: 'USD',
      specificity: 0,
    });
    expect(await preview('amount=149.90&country=de')).toMatchObject({
      rule: { id: ruleIds[1], country: 'DE' },
      payout: '59.9600',
      specificity: 1,
    });
  });

  it("CPA: the affiliate's deposit pays 12.50 whatever the amount or country", async () => {
    const data = await preview(`affiliate_id=${affiliate.id}&event=deposit&country=DE&amount=1000`);
    expect(data).toMatchObject({
      rule: { id: ruleIds[2], type: 'cpa', value: '12.5000' },
      payout: '12.5000',
      specificity: 6,
    });
    // Another event of the same affiliate falls back to the country rule.
    expect(
      (await preview(`affiliate_id=${affiliate.id}&event=signup&country=DE&amount=10`)).rule.id,
    ).toBe(ruleIds[1]);
  });

  it('no rule: the default payout', async () => {
    await put(priced.id, { rules: [{ type: 'cpa', value: '9', event: 'deposit' }] });
    expect(await preview('event=signup')).toEqual({
      rule: null,
      payout: '1.5000',
      currency: 'USD',
      specificity: null,
    });
  });

  it('asks for the amount when a RevShare rule would price the conversion', async () => {
    await put(priced.id, { rules: [{ type: 'revshare', value: '25' }] });
    const body = await expectError(
      await asAdmin(`/campaigns/${priced.id}/payout-rules/preview`),
      400,
      'bad_request',
    );
    expect(body.error.message).toMatch(
      /amount is required: the winning rule \d+ is revshare \(25.0000% of the amount\)/,
    );
  });

  it.each([
    ['country=Germany', /country must be an ISO 3166-1 alpha-2 code/],
    ['event=sale%20now', /event must be 1-64 letters/],
    ['amount=-5', /amount must be a non-negative decimal/],
    ['affiliate_id=abc', /affiliate_id must be a positive integer/],
    ['amount=1&amount=2', /amount must be a single decimal number/],
  ])('refuses %s with a 400 naming it', async (query, message) => {
    const body = await expectError(
      await asAdmin(`/campaigns/${priced.id}/payout-rules/preview?${query}`),
      400,
      'bad_request',
    );
    expect(body.error.message).toMatch(message);
  });
});
