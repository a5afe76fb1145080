import { sql } from 'drizzle-orm';
import {
  bigint,
  char,
  datetime,
  decimal,
  index,
  int,
  mysqlTable,
  smallint,
  text,
  varchar,
} from 'drizzle-orm/mysql-core';
import { exactVarchar } from './exact-text.ts';

// How a campaign pays: a fixed amount (cpa) or a share of the reported amount (revshare).
// A PUT replaces a campaign's rules by retiring the old rows, so a conversion's payout_rule_id always resolves.
export const payoutRules = mysqlTable(
  'payout_rules',
  {
    id: int('id').autoincrement().primaryKey(),
    campaignId: int('campaign_id').notNull(),
    // Null scope fields match anything; the most specific matching rule wins (worker/money/payout.ts).
    affiliateId: int('affiliate_id'),
    country: char('country', { length: 2 }),
    event: exactVarchar('event', { length: 64 }),
    type: varchar('type', { length: 10 }).notNull(),
    // cpa: the amount paid; revshare: the percentage of the conversion's amount.
    value: decimal('value', { precision: 15, scale: 4 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP(3)`),
    retiredAt: datetime('retired_at', { mode: 'string', fsp: 3 }),
  },
  (t) => [index('payout_rules_campaign').on(t.campaignId, t.retiredAt)],
);

// Exact caps, counted by the campaign's CapCounter Durable Object; replaced as a set like payout rules.
export const caps = mysqlTable(
  'caps',
  {
    id: int('id').autoincrement().primaryKey(),
    campaignId: int('campaign_id').notNull(),
    // Null: the whole campaign; otherwise one affiliate on it.
    affiliateId: int('affiliate_id'),
    // day | month | total (days and months in the campaign's time zone, UTC by default).
    period: varchar('period', { length: 8 }).notNull(),
    // conversions | payout | clicks
    metric: varchar('metric', { length: 12 }).notNull(),
    limit: decimal('limit', { precision: 15, scale: 4 }).notNull(),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP(3)`),
    retiredAt: datetime('retired_at', { mode: 'string', fsp: 3 }),
  },
  (t) => [index('caps_campaign').on(t.campaignId, t.retiredAt)],
);

// Every status a conversion has had: when, from, to, why and which kind of credential (never a secret).
export const conversionHistory = mysqlTable(
  'conversion_history',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    conversionId: bigint('conversion_id', { mode: 'number', unsigned: true }).notNull(),
    fromStatus: varchar('from_status', { length: 10 }),
    toStatus: varchar('to_status', { length: 10 }).notNull(),
    reason: varchar('reason', { length: 40 }),
    note: varchar('note', { length: 500 }),
    // admin | advertiser | affiliate | rules
    credentialKind: varchar('credential_kind', { length: 16 }).notNull(),
    at: datetime('at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (t) => [index('conversion_history_conversion').on(t.conversionId, t.id)],
);

// The postback flight recorder: every attempt, accepted or refused, secrets redacted. Pruned after 30 days.
export const postbackLog = mysqlTable(
  'postback_log',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    receivedAt: datetime('received_at', { mode: 'string', fsp: 3 }).notNull(),
    // created | duplicate | status_changed | queued | refused
    outcome: varchar('outcome', { length: 16 }).notNull(),
    httpStatus: smallint('http_status').notNull(),
    // A reason code a person can act on (cap_reached, bad_credential, unknown_click, ...), null when accepted plainly.
    reason: varchar('reason', { length: 40 }),
    message: varchar('message', { length: 300 }),
    // admin | advertiser | affiliate | none
    credentialKind: varchar('credential_kind', { length: 16 }).notNull(),
    preset: varchar('preset', { length: 16 }),
    clickId: exactVarchar('click_id', { length: 100 }),
    advertiserId: int('advertiser_id'),
    campaignId: int('campaign_id'),
    affiliateId: int('affiliate_id'),
    conversionId: bigint('conversion_id', { mode: 'number', unsigned: true }),
    // The parameters as sent, as JSON, with token and signature redacted.
    params: text('params').notNull(),
  },
  (t) => [
    index('postback_log_time').on(t.receivedAt, t.id),
    index('postback_log_advertiser_time').on(t.advertiserId, t.receivedAt, t.id),
    index('postback_log_click').on(t.clickId),
  ],
);

export type PayoutRule = typeof payoutRules.$inferSelect;
export type Cap = typeof caps.$inferSelect;
export type ConversionHistoryEntry = typeof conversionHistory.$inferSelect;
export type PostbackLogEntry = typeof postbackLog.$inferSelect;
export type NewPostbackLogEntry = typeof postbackLog.$inferInsert;
