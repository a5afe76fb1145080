import { z } from '@hono/zod-openapi';
import type { Cursor } from '../db/queries/page.ts';
import { isMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { base64url } from '../lib/crypto.ts';

// Keyset pagination shared by every list: an opaque cursor for (timestamp, id) and a bounded limit.
export const cursorField = z
  .string({ error: 'cursor must be given once' })
  .max(200, 'cursor is too long')
  .optional();

export const limitField = (max: number) =>
  z
    .string({ error: 'limit must be given once' })
    .regex(/^[1-9][0-9]{0,3}$/, `limit must be an integer from 1 to ${max}`)
    .transform(Number)
    .refine((n) => n <= max, `limit must be an integer from 1 to ${max}`)
    .optional();

// The answer of every list: a page of items and the cursor of the next one (null on the last page).
export const pageJson = <T extends z.ZodType>(item: T) =>
  z.object({ success: z.literal(true), data: z.array(item), next_cursor: z.string().nullable() });

function encodeCursor(row: { timestamp: string; id: number }): string {
  return base64url(new TextEncoder().encode(`${row.timestamp}|${row.id}`));
}

export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [timestamp, id] = atob(cursor.replace(/-/g, '+').replace(/_/g, '/')).split('|');
    if (
      timestamp &&
      isMysqlDatetime(timestamp) &&
      id &&
      /^[1-9]\d{0,15}$/.test(id) &&
      Number.isSafeInteger(Number(id))
    ) {
      return { timestamp, id: Number(id) };
    }
  } catch {
    // falls through to the error below
  }
  throw new ApiError('bad_request', 'cursor is not a cursor this API returned', {
    issues: [{ path: 'cursor', message: 'invalid cursor' }],
  });
}

// The cursor of the page after `rows`: set only when the page came back full.
export function nextCursor(
  rows: { timestamp: string; id: number }[],
  limit: number,
): string | null {
  const last = rows.length === limit ? rows.at(-1) : undefined;
  return last ? encodeCursor(last) : null;
}
