import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  asAdmin,
  createAdvertiser,
  createAffiliate,
  json,
  type TestAffiliate,
} from '../api.ts';
import { toMysqlDatetime } from '../../db/time.ts';
import { controlDatabase, db } from '../db.ts';
import { insertConversion, patchJson } from '../review/fixtures.ts';
import { unique } from '../security/requests.ts';

// Review reserves a place before writing the new status. A status write that fails settles from
// what is stored: the row stays rejected and keeps no place, and its claim does not outlive it.

const send = (path: string, body: unknown, method = 'POST') =>
  asAdmin(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let affiliate: TestAffiliate;
let advertiser: { id: number; postbackToken: string };

async function counted(campaignId: number): Promise<number> {
  const { rows } = await db.execute(
    sql`SELECT COUNT(*) AS n FROM conversions WHERE campaign_id = ${campaignId} AND (status = 'approved' OR (status = 'pending' AND status_set_by <> 'affiliate'))`,
  );
  return Number((rows[0] as { n: string }).n);
}

async function used(campaignId: number): Promise<unknown> {
  return (await json(await asAdmin(`/campaigns/${campaignId}/caps`))).data.caps[0].used;
}

describe('a review approval whose status write fails', () => {
  beforeAll(async () => {
    affiliate = await createAffiliate(unique('review-fault partner'));
    advertiser = await createAdvertiser(unique('review-fault advertiser'));
  }, 60_000);
  afterAll(() => controlDatabase({ failNext: null }));

  it('gives back the place it reserved: the cap keeps room for the next conversion', async () => {
    const created = await send('/campaigns', {
      name: unique('review fault'),
      advertiser_id: advertiser.id,
      default_payout: '2.00',
      quality_threshold: 0,
    });
    const campaignId = (await json(created)).data.id as number;
    const caps = [{ metric: 'conversions', period: 'day', limit: 1 }];
    expect((await send(`/campaigns/${campaignId}/caps`, { caps }, 'PUT')).status).toBe(200);
    const row = await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      txid: unique('order'),
      payout: '2.0000',
      status: 'rejected',
      reason: 'cap_reached',
      statusSetBy: 'rules',
      timestamp: toMysqlDatetime(new Date()),
    });

    // The status UPDATE is lost on the way to the database (a transient fault).
    await controlDatabase({
      failNext: { match: "and `conversions`.`status` = 'rejected'", count: 1 },
    });
    const approve = await asAdmin(`/conversions/${row.id}`, patchJson({ status: 'approved' }));
    expect(approve.status, await approve.clone().text()).toBeGreaterThanOrEqual(500);

    // Nothing was approved: no stored conversion takes a place.
    expect(await counted(campaignId)).toBe(0);
    // What should hold: the counter agrees with the rows, and a new conversion is approved.
    expect.soft(await used(campaignId), 'cap usage after the failed approval').toBe(0);
    const clickRes = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&format=json`,
      { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' } },
    );
    const clickId = (await json(clickRes)).data.click_id as string;
    const next = await json(
      await api(
        `/postback?click_id=${encodeURIComponent(clickId)}&txid=${unique('next')}&token=${advertiser.postbackToken}`,
      ),
    );
    expect(`${next.data.status}/${next.data.reason}`, 'the next conversion').toBe('approved/null');
  }, 60_000);

  it("leaves a claim for 10 minutes that keeps a later rejection's place: the cap stays one fuller for good", async () => {
    const created = await send('/campaigns', {
      name: unique('review fault claim'),
      advertiser_id: advertiser.id,
      default_payout: '2.00',
      quality_threshold: 0,
    });
    const campaignId = (await json(created)).data.id as number;
    const caps = [{ metric: 'conversions', period: 'day', limit: 5 }];
    expect((await send(`/campaigns/${campaignId}/caps`, { caps }, 'PUT')).status).toBe(200);
    const row = await insertConversion({
      affiliateId: affiliate.id,
      campaignId,
      txid: unique('order'),
      payout: '2.0000',
      status: 'rejected',
      reason: 'cap_reached',
      statusSetBy: 'rules',
      timestamp: toMysqlDatetime(new Date()),
    });
    await controlDatabase({
      failNext: { match: "and `conversions`.`status` = 'rejected'", count: 1 },
    });
    const failed = await asAdmin(`/conversions/${row.id}`, patchJson({ status: 'approved' }));
    expect(failed.status).toBeGreaterThanOrEqual(500);
    // The reviewer retries: approved, and it holds one place, as it should.
    const approved = await asAdmin(`/conversions/${row.id}`, patchJson({ status: 'approved' }));
    expect(approved.status, await approved.clone().text()).toBe(200);
    expect(await counted(campaignId)).toBe(1);
    // Then rejects it: no stored conversion takes a place any more.
    const rejected = await asAdmin(`/conversions/${row.id}`, patchJson({ status: 'rejected' }));
    expect(rejected.status, await rejected.clone().text()).toBe(200);
    expect(await counted(campaignId)).toBe(0);
    // What should hold: the counter follows the rows.
    expect(await used(campaignId), 'cap usage after the rejection').toBe(0);
  }, 60_000);
});
