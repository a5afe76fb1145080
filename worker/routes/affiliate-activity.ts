import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { listClicks } from '../db/queries/clicks.ts';
import { listConversions } from '../db/queries/conversions.ts';
import type { Cursor } from '../db/queries/page.ts';
import { isMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { base64url } from '../lib/crypto.ts';
import { affiliateParams, readableAffiliate } from '../http/route-helpers.ts';
import { requireAuth } from '../middleware/auth.ts';
import { rangeBounds, rangeQuery, resolveRange } from '../reports/range.ts';
import { csvStream } from '../reports/csv.ts';
import { bearerSecurity, errorResponses } from '../schemas/responses.ts';
import { clickItem, clickToJson } from '../serializers/click.ts';
import { conversionItem, conversionToJson } from '../serializers/conversion.ts';

const pageQuery = rangeQuery.extend({
  cursor: z.string({ error: 'cursor must be given once' }).max(200, 'cursor is too long').optional(),
  limit: z
    .string({ error: 'limit must be given once' })
    .regex(/^[1-9][0-9]{0,3}$/, 'limit must be an integer from 1 to 1000')
    .transform(Number)
    .refine((n) => n <= 1000, 'limit must be an integer from 1 to 1000')
    .optional(),
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({ success: z.literal(true), data: z.array(item), next_cursor: z.string().nullable() });

const listRoute = <P extends string, T extends z.ZodType>(operationId: string, path: P, summary: string, item: T) =>
  createRoute({
    operationId,
    method: 'get',
    path,
    summary,
    ...bearerSecurity,
    middleware: [requireAuth()] as const,
    request: { params: affiliateParams, query: pageQuery },
    responses: { 200: { description: summary, content: { 'application/json': { schema: page(item) } } }, ...errorResponses },
  });

const csvRoute = <P extends string>(operationId: string, path: P, summary: string) =>
  createRoute({
    operationId,
    method: 'get',
    path,
    summary,
    ...bearerSecurity,
    middleware: [requireAuth()] as const,
    request: { params: affiliateParams, query: rangeQuery },
    responses: {
      200: {
        description: `${summary}, newest first, streamed as it is read`,
        content: { 'text/csv': { schema: z.string() } },
      },
      ...errorResponses,
    },
  });

// Rows per database read while a CSV export streams: memory holds about one page.
const CSV_PAGE_ROWS = 1000;

const clicksRoute = listRoute('listAffiliateClicks', '/affiliates/{affiliate_id}/clicks', "An affiliate's clicks, newest first", clickItem);
const conversionsRoute = listRoute('listAffiliateConversions', '/affiliates/{affiliate_id}/conversions', "An affiliate's conversions, newest first", conversionItem);
const clicksCsvRoute = csvRoute('exportAffiliateClicksCsv', '/affiliates/{affiliate_id}/clicks.csv', "An affiliate's clicks in the range as CSV");
const conversionsCsvRoute = csvRoute('exportAffiliateConversionsCsv', '/affiliates/{affiliate_id}/conversions.csv', "An affiliate's conversions in the range as CSV");

function encodeCursor(row: { timestamp: string; id: number }): string {
  return base64url(new TextEncoder().encode(`${row.timestamp}|${row.id}`));
}

function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [timestamp, id] = atob(cursor.replace(/-/g, '+').replace(/_/g, '/')).split('|');
    if (timestamp && isMysqlDatetime(timestamp) && id && /^[1-9]\d{0,15}$/.test(id) && Number.isSafeInteger(Number(id))) {
      return { timestamp, id: Number(id) };
    }
  } catch {
    // falls through to the error below
  }
  throw new ApiError('bad_request', 'cursor is not a cursor this API returned', { issues: [{ path: 'cursor', message: 'invalid cursor' }] });
}

type PageArgs = { affiliate_id: number; from?: string | undefined; to?: string | undefined; cursor?: string | undefined; limit?: number | undefined };


async function pageArgs(c: Context<AppEnv>, q: PageArgs, defaultLimit: number) {
  await readableAffiliate(c, q.affiliate_id);
  const bounds = rangeBounds(resolveRange(q));
  return { affiliateId: q.affiliate_id, ...bounds, limit: q.limit ?? defaultLimit, cursor: decodeCursor(q.cursor) };
}

export function registerAffiliateActivityRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(clicksRoute, async (c) => {
      const args = await pageArgs(c, { ...c.req.valid('param'), ...c.req.valid('query') }, 100);
      const rows = await listClicks(c.var.db, args);
      const last = rows.length === args.limit ? rows.at(-1) : undefined;
      return c.json({ success: true as const, data: rows.map(clickToJson), next_cursor: last ? encodeCursor(last) : null }, 200);
    })
    .openapi(conversionsRoute, async (c) => {
      const args = await pageArgs(c, { ...c.req.valid('param'), ...c.req.valid('query') }, 100);
      const rows = await listConversions(c.var.db, args);
      const last = rows.length === args.limit ? rows.at(-1) : undefined;
      return c.json({ success: true as const, data: rows.map(conversionToJson.listItem), next_cursor: last ? encodeCursor(last) : null }, 200);
    })
    .openapi(clicksCsvRoute, async (c) => {
      const args = await pageArgs(c, { ...c.req.valid('param'), ...c.req.valid('query') }, CSV_PAGE_ROWS);
      const page = (after: Cursor | undefined) => listClicks(c.var.db, { ...args, limit: CSV_PAGE_ROWS, cursor: after });
      return csvResponse(c, `clicks-${args.affiliateId}.csv`, Object.keys(clickItem.shape), await page(undefined), page, clickToJson);
    })
    .openapi(conversionsCsvRoute, async (c) => {
      const args = await pageArgs(c, { ...c.req.valid('param'), ...c.req.valid('query') }, CSV_PAGE_ROWS);
      const page = (after: Cursor | undefined) => listConversions(c.var.db, { ...args, limit: CSV_PAGE_ROWS, cursor: after });
      return csvResponse(c, `conversions-${args.affiliateId}.csv`, Object.keys(conversionItem.shape), await page(undefined), page, conversionToJson.listItem);
    });
}

// The first page is read before answering, so a database failure is still a proper error response.
function csvResponse<R extends Cursor, T extends object>(
  c: Context<AppEnv>,
  filename: string,
  columns: string[],
  firstPage: R[],
  page: (after: Cursor) => Promise<R[]>,
  toRecord: (row: R) => T,
) {
  const body = csvStream(columns, firstPage, (last) => page({ timestamp: last.timestamp, id: last.id }), CSV_PAGE_ROWS, toRecord);
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
  }) as never;
}
