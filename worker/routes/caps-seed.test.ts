import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { clicks } from '../../drizzle/schema.ts';
import { toMysqlDatetime } from '../db/time.ts';
import { periodStart } from '../money/periods.ts';
import {
  adminToken,
  api,
  apiWithEnv,
  asAdmin,
  createAdvertiser,
  createAffiliate,
  json,
  type TestAdvertiser,
  type TestAffiliate,
} from '../test/api.ts';
import { count, db, eventually } from '../test/db.ts';
import { insertConversion, patchJson } from '../test/review/fixtures.ts';
import { expectError } from '../test/security/error-shape.ts';

// A cap saved mid-period counts what the period already holds: the conversions and clicks recorded
// before it existed, in the campaign's time zone, each conversion once however often the caps are saved.

const VISITOR = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
  'accept-language': 'en-US',
};

const send = (path: string, body: unknown, method = 'POST') =>
  asAdmin(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let affiliate: TestAffiliate;
let advertiser: TestAdvertiser;

// The first instant of today (or, with `before`, the last of yesterday) in the zone, as the database stores times.
function startOfToday(timeZone: string, before = 0): string {
  return toMysqlDatetime(new Date(periodStart('day', Date.now(), timeZone)! - before));
}

async function campaignWith(name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await send('/campaigns', {
    name,
    advertiser_id: advertiser.id,
    default_payout: '1.00',
    quality_threshold: 0,
    ...extra,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json(res)).data.id as number;
}

async function putCaps(campaignId: number, caps: unknown[]): Promise<{ used: unknown }[]> {
  const res = await send(`/campaigns/${campaignId}/caps`, { caps }, 'PUT');
  expect(res.status, await res.clone().text()).toBe(200);
  return (await json(res)).data.caps;
}

async function used(campaignId: number): Promise<unknown[]> {
  return (await json(await asAdmin(`/campaigns/${campaignId}/caps`))).data.caps.map(
    (c: { used: unknown }) => c.used,
  );
}

async function click(campaignId: number): Promise<string> {
  const id = `cap-seed-${campaignId}-${crypto.randomUUID().slice(0, 8)}`;
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&click_id=${id}&format=json`,
    { headers: VISITOR },
  );
  expect([200, 202], await res.clone().text()).toContain(res.status);
  await eventually(
    () => count('clicks', sql`affiliate_id = ${affiliate.id} AND click_id = ${id}`),
    (n) => n === 1,
  );
  return id;
}

async function postback(clickId: string): Promise<{ status: string; reason: string | null }> {
  const res = await api(
    `/postback?click_id=${encodeURIComponent(clickId)}&txid=${clickId}&amount=100&token=${advertiser.postbackToken}`,
  );
  expect(res.status, await res.clone().text()).toBe(200);
  const { data } = await json(res);
  return { status: data.status, reason: data.reason };
}

beforeAll(async () => {
  affiliate = await createAffiliate('Cap seed partner');
  advertiser = await createAdvertiser('Cap seed advertiser');
}, 60_000);

describe('a cap saved mid-period counts what the period already holds', () => {
  it('counts approved and pending conversions of today, once however often it is saved; a rejection gives a place back', async () => {
    const campaignId = await campaignWith('Cap seed: conversions');
    const today = startOfToday('UTC');
    const at = (status: string, timestamp = today) =>
      insertConversion({ affiliateId: affiliate.id, campaignId, status, timestamp });
    const approved = [await at('approved'), await at('approved'), await at('approved')];
    await at('pending');
    await at('rejected');
    await at('approved', startOfToday('UTC', 1));
    const caps = [{ metric: 'conversions', period: 'day', limit: 5 }];

    expect((await putCaps(campaignId, caps))[0]).toMatchObject({ used: 4, remaining: 1 });
    expect(await used(campaignId)).toEqual([4]);
    // Saving the same caps again counts nothing twice.
    await putCaps(campaignId, caps);
    expect(await used(campaignId)).toEqual([4]);

    // One place is left: the next conversion takes it, the one after is refused.
    expect(await postback(await click(campaignId))).toEqual({ status: 'approved', reason: null });
    expect(await postback(await click(campaignId))).toEqual({
      status: 'rejected',
      reason: 'cap_reached',
    });
    expect(await used(campaignId)).toEqual([5]);

    // Rejecting a conversion the seed counted gives its place back.
    const res = await asAdmin(
      `/conversions/${approved[0]!.id}`,
      patchJson({ status: 'rejected', reason: 'manual' }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await used(campaignId)).toEqual([4]);
    await putCaps(campaignId, caps);
    expect(await used(campaignId)).toEqual([4]);
  });

  it('sums a payout budget exactly, in decimal units', async () => {
    const campaignId = await campaignWith('Cap seed: payout');
    const timestamp = startOfToday('UTC');
    for (const [payout, status] of [
      ['2.5001', 'approved'],
      ['0.1234', 'pending'],
      [null, 'approved'],
      ['100.0000', 'rejected'],
    ] as const) {
      await insertConversion({ affiliateId: affiliate.id, campaignId, status, payout, timestamp });
    }
    expect(
      (await putCaps(campaignId, [{ metric: 'payout', period: 'month', limit: '10.00' }]))[0],
    ).toMatchObject({ used: '2.6235', remaining: '7.3765' });
  });

  it("an affiliate's cap counts only that affiliate's conversions; the campaign's counts all", async () => {
    const campaignId = await campaignWith('Cap seed: per affiliate');
    const other = await createAffiliate('Cap seed other partner');
    const timestamp = startOfToday('UTC');
    await insertConversion({ affiliateId: affiliate.id, campaignId, timestamp });
    await insertConversion({ affiliateId: other.id, campaignId, timestamp });
    await insertConversion({ affiliateId: other.id, campaignId, timestamp });
    await putCaps(campaignId, [
      { metric: 'conversions', period: 'total', limit: 10, affiliate_id: affiliate.id },
      { metric: 'conversions', period: 'total', limit: 10, affiliate_id: other.id },
      { metric: 'conversions', period: 'total', limit: 10 },
    ]);
    expect(await used(campaignId)).toEqual([1, 2, 3]);
  });

  it("counts the day in the campaign's time zone: yesterday there does not count", async () => {
    const zone = 'Pacific/Kiritimati';
    const campaignId = await campaignWith('Cap seed: zoned', { time_zone: zone });
    await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      timestamp: startOfToday(zone),
    });
    await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      timestamp: startOfToday(zone, 1),
    });
    await putCaps(campaignId, [
      { metric: 'conversions', period: 'day', limit: 10 },
      { metric: 'conversions', period: 'total', limit: 10 },
    ]);
    expect(await used(campaignId)).toEqual([1, 2]);
  });

  it("an affiliate's clicks cap counts its clicks of today; the campaign's starts at the save", async () => {
    const campaignId = await campaignWith('Cap seed: clicks');
    const other = await createAffiliate('Cap seed clicking partner');
    const row = (affiliateId: number, timestamp: string) => ({
      clickId: `cap-seed-click-${crypto.randomUUID()}`,
      affiliateId,
      campaignId,
      timestamp,
    });
    const today = startOfToday('UTC');
    await db
      .insert(clicks)
      .values([
        row(affiliate.id, today),
        row(affiliate.id, today),
        row(other.id, today),
        row(affiliate.id, startOfToday('UTC', 1)),
      ]);
    const caps = [
      { metric: 'clicks', period: 'day', limit: 100 },
      { metric: 'clicks', period: 'day', limit: 100, affiliate_id: affiliate.id },
    ];
    // The campaign-wide count would read the whole clicks table by time (it has no index by campaign).
    await putCaps(campaignId, caps);
    expect(await used(campaignId)).toEqual([0, 2]);
    await putCaps(campaignId, caps);
    expect(await used(campaignId)).toEqual([0, 2]);
  });

  it("leaves out what never took a place: an affiliate's own reports and conversions rules hold, until review approves them", async () => {
    const campaignId = await campaignWith('Cap seed: unconfirmed');
    const timestamp = startOfToday('UTC');
    await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      timestamp,
      status: 'approved',
    });
    // An affiliate reporting its own conversions must not fill the cap its rivals share.
    const reported = await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      timestamp,
      status: 'pending',
      reason: 'affiliate_reported',
      statusSetBy: 'affiliate',
    });
    await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      timestamp,
      status: 'pending',
      reason: 'affiliate_reported',
      statusSetBy: 'affiliate',
    });
    await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      timestamp,
      status: 'pending',
      reason: 'ctit_too_short',
      statusSetBy: 'rules',
    });
    await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      timestamp,
      status: 'pending',
      statusSetBy: 'advertiser',
    });
    const caps = [{ metric: 'conversions', period: 'day', limit: 3 }];
    expect((await putCaps(campaignId, caps))[0]).toMatchObject({ used: 2, remaining: 1 });
    // Approved in review, a report takes the last place; the next approval finds the cap full.
    const res = await asAdmin(
      `/conversions/${reported.id}`,
      patchJson({ status: 'approved', reason: 'manual' }),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await used(campaignId)).toEqual([3]);
    await putCaps(campaignId, caps);
    expect(await used(campaignId)).toEqual([3]);
  });

  it('answers 503 when the period could not be counted, saying the caps are saved; saving again counts it', async () => {
    const campaignId = await campaignWith('Cap seed: counter down');
    await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      timestamp: startOfToday('UTC'),
    });
    const caps = [{ metric: 'conversions', period: 'day', limit: 5 }];
    // The worker with a counter that cannot be reached.
    const unreachable = new Proxy(env.CAPS, {
      get(target, prop) {
        if (prop === 'get')
          return () => {
            throw new Error('counter unreachable');
          };
        const value = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const res = await apiWithEnv(
      `/campaigns/${campaignId}/caps`,
      { CAPS: unreachable },
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ caps }),
      },
    );
    const body = await expectError(res, 503, 'service_unavailable');
    expect(body.error.message).toMatch(
      /caps were saved and are in force.*save the same caps again/,
    );
    expect(await count('caps', sql`campaign_id = ${campaignId} AND retired_at IS NULL`)).toBe(1);
    expect(await used(campaignId)).toEqual([0]);
    await putCaps(campaignId, caps);
    expect(await used(campaignId)).toEqual([1]);
  });
});

describe("a campaign's time zone change keeps its day and month caps", () => {
  it('counts the day it is now in the new zone from what is stored: a full day stays full', async () => {
    const campaignId = await campaignWith('Cap zone: change');
    await putCaps(campaignId, [
      { metric: 'conversions', period: 'day', limit: 2 },
      { metric: 'conversions', period: 'month', limit: 2 },
    ]);
    for (let i = 0; i < 2; i++)
      expect(await postback(await click(campaignId))).toEqual({ status: 'approved', reason: null });
    expect(await used(campaignId)).toEqual([2, 2]);
    // A zone whose local date differs from UTC's right now, and whose day holds those two conversions.
    const zone = new Date().getUTCHours() >= 11 ? 'Pacific/Kiritimati' : 'Pacific/Pago_Pago';
    const res = await send(`/campaigns/${campaignId}`, { time_zone: zone }, 'PATCH');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await used(campaignId)).toEqual([2, 2]);
    expect(await postback(await click(campaignId))).toEqual({
      status: 'rejected',
      reason: 'cap_reached',
    });
    // And back: the UTC day is counted again from what is stored, not from what it held before.
    const back = await send(`/campaigns/${campaignId}`, { time_zone: null }, 'PATCH');
    expect(back.status, await back.clone().text()).toBe(200);
    expect(await used(campaignId)).toEqual([2, 2]);
  });
});

describe('review in a period whose counter is no longer kept', () => {
  it('recounts that period from the database: a full day refuses the approval, one with room takes it', async () => {
    const campaignId = await campaignWith('Cap recount: old day');
    await putCaps(campaignId, [{ metric: 'conversions', period: 'day', limit: 1 }]);
    // Thirty days ago: long past the week its counters are kept after the day ended.
    const day = (n: number) => toMysqlDatetime(new Date(Date.now() - n * 86_400_000));
    const at = (status: string, timestamp: string) =>
      insertConversion({
        affiliateId: affiliate.id,
        campaignId,
        status,
        timestamp,
        ...(status === 'rejected' && { reason: 'cap_reached', statusSetBy: 'rules' }),
      });
    await at('approved', day(30));
    const capped = await at('rejected', day(30));
    const refused = await asAdmin(`/conversions/${capped.id}`, patchJson({ status: 'approved' }));
    await expectError(refused, 409, 'conflict');
    expect(
      (await db.execute(sql`SELECT status FROM conversions WHERE id = ${capped.id}`)).rows,
    ).toEqual([{ status: 'rejected' }]);
    // A day with room: the approval takes the place, and a second one that day is refused.
    const first = await at('rejected', day(40));
    const second = await at('rejected', day(40));
    const ok = await asAdmin(`/conversions/${first.id}`, patchJson({ status: 'approved' }));
    expect(ok.status, await ok.clone().text()).toBe(200);
    await expectError(
      await asAdmin(`/conversions/${second.id}`, patchJson({ status: 'approved' })),
      409,
      'conflict',
    );
  });
});
