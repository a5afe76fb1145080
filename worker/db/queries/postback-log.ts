import { sql } from 'drizzle-orm';
import {
  postbackLog,
  type NewPostbackLogEntry,
  type PostbackLogEntry,
} from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { deleteInChunks } from './chunked-delete.ts';
import { equalsIfGiven, newestFirstPage, type TimePage } from './page.ts';

// One queue batch of postback attempts in one multi-row INSERT.
export async function insertPostbackLog(db: Database, rows: NewPostbackLogEntry[]): Promise<void> {
  if (rows.length > 0) await db.insert(postbackLog).values(rows);
}

export interface PostbackLogQuery extends TimePage {
  advertiserId?: number | undefined;
  outcome?: string | undefined;
  reason?: string | undefined;
  clickId?: string | undefined;
  campaignId?: number | undefined;
  affiliateId?: number | undefined;
}

// Attempts newest first; an advertiser's read through postback_log_advertiser_time, the admin's through postback_log_time.
export function listPostbackLog(db: Database, q: PostbackLogQuery): Promise<PostbackLogEntry[]> {
  return newestFirstPage(
    db.select().from(postbackLog).$dynamic(),
    { timestamp: postbackLog.receivedAt, id: postbackLog.id },
    q,
    equalsIfGiven(postbackLog.advertiserId, q.advertiserId),
    equalsIfGiven(postbackLog.outcome, q.outcome),
    equalsIfGiven(postbackLog.reason, q.reason),
    equalsIfGiven(postbackLog.clickId, q.clickId),
    equalsIfGiven(postbackLog.campaignId, q.campaignId),
    equalsIfGiven(postbackLog.affiliateId, q.affiliateId),
  );
}

/**
 * Deletes entries received before `before`, oldest first, in chunks (deleteInChunks). Entries are
 * appended in time order, so the oldest ids are the oldest entries.
 */
export function prunePostbackLog(
  db: Database,
  before: string,
  chunk = 5000,
  maxChunks = 100,
): Promise<number> {
  return deleteInChunks(
    db,
    (limit) =>
      sql`DELETE FROM ${postbackLog} WHERE received_at < ${before} ORDER BY id LIMIT ${limit}`,
    chunk,
    maxChunks,
  );
}
