import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { createDatabase } from '../db/client.ts';

export const db = createDatabase(env.DATABASE_URL);

export async function count(table: string, where = sql`1=1`): Promise<number> {
  const result = await db.execute(sql`SELECT COUNT(*) AS n FROM ${sql.raw(table)} WHERE ${where}`);
  return Number((result.rows[0] as { n: string }).n);
}

// Polls until the condition holds: queue consumers run asynchronously.
export async function eventually<T>(
  check: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A JSON-mode click is stored at once and counted (uniqueness, rollup) by the click queue: waits for that.
export async function clickCounted(clickId: string): Promise<void> {
  const counted = await eventually(
    () => count('clicks', sql`click_id = ${clickId} AND ingest_id IS NOT NULL`),
    (n) => n === 1,
  );
  if (counted !== 1) throw new Error(`click ${clickId} was not counted by the click queue`);
}

// Flips the local PlanetScale endpoint's fail switch: '503' makes every database call fail.
// The local PlanetScale endpoint's switches (dev/psdb/control.ts): failure, jitterMs, failNext.
export async function controlDatabase(body: Record<string, unknown>): Promise<void> {
  const url = new URL(env.DATABASE_URL);
  const auth = btoa(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`);
  const res = await fetch(`${url.protocol}//${url.host}/__control`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control: ${res.status} ${await res.text()}`);
}

export const setDatabaseFailure = (failure: '503' | null) => controlDatabase({ failure });

export interface StoredPayout {
  payout: number | null;
  payout_rule_id: number | null;
  status_set_by: string;
}

/** What a conversion was paid, as stored: a sender's postback answer never shows an advertiser the payout. */
export async function storedPayout(conversionId: number): Promise<StoredPayout> {
  const payout = (await storedPayouts([conversionId])).get(conversionId);
  if (!payout) throw new Error(`conversion ${conversionId} is not stored`);
  return payout;
}

/** What each of many conversions was paid, by id, in one query (a test's hundreds of reads at once would queue). */
export async function storedPayouts(conversionIds: number[]): Promise<Map<number, StoredPayout>> {
  if (!conversionIds.length) return new Map();
  const ids = sql.join(
    conversionIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const { rows } = await db.execute(
    sql`SELECT id, payout, payout_rule_id, status_set_by FROM conversions WHERE id IN (${ids})`,
  );
  const stored = rows as {
    id: number | string;
    payout: string | null;
    payout_rule_id: number | null;
    status_set_by: string;
  }[];
  return new Map(
    stored.map((row) => [
      Number(row.id),
      {
        payout: row.payout === null ? null : Number(row.payout),
        payout_rule_id: row.payout_rule_id === null ? null : Number(row.payout_rule_id),
        status_set_by: row.status_set_by,
      },
    ]),
  );
}
