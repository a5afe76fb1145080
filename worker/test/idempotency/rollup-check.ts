import { sql } from 'drizzle-orm';
import { recountClicksSql, recountConversionsSql } from '../../../dev/stack/rollups.ts';
import { db } from '../db.ts';

type Row = Record<string, unknown>;

const numeric = new Set([
  'clicks',
  'unique_clicks',
  'suspicious_clicks',
  'conversions',
  'revenue',
  'payout',
]);

// Rows as sorted, comparable strings: the driver returns counts and DECIMALs as text of varying scale.
function normalize(rows: Row[]): string[] {
  return rows
    .map((r) =>
      Object.keys(r)
        .sort()
        .map((k) => `${k}=${numeric.has(k) ? Number(r[k]).toFixed(4) : String(r[k])}`)
        .join(' '),
    )
    .sort();
}

async function rows(query: string, affiliateIds: number[]): Promise<Row[]> {
  const ids = affiliateIds.map(Number).join(',');
  return (await db.execute(sql.raw(`SELECT * FROM (${query}) r WHERE affiliate_id IN (${ids})`)))
    .rows as Row[];
}

// The incremental rollups of these affiliates next to a recount from their raw rows (empty cells left out).
export async function rollupsAndRecounts(affiliateIds: number[]) {
  const clickRollup = `SELECT affiliate_id, campaign_id, DATE_FORMAT(day, '%Y-%m-%d') AS day, clicks, unique_clicks, suspicious_clicks FROM daily_clicks WHERE clicks + suspicious_clicks > 0`;
  const conversionRollup = `SELECT affiliate_id, campaign_id, DATE_FORMAT(day, '%Y-%m-%d') AS day, currency, status, conversions, revenue, payout FROM daily_conversions WHERE conversions > 0`;
  return {
    clicks: {
      rollup: normalize(await rows(clickRollup, affiliateIds)),
      recount: normalize(await rows(recountClicksSql, affiliateIds)),
    },
    conversions: {
      rollup: normalize(await rows(conversionRollup, affiliateIds)),
      recount: normalize(await rows(recountConversionsSql, affiliateIds)),
    },
  };
}
