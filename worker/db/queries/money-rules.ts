import { and, asc, eq, isNull } from 'drizzle-orm';
import { caps, payoutRules, type Cap, type PayoutRule } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

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
