import {
  bigint,
  boolean,
  char,
  date,
  datetime,
  index,
  int,
  mysqlTable,
  primaryKey,
  varchar,
} from 'drizzle-orm/mysql-core';
import { exactChar, exactVarchar } from './exact-text.ts';

export const clicks = mysqlTable(
  'clicks',
  {
    id: bigint('id', { mode: 'number', unsigned: true }).autoincrement().primaryKey(),
    clickId: exactVarchar('click_id', { length: 100 }).notNull().unique('clicks_click_id'),
    affiliateId: int('affiliate_id').notNull(),
    campaignId: int('campaign_id').notNull(),
    sub1: varchar('sub1', { length: 255 }),
    sub2: varchar('sub2', { length: 255 }),
    sub3: varchar('sub3', { length: 255 }),
    sub4: varchar('sub4', { length: 255 }),
    sub5: varchar('sub5', { length: 255 }),
    // Salted hash of the visitor IP: the raw address is never stored.
    ipHash: char('ip_hash', { length: 32 }),
    userAgent: varchar('user_agent', { length: 512 }),
    country: char('country', { length: 2 }),
    referrer: varchar('referrer', { length: 1024 }),
    // Routing: the rule version and landing variant the visitor was sent to, the smartlink it came through.
    ruleVersion: int('rule_version'),
    variantId: varchar('variant_id', { length: 64 }),
    smartlinkId: int('smartlink_id'),
    device: varchar('device', { length: 16 }),
    os: varchar('os', { length: 16 }),
    isUnique: boolean('is_unique').notNull().default(true),
    // Marks the rows one consumer batch inserted, so rollups count only those.
    ingestId: exactChar('ingest_id', { length: 22 }),
    timestamp: datetime('timestamp', { mode: 'string', fsp: 3 }).notNull(),
  },
  (t) => [index('clicks_affiliate_time').on(t.affiliateId, t.timestamp, t.id)],
);

// First click per (campaign, visitor, day): later ones that day are non-unique.
export const clickFingerprints = mysqlTable(
  'click_fingerprints',
  {
    campaignId: int('campaign_id').notNull(),
    ipHash: char('ip_hash', { length: 32 }).notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    firstClickId: exactVarchar('first_click_id', { length: 100 }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'click_fingerprints_pk', columns: [t.campaignId, t.ipHash, t.day] }),
    // Lets a batch find its own first clicks without scanning every fingerprint.
    index('click_fingerprints_first_click').on(t.firstClickId),
  ],
);

export type Click = typeof clicks.$inferSelect;
export type NewClick = typeof clicks.$inferInsert;
