import { asc, eq, inArray } from 'drizzle-orm';
import { campaigns } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

// The campaigns an advertiser owns: its conversions and postbacks are read by these ids.
export async function campaignIdsOfAdvertiser(
  db: Database,
  advertiserId: number,
): Promise<number[]> {
  const rows = await db
    .select({ id: campaigns.id })
    .from(campaigns)
    .where(eq(campaigns.advertiserId, advertiserId))
    .orderBy(asc(campaigns.id));
  return rows.map((r) => r.id);
}

// Each campaign's advertiser, for the campaigns a page of conversions names.
export async function advertisersOfCampaigns(
  db: Database,
  campaignIds: number[],
): Promise<Map<number, number>> {
  const unique = [...new Set(campaignIds)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: campaigns.id, advertiserId: campaigns.advertiserId })
    .from(campaigns)
    .where(inArray(campaigns.id, unique));
  return new Map(rows.map((r) => [r.id, r.advertiserId]));
}
