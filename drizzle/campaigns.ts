import { sql } from 'drizzle-orm';
import { char, datetime, decimal, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

export const campaigns = mysqlTable('campaigns', {
  id: int('id').autoincrement().primaryKey(),
  name: varchar('name', { length: 100 }).notNull(),
  // Template with {click_id}, {affiliate_id}, {campaign_id}, {sub1}..{sub5}; http/https only.
  offerUrl: varchar('offer_url', { length: 2048 }),
  defaultPayout: decimal('default_payout', { precision: 15, scale: 4 }),
  currency: char('currency', { length: 3 }).notNull().default('USD'),
  attributionWindowDays: int('attribution_window_days').notNull().default(30),
  status: varchar('status', { length: 16 }).notNull().default('active'),
  // Where a visitor goes when the campaign cannot take them (paused, affiliate disabled, a rule says so).
  fallbackUrl: varchar('fallback_url', { length: 2048 }),
  // The routing rules in force: a row of campaign_rule_versions, 0 when the campaign never had rules.
  ruleVersion: int('rule_version').notNull().default(0),
  createdAt: datetime('created_at', { mode: 'string', fsp: 3 }).notNull().default(sql`CURRENT_TIMESTAMP(3)`),
});

export type Campaign = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;
