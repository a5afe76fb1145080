import { z } from '@hono/zod-openapi';
import type { PostbackLogEntry } from '../../drizzle/schema.ts';
import { toIso } from '../db/time.ts';

export const postbackLogItem = z
  .object({
    id: z.number().int(),
    received_at: z.string(),
    outcome: z.enum(['created', 'duplicate', 'status_changed', 'queued', 'refused']),
    http_status: z.number().int().openapi({ description: 'The HTTP status the sender got' }),
    reason: z.string().nullable().openapi({
      description:
        'A reason code (bad_credential, unknown_click, cap_reached, ...); null when accepted plainly',
    }),
    message: z.string().nullable().openapi({ description: 'What the sender was told' }),
    credential_kind: z.string().openapi({
      description:
        'Who sent it once its credential held: admin, advertiser or affiliate. A refusal before that says what was presented: advertiser (an apt_ token), token, signature or none',
    }),
    preset: z
      .string()
      .nullable()
      .openapi({ description: 'The vendor preset of /postback/{preset}, null for /postback' }),
    click_id: z.string().nullable(),
    advertiser_id: z.number().int().nullable().openapi({
      description:
        "The click's campaign's advertiser; null when the credential did not hold or the click was not found",
    }),
    campaign_id: z.number().int().nullable().openapi({
      description: 'Set once the credential held for a known click, accepted or refused',
    }),
    affiliate_id: z.number().int().nullable().openapi({
      description: 'Set once the credential held for a known click, accepted or refused',
    }),
    conversion_id: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'The conversion recorded, or the one a refused replay was about' }),
    params: z.record(z.string(), z.string()).openapi({
      description:
        'The parameters as sent, with token, signature and other secrets shown as [redacted]',
    }),
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
