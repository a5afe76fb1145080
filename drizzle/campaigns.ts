import { sql } from 'drizzle-orm';
import {
  char,
  datetime,
  decimal,
  index,
  int,
  mysqlTable,
  tinyint,
  varchar,
} from 'drizzle-orm/mysql-core';

export const campaigns = mysqlTable(
  'campaigns',
  {
    id: int('id').autoincrement().primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    // The advertiser that owns the campaign and holds its postback credential (1: the default advertiser).
    advertiserId: int('advertiser_id').notNull().default(1),
    // Template with {click_id}, {affiliate_id}, {campaign_id}, {sub1}..{sub5}; http/https only.
    offerUrl: varchar('offer_url', { length: 2048 }),
    defaultPayout: decimal('default_payout', { precision: 15, scale: 4 }),
    currency: char('currency', { length: 3 }).notNull().default('USD'),
    attributionWindowDays: int('attribution_window_days').notNull().default(30),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    // Conversions faster than this after their click are held as pending (ctit_too_short); null: no minimum.
    minCtitSeconds: int('min_ctit_seconds'),
    // Clicks scoring below this (0-100) are suspicious.
    qualityThreshold: tinyint('quality_threshold', { unsigned: true }).notNull().default(50),
    // Where a visitor goes when the campaign cannot take them (paused, affiliate disabled, a rule says so).
    fallbackUrl: varchar('fallback_url', { length: 2048 }),
    // The routing rules in force: a row of campaign_rule_versions, 0 when the campaign never had rules.
    ruleVersion: int('rule_version').notNull().default(0),
    // What a postback with an affiliate's own secret may do: 'pending' records a pending conversion, 'refused' refuses it.
    affiliatePostbacks: varchar('affiliate_postbacks', { length: 10 }).notNull().default('pending'),
    // IANA time zone for day and month caps; null is UTC.
    timeZone: varchar('time_zone', { length: 64 }),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [index('campaigns_advertiser').on(t.advertiserId)],
);

export type Campaign = typeof campaigns.$inferSelect;
export type NewCampaign = typeof campaigns.$inferInsert;
