import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Advertiser, Affiliate, Campaign } from '../../drizzle/schema.ts';
import type { AppEnv, Principal } from '../app-env.ts';
import { findAdvertiser } from '../db/queries/advertisers.ts';
import { findAffiliate } from '../db/queries/affiliates.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import { unknownAffiliateIds } from '../db/queries/money-rules.ts';
import { ApiError, type ErrorIssue } from '../errors.ts';
import { assertCanRead, assertCanReadAdvertiser, requireAuth } from '../middleware/auth.ts';
import { requireReviewer } from './review-access.ts';
import { idParam } from '../schemas/fields.ts';
import { bearerSecurity } from '../schemas/responses.ts';

export const affiliateParams = z.object({ affiliate_id: idParam('affiliate_id') });
export const campaignParams = z.object({ campaign_id: idParam('campaign_id') });
export const advertiserParams = z.object({ advertiser_id: idParam('advertiser_id') });

// Security and middleware of a route for the admin and advertisers only; `what` names it in an affiliate's 403.
export const forReviewers = (what: string) => ({
  ...bearerSecurity,
  middleware: [requireAuth(), requireReviewer(what)],
});

// The one way a route turns a missing row into a 404.
export async function findOr404<T>(lookup: Promise<T | undefined>, what: string): Promise<T> {
  const row = await lookup;
  if (row === undefined) throw new ApiError('not_found', `${what} not found`);
  return row;
}

// An affiliate the caller may read: itself, or any for the admin; others are "not found".
export async function readableAffiliate(
  c: Context<AppEnv>,
  affiliateId: number,
): Promise<Affiliate> {
  assertCanRead(c.var.principal, affiliateId);
  return findOr404(findAffiliate(c.var.db, affiliateId), `Affiliate ${affiliateId}`);
}

// An advertiser the caller may read: itself, or any for the admin; others are "not found".
export async function readableAdvertiser(
  c: Context<AppEnv>,
  advertiserId: number,
): Promise<Advertiser> {
  assertCanReadAdvertiser(c.var.principal, advertiserId);
  return findOr404(findAdvertiser(c.var.db, advertiserId), `Advertiser ${advertiserId}`);
}

/** The admin reads every campaign's settings, money rules and conversions; an advertiser only those of its own campaigns. */
export function mayReadCampaign(
  principal: Principal,
  campaign: Pick<Campaign, 'advertiserId'>,
): boolean {
  if (principal.role === 'admin') return true;
  return principal.role === 'advertiser' && principal.advertiserId === campaign.advertiserId;
}

// A campaign the caller may read; anyone else gets the answer a missing campaign gets, so campaign ids cannot be probed.
export async function readableCampaign(c: Context<AppEnv>, campaignId: number): Promise<Campaign> {
  const p = c.var.principal;
  const campaign =
    p.role === 'admin' || p.role === 'advertiser'
      ? await findCampaign(c.var.db, campaignId)
      : undefined;
  if (!campaign || !mayReadCampaign(p, campaign))
    throw new ApiError('not_found', `Campaign ${campaignId} not found`);
  return campaign;
}

// The entries of the body's `field` (caps, rules) naming an affiliate that does not exist.
export async function unknownAffiliateIssues(
  c: Context<AppEnv>,
  field: string,
  entries: readonly { affiliate_id?: number | null | undefined }[],
): Promise<ErrorIssue[]> {
  const unknown = new Set(
    await unknownAffiliateIds(
      c.var.db,
      entries.flatMap((e) => (e.affiliate_id ? [e.affiliate_id] : [])),
    ),
  );
  return entries.flatMap((e, i) =>
    e.affiliate_id && unknown.has(e.affiliate_id)
      ? [
          {
            path: `${field}.${i}.affiliate_id`,
            message: `${field}.${i}.affiliate_id: affiliate ${e.affiliate_id} does not exist`,
          },
        ]
      : [],
  );
}

// A body the schema passed but the stored data refuses: 400 naming every issue, as a schema failure would.
export function refuseBodyIssues(issues: ErrorIssue[]): void {
  if (issues.length)
    throw new ApiError(
      'bad_request',
      `Invalid body field: ${issues.map((i) => i.message).join('; ')}`,
      { issues },
    );
}

// The address links and postback URLs are built on: PUBLIC_URL when set, else the request's origin.
export function publicBase(c: Context<AppEnv>): string {
  return (c.var.settings.PUBLIC_URL ?? new URL(c.req.url).origin).replace(/\/$/, '');
}
