import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { requireAdmin, requireAuth } from '../middleware/auth.ts';
import { qualityGroups, qualityReport, qualityReportSchema } from '../reports/quality.ts';
import { rangeBounds, rangeQuery, resolveRange } from '../reports/range.ts';
import { bearerSecurity, errorResponses } from '../schemas/responses.ts';

const networkGroups = ['affiliate', ...qualityGroups] as const;
const networkGroup = z.enum(networkGroups, {
  error: `group_by must be one of ${networkGroups.join(', ')}`,
});

const networkQualityRoute = createRoute({
  method: 'get',
  path: '/quality',
  operationId: 'getNetworkQuality',
  summary:
    'Traffic quality across all affiliates (admin): suspicious share by affiliate, campaign, sub1, country or network, and the CTIT histogram',
  ...bearerSecurity,
  middleware: [requireAuth(), requireAdmin()] as const,
  request: { query: rangeQuery.extend({ group_by: networkGroup.optional() }) },
  responses: {
    200: {
      description:
        'Recorded and suspicious clicks per group (largest first, at most 100), network totals, and conversions per CTIT bucket',
      content: {
        'application/json': {
          schema: qualityReportSchema(networkGroup),
        },
      },
    },
    ...errorResponses,
  },
});

export function registerQualityRoutes(app: OpenAPIHono<AppEnv>) {
  return app.openapi(networkQualityRoute, async (c) => {
    const query = c.req.valid('query');
    const by = query.group_by ?? 'affiliate';
    const range = resolveRange(query);
    const report = await qualityReport(
      c.var.db,
      { affiliateId: null, ...rangeBounds(range) },
      by,
      'all',
    );
    return c.json(
      { success: true as const, group_by: by, from: range.fromDay, to: range.toDay, ...report },
      200,
    );
  });
}
