import { and, between, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';
import { campaigns, dailyClicks, dailyConversions } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { reportStatusSql } from '../../reports/report-status.ts';

export interface ReportRange {
  affiliateId: number;
  fromDay: string;
  toDay: string;
}

/** Whose rollup rows a report reads: one affiliate's, or every affiliate's on one advertiser's campaigns. */
export type RollupScope = { fromDay: string; toDay: string } & (
  | { affiliateId: number }
  | { advertiserId: number }
);

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
  campaign: {
    clicks: sql`${dailyClicks.campaignId}`,
    conversions: sql`${dailyConversions.campaignId}`,
  },
};

// The campaign filter is a subquery, so an advertiser's report costs the same round trip as an affiliate's.
function scopeFilter(
  db: Database,
  r: RollupScope,
  affiliateId: MySqlColumn,
  campaignId: MySqlColumn,
): SQL {
  if ('affiliateId' in r) return eq(affiliateId, r.affiliateId);
  return inArray(
    campaignId,
    db
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.advertiserId, r.advertiserId)),
  );
}

// Day and campaign reports read only the daily rollups: cost grows with days, not clicks.
export async function rollupTotals(
  db: Database,
  r: RollupScope,
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
      .where(
        and(
          scopeFilter(db, r, dailyClicks.affiliateId, dailyClicks.campaignId),
          between(dailyClicks.day, r.fromDay, r.toDay),
        ),
      )
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
          scopeFilter(db, r, dailyConversions.affiliateId, dailyConversions.campaignId),
          between(dailyConversions.day, r.fromDay, r.toDay),
          ne(dailyConversions.conversions, 0),
        ),
      )
      .groupBy(conversionKey, dailyConversions.currency, dailyConversions.status),
  ]);
  return { clicks, conversions };
}

// Groupings read from the click rows themselves; `variant` is the landing variant a click was sent to.
export type ClickAttribute =
  | 'sub1'
  | 'sub2'
  | 'sub3'
  | 'sub4'
  | 'sub5'
  | 'country'
  | 'device'
  | 'os'
  | 'variant'
  | 'smartlink';

const attributeColumn: Record<ClickAttribute, string> = {
  sub1: 'sub1',
  sub2: 'sub2',
  sub3: 'sub3',
  sub4: 'sub4',
  sub5: 'sub5',
  country: 'country',
  device: 'device',
  os: 'os',
  variant: 'variant_id',
  smartlink: 'smartlink_id',
};

// The key under which groups beyond the top N are summed; no stored value contains control characters.
export const OTHER_GROUP = '\u0000other';

/**
 * Sub ids and the other click attributes are not in the rollups, so they are grouped from raw rows
 * in the range. Sub ids are free text with unbounded cardinality (anyone can plant them through
 * /click), so only the `limit` groups with the most clicks come back: everything else is summed
 * under OTHER_GROUP. The answer is bounded whatever the rows.
 */
export async function clickAttributeTotals(
  db: Database,
  r: ReportRange,
  attribute: ClickAttribute,
  limit: number,
): Promise<{ clicks: ClickTotals[]; conversions: ConversionTotals[] }> {
  const column = sql.raw(attributeColumn[attribute]);
  const from = `${r.fromDay} 00:00:00.000`;
  const until = sql`${r.toDay} + INTERVAL 1 DAY`;
  const [top, all] = await Promise.all([
    db.execute(sql`
      SELECT COALESCE(${column}, '') AS \`key\`, SUM(NOT is_suspicious) AS clicks, SUM(is_unique) AS unique_clicks
      FROM clicks WHERE affiliate_id = ${r.affiliateId} AND timestamp >= ${from} AND timestamp < ${until}
      GROUP BY \`key\` ORDER BY clicks DESC, \`key\` LIMIT ${sql.raw(String(limit))}`),
    db.execute(sql`
      SELECT COALESCE(SUM(NOT is_suspicious), 0) AS clicks, COALESCE(SUM(is_unique), 0) AS unique_clicks
      FROM clicks WHERE affiliate_id = ${r.affiliateId} AND timestamp >= ${from} AND timestamp < ${until}`),
  ]);
  const clicks = (top.rows as Record<string, string | number>[]).map((row) => ({
    key: String(row.key),
    clicks: Number(row.clicks),
    uniqueClicks: Number(row.unique_clicks),
  }));
  const total = all.rows[0] as Record<string, string | number>;
  const otherClicks = Number(total.clicks) - clicks.reduce((n, c) => n + c.clicks, 0);
  if (otherClicks > 0) {
    const otherUnique =
      Number(total.unique_clicks) - clicks.reduce((n, c) => n + c.uniqueClicks, 0);
    clicks.push({ key: OTHER_GROUP, clicks: otherClicks, uniqueClicks: otherUnique });
  }
  const topKeys = clicks.filter((c) => c.key !== OTHER_GROUP).map((c) => c.key);
  const inTop = topKeys.length ? sql`COALESCE(k.${column}, '') IN ${topKeys}` : sql`FALSE`;
  const conversions = await db.execute(sql`
    SELECT CASE WHEN ${inTop} THEN COALESCE(k.${column}, '') END AS \`key\`, c.currency, ${sql.raw(reportStatusSql('c.'))} AS report_status,
           COUNT(*) AS conversions, SUM(c.amount) AS revenue, COALESCE(SUM(c.payout), 0) AS payout
    FROM conversions c LEFT JOIN clicks k ON k.affiliate_id = c.affiliate_id AND k.click_id = c.click_id
    WHERE c.affiliate_id = ${r.affiliateId} AND c.timestamp >= ${from} AND c.timestamp < ${until}
    GROUP BY \`key\`, c.currency, report_status`);
  return {
    clicks,
    conversions: (conversions.rows as Record<string, string | number | null>[]).map((row) => ({
      key: row.key === null ? OTHER_GROUP : String(row.key),
      currency: String(row.currency),
      status: String(row.report_status),
      conversions: Number(row.conversions),
      revenue: String(row.revenue),
      payout: String(row.payout),
    })),
  };
}
