import { and, asc, count, eq, gt, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import { clicks, conversions, type Conversion } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

/** What a cap counts: one campaign, one affiliate of it or all, over [from, to) (UTC DATETIME text; null: unbounded). */
export interface CapSpan {
  campaignId: number;
  affiliateId: number | null;
  from: string | null;
  to: string | null;
}

export type CountedConversion = Pick<
  Conversion,
  'id' | 'affiliateId' | 'clickId' | 'event' | 'txid' | 'payout' | 'timestamp'
>;

function within(table: typeof clicks | typeof conversions, span: CapSpan): (SQL | undefined)[] {
  return [
    eq(table.campaignId, span.campaignId),
    span.affiliateId === null ? undefined : eq(table.affiliateId, span.affiliateId),
    span.from === null ? undefined : gte(table.timestamp, span.from),
    span.to === null ? undefined : lt(table.timestamp, span.to),
  ];
}

/**
 * One page, by id, of the span's confirmed conversions after `afterId`: approved ones, and pending ones an
 * advertiser or the admin reported. A pending row an affiliate reported, or one rules hold (whose reporter the
 * row no longer tells), never took a place when it was recorded; it takes one when review approves it.
 */
export function confirmedConversionsPage(
  db: Database,
  span: CapSpan,
  afterId: number,
  limit: number,
): Promise<CountedConversion[]> {
  return db
    .select({
      id: conversions.id,
      affiliateId: conversions.affiliateId,
      clickId: conversions.clickId,
      event: conversions.event,
      txid: conversions.txid,
      payout: conversions.payout,
      timestamp: conversions.timestamp,
    })
    .from(conversions)
    .where(
      and(
        or(
          eq(conversions.status, 'approved'),
          and(
            eq(conversions.status, 'pending'),
            inArray(conversions.statusSetBy, ['advertiser', 'admin']),
          ),
        ),
        gt(conversions.id, afterId),
        ...within(conversions, span),
      ),
    )
    .orderBy(asc(conversions.id))
    .limit(limit);
}

/** How many clicks the span holds. */
export async function countClicks(db: Database, span: CapSpan): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(clicks)
    .where(and(...within(clicks, span)));
  return row?.n ?? 0;
}
