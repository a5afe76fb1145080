import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { recountClicksSql, recountConversionsSql } from '../stack/rollups.ts';
import type { Ledger } from './traffic.ts';
import { clickMarker, txidPrefix } from './traffic.ts';

export interface Persisted {
  clickRows: number;
  conversionRows: number;
}

async function persisted(conn: Connection, runId: string): Promise<Persisted> {
  const [[clicks]] = await conn.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM clicks WHERE sub1 = ?',
    [clickMarker(runId)],
  );
  const [[conversions]] = await conn.query<RowDataPacket[]>(
    'SELECT COUNT(*) AS n FROM conversions WHERE txid LIKE ?',
    [`${txidPrefix(runId)}%`],
  );
  return { clickRows: Number(clicks!.n), conversionRows: Number(conversions!.n) };
}

/** Polls until every accepted click and postback has its row (or the timeout); returns when that happened. */
export async function waitForDrain(
  conn: Connection,
  runId: string,
  expected: Persisted,
  timeoutMs: number,
  onPoll: (now: Persisted) => void,
): Promise<{ drainedAt: number | null; last: Persisted }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await persisted(conn, runId);
    onPoll(now);
    if (now.clickRows >= expected.clickRows && now.conversionRows >= expected.conversionRows)
      return { drainedAt: Date.now(), last: now };
    if (Date.now() > deadline) return { drainedAt: null, last: now };
    await sleep(250);
  }
}

export interface Verdict {
  clicksPersisted: number;
  conversionsPersisted: number;
  lostClicks: string[];
  lostConversions: string[];
  duplicatedClicks: number;
  duplicatedConversions: number;
  unexpectedRows: number;
  misattributed: number;
  rollupsMatch: boolean;
  rollupDifferences: string[];
}

// Compares what was accepted with what the database holds, row by row.
export async function verify(conn: Connection, runId: string, ledger: Ledger): Promise<Verdict> {
  const sentClicks = new Set(ledger.clicks.filter((c) => c.clickId).map((c) => c.clickId!));
  const accepted = ledger.postbacks.filter((p) => p.status === 200 || p.status === 202);
  const sentTxids = new Map(accepted.map((p) => [p.txid, p]));

  const [clickRows] = await conn.query<RowDataPacket[]>(
    'SELECT click_id, COUNT(*) AS n FROM clicks WHERE sub1 = ? GROUP BY click_id',
    [clickMarker(runId)],
  );
  const [conversionRows] = await conn.query<RowDataPacket[]>(
    'SELECT txid, click_id, affiliate_id, COUNT(*) AS n FROM conversions WHERE txid LIKE ? GROUP BY txid, click_id, affiliate_id',
    [`${txidPrefix(runId)}%`],
  );
  const storedClicks = new Map(clickRows.map((r) => [String(r.click_id), Number(r.n)]));
  const storedTxids = new Map<string, number>();
  let misattributed = 0;
  for (const r of conversionRows) {
    storedTxids.set(String(r.txid), (storedTxids.get(String(r.txid)) ?? 0) + Number(r.n));
    const sent = sentTxids.get(String(r.txid));
    if (sent && (sent.clickId !== r.click_id || sent.affiliateId !== Number(r.affiliate_id)))
      misattributed++;
  }
  const rollups = await compareRollups(conn);
  return {
    clicksPersisted: [...storedClicks.values()].reduce((a, b) => a + b, 0),
    conversionsPersisted: [...storedTxids.values()].reduce((a, b) => a + b, 0),
    lostClicks: [...sentClicks].filter((id) => !storedClicks.has(id)),
    lostConversions: [...sentTxids.keys()].filter((t) => !storedTxids.has(t)),
    duplicatedClicks: [...storedClicks.values()].reduce((a, n) => a + n - 1, 0),
    duplicatedConversions: [...storedTxids.values()].reduce((a, n) => a + n - 1, 0),
    unexpectedRows:
      [...storedClicks.keys()].filter((id) => !sentClicks.has(id)).length +
      [...storedTxids.keys()].filter((t) => !sentTxids.has(t)).length,
    misattributed,
    rollupsMatch: rollups.length === 0,
    rollupDifferences: rollups.slice(0, 10),
  };
}

const numeric = new Set([
  'clicks',
  'unique_clicks',
  'suspicious_clicks',
  'conversions',
  'revenue',
  'payout',
]);

function keyed(rows: RowDataPacket[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    const cols = Object.keys(r).sort();
    const key = cols
      .filter((k) => !numeric.has(k))
      .map((k) => `${k}=${String(r[k])}`)
      .join(' ');
    out.set(
      key,
      cols
        .filter((k) => numeric.has(k))
        .map((k) => `${k}=${Number(r[k]).toFixed(4)}`)
        .join(' '),
    );
  }
  return out;
}

// Every rollup cell against a recount from raw rows; empty cells (all moved to another status) are ignored.
async function compareRollups(conn: Connection): Promise<string[]> {
  const differences: string[] = [];
  const pairs: [string, string][] = [
    [
      'SELECT affiliate_id, campaign_id, day, clicks, unique_clicks, suspicious_clicks FROM daily_clicks WHERE clicks + suspicious_clicks > 0',
      recountClicksSql,
    ],
    [
      'SELECT affiliate_id, campaign_id, day, currency, status, conversions, revenue, payout FROM daily_conversions WHERE conversions > 0',
      recountConversionsSql,
    ],
  ];
  for (const [rollupSql, recountSql] of pairs) {
    const [rollup] = await conn.query<RowDataPacket[]>(rollupSql);
    const [recount] = await conn.query<RowDataPacket[]>(recountSql);
    const a = keyed(rollup);
    const b = keyed(recount);
    for (const key of new Set([...a.keys(), ...b.keys()])) {
      if (a.get(key) !== b.get(key))
        differences.push(
          `${key}: rollup ${a.get(key) ?? 'missing'}, recount ${b.get(key) ?? 'missing'}`,
        );
    }
  }
  return differences;
}
