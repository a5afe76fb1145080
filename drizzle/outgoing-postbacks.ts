import {
  bigint,
  datetime,
  index,
  int,
  mysqlTable,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core';
import { exactVarchar } from './exact-text.ts';

// The columns of one attempt; fresh builders per table.
const attemptColumns = () => ({
  id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
  affiliateId: int('affiliate_id').notNull(),
  conversionId: bigint('conversion_id', { mode: 'number', unsigned: true }).notNull(),
  // The conversion status this attempt announces.
  conversionStatus: varchar('conversion_status', { length: 16 }),
  // The first 2048 characters of the filled URL; urlLength is the length actually sent.
  url: varchar('url', { length: 2048 }).notNull(),
  urlLength: int('url_length'),
  statusCode: int('status_code'),
  error: varchar('error', { length: 255 }),
  attempt: int('attempt').notNull(),
  timestamp: datetime('timestamp', { mode: 'string', fsp: 3 }).notNull(),
  // "<conversion id>:<status>" while an attempt is sending or after it succeeded; unique, so one
  // notification is sent by one attempt at a time and never again once it reached the affiliate.
  claimKey: exactVarchar('claim_key', { length: 64 }),
});

// One row per attempt to call an affiliate's outgoing postback URL, written before the call.
export const outgoingPostbacks = mysqlTable('outgoing_postbacks', attemptColumns(), (t) => [
  index('outgoing_postbacks_affiliate_time').on(t.affiliateId, t.timestamp, t.id),
  uniqueIndex('outgoing_postbacks_claim').on(t.claimKey),
]);

// The table's former name, read by nothing: a deploy request cannot rename a table, so migration
// 0007 copies its rows into outgoing_postbacks and a later release drops it (docs/operations.md).
export const retiredPostbackDeliveries = mysqlTable(
  'postback_deliveries',
  attemptColumns(),
  (t) => [
    index('postback_deliveries_affiliate_time').on(t.affiliateId, t.timestamp, t.id),
    uniqueIndex('postback_deliveries_claim').on(t.claimKey),
  ],
);
