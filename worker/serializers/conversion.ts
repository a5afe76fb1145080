import { z } from '@hono/zod-openapi';
import type { Conversion } from '../../drizzle/schema.ts';
import type { ConversionListRow } from '../db/queries/conversions.ts';
import { toIso } from '../db/time.ts';

const status = z.enum(['approved', 'pending', 'rejected']);

// What a postback answers with: the seed documents `conversion_id` and `timestamp`.
export const recordedConversion = z.object({
  conversion_id: z.number().int(),
  click_id: z.string(),
  affiliate_id: z.number().int(),
  campaign_id: z.number().int(),
  amount: z.number(),
  payout: z.number().nullable(),
  currency: z.string(),
  status,
  event: z.string(),
  txid: z.string().nullable(),
  // Why the conversion is in its status, e.g. ctit_too_short for one held for review.
  reason: z.string().nullable(),
  // Seconds from click to conversion (CTIT).
  ctit_seconds: z.number().int().nullable(),
  // The payout rule that computed payout (null: the campaign's default payout or an admin override).
  payout_rule_id: z.number().int().nullable(),
  // Which kind of credential decided the status: admin, advertiser, affiliate or rules (holds, caps).
  status_set_by: z.string(),
  timestamp: z.string(),
});

// One row of an affiliate's conversion list and CSV: the seed documents `id` and `created_at`.
export const conversionItem = z.object({
  id: z.number().int(),
  click_id: z.string(),
  amount: z.number(),
  currency: z.string(),
  created_at: z.string(),
  campaign_id: z.number().int(),
  payout: z.number().nullable(),
  status: z.string(),
  event: z.string(),
  txid: z.string().nullable(),
  // Why the conversion is in its status (a reason code such as ctit_too_short or cap_reached), null when none.
  reason: z.string().nullable(),
});

export type RecordedConversion = z.infer<typeof recordedConversion>;
export type ConversionItem = z.infer<typeof conversionItem>;

function conversionFields(c: ConversionListRow) {
  return {
    id: c.id,
    click_id: c.clickId,
    affiliate_id: c.affiliateId,
    campaign_id: c.campaignId,
    amount: Number(c.amount),
    payout: c.payout === null ? null : Number(c.payout),
    currency: c.currency,
    status: c.status as z.infer<typeof status>,
    event: c.event,
    txid: c.txid === '' ? null : c.txid,
    at: toIso(c.timestamp),
  };
}

// One serializer, two named variants for the two documented shapes.
export const conversionToJson = {
  recorded(c: Conversion): RecordedConversion {
    const f = conversionFields(c);
    return {
      conversion_id: f.id,
      click_id: f.click_id,
      affiliate_id: f.affiliate_id,
      campaign_id: f.campaign_id,
      amount: f.amount,
      payout: f.payout,
      currency: f.currency,
      status: f.status,
      event: f.event,
      txid: f.txid,
      reason: c.reason,
      ctit_seconds: c.ctitSeconds,
      payout_rule_id: c.payoutRuleId,
      status_set_by: c.statusSetBy,
      timestamp: f.at,
    };
  },
  listItem(c: ConversionListRow): ConversionItem {
    const f = conversionFields(c);
    return {
      id: f.id,
      click_id: f.click_id,
      amount: f.amount,
      currency: f.currency,
      created_at: f.at,
      campaign_id: f.campaign_id,
      payout: f.payout,
      status: f.status,
      event: f.event,
      txid: f.txid,
      reason: c.reason,
    };
  },
};
