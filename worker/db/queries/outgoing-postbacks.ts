import { and, desc, eq, isNull } from 'drizzle-orm';
import { outgoingPostbacks } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { isDuplicateKey } from '../errors.ts';

export type NewOutgoingPostback = typeof outgoingPostbacks.$inferInsert;
export type OutgoingPostback = typeof outgoingPostbacks.$inferSelect;

export async function logOutgoingPostback(
  db: Database,
  attempt: NewOutgoingPostback,
): Promise<void> {
  await db.insert(outgoingPostbacks).values(attempt);
}

/**
 * Logs an attempt before its send and takes the attempt's claim key. Returns the row id, or
 * undefined when another attempt holds the claim (sending now, or already delivered).
 */
export async function reserveOutgoingPostback(
  db: Database,
  attempt: NewOutgoingPostback & { claimKey: string },
): Promise<number | undefined> {
  try {
    const result = await db.insert(outgoingPostbacks).values(attempt);
    return Number(result.insertId);
  } catch (err) {
    if (isDuplicateKey(err)) return undefined;
    throw err;
  }
}

export async function findClaim(
  db: Database,
  claimKey: string,
): Promise<OutgoingPostback | undefined> {
  const [row] = await db
    .select()
    .from(outgoingPostbacks)
    .where(eq(outgoingPostbacks.claimKey, claimKey))
    .limit(1);
  return row;
}

// Records how the send went; a success keeps the claim for good, a failure frees it for the retry.
export async function finishOutgoingPostback(
  db: Database,
  id: number,
  outcome: { statusCode: number | null; error: string | null; delivered: boolean },
): Promise<void> {
  await db
    .update(outgoingPostbacks)
    .set({
      statusCode: outcome.statusCode,
      error: outcome.error,
      ...(!outcome.delivered && { claimKey: null }),
    })
    .where(eq(outgoingPostbacks.id, id));
}

// Frees the claim of an attempt that never reported back (its worker died mid-send).
export async function releaseAbandonedClaim(db: Database, id: number): Promise<void> {
  await db
    .update(outgoingPostbacks)
    .set({ claimKey: null, error: 'abandoned: the attempt never reported back' })
    .where(
      and(
        eq(outgoingPostbacks.id, id),
        isNull(outgoingPostbacks.statusCode),
        isNull(outgoingPostbacks.error),
      ),
    );
}

export function listOutgoingPostbacks(db: Database, affiliateId: number, limit: number) {
  return db
    .select()
    .from(outgoingPostbacks)
    .where(eq(outgoingPostbacks.affiliateId, affiliateId))
    .orderBy(desc(outgoingPostbacks.timestamp), desc(outgoingPostbacks.id))
    .limit(limit);
}
