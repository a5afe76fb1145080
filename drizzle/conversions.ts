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
    status: varchar('status', { length: 10 }).notNull().default('approved'),
    event: exactVarchar('event', { length: 64 }).notNull().default('conversion'),
    // Empty when the advertiser sends none, so the unique key still holds.
    txid: exactVarchar('txid', { length: 100 }).notNull().default(''),
    timestamp: datetime('timestamp', { mode: 'string', fsp: 3 }).notNull(),
    updatedAt: datetime('updated_at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex('conversions_click_event_txid').on(t.clickId, t.event, t.txid),
    index('conversions_affiliate_time').on(t.affiliateId, t.timestamp, t.id),
  ],
);

export type Conversion = typeof conversions.$inferSelect;
export type NewConversion = typeof conversions.$inferInsert;
