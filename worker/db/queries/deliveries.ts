import { desc, eq } from 'drizzle-orm';
import { postbackDeliveries } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

export type NewDelivery = typeof postbackDeliveries.$inferInsert;

export async function logDelivery(db: Database, delivery: NewDelivery): Promise<void> {
  await db.insert(postbackDeliveries).values(delivery);
}

export function listDeliveries(db: Database, affiliateId: number, limit: number) {
  return db
    .select()
    .from(postbackDeliveries)
    .where(eq(postbackDeliveries.affiliateId, affiliateId))
    .orderBy(desc(postbackDeliveries.timestamp), desc(postbackDeliveries.id))
    .limit(limit);
}
