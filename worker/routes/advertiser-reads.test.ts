import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CampaignConfig } from '../config/read-model.ts';
import {
  api,
  asAdmin,
  createAdvertiser,
  createAffiliate,
  createCampaign,
  defaultAdvertiser,
  json,
  type TestAdvertiser,
  type TestAffiliate,
} from '../test/api.ts';
import { clickCounted, count, db } from '../test/db.ts';
import { expectError } from '../test/security/error-shape.ts';
import { unique } from '../test/security/requests.ts';

const send = (method: string, b: unknown): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(b),
});

async function campaignRow(id: number) {
  return (await db.execute(sql`SELECT * FROM campaigns WHERE id = ${id}`)).rows[0] as Record<
    string,
    unknown
  >;
}

let acme: TestAdvertiser;
let zenith: TestAdvertiser;
let partner: TestAffiliate;

beforeAll(async () => {
  acme = await createAdvertiser(unique('Acme'));
  zenith = await createAdvertiser(unique('Zenith'));
  partner = await createAffiliate(unique('Partner'));
});

describe('campaign ownership and money settings', () => {
  it('defaults to the default advertiser, pending affiliate postbacks and UTC', async () => {
    const res = await asAdmin('/campaigns', send('POST', { name: unique('Plain') }));
    expect(res.status).toBe(201);
    expect((await json(res)).data).toMatchObject({
      advertiser_id: 1,
      affiliate_postbacks: 'pending',
      time_zone: null,
    });
  });

  it('stores advertiser_id, affiliate_postbacks and time_zone, and hands them to the edge', async () => {
    const res = await asAdmin(
      '/campaigns',
      send('POST', {
        name: unique('Owned'),
        advertiser_id: acme.id,
        affiliate_postbacks: 'refused',
        time_zone: 'Europe/Berlin',
      }),
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const { data } = await json(res);
    expect(data).toMatchObject({
      advertiser_id: acme.id,
      affiliate_postbacks: 'refused',
      time_zone: 'Europe/Berlin',
    });
    const edge = await env.TRACKING_CONFIG.get<CampaignConfig>(`campaign:${data.id}`, 'json');
    expect(edge).toMatchObject({
      advertiserId: acme.id,
      affiliatePostbacks: 'refused',
      timeZone: 'Europe/Berlin',
    });
  });

  it('stores a time zone as the runtime spells it', async () => {
    const { data } = await json(
      await asAdmin('/campaigns', send('POST', { name: unique('Zoned'), time_zone: 'utc' })),
    );
    expect(data.time_zone).toBe('UTC');
  });

  it('moves a campaign to another advertiser and clears its time zone', async () => {
    const campaign = await createCampaign({
      name: unique('Moving'),
      advertiser_id: acme.id,
      time_zone: 'America/New_York',
    });
    const res = await asAdmin(
      `/campaigns/${campaign.id}`,
      send('PATCH', { advertiser_id: zenith.id, time_zone: null, affiliate_postbacks: 'refused' }),
    );
    expect((await json(res)).data).toMatchObject({
      advertiser_id: zenith.id,
      time_zone: null,
      affiliate_postbacks: 'refused',
    });
    expect(
      await env.TRACKING_CONFIG.get<CampaignConfig>(`campaign:${campaign.id}`, 'json'),
    ).toMatchObject({ advertiserId: zenith.id, timeZone: null });
  });

  const badFields: [string, Record<string, unknown>, string][] = [
    [
      'an advertiser that does not exist',
      { advertiser_id: 2_000_000_000 },
      'advertiser_id 2000000000 is not an existing advertiser',
    ],
    [
      'advertiser_id as text',
      { advertiser_id: '1' },
      'advertiser_id must be the id of an existing advertiser',
    ],
    [
      'advertiser_id null',
      { advertiser_id: null },
      'advertiser_id must be the id of an existing advertiser',
    ],
    ['advertiser_id 0', { advertiser_id: 0 }, 'advertiser_id must be a positive integer'],
    ['a fractional advertiser_id', { advertiser_id: 1.5 }, 'advertiser_id must be a whole number'],
    ['a huge advertiser_id', { advertiser_id: 2 ** 31 }, 'advertiser_id is too large'],
    [
      'affiliate_postbacks not pending or refused',
      { affiliate_postbacks: 'approved' },
      'affiliate_postbacks must be pending or refused',
    ],
    [
      'affiliate_postbacks null',
      { affiliate_postbacks: null },
      'affiliate_postbacks must be pending or refused',
    ],
    [
      'an unknown time zone',
      { time_zone: 'Mars/Olympus_Mons' },
      'time_zone must be an IANA time zone name',
    ],
    [
      'an offset instead of a zone',
      { time_zone: '+01:00' },
      'time_zone must be an IANA time zone name',
    ],
    ['an empty time zone', { time_zone: '' }, 'time_zone must be an IANA time zone name'],
    [
      'a time zone with a newline',
      { time_zone: 'Europe/Berlin\n' },
      'time_zone must be an IANA time zone name',
    ],
    [
      'a time zone of 65 characters',
      { time_zone: `Europe/${'x'.repeat(58)}` },
      'time_zone must be an IANA time zone name',
    ],
    ['a numeric time zone', { time_zone: 1 }, 'time_zone must be an IANA time zone name'],
  ];

  it.each(badFields)(
    'POST /campaigns refuses %s, writing nothing',
    async (_label, fields, message) => {
      const before = await count('campaigns');
      const refused = await expectError(
        await asAdmin('/campaigns', send('POST', { name: 'Refused', ...fields })),
        400,
        'bad_request',
      );
      expect(refused.error.message).toContain(message);
      expect(refused.error.issues?.map((i) => i.path)).toEqual([Object.keys(fields)[0]]);
      expect(await count('campaigns')).toBe(before);
    },
  );

  it.each(badFields)(
    'PATCH /campaigns/:id refuses %s, changing nothing',
    async (_label, fields, message) => {
      const campaign = await createCampaign({
        name: unique('Kept'),
        advertiser_id: acme.id,
        time_zone: 'Asia/Tokyo',
      });
      const before = await campaignRow(campaign.id);
      const refused = await expectError(
        await asAdmin(`/campaigns/${campaign.id}`, send('PATCH', fields)),
        400,
        'bad_request',
      );
      expect(refused.error.message).toContain(message);
      expect(await campaignRow(campaign.id)).toEqual(before);
    },
  );
});

describe("an advertiser's campaigns", () => {
  let own: { id: number };
  let ownPaused: { id: number };
  let others: { id: number };

  beforeAll(async () => {
    own = await createCampaign({ name: unique('Acme live'), advertiser_id: acme.id });
    ownPaused = await createCampaign({
      name: unique('Acme paused'),
      advertiser_id: acme.id,
      status: 'paused',
    });
    others = await createCampaign({ name: unique('Zenith live'), advertiser_id: zenith.id });
  });

  it("GET /campaigns lists its own, paused ones too, and nobody else's", async () => {
    const { data } = await json(await api('/campaigns', { key: acme.apiKey }));
    const ids = data.map((c: { id: number }) => c.id);
    expect(ids).toContain(own.id);
    expect(ids).toContain(ownPaused.id);
    expect(ids).not.toContain(others.id);
    expect(data.every((c: { advertiser_id: number }) => c.advertiser_id === acme.id)).toBe(true);
  });

  it('GET /campaigns still shows an affiliate every active campaign, and the admin all', async () => {
    const forPartner = (await json(await api('/campaigns', { key: partner.apiKey }))).data.map(
      (c: { id: number }) => c.id,
    );
    expect(forPartner).toEqual(expect.arrayContaining([own.id, others.id]));
    expect(forPartner).not.toContain(ownPaused.id);
    const forAdmin = (await json(await asAdmin('/campaigns'))).data.map(
      (c: { id: number }) => c.id,
    );
    expect(forAdmin).toEqual(expect.arrayContaining([own.id, ownPaused.id, others.id]));
  });

  it('GET /campaigns gives an affiliate the affiliate view: no fraud thresholds, offer URLs or advertisers', async () => {
    const { data } = await json(await api('/campaigns', { key: partner.apiKey }));
    const row = data.find((c: { id: number }) => c.id === others.id);
    expect(Object.keys(row).sort()).toEqual([
      'affiliate_postbacks',
      'attribution_window_days',
      'created_at',
      'currency',
      'default_payout',
      'id',
      'name',
      'status',
      'time_zone',
    ]);
    for (const c of data) {
      expect(c).not.toHaveProperty('min_ctit_seconds');
      expect(c).not.toHaveProperty('quality_threshold');
    }
  });

  it('GET /campaigns gives the owner and the admin the campaign view, thresholds included', async () => {
    const network = [
      'advertiser_id',
      'affiliate_postbacks',
      'attribution_window_days',
      'created_at',
      'currency',
      'default_payout',
      'fallback_url',
      'id',
      'min_ctit_seconds',
      'name',
      'offer_url',
      'quality_threshold',
      'status',
      'time_zone',
    ];
    for (const res of [
      await api('/campaigns', { key: acme.apiKey }),
      await asAdmin('/campaigns'),
    ]) {
      const row = (await json(res)).data.find((c: { id: number }) => c.id === own.id);
      expect(Object.keys(row).sort()).toEqual(network);
    }
  });

  it('GET /campaigns/:id answers the admin and the owner; everyone else gets the "not found" of an unused id', async () => {
    expect((await json(await asAdmin(`/campaigns/${others.id}`))).data).toMatchObject({
      id: others.id,
      advertiser_id: zenith.id,
    });
    expect(
      (await json(await api(`/campaigns/${ownPaused.id}`, { key: acme.apiKey }))).data,
    ).toMatchObject({ id: ownPaused.id, status: 'paused' });
    const missing = await expectError(await asAdmin('/campaigns/2000000000'), 404, 'not_found');
    expect(missing.error.message).toBe('Campaign 2000000000 not found');
    for (const key of [acme.apiKey, partner.apiKey]) {
      const hidden = await expectError(
        await api(`/campaigns/${others.id}`, { key }),
        404,
        'not_found',
      );
      expect(hidden.error.message).toBe(`Campaign ${others.id} not found`);
    }
    await expectError(await asAdmin('/campaigns/abc'), 400, 'bad_request');
  });

  it('campaigns created without an owner belong to the default advertiser, whose key lists them', async () => {
    const mine = await createCampaign({ name: unique('Unowned') });
    const advertiser = await defaultAdvertiser();
    const ids = (await json(await api('/campaigns', { key: advertiser.apiKey }))).data.map(
      (c: { id: number }) => c.id,
    );
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(own.id);
  });
});

describe('GET /advertisers/:id/summary', () => {
  const day = (n: number) => `2025-03-${String(n).padStart(2, '0')}`;
  let summaryOwner: TestAdvertiser;
  let rival: TestAdvertiser;

  // Rollup rows written straight into the tables the reports read: exact numbers per status, currency and day.
  beforeAll(async () => {
    summaryOwner = await createAdvertiser(unique('Summed'));
    rival = await createAdvertiser(unique('Rival'));
    const [a1, a2, r1] = await Promise.all([
      createCampaign({ name: unique('Summed one'), advertiser_id: summaryOwner.id }),
      createCampaign({
        name: unique('Summed two'),
        advertiser_id: summaryOwner.id,
        currency: 'EUR',
      }),
      createCampaign({ name: unique('Rival one'), advertiser_id: rival.id }),
    ]);
    const [f1, f2] = await Promise.all([
      createAffiliate(unique('One')),
      createAffiliate(unique('Two')),
    ]);
    const clicks: [number, number, string, number, number, number][] = [
      [f1.id, a1.id, day(10), 10, 8, 1],
      [f2.id, a2.id, day(11), 5, 5, 0],
      [f1.id, r1.id, day(10), 100, 100, 0], // the rival's campaign
      [f1.id, a1.id, day(12), 7, 7, 0], // after the range
    ];
    for (const [affiliateId, campaignId, d, n, u, s] of clicks) {
      await db.execute(
        sql`INSERT INTO daily_clicks (affiliate_id, campaign_id, day, clicks, unique_clicks, suspicious_clicks) VALUES (${affiliateId}, ${campaignId}, ${d}, ${n}, ${u}, ${s})`,
      );
    }
    const conversions: [number, number, string, string, string, number, string, string][] = [
      [f1.id, a1.id, day(10), 'USD', 'approved', 2, '100.5', '10'],
      [f2.id, a2.id, day(11), 'USD', 'pending', 1, '20', '2'],
      [f2.id, a2.id, day(11), 'EUR', 'approved', 1, '30', '3.25'],
      [f1.id, a1.id, day(10), 'USD', 'rejected', 3, '60', '0'],
      [f2.id, a1.id, day(11), 'USD', 'approved', 0, '0', '0'], // emptied by a status change
      [f1.id, r1.id, day(10), 'USD', 'approved', 50, '5000', '500'],
      [f1.id, a1.id, day(12), 'USD', 'approved', 9, '900', '90'],
    ];
    for (const [affiliateId, campaignId, d, currency, status, n, revenue, payout] of conversions) {
      await db.execute(sql`INSERT INTO daily_conversions (affiliate_id, campaign_id, day, currency, status, conversions, revenue, payout)
        VALUES (${affiliateId}, ${campaignId}, ${d}, ${currency}, ${status}, ${n}, ${revenue}, ${payout})`);
    }
  });

  it("adds up every affiliate's numbers on its campaigns, by status and currency, within from..to", async () => {
    const res = await api(`/advertisers/${summaryOwner.id}/summary?from=${day(10)}&to=${day(11)}`, {
      key: summaryOwner.apiKey,
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const { data } = await json(res);
    expect(data).toMatchObject({
      advertiser_id: summaryOwner.id,
      from: day(10),
      to: day(11),
      clicks: 15,
      unique_clicks: 13,
      conversions: 4,
      approved: 3,
      pending: 1,
      rejected: 3,
    });
    expect(data.revenue).toEqual([
      { currency: 'EUR', amount: 30 },
      { currency: 'USD', amount: 120.5 },
    ]);
    // What the network pays affiliates is not the advertiser's business: no payout, EPC or reported payout.
    expect(data).not.toHaveProperty('payout');
    expect(data).not.toHaveProperty('epc');
    expect(Object.keys(data.reported).sort()).toEqual(['conversions', 'revenue']);
    // The admin reads the same numbers, and the payout.
    const network = (
      await json(
        await asAdmin(`/advertisers/${summaryOwner.id}/summary?from=${day(10)}&to=${day(11)}`),
      )
    ).data;
    expect(network).toMatchObject({ ...data, reported: expect.any(Object) });
    expect(network.payout).toEqual([
      { currency: 'EUR', amount: 3.25 },
      { currency: 'USD', amount: 12 },
    ]);
    expect(Object.keys(network.reported).sort()).toEqual(['conversions', 'payout', 'revenue']);
  });

  it('narrows to the days asked for, and is all zeros without traffic', async () => {
    const one = (
      await json(
        await asAdmin(`/advertisers/${summaryOwner.id}/summary?from=${day(12)}&to=${day(12)}`),
      )
    ).data;
    expect(one).toMatchObject({
      clicks: 7,
      approved: 9,
      revenue: [{ currency: 'USD', amount: 900 }],
    });
    const none = (
      await json(
        await asAdmin(`/advertisers/${summaryOwner.id}/summary?from=2020-01-01&to=2020-01-31`),
      )
    ).data;
    expect(none).toMatchObject({ clicks: 0, conversions: 0, rejected: 0, revenue: [], payout: [] });
    const noCampaigns = await createAdvertiser(unique('Idle'));
    expect(
      (
        await json(
          await asAdmin(`/advertisers/${noCampaigns.id}/summary?from=${day(10)}&to=${day(11)}`),
        )
      ).data,
    ).toMatchObject({ clicks: 0, conversions: 0 });
  });

  it("is not found for another advertiser's key or an affiliate's", async () => {
    const hidden = await expectError(
      await api(`/advertisers/${summaryOwner.id}/summary`, { key: rival.apiKey }),
      404,
      'not_found',
    );
    expect(hidden.error.message).toBe(`Advertiser ${summaryOwner.id} not found`);
    await expectError(
      await api(`/advertisers/${summaryOwner.id}/summary`, { key: partner.apiKey }),
      404,
      'not_found',
    );
  });

  it.each([
    ['a malformed from', 'from=2025-3-1', 'from must be a date in YYYY-MM-DD form'],
    ['an impossible to', 'to=2025-02-30', 'to is not a real date'],
    ['from after to', `from=${day(12)}&to=${day(10)}`, 'from must be on or before to'],
    ['a range over 400 days', 'from=2020-01-01&to=2025-01-01', 'at most 400 days'],
    ['from given twice', `from=${day(10)}&from=${day(11)}`, 'from'],
  ])('refuses %s', async (_label, query, message) => {
    const refused = await expectError(
      await asAdmin(`/advertisers/${summaryOwner.id}/summary?${query}`),
      400,
      'bad_request',
    );
    expect(refused.error.message).toContain(message);
  });

  it('counts live traffic: a click and a postback on its campaign show up today', async () => {
    const owner = await createAdvertiser(unique('Live'));
    const campaign = await createCampaign({ name: unique('Live offer'), advertiser_id: owner.id });
    const clickId = unique('adv-click');
    const click = await api(
      `/click?affiliate_id=${partner.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    expect(click.status, await click.clone().text()).toBe(200);
    await clickCounted(clickId);
    const postback = await api(
      `/postback?affiliate_id=${partner.id}&click_id=${clickId}&amount=42.5&txid=${unique('tx')}&token=${owner.postbackToken}`,
    );
    expect(postback.status, await postback.clone().text()).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    const { data } = await json(
      await api(`/advertisers/${owner.id}/summary?from=${today}&to=${today}`, {
        key: owner.apiKey,
      }),
    );
    expect(data).toMatchObject({
      clicks: 1,
      conversions: 1,
      revenue: [{ currency: 'USD', amount: 42.5 }],
    });
  });

  it("keeps an affiliate's own unverified report out of conversions, revenue and payout, shown apart", async () => {
    const owner = await createAdvertiser(unique('Unverified'));
    const campaign = await createCampaign({
      name: unique('Unverified offer'),
      advertiser_id: owner.id,
      default_payout: '3',
    });
    const clickId = unique('adv-click');
    const click = await api(
      `/click?affiliate_id=${partner.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    expect(click.status).toBe(200);
    const txid = unique('tx');
    const reported = await api(
      `/postback?affiliate_id=${partner.id}&click_id=${clickId}&amount=99999999999&txid=${txid}&token=${partner.postbackSecret}`,
    );
    expect(reported.status, await reported.clone().text()).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    // The network's view, which shows the payout apart too.
    const summary = async () =>
      (await json(await asAdmin(`/advertisers/${owner.id}/summary?from=${today}&to=${today}`)))
        .data;
    expect(await summary()).toMatchObject({
      conversions: 0,
      pending: 0,
      revenue: [],
      payout: [],
      reported: {
        conversions: 1,
        revenue: [{ currency: 'USD', amount: 99999999999 }],
        payout: [{ currency: 'USD', amount: 3 }],
      },
    });
    // The advertiser's postback of the same order is the record: it counts, and nothing is apart.
    const confirmed = await api(
      `/postback?affiliate_id=${partner.id}&click_id=${clickId}&amount=42.5&txid=${txid}&token=${owner.postbackToken}`,
    );
    expect(confirmed.status).toBe(200);
    expect(await summary()).toMatchObject({
      conversions: 1,
      approved: 1,
      revenue: [{ currency: 'USD', amount: 42.5 }],
      reported: { conversions: 0, revenue: [], payout: [] },
    });
  });

  it("counts an affiliate's report as pending once the network confirms it pending", async () => {
    const owner = await createAdvertiser(unique('Confirmed report'));
    const campaign = await createCampaign({ name: unique('Confirmed'), advertiser_id: owner.id });
    const clickId = unique('adv-click');
    await api(
      `/click?affiliate_id=${partner.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    const reported = await api(
      `/postback?affiliate_id=${partner.id}&click_id=${clickId}&amount=12&token=${partner.postbackSecret}`,
    );
    const id = (await json(reported)).data.conversion_id as number;
    const review = await asAdmin(`/conversions/${id}`, send('PATCH', { status: 'pending' }));
    expect((await json(review)).result).toBe('confirmed');
    const today = new Date().toISOString().slice(0, 10);
    const { data } = await json(
      await api(`/advertisers/${owner.id}/summary?from=${today}&to=${today}`, {
        key: owner.apiKey,
      }),
    );
    expect(data).toMatchObject({
      conversions: 1,
      pending: 1,
      revenue: [{ currency: 'USD', amount: 12 }],
      reported: { conversions: 0 },
    });
  });

  it("keeps an affiliate's report on a held click apart too, and the advertiser's report still replaces it", async () => {
    const owner = await createAdvertiser(unique('Held report'));
    const campaign = await createCampaign({
      name: unique('Held report offer'),
      advertiser_id: owner.id,
    });
    const clickId = unique('adv-click');
    const click = await api(
      `/click?affiliate_id=${partner.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
      { cf: { asn: 16509, asOrganization: 'Amazon.com, Inc.' } } as RequestInit,
    );
    expect(click.status).toBe(200);
    const txid = unique('tx');
    const reported = await api(
      `/postback?affiliate_id=${partner.id}&click_id=${clickId}&amount=99999999999&txid=${txid}&token=${partner.postbackSecret}`,
    );
    expect((await json(reported)).data).toMatchObject({
      status: 'pending',
      reason: 'suspicious_click',
    });
    const decidedBy = async () =>
      (
        await db.execute(
          sql`SELECT amount, status_set_by FROM conversions WHERE click_id = ${clickId} AND affiliate_id = ${partner.id}`,
        )
      ).rows;
    expect(await decidedBy()).toEqual([{ amount: '99999999999.0000', status_set_by: 'affiliate' }]);
    const today = new Date().toISOString().slice(0, 10);
    const { data } = await json(
      await api(`/advertisers/${owner.id}/summary?from=${today}&to=${today}`, {
        key: owner.apiKey,
      }),
    );
    expect(data).toMatchObject({ pending: 0, revenue: [], reported: { conversions: 1 } });
    const restated = await api(
      `/postback?affiliate_id=${partner.id}&click_id=${clickId}&amount=5&txid=${txid}&token=${owner.postbackToken}`,
    );
    expect(restated.status).toBe(200);
    expect(await decidedBy()).toEqual([{ amount: '5.0000', status_set_by: 'rules' }]);
  });
});
