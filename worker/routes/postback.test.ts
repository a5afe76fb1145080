import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClickId } from '../lib/click-id.ts';
import { hmacHex } from '../lib/crypto.ts';
import {
  api,
  asAdmin,
  createAffiliate,
  adminToken,
  createCampaign,
  defaultAdvertiserToken,
  json,
  type TestAffiliate,
} from '../test/api.ts';
import { count, db, eventually, setDatabaseFailure } from '../test/db.ts';
import { databaseSettled } from '../test/db-writes.ts';

let affiliate: TestAffiliate;
let campaign: { id: number };
let seq = 0;
let advertiserToken: string;

beforeAll(async () => {
  advertiserToken = await defaultAdvertiserToken();
  affiliate = await createAffiliate('Postback tester');
  campaign = await createCampaign({ name: 'Postbacks', default_payout: '12.5', currency: 'EUR' });
});

async function trackClick(clickId = `pb-click-${++seq}`): Promise<string> {
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}`,
  );
  expect(res.status).toBe(200);
  return clickId;
}

function postback(params: Record<string, string | number>, init: RequestInit = {}) {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return api(`/postback?${query}`, init);
}

const conversionsFor = (clickId: string) => count('conversions', sql`click_id = ${clickId}`);

describe('GET /postback (seed)', () => {
  it('answers the documented shape field by field', async () => {
    const clickId = await trackClick();
    const res = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: 100,
      currency: 'eur',
      token: affiliate.postbackSecret,
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.success).toBe(true);
    expect(body.message).toBe('Conversion tracked successfully');
    expect(body.duplicate).toBe(false);
    const d = body.data;
    expect(typeof d.conversion_id).toBe('number');
    expect(d.click_id).toBe(clickId);
    expect(d.affiliate_id).toBe(affiliate.id);
    expect(d.amount).toBe(100);
    expect(d.currency).toBe('EUR');
    expect(d.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    // The seed's per-affiliate URL reports a conversion; the advertiser or the network decides it.
    expect(d.status).toBe('pending');
    expect(d.reason).toBe('affiliate_reported');
    expect(d.event).toBe('conversion');
    expect(d.payout).toBe(12.5);
    expect(await conversionsFor(clickId)).toBe(1);
    // The affiliate's own view, with the seed's names kept as aliases of id and created_at.
    expect(Object.keys(d).sort()).toEqual([
      'affiliate_id',
      'amount',
      'campaign_id',
      'click_id',
      'conversion_id',
      'created_at',
      'currency',
      'event',
      'id',
      'payout',
      'reason',
      'status',
      'timestamp',
      'txid',
    ]);
    expect(d.id).toBe(d.conversion_id);
    expect(d.created_at).toBe(d.timestamp);
  });

  it('records an advertiser postback as approved, and never tells the advertiser the payout', async () => {
    const clickId = await trackClick();
    const res = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: 100,
      currency: 'EUR',
      token: advertiserToken,
    });
    expect(res.status).toBe(200);
    const d = (await json(res)).data;
    expect(d).toMatchObject({ status: 'approved', reason: null, status_set_by: 'advertiser' });
    expect(Object.keys(d).sort()).toEqual([
      'advertiser_id',
      'affiliate_id',
      'amount',
      'campaign_id',
      'click_id',
      'conversion_id',
      'created_at',
      'ctit_seconds',
      'currency',
      'event',
      'id',
      'reason',
      'status',
      'status_set_by',
      'timestamp',
      'txid',
      'updated_at',
    ]);
    // The payout is computed by the campaign all the same.
    const stored = await db.execute(sql`SELECT payout FROM conversions WHERE id = ${d.id}`);
    expect((stored.rows[0] as { payout: string }).payout).toBe('12.5000');
  });

  it('answers the admin with every field, the payout and its rule included', async () => {
    const clickId = await trackClick();
    const res = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: 100,
      currency: 'EUR',
      token: adminToken,
    });
    expect(res.status).toBe(200);
    const d = (await json(res)).data;
    expect(d).toMatchObject({ status: 'approved', payout: 12.5, payout_rule_id: null });
    expect(d).toHaveProperty('advertiser_id');
    expect(d).toHaveProperty('conversion_id', d.id);
  });

  it('keeps DECIMAL amounts exact', async () => {
    const clickId = await trackClick();
    const res = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: '12345678901.1234',
      currency: 'JPY',
      token: affiliate.postbackSecret,
    });
    expect((await json(res)).data.amount).toBe(12345678901.1234);
    const { rows } = await db.execute(
      sql`SELECT amount FROM conversions WHERE click_id = ${clickId}`,
    );
    expect((rows[0] as { amount: string }).amount).toBe('12345678901.1234');
  });

  it('returns the original conversion for a replay, with duplicate: true and no second row', async () => {
    const clickId = await trackClick();
    const params = {
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: 10,
      currency: 'EUR',
      token: affiliate.postbackSecret,
    };
    const first = await json(await postback(params));
    const replay = await postback({ ...params, amount: 999 });
    expect(replay.status).toBe(200);
    const body = await json(replay);
    expect(body.duplicate).toBe(true);
    expect(body.data.conversion_id).toBe(first.data.conversion_id);
    expect(body.data.amount).toBe(10);
    expect(await conversionsFor(clickId)).toBe(1);
  });

  it('counts several events and transaction ids per click separately', async () => {
    const clickId = await trackClick();
    const base = {
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: 1,
      currency: 'USD',
      token: affiliate.postbackSecret,
    };
    await postback({ ...base, event: 'lead' });
    await postback({ ...base, event: 'sale', txid: 'order-1' });
    await postback({ ...base, event: 'sale', txid: 'order-2' });
    await postback({ ...base, event: 'sale', txid: 'order-2' });
    expect(await conversionsFor(clickId)).toBe(3);
  });

  it('updates the status of a pending conversion and says so', async () => {
    const clickId = await trackClick();
    const base = {
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: 30,
      currency: 'USD',
      txid: 'T-77',
      token: advertiserToken,
    };
    const pending = await json(await postback({ ...base, status: 'pending' }));
    expect(pending.data.status).toBe('pending');
    const approved = await json(await postback({ ...base, status: 'approved' }));
    expect(approved.status_changed).toBe(true);
    expect(approved.message).toBe('Conversion status updated');
    expect(approved.data.status).toBe('approved');
    expect(approved.data.conversion_id).toBe(pending.data.conversion_id);
    const again = await json(await postback({ ...base, status: 'approved' }));
    expect(again.duplicate).toBe(true);
    expect(await conversionsFor(clickId)).toBe(1);
  });

  it('is 404 for an unknown click, writing nothing', async () => {
    const before = await count('conversions');
    const res = await postback({
      affiliate_id: affiliate.id,
      click_id: 'never-clicked',
      amount: 1,
      currency: 'USD',
      token: affiliate.postbackSecret,
    });
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe('not_found');
    expect(await count('conversions')).toBe(before);
  });

  it.each([
    ['no token', {}],
    ['wrong token', { token: 'pb_wrong' }],
    ["another affiliate's token", { token: 'OTHER' }],
  ])('refuses a postback with %s: 401, nothing written', async (_name, credential) => {
    const other = await createAffiliate('Someone else');
    const clickId = await trackClick();
    const token =
      (credential as { token?: string }).token === 'OTHER'
        ? other.postbackSecret
        : (credential as { token?: string }).token;
    const before = await count('conversions');
    const res = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: 1,
      currency: 'USD',
      ...(token ? { token } : {}),
    });
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body).toMatchObject({ success: false, error: { code: 'unauthorized' } });
    expect(await count('conversions')).toBe(before);
  });

  it('refuses a click of affiliate A posted with affiliate B credentials', async () => {
    const other = await createAffiliate('B');
    const clickId = await trackClick();
    const res = await postback({
      affiliate_id: other.id,
      click_id: clickId,
      amount: 1,
      currency: 'USD',
      token: other.postbackSecret,
    });
    expect(res.status).toBe(404);
    expect(await conversionsFor(clickId)).toBe(0);
  });

  it.each([
    ['negative amount', { amount: -5 }, 'amount'],
    ['NaN amount', { amount: 'NaN' }, 'amount'],
    ['huge amount', { amount: '1e309' }, 'amount'],
    ['too many decimals', { amount: '1.00001' }, 'amount'],
    ['bad currency', { currency: 'DOLLARS' }, 'currency'],
    ['unknown currency code', { currency: 'XYZ' }, 'currency'],
    ['bad status', { status: 'paid' }, 'status'],
  ])('refuses %s with 400 naming the parameter', async (_name, override, param) => {
    const clickId = await trackClick();
    const res = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: 1,
      currency: 'USD',
      token: affiliate.postbackSecret,
      ...override,
    });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(param);
    expect(await conversionsFor(clickId)).toBe(0);
  });
});

describe('POST /postback', () => {
  it('accepts a JSON body', async () => {
    const clickId = await trackClick();
    const res = await api('/postback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        click_id: clickId,
        amount: 19.99,
        currency: 'USD',
        token: affiliate.postbackSecret,
      }),
    });
    expect(res.status).toBe(200);
    expect((await json(res)).data.amount).toBe(19.99);
  });

  it('accepts a form body', async () => {
    const clickId = await trackClick();
    const res = await api('/postback', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        click_id: clickId,
        amount: '5',
        currency: 'GBP',
        token: affiliate.postbackSecret,
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect((await json(res)).data.currency).toBe('GBP');
  });

  it('refuses other content types and invalid JSON', async () => {
    const xml = await api('/postback', {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<x/>',
    });
    expect(xml.status).toBe(415);
    const bad = await api('/postback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"click_id":',
    });
    expect(bad.status).toBe(400);
  });
});

describe('HMAC-signed postbacks', () => {
  async function signed(body: string, secret: string, t = Math.floor(Date.now() / 1000)) {
    return api('/postback', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-postback-signature': `t=${t},v1=${await hmacHex(secret, `${t}.${body}`)}`,
      },
      body,
    });
  }

  it('accepts a good signature without a token', async () => {
    const clickId = await trackClick();
    const res = await signed(
      JSON.stringify({ affiliate_id: affiliate.id, click_id: clickId, amount: 3, currency: 'USD' }),
      affiliate.postbackSecret,
    );
    expect(res.status).toBe(200);
  });

  it('refuses a wrong secret, a tampered body and a stale timestamp', async () => {
    const clickId = await trackClick();
    const body = JSON.stringify({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: 3,
      currency: 'USD',
    });
    expect((await signed(body, 'pb_not-the-secret')).status).toBe(401);
    const t = Math.floor(Date.now() / 1000);
    const tampered = await api('/postback', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-postback-signature': `t=${t},v1=${await hmacHex(affiliate.postbackSecret, `${t}.${body}`)}`,
      },
      body: body.replace('"amount":3', '"amount":3000'),
    });
    expect(tampered.status).toBe(401);
    expect((await signed(body, affiliate.postbackSecret, t - 600)).status).toBe(401);
    expect(await conversionsFor(clickId)).toBe(0);
  });

  it('accepts the previous secret during rotation grace, and not after', async () => {
    const rotating = await createAffiliate('Rotating');
    const clickId = `rot-${++seq}`;
    await api(`/click?affiliate_id=${rotating.id}&campaign_id=${campaign.id}&click_id=${clickId}`);
    const rotated = await json(
      await asAdmin(`/affiliates/${rotating.id}/postback-secret`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"grace_hours":1}',
      }),
    );
    const fresh = rotated.data.postback_secret as string;
    expect(fresh).not.toBe(rotating.postbackSecret);
    const body = (event: string) =>
      JSON.stringify({
        affiliate_id: rotating.id,
        click_id: clickId,
        amount: 1,
        currency: 'USD',
        event,
      });
    expect((await signed(body('old'), rotating.postbackSecret)).status).toBe(200);
    expect((await signed(body('new'), fresh)).status).toBe(200);
    await asAdmin(`/affiliates/${rotating.id}/postback-secret`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grace_hours":0}',
    });
    expect((await signed(body('older'), rotating.postbackSecret)).status).toBe(401);
    expect((await signed(body('previous'), fresh)).status).toBe(401);
  });
});

describe('attribution', () => {
  it('attributes a postback that arrives before its click row, from the signed click id alone', async () => {
    const clickId = await generateClickId(env.TRACKER_SECRET, {
      affiliateId: affiliate.id,
      campaignId: campaign.id,
      clickedAt: new Date(),
    });
    const res = await postback({
      click_id: clickId,
      amount: 7,
      currency: 'USD',
      token: affiliate.postbackSecret,
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.data.affiliate_id).toBe(affiliate.id);
    expect(body.data.campaign_id).toBe(campaign.id);
    expect(await count('clicks', sql`click_id = ${clickId}`)).toBe(0);
  });

  it('refuses a postback outside the attribution window, and accepts one just inside', async () => {
    const short = await createCampaign({ name: 'Short window', attribution_window_days: 7 });
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000);
    const inside = await generateClickId(env.TRACKER_SECRET, {
      affiliateId: affiliate.id,
      campaignId: short.id,
      clickedAt: at(6.99),
    });
    const outside = await generateClickId(env.TRACKER_SECRET, {
      affiliateId: affiliate.id,
      campaignId: short.id,
      clickedAt: at(7.01),
    });
    expect(
      (
        await postback({
          click_id: inside,
          amount: 1,
          currency: 'USD',
          token: affiliate.postbackSecret,
        })
      ).status,
    ).toBe(200);
    const res = await postback({
      click_id: outside,
      amount: 1,
      currency: 'USD',
      token: affiliate.postbackSecret,
    });
    expect(res.status).toBe(422);
    expect((await json(res)).error.code).toBe('attribution_window_expired');
    expect(await conversionsFor(outside)).toBe(0);
  });

  it('refuses a tampered generated click id', async () => {
    const clickId = await generateClickId(env.TRACKER_SECRET, {
      affiliateId: affiliate.id,
      campaignId: campaign.id,
      clickedAt: new Date(),
    });
    const tampered = `${clickId.slice(0, -1)}${clickId.endsWith('A') ? 'B' : 'A'}`;
    const res = await postback({
      click_id: tampered,
      amount: 1,
      currency: 'USD',
      token: affiliate.postbackSecret,
    });
    expect(res.status).toBe(401);
    expect(await conversionsFor(tampered)).toBe(0);
  });
});

describe('database outage', () => {
  it('queues a postback while the database is down (202) and applies it exactly once later', async () => {
    const clickId = await generateClickId(env.TRACKER_SECRET, {
      affiliateId: affiliate.id,
      campaignId: campaign.id,
      clickedAt: new Date(),
    });
    const params = {
      click_id: clickId,
      amount: 42,
      currency: 'USD',
      txid: 'outage-1',
      token: advertiserToken,
    };
    await setDatabaseFailure('503');
    let first: Response;
    let second: Response;
    try {
      first = await postback(params);
      second = await postback(params);
    } finally {
      await setDatabaseFailure(null);
    }
    expect(first.status).toBe(202);
    expect(await json(first)).toMatchObject({ success: true, queued: true });
    expect(second.status).toBe(202);
    expect(
      await eventually(
        () => conversionsFor(clickId),
        (n) => n === 1,
      ),
    ).toBe(1);
    await databaseSettled();
    expect(await conversionsFor(clickId)).toBe(1);
    const rollup = await db.execute(
      sql`SELECT conversions FROM daily_conversions WHERE affiliate_id = ${affiliate.id} AND campaign_id = ${campaign.id} AND currency = 'USD' AND status = 'approved' AND day = CURRENT_DATE()`,
    );
    const recount = await count(
      'conversions',
      sql`affiliate_id = ${affiliate.id} AND campaign_id = ${campaign.id} AND currency = 'USD' AND status = 'approved' AND DATE(timestamp) = CURRENT_DATE()`,
    );
    expect(Number((rollup.rows[0] as { conversions: number }).conversions)).toBe(recount);
  });
});

describe('HEAD /postback', () => {
  // A HEAD is a probe (link checkers, monitors, prefetchers): it must record nothing, whatever it carries.
  it('is 405 and records nothing, with a token, a v1 signature or on a preset', async () => {
    const withToken = await trackClick();
    const tokenQuery = new URLSearchParams({
      affiliate_id: String(affiliate.id),
      click_id: withToken,
      txid: 'head-token',
      token: affiliate.postbackSecret,
    });
    const signedClick = await trackClick();
    const signedQuery = `affiliate_id=${affiliate.id}&click_id=${signedClick}&txid=head-signed`;
    const t = Math.floor(Date.now() / 1000);
    const v1 = `t=${t},v1=${await hmacHex(affiliate.postbackSecret, `${t}.${signedQuery}`)}`;
    const presetClick = await trackClick();
    for (const [path, init] of [
      [`/postback?${tokenQuery}`, {}],
      [`/postback?${signedQuery}`, { headers: { 'x-postback-signature': v1 } }],
      [
        `/postback/voluum?affiliate_id=${affiliate.id}&cid=${presetClick}&token=${affiliate.postbackSecret}`,
        {},
      ],
    ] as const) {
      const res = await api(path, { method: 'HEAD', ...init });
      expect(res.status, path).toBe(405);
      expect(res.headers.get('allow'), path).toBe('GET, POST');
    }
    await databaseSettled();
    for (const clickId of [withToken, signedClick, presetClick])
      expect(await conversionsFor(clickId), clickId).toBe(0);
  });
});
