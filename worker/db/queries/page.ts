import { and, desc, eq, gte, lt, or, type SQL } from 'drizzle-orm';
import type { MySqlColumn, MySqlSelect } from 'drizzle-orm/mysql-core';

export interface Cursor {
  timestamp: string;
  id: number;
}

// A time range [from, to) read newest first, one page at a time.
export interface TimePage {
  from: string;
  to: string;
  limit: number;
  cursor?: Cursor | undefined;
}

export interface PageQuery extends TimePage {
  affiliateId: number;
}

// Rows strictly older than the cursor in (timestamp, id) order: keyset pagination.
function olderThan(
  timestamp: MySqlColumn,
  id: MySqlColumn,
  cursor: Cursor | undefined,
): SQL | undefined {
  if (!cursor) return undefined;
  return or(
    lt(timestamp, cursor.timestamp),
    and(eq(timestamp, cursor.timestamp), lt(id, cursor.id)),
  );
}

// A list filter that applies only when the caller gave a value.
export function equalsIfGiven(
  column: MySqlColumn,
  value: string | number | undefined,
): SQL | undefined {
  return value === undefined ? undefined : eq(column, value);
}

/**
 * One page of a newest-first list: the rows matching `filters` in the range, keyset-paginated on
 * (timestamp, id) so deep pages cost the same as the first.
 */
export function newestFirstPage<T extends MySqlSelect>(
  query: T,
  order: { timestamp: MySqlColumn; id: MySqlColumn },
  page: TimePage,
  ...filters: (SQL | undefined)[]
): T {
  return query
    .where(
      and(
        ...filters,
        gte(order.timestamp, page.from),
        lt(order.timestamp, page.to),
        olderThan(order.timestamp, order.id, page.cursor),
      ),
    )
    .orderBy(desc(order.timestamp), desc(order.id))
    .limit(page.limit);
}
