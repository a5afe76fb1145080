import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClickId } from '../lib/click-id.ts';
import { api, createAffiliate, createCampaign, json, type TestAffiliate } from '../test/api.ts';
import { db, eventually, count } from '../test/db.ts';

// These postbacks set payouts, which only the network's admin token may do.
const NETWORK_TOKEN = env.ADMIN_TOKEN;

let affiliate: TestAffiliate;
let usd: { id: number };
let eur: { id: number };
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  affiliate = await createAffiliate('Reporter');
  usd = await createCampaign({
    name: 'USD offer',
    offer_url: 'https://a.example/?c={click_id}',
    default_payout: '5',
    currency: 'USD',
  });
  eur = await createCampaign({ name: 'EUR offer', default_payout: '2.5', currency: 'EUR' });
  const clicks: string[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await api(`/c/${usd.id}/${affiliate.id}?sub1=${i < 3 ? 'facebook' : 'google'}`, {
      headers: { 'cf-connecting-ip': `192.0.2.${i % 2}` },
    });
    clicks.push(new URL(res.headers.get('location')!).searchParams.get('c')!);
  }
  for (let i = 0; i < 2; i++)
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${eur.id}&click_id=rep-eur-${affiliate.id}-${i}`,
    );
  await eventually(
    () => count('clicks', sql`affiliate_id = ${affiliate.id}`),
    (n) => n === 6,
  );
  const pb = (clickId: string, extra: string) =>
    api(
      `/postback?click_id=${clickId}&affiliate_id=${affiliate.id}&token=${NETWORK_TOKEN}&${extra}`,
    );
  await pb(clicks[0]!, 'amount=100&currency=USD');
  await pb(clicks[1]!, 'amount=50.25&currency=USD&status=pending&payout=7');
  await pb(clicks[2]!, 'amount=80&currency=USD&status=rejected');
  await pb(`rep-eur-${affiliate.id}-0`, 'amount=20&currency=EUR');
});

describe('GET /affiliates/:id/summary', () => {
  it('adds up clicks, unique clicks, conversions, revenue, payout and EPC by currency', async () => {
    const res = await api(`/affiliates/${affiliate.id}/summary?from=${today}&to=${today}`, {
      key: affiliate.apiKey,
    });
    expect(res.status).toBe(200);
    const { data } = await json(res);
    expect(data).toMatchObject({
      from: today,
      to: today,
      clicks: 6,
      unique_clicks: 4,
      conversions: 3,
      approved: 2,
      pending: 1,
      rejected: 1,
    });
    expect(data.conversion_rate).toBe(0.5);
    expect(data.revenue).toEqual([
      { currency: 'EUR', amount: 20 },
      { currency: 'USD', amount: 150.25 },
    ]);
    expect(data.payout).toEqual([
      { currency: 'EUR', amount: 2.5 },
      { currency: 'USD', amount: 12 },
    ]);
    expect(data.epc).toEqual([
      { currency: 'EUR', amount: 0.4167 },
      { currency: 'USD', amount: 2 },
    ]);
  });

  it('is all zeros for a range without traffic', async () => {
    const { data } = await json(
      await api(`/affiliates/${affiliate.id}/summary?from=2020-01-01&to=2020-01-31`, {
        key: affiliate.apiKey,
      }),
    );
    expect(data).toMatchObject({
      clicks: 0,
      conversions: 0,
      conversion_rate: 0,
      revenue: [],
      payout: [],
      epc: [],
    });
  });
});

describe('GET /affiliates/:id/stats', () => {
  it('has one row per day of the range', async () => {
    const from = new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10);
    const { data, group_by } = await json(
      await api(`/affiliates/${affiliate.id}/stats?group_by=day&from=${from}&to=${today}`, {
        key: affiliate.apiKey,
      }),
    );
    expect(group_by).toBe('day');
    expect(data).toHaveLength(7);
    expect(data.at(-1)).toMatchObject({ key: today, clicks: 6, conversions: 3 });
    expect(data[0]).toMatchObject({ key: from, clicks: 0 });
  });

  it('groups by campaign and by sub id', async () => {
    const byCampaign = await json(
      await api(`/affiliates/${affiliate.id}/stats?group_by=campaign`, { key: affiliate.apiKey }),
    );
    expect(byCampaign.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: String(usd.id), clicks: 4, conversions: 2 }),
        expect.objectContaining({ key: String(eur.id), clicks: 2, conversions: 1 }),
      ]),
    );
    const bySub = await json(
      await api(`/affiliates/${affiliate.id}/stats?group_by=sub1`, { key: affiliate.apiKey }),
    );
    expect(bySub.data[0]).toMatchObject({
      key: 'facebook',
      clicks: 3,
      conversions: 2,
      rejected: 1,
    });
    expect(bySub.data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'google', clicks: 1, conversions: 0 }),
      ]),
    );
  });

  it('refuses an unknown group_by naming it', async () => {
    const res = await api(`/affiliates/${affiliate.id}/stats?group_by=affiliate`, {
      key: affiliate.apiKey,
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toContain('group_by');
  });
});

describe('rollups', () => {
  it('equal a recount from raw rows after a randomized mix of clicks and postbacks', async () => {
    const mixer = await createAffiliate('Mixer');
    const campaigns = [usd, eur];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const clickIds: string[] = [];
    for (let i = 0; i < 40; i++) {
      const campaign = campaigns[Math.floor(rand() * 2)]!;
      if (campaign === usd && rand() < 0.7) {
        const res = await api(`/c/${campaign.id}/${mixer.id}`, {
          headers: { 'cf-connecting-ip': `10.0.0.${Math.floor(rand() * 4)}` },
        });
        clickIds.push(new URL(res.headers.get('location')!).searchParams.get('c')!);
      } else {
        const id = await generateClickId(env.TRACKER_SECRET, {
          affiliateId: mixer.id,
          campaignId: campaign.id,
          clickedAt: new Date(),
        });
        await api(
          `/click?affiliate_id=${mixer.id}&campaign_id=${campaign.id}&click_id=${id}&format=json`,
        );
        clickIds.push(id);
      }
    }
    const statuses = ['approved', 'pending', 'rejected'];
    for (let i = 0; i < 60; i++) {
      const clickId = clickIds[Math.floor(rand() * clickIds.length)]!;
      const status = statuses[Math.floor(rand() * 3)]!;
      await api(
        `/postback?click_id=${encodeURIComponent(clickId)}&affiliate_id=${mixer.id}&amount=${(rand() * 100).toFixed(2)}&currency=${rand() < 0.5 ? 'USD' : 'EUR'}&txid=t${Math.floor(rand() * 20)}&status=${status}&token=${NETWORK_TOKEN}`,
      );
    }
    await eventually(
      () => count('clicks', sql`affiliate_id = ${mixer.id}`),
      (n) => n === 40,
    );

    const rollupClicks = await db.execute(
      sql`SELECT campaign_id, DATE_FORMAT(day, '%Y-%m-%d') AS day, clicks, unique_clicks FROM daily_clicks WHERE affiliate_id = ${mixer.id} ORDER BY campaign_id, day`,
    );
    const recountClicks = await db.execute(
      sql`SELECT campaign_id, DATE(timestamp) AS day, COUNT(*) AS clicks, SUM(is_unique) AS unique_clicks FROM clicks WHERE affiliate_id = ${mixer.id} GROUP BY campaign_id, DATE(timestamp) ORDER BY campaign_id, day`,
    );
    expect(normalize(rollupClicks.rows)).toEqual(normalize(recountClicks.rows));

    const rollupConversions = await db.execute(
      sql`SELECT campaign_id, DATE_FORMAT(day, '%Y-%m-%d') AS day, currency, status, conversions, revenue, payout FROM daily_conversions WHERE affiliate_id = ${mixer.id} AND conversions > 0 ORDER BY campaign_id, day, currency, status`,
    );
    const recountConversions = await db.execute(
      sql`SELECT campaign_id, DATE(timestamp) AS day, currency, status, COUNT(*) AS conversions, SUM(amount) AS revenue, COALESCE(SUM(payout), 0) AS payout FROM conversions WHERE affiliate_id = ${mixer.id} GROUP BY campaign_id, DATE(timestamp), currency, status ORDER BY campaign_id, day, currency, status`,
    );
    expect(recountConversions.rows.length).toBeGreaterThan(3);
    expect(normalize(rollupConversions.rows)).toEqual(normalize(recountConversions.rows));
  });
});

function normalize(rows: unknown[]) {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row as Record<string, unknown>).map(([k, v]) => [
        k,
        k === 'day' || k === 'currency' || k === 'status' ? v : Number(v),
      ]),
    ),
  );
}
