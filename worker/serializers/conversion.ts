import { z } from '@hono/zod-openapi';
import type { Conversion } from '../../drizzle/schema.ts';
import type { ConversionListRow } from '../db/queries/conversions.ts';
import { toIso } from '../db/time.ts';

const status = z.enum(['approved', 'pending', 'rejected']);

// Shown to every audience; id, click_id, amount, currency and created_at are the seed's list fields.
const identity = {
  id: z.number().int(),
  click_id: z.string(),
  amount: z.number().openapi({ description: 'The sale amount the advertiser reported' }),
  currency: z.string(),
  created_at: z.string().openapi({ description: 'When the conversion was recorded' }),
  affiliate_id: z.number().int(),
  campaign_id: z.number().int(),
};
const state = {
  status,
  event: z.string(),
  txid: z.string().nullable(),
  reason: z.string().nullable().openapi({
    description:
      'Why the conversion is in its status: a reason code (cap_reached, ctit_too_short, manual, ...), null when none',
  }),
};

const payout = z
  .number()
  .nullable()
  .openapi({ description: 'What the network pays the affiliate' });

// What the network and the advertiser review by: never the affiliate's payout.
const review = {
  advertiser_id: z.number().int().nullable().openapi({
    description: "The campaign's advertiser; null only if the campaign no longer exists",
  }),
  status_set_by: z.string().openapi({
    description:
      'Which kind of credential decided the status: admin, advertiser, affiliate or rules',
  }),
  ctit_seconds: z
    .number()
    .int()
    .nullable()
    .openapi({ description: 'Seconds from click to conversion (CTIT)' }),
  updated_at: z.string(),
};

export const affiliateConversionJson = z
  .object({ ...identity, payout, ...state })
  .openapi('AffiliateConversion', {
    description: 'A conversion as its affiliate sees it: its payout, no fraud signals',
  });

export const advertiserConversionJson = z
  .object({ ...identity, ...state, ...review })
  .openapi('AdvertiserConversion', {
    description: "A conversion as the campaign's advertiser sees it: never the affiliate's payout",
  });

export const networkConversionJson = z
  .object({
    ...identity,
    ...state,
    ...review,
    payout,
    payout_rule_id: z.number().int().nullable().openapi({
      description:
        'The payout rule that produced payout; null: the default payout or an admin override',
    }),
  })
  .openapi('NetworkConversion', { description: 'A conversion as the network (admin) sees it' });

export type AffiliateConversionJson = z.infer<typeof affiliateConversionJson>;
export type AdvertiserConversionJson = z.infer<typeof advertiserConversionJson>;
export type NetworkConversionJson = z.infer<typeof networkConversionJson>;
/** A conversion in a list shared by the network and advertisers (review). */
export type ReviewedConversionJson = AdvertiserConversionJson | NetworkConversionJson;

// The seed's postback answer names the id `conversion_id` and the time `timestamp`; both stay, as aliases.
const seedAliases = {
  conversion_id: z
    .number()
    .int()
    .openapi({ description: 'Alias of id (the seed postback answer)' }),
  timestamp: z.string().openapi({ description: 'Alias of created_at (the seed postback answer)' }),
};

/** What a postback answers: the sender's own audience variant, plus the seed's aliases. */
export const postbackConversionJson = z.union([
  z
    .object({ ...affiliateConversionJson.shape, ...seedAliases })
    .openapi('AffiliatePostbackConversion', {
      description: "The answer to a postback sent with an affiliate's own secret",
    }),
  z
    .object({ ...advertiserConversionJson.shape, ...seedAliases })
    .openapi('AdvertiserPostbackConversion', {
      description: "The answer to an advertiser's postback: never the affiliate's payout",
    }),
  z
    .object({ ...networkConversionJson.shape, ...seedAliases })
    .openapi('NetworkPostbackConversion', {
      description: "The answer to a postback sent with the admin's token",
    }),
]);
export type PostbackConversionJson = z.infer<typeof postbackConversionJson>;

function sharedFields(c: ConversionListRow) {
  return {
    id: c.id,
    click_id: c.clickId,
    amount: Number(c.amount),
    currency: c.currency,
    created_at: toIso(c.timestamp),
    affiliate_id: c.affiliateId,
    campaign_id: c.campaignId,
    status: c.status as z.infer<typeof status>,
    event: c.event,
    txid: c.txid === '' ? null : c.txid,
    reason: c.reason,
  };
}

function reviewFields(c: Conversion, advertiserId: number | null) {
  return {
    advertiser_id: advertiserId,
    status_set_by: c.statusSetBy,
    ctit_seconds: c.ctitSeconds,
    updated_at: toIso(c.updatedAt),
  };
}

const payoutOf = (c: ConversionListRow) => (c.payout === null ? null : Number(c.payout));

// One serializer, a named variant per audience: who sees what is decided here and nowhere else.
export const conversionToJson = {
  affiliate(c: ConversionListRow): AffiliateConversionJson {
    return { ...sharedFields(c), payout: payoutOf(c) };
  },
  advertiser(c: Conversion, advertiserId: number | null): AdvertiserConversionJson {
    return { ...sharedFields(c), ...reviewFields(c, advertiserId) };
  },
  network(c: Conversion, advertiserId: number | null): NetworkConversionJson {
    return {
      ...sharedFields(c),
      ...reviewFields(c, advertiserId),
      payout: payoutOf(c),
      payout_rule_id: c.payoutRuleId,
    };
  },
  // A reviewer's variant: the admin's is the network's, an advertiser's its own.
  reviewed(
    reviewer: 'admin' | 'advertiser',
    c: Conversion,
    advertiserId: number | null,
  ): ReviewedConversionJson {
    return reviewer === 'admin'
      ? conversionToJson.network(c, advertiserId)
      : conversionToJson.advertiser(c, advertiserId);
  },
  postback(
    sender: 'admin' | 'advertiser' | 'affiliate',
    c: Conversion,
    advertiserId: number | null,
  ): PostbackConversionJson {
    const variant =
      sender === 'affiliate'
        ? conversionToJson.affiliate(c)
        : conversionToJson.reviewed(
            sender === 'advertiser' ? 'advertiser' : 'admin',
            c,
            advertiserId,
          );
    return { ...variant, conversion_id: c.id, timestamp: variant.created_at };
  },
};
