import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { buildServices } from '../services.ts';

// Built per request: the database client holds no connection, only the URL and credentials.
export function services(): MiddlewareHandler<AppEnv> {
  return async function services(c, next) {
    const { settings, db, config } = buildServices(c.env);
    c.set('settings', settings);
    c.set('db', db);
    c.set('config', config);
    await next();
  };
}
