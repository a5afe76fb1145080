import { z } from '@hono/zod-openapi';
import type { Conversion } from '../../drizzle/schema.ts';
import type { Database } from '../db/client.ts';
import {
  changeConversionStatus,
  insertConversionOnce,
  recountConversionRollup,
} from '../db/queries/conversions.ts';
import { toMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import { campaignConfig, type ConfigSource } from '../lib/config-cache.ts';
import { clickIdField, currencyField, idParam, moneyField } from '../schemas/fields.ts';
import { ctitSeconds, holdReason, isHoldReason } from '../quality/conversion-holds.ts';
import { attributePostback } from './attribution.ts';
import type { PostbackCredential } from './postback-auth.ts';
import type { AffiliatePostbackMessage } from '../queue/messages.ts';

export const postbackInput = z.object({
  affiliate_id: idParam('affiliate_id').optional(),
  click_id: clickIdField,
  amount: moneyField('amount').optional(),
  payout: moneyField('payout').optional(),
  currency: currencyField.optional(),
  status: z.enum(['approved', 'pending', 'rejected'], { error: 'status must be approved, pending or rejected' }).optional(),
  event: z
    .string({ error: 'event must be a single text value' })
    .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'event must be 1-64 letters, digits or _ . : -')
    .optional(),
  txid: z
    .string({ error: 'txid must be a single text value' })
    .regex(/^[\x21-\x7E]{1,100}$/, 'txid must be 1-100 printable ASCII characters without spaces')
    .optional(),
  token: z.string({ error: 'token must be given once' }).max(200, 'token is too long').optional(),
});

export type PostbackInput = z.output<typeof postbackInput>;

type PostbackStatus = NonNullable<PostbackInput['status']>;

/**
 * A signature stays valid for 5 minutes and can be captured with its body, so within that window
 * a signed request could be replayed to revert a later status change. Signed requests therefore
 * move a status only forward along this order (approved to rejected is a chargeback); a replay of
 * an older request is refused, and an identical retry remains the usual duplicate.
 */
const STATUS_ORDER: Record<PostbackStatus, number> = { pending: 0, approved: 1, rejected: 2 };

export interface PostbackDeps {
  db: Database;
  config: ConfigSource;
  trackerSecret: string;
  affiliatePostbacks: Queue<AffiliatePostbackMessage>;
}

export type PostbackOutcome = { conversion: Conversion; result: 'created' | 'duplicate' | 'status_changed' };

/**
 * Records a conversion exactly once per (click, event, txid). A replay returns the stored
 * conversion; a replay with a new status moves it. `recount` re-derives the rollup cell even for
 * a replay, which heals a rollup left behind when a previous attempt failed halfway.
 */
export async function recordPostback(
  deps: PostbackDeps,
  input: PostbackInput,
  credential: PostbackCredential,
  receivedAt: Date,
  opts: { recount?: boolean } = {},
): Promise<PostbackOutcome> {
  const click = await attributePostback(deps, input.click_id, input.affiliate_id, credential, receivedAt);
  const { affiliate } = click;
  const affiliateId = affiliate.id;
  const campaign = await campaignConfig(deps.config, click.campaignId);
  if (!campaign) throw new ApiError('not_found', `Campaign ${click.campaignId} of this click no longer exists`);
  const windowEnds = click.clickedAt.getTime() + campaign.attributionWindowDays * 86_400_000;
  if (receivedAt.getTime() > windowEnds) {
    throw new ApiError(
      'attribution_window_expired',
      `Click ${input.click_id} is outside campaign ${campaign.id}'s ${campaign.attributionWindowDays}-day attribution window`,
    );
  }

  const now = toMysqlDatetime(receivedAt);
  const event = input.event ?? 'conversion';
  const ctit = ctitSeconds(click.clickedAt, receivedAt);
  const requested = input.status ?? 'approved';
  // A rejection stands; anything else waits for review when a hold applies.
  const hold =
    requested === 'rejected'
      ? null
      : await holdReason(deps.db, { campaignId: click.campaignId, minCtitSeconds: campaign.minCtitSeconds, click: click.click, ctitSeconds: ctit, event, convertedAt: now });
  const values = {
    clickId: input.click_id,
    affiliateId,
    campaignId: click.campaignId,
    amount: input.amount ?? '0',
    payout: input.payout ?? campaign.defaultPayout,
    currency: input.currency ?? campaign.currency,
    status: hold ? 'pending' : requested,
    event,
    txid: input.txid ?? '',
    reason: hold,
    payoutRuleId: null,
    statusSetBy: 'advertiser',
    ctitSeconds: ctit,
    ipHash: click.click?.ipHash ?? null,
    timestamp: now,
    updatedAt: now,
  };
  const inserted = await insertConversionOnce(deps.db, values);
  if (inserted.created) {
    const conversion = { id: inserted.id, ...values, payout: values.payout ?? null };
    await recountConversionRollup(deps.db, cellOf(conversion));
    await notifyAffiliate(deps, affiliate.outgoingPostbackUrl, conversion);
    return { conversion, result: 'created' };
  }

  const { existing } = inserted;
  // A held conversion is released by review, never by a replay asking for approval.
  const releasesHold = isHoldReason(existing.reason) && input.status === 'approved';
  if (input.status && input.status !== existing.status && !releasesHold) {
    if (credential.signature !== undefined && STATUS_ORDER[input.status] < STATUS_ORDER[existing.status as PostbackStatus]) {
      throw new ApiError(
        'conflict',
        `Conversion ${existing.id} is ${existing.status}: a signed postback moves a status only forward (pending, approved, rejected), so a replayed older request cannot undo a later one. Move it back with the postback token.`,
      );
    }
    if (await changeConversionStatus(deps.db, existing.id, existing.status, input.status, now, { reason: existing.reason, statusSetBy: 'advertiser' })) {
      const moved = { ...existing, status: input.status, updatedAt: now };
      await recountConversionRollup(deps.db, cellOf(existing));
      await recountConversionRollup(deps.db, cellOf(moved));
      await notifyAffiliate(deps, affiliate.outgoingPostbackUrl, moved);
      return { conversion: moved, result: 'status_changed' };
    }
    return recordPostback(deps, input, credential, receivedAt, opts);
  }
  if (opts.recount) await recountConversionRollup(deps.db, cellOf(existing));
  return { conversion: existing, result: 'duplicate' };
}

function cellOf(c: Pick<Conversion, 'affiliateId' | 'campaignId' | 'timestamp' | 'currency' | 'status'>) {
  return {
    affiliateId: c.affiliateId,
    campaignId: c.campaignId,
    day: c.timestamp.slice(0, 10),
    currency: c.currency,
    status: c.status,
  };
}

async function notifyAffiliate(deps: PostbackDeps, template: string | null, conversion: Conversion): Promise<void> {
  if (template) await deps.affiliatePostbacks.send({ conversionId: conversion.id, status: conversion.status });
}
