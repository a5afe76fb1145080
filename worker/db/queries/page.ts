import { and, eq, lt, or, type SQL } from 'drizzle-orm';
import type { MySqlColumn } from 'drizzle-orm/mysql-core';

export interface Cursor {
  timestamp: string;
  id: number;
}

export interface PageQuery {
  affiliateId: number;
  from: string;
  to: string;
  limit: number;
  cursor?: Cursor | undefined;
}

// Rows strictly older than the cursor in (timestamp, id) order: keyset pagination.
export function olderThan(timestamp: MySqlColumn, id: MySqlColumn, cursor: Cursor | undefined): SQL | undefined {
  if (!cursor) return undefined;
  return or(lt(timestamp, cursor.timestamp), and(eq(timestamp, cursor.timestamp), lt(id, cursor.id)));
}
