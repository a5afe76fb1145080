import { z } from '@hono/zod-openapi';
import type { ClickListRow } from '../db/queries/clicks.ts';
import { toIso } from '../db/time.ts';

export const clickItem = z.object({
  id: z.number().int(),
  click_id: z.string(),
  campaign_id: z.number().int(),
  created_at: z.string(),
  sub1: z.string().nullable(),
  sub2: z.string().nullable(),
  sub3: z.string().nullable(),
  sub4: z.string().nullable(),
  sub5: z.string().nullable(),
  country: z.string().nullable(),
  device: z.string().nullable(),
  os: z.string().nullable(),
  variant_id: z.string().nullable(),
  smartlink_id: z.number().int().nullable(),
  is_unique: z.boolean(),
});

export type ClickItem = z.infer<typeof clickItem>;

export function clickToJson(k: ClickListRow): ClickItem {
  return {
    id: k.id,
    click_id: k.clickId,
    campaign_id: k.campaignId,
    created_at: toIso(k.timestamp),
    sub1: k.sub1,
    sub2: k.sub2,
    sub3: k.sub3,
    sub4: k.sub4,
    sub5: k.sub5,
    country: k.country,
    device: k.device,
    os: k.os,
    variant_id: k.variantId,
    smartlink_id: k.smartlinkId,
    is_unique: k.isUnique,
  };
}
