import type { Principal } from '../app-env.ts';

/**
 * What a live dashboard hears: that something it may read changed, never the data itself.
 * The page refetches through the API, so a live channel reveals nothing the key could not read.
 */
export type LiveEvent =
  | {
      type: 'clicks';
      affiliate_id: number;
      campaign_id: number;
      advertiser_id: number | null;
      count: number;
      at: string;
    }
  | {
      type: 'conversion';
      affiliate_id: number;
      campaign_id: number;
      // The campaign's owner; null when the publisher did not know it (then only the admin and the affiliate hear it).
      advertiser_id: number | null;
      conversion_id: number;
      status: string;
      change: 'created' | 'status_changed';
      at: string;
    };

/** One Durable Object per audience: `admin`, `affiliate:<id>`, `advertiser:<id>`. */
export type LiveScope = 'admin' | `affiliate:${number}` | `advertiser:${number}`;

export function scopeOf(principal: Principal): LiveScope {
  switch (principal.role) {
    case 'admin':
      return 'admin';
    case 'affiliate':
      return `affiliate:${principal.affiliateId}`;
    case 'advertiser':
      return `advertiser:${principal.advertiserId}`;
  }
}

// Every audience allowed to read an event: the admin reads all, an affiliate its own, an advertiser its campaigns'.
export function scopesOf(event: LiveEvent): LiveScope[] {
  const scopes: LiveScope[] = ['admin', `affiliate:${event.affiliate_id}`];
  if (event.advertiser_id !== null) scopes.push(`advertiser:${event.advertiser_id}`);
  return scopes;
}

/** Events grouped by audience, so one batch becomes one message per connected scope. */
export function groupByScope(events: readonly LiveEvent[]): Map<LiveScope, LiveEvent[]> {
  const out = new Map<LiveScope, LiveEvent[]>();
  for (const event of events) {
    for (const scope of scopesOf(event)) {
      const list = out.get(scope);
      if (list) list.push(event);
      else out.set(scope, [event]);
    }
  }
  return out;
}

/** Clicks of one consumer batch, counted per affiliate and campaign; `advertiserOf` names each campaign's owner. */
export function clickEvents(
  batch: readonly { affiliateId: number; campaignId: number }[],
  advertiserOf: ReadonlyMap<number, number | null> = new Map(),
  at = new Date(),
): LiveEvent[] {
  const counts = new Map<
    string,
    { affiliate_id: number; campaign_id: number; advertiser_id: number | null; count: number }
  >();
  for (const c of batch) {
    const key = `${c.affiliateId}:${c.campaignId}`;
    const cell = counts.get(key);
    if (cell) cell.count++;
    else
      counts.set(key, {
        affiliate_id: c.affiliateId,
        campaign_id: c.campaignId,
        advertiser_id: advertiserOf.get(c.campaignId) ?? null,
        count: 1,
      });
  }
  return [...counts.values()].map((cell) => ({
    type: 'clicks' as const,
    ...cell,
    at: at.toISOString(),
  }));
}

/**
 * A conversion that was created or moved; a replay changes nothing and is not an event.
 * `advertiserId` is the campaign's owner (CampaignConfig.advertiserId), so its dashboard hears it too.
 */
export function conversionEvent(
  conversion: { id: number; affiliateId: number; campaignId: number; status: string },
  result: 'created' | 'duplicate' | 'status_changed',
  advertiserId: number | null = null,
  at = new Date(),
): LiveEvent[] {
  if (result === 'duplicate') return [];
  return [
    {
      type: 'conversion',
      affiliate_id: conversion.affiliateId,
      campaign_id: conversion.campaignId,
      advertiser_id: advertiserId,
      conversion_id: conversion.id,
      status: conversion.status,
      change: result,
      at: at.toISOString(),
    },
  ];
}
