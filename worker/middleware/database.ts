import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { createDatabase } from '../db/client.ts';

// The client is built per request: it holds no connection, only the URL and credentials.
export function database(): MiddlewareHandler<AppEnv> {
  return async function database(c, next) {
    const db = createDatabase(c.env.DATABASE_URL);
    c.set('db', db);
    c.set('config', { kv: c.env.TRACKING_CONFIG, db: () => db, ttlSeconds: Number(c.env.CONFIG_CACHE_SECONDS ?? 30) });
    await next();
  };
}
