import { asc, eq } from 'drizzle-orm';
import { smartlinks, type NewSmartlink, type Smartlink } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

export async function findSmartlink(db: Database, id: number): Promise<Smartlink | undefined> {
  const [row] = await db.select().from(smartlinks).where(eq(smartlinks.id, id)).limit(1);
  return row;
}

export function listSmartlinks(db: Database): Promise<Smartlink[]> {
  return db.select().from(smartlinks).orderBy(asc(smartlinks.id));
}

export async function insertSmartlink(db: Database, values: NewSmartlink): Promise<number> {
  const [result] = await db.insert(smartlinks).values(values).$returningId();
  return result!.id;
}

export async function updateSmartlink(
  db: Database,
  id: number,
  values: Partial<NewSmartlink>,
): Promise<void> {
  await db.update(smartlinks).set(values).where(eq(smartlinks.id, id));
}

export async function deleteSmartlink(db: Database, id: number): Promise<void> {
  await db.delete(smartlinks).where(eq(smartlinks.id, id));
}
