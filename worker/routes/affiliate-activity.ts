import { createRoute, z, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { listClicks } from '../db/queries/clicks.ts';
import { listConversions } from '../db/queries/conversions.ts';
import type { Cursor } from '../db/queries/page.ts';
import { cursorField, decodeCursor, limitField, nextCursor, pageJson } from '../http/page.ts';
import { affiliateParams, readableAffiliate } from '../http/route-helpers.ts';
import { requireAuth } from '../middleware/auth.ts';
import { rangeBounds, rangeQuery, resolveRange } from '../reports/range.ts';
import { csvStream } from '../reports/csv.ts';
import { bearerSecurity, errorResponses } from '../schemas/responses.ts';
import { clickItem, clickToJson } from '../serializers/click.ts';
import { affiliateConversionJson, conversionToJson } from '../serializers/conversion.ts';

const pageQuery = rangeQuery.extend({ cursor: cursorField, limit: limitField(1000) });

// GET of one affiliate's activity: the affiliate itself or the admin reads it.
const affiliateRoute = <
  P extends string,
  Q extends typeof rangeQuery,
  R extends RouteConfig['responses'][number],
>(
  operationId: string,
  path: P,
  summary: string,
  query: Q,
  ok: R,
) =>
  createRoute({
    operationId,
    method: 'get',
    path,
    summary,
    ...bearerSecurity,
    middleware: [requireAuth()] as const,
    request: { params: affiliateParams, query },
    responses: { 200: ok, ...errorResponses },
  });

const listRoute = <P extends string, T extends z.ZodType>(
  operationId: string,
  path: P,
  summary: string,
  item: T,
) =>
  affiliateRoute(operationId, path, summary, pageQuery, {
    description: summary,
    content: { 'application/json': { schema: pageJson(item) } },
  });

const csvRoute = <P extends string>(operationId: string, path: P, summary: string) =>
  affiliateRoute(operationId, path, summary, rangeQuery, {
    description: `${summary}, newest first, streamed as it is read`,
    content: { 'text/csv': { schema: z.string() } },
  });

// Rows per database read while a CSV export streams: memory holds about one page.
const CSV_PAGE_ROWS = 1000;

const clicksRoute = listRoute(
  'listAffiliateClicks',
  '/affiliates/{affiliate_id}/clicks',
  "An affiliate's clicks, newest first",
  clickItem,
);
const conversionsRoute = listRoute(
  'listAffiliateConversions',
  '/affiliates/{affiliate_id}/conversions',
  "An affiliate's conversions, newest first",
  affiliateConversionJson,
);
const clicksCsvRoute = csvRoute(
  'exportAffiliateClicksCsv',
  '/affiliates/{affiliate_id}/clicks.csv',
  "An affiliate's clicks in the range as CSV",
);
const conversionsCsvRoute = csvRoute(
  'exportAffiliateConversionsCsv',
  '/affiliates/{affiliate_id}/conversions.csv',
  "An affiliate's conversions in the range as CSV",
);

type PageArgs = {
  affiliate_id: number;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
};

async function pageArgs(c: Context<AppEnv>, q: PageArgs, defaultLimit: number) {
  await readableAffiliate(c, q.affiliate_id);
  const bounds = rangeBounds(resolveRange(q));
  return {
    affiliateId: q.affiliate_id,
    ...bounds,
    limit: q.limit ?? defaultLimit,
    cursor: decodeCursor(q.cursor),
  };
}

export function registerAffiliateActivityRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(clicksRoute, async (c) => {
      const args = await pageArgs(c, { ...c.req.valid('param'), ...c.req.valid('query') }, 100);
      const rows = await listClicks(c.var.db, args);
      return c.json(
        {
          success: true as const,
          data: rows.map(clickToJson),
          next_cursor: nextCursor(rows, args.limit),
        },
        200,
      );
    })
    .openapi(conversionsRoute, async (c) => {
      const args = await pageArgs(c, { ...c.req.valid('param'), ...c.req.valid('query') }, 100);
      const rows = await listConversions(c.var.db, args);
      return c.json(
        {
          success: true as const,
          data: rows.map(conversionToJson.affiliate),
          next_cursor: nextCursor(rows, args.limit),
        },
        200,
      );
    })
    .openapi(clicksCsvRoute, async (c) => {
      const args = await pageArgs(
        c,
        { ...c.req.valid('param'), ...c.req.valid('query') },
        CSV_PAGE_ROWS,
      );
      const page = (after: Cursor | undefined) =>
        listClicks(c.var.db, { ...args, limit: CSV_PAGE_ROWS, cursor: after });
      return csvResponse(
        c,
        `clicks-${args.affiliateId}.csv`,
        Object.keys(clickItem.shape),
        await page(undefined),
        page,
        clickToJson,
      );
    })
    .openapi(conversionsCsvRoute, async (c) => {
      const args = await pageArgs(
        c,
        { ...c.req.valid('param'), ...c.req.valid('query') },
        CSV_PAGE_ROWS,
      );
      const page = (after: Cursor | undefined) =>
        listConversions(c.var.db, { ...args, limit: CSV_PAGE_ROWS, cursor: after });
      return csvResponse(
        c,
        `conversions-${args.affiliateId}.csv`,
        Object.keys(affiliateConversionJson.shape),
        await page(undefined),
        page,
        conversionToJson.affiliate,
      );
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
  const body = csvStream(
    columns,
    firstPage,
    (last) => page({ timestamp: last.timestamp, id: last.id }),
    CSV_PAGE_ROWS,
    toRecord,
  );
  return c.body(body, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
  }) as never;
}
