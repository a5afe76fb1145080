import { cors } from 'hono/cors';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

// Whole paths, not prefixes: /postback-log is a report route.
const TRACKING_PATHS = /^\/(click|c\/[^/]+\/[^/]+|postback(\/[^/]+)?|health|openapi\.json)$/;

const shared = {
  allowHeaders: ['Authorization', 'Content-Type', 'X-Request-Id', 'X-Postback-Signature'],
  // PUT replaces a campaign's payout rules, caps and routing rules from the console.
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'OPTIONS'],
  exposeHeaders: ['X-Request-Id', 'Content-Disposition', 'Retry-After'],
  maxAge: 600,
};

const openCors = cors({ ...shared, origin: '*' });
const dashboardCors = new Map<string, MiddlewareHandler>();

// Tracking endpoints are called from anywhere; report routes only from the dashboard's origin.
export function corsPolicy(): MiddlewareHandler<AppEnv> {
  return async function corsPolicy(c, next) {
    if (TRACKING_PATHS.test(c.req.path)) return openCors(c, next);
    const origins = c.var.settings.DASHBOARD_ORIGIN;
    let handler = dashboardCors.get(origins);
    if (!handler) {
      const allowed = origins.split(',').map((o) => o.trim());
      handler = cors({ ...shared, origin: (origin) => (allowed.includes(origin) ? origin : null) });
      dashboardCors.set(origins, handler);
    }
    return handler(c, next);
  };
}
