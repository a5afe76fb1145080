import {
  bigint,
  char,
  datetime,
  decimal,
  index,
  int,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { exactVarchar } from './exact-text.ts';

export const conversions = mysqlTable(
  'conversions',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    // The tracking click id (clicks.click_id): a postback may land before its click row.
    clickId: exactVarchar('click_id', { length: 100 }).notNull(),
    affiliateId: int('affiliate_id').notNull(),
    campaignId: int('campaign_id').notNull(),
    amount: decimal('amount', { precision: 15, scale: 4 }).notNull(),
    payout: decimal('payout', { precision: 15, scale: 4 }),
    currency: char('currency', { length: 3 }).notNull(),
    // The payout rule that produced payout (null: the campaign's default payout, or an admin override).
    payoutRuleId: int('payout_rule_id'),
    // The kind of credential that decided the status (admin, advertiser, affiliate, rules): a weaker one never overrides it.
    statusSetBy: varchar('status_set_by', { length: 16 }).notNull().default('advertiser'),
    status: varchar('status', { length: 10 }).notNull().default('approved'),
    event: exactVarchar('event', { length: 64 }).notNull().default('conversion'),
    // Empty when the advertiser sends none, so the unique key still holds.
    txid: exactVarchar('txid', { length: 100 }).notNull().default(''),
    // Why the conversion is in its status (shared reason codes), e.g. ctit_too_short.
    reason: varchar('reason', { length: 40 }),
    // Click-to-conversion seconds (CTIT); null when the click time is unknown.
    ctitSeconds: int('ctit_seconds'),
    // The click's salted visitor hash, so repeat conversions from one visitor can be held.
    ipHash: char('ip_hash', { length: 32 }),
    timestamp: datetime('timestamp', { mode: 'string', fsp: 3 }).notNull(),
    updatedAt: datetime('updated_at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('conversions_affiliate_click_event_txid').on(
      t.affiliateId,
      t.clickId,
      t.event,
      t.txid,
    ),
    index('conversions_campaign_visitor').on(t.campaignId, t.ipHash, t.timestamp),
    // The review queue and an advertiser's conversions: by campaign, status and time.
    index('conversions_campaign_status_time').on(t.campaignId, t.status, t.timestamp),
    index('conversions_affiliate_time').on(t.affiliateId, t.timestamp, t.id),
  ],
);

export type Conversion = typeof conversions.$inferSelect;
export type NewConversion = typeof conversions.$inferInsert;
