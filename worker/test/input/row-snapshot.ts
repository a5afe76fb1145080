import { sql } from 'drizzle-orm';
import { db, trackedTables } from '../db.ts';

// Row counts of every tracked table in one round trip, so hundreds of cases can each check them.
export async function tableCounts(): Promise<Record<string, number>> {
  const columns = trackedTables.map((t) => `(SELECT COUNT(*) FROM ${t}) AS ${t}`).join(', ');
  const { rows } = await db.execute(sql.raw(`SELECT ${columns}`));
  const row = rows[0] as Record<string, string>;
  return Object.fromEntries(trackedTables.map((t) => [t, Number(row[t])]));
}
