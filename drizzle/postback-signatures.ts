import { char, datetime, index, mysqlTable } from 'drizzle-orm/mysql-core';

// Signed postbacks seen within the signature's validity window: a second use of one is a replay.
export const postbackSignatures = mysqlTable(
  'postback_signatures',
  {
    // SHA-256 of the signature header as sent.
    signatureHash: char('signature_hash', { length: 64 }).primaryKey(),
    seenAt: datetime('seen_at', { mode: 'string', fsp: 3 }).notNull(),
  },
  (t) => [index('postback_signatures_seen_at').on(t.seenAt)],
);
