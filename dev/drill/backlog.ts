import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { clickMarker, txidPrefix } from './traffic.ts';

export interface Backlog {
  /** Clicks and postbacks up to these indexes (sent before the database came back) must all be stored. */
  lastClickIndex: number;
  lastPostbackIndex: number;
  clicks: number;
  postbacks: number;
}

export async function storedUpTo(
  conn: Connection,
  runId: string,
  backlog: Backlog,
): Promise<{ clickRows: number; conversionRows: number }> {
  const [[clicks]] = await conn.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM clicks WHERE sub1 = ? AND CAST(sub2 AS UNSIGNED) <= ?',
    [clickMarker(runId), backlog.lastClickIndex],
  );
  const prefix = txidPrefix(runId);
  const [[conversions]] = await conn.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM conversions WHERE txid LIKE ? AND CAST(SUBSTRING(txid, ?) AS UNSIGNED) <= ?',
    [`${prefix}%`, prefix.length + 1, backlog.lastPostbackIndex],
  );
  return { clickRows: Number(clicks!.n), conversionRows: Number(conversions!.n) };
}

/** Time at which everything accepted before the recovery was stored, or null when the timeout came first. */
export async function waitForBacklog(
  conn: Connection,
  runId: string,
  backlog: Backlog,
  timeoutMs: number,
): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const stored = await storedUpTo(conn, runId, backlog);
    if (stored.clickRows >= backlog.clicks && stored.conversionRows >= backlog.postbacks)
      return Date.now();
    await sleep(250);
  }
  return null;
}
