import { and, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { conversions, type Conversion, type NewConversion } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { isDuplicateKey } from '../errors.ts';
import { newestFirstPage, type PageQuery } from './page.ts';
import { reportStatusSql } from '../../reports/report-status.ts';
import { retryOnDeadlock } from './retry.ts';

export async function findConversion(db: Database, id: number): Promise<Conversion | undefined> {
  const [row] = await db.select().from(conversions).where(eq(conversions.id, id)).limit(1);
  return row;
}

/**
 * Runs `then` with the conversion's row locked (SELECT ... FOR UPDATE) in a transaction: a status
 * change of that row waits until it is done, so what `then` read is still what is stored.
 */
export function withConversionLocked<T>(
  db: Database,
  id: number,
  then: (row: Conversion | undefined) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(conversions).where(eq(conversions.id, id)).for('update');
    return then(row);
  });
}

export type InsertedConversion =
  | { created: true; id: number }
  | { created: false; existing: Conversion };

/**
 * Inserts the conversion unless (affiliate, click, event, txid) already exists; the unique key makes
 * postbacks idempotent. "New" means the INSERT itself succeeded; a duplicate-entry error means
 * another postback stored it first, which is then read by that key. Affected-row counts are not
 * used: PlanetScale's found-rows sessions report 1 for an upsert onto an unchanged row.
 */
export async function insertConversionOnce(
  db: Database,
  values: NewConversion,
): Promise<InsertedConversion> {
  try {
    const result = await db.insert(conversions).values(values);
    return { created: true, id: Number(result.insertId) };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const existing = await findConversionByKey(db, {
    affiliateId: values.affiliateId,
    clickId: values.clickId,
    event: values.event ?? 'conversion',
    txid: values.txid ?? '',
  });
  if (!existing)
    throw new Error(
      `conversion ${values.clickId}/${values.event}/${values.txid} reported as duplicate but not found`,
    );
  return { created: false, existing };
}

export async function findConversionByKey(
  db: Database,
  key: { affiliateId: number; clickId: string; event: string; txid: string },
): Promise<Conversion | undefined> {
  const [row] = await db
    .select()
    .from(conversions)
    .where(
      and(
        eq(conversions.affiliateId, key.affiliateId),
        eq(conversions.clickId, key.clickId),
        eq(conversions.event, key.event),
        eq(conversions.txid, key.txid),
      ),
    )
    .limit(1);
  return row;
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

/**
 * Moves a conversion from one status to another only if nobody else moved it first. The count is
 * the same with or without found rows: the WHERE names the old status and the new one differs,
 * so a matched row is always a changed row.
 */
export async function changeConversionStatus(
  db: Database,
  id: number,
  from: string,
  to: string,
  updatedAt: string,
  decision: { reason: string | null; statusSetBy: string },
): Promise<boolean> {
  if (from === to) throw new Error(`status change of conversion ${id} from ${from} to itself`);
  const result = await db
    .update(conversions)
    .set({ status: to, updatedAt, reason: decision.reason, statusSetBy: decision.statusSetBy })
    .where(and(eq(conversions.id, id), eq(conversions.status, from)));
  return result.rowsAffected === 1;
}

/**
 * Records who decided a status the conversion keeps (the network confirming it), only while the
 * row is as it was read. Callers write only when the reason or the decider differs, so a matched
 * row is always a changed row, with or without found rows.
 */
export async function confirmConversionStatus(
  db: Database,
  existing: Conversion,
  updatedAt: string,
  decision: { reason: string | null; statusSetBy: string },
): Promise<boolean> {
  const result = await db
    .update(conversions)
    .set({ updatedAt, reason: decision.reason, statusSetBy: decision.statusSetBy })
    .where(
      and(
        eq(conversions.id, existing.id),
        eq(conversions.status, existing.status),
        eq(conversions.statusSetBy, existing.statusSetBy),
        existing.reason === null
          ? isNull(conversions.reason)
          : eq(conversions.reason, existing.reason),
      ),
    );
  return result.rowsAffected === 1;
}

/**
 * Replaces an affiliate-reported conversion with the advertiser's report, only while the row is as
 * it was read (same status, still set by the affiliate). The new row is set by someone else, so a
 * matched row is always a changed row, with or without found rows.
 */
export async function restateConversion(
  db: Database,
  existing: Conversion,
  next: Conversion,
): Promise<boolean> {
  const result = await db
    .update(conversions)
    .set({
      amount: next.amount,
      currency: next.currency,
      payout: next.payout,
      payoutRuleId: next.payoutRuleId,
      status: next.status,
      reason: next.reason,
      statusSetBy: next.statusSetBy,
      updatedAt: next.updatedAt,
    })
    .where(
      and(
        eq(conversions.id, existing.id),
        eq(conversions.status, existing.status),
        eq(conversions.statusSetBy, 'affiliate'),
      ),
    );
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
        AND campaign_id = ${cell.campaignId} AND currency = ${cell.currency} AND ${sql.raw(reportStatusSql())} = ${cell.status}
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
  reason: conversions.reason,
  event: conversions.event,
  txid: conversions.txid,
  timestamp: conversions.timestamp,
};

export type ConversionListRow = Pick<Conversion, keyof typeof conversionListColumns>;

// Newest first, as listClicks.
export function listConversions(db: Database, q: PageQuery): Promise<ConversionListRow[]> {
  return newestFirstPage(
    db.select(conversionListColumns).from(conversions).$dynamic(),
    conversions,
    q,
    eq(conversions.affiliateId, q.affiliateId),
  );
}
