import { asc, eq } from 'drizzle-orm';
import { affiliates, type Affiliate, type NewAffiliate } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

export async function findAffiliate(db: Database, id: number): Promise<Affiliate | undefined> {
  const [row] = await db.select().from(affiliates).where(eq(affiliates.id, id)).limit(1);
  return row;
}

export async function findAffiliateByKeyHash(
  db: Database,
  apiKeyHash: string,
): Promise<Affiliate | undefined> {
  const [row] = await db
    .select()
    .from(affiliates)
    .where(eq(affiliates.apiKeyHash, apiKeyHash))
    .limit(1);
  return row;
}

export function listAffiliates(db: Database, onlyId?: number): Promise<Affiliate[]> {
  const query = db.select().from(affiliates);
  return (onlyId === undefined ? query : query.where(eq(affiliates.id, onlyId))).orderBy(
    asc(affiliates.id),
  );
}

export async function insertAffiliate(db: Database, values: NewAffiliate): Promise<number> {
  const [result] = await db.insert(affiliates).values(values).$returningId();
  return result!.id;
}

export async function updateAffiliate(
  db: Database,
  id: number,
  values: Partial<NewAffiliate>,
): Promise<void> {
  await db.update(affiliates).set(values).where(eq(affiliates.id, id));
}
