import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { affiliates, campaigns, caps, payoutRules, type Cap, type PayoutRule } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { toMysqlDatetime } from '../time.ts';

// The rules in force (not retired) for a campaign.
export function activePayoutRules(db: Database, campaignId: number): Promise<PayoutRule[]> {
  return db
    .select()
    .from(payoutRules)
    .where(and(eq(payoutRules.campaignId, campaignId), isNull(payoutRules.retiredAt)))
    .orderBy(asc(payoutRules.id));
}

export function activeCaps(db: Database, campaignId: number): Promise<Cap[]> {
  return db
    .select()
    .from(caps)
    .where(and(eq(caps.campaignId, campaignId), isNull(caps.retiredAt)))
    .orderBy(asc(caps.id));
}

/** The ids among `ids` that name no affiliate. */
export async function unknownAffiliateIds(db: Database, ids: readonly number[]): Promise<number[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const found = await db.select({ id: affiliates.id }).from(affiliates).where(inArray(affiliates.id, wanted));
  const known = new Set(found.map((r) => r.id));
  return wanted.filter((id) => !known.has(id));
}

type RuleValues = Omit<typeof payoutRules.$inferInsert, 'id' | 'campaignId' | 'createdAt' | 'retiredAt'>;
type CapValues = Omit<typeof caps.$inferInsert, 'id' | 'campaignId' | 'createdAt' | 'retiredAt'>;

/**
 * Replaces a campaign's payout rules: the rows in force are retired, never deleted, so every
 * conversion's payout_rule_id still names the rule that priced it. The campaign row is locked
 * first, so two concurrent replacements run one after the other and one set is left in force.
 * Returns false when the campaign does not exist.
 */
export function replacePayoutRules(db: Database, campaignId: number, rules: RuleValues[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
    if (!campaign) return false;
    const now = toMysqlDatetime(new Date());
    await tx.update(payoutRules).set({ retiredAt: now }).where(and(eq(payoutRules.campaignId, campaignId), isNull(payoutRules.retiredAt)));
    if (rules.length) await tx.insert(payoutRules).values(rules.map((r) => ({ ...r, campaignId, createdAt: now })));
    return true;
  });
}

/** Replaces a campaign's caps the same way. Usage lives in the counter, keyed by what a cap counts, not by its row. */
export function replaceCaps(db: Database, campaignId: number, rows: CapValues[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.id, campaignId)).for('update');
    if (!campaign) return false;
    const now = toMysqlDatetime(new Date());
    await tx.update(caps).set({ retiredAt: now }).where(and(eq(caps.campaignId, campaignId), isNull(caps.retiredAt)));
    if (rows.length) await tx.insert(caps).values(rows.map((r) => ({ ...r, campaignId, createdAt: now })));
    return true;
  });
}
