import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { toMysqlDatetime } from '../../db/time.ts';
import type { Bindings } from '../../env.ts';
import { campaignConfig, type CampaignConfig } from '../../config/read-model.ts';
import { capReservationOf } from '../../money/cap-key.ts';
import { capCounterClient } from '../../money/caps.ts';
import { asAdmin, createAdvertiser, createAffiliate, json, type TestAffiliate } from '../api.ts';
import { db } from '../db.ts';
import { insertConversion } from '../review/fixtures.ts';
import { unique } from '../security/requests.ts';

// After a time zone change, other isolates keep their cached campaign (CONFIG_CACHE_SECONDS) with
// the old zone. The counter counts days in the zone the last save put in force, whatever zone a
// request carries, so what those isolates store still lands in the new zone's day.

const send = (path: string, body: unknown, method = 'POST') =>
  asAdmin(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let affiliate: TestAffiliate;
let advertiserId: number;

async function counted(campaignId: number): Promise<number> {
  const { rows } = await db.execute(
    sql`SELECT COUNT(*) AS n FROM conversions WHERE campaign_id = ${campaignId} AND status = 'approved'`,
  );
  return Number((rows[0] as { n: string }).n);
}

describe('a time zone change while other isolates still hold the old zone', () => {
  beforeAll(async () => {
    affiliate = await createAffiliate(unique('zone partner'));
    advertiserId = (await createAdvertiser(unique('zone advertiser'))).id;
  }, 60_000);

  it("conversions an isolate with the old zone records after the change count in the new zone's day cap", async () => {
    const created = await send('/campaigns', {
      name: unique('stale zone'),
      advertiser_id: advertiserId,
      default_payout: '2.00',
      quality_threshold: 0,
    });
    const campaignId = (await json(created)).data.id as number;
    const caps = [{ metric: 'conversions', period: 'day', limit: 3 }];
    expect((await send(`/campaigns/${campaignId}/caps`, { caps }, 'PUT')).status).toBe(200);
    const bindings = env as unknown as Bindings;
    const source = { kv: bindings.TRACKING_CONFIG, db: () => db, ttlSeconds: 0 };
    // What another isolate cached before the change: the campaign in UTC, with its cap.
    const stale = structuredClone(await campaignConfig(source, campaignId)) as CampaignConfig;
    expect(stale.caps?.length).toBe(1);

    const zoned = await send(`/campaigns/${campaignId}`, { time_zone: 'Asia/Tokyo' }, 'PATCH');
    expect(zoned.status, await zoned.clone().text()).toBe(200);

    // That isolate records three conversions within its cache window, as recordPostback does:
    // reserve with its campaign copy, then store the row approved.
    const counter = capCounterClient(bindings.CAPS);
    for (let i = 0; i < 3; i++) {
      const row = {
        affiliateId: affiliate.id,
        clickId: unique('stale-click'),
        event: 'conversion',
        txid: unique('stale-order'),
        payout: '2.0000',
        timestamp: toMysqlDatetime(new Date()),
      };
      const verdict = await counter.reserve(stale, capReservationOf(row));
      expect(verdict.ok).toBe(true);
      await insertConversion({ ...row, campaignId, status: 'approved', statusSetBy: 'advertiser' });
    }
    expect(await counted(campaignId)).toBe(3);

    // What should hold: the day cap of 3 is full in the zone now in force.
    const usage = (await json(await asAdmin(`/campaigns/${campaignId}/caps`))).data.caps[0];
    expect(usage.used, `usage of ${usage.period_key}`).toBe(3);
  }, 60_000);
});
