import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { findAdvertiser } from '../db/queries/advertisers.ts';
import { findAffiliate } from '../db/queries/affiliates.ts';
import { ApiError } from '../errors.ts';
import { requireAuth } from '../middleware/auth.ts';
import { bearerSecurity, errorResponses, okContent } from '../schemas/responses.ts';

const meRoute = createRoute({
  operationId: 'getMe',
  method: 'get',
  path: '/me',
  summary: 'Who the presented key belongs to',
  ...bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: {
    200: {
      description: 'The admin, or the affiliate or advertiser the key belongs to',
      content: okContent(
        z.object({
          role: z.enum(['admin', 'affiliate', 'advertiser']),
          affiliate: z.object({ id: z.number(), name: z.string() }).nullable(),
          // Added for advertiser keys; absent for the admin and affiliates, whose answer is unchanged.
          advertiser: z.object({ id: z.number(), name: z.string() }).optional(),
        }),
      ),
    },
    ...errorResponses,
  },
});

export function registerMeRoutes(app: OpenAPIHono<AppEnv>) {
  return app.openapi(meRoute, async (c) => {
    const p = c.var.principal;
    if (p.role === 'admin')
      return c.json(
        { success: true as const, data: { role: 'admin' as const, affiliate: null } },
        200,
      );
    if (p.role === 'advertiser') {
      const advertiser = await findAdvertiser(c.var.db, p.advertiserId);
      if (!advertiser) throw new ApiError('unauthorized', 'Invalid or revoked API key');
      const data = {
        role: 'advertiser' as const,
        affiliate: null,
        advertiser: { id: advertiser.id, name: advertiser.name },
      };
      return c.json({ success: true as const, data }, 200);
    }
    const affiliate = await findAffiliate(c.var.db, p.affiliateId);
    if (!affiliate) throw new ApiError('unauthorized', 'Invalid or revoked API key');
    return c.json(
      {
        success: true as const,
        data: { role: 'affiliate' as const, affiliate: { id: affiliate.id, name: affiliate.name } },
      },
      200,
    );
  });
}
