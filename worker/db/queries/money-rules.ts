import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  affiliates,
  campaigns,
  caps,
  payoutRules,
  type Cap,
  type PayoutRule,
} from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { toMysqlDatetime } from '../time.ts';

// A campaign's rule set (payout rules, caps): replaced as a whole, the old rows retired, never deleted.
type RuleSetTable = typeof payoutRules | typeof caps;
type RuleSetValues<T extends RuleSetTable> = Omit<
  T['$inferInsert'],
  'id' | 'campaignId' | 'createdAt' | 'retiredAt'
>;

const inForce = (table: RuleSetTable, campaignId: number) =>
  and(eq(table.campaignId, campaignId), isNull(table.retiredAt));

function activeRows<T extends RuleSetTable>(
  db: Database,
  table: T,
  campaignId: number,
): Promise<T['$inferSelect'][]> {
  return db
    .select()
    .from(table as RuleSetTable)
    .where(inForce(table, campaignId))
    .orderBy(asc(table.id));
}

/**
 * Retires the rows in force and inserts `rows` in one transaction. The campaign row is locked
 * first, so two concurrent replacements run one after the other and one set is left in force.
 * Returns false when the campaign does not exist.
 */
function replaceRuleSet<T extends RuleSetTable>(
  db: Database,
  table: T,
  campaignId: number,
  rows: RuleSetValues<T>[],
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [campaign] = await tx
      .select({ id: campaigns.id })
      .from(campaigns)
      .where(eq(campaigns.id, campaignId))
      .for('update');
    if (!campaign) return false;
    const now = toMysqlDatetime(new Date());
    await tx
      .update(table as RuleSetTable)
      .set({ retiredAt: now })
      .where(inForce(table, campaignId));
    if (rows.length)
      await tx
        .insert(table as RuleSetTable)
        .values(rows.map((r) => ({ ...r, campaignId, createdAt: now })));
    return true;
  });
}

// The rules in force (not retired) for a campaign.
export function activePayoutRules(db: Database, campaignId: number): Promise<PayoutRule[]> {
  return activeRows(db, payoutRules, campaignId);
}

export function activeCaps(db: Database, campaignId: number): Promise<Cap[]> {
  return activeRows(db, caps, campaignId);
}

/** The ids among `ids` that name no affiliate. */
export async function unknownAffiliateIds(db: Database, ids: readonly number[]): Promise<number[]> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return [];
  const found = await db
    .select({ id: affiliates.id })
    .from(affiliates)
    .where(inArray(affiliates.id, wanted));
  const known = new Set(found.map((r) => r.id));
  return wanted.filter((id) => !known.has(id));
}

// Retired rules stay, so every conversion's payout_rule_id still names the rule that priced it.
export function replacePayoutRules(
  db: Database,
  campaignId: number,
  rules: RuleSetValues<typeof payoutRules>[],
): Promise<boolean> {
  return replaceRuleSet(db, payoutRules, campaignId, rules);
}

// Usage lives in the counter, keyed by what a cap counts, not by its row.
export function replaceCaps(
  db: Database,
  campaignId: number,
  rows: RuleSetValues<typeof caps>[],
): Promise<boolean> {
  return replaceRuleSet(db, caps, campaignId, rows);
}
