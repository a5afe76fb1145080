import { and, desc, eq, isNull } from 'drizzle-orm';
import { postbackDeliveries } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { isDuplicateKey } from '../errors.ts';

export type NewDelivery = typeof postbackDeliveries.$inferInsert;
export type Delivery = typeof postbackDeliveries.$inferSelect;

export async function logDelivery(db: Database, delivery: NewDelivery): Promise<void> {
  await db.insert(postbackDeliveries).values(delivery);
}

/**
 * Logs an attempt before its send and takes the attempt's claim key. Returns the row id, or
 * undefined when another attempt holds the claim (sending now, or already delivered).
 */
export async function reserveDelivery(
  db: Database,
  delivery: NewDelivery & { claimKey: string },
): Promise<number | undefined> {
  try {
    const result = await db.insert(postbackDeliveries).values(delivery);
    return Number(result.insertId);
  } catch (err) {
    if (isDuplicateKey(err)) return undefined;
    throw err;
  }
}

export async function findClaim(db: Database, claimKey: string): Promise<Delivery | undefined> {
  const [row] = await db
    .select()
    .from(postbackDeliveries)
    .where(eq(postbackDeliveries.claimKey, claimKey))
    .limit(1);
  return row;
}

// Records how the send went; a success keeps the claim for good, a failure frees it for the retry.
export async function finishDelivery(
  db: Database,
  id: number,
  outcome: { statusCode: number | null; error: string | null; delivered: boolean },
): Promise<void> {
  await db
    .update(postbackDeliveries)
    .set({
      statusCode: outcome.statusCode,
      error: outcome.error,
      ...(!outcome.delivered && { claimKey: null }),
    })
    .where(eq(postbackDeliveries.id, id));
}

// Frees the claim of an attempt that never reported back (its worker died mid-send).
export async function releaseAbandonedClaim(db: Database, id: number): Promise<void> {
  await db
    .update(postbackDeliveries)
    .set({ claimKey: null, error: 'abandoned: the attempt never reported back' })
    .where(
      and(
        eq(postbackDeliveries.id, id),
        isNull(postbackDeliveries.statusCode),
        isNull(postbackDeliveries.error),
      ),
    );
}

export function listDeliveries(db: Database, affiliateId: number, limit: number) {
  return db
    .select()
    .from(postbackDeliveries)
    .where(eq(postbackDeliveries.affiliateId, affiliateId))
    .orderBy(desc(postbackDeliveries.timestamp), desc(postbackDeliveries.id))
    .limit(limit);
}
