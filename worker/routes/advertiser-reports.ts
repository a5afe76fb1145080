import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { rollupTotals } from '../db/queries/reports.ts';
import { advertiserParams, readableAdvertiser } from '../http/route-helpers.ts';
import { requireAuth } from '../middleware/auth.ts';
import { rangeQuery, resolveRange } from '../reports/range.ts';
import {
  advertiserTotals,
  advertiserTotalsSchema,
  emptyTotals,
  foldTotals,
  totalsSchema,
} from '../reports/totals.ts';
import { bearerSecurity, errorResponses, okContent } from '../schemas/responses.ts';

const summaryFields = { advertiser_id: z.number().int(), from: z.string(), to: z.string() };

const summaryRoute = createRoute({
  operationId: 'getAdvertiserSummary',
  method: 'get',
  path: '/advertisers/{advertiser_id}/summary',
  summary:
    "Totals across all affiliates on the advertiser's campaigns for a date range (UTC days): clicks, conversions by status and revenue (amount) by currency; the admin also sees payout and EPC, the advertiser never",
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  request: { params: advertiserParams, query: rangeQuery },
  responses: {
    200: {
      description: 'Summary',
      content: okContent(
        z.union([
          totalsSchema.extend(summaryFields).openapi('NetworkAdvertiserSummary'),
          advertiserTotalsSchema.extend(summaryFields).openapi('AdvertiserSummary'),
        ]),
      ),
    },
    ...errorResponses,
  },
});

export function registerAdvertiserReportRoutes(app: OpenAPIHono<AppEnv>) {
  return app.openapi(summaryRoute, async (c) => {
    const { advertiser_id } = c.req.valid('param');
    await readableAdvertiser(c, advertiser_id);
    const range = resolveRange(c.req.valid('query'));
    const totals = await rollupTotals(c.var.db, { advertiserId: advertiser_id, ...range }, 'all');
    const all = foldTotals(totals.clicks, totals.conversions).get('all') ?? emptyTotals();
    const data = c.var.principal.role === 'admin' ? all : advertiserTotals(all);
    return c.json(
      {
        success: true as const,
        data: { advertiser_id, from: range.fromDay, to: range.toDay, ...data },
      },
      200,
    );
  });
}
