import { z } from '@hono/zod-openapi';
import type { Affiliate } from '../../drizzle/schema.ts';
import { toIso } from '../db/time.ts';

export const affiliateJson = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(['active', 'disabled']),
  outgoing_postback_url: z.string().nullable(),
  created_at: z.string(),
});

export function affiliateToJson(a: Affiliate): z.infer<typeof affiliateJson> {
  return {
    id: a.id,
    name: a.name,
    status: a.status as 'active' | 'disabled',
    outgoing_postback_url: a.outgoingPostbackUrl,
    created_at: toIso(a.createdAt),
  };
}
