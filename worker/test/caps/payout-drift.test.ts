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
import { controlDatabase, db } from '../db.ts';
import { unique } from '../security/requests.ts';

// A second request for the same (click, event, txid) may carry another amount and be the one whose
// row is stored: a larger payout is checked against the payout budget when it is reserved, and the
// counter ends at the stored row's payout, so a budget is never passed by a copy.

const send = (path: string, body: unknown, method = 'POST') =>
  asAdmin(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let affiliate: TestAffiliate;
let token: string;
let advertiserId: number;

async function revshareCampaign(name: string): Promise<number> {
  const created = await send('/campaigns', {
    name: unique(name),
    advertiser_id: advertiserId,
    default_payout: '0',
    quality_threshold: 0,
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const id = (await json(created)).data.id as number;
  const rules = await send(
    `/campaigns/${id}/payout-rules`,
    { rules: [{ type: 'revshare', value: '50' }] },
    'PUT',
  );
  expect(rules.status, await rules.clone().text()).toBe(200);
  const caps = await send(
    `/campaigns/${id}/caps`,
    { caps: [{ metric: 'payout', period: 'day', limit: '10.00' }] },
    'PUT',
  );
  expect(caps.status, await caps.clone().text()).toBe(200);
  return id;
}

async function click(campaignId: number): Promise<string> {
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&format=json`,
    { headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0' } },
  );
  expect([200, 202]).toContain(res.status);
  return (await json(res)).data.click_id as string;
}

const postback = (clickId: string, amount: string, txid: string) =>
  api(
    `/postback?click_id=${encodeURIComponent(clickId)}&txid=${txid}&amount=${amount}&token=${token}`,
  );

// The payout of the rows that take a cap place (approved, or pending but not an affiliate's report).
async function approvedPayout(campaignId: number): Promise<string | null> {
  const { rows } = await db.execute(
    sql`SELECT SUM(payout) AS total FROM conversions WHERE campaign_id = ${campaignId} AND (status = 'approved' OR (status = 'pending' AND status_set_by <> 'affiliate'))`,
  );
  return (rows[0] as { total: string | null }).total;
}

async function used(campaignId: number): Promise<unknown> {
  return (await json(await asAdmin(`/campaigns/${campaignId}/caps`))).data.caps[0].used;
}

describe('payout budget against a copy that carries another amount', () => {
  beforeAll(async () => {
    affiliate = await createAffiliate(unique('drift partner'));
    const advertiser = await createAdvertiser(unique('drift advertiser'));
    token = advertiser.postbackToken;
    advertiserId = advertiser.id;
  }, 60_000);
  afterAll(() => controlDatabase({ jitterMs: 0, failNext: null }));

  it('a first attempt whose insert failed reserves 1.00; the retry with amount 1000 (500.00) is refused by a 10.00 budget', async () => {
    const campaignId = await revshareCampaign('drift: retry');
    const clickId = await click(campaignId);
    const txid = unique('order');
    await controlDatabase({ failNext: { match: 'insert into `conversions`', count: 1 } });
    // The insert is dropped: the sender is answered 202 and its place (payout 1.00) is kept.
    const first = await postback(clickId, '2', txid);
    expect(first.status, await first.clone().text()).toBe(202);
    // Its retry of the same (click, event, txid) with another amount finds the key reserved.
    const retry = await postback(clickId, '1000', txid);
    expect(retry.status, await retry.clone().text()).toBe(200);
    // Its 500.00 does not fit beside nothing else in the 10.00 budget: stored rejected, never approved.
    const stored = (await json(retry)).data;
    expect(`${stored.status}/${stored.reason}`).toBe('rejected/cap_reached');
    // What should hold: the approved payout is within the budget, and the counter equals the rows
    // once the queued first attempt has been applied (a duplicate of the rejected row).
    const total = await approvedPayout(campaignId);
    expect(Number(total ?? 0), 'payout of the counting rows').toBeLessThanOrEqual(10);
    await expect
      .poll(() => used(campaignId), { timeout: 10_000, interval: 200 })
      .toBe(total ?? '0.0000');
  }, 60_000);

  it('racing copies with a small and a large amount: the large payout is stored past the budget', async () => {
    const campaignId = await revshareCampaign('drift: race');
    const pairs = 30;
    const ids: string[] = [];
    for (let i = 0; i < pairs; i++) ids.push(await click(campaignId));
    // Generated click ids are signed, so attribution does not wait for the click rows.
    await controlDatabase({ jitterMs: 60 });
    const answers = await Promise.all(
      ids.flatMap((id) => {
        const txid = unique('race');
        return [postback(id, '0.02', txid), postback(id, '1000', txid)];
      }),
    );
    await controlDatabase({ jitterMs: 0 });
    for (const res of answers) expect([200, 202]).toContain(res.status);
    const total = await approvedPayout(campaignId);
    // Budget 10.00: no approved payout may pass it, and the counter must equal what is stored.
    expect.soft(Number(total ?? 0), 'payout of the counting rows').toBeLessThanOrEqual(10);
    expect(await used(campaignId), 'payout cap usage').toBe(total ?? '0.0000');
  }, 120_000);
});
