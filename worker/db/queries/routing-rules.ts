import { and, desc, eq } from 'drizzle-orm';
import {
  campaignRuleVersions,
  campaigns,
  type CampaignRuleVersion,
} from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';

export async function findRuleVersion(
  db: Database,
  campaignId: number,
  version: number,
): Promise<CampaignRuleVersion | undefined> {
  const [row] = await db
    .select()
    .from(campaignRuleVersions)
    .where(
      and(
        eq(campaignRuleVersions.campaignId, campaignId),
        eq(campaignRuleVersions.version, version),
      ),
    )
    .limit(1);
  return row;
}

export function listRuleVersions(
  db: Database,
  campaignId: number,
): Promise<{ version: number; createdAt: string }[]> {
  return db
    .select({ version: campaignRuleVersions.version, createdAt: campaignRuleVersions.createdAt })
    .from(campaignRuleVersions)
    .where(eq(campaignRuleVersions.campaignId, campaignId))
    .orderBy(desc(campaignRuleVersions.version))
    .limit(100);
}

// The version row's primary key makes two concurrent saves of the same next version collide
// (one fails with a duplicate key) instead of one silently overwriting the other.
export async function saveRuleVersion(
  db: Database,
  campaignId: number,
  nextVersion: number,
  rulesJson: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .insert(campaignRuleVersions)
      .values({ campaignId, version: nextVersion, rules: rulesJson });
    await tx
      .update(campaigns)
      .set({ ruleVersion: nextVersion })
      .where(eq(campaigns.id, campaignId));
  });
}
