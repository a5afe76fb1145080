import { sql, type SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { toMysqlDatetime } from '../../db/time.ts';
import { api, createAffiliate, createCampaign, json } from '../api.ts';
import { db } from '../db.ts';
import { databaseSettled } from '../db-writes.ts';
import { expectError } from './error-shape.ts';
import { unique } from './requests.ts';

const DIGITS = sql.raw(
  '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)',
);

// Plants clicks the way anyone can through /click (long sub ids), straight into the table for speed.
async function plantClicks(
  affiliateId: number,
  campaignId: number,
  prefix: string,
  n: number,
  sub1: (n: SQL) => SQL,
) {
  const base = toMysqlDatetime(new Date(Date.now() - 3_600_000));
  await db.execute(sql`
    INSERT INTO clicks (click_id, affiliate_id, campaign_id, sub1, sub2, is_unique, timestamp)
    SELECT CONCAT(${prefix}, n), ${affiliateId}, ${campaignId}, ${sub1(sql.raw('n'))}, REPEAT('s', 255), TRUE,
           ${base} + INTERVAL (n DIV 7) SECOND
    FROM (SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * f.d AS n
          FROM ${DIGITS} a, ${DIGITS} b, ${DIGITS} c, ${DIGITS} e, ${DIGITS} f) seq
    WHERE n < ${n}`);
}

describe('2. unbounded work per request', () => {
  it('streams the CSV export page by page: rows written after the first bytes went out are still in it', async () => {
    const affiliate = await createAffiliate(unique('export'));
    const campaign = await createCampaign({ name: unique('export') });
    const rows = 20_000;
    await plantClicks(
      affiliate.id,
      campaign.id,
      `exp-${affiliate.id}-`,
      rows,
      () => sql`REPEAT('x', 255)`,
    );

    const res = await api(`/affiliates/${affiliate.id}/clicks.csv`, { key: affiliate.apiKey });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    // Older than every planted click, so it belongs to the export's last page: a snapshot taken up front would miss it.
    const oldest = toMysqlDatetime(new Date(Date.now() - 2 * 3_600_000));
    await db.execute(
      sql`INSERT INTO clicks (click_id, affiliate_id, campaign_id, timestamp) VALUES (${`late-${affiliate.id}`}, ${affiliate.id}, ${campaign.id}, ${oldest})`,
    );
    const decoder = new TextDecoder();
    let text = decoder.decode(first.value, { stream: true });
    let chunks = 1;
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      chunks++;
      text += decoder.decode(next.value, { stream: true });
    }
    const lines = text.trim().split('\r\n');
    expect(chunks).toBeGreaterThan(1);
    expect(lines).toHaveLength(rows + 2);
    expect(lines.at(-1)).toContain(`late-${affiliate.id}`);
    // Keyset pages neither repeat nor skip rows that share a timestamp.
    const ids = lines.slice(1).map((l) => l.split(',')[1]);
    expect(new Set(ids).size).toBe(rows + 1);
  });

  it('answers group_by=subN with the top N sub ids and one "other" bucket for the rest', async () => {
    const affiliate = await createAffiliate(unique('subs'));
    const campaign = await createCampaign({ name: unique('subs') });
    // 300 distinct sub1 values: v000..v029 have 12 clicks each, v030..v299 two each.
    await plantClicks(
      affiliate.id,
      campaign.id,
      `sub-${affiliate.id}-`,
      900,
      (n) =>
        sql`CONCAT('v', LPAD(IF(${n} < 600, ${n} % 300, ${n} % 30), 3, '0'), REPEAT('z', 200))`,
    );
    const topKey = `v004${'z'.repeat(200)}`;
    const otherKey = `v150${'z'.repeat(200)}`;
    for (const [clickNo, key] of [
      [4, topKey],
      [0, otherKey],
    ] as const) {
      const [click] = (
        await db.execute(
          sql`SELECT click_id FROM clicks WHERE affiliate_id = ${affiliate.id} AND sub1 = ${key} LIMIT 1`,
        )
      ).rows as { click_id: string }[];
      const res = await api(
        `/postback?affiliate_id=${affiliate.id}&click_id=${click!.click_id}&amount=${clickNo + 1}&currency=USD&token=${affiliate.postbackSecret}`,
      );
      expect(res.status).toBe(200);
    }

    const body = await json(
      await api(`/affiliates/${affiliate.id}/stats?group_by=sub1&limit=10`, {
        key: affiliate.apiKey,
      }),
    );
    expect(body.data).toHaveLength(10);
    const counts = body.data.map((r: { clicks: number }) => r.clicks);
    expect(counts).toEqual([...counts].sort((a: number, b: number) => b - a));
    expect(body.data[0].clicks).toBe(12);
    expect(body.other.clicks + counts.reduce((a: number, b: number) => a + b, 0)).toBe(900);
    // The affiliate's own reports are unverified: counted apart, in no total.
    expect(body.other.conversions).toBe(0);
    expect(body.other.reported).toMatchObject({
      conversions: 1,
      revenue: [{ currency: 'USD', amount: 1 }],
    });
    const top = body.data.find((r: { key: string }) => r.key === topKey);
    expect(top?.reported.revenue).toEqual([{ currency: 'USD', amount: 5 }]);

    const byDefault = await json(
      await api(`/affiliates/${affiliate.id}/stats?group_by=sub1`, { key: affiliate.apiKey }),
    );
    expect(byDefault.data).toHaveLength(100);
    expect(JSON.stringify(byDefault).length).toBeLessThan(100_000);
    for (const limit of ['0', '1001', 'ten', '-1', '5&limit=6']) {
      const bad = await api(`/affiliates/${affiliate.id}/stats?group_by=sub1&limit=${limit}`, {
        key: affiliate.apiKey,
      });
      await expectError(bad, 400, 'bad_request');
    }
  });
});

describe('7. flooding by a valid credential', () => {
  // Budgets from wrangler.toml's [[ratelimits]]: windows are fixed, so twice the limit plus one always crosses one.
  const DUPLICATE_LIMIT = 10;
  const REPORT_LIMIT = 60;

  const logRows = (clickId: string) =>
    db
      .execute(sql`SELECT COUNT(*) AS n FROM postback_log WHERE click_id = ${clickId}`)
      .then((r) => Number((r.rows[0] as { n: string }).n));

  // The log is written through a queue: waits until the queued work has landed.
  async function settledLogRows(clickId: string): Promise<number> {
    await databaseSettled();
    return logRows(clickId);
  }

  it('80 identical affiliate postbacks: duplicates past the budget are 429 and the log stays small', async () => {
    const affiliate = await createAffiliate(unique('dup flood'));
    const campaign = await createCampaign({ name: unique('Dup flood') });
    const click = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&format=json`,
    );
    const clickId = (await json(click)).data.click_id as string;
    const url = `/postback?affiliate_id=${affiliate.id}&click_id=${clickId}&amount=1&txid=same&token=${affiliate.postbackSecret}`;
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 80; i++) {
      const res = await api(url);
      statuses.push(res.status);
      if (res.status === 429 && !limited) limited = res;
      else await res.body?.cancel();
    }
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(2 * DUPLICATE_LIMIT + 1);
    expect(limited, 'a 429 arrives').toBeDefined();
    expect(limited!.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = await expectError(limited!, 429, 'too_many_duplicates');
    expect(body.error.message).toMatch(/duplicate/);
    expect(await settledLogRows(clickId)).toBeLessThanOrEqual(2 * DUPLICATE_LIMIT + 10);
    // 80 postbacks one after another: about 1.5 s alone, 20 times that on a loaded machine.
  }, 120_000);

  it("an affiliate's new pending reports past the budget are 429, and nothing more is stored", async () => {
    const affiliate = await createAffiliate(unique('report flood'));
    const campaign = await createCampaign({ name: unique('Report flood') });
    const click = await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&format=json`,
    );
    const clickId = (await json(click)).data.click_id as string;
    let limited: Response | undefined;
    let stored = 0;
    for (let i = 0; i < 2 * REPORT_LIMIT + 1 && !limited; i++) {
      const res = await api(
        `/postback?affiliate_id=${affiliate.id}&click_id=${clickId}&amount=99999999999&txid=r${i}&token=${affiliate.postbackSecret}`,
      );
      if (res.status === 429) limited = res;
      else {
        expect(res.status).toBe(200);
        stored++;
        await res.body?.cancel();
      }
    }
    expect(limited, 'a 429 arrives').toBeDefined();
    await expectError(limited!, 429, 'too_many_reports');
    const { rows } = await db.execute(
      sql`SELECT COUNT(*) AS n FROM conversions WHERE click_id = ${clickId}`,
    );
    expect(Number((rows[0] as { n: string }).n)).toBe(stored);
    // Up to 2 * REPORT_LIMIT + 1 postbacks one after another, as slow as the flood above.
  }, 120_000);
});
