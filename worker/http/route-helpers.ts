import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Affiliate } from '../../drizzle/schema.ts';
import type { AppEnv } from '../app-env.ts';
import { findAffiliate } from '../db/queries/affiliates.ts';
import { ApiError } from '../errors.ts';
import { assertCanRead } from '../middleware/auth.ts';
import { idParam } from '../schemas/fields.ts';

export const affiliateParams = z.object({ affiliate_id: idParam('affiliate_id') });
export const campaignParams = z.object({ campaign_id: idParam('campaign_id') });

// The one way a route turns a missing row into a 404.
export async function findOr404<T>(lookup: Promise<T | undefined>, what: string): Promise<T> {
  const row = await lookup;
  if (row === undefined) throw new ApiError('not_found', `${what} not found`);
  return row;
}

// An affiliate the caller may read: itself, or any for the admin; others are "not found".
export async function readableAffiliate(c: Context<AppEnv>, affiliateId: number): Promise<Affiliate> {
  assertCanRead(c.var.principal, affiliateId);
  return findOr404(findAffiliate(c.var.db, affiliateId), `Affiliate ${affiliateId}`);
}

// The address links and postback URLs are built on: PUBLIC_URL when set, else the request's origin.
export function publicBase(c: Context<AppEnv>): string {
  return (c.var.settings.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/$/, '');
}
