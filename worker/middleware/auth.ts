import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Principal } from '../app-env.ts';
import { findAffiliateByKeyHash } from '../db/queries/affiliates.ts';
import { ApiError } from '../errors.ts';
import { sha256Hex, timingSafeEqual } from '../lib/crypto.ts';

const BEARER = /^Bearer +(\S+)$/i;
// The shape of any key we issue (and of a sane admin token): anything else cannot match one.
const KEY_SHAPE = /^[A-Za-z0-9._~+/=-]{16,200}$/;

// Resolves "Authorization: Bearer <key>" to the admin or one affiliate; anything else is 401.
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header) throw new ApiError('unauthorized', 'Missing Authorization header: send "Authorization: Bearer <api key>"');
    const match = BEARER.exec(header);
    if (!match) throw new ApiError('unauthorized', 'Malformed Authorization header: expected "Bearer <api key>"');
    const key = match[1]!;
    // A well-formed header with a wrong key is an invalid key, whatever its length.
    if (!KEY_SHAPE.test(key)) throw new ApiError('unauthorized', 'Invalid or revoked API key');
    c.set('principal', await resolvePrincipal(c, key));
    // Answers are one caller's private numbers: no cache, shared or browser, may keep them.
    c.header('Cache-Control', 'private, no-store');
    await next();
  };
}

async function resolvePrincipal(c: Parameters<MiddlewareHandler<AppEnv>>[0], key: string): Promise<Principal> {
  const keyHash = await sha256Hex(key);
  if (timingSafeEqual(keyHash, await sha256Hex(c.var.settings.ADMIN_TOKEN))) return { role: 'admin' };
  const affiliate = await findAffiliateByKeyHash(c.var.db, keyHash);
  if (!affiliate || affiliate.status !== 'active') throw new ApiError('unauthorized', 'Invalid or revoked API key');
  return { role: 'affiliate', affiliateId: affiliate.id };
}

export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async function requireAdmin(c, next) {
    if (c.var.principal.role !== 'admin') throw new ApiError('forbidden', 'This route needs the admin token');
    await next();
  };
}

// An affiliate sees only itself: other ids are "not found", never "forbidden", so ids are not probeable.
export function assertCanRead(principal: Principal, affiliateId: number): void {
  if (principal.role === 'affiliate' && principal.affiliateId !== affiliateId) {
    throw new ApiError('not_found', `Affiliate ${affiliateId} not found`);
  }
}
