import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.ts';

// `all` folds every click into one row: the totals.
export type QualityGroup = 'all' | 'affiliate' | 'campaign' | 'sub1' | 'country' | 'as_org';

export interface QualityRow {
  key: string;
  clicks: number;
  suspicious: number;
}

const groupColumn: Record<QualityGroup, SQL> = {
  all: sql`''`,
  affiliate: sql`CAST(affiliate_id AS CHAR)`,
  campaign: sql`CAST(campaign_id AS CHAR)`,
  sub1: sql`COALESCE(sub1, '')`,
  country: sql`COALESCE(country, '')`,
  as_org: sql`COALESCE(as_org, '')`,
};

export const QUALITY_ROW_LIMIT = 100;

/**
 * Recorded clicks and how many were suspicious, grouped, largest first. Read from raw clicks in the
 * range: one affiliate's through clicks_affiliate_time; all affiliates' (admin) scans the range.
 */
export async function qualityBreakdown(
  db: Database,
  q: { affiliateId: number | null; from: string; to: string; by: QualityGroup },
): Promise<QualityRow[]> {
  const key = groupColumn[q.by];
  const scope = q.affiliateId === null ? sql`` : sql`affiliate_id = ${q.affiliateId} AND`;
  const { rows } = await db.execute(sql`
    SELECT ${key} AS \`key\`, COUNT(*) AS clicks, SUM(is_suspicious) AS suspicious
    FROM clicks WHERE ${scope} timestamp >= ${q.from} AND timestamp < ${q.to}
    GROUP BY \`key\` ORDER BY clicks DESC, \`key\` LIMIT ${sql.raw(String(QUALITY_ROW_LIMIT))}`);
  return (rows as Record<string, string | number>[]).map((r) => ({
    key: String(r.key),
    clicks: Number(r.clicks),
    suspicious: Number(r.suspicious),
  }));
}

// The industry's click-to-install-time buckets, upper bounds in seconds (exclusive).
export const CTIT_BUCKETS = [
  { bucket: '<10s', below: 10 },
  { bucket: '10-60s', below: 60 },
  { bucket: '1-10m', below: 600 },
  { bucket: '10-60m', below: 3600 },
  { bucket: '1-24h', below: 86_400 },
  { bucket: '>24h', below: null },
] as const;

export type CtitBucket = (typeof CTIT_BUCKETS)[number]['bucket'];

// Conversions per CTIT bucket, and how many of them are held or pending, for one affiliate's range
// (through conversions_affiliate_time) or, for the admin, the whole network's (scans the range).
export async function ctitHistogram(
  db: Database,
  q: { affiliateId: number | null; from: string; to: string },
): Promise<{ bucket: CtitBucket; conversions: number; pending: number }[]> {
  const bucketOf = sql.join(
    [
      sql`CASE`,
      ...CTIT_BUCKETS.filter((b) => b.below !== null).map(
        (b) => sql`WHEN ctit_seconds < ${b.below} THEN ${b.bucket}`,
      ),
      sql`ELSE '>24h' END`,
    ],
    sql` `,
  );
  const { rows } = await db.execute(sql`
    SELECT ${bucketOf} AS bucket, COUNT(*) AS conversions, SUM(status = 'pending') AS pending
    FROM conversions
    WHERE ${q.affiliateId === null ? sql`` : sql`affiliate_id = ${q.affiliateId} AND`} timestamp >= ${q.from} AND timestamp < ${q.to} AND ctit_seconds IS NOT NULL
    GROUP BY bucket`);
  const found = new Map(
    (rows as Record<string, string | number>[]).map((r) => [String(r.bucket), r]),
  );
  return CTIT_BUCKETS.map(({ bucket }) => ({
    bucket,
    conversions: Number(found.get(bucket)?.conversions ?? 0),
    pending: Number(found.get(bucket)?.pending ?? 0),
  }));
}
