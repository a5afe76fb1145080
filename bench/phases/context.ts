import type mysql from 'mysql2/promise';
import type { BenchFlags } from '../flags.ts';
import type { BenchRuntime } from '../runtime/miniflare.ts';
import type { BenchDatabase } from '../stack.ts';

export interface BenchContext {
  flags: BenchFlags;
  db: BenchDatabase;
  runtime: BenchRuntime;
  bundlePath: string;
  /** Direct MySQL access for counting rows and loading fixtures, never on a measured path. */
  sql: mysql.Pool;
}

// Browser-like headers: the redirect path reads the user agent and Accept like it would in production.
export const BROWSER_HEADERS = {
  'user-agent':
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml',
};

export const API_HEADERS = { 'user-agent': 'bench-s2s/1.0', accept: 'application/json' };

export async function countRows(sql: mysql.Pool, table: 'clicks' | 'conversions'): Promise<number> {
  const [rows] = await sql.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0]!.n);
}
