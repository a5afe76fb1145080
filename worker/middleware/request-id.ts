import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';

const VALID = /^[A-Za-z0-9._-]{8,64}$/;

// Echoes a sane incoming X-Request-Id (so callers can correlate) or mints one.
export function requestId(): MiddlewareHandler<AppEnv> {
  return async function requestId(c, next) {
    const incoming = c.req.header('x-request-id');
    const id = incoming && VALID.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', id);
    await next();
    c.header('X-Request-Id', id);
  };
}
