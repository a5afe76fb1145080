import { and, inArray } from 'drizzle-orm';
import { conversions, type Conversion } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { equalsIfGiven, newestFirstPage, type TimePage } from './page.ts';

export interface NetworkConversionQuery extends TimePage {
  // Only these campaigns (an advertiser's); undefined: every campaign.
  campaignIds?: number[] | undefined;
  campaignId?: number | undefined;
  affiliateId?: number | undefined;
  status?: string | undefined;
  reason?: string | undefined;
}

/**
 * Conversions across affiliates, newest first: the network's and an advertiser's list, and with
 * status=pending the review queue (conversions_campaign_status_time serves campaign + status + time).
 */
export function listNetworkConversions(
  db: Database,
  q: NetworkConversionQuery,
): Promise<Conversion[]> {
  if (q.campaignIds?.length === 0) return Promise.resolve([]);
  return newestFirstPage(
    db.select().from(conversions).$dynamic(),
    conversions,
    q,
    q.campaignIds && inArray(conversions.campaignId, q.campaignIds),
    equalsIfGiven(conversions.campaignId, q.campaignId),
    equalsIfGiven(conversions.affiliateId, q.affiliateId),
    equalsIfGiven(conversions.status, q.status),
    equalsIfGiven(conversions.reason, q.reason),
  );
}

// The conversions a bulk review names, in one read; campaignIds narrows them to an advertiser's.
export function findConversionsByIds(
  db: Database,
  ids: number[],
  campaignIds?: number[],
): Promise<Conversion[]> {
  if (ids.length === 0 || campaignIds?.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(conversions)
    .where(
      and(
        inArray(conversions.id, ids),
        campaignIds && inArray(conversions.campaignId, campaignIds),
      ),
    );
}
