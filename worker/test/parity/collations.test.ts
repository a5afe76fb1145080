import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createAffiliate, createCampaign, json, type TestAffiliate } from '../api.ts';
import { count, db } from '../db.ts';
import { queryString, unique } from '../security/requests.ts';

// Text compares as it will on PlanetScale: identifiers byte for byte (binary collation), other
// text NO PAD with emoji told apart (the local database's utf8mb4_unicode_520_nopad_ci).

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('collations'));
  campaign = await createCampaign({ name: unique('Collations'), default_payout: '1' });
});

const jsonClick = (clickId: string, extra: Record<string, string> = {}) =>
  api(
    `/click?${queryString({ affiliate_id: affiliate.id, campaign_id: campaign.id, click_id: clickId, format: 'json', ...extra })}`,
  );

const postback = (params: Record<string, string>) =>
  api(
    `/postback?${queryString({ affiliate_id: affiliate.id, amount: '1', token: affiliate.postbackSecret, ...params })}`,
  ).then(json);

describe('identifiers compare byte for byte', () => {
  it('keeps click ids that differ only by case apart', async () => {
    const base = unique('CaseClick');
    expect((await jsonClick(base)).status).toBe(200);
    expect((await jsonClick(base.toLowerCase())).status).toBe(200);
    expect(await count('clicks', sql`click_id IN (${base}, ${base.toLowerCase()})`)).toBe(2);
    const upper = await postback({ click_id: base.toUpperCase() });
    expect(upper.success).toBe(false);
  });

  it('counts txids and events that differ only by case as separate conversions', async () => {
    const clickId = unique('case-conv');
    await jsonClick(clickId);
    const answers = [
      await postback({ click_id: clickId, txid: 'Order-1' }),
      await postback({ click_id: clickId, txid: 'order-1' }),
      await postback({ click_id: clickId, txid: 'Order-1', event: 'Sale' }),
      await postback({ click_id: clickId, txid: 'Order-1', event: 'sale' }),
    ];
    expect(answers.map((a) => a.duplicate)).toEqual([false, false, false, false]);
    expect(new Set(answers.map((a) => a.data.conversion_id)).size).toBe(4);
    expect((await postback({ click_id: clickId, txid: 'order-1' })).duplicate).toBe(true);
  });

  it('declares the binary collation on every identifier column', async () => {
    const { rows } = await db.execute(sql`
      SELECT CONCAT(table_name, '.', column_name) AS col, collation_name AS collation FROM information_schema.columns
      WHERE table_schema = DATABASE() AND CONCAT(table_name, '.', column_name) IN
        ('clicks.click_id', 'clicks.ingest_id', 'click_fingerprints.first_click_id', 'conversions.click_id',
         'conversions.event', 'conversions.txid', 'affiliates.api_key_hash', 'outgoing_postbacks.claim_key')
      ORDER BY col`);
    expect(rows).toHaveLength(8);
    expect(rows.every((r) => (r as { collation: string }).collation === 'utf8mb4_bin')).toBe(true);
  });
});

describe('sub ids group as on PlanetScale (NO PAD, emoji apart)', () => {
  it("splits 'fb' from 'fb ' and one emoji from another", async () => {
    const subs = ['fb', 'fb ', 'fb', '😀', '😃', '😃'];
    for (const sub1 of subs)
      expect((await jsonClick(unique('sub-click'), { sub1 })).status).toBe(200);
    const res = await api(`/affiliates/${affiliate.id}/stats?group_by=sub1`, {
      key: affiliate.apiKey,
    });
    expect(res.status).toBe(200);
    const groups = Object.fromEntries(
      ((await json(res)).data as { key: string; clicks: number }[]).map((g) => [g.key, g.clicks]),
    );
    expect(groups).toMatchObject({ fb: 2, 'fb ': 1, '😀': 1, '😃': 2 });
  });
});
