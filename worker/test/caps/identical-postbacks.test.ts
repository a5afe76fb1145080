import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, asAdmin, createAffiliate, json, type TestAffiliate } from '../api.ts';
import { toMysqlDatetime } from '../../db/time.ts';
import { controlDatabase, count, db, eventually } from '../db.ts';
import { insertConversion, patchJson } from '../review/fixtures.ts';

// A sender that retries sends the same postback several times at once. Whichever copy reserved the
// conversion's place, the stored conversion holds it: caps stay exact however the copies interleave.

const CLICKS = 50;
const COPIES = 5;
const LIMIT = 5;
// CPA 2.00 against a budget of 10.00: room for exactly LIMIT, like the count cap.
const CPA = '2.00';
const BUDGET = '10.00';
const VISITOR = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
  'accept-language': 'en-US',
};

// Up to this much random delay on each database call, so the copies' inserts land in any order.
const JITTER_MS = 40;

const setDatabaseJitter = (jitterMs: number) => controlDatabase({ jitterMs });

let affiliate: TestAffiliate;
let advertiser: { id: number; postback_token: string };

const send = (path: string, body: unknown, method = 'POST') =>
  asAdmin(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

async function clicks(campaignId: number, n: number, tag: string): Promise<string[]> {
  const ids = Array.from(
    { length: n },
    (_, i) => `same-${tag}-${campaignId}-${i}-${crypto.randomUUID().slice(0, 8)}`,
  );
  for (const id of ids) {
    const res = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&click_id=${id}&format=json`,
      { headers: VISITOR },
    );
    expect([200, 202], await res.clone().text()).toContain(res.status);
  }
  const stored = () => count('clicks', sql`campaign_id = ${campaignId}`);
  const all = await eventually(stored, (k) => k >= ids.length, 30_000);
  expect(all).toBeGreaterThanOrEqual(ids.length);
  return ids;
}

const postback = (clickId: string) =>
  api(
    `/postback?click_id=${encodeURIComponent(clickId)}&txid=order-${clickId}&amount=100&token=${advertiser.postback_token}`,
  );

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

async function approvedPayout(campaignId: number): Promise<string | null> {
  const result = await db.execute(
    sql`SELECT SUM(payout) AS total FROM conversions WHERE campaign_id = ${campaignId} AND status = 'approved'`,
  );
  return (result.rows[0] as { total: string | null }).total;
}

async function used(campaignId: number): Promise<unknown[]> {
  return (await json(await asAdmin(`/campaigns/${campaignId}/caps`))).data.caps.map(
    (c: { used: unknown }) => c.used,
  );
}

describe('identical postbacks at once against exact caps', () => {
  beforeAll(async () => {
    affiliate = await createAffiliate('Identical copies partner');
    const res = await send('/advertisers', { name: 'Identical copies advertiser' });
    expect(res.status, await res.clone().text()).toBe(201);
    advertiser = (await json(res)).data;
  }, 120_000);
  afterAll(() => controlDatabase({ jitterMs: 0, failNext: null }));

  it(`${CLICKS} clicks × ${COPIES} identical copies at once, caps of ${LIMIT} conversions and ${BUDGET}: exactly ${LIMIT} approved, the counter equal to the rows`, async () => {
    const created = await send('/campaigns', {
      name: 'Identical copies',
      advertiser_id: advertiser.id,
      default_payout: CPA,
      quality_threshold: 0,
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const campaignId = (await json(created)).data.id as number;
    const caps = [
      { metric: 'conversions', period: 'day', limit: LIMIT },
      { metric: 'payout', period: 'day', limit: BUDGET },
    ];
    expect((await send(`/campaigns/${campaignId}/caps`, { caps }, 'PUT')).status).toBe(200);
    const ids = await clicks(campaignId, CLICKS, 'a');

    await setDatabaseJitter(JITTER_MS);
    const answers = await Promise.all(
      ids.flatMap((id) => Array.from({ length: COPIES }, () => postback(id))),
    );
    await setDatabaseJitter(0);
    const bodies = await Promise.all(
      answers.map(async (res) => {
        expect(res.status, await res.clone().text()).toBe(200);
        return json(res);
      }),
    );
    // Every copy of a click answers with one conversion, created once.
    for (let i = 0; i < CLICKS; i++) {
      const copies = bodies.slice(i * COPIES, (i + 1) * COPIES);
      expect(new Set(copies.map((b) => b.data.conversion_id)).size).toBe(1);
      expect(copies.filter((b) => b.duplicate === false)).toHaveLength(1);
    }
    const firsts = bodies.filter((b) => b.duplicate === false);
    expect(firsts.filter((b) => b.data.status === 'approved')).toHaveLength(LIMIT);
    expect(
      firsts.filter((b) => b.data.status === 'rejected' && b.data.reason === 'cap_reached'),
    ).toHaveLength(CLICKS - LIMIT);
    expect(await stored(campaignId)).toEqual({
      'approved/': LIMIT,
      'rejected/cap_reached': CLICKS - LIMIT,
    });
    expect(await approvedPayout(campaignId)).toBe('10.0000');
    expect(await used(campaignId)).toEqual([LIMIT, '10.0000']);

    // Ten more distinct conversions: the caps are full, so every one is refused and nothing moves.
    const more = await clicks(campaignId, 10, 'b');
    const late = await Promise.all(more.map(async (id) => json(await postback(id))));
    expect(late.map((b) => `${b.data.status}/${b.data.reason}`)).toEqual(
      more.map(() => 'rejected/cap_reached'),
    );
    expect(await stored(campaignId)).toEqual({
      'approved/': LIMIT,
      'rejected/cap_reached': CLICKS - LIMIT + 10,
    });
    expect(await approvedPayout(campaignId)).toBe('10.0000');
    expect(await used(campaignId)).toEqual([LIMIT, '10.0000']);
  }, 180_000);

  it("a copy whose insert fails while another copy's succeeds leaves the stored row's place, also through the deferred retry", async () => {
    const created = await send('/campaigns', {
      name: 'Identical copies: failed insert',
      advertiser_id: advertiser.id,
      default_payout: CPA,
      quality_threshold: 0,
    });
    const campaignId = (await json(created)).data.id as number;
    const caps = [{ metric: 'conversions', period: 'day', limit: 1 }];
    expect((await send(`/campaigns/${campaignId}/caps`, { caps }, 'PUT')).status).toBe(200);
    const [id, other] = await clicks(campaignId, 2, 'c');
    // The first conversion INSERT to reach the database is dropped: the copy that reserved first loses it.
    await controlDatabase({ failNext: { match: 'insert into `conversions`', count: 1 } });
    const answers = await Promise.all([postback(id!), postback(id!)]);
    // One copy stored it; the other was queued (202) and its deferred retry finds the stored row.
    expect(answers.map((r) => r.status).sort()).toEqual([200, 202]);
    const stored200 = await json(answers.find((r) => r.status === 200)!);
    expect(stored200.data.status).toBe('approved');
    expect(
      await eventually(
        () => count('postback_log', sql`click_id = ${id!}`),
        (n) => n >= 2,
        15_000,
      ),
    ).toBeGreaterThanOrEqual(2);
    expect(await stored(campaignId)).toEqual({ 'approved/': 1 });
    expect(await used(campaignId)).toEqual([1]);
    // The cap is full: the next distinct conversion is refused.
    const next = await json(await postback(other!));
    expect(`${next.data.status}/${next.data.reason}`).toBe('rejected/cap_reached');
    expect(await used(campaignId)).toEqual([1]);
  }, 120_000);

  it('review approving capped conversions while replays of them arrive: every approval holds its place', async () => {
    const created = await send('/campaigns', {
      name: 'Identical copies: review race',
      advertiser_id: advertiser.id,
      default_payout: CPA,
      quality_threshold: 0,
    });
    const campaignId = (await json(created)).data.id as number;
    const caps = [{ metric: 'conversions', period: 'day', limit: 10 }];
    expect((await send(`/campaigns/${campaignId}/caps`, { caps }, 'PUT')).status).toBe(200);
    const ids = await clicks(campaignId, 11, 'd');
    // Stored over a cap since raised: rejected, holding no place, as the postback would have stored them.
    const rows = [];
    for (const id of ids.slice(0, 10))
      rows.push(
        await insertConversion({
          affiliateId: affiliate.id,
          campaignId,
          clickId: id,
          txid: `order-${id}`,
          payout: '2.0000',
          status: 'rejected',
          reason: 'cap_reached',
          statusSetBy: 'rules',
          timestamp: toMysqlDatetime(new Date()),
        }),
      );
    await setDatabaseJitter(JITTER_MS);
    const answers = await Promise.all(
      rows.flatMap((row) => [
        asAdmin(`/conversions/${row.id}`, patchJson({ status: 'approved' })),
        ...Array.from({ length: COPIES }, () => postback(row.clickId)),
      ]),
    );
    await setDatabaseJitter(0);
    for (const res of answers) expect(res.status, await res.clone().text()).toBe(200);
    expect(await stored(campaignId)).toEqual({ 'approved/manual': 10 });
    expect(await used(campaignId)).toEqual([10]);
    const next = await json(await postback(ids[10]!));
    expect(`${next.data.status}/${next.data.reason}`).toBe('rejected/cap_reached');
    expect(await used(campaignId)).toEqual([10]);
  }, 120_000);
});
