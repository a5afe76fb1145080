import { z } from '@hono/zod-openapi';
import type { Campaign } from '../../drizzle/schema.ts';
import { toIso } from '../db/time.ts';

const status = z.enum(['active', 'paused']);
const affiliatePostbacks = z.enum(['pending', 'refused']).openapi({
  description:
    "What a postback with an affiliate's own secret may do: pending records a pending conversion, refused refuses it",
});
const timeZone = z
  .string()
  .nullable()
  .openapi({ description: 'IANA time zone in which day and month caps reset; null is UTC' });

// What an affiliate may know of a campaign it sends traffic to: never fraud thresholds or the advertiser's URLs.
export const affiliateCampaignJson = z
  .object({
    id: z.number().int(),
    name: z.string(),
    default_payout: z.number().nullable(),
    currency: z.string(),
    attribution_window_days: z.number().int(),
    status,
    affiliate_postbacks: affiliatePostbacks,
    time_zone: timeZone,
    created_at: z.string(),
  })
  .openapi('AffiliateCampaign', {
    description: "A campaign as an affiliate sees it (GET /campaigns with an affiliate's key)",
  });

// The whole campaign, for the admin and the advertiser that owns it.
export const campaignJson = z
  .object({
    id: z.number().int(),
    name: z.string(),
    offer_url: z.string().nullable(),
    fallback_url: z.string().nullable(),
    default_payout: z.number().nullable(),
    currency: z.string(),
    attribution_window_days: z.number().int(),
    status,
    min_ctit_seconds: z.number().int().nullable(),
    quality_threshold: z.number().int(),
    advertiser_id: z.number().int().openapi({
      description: 'The advertiser that owns the campaign and holds its postback credential',
    }),
    affiliate_postbacks: affiliatePostbacks,
    time_zone: timeZone,
    created_at: z.string(),
  })
  .openapi('Campaign', { description: 'A campaign as the admin and its advertiser see it' });

export type AffiliateCampaignJson = z.infer<typeof affiliateCampaignJson>;
export type CampaignJson = z.infer<typeof campaignJson>;

// One serializer, a named variant per audience.
export const campaignToJson = {
  affiliate(c: Campaign): AffiliateCampaignJson {
    return {
      id: c.id,
      name: c.name,
      default_payout: c.defaultPayout === null ? null : Number(c.defaultPayout),
      currency: c.currency,
      attribution_window_days: c.attributionWindowDays,
      status: c.status as AffiliateCampaignJson['status'],
      affiliate_postbacks: c.affiliatePostbacks as AffiliateCampaignJson['affiliate_postbacks'],
      time_zone: c.timeZone,
      created_at: toIso(c.createdAt),
    };
  },
  network(c: Campaign): CampaignJson {
    return {
      id: c.id,
      name: c.name,
      offer_url: c.offerUrl,
      fallback_url: c.fallbackUrl,
      default_payout: c.defaultPayout === null ? null : Number(c.defaultPayout),
      currency: c.currency,
      attribution_window_days: c.attributionWindowDays,
      status: c.status as CampaignJson['status'],
      min_ctit_seconds: c.minCtitSeconds,
      quality_threshold: c.qualityThreshold,
      advertiser_id: c.advertiserId,
      affiliate_postbacks: c.affiliatePostbacks as CampaignJson['affiliate_postbacks'],
      time_zone: c.timeZone,
      created_at: toIso(c.createdAt),
    };
  },
};
