import { asc, eq } from 'drizzle-orm';
import { campaigns, type Campaign, type NewCampaign } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

export async function findCampaign(db: Database, id: number): Promise<Campaign | undefined> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id)).limit(1);
  return row;
}

// All campaigns, or one advertiser's.
export function listCampaigns(db: Database, advertiserId?: number): Promise<Campaign[]> {
  const query = db.select().from(campaigns);
  return (
    advertiserId === undefined ? query : query.where(eq(campaigns.advertiserId, advertiserId))
  ).orderBy(asc(campaigns.id));
}

export async function insertCampaign(db: Database, values: NewCampaign): Promise<number> {
  const [result] = await db.insert(campaigns).values(values).$returningId();
  return result!.id;
}

export async function updateCampaign(
  db: Database,
  id: number,
  values: Partial<NewCampaign>,
): Promise<void> {
  await db.update(campaigns).set(values).where(eq(campaigns.id, id));
}
