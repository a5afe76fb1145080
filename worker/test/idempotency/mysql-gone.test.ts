import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createAffiliate, createCampaign, json, type TestAffiliate } from '../api.ts';
import { count, eventually } from '../db.ts';
import { queryString, unique } from '../security/requests.ts';
import { withDatabaseFault } from './database-faults.ts';
import { rollupsAndRecounts } from './rollup-check.ts';

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('mysql-gone'));
  campaign = await createCampaign({ name: unique('MySQL gone'), default_payout: '1' });
});

const gone = { fail: () => 'mysql-gone' as const };

describe('MySQL unreachable behind a running database endpoint (Vitess UNAVAILABLE)', () => {
  it('queues a JSON click (202) and stores it once MySQL is back', async () => {
    const clickId = unique('gone-click');
    const res = await withDatabaseFault(gone, () =>
      api(
        `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
      ),
    );
    expect(res.status, await res.clone().text()).toBe(202);
    expect((await json(res)).queued).toBe(true);
    expect(
      await eventually(
        () => count('clicks', sql`click_id = ${clickId}`),
        (n) => n === 1,
      ),
    ).toBe(1);
  });

  it('queues a postback (202) and records it exactly once, even when the advertiser retries too', async () => {
    const clickId = unique('gone-pb-click');
    expect(
      (
        await api(
          `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
        )
      ).status,
    ).toBe(200);
    const url = `/postback?${queryString({ affiliate_id: affiliate.id, click_id: clickId, amount: '3.30', txid: 'gone-1', token: affiliate.postbackSecret })}`;
    const res = await withDatabaseFault(gone, () => api(url));
    expect(res.status, await res.clone().text()).toBe(202);
    expect((await api(url)).status).toBe(200);
    expect(
      await eventually(
        () => count('conversions', sql`click_id = ${clickId}`),
        (n) => n === 1,
      ),
    ).toBe(1);
    const settled = await eventually(
      () => rollupsAndRecounts([affiliate.id]),
      (r) => JSON.stringify(r.conversions.rollup) === JSON.stringify(r.conversions.recount),
    );
    expect(settled.conversions.rollup).toEqual(settled.conversions.recount);
  });

  it('answers report routes with 503 and Retry-After, not 500', async () => {
    const res = await withDatabaseFault(gone, () =>
      api(`/affiliates/${affiliate.id}/summary`, { key: affiliate.apiKey }),
    );
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect((await json(res)).error.code).toBe('service_unavailable');
  });
});
