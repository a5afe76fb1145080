import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, asAdmin, createAffiliate, json, type TestAffiliate } from '../api.ts';
import { count, db, eventually, storedPayouts } from '../db.ts';

// The proof that caps are exact end to end: 200 concurrent postbacks from the advertiser against a
// cap of 50 leave exactly 50 conversions approved and 150 stored as rejected / cap_reached. Nothing is
// lost (all 200 are stored), nothing overshoots, and replaying every postback changes nothing.

const CONCURRENT = 200;
// A real visitor's click: nothing about it holds its conversion for review.
const VISITOR = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
  'accept-language': 'en-US',
};
const LIMIT = 50;

const send = (path: string, body: unknown, method = 'POST') =>
  asAdmin(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

let affiliate: TestAffiliate;
let advertiser: { id: number; postback_token: string };

async function clicks(campaignId: number, n: number): Promise<string[]> {
  const ids = Array.from(
    { length: n },
    (_, i) => `cap-proof-${campaignId}-${i}-${crypto.randomUUID().slice(0, 8)}`,
  );
  for (let i = 0; i < ids.length; i += 50) {
    const answers = await Promise.all(
      ids
        .slice(i, i + 50)
        .map((id) =>
          api(
            `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&click_id=${id}&format=json`,
            { headers: VISITOR },
          ),
        ),
    );
    // A JSON click the database is too busy to store at once is queued (202) and lands shortly.
    for (const res of answers) expect([200, 202], await res.clone().text()).toContain(res.status);
  }
  const stored = () =>
    count('clicks', sql`affiliate_id = ${affiliate.id} AND campaign_id = ${campaignId}`);
  expect(await eventually(stored, (n) => n === ids.length, 30_000)).toBe(ids.length);
  return ids;
}

async function cappedCampaign(
  name: string,
  caps: unknown[],
  rules: unknown[] = [],
): Promise<number> {
  const res = await send('/campaigns', {
    name,
    advertiser_id: advertiser.id,
    default_payout: '1.00',
    quality_threshold: 0,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const id = (await json(res)).data.id as number;
  expect((await send(`/campaigns/${id}/payout-rules`, { rules }, 'PUT')).status).toBe(200);
  expect((await send(`/campaigns/${id}/caps`, { caps }, 'PUT')).status).toBe(200);
  return id;
}

// All postbacks at once, with the advertiser's token on the global postback URL.
async function postbacks(
  clickIds: string[],
): Promise<{ status: string; reason: string | null; payout: number | null; duplicate: boolean }[]> {
  const answers = await Promise.all(
    clickIds.map((id, i) =>
      api(
        `/postback?click_id=${encodeURIComponent(id)}&txid=order-${i}&amount=100&token=${advertiser.postback_token}`,
      ),
    ),
  );
  const bodies = await Promise.all(
    answers.map(async (res) => {
      expect(res.status, await res.clone().text()).toBe(200);
      return json(res);
    }),
  );
  // The advertiser's answer has no payout: read what the network stored, all in one query.
  const payouts = await storedPayouts(bodies.map((body) => body.data.id as number));
  return bodies.map((body) => ({
    status: body.data.status,
    reason: body.data.reason,
    payout: payouts.get(body.data.id)?.payout ?? null,
    duplicate: body.duplicate,
  }));
}

async function stored(campaignId: number): Promise<Record<string, number>> {
  const result = await db.execute(
    sql`SELECT status, COALESCE(reason, '') AS reason, COUNT(*) AS n FROM conversions WHERE campaign_id = ${campaignId} GROUP BY status, reason`,
  );
  return Object.fromEntries(
    (result.rows as { status: string; reason: string; n: string }[]).map((r) => [
      `${r.status}/${r.reason}`,
      Number(r.n),
    ]),
  );
}

async function used(campaignId: number): Promise<unknown[]> {
  return (await json(await asAdmin(`/campaigns/${campaignId}/caps`))).data.caps.map(
    (c: { used: unknown }) => c.used,
  );
}

describe('exact caps through /postback', () => {
  beforeAll(async () => {
    affiliate = await createAffiliate('Cap proof partner');
    const res = await send('/advertisers', { name: 'Cap proof advertiser' });
    expect(res.status, await res.clone().text()).toBe(201);
    advertiser = (await json(res)).data;
  }, 120_000);

  it(`${CONCURRENT} concurrent postbacks against a conversion cap of ${LIMIT}: exactly ${LIMIT} approved, the rest rejected as cap_reached`, async () => {
    const campaignId = await cappedCampaign('Cap proof: conversions', [
      { metric: 'conversions', period: 'day', limit: LIMIT },
    ]);
    const ids = await clicks(campaignId, CONCURRENT);
    const answers = await postbacks(ids);
    expect(answers.filter((a) => a.duplicate)).toEqual([]);
    expect(answers.filter((a) => a.status === 'approved')).toHaveLength(LIMIT);
    expect(
      answers.filter((a) => a.status === 'rejected' && a.reason === 'cap_reached'),
    ).toHaveLength(CONCURRENT - LIMIT);
    expect(await stored(campaignId)).toEqual({
      'approved/': LIMIT,
      'rejected/cap_reached': CONCURRENT - LIMIT,
    });
    expect(await used(campaignId)).toEqual([LIMIT]);

    // Every postback again: all are replays of stored conversions, and nothing moves.
    const replays = await postbacks(ids);
    expect(replays.every((a) => a.duplicate)).toBe(true);
    expect(await stored(campaignId)).toEqual({
      'approved/': LIMIT,
      'rejected/cap_reached': CONCURRENT - LIMIT,
    });
    expect(await used(campaignId)).toEqual([LIMIT]);
  }, 120_000);

  it(`${CONCURRENT} concurrent postbacks against a payout budget of ${LIMIT} payouts: the budget is spent exactly`, async () => {
    // CPA 2.50 each, budget 125.00: room for exactly 50.
    const campaignId = await cappedCampaign(
      'Cap proof: payout',
      [{ metric: 'payout', period: 'day', limit: '125.00' }],
      [{ type: 'cpa', value: '2.50' }],
    );
    const ids = await clicks(campaignId, CONCURRENT);
    const answers = await postbacks(ids);
    const approved = answers.filter((a) => a.status === 'approved');
    expect(approved).toHaveLength(LIMIT);
    expect(approved.every((a) => a.payout === 2.5)).toBe(true);
    expect(
      answers.filter((a) => a.status === 'rejected' && a.reason === 'cap_reached'),
    ).toHaveLength(CONCURRENT - LIMIT);
    expect(await stored(campaignId)).toEqual({
      'approved/': LIMIT,
      'rejected/cap_reached': CONCURRENT - LIMIT,
    });
    const spent = await db.execute(
      sql`SELECT SUM(payout) AS total FROM conversions WHERE campaign_id = ${campaignId} AND status = 'approved'`,
    );
    expect((spent.rows[0] as { total: string }).total).toBe('125.0000');
    expect(await used(campaignId)).toEqual(['125.0000']);
  }, 120_000);
});
