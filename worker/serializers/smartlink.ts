import { z } from '@hono/zod-openapi';
import type { Smartlink } from '../../drizzle/schema.ts';
import { toIso } from '../db/time.ts';

export const smartlinkJson = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(['active', 'paused']),
  campaigns: z.array(z.object({ campaign_id: z.number().int(), weight: z.number().int() })),
  tracking_link: z
    .string()
    .openapi({ description: 'Append the affiliate id: /s/{id}/{affiliate_id}' }),
  created_at: z.string(),
});

export function smartlinkToJson(s: Smartlink, base: string): z.infer<typeof smartlinkJson> {
  return {
    id: s.id,
    name: s.name,
    status: s.status as 'active' | 'paused',
    campaigns: JSON.parse(s.campaigns) as { campaign_id: number; weight: number }[],
    tracking_link: `${base}/s/${s.id}/{affiliate_id}`,
    created_at: toIso(s.createdAt),
  };
}
