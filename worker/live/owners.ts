import { campaignConfig, type ConfigSource } from '../config/read-model.ts';
import type { LiveEvent } from './events.ts';
import { logEvent } from '../lib/log.ts';

// The campaigns' owners as the edge holds them (isolate memory, then KV): no database read when warm.
export async function advertisersOfCampaigns(
  config: ConfigSource,
  campaignIds: Iterable<number>,
): Promise<Map<number, number | null>> {
  const ids = [...new Set(campaignIds)];
  const owners = await Promise.all(
    ids.map(async (id) => {
      try {
        const campaign = await campaignConfig(config, id);
        // A config cached before campaigns had owners belongs to the default advertiser, as the column's default says.
        return campaign ? (campaign.advertiserId ?? 1) : null;
      } catch (err) {
        // Live updates are a convenience: without the owner only the admin and the affiliate hear the event.
        logEvent('error', {
          msg: 'live: campaign owner unknown',
          campaignId: id,
          error: String(err),
        });
        return null;
      }
    }),
  );
  return new Map(ids.map((id, i) => [id, owners[i]!]));
}

/** Fills in the owner of events published without one (deferred postbacks), so the advertiser's dashboard hears them. */
export async function withOwners(config: ConfigSource, events: LiveEvent[]): Promise<LiveEvent[]> {
  const unknown = events.filter((e) => e.advertiser_id === null);
  if (unknown.length === 0) return events;
  const owners = await advertisersOfCampaigns(
    config,
    unknown.map((e) => e.campaign_id),
  );
  return events.map((e) =>
    e.advertiser_id === null ? { ...e, advertiser_id: owners.get(e.campaign_id) ?? null } : e,
  );
}
