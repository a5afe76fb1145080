import type { CampaignConfig } from '../lib/config-cache.ts';

/**
 * Exact caps. Every counted conversion is reserved with the campaign's CapCounter Durable Object
 * under its conversion key, so a retry or a replay never counts twice and a refused one never counts.
 */
export type CapVerdict = { ok: true } | { ok: false; capId: number; message: string };

export interface CapReservation {
  // The conversion's unique key (affiliate, click, event, txid): reserving it twice counts once.
  key: string;
  affiliateId: number;
  payout: string | null;
  at: Date;
}

export interface CapCounterClient {
  reserve(campaign: CampaignConfig, r: CapReservation): Promise<CapVerdict>;
  release(campaign: CampaignConfig, r: CapReservation): Promise<void>;
}

export function hasConversionCaps(campaign: CampaignConfig): boolean {
  return (campaign.caps ?? []).some((c) => c.metric !== 'clicks');
}
