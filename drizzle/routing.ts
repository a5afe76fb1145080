import { sql } from 'drizzle-orm';
import { datetime, int, mediumtext, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';

// Every saved rule set is kept: a click names the version it was routed by, so reports stay explainable.
export const campaignRuleVersions = mysqlTable(
  'campaign_rule_versions',
  {
    campaignId: int('campaign_id').notNull(),
    version: int('version').notNull(),
    // The validated rules as JSON (see worker/routing/schema.ts).
    rules: mediumtext('rules').notNull(),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [primaryKey({ name: 'campaign_rule_versions_pk', columns: [t.campaignId, t.version] })],
);

// One link an affiliate shares for several campaigns; the edge picks the campaign per visitor.
export const smartlinks = mysqlTable('smartlinks', {
  id: int('id').autoincrement().primaryKey(),
  name: varchar('name', { length: 100 }).notNull(),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  // Ordered [{campaign_id, weight}] as JSON.
  campaigns: mediumtext('campaigns').notNull(),
  createdAt: datetime('created_at', { mode: 'string', fsp: 3 })
    .notNull()
    .default(sql`CURRENT_TIMESTAMP(3)`),
});

export type CampaignRuleVersion = typeof campaignRuleVersions.$inferSelect;
export type Smartlink = typeof smartlinks.$inferSelect;
export type NewSmartlink = typeof smartlinks.$inferInsert;
