import { and, desc, eq, gte, lt, sql } from 'drizzle-orm';
import { postbackLog, type NewPostbackLogEntry, type PostbackLogEntry } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { olderThan, type Cursor } from './page.ts';

// One queue batch of postback attempts in one multi-row INSERT.
export async function insertPostbackLog(db: Database, rows: NewPostbackLogEntry[]): Promise<void> {
  if (rows.length > 0) await db.insert(postbackLog).values(rows);
}

export interface PostbackLogQuery {
  advertiserId?: number | undefined;
  outcome?: string | undefined;
  reason?: string | undefined;
  clickId?: string | undefined;
  campaignId?: number | undefined;
  affiliateId?: number | undefined;
  from: string;
  to: string;
  limit: number;
  cursor?: Cursor | undefined;
}

// Attempts newest first; an advertiser's read through postback_log_advertiser_time, the admin's through postback_log_time.
export function listPostbackLog(db: Database, q: PostbackLogQuery): Promise<PostbackLogEntry[]> {
  return db
    .select()
    .from(postbackLog)
    .where(
      and(
        q.advertiserId === undefined ? undefined : eq(postbackLog.advertiserId, q.advertiserId),
        q.outcome === undefined ? undefined : eq(postbackLog.outcome, q.outcome),
        q.reason === undefined ? undefined : eq(postbackLog.reason, q.reason),
        q.clickId === undefined ? undefined : eq(postbackLog.clickId, q.clickId),
        q.campaignId === undefined ? undefined : eq(postbackLog.campaignId, q.campaignId),
        q.affiliateId === undefined ? undefined : eq(postbackLog.affiliateId, q.affiliateId),
        gte(postbackLog.receivedAt, q.from),
        lt(postbackLog.receivedAt, q.to),
        olderThan(postbackLog.receivedAt, postbackLog.id, q.cursor),
      ),
    )
    .orderBy(desc(postbackLog.receivedAt), desc(postbackLog.id))
    .limit(q.limit);
}

/**
 * Deletes entries received before `before`, oldest first, `chunk` rows per statement and at most
 * `maxChunks` statements per run: each statement stays short, and a backlog is worked off over
 * several days' runs. Entries are appended in time order, so the oldest ids are the oldest entries.
 */
export async function prunePostbackLog(db: Database, before: string, chunk = 5000, maxChunks = 100): Promise<number> {
  let removed = 0;
  for (let i = 0; i < maxChunks; i++) {
    const result = await db.execute(sql`DELETE FROM ${postbackLog} WHERE received_at < ${before} ORDER BY id LIMIT ${sql.raw(String(chunk))}`);
    removed += result.rowsAffected;
    if (result.rowsAffected < chunk) break;
  }
  return removed;
}
