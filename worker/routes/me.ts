import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { findAffiliate } from '../db/queries/affiliates.ts';
import { ApiError } from '../errors.ts';
import { requireAuth } from '../middleware/auth.ts';
import { bearerSecurity, errorResponses, okContent } from '../schemas/responses.ts';

const meRoute = createRoute({
  operationId: 'getMe',
  method: 'get', path: '/me', summary: 'Who the presented key belongs to', ...bearerSecurity,
  middleware: [requireAuth()] as const,
  responses: {
    200: {
      description: 'The admin, or the affiliate the key belongs to',
      content: okContent(z.object({ role: z.enum(['admin', 'affiliate']), affiliate: z.object({ id: z.number(), name: z.string() }).nullable() })),
    },
    ...errorResponses,
  },
});

export function registerMeRoutes(app: OpenAPIHono<AppEnv>) {
  return app.openapi(meRoute, async (c) => {
    const p = c.var.principal;
    if (p.role === 'admin') return c.json({ success: true as const, data: { role: 'admin' as const, affiliate: null } }, 200);
    if (p.role === 'advertiser') throw new ApiError('forbidden', 'GET /me answers for the admin and affiliates; an advertiser reads GET /advertisers/{id}');
    const affiliate = await findAffiliate(c.var.db, p.affiliateId);
    if (!affiliate) throw new ApiError('unauthorized', 'Invalid or revoked API key');
    return c.json({ success: true as const, data: { role: 'affiliate' as const, affiliate: { id: affiliate.id, name: affiliate.name } } }, 200);
  });
}
