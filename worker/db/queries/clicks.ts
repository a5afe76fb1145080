import { and, eq, sql } from 'drizzle-orm';
import { clickFingerprints, clicks, type Click, type NewClick } from '../../../drizzle/schema.ts';
import type { Database } from '../client.ts';
import { isDuplicateKey } from '../errors.ts';
import { deleteInChunks } from './chunked-delete.ts';
import { newestFirstPage, type PageQuery } from './page.ts';
import { retryOnDeadlock } from './retry.ts';

// Click ids compare exactly: rows a case-insensitive collation returns for another spelling are dropped.
export async function findClick(
  db: Database,
  affiliateId: number,
  clickId: string,
): Promise<Click | undefined> {
  const rows = await db
    .select()
    .from(clicks)
    .where(and(eq(clicks.affiliateId, affiliateId), eq(clicks.clickId, clickId)))
    .limit(5);
  return rows.find((r) => r.clickId === clickId);
}

export const MAX_CLICK_ID_CANDIDATES = 20;

// Every affiliate's click with exactly this id: a caller-supplied id is unique only per affiliate.
export async function findClicksById(db: Database, clickId: string): Promise<Click[]> {
  const rows = await db
    .select()
    .from(clicks)
    .where(eq(clicks.clickId, clickId))
    .limit(MAX_CLICK_ID_CANDIDATES);
  return rows.filter((r) => r.clickId === clickId);
}

export type StoredClick = { created: true } | { created: false; original: Click };

/**
 * A JSON-mode click in one round trip: the row alone, without ingest id, uniqueness or rollup,
 * which its queued message completes (ingestClicks). A duplicate-entry error means the click_id
 * is taken, and the original is read by it (the second round trip).
 */
export async function storeClick(db: Database, click: NewClick): Promise<StoredClick> {
  try {
    // A suspicious click is never unique; the rest is settled when the queue claims the row.
    await db.insert(clicks).values({ ...click, isUnique: !click.isSuspicious, ingestId: null });
    return { created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const original = await findClick(db, click.affiliateId, click.clickId);
  if (!original) throw new Error(`click ${click.clickId} reported as duplicate but not found`);
  return { created: false, original };
}

/**
 * Inserts a batch of clicks exactly once, whatever how often the batch is delivered: rows are
 * keyed by (affiliate_id, click_id), and a row is counted by the first batch that claims it, the one whose
 * ingest id it then carries: a row it inserts, or a row a JSON-mode click stored without one.
 * Only rows carrying this batch's ingest id get their uniqueness and enter the daily rollup,
 * all in one transaction. Which rows are new is told by that ingest id, never by an
 * affected-rows count. Returns how many clicks this batch claimed.
 */
export async function ingestClicks(
  db: Database,
  batch: NewClick[],
  ingestId: string,
): Promise<number> {
  if (batch.length === 0) return 0;
  const clickIds = batch.map((c) => c.clickId);
  // A suspicious click never takes a visitor's first-click-of-the-day slot from a real one.
  const fingerprints = batch
    .filter((c) => c.ipHash && !c.isSuspicious)
    .map((c) => ({
      campaignId: c.campaignId,
      ipHash: c.ipHash!,
      day: c.timestamp.slice(0, 10),
      firstClickId: c.clickId,
    }));
  return retryOnDeadlock(() =>
    db.transaction(async (tx) => {
      if (fingerprints.length) await tx.insert(clickFingerprints).ignore().values(fingerprints);
      const rows = batch.map((c) => ({ ...c, ingestId, isUnique: !c.ipHash && !c.isSuspicious }));
      // is_unique is assigned first, while ingest_id still tells whether the row was claimed before.
      await tx
        .insert(clicks)
        .values(rows)
        .onDuplicateKeyUpdate({
          set: {
            isUnique: sql.raw('IF(`ingest_id` IS NULL, VALUES(`is_unique`), `is_unique`)'),
            ingestId: sql.raw('IF(`ingest_id` IS NULL, VALUES(`ingest_id`), `ingest_id`)'),
          },
        });
      if (fingerprints.length) {
        await tx.execute(sql`
        UPDATE ${clicks} c JOIN ${clickFingerprints} f
          ON f.first_click_id = c.click_id AND f.campaign_id = c.campaign_id AND f.ip_hash = c.ip_hash AND f.day = DATE(c.timestamp)
        SET c.is_unique = TRUE
        WHERE c.click_id IN ${clickIds} AND c.ingest_id = ${ingestId} AND c.is_suspicious = FALSE`);
      }
      await tx.execute(sql`
      INSERT INTO daily_clicks (affiliate_id, campaign_id, day, clicks, unique_clicks, suspicious_clicks)
      SELECT affiliate_id, campaign_id, DATE(timestamp), SUM(NOT is_suspicious), SUM(is_unique), SUM(is_suspicious)
      FROM ${clicks}
      WHERE click_id IN ${clickIds} AND ingest_id = ${ingestId}
      GROUP BY affiliate_id, campaign_id, DATE(timestamp)
      ON DUPLICATE KEY UPDATE clicks = clicks + VALUES(clicks), unique_clicks = unique_clicks + VALUES(unique_clicks),
        suspicious_clicks = suspicious_clicks + VALUES(suspicious_clicks)`);
      // Read back, never taken from an affected-rows count: the rows this batch claimed.
      const claimed = await tx.execute(
        sql`SELECT COUNT(*) AS n FROM ${clicks} WHERE click_id IN ${clickIds} AND ingest_id = ${ingestId}`,
      );
      return Number((claimed.rows[0] as { n: string | number }).n);
    }),
  );
}

// What click lists and exports show: only these columns are read.
export const clickListColumns = {
  id: clicks.id,
  clickId: clicks.clickId,
  campaignId: clicks.campaignId,
  timestamp: clicks.timestamp,
  sub1: clicks.sub1,
  sub2: clicks.sub2,
  sub3: clicks.sub3,
  sub4: clicks.sub4,
  sub5: clicks.sub5,
  country: clicks.country,
  isUnique: clicks.isUnique,
  device: clicks.device,
  os: clicks.os,
  variantId: clicks.variantId,
  smartlinkId: clicks.smartlinkId,
};

export type ClickListRow = Pick<Click, keyof typeof clickListColumns>;

export function listClicks(db: Database, q: PageQuery): Promise<ClickListRow[]> {
  return newestFirstPage(
    db.select(clickListColumns).from(clicks).$dynamic(),
    clicks,
    q,
    eq(clicks.affiliateId, q.affiliateId),
  );
}

// Fingerprints only decide uniqueness within their day, so older days are dead weight.
export function pruneClickFingerprints(
  db: Database,
  beforeDay: string,
  chunk = 5000,
  maxChunks = 200,
): Promise<number> {
  return deleteInChunks(
    db,
    (limit) => sql`DELETE FROM ${clickFingerprints} WHERE day < ${beforeDay} LIMIT ${limit}`,
    chunk,
    maxChunks,
  );
}
