import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../client.ts';

/**
 * Runs a DELETE ... LIMIT `chunk` until a statement removes fewer than `chunk` rows, at most
 * `maxChunks` times: no single statement holds locks for long, and a backlog is worked off over
 * several runs. Returns rows removed (a DELETE's count is the same with or without found rows).
 */
export async function deleteInChunks(
  db: Database,
  deleteChunk: (limit: SQL) => SQL,
  chunk: number,
  maxChunks: number,
): Promise<number> {
  const limit = sql.raw(String(chunk));
  let removed = 0;
  for (let i = 0; i < maxChunks; i++) {
    const result = await db.execute(deleteChunk(limit));
    removed += result.rowsAffected;
    if (result.rowsAffected < chunk) break;
  }
  return removed;
}
