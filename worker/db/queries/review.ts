import { and, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import { conversions, type Conversion } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { olderThan, type Cursor } from './page.ts';

export interface NetworkConversionQuery {
  // Only these campaigns (an advertiser's); undefined: every campaign.
  campaignIds?: number[] | undefined;
  campaignId?: number | undefined;
  affiliateId?: number | undefined;
  status?: string | undefined;
  reason?: string | undefined;
  from: string;
  to: string;
  limit: number;
  cursor?: Cursor | undefined;
}

/**
 * Conversions across affiliates, newest first: the network's and an advertiser's list, and with
 * status=pending the review queue (conversions_campaign_status_time serves campaign + status + time).
 */
export function listNetworkConversions(db: Database, q: NetworkConversionQuery): Promise<Conversion[]> {
  if (q.campaignIds?.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(conversions)
    .where(
      and(
        q.campaignIds && inArray(conversions.campaignId, q.campaignIds),
        q.campaignId === undefined ? undefined : eq(conversions.campaignId, q.campaignId),
        q.affiliateId === undefined ? undefined : eq(conversions.affiliateId, q.affiliateId),
        q.status === undefined ? undefined : eq(conversions.status, q.status),
        q.reason === undefined ? undefined : eq(conversions.reason, q.reason),
        gte(conversions.timestamp, q.from),
        lt(conversions.timestamp, q.to),
        olderThan(conversions.timestamp, conversions.id, q.cursor),
      ),
    )
    .orderBy(desc(conversions.timestamp), desc(conversions.id))
    .limit(q.limit);
}

// The conversions a bulk review names, in one read; campaignIds narrows them to an advertiser's.
export function findConversionsByIds(db: Database, ids: number[], campaignIds?: number[]): Promise<Conversion[]> {
  if (ids.length === 0 || campaignIds?.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(conversions)
    .where(and(inArray(conversions.id, ids), campaignIds && inArray(conversions.campaignId, campaignIds)));
}
