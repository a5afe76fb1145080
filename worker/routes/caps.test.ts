import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignConfig } from '../config/read-model.ts';
import { capCounterClient } from '../money/caps.ts';
import { localDate, periodEnd } from '../money/periods.ts';
import {
  api,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
} from '../test/api.ts';
import { count, db } from '../test/db.ts';
import { expectError } from '../test/security/error-shape.ts';

let affiliate: TestAffiliate;
let campaign: { id: number };

const put = (id: number, body: unknown) =>
  asAdmin(`/campaigns/${id}/caps`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const edgeCopy = async (id: number) =>
  (await env.TRACKING_CONFIG.get<CampaignConfig>(`campaign:${id}`, 'json'))!;
const active = (id: number) => count('caps', sql`campaign_id = ${id} AND retired_at IS NULL`);
const client = capCounterClient(env.CAPS);

beforeAll(async () => {
  affiliate = await createAffiliate('Capped partner');
  campaign = await createCampaign({ name: 'Capped', currency: 'EUR' });
});

describe('PUT and GET /campaigns/:id/caps', () => {
  it('starts without caps', async () => {
    const { data } = await json(await asAdmin(`/campaigns/${campaign.id}/caps`));
    expect(data).toEqual({ campaign_id: campaign.id, currency: 'EUR', time_zone: 'UTC', caps: [] });
  });

  it('saves conversion, payout and click caps, publishes them, and reports usage of the current period', async () => {
    const res = await put(campaign.id, {
      caps: [
        { metric: 'conversions', period: 'day', limit: 50 },
        { metric: 'payout', period: 'month', limit: '1000.50' },
        { metric: 'clicks', period: 'total', limit: '5000', affiliate_id: affiliate.id },
      ],
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { data } = await json(res);
    const now = Date.now();
    const today = localDate(now, 'UTC');
    expect(data.caps.map(({ id: _id, ...cap }: { id: number }) => cap)).toEqual([
      {
        metric: 'conversions',
        period: 'day',
        limit: 50,
        affiliate_id: null,
        used: 0,
        remaining: 50,
        period_key: today,
        resets_at: new Date(periodEnd('day', now, 'UTC')!).toISOString(),
      },
      {
        metric: 'payout',
        period: 'month',
        limit: '1000.5000',
        affiliate_id: null,
        used: '0.0000',
        remaining: '1000.5000',
        period_key: today.slice(0, 7),
        resets_at: new Date(periodEnd('month', now, 'UTC')!).toISOString(),
      },
      {
        metric: 'clicks',
        period: 'total',
        limit: 5000,
        affiliate_id: affiliate.id,
        used: 0,
        remaining: 5000,
        period_key: 'total',
        resets_at: null,
      },
    ]);
    const edge = await edgeCopy(campaign.id);
    expect(edge.caps?.map((c) => [c.id, c.metric, c.period, c.limit, c.affiliateId])).toEqual(
      data.caps.map(
        (
          c: { id: number; metric: string; period: string; affiliate_id: number | null },
          i: number,
        ) => [c.id, c.metric, c.period, ['50.0000', '1000.5000', '5000.0000'][i], c.affiliate_id],
      ),
    );
  });

  it('shows what the counter counted, and keeps it when the caps are replaced', async () => {
    const edge = await edgeCopy(campaign.id);
    for (let i = 0; i < 3; i++) {
      expect(
        (
          await client.reserve(edge, {
            key: `usage-${i}`,
            affiliateId: affiliate.id,
            payout: '100.25',
            at: new Date(),
          })
        ).ok,
      ).toBe(true);
    }
    const { data } = await json(await asAdmin(`/campaigns/${campaign.id}/caps`));
    expect(
      data.caps
        .slice(0, 2)
        .map((c: { used: unknown; remaining: unknown }) => [c.used, c.remaining]),
    ).toEqual([
      [3, 47],
      ['300.7500', '699.7500'],
    ]);
    // A new limit is a new row; usage belongs to what it counts, so it carries over.
    const replaced = await json(
      await put(campaign.id, { caps: [{ metric: 'conversions', period: 'day', limit: 2 }] }),
    );
    expect(replaced.data.caps).toMatchObject([{ limit: 2, used: 3, remaining: 0 }]);
    expect(await active(campaign.id)).toBe(1);
  });

  it('counts days in the campaign time zone', async () => {
    const zoned = await createCampaign({ name: 'Zoned' });
    await db.execute(
      sql`UPDATE campaigns SET time_zone = 'Pacific/Kiritimati' WHERE id = ${zoned.id}`,
    );
    const { data } = await json(
      await put(zoned.id, { caps: [{ metric: 'conversions', period: 'day', limit: 1 }] }),
    );
    const now = Date.now();
    expect(data.time_zone).toBe('Pacific/Kiritimati');
    expect(data.caps[0].period_key).toBe(localDate(now, 'Pacific/Kiritimati'));
    expect(data.caps[0].resets_at).toBe(
      new Date(periodEnd('day', now, 'Pacific/Kiritimati')!).toISOString(),
    );
    expect((await edgeCopy(zoned.id)).timeZone).toBe('Pacific/Kiritimati');
  });

  it('an empty set lifts every cap', async () => {
    const other = await createCampaign({ name: 'Lifted' });
    await put(other.id, { caps: [{ metric: 'clicks', period: 'day', limit: 10 }] });
    const { data } = await json(await put(other.id, { caps: [] }));
    expect(data.caps).toEqual([]);
    expect(await active(other.id)).toBe(0);
    expect((await edgeCopy(other.id)).caps).toEqual([]);
  });

  it('takes 50 caps, not 51', async () => {
    const other = await createCampaign({ name: 'Many caps' });
    const affiliates = await Promise.all(
      Array.from({ length: 17 }, (_, i) => createAffiliate(`Capped ${i}`)),
    );
    const caps = affiliates.flatMap((a) =>
      ['day', 'month', 'total'].map((period) => ({
        metric: 'conversions',
        period,
        limit: 5,
        affiliate_id: a.id,
      })),
    );
    expect((await put(other.id, { caps: caps.slice(0, 50) })).status).toBe(200);
    const body = await expectError(
      await put(other.id, { caps: caps.slice(0, 51) }),
      400,
      'bad_request',
    );
    expect(body.error.message).toMatch(/caps must hold at most 50 caps/);
    expect(await active(other.id)).toBe(50);
  });

  it.each([
    [
      'an unknown metric',
      [{ metric: 'revenue', period: 'day', limit: 5 }],
      'caps.0.metric',
      /metric must be conversions .*, payout .* or clicks/,
    ],
    [
      'an unknown period',
      [{ metric: 'clicks', period: 'week', limit: 5 }],
      'caps.0.period',
      /period must be day, month or total/,
    ],
    [
      'a zero limit',
      [{ metric: 'clicks', period: 'day', limit: 0 }],
      'caps.0.limit',
      /limit must be greater than 0/,
    ],
    [
      'a negative limit',
      [{ metric: 'payout', period: 'day', limit: -1 }],
      'caps.0.limit',
      /limit must be a non-negative decimal/,
    ],
    [
      'a fractional conversion count',
      [{ metric: 'conversions', period: 'day', limit: 1.5 }],
      'caps.0.limit',
      /limit of a conversions cap must be a whole number/,
    ],
    [
      'a fractional click count',
      [{ metric: 'clicks', period: 'day', limit: '10.0001' }],
      'caps.0.limit',
      /limit of a clicks cap must be a whole number/,
    ],
    [
      'a limit that is no number',
      [{ metric: 'clicks', period: 'day', limit: 'lots' }],
      'caps.0.limit',
      /limit must be a non-negative decimal/,
    ],
    ['a missing limit', [{ metric: 'clicks', period: 'day' }], 'caps.0.limit', /limit/],
    [
      'an unknown field',
      [{ metric: 'clicks', period: 'day', limit: 5, scope: 'all' }],
      'scope',
      /unknown field\(s\): scope/,
    ],
    [
      'two caps on the same thing',
      [
        { metric: 'clicks', period: 'day', limit: 5 },
        { metric: 'clicks', period: 'day', limit: 9, affiliate_id: null },
      ],
      'caps.1',
      /caps 0 and 1 both limit clicks per day for the campaign/,
    ],
    ['caps that are no array', 'none', 'caps', /caps must be an array/],
  ])(
    'refuses %s with a 400 naming the field, and changes nothing',
    async (_label, caps, path, message) => {
      await put(campaign.id, { caps: [{ metric: 'conversions', period: 'day', limit: 2 }] });
      const before = await count('caps', sql`campaign_id = ${campaign.id}`);
      const body = await expectError(await put(campaign.id, { caps }), 400, 'bad_request');
      expect(body.error.message).toMatch(message);
      expect(body.error.issues?.map((i) => i.path)).toContain(path);
      expect(await count('caps', sql`campaign_id = ${campaign.id}`)).toBe(before);
    },
  );

  it('a payout budget may have cents; the same metric per affiliate and per campaign may coexist', async () => {
    const res = await put(campaign.id, {
      caps: [
        { metric: 'payout', period: 'day', limit: '0.0001' },
        { metric: 'conversions', period: 'day', limit: 2 },
        { metric: 'conversions', period: 'day', limit: 1, affiliate_id: affiliate.id },
      ],
    });
    expect(res.status, await res.clone().text()).toBe(200);
  });

  it('refuses an affiliate that does not exist', async () => {
    const before = await count('caps', sql`campaign_id = ${campaign.id}`);
    const body = await expectError(
      await put(campaign.id, {
        caps: [{ metric: 'clicks', period: 'day', limit: 5, affiliate_id: 2_000_000_000 }],
      }),
      400,
      'bad_request',
    );
    expect(body.error.message).toMatch(
      /caps\.0\.affiliate_id: affiliate 2000000000 does not exist/,
    );
    expect(await count('caps', sql`campaign_id = ${campaign.id}`)).toBe(before);
  });

  it('answers 404 for a campaign that does not exist, and to an affiliate key', async () => {
    await expectError(await put(2_000_000_000, { caps: [] }), 404, 'not_found');
    await expectError(await asAdmin('/campaigns/2000000000/caps'), 404, 'not_found');
    const read = await expectError(
      await api(`/campaigns/${campaign.id}/caps`, { key: affiliate.apiKey }),
      404,
      'not_found',
    );
    expect(read.error.message).toBe(`Campaign ${campaign.id} not found`);
    const write = await api(`/campaigns/${campaign.id}/caps`, {
      method: 'PUT',
      key: affiliate.apiKey,
      headers: { 'content-type': 'application/json' },
      body: '{"caps":[]}',
    });
    await expectError(write, 403, 'forbidden');
  });
});
