import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Principal } from '../app-env.ts';
import { findAdvertiserByKeyHash } from '../db/queries/advertisers.ts';
import { findAffiliateByKeyHash } from '../db/queries/affiliates.ts';
import { ApiError } from '../errors.ts';
import { sha256Hex, timingSafeEqual } from '../lib/crypto.ts';

const BEARER = /^Bearer +(\S+)$/i;
// The shape of any key we issue (and of a sane admin token): anything else cannot match one.
const KEY_SHAPE = /^[A-Za-z0-9._~+/=-]{16,200}$/;
// Every advertiser API key starts so (affiliates' keys start with ak_).
export const ADVERTISER_KEY_PREFIX = 'adk_';

// Resolves "Authorization: Bearer <key>" to the admin, one affiliate or one advertiser; anything else is 401.
export function requireAuth(): MiddlewareHandler<AppEnv> {
  return async function requireAuth(c, next) {
    const header = c.req.header('authorization');
    if (!header)
      throw new ApiError(
        'unauthorized',
        'Missing Authorization header: send "Authorization: Bearer <api key>"',
      );
    const match = BEARER.exec(header);
    if (!match)
      throw new ApiError(
        'unauthorized',
        'Malformed Authorization header: expected "Bearer <api key>"',
      );
    const key = match[1]!;
    // A well-formed header with a wrong key is an invalid key, whatever its length.
    if (!KEY_SHAPE.test(key)) throw new ApiError('unauthorized', 'Invalid or revoked API key');
    c.set('principal', await resolvePrincipal(c, key));
    // Answers are one caller's private numbers: no cache, shared or browser, may keep them.
    c.header('Cache-Control', 'private, no-store');
    await next();
  };
}

async function resolvePrincipal(
  c: Parameters<MiddlewareHandler<AppEnv>>[0],
  key: string,
): Promise<Principal> {
  const keyHash = await sha256Hex(key);
  if (timingSafeEqual(keyHash, await sha256Hex(c.var.settings.ADMIN_TOKEN)))
    return { role: 'admin' };
  // Advertiser keys carry their own prefix, so one lookup finds any key: the table follows from the key.
  if (key.startsWith(ADVERTISER_KEY_PREFIX)) {
    const advertiser = await findAdvertiserByKeyHash(c.var.db, keyHash);
    // A paused advertiser's key reads nothing, the same answer as a revoked one.
    if (advertiser?.status !== 'active')
      throw new ApiError('unauthorized', 'Invalid or revoked API key');
    return { role: 'advertiser', advertiserId: advertiser.id };
  }
  const affiliate = await findAffiliateByKeyHash(c.var.db, keyHash);
  if (affiliate?.status !== 'active')
    throw new ApiError('unauthorized', 'Invalid or revoked API key');
  return { role: 'affiliate', affiliateId: affiliate.id };
}

export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async function requireAdmin(c, next) {
    if (c.var.principal.role !== 'admin')
      throw new ApiError('forbidden', 'This route needs the admin token');
    await next();
  };
}

/**
 * An affiliate's data is read by the admin and by that affiliate only; an advertiser reads its
 * campaigns' numbers through its own routes, never an affiliate's pages. Anyone else gets "not
 * found", never "forbidden", so ids are not probeable. Deny unless allowed: a new role reads nothing.
 */
export function assertCanRead(principal: Principal, affiliateId: number): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'affiliate' && principal.affiliateId === affiliateId) return;
  throw new ApiError('not_found', `Affiliate ${affiliateId} not found`);
}

// The same rule for an advertiser's pages: the admin, or that advertiser.
export function assertCanReadAdvertiser(principal: Principal, advertiserId: number): void {
  if (principal.role === 'admin') return;
  if (principal.role === 'advertiser' && principal.advertiserId === advertiserId) return;
  throw new ApiError('not_found', `Advertiser ${advertiserId} not found`);
}
