import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Click, Conversion } from '../../drizzle/schema.ts';
import { findAffiliate } from '../db/queries/affiliates.ts';
import { listClicks } from '../db/queries/clicks.ts';
import { listConversions } from '../db/queries/conversions.ts';
import type { Cursor } from '../db/queries/page.ts';
import { toIso } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { base64url } from '../lib/crypto.ts';
import { assertCanRead, requireAuth } from '../middleware/auth.ts';
import { rangeBounds, rangeQuery, resolveRange } from '../reports/range.ts';
import { toCsv } from '../reports/csv.ts';
import { idParam } from '../schemas/fields.ts';
import { bearerSecurity, errorResponses } from '../schemas/responses.ts';

export const affiliateParams = z.object({ affiliate_id: idParam('affiliate_id') });

const pageQuery = rangeQuery.extend({
  cursor: z.string({ error: 'cursor must be given once' }).max(200, 'cursor is too long').optional(),
  limit: z
    .string({ error: 'limit must be given once' })
    .regex(/^[1-9][0-9]{0,3}$/, 'limit must be an integer from 1 to 1000')
    .transform(Number)
    .refine((n) => n <= 1000, 'limit must be an integer from 1 to 1000')
    .optional(),
});

const clickItem = z.object({
  id: z.number().int(),
  click_id: z.string(),
  campaign_id: z.number().int(),
  created_at: z.string(),
  sub1: z.string().nullable(), sub2: z.string().nullable(), sub3: z.string().nullable(), sub4: z.string().nullable(), sub5: z.string().nullable(),
  country: z.string().nullable(),
  device: z.string().nullable(),
  os: z.string().nullable(),
  variant_id: z.string().nullable(),
  smartlink_id: z.number().int().nullable(),
  is_unique: z.boolean(),
});

const conversionItem = z.object({
  id: z.number().int(),
  click_id: z.string(),
  amount: z.number(),
  currency: z.string(),
  created_at: z.string(),
  campaign_id: z.number().int(),
  payout: z.number().nullable(),
  status: z.string(),
  event: z.string(),
  txid: z.string().nullable(),
});

export type ClickItem = z.infer<typeof clickItem>;
export type ConversionItem = z.infer<typeof conversionItem>;

const page = <T extends z.ZodType>(item: T) =>
  z.object({ success: z.literal(true), data: z.array(item), next_cursor: z.string().nullable() });

const listRoute = <P extends string, T extends z.ZodType>(path: P, summary: string, item: T) =>
  createRoute({
    method: 'get',
    path,
    summary,
    ...bearerSecurity,
    middleware: [requireAuth()] as const,
    request: { params: affiliateParams, query: pageQuery },
    responses: { 200: { description: summary, content: { 'application/json': { schema: page(item) } } }, ...errorResponses },
  });

const csvRoute = <P extends string>(path: P, summary: string) =>
  createRoute({
    method: 'get',
    path,
    summary,
    ...bearerSecurity,
    middleware: [requireAuth()] as const,
    request: { params: affiliateParams, query: rangeQuery },
    responses: {
      200: {
        description: `${summary}; at most ${CSV_ROW_LIMIT} rows, newest first, with X-Export-Truncated: true when there were more`,
        content: { 'text/csv': { schema: z.string() } },
      },
      ...errorResponses,
    },
  });

const CSV_ROW_LIMIT = 100_000;

const clicksRoute = listRoute('/affiliates/{affiliate_id}/clicks', "An affiliate's clicks, newest first", clickItem);
const conversionsRoute = listRoute('/affiliates/{affiliate_id}/conversions', "An affiliate's conversions, newest first", conversionItem);
const clicksCsvRoute = csvRoute('/affiliates/{affiliate_id}/clicks.csv', "An affiliate's clicks in the range as CSV");
const conversionsCsvRoute = csvRoute('/affiliates/{affiliate_id}/conversions.csv', "An affiliate's conversions in the range as CSV");

function clickJson(k: Click): ClickItem {
  return {
    id: k.id, click_id: k.clickId, campaign_id: k.campaignId, created_at: toIso(k.timestamp),
    sub1: k.sub1, sub2: k.sub2, sub3: k.sub3, sub4: k.sub4, sub5: k.sub5, country: k.country,
    device: k.device, os: k.os, variant_id: k.variantId, smartlink_id: k.smartlinkId, is_unique: k.isUnique,
  };
}

function conversionItemJson(c: Conversion): ConversionItem {
  return {
    id: c.id, click_id: c.clickId, amount: Number(c.amount), currency: c.currency, created_at: toIso(c.timestamp),
    campaign_id: c.campaignId, payout: c.payout === null ? null : Number(c.payout), status: c.status, event: c.event,
    txid: c.txid === '' ? null : c.txid,
  };
}

export async function readableAffiliate(c: Context<AppEnv>, affiliateId: number) {
  assertCanRead(c.var.principal, affiliateId);
  const affiliate = await findAffiliate(c.var.db, affiliateId);
  if (!affiliate) throw new ApiError('not_found', `Affiliate ${affiliateId} not found`);
  return affiliate;
}

function encodeCursor(row: { timestamp: string; id: number }): string {
  return base64url(new TextEncoder().encode(`${row.timestamp}|${row.id}`));
}

function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [timestamp, id] = atob(cursor.replace(/-/g, '+').replace(/_/g, '/')).split('|');
    if (timestamp && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/.test(timestamp) && id && /^\d{1,20}$/.test(id)) {
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
      return c.json({ success: true as const, data: rows.map(clickJson), next_cursor: last ? encodeCursor(last) : null }, 200);
    })
    .openapi(conversionsRoute, async (c) => {
      const args = await pageArgs(c, { ...c.req.valid('param'), ...c.req.valid('query') }, 100);
      const rows = await listConversions(c.var.db, args);
      const last = rows.length === args.limit ? rows.at(-1) : undefined;
      return c.json({ success: true as const, data: rows.map(conversionItemJson), next_cursor: last ? encodeCursor(last) : null }, 200);
    })
    .openapi(clicksCsvRoute, async (c) => {
      const args = await pageArgs(c, { ...c.req.valid('param'), ...c.req.valid('query') }, CSV_ROW_LIMIT + 1);
      const rows = (await listClicks(c.var.db, args)).map(clickJson);
      return csvResponse(c, `clicks-${args.affiliateId}.csv`, Object.keys(clickItem.shape), rows);
    })
    .openapi(conversionsCsvRoute, async (c) => {
      const args = await pageArgs(c, { ...c.req.valid('param'), ...c.req.valid('query') }, CSV_ROW_LIMIT + 1);
      const rows = (await listConversions(c.var.db, args)).map(conversionItemJson);
      return csvResponse(c, `conversions-${args.affiliateId}.csv`, Object.keys(conversionItem.shape), rows);
    });
}

function csvResponse<T extends object>(c: Context<AppEnv>, filename: string, columns: string[], rows: T[]) {
  const truncated = rows.length > CSV_ROW_LIMIT;
  return c.body(toCsv(columns, rows.slice(0, CSV_ROW_LIMIT)), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'X-Export-Truncated': String(truncated),
  }) as never;
}
