import { sql } from 'drizzle-orm';
import { datetime, int, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { exactVarchar } from './exact-text.ts';

export const affiliates = mysqlTable(
  'affiliates',
  {
    id: int('id').autoincrement().primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    // SHA-256 of the API key: the key itself is shown once and never stored.
    apiKeyHash: exactVarchar('api_key_hash', { length: 64 }).notNull(),
    // The postback secret is derived from the worker secret and this version, so rotation is a bump.
    postbackSecretVersion: int('postback_secret_version').notNull().default(1),
    // Until then the previous secret version is still accepted (rotation grace).
    previousSecretValidUntil: datetime('previous_secret_valid_until', { mode: 'string', fsp: 3 }),
    outgoingPostbackUrl: varchar('outgoing_postback_url', { length: 2048 }),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('affiliates_api_key_hash').on(t.apiKeyHash)],
);

export type Affiliate = typeof affiliates.$inferSelect;
export type NewAffiliate = typeof affiliates.$inferInsert;
