import type { Connection } from 'mysql2/promise';
import { reportStatusSql } from '../../worker/reports/report-status.ts';

// Rebuilds both daily rollups from raw rows: the reference the incremental rollups must equal.
export const recountClicksSql = `
  SELECT affiliate_id, campaign_id, DATE(timestamp) AS day, SUM(NOT is_suspicious) AS clicks, SUM(is_unique) AS unique_clicks,
         SUM(is_suspicious) AS suspicious_clicks
  FROM clicks GROUP BY affiliate_id, campaign_id, DATE(timestamp)`;

export const recountConversionsSql = `
  SELECT affiliate_id, campaign_id, DATE(timestamp) AS day, currency, report_status AS status,
         COUNT(*) AS conversions, SUM(amount) AS revenue, COALESCE(SUM(payout), 0) AS payout
  FROM (SELECT affiliate_id, campaign_id, timestamp, currency, amount, payout, ${reportStatusSql()} AS report_status
        FROM conversions) c
  GROUP BY affiliate_id, campaign_id, DATE(timestamp), currency, report_status`;

export async function rebuildRollups(conn: Connection): Promise<void> {
  await conn.query('DELETE FROM daily_clicks');
  await conn.query('DELETE FROM daily_conversions');
  await conn.query(
    `INSERT INTO daily_clicks (affiliate_id, campaign_id, day, clicks, unique_clicks, suspicious_clicks) ${recountClicksSql}`,
  );
  await conn.query(
    `INSERT INTO daily_conversions (affiliate_id, campaign_id, day, currency, status, conversions, revenue, payout) ${recountConversionsSql}`,
  );
}
