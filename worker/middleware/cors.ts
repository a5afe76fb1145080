import { cors } from 'hono/cors';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

const TRACKING_PATHS = /^\/(click|c\/|postback|health|openapi\.json)/;

// Tracking endpoints are called from anywhere; report routes only from the dashboard's origin.
export function corsPolicy(): MiddlewareHandler<AppEnv> {
  return async function corsPolicy(c, next) {
    const allowed = c.env.DASHBOARD_ORIGIN.split(',').map((o) => o.trim());
    const open = TRACKING_PATHS.test(c.req.path);
    return cors({
      origin: (origin) => (open ? '*' : allowed.includes(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
      allowMethods: ['GET', 'HEAD', 'POST', 'PATCH', 'OPTIONS'],
      exposeHeaders: ['X-Request-Id', 'Content-Disposition', 'Retry-After', 'X-Export-Truncated'],
      maxAge: 600,
    })(c, next);
  };
}
