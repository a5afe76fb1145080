import { and, between, eq, ne, sql, type SQL } from 'drizzle-orm';
import { dailyClicks, dailyConversions } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

export interface ReportRange {
  affiliateId: number;
  fromDay: string;
  toDay: string;
}

export interface ClickTotals {
  key: string;
  clicks: number;
  uniqueClicks: number;
}

export interface ConversionTotals {
  key: string;
  currency: string;
  status: string;
  conversions: number;
  revenue: string;
  payout: string;
}

const rollupKey: Record<'day' | 'campaign', { clicks: SQL; conversions: SQL }> = {
  day: { clicks: sql`${dailyClicks.day}`, conversions: sql`${dailyConversions.day}` },
  campaign: { clicks: sql`${dailyClicks.campaignId}`, conversions: sql`${dailyConversions.campaignId}` },
};

// Day and campaign reports read only the daily rollups: cost grows with days, not clicks.
export async function rollupTotals(
  db: Database,
  r: ReportRange,
  groupBy: 'day' | 'campaign' | 'all',
): Promise<{ clicks: ClickTotals[]; conversions: ConversionTotals[] }> {
  const clickKey = groupBy === 'all' ? sql`'all'` : rollupKey[groupBy].clicks;
  const conversionKey = groupBy === 'all' ? sql`'all'` : rollupKey[groupBy].conversions;
  const [clicks, conversions] = await Promise.all([
    db
      .select({
        key: sql<string>`${clickKey}`.mapWith(String),
        clicks: sql<number>`SUM(${dailyClicks.clicks})`.mapWith(Number),
        uniqueClicks: sql<number>`SUM(${dailyClicks.uniqueClicks})`.mapWith(Number),
      })
      .from(dailyClicks)
      .where(and(eq(dailyClicks.affiliateId, r.affiliateId), between(dailyClicks.day, r.fromDay, r.toDay)))
      .groupBy(clickKey),
    db
      .select({
        key: sql<string>`${conversionKey}`.mapWith(String),
        currency: dailyConversions.currency,
        status: dailyConversions.status,
        conversions: sql<number>`SUM(${dailyConversions.conversions})`.mapWith(Number),
        revenue: sql<string>`SUM(${dailyConversions.revenue})`.mapWith(String),
        payout: sql<string>`SUM(${dailyConversions.payout})`.mapWith(String),
      })
      .from(dailyConversions)
      .where(
        and(
          eq(dailyConversions.affiliateId, r.affiliateId),
          between(dailyConversions.day, r.fromDay, r.toDay),
          ne(dailyConversions.conversions, 0),
        ),
      )
      .groupBy(conversionKey, dailyConversions.currency, dailyConversions.status),
  ]);
  return { clicks, conversions };
}

type SubColumn = 'sub1' | 'sub2' | 'sub3' | 'sub4' | 'sub5';

// Sub ids are free text with unbounded cardinality, so they are grouped from raw rows in the range.
export async function subIdTotals(
  db: Database,
  r: ReportRange,
  sub: SubColumn,
): Promise<{ clicks: ClickTotals[]; conversions: ConversionTotals[] }> {
  const column = sql.raw(sub);
  const from = `${r.fromDay} 00:00:00.000`;
  const until = sql`${r.toDay} + INTERVAL 1 DAY`;
  const [clicks, conversions] = await Promise.all([
    db.execute(sql`
      SELECT COALESCE(${column}, '') AS \`key\`, SUM(NOT is_suspicious) AS clicks, SUM(is_unique) AS unique_clicks
      FROM clicks WHERE affiliate_id = ${r.affiliateId} AND timestamp >= ${from} AND timestamp < ${until}
      GROUP BY \`key\``),
    db.execute(sql`
      SELECT COALESCE(k.${column}, '') AS \`key\`, c.currency, c.status, COUNT(*) AS conversions,
             SUM(c.amount) AS revenue, COALESCE(SUM(c.payout), 0) AS payout
      FROM conversions c LEFT JOIN clicks k ON k.affiliate_id = c.affiliate_id AND k.click_id = c.click_id
      WHERE c.affiliate_id = ${r.affiliateId} AND c.timestamp >= ${from} AND c.timestamp < ${until}
      GROUP BY \`key\`, c.currency, c.status`),
  ]);
  return {
    clicks: (clicks.rows as Record<string, string | number>[]).map((row) => ({
      key: String(row.key),
      clicks: Number(row.clicks),
      uniqueClicks: Number(row.unique_clicks),
    })),
    conversions: (conversions.rows as Record<string, string | number>[]).map((row) => ({
      key: String(row.key),
      currency: String(row.currency),
      status: String(row.status),
      conversions: Number(row.conversions),
      revenue: String(row.revenue),
      payout: String(row.payout),
    })),
  };
}
