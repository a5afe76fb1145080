import { asc, eq } from 'drizzle-orm';
import { advertisers, type Advertiser, type NewAdvertiser } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

export async function findAdvertiser(db: Database, id: number): Promise<Advertiser | undefined> {
  const [row] = await db.select().from(advertisers).where(eq(advertisers.id, id)).limit(1);
  return row;
}

export async function findAdvertiserByKeyHash(
  db: Database,
  apiKeyHash: string,
): Promise<Advertiser | undefined> {
  const [row] = await db
    .select()
    .from(advertisers)
    .where(eq(advertisers.apiKeyHash, apiKeyHash))
    .limit(1);
  return row;
}

export function listAdvertisers(db: Database): Promise<Advertiser[]> {
  return db.select().from(advertisers).orderBy(asc(advertisers.id));
}

export async function insertAdvertiser(db: Database, values: NewAdvertiser): Promise<number> {
  const [result] = await db.insert(advertisers).values(values).$returningId();
  return result!.id;
}

export async function updateAdvertiser(
  db: Database,
  id: number,
  values: Partial<NewAdvertiser>,
): Promise<void> {
  await db.update(advertisers).set(values).where(eq(advertisers.id, id));
}
