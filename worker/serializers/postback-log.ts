import { z } from '@hono/zod-openapi';
import type { PostbackLogEntry } from '../../drizzle/schema.ts';
import { toIso } from '../db/time.ts';

export const postbackLogItem = z
  .object({
    id: z.number().int(),
    received_at: z.string(),
    outcome: z.enum(['created', 'duplicate', 'status_changed', 'queued', 'refused']),
    http_status: z.number().int().openapi({ description: 'The HTTP status the sender got' }),
    reason: z.string().nullable().openapi({ description: 'A reason code (bad_credential, unknown_click, cap_reached, ...); null when accepted plainly' }),
    message: z.string().nullable().openapi({ description: 'What the sender was told' }),
    credential_kind: z.string().openapi({ description: 'admin, advertiser, affiliate or none' }),
    preset: z.string().nullable().openapi({ description: 'The vendor preset of /postback/{preset}, null for /postback' }),
    click_id: z.string().nullable(),
    advertiser_id: z.number().int().nullable(),
    campaign_id: z.number().int().nullable(),
    affiliate_id: z.number().int().nullable(),
    conversion_id: z.number().int().nullable(),
    params: z.record(z.string(), z.string()).openapi({ description: 'The parameters as sent, with token, signature and other secrets shown as [redacted]' }),
  })
  .openapi('PostbackLogEntry');

export type PostbackLogItem = z.infer<typeof postbackLogItem>;

export function postbackLogToJson(e: PostbackLogEntry): PostbackLogItem {
  return {
    id: e.id,
    received_at: toIso(e.receivedAt),
    outcome: e.outcome as PostbackLogItem['outcome'],
    http_status: e.httpStatus,
    reason: e.reason,
    message: e.message,
    credential_kind: e.credentialKind,
    preset: e.preset,
    click_id: e.clickId,
    advertiser_id: e.advertiserId,
    campaign_id: e.campaignId,
    affiliate_id: e.affiliateId,
    conversion_id: e.conversionId,
    params: paramsOf(e.params),
  };
}

function paramsOf(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  } catch {
    return {};
  }
}
