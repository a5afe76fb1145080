import type { Context, MiddlewareHandler } from 'hono';
import type { Conversion } from '../../drizzle/schema.ts';
import type { AppEnv } from '../app-env.ts';
import { advertisersOfCampaigns, campaignIdsOfAdvertiser } from '../db/queries/campaign-owners.ts';
import { findConversion } from '../db/queries/conversions.ts';
import { ApiError } from '../errors.ts';
import type { Reviewer } from '../review/review.ts';

/**
 * Conversion review and the postback log are the network's and its advertisers' business. An
 * affiliate reads its own conversions, with status and reason, at GET /affiliates/{id}/conversions.
 */
export function requireReviewer(what: string): MiddlewareHandler<AppEnv> {
  return async function requireReviewer(c, next) {
    if (c.var.principal.role === 'affiliate') {
      throw new ApiError(
        'forbidden',
        `${what} is for the admin and advertisers; an affiliate reads its conversions, with status and reason, at GET /affiliates/{id}/conversions`,
      );
    }
    await next();
  };
}

export function reviewerOf(c: Context<AppEnv>): Reviewer {
  const p = c.var.principal;
  if (p.role === 'affiliate')
    throw new ApiError('forbidden', 'This route is for the admin and advertisers');
  return p;
}

// The campaigns whose data the reviewer reads: every one for the admin (undefined), its own for an advertiser.
export async function campaignScope(
  c: Context<AppEnv>,
  reviewer: Reviewer,
): Promise<number[] | undefined> {
  return reviewer.role === 'admin'
    ? undefined
    : campaignIdsOfAdvertiser(c.var.db, reviewer.advertiserId);
}

/**
 * An advertiser may filter by advertiser_id only with its own; the admin filters by any. Another
 * id is refused rather than answered with an empty list, so the mistake is visible.
 */
export function assertAdvertiserFilter(reviewer: Reviewer, advertiserId: number | undefined): void {
  if (
    advertiserId !== undefined &&
    reviewer.role === 'advertiser' &&
    advertiserId !== reviewer.advertiserId
  ) {
    throw new ApiError(
      'forbidden',
      "advertiser_id filters the admin's view; an advertiser key already reads only its own campaigns (leave advertiser_id out)",
      {
        issues: [
          { path: 'advertiser_id', message: 'only the admin filters by another advertiser' },
        ],
      },
    );
  }
}

/**
 * A conversion the reviewer may read and review, with its campaign's advertiser. Another
 * advertiser's conversion is "not found" in the same words as a missing id, so ids cannot be probed.
 */
export async function reviewableConversion(
  c: Context<AppEnv>,
  reviewer: Reviewer,
  id: number,
): Promise<{ conversion: Conversion; advertiserId: number | null }> {
  const conversion = await findConversion(c.var.db, id);
  const advertiserId = conversion
    ? ((await advertisersOfCampaigns(c.var.db, [conversion.campaignId])).get(
        conversion.campaignId,
      ) ?? null)
    : null;
  if (!conversion || (reviewer.role === 'advertiser' && advertiserId !== reviewer.advertiserId)) {
    throw new ApiError('not_found', `Conversion ${id} not found`);
  }
  return { conversion, advertiserId };
}
