import { z } from '@hono/zod-openapi';
import type { Conversion, ConversionHistoryEntry } from '../../drizzle/schema.ts';
import { toIso } from '../db/time.ts';

const status = z.enum(['approved', 'pending', 'rejected']);

// One conversion as the network and its advertisers review it.
export const networkConversionItem = z
  .object({
    id: z.number().int(),
    click_id: z.string(),
    affiliate_id: z.number().int(),
    campaign_id: z.number().int(),
    advertiser_id: z.number().int().nullable().openapi({
      description: "The campaign's advertiser; null only if the campaign no longer exists",
    }),
    amount: z.number(),
    payout: z.number().nullable(),
    payout_rule_id: z.number().int().nullable().openapi({
      description:
        'The payout rule that produced payout; null: the default payout or an admin override',
    }),
    currency: z.string(),
    status,
    reason: z.string().nullable().openapi({
      description:
        'Why the conversion is in its status: a reason code (cap_reached, ctit_too_short, manual, ...)',
    }),
    status_set_by: z.string().openapi({
      description:
        'Which kind of credential decided the status: admin, advertiser, affiliate or rules',
    }),
    event: z.string(),
    txid: z.string().nullable(),
    ctit_seconds: z.number().int().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('NetworkConversion');

export type NetworkConversionItem = z.infer<typeof networkConversionItem>;

export function networkConversionToJson(
  c: Conversion,
  advertiserId: number | null,
): NetworkConversionItem {
  return {
    id: c.id,
    click_id: c.clickId,
    affiliate_id: c.affiliateId,
    campaign_id: c.campaignId,
    advertiser_id: advertiserId,
    amount: Number(c.amount),
    payout: c.payout === null ? null : Number(c.payout),
    payout_rule_id: c.payoutRuleId,
    currency: c.currency,
    status: c.status as z.infer<typeof status>,
    reason: c.reason,
    status_set_by: c.statusSetBy,
    event: c.event,
    txid: c.txid === '' ? null : c.txid,
    ctit_seconds: c.ctitSeconds,
    created_at: toIso(c.timestamp),
    updated_at: toIso(c.updatedAt),
  };
}

export const historyEntry = z
  .object({
    at: z.string(),
    from_status: status.nullable(),
    to_status: status,
    reason: z.string().nullable(),
    note: z.string().nullable(),
    credential_kind: z
      .string()
      .nullable()
      .openapi({ description: 'admin, advertiser, affiliate or rules; never a secret' }),
  })
  .openapi('ConversionHistoryEntry');

export type HistoryEntryJson = z.infer<typeof historyEntry>;

/**
 * A conversion's history, oldest first. Recording a conversion writes no history row (the
 * postback stays at two database round trips), so the first entry, its creation, is derived: at
 * the conversion's time, from nothing to the status it was created with, which is the first
 * change's from_status, or the current status when it never changed. With no changes its reason
 * and deciding credential are the conversion's own; after a change they are no longer known (null).
 */
export function historyToJson(c: Conversion, rows: ConversionHistoryEntry[]): HistoryEntryJson[] {
  const first = rows[0];
  const created: HistoryEntryJson = {
    at: toIso(c.timestamp),
    from_status: null,
    to_status: (first?.fromStatus ?? c.status) as HistoryEntryJson['to_status'],
    reason: first ? null : c.reason,
    note: null,
    credential_kind: first ? null : c.statusSetBy,
  };
  return [
    created,
    ...rows.map((r) => ({
      at: toIso(r.at),
      from_status: r.fromStatus as HistoryEntryJson['from_status'],
      to_status: r.toStatus as HistoryEntryJson['to_status'],
      reason: r.reason,
      note: r.note,
      credential_kind: r.credentialKind,
    })),
  ];
}
