import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { affiliateParams, readableAffiliate } from '../http/route-helpers.ts';
import { clickAttributeTotals, OTHER_GROUP, rollupTotals } from '../db/queries/reports.ts';
import { requireAuth } from '../middleware/auth.ts';
import { toCsv } from '../reports/csv.ts';
import { qualityGroups, qualityReport, qualityReportSchema } from '../reports/quality.ts';
import { rangeBounds, rangeQuery, resolveRange } from '../reports/range.ts';
import { emptyTotals, foldTotals, totalsSchema } from '../reports/totals.ts';
import { errorResponses } from '../schemas/responses.ts';

const summaryRoute = createRoute({
  operationId: 'getAffiliateSummary',
  method: 'get',
  path: '/affiliates/{affiliate_id}/summary',
  summary: 'Totals for a date range: clicks, conversions, CR, revenue, payout and EPC by currency',
  security: [{ bearer: [] }],
  middleware: [requireAuth()] as const,
  request: { params: affiliateParams, query: rangeQuery },
  responses: {
    200: {
      description: 'Summary',
      content: {
        'application/json': {
          schema: z.object({
            success: z.literal(true),
            data: totalsSchema.extend({ from: z.string(), to: z.string() }),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

const GROUPS = [
  'day',
  'campaign',
  'sub1',
  'sub2',
  'sub3',
  'sub4',
  'sub5',
  'country',
  'device',
  'os',
  'variant',
  'smartlink',
] as const;

const groupBy = z.enum(GROUPS, { error: `group_by must be one of ${GROUPS.join(', ')}` }).openapi({
  description:
    'variant: the landing variant id of the routing rules; smartlink: the smartlink id; empty key: none',
});

const subIdLimit = z
  .string({ error: 'limit must be given once' })
  .regex(/^[1-9][0-9]{0,3}$/, 'limit must be an integer from 1 to 1000')
  .transform(Number)
  .refine((n) => n <= 1000, 'limit must be an integer from 1 to 1000')
  .optional()
  .openapi({
    type: 'integer',
    description:
      'group_by=subN: how many sub ids to list (default 100); the rest are summed in other',
  });

const DEFAULT_SUB_ID_LIMIT = 100;

// The JSON and CSV stats reports take the same range and grouping.
const statsRequest = {
  params: affiliateParams,
  query: rangeQuery.extend({ group_by: groupBy.optional(), limit: subIdLimit }),
};

const statsRoute = createRoute({
  operationId: 'getAffiliateStats',
  method: 'get',
  path: '/affiliates/{affiliate_id}/stats',
  summary:
    'Totals grouped by day, campaign, sub id, country, device, OS, landing variant or smartlink',
  security: [{ bearer: [] }],
  middleware: [requireAuth()] as const,
  request: statsRequest,
  responses: {
    200: {
      description:
        'One row per group; group_by=day has a row for every day of the range; group_by=subN lists the top sub ids by clicks and sums the rest in other',
      content: {
        'application/json': {
          schema: z.object({
            success: z.literal(true),
            group_by: groupBy,
            from: z.string(),
            to: z.string(),
            data: z.array(totalsSchema.extend({ key: z.string() })),
            other: totalsSchema.nullable().optional(),
          }),
        },
      },
    },
    ...errorResponses,
  },
});

const qualityGroup = z.enum(qualityGroups, {
  error: `group_by must be one of ${qualityGroups.join(', ')}`,
});

const qualityRoute = createRoute({
  method: 'get',
  path: '/affiliates/{affiliate_id}/quality',
  operationId: 'getAffiliateQuality',
  summary:
    'Traffic quality: suspicious share by campaign, sub1, country or network, and the CTIT histogram',
  security: [{ bearer: [] }],
  middleware: [requireAuth()] as const,
  request: {
    params: affiliateParams,
    query: rangeQuery.extend({ group_by: qualityGroup.optional() }),
  },
  responses: {
    200: {
      description:
        'Recorded clicks and suspicious clicks per group (largest first, at most 100), totals, and conversions per CTIT bucket',
      content: {
        'application/json': {
          schema: qualityReportSchema(qualityGroup),
        },
      },
    },
    ...errorResponses,
  },
});

const statsCsvRoute = createRoute({
  operationId: 'exportAffiliateStatsCsv',
  method: 'get',
  path: '/affiliates/{affiliate_id}/stats.csv',
  summary:
    'The stats report as CSV (same group_by); money columns list "amount currency" pairs separated by "; "',
  security: [{ bearer: [] }],
  middleware: [requireAuth()] as const,
  request: statsRequest,
  responses: {
    200: {
      description:
        'One line per group; groups beyond the top N are summed in a last line keyed (other)',
      content: { 'text/csv': { schema: z.string() } },
    },
    ...errorResponses,
  },
});

type StatsQuery = z.output<typeof statsRoute.request.query>;

async function statsRows(c: Context<AppEnv>, affiliateId: number, query: StatsQuery) {
  await readableAffiliate(c, affiliateId);
  const by = query.group_by ?? 'day';
  const range = resolveRange(query);
  const scope = { affiliateId, ...range };
  const byAttribute = by !== 'day' && by !== 'campaign';
  const totals = byAttribute
    ? await clickAttributeTotals(c.var.db, scope, by, query.limit ?? DEFAULT_SUB_ID_LIMIT)
    : await rollupTotals(c.var.db, scope, by);
  const rows = foldTotals(totals.clicks, totals.conversions);
  const other = rows.get(OTHER_GROUP) ?? null;
  rows.delete(OTHER_GROUP);
  const keys =
    by === 'day'
      ? range.days
      : [...rows.keys()].sort(
          (a, b) => rows.get(b)!.clicks - rows.get(a)!.clicks || a.localeCompare(b),
        );
  return {
    by,
    range,
    byAttribute,
    other,
    data: keys.map((key) => ({ key, ...(rows.get(key) ?? emptyTotals()) })),
  };
}

const money = (list: { currency: string; amount: number }[]) =>
  list.map((m) => `${m.amount} ${m.currency}`).join('; ');

export function registerAffiliateReportRoutes(app: OpenAPIHono<AppEnv>) {
  return app
    .openapi(summaryRoute, async (c) => {
      const { affiliate_id } = c.req.valid('param');
      await readableAffiliate(c, affiliate_id);
      const range = resolveRange(c.req.valid('query'));
      const totals = await rollupTotals(c.var.db, { affiliateId: affiliate_id, ...range }, 'all');
      const data = foldTotals(totals.clicks, totals.conversions).get('all') ?? emptyTotals();
      return c.json(
        { success: true as const, data: { from: range.fromDay, to: range.toDay, ...data } },
        200,
      );
    })
    .openapi(statsRoute, async (c) => {
      const { by, range, byAttribute, other, data } = await statsRows(
        c,
        c.req.valid('param').affiliate_id,
        c.req.valid('query'),
      );
      return c.json(
        {
          success: true as const,
          group_by: by,
          from: range.fromDay,
          to: range.toDay,
          data,
          ...(byAttribute && { other }),
        },
        200,
      );
    })
    .openapi(statsCsvRoute, async (c) => {
      const { affiliate_id } = c.req.valid('param');
      const { by, range, other, data } = await statsRows(c, affiliate_id, c.req.valid('query'));
      const columns = [
        by,
        'clicks',
        'unique_clicks',
        'conversions',
        'approved',
        'pending',
        'rejected',
        'conversion_rate',
        'revenue',
        'payout',
        'epc',
      ];
      const all = other ? [...data, { key: '(other)', ...other }] : data;
      const lines = all.map((r) => ({
        ...r,
        [by]: r.key,
        revenue: money(r.revenue),
        payout: money(r.payout),
        epc: money(r.epc),
      }));
      return c.body(toCsv(columns, lines), 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="stats-${affiliate_id}-${by}-${range.fromDay}-${range.toDay}.csv"`,
      });
    })
    .openapi(qualityRoute, async (c) => {
      const { affiliate_id } = c.req.valid('param');
      await readableAffiliate(c, affiliate_id);
      const query = c.req.valid('query');
      const by = query.group_by ?? 'sub1';
      const range = resolveRange(query);
      const report = await qualityReport(
        c.var.db,
        { affiliateId: affiliate_id, ...rangeBounds(range) },
        by,
        'affiliate',
      );
      return c.json(
        { success: true as const, group_by: by, from: range.fromDay, to: range.toDay, ...report },
        200,
      );
    });
}
