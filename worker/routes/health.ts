import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../app-env.ts';
import { logEvent } from '../lib/log.ts';
import { errorResponses, publicSecurity } from '../schemas/responses.ts';

const healthBody = z.object({
  success: z.boolean(),
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unavailable']),
});

const healthRoute = createRoute({
  operationId: 'getHealth',
  method: 'get',
  path: '/health',
  summary: 'Liveness and database reachability',
  ...publicSecurity,
  responses: {
    200: { description: 'Healthy', content: { 'application/json': { schema: healthBody } } },
    503: {
      description: 'Database unreachable: clicks and postbacks are still accepted and queued',
      content: { 'application/json': { schema: healthBody } },
    },
    429: errorResponses[429],
  },
});

export function registerHealthRoutes(app: OpenAPIHono<AppEnv>) {
  return app.openapi(healthRoute, async (c) => {
    try {
      await c.var.db.execute(sql`SELECT 1`);
      return c.json({ success: true, status: 'ok' as const, database: 'ok' as const }, 200);
    } catch (err) {
      logEvent('error', { msg: 'health check failed', error: String(err) });
      return c.json(
        { success: false, status: 'degraded' as const, database: 'unavailable' as const },
        503,
      );
    }
  });
}
