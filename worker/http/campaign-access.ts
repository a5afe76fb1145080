import type { Context } from 'hono';
import type { Campaign } from '../../drizzle/schema.ts';
import type { AppEnv, Principal } from '../app-env.ts';
import { findCampaign } from '../db/queries/campaigns.ts';
import { ApiError } from '../errors.ts';
import { findOr404 } from './route-helpers.ts';

/** The admin reads every campaign's money settings; an advertiser only those of its own campaigns. */
export function mayReadCampaign(principal: Principal, campaign: Pick<Campaign, 'advertiserId'>): boolean {
  if (principal.role === 'admin') return true;
  return principal.role === 'advertiser' && principal.advertiserId === campaign.advertiserId;
}

// Anyone else gets the answer a missing campaign gets, so campaign ids cannot be probed.
export async function readableCampaign(c: Context<AppEnv>, campaignId: number): Promise<Campaign> {
  const campaign = await findOr404(findCampaign(c.var.db, campaignId), `Campaign ${campaignId}`);
  if (!mayReadCampaign(c.var.principal, campaign)) throw new ApiError('not_found', `Campaign ${campaignId} not found`);
  return campaign;
}
