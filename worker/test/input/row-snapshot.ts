import { sql } from 'drizzle-orm';
import { db, trackedTables } from '../db.ts';

/**
 * Row counts of every tracked table in one round trip, so hundreds of cases can each check them.
 * Taken once no recent JSON click is still waiting for the click queue to count it, so a rollup
 * landing late is not mistaken for a write of the request under test (a click some fault left
 * uncounted on purpose is not waited for past a minute).
 */
export async function tableCounts(timeoutMs = 5_000): Promise<Record<string, number>> {
  const columns = trackedTables.map((t) => `(SELECT COUNT(*) FROM ${t}) AS ${t}`).join(', ');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.execute(
      sql.raw(
        `SELECT ${columns}, (SELECT COUNT(*) FROM clicks WHERE ingest_id IS NULL AND timestamp > UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE) AS uncounted`,
      ),
    );
    const row = rows[0] as Record<string, string>;
    if (Number(row['uncounted']) === 0 || Date.now() > deadline)
      return Object.fromEntries(trackedTables.map((t) => [t, Number(row[t])]));
    await new Promise((r) => setTimeout(r, 100));
  }
}
