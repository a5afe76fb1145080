import { sql } from 'drizzle-orm';
import { datetime, int, mysqlTable, text, uniqueIndex, varchar } from 'drizzle-orm/mysql-core';
import { exactVarchar } from './exact-text.ts';

// The party that owns campaigns, reports revenue and decides conversion status.
export const advertisers = mysqlTable(
  'advertisers',
  {
    id: int('id').autoincrement().primaryKey(),
    name: varchar('name', { length: 100 }).notNull(),
    status: varchar('status', { length: 16 }).notNull().default('active'),
    // SHA-256 of the API key: the key itself is shown once and never stored.
    apiKeyHash: exactVarchar('api_key_hash', { length: 64 }).notNull(),
    // The postback token and signing secret are derived from the worker secret and this version.
    postbackSecretVersion: int('postback_secret_version').notNull().default(1),
    // Until then the previous version is still accepted (rotation grace).
    previousSecretValidUntil: datetime('previous_secret_valid_until', { mode: 'string', fsp: 3 }),
    // The advertiser's own status values for vendor presets, as JSON {"<their value>": "approved" | "pending" | "rejected"}.
    statusMap: text('status_map'),
    createdAt: datetime('created_at', { mode: 'string', fsp: 3 })
      .notNull()
      .default(sql`CURRENT_TIMESTAMP(3)`),
  },
  (t) => [uniqueIndex('advertisers_api_key_hash').on(t.apiKeyHash)],
);

export type Advertiser = typeof advertisers.$inferSelect;
export type NewAdvertiser = typeof advertisers.$inferInsert;
