import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { buildServices } from '../services.ts';

// Built per request: the database client holds no connection, only the URL and credentials.
export function services(): MiddlewareHandler<AppEnv> {
  return async function services(c, next) {
    const built = buildServices(c.env);
    c.set('services', built);
    c.set('settings', built.settings);
    c.set('db', built.db);
    c.set('config', built.config);
    await next();
  };
}
