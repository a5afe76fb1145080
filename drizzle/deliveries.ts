import { bigint, datetime, index, int, mysqlTable, varchar } from 'drizzle-orm/mysql-core';

// One row per attempt to call an affiliate's outgoing postback URL.
export const postbackDeliveries = mysqlTable(
  'postback_deliveries',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    affiliateId: int('affiliate_id').notNull(),
    conversionId: bigint('conversion_id', { mode: 'number', unsigned: true }).notNull(),
    url: varchar('url', { length: 2048 }).notNull(),
    statusCode: int('status_code'),
    error: varchar('error', { length: 255 }),
    attempt: int('attempt').notNull(),
    timestamp: datetime('timestamp', { mode: 'string', fsp: 3 }).notNull(),
  },
  (t) => [index('postback_deliveries_affiliate_time').on(t.affiliateId, t.timestamp, t.id)],
);
