import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { conversions, type Conversion, type NewConversion } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { olderThan, type PageQuery } from './page.ts';
import { retryOnDeadlock } from './retry.ts';

export async function findConversion(db: Database, id: number): Promise<Conversion | undefined> {
  const [row] = await db.select().from(conversions).where(eq(conversions.id, id)).limit(1);
  return row;
}

/**
 * One round trip that either inserts the conversion or, when (click, event, txid) exists,
 * leaves it untouched and reports its id: the unique key makes postbacks idempotent.
 */
export async function insertConversionOnce(
  db: Database,
  values: NewConversion,
): Promise<{ id: number; created: boolean }> {
  const result = await db
    .insert(conversions)
    .values(values)
    .onDuplicateKeyUpdate({ set: { id: sql`LAST_INSERT_ID(${conversions.id})` } });
  return { id: Number(result.insertId), created: result.rowsAffected === 1 };
}

// Conversions of one event from one visitor (salted IP hash) on a campaign that day, read through conversions_campaign_visitor.
export async function countVisitorConversions(
  db: Database,
  q: { campaignId: number; ipHash: string; event: string; day: string },
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`COUNT(*)`.mapWith(Number) })
    .from(conversions)
    .where(
      and(
        eq(conversions.campaignId, q.campaignId),
        eq(conversions.ipHash, q.ipHash),
        gte(conversions.timestamp, `${q.day} 00:00:00.000`),
        lt(conversions.timestamp, sql`${q.day} + INTERVAL 1 DAY`),
        eq(conversions.event, q.event),
      ),
    );
  return row?.n ?? 0;
}

// Moves a conversion from one status to another only if nobody else moved it first.
export async function changeConversionStatus(
  db: Database,
  id: number,
  from: string,
  to: string,
  updatedAt: string,
): Promise<boolean> {
  const result = await db
    .update(conversions)
    .set({ status: to, updatedAt })
    .where(and(eq(conversions.id, id), eq(conversions.status, from)));
  return result.rowsAffected === 1;
}

export interface RollupCell {
  affiliateId: number;
  campaignId: number;
  day: string;
  currency: string;
  status: string;
}

/**
 * Recounts one rollup cell from the raw conversions of that affiliate and day.
 * A recount, not an increment, so running it twice (a retried postback) is harmless.
 */
export async function recountConversionRollup(db: Database, cell: RollupCell): Promise<void> {
  await retryOnDeadlock(() =>
    db.execute(sql`
      INSERT INTO daily_conversions (affiliate_id, campaign_id, day, currency, status, conversions, revenue, payout)
      SELECT ${cell.affiliateId}, ${cell.campaignId}, ${cell.day}, ${cell.currency}, ${cell.status},
             COUNT(*), COALESCE(SUM(amount), 0), COALESCE(SUM(payout), 0)
      FROM ${conversions}
      WHERE affiliate_id = ${cell.affiliateId}
        AND timestamp >= ${cell.day} AND timestamp < ${cell.day} + INTERVAL 1 DAY
        AND campaign_id = ${cell.campaignId} AND currency = ${cell.currency} AND status = ${cell.status}
      ON DUPLICATE KEY UPDATE conversions = VALUES(conversions), revenue = VALUES(revenue), payout = VALUES(payout)`),
  );
}

// What conversion lists and exports show: only these columns are read.
export const conversionListColumns = {
  id: conversions.id,
  clickId: conversions.clickId,
  affiliateId: conversions.affiliateId,
  campaignId: conversions.campaignId,
  amount: conversions.amount,
  payout: conversions.payout,
  currency: conversions.currency,
  status: conversions.status,
  event: conversions.event,
  txid: conversions.txid,
  timestamp: conversions.timestamp,
};

export type ConversionListRow = Pick<Conversion, keyof typeof conversionListColumns>;

export function listConversions(db: Database, q: PageQuery): Promise<ConversionListRow[]> {
  return db
    .select(conversionListColumns)
    .from(conversions)
    .where(
      and(
        eq(conversions.affiliateId, q.affiliateId),
        gte(conversions.timestamp, q.from),
        lt(conversions.timestamp, q.to),
        olderThan(conversions.timestamp, conversions.id, q.cursor),
      ),
    )
    .orderBy(desc(conversions.timestamp), desc(conversions.id))
    .limit(q.limit);
}
