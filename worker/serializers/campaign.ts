import { z } from '@hono/zod-openapi';
import type { Campaign } from '../../drizzle/schema.ts';
import { toIso } from '../db/time.ts';

export const campaignJson = z.object({
  id: z.number().int(),
  name: z.string(),
  offer_url: z.string().nullable(),
  fallback_url: z.string().nullable(),
  default_payout: z.number().nullable(),
  currency: z.string(),
  attribution_window_days: z.number().int(),
  status: z.enum(['active', 'paused']),
  min_ctit_seconds: z.number().int().nullable(),
  quality_threshold: z.number().int(),
  advertiser_id: z.number().int().openapi({
    description: 'The advertiser that owns the campaign and holds its postback credential',
  }),
  affiliate_postbacks: z.enum(['pending', 'refused']).openapi({
    description:
      "What a postback with an affiliate's own secret may do: pending records a pending conversion, refused refuses it",
  }),
  time_zone: z
    .string()
    .nullable()
    .openapi({ description: 'IANA time zone in which day and month caps reset; null is UTC' }),
  created_at: z.string(),
});

export function campaignToJson(c: Campaign): z.infer<typeof campaignJson> {
  return {
    id: c.id,
    name: c.name,
    offer_url: c.offerUrl,
    fallback_url: c.fallbackUrl,
    default_payout: c.defaultPayout === null ? null : Number(c.defaultPayout),
    currency: c.currency,
    attribution_window_days: c.attributionWindowDays,
    status: c.status as 'active' | 'paused',
    min_ctit_seconds: c.minCtitSeconds,
    quality_threshold: c.qualityThreshold,
    advertiser_id: c.advertiserId,
    affiliate_postbacks: c.affiliatePostbacks as 'pending' | 'refused',
    time_zone: c.timeZone,
    created_at: toIso(c.createdAt),
  };
}
