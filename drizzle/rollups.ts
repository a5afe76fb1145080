import { char, date, decimal, int, mysqlTable, primaryKey, varchar } from 'drizzle-orm/mysql-core';

export const dailyClicks = mysqlTable(
  'daily_clicks',
  {
    affiliateId: int('affiliate_id').notNull(),
    campaignId: int('campaign_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    clicks: int('clicks').notNull().default(0),
    uniqueClicks: int('unique_clicks').notNull().default(0),
    // Clicks below their campaign's quality threshold, kept out of clicks and unique_clicks.
    suspiciousClicks: int('suspicious_clicks').notNull().default(0),
  },
  (t) => [primaryKey({ name: 'daily_clicks_pk', columns: [t.affiliateId, t.day, t.campaignId] })],
);

export const dailyConversions = mysqlTable(
  'daily_conversions',
  {
    affiliateId: int('affiliate_id').notNull(),
    campaignId: int('campaign_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    status: varchar('status', { length: 10 }).notNull(),
    conversions: int('conversions').notNull().default(0),
    revenue: decimal('revenue', { precision: 20, scale: 4 }).notNull().default('0'),
    payout: decimal('payout', { precision: 20, scale: 4 }).notNull().default('0'),
  },
  (t) => [
    primaryKey({
      name: 'daily_conversions_pk',
      columns: [t.affiliateId, t.day, t.campaignId, t.currency, t.status],
    }),
  ],
);
