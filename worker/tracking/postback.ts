import { z } from '@hono/zod-openapi';
import type { Conversion } from '../../drizzle/schema.ts';
import type { Database } from '../db/client.ts';
import { insertConversionOnce, recountConversionRollup } from '../db/queries/conversions.ts';
import { fromMysqlDatetime, toIso, toMysqlDatetime } from '../db/time.ts';
import { ApiError } from '../errors.ts';
import type { CampaignConfig, ConfigSource } from '../config/read-model.ts';
import { capReservationOf } from '../money/cap-key.ts';
import { settleCaps } from '../money/cap-settle.ts';
import { hasConversionCaps, type CapCounterClient, type CapReservation } from '../money/caps.ts';
import { computePayout } from '../money/payout.ts';
import {
  changeStatus,
  confirmStatus,
  restateReport,
  rollupCellOf,
} from '../review/change-status.ts';
import {
  assertParametersAllowed,
  heldForReview,
  initialDecision,
  mayChange,
  type Decision,
} from './decisions.ts';
import { clickIdField, currencyField, idParam, moneyField } from '../schemas/fields.ts';
import { ctitSeconds, holdReason } from '../quality/conversion-holds.ts';
import { attributePostback, type Attribution } from './attribution.ts';
import { attributed, type PostbackParties } from './attributed-refusal.ts';
import type { PresentedSender, SenderKind } from './postback-sender.ts';
import { presetStatusFor } from './preset-status.ts';
import type { PresetStatusWord } from './presets.ts';
import type { OutgoingPostbackMessage } from '../queue/messages.ts';
import {
  senderKey,
  spendAffiliateReport,
  spendDuplicate,
  type PostbackBudgets,
} from './postback-budgets.ts';

export const postbackInput = z.object({
  affiliate_id: idParam('affiliate_id').optional(),
  click_id: clickIdField,
  amount: moneyField('amount').optional(),
  payout: moneyField('payout').optional(),
  currency: currencyField.optional(),
  status: z
    .enum(['approved', 'pending', 'rejected'], {
      error: 'status must be approved, pending or rejected',
    })
    .optional(),
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
  adminToken: string;
  outgoingPostbacks: Queue<OutgoingPostbackMessage>;
  // The exact cap counters; absent only where a campaign cannot have caps.
  caps?: CapCounterClient | undefined;
  // A sender's budgets, spent by postbacks as they arrive; absent for deferred ones, already accepted.
  budgets?: PostbackBudgets | undefined;
}

export type PostbackResult = 'created' | 'duplicate' | 'status_changed';
export interface RecordOptions {
  recount?: boolean;
  // Applied after it was received (the deferred queue): a status change made since then stands.
  deferred?: boolean;
  // A preset's status as sent: read with the status_map of the sender it proves to be.
  statusWord?: PresetStatusWord | undefined;
}
export type PostbackOutcome = {
  conversion: Conversion;
  result: PostbackResult;
  advertiserId: number;
  sender: SenderKind;
};

/**
 * Records a conversion exactly once per (affiliate, click, event, txid). Who sent it decides what
 * it may set (decisions.ts); the payout comes from the campaign's rules; holds and caps decide
 * whether it counts. A replay returns the stored conversion; a replay with a new status moves it
 * when the sender may. `recount` re-derives the rollup cell even for a replay, which heals a
 * rollup left behind when a previous attempt failed halfway.
 */
export async function recordPostback(
  deps: PostbackDeps,
  input: PostbackInput,
  presented: PresentedSender,
  receivedAt: Date,
  opts: RecordOptions = {},
): Promise<PostbackOutcome> {
  const click = await attributePostback(
    deps,
    input.click_id,
    input.affiliate_id,
    presented,
    receivedAt,
  );
  const { campaign } = click;
  if (!campaign)
    throw new ApiError('not_found', `Campaign ${click.campaignId} of this click no longer exists`, {
      reason: 'unknown_click',
    });
  // The sender proved who it is for this click: from here a refusal belongs in the advertiser's postback log.
  const parties: PostbackParties = {
    advertiserId: campaign.advertiserId ?? 1,
    campaignId: campaign.id,
    affiliateId: click.affiliate.id,
    conversionId: null,
    sender: click.sender.kind,
  };
  try {
    const status = opts.statusWord
      ? await presetStatusFor(deps.config, opts.statusWord, click.sender.kind, campaign)
      : input.status;
    return await recordAttributed(
      deps,
      { ...input, status },
      presented,
      receivedAt,
      { ...click, campaign },
      parties,
      opts,
    );
  } catch (err) {
    throw attributed(err, parties);
  }
}

/** The rest of recordPostback, for a click whose sender and campaign are known; `parties` learns the conversion once it is found. */
async function recordAttributed(
  deps: PostbackDeps,
  input: PostbackInput,
  presented: PresentedSender,
  receivedAt: Date,
  click: Attribution & { campaign: CampaignConfig },
  parties: PostbackParties,
  opts: RecordOptions,
): Promise<PostbackOutcome> {
  const { affiliate, campaign } = click;
  const sender = click.sender.kind;
  const { advertiserId } = parties;
  const windowEnds = click.clickedAt.getTime() + campaign.attributionWindowDays * 86_400_000;
  if (receivedAt.getTime() > windowEnds) {
    throw new ApiError(
      'attribution_window_expired',
      `Click ${input.click_id} is outside campaign ${campaign.id}'s ${campaign.attributionWindowDays}-day attribution window`,
      { reason: 'window_expired' },
    );
  }
  assertParametersAllowed(sender, input, campaign);
  // Each of an affiliate's reports can add to the review queue: a flood is refused before any write.
  if (sender === 'affiliate') await spendAffiliateReport(deps.budgets, affiliate.id);

  const now = toMysqlDatetime(receivedAt);
  const event = input.event ?? 'conversion';
  const txid = input.txid ?? '';
  const amount = input.amount ?? '0';
  const ctit = ctitSeconds(click.clickedAt, receivedAt);
  let decision: Decision = initialDecision(sender, input.status);
  // A rejection stands; anything else waits for review when a hold applies.
  if (decision.status !== 'rejected') {
    const hold = await holdReason(deps.db, {
      campaignId: campaign.id,
      minCtitSeconds: campaign.minCtitSeconds,
      visit: click.visit,
      ctitSeconds: ctit,
      event,
      convertedAt: now,
    });
    if (hold) decision = heldForReview(decision, hold);
  }
  const currency = input.currency ?? campaign.currency;
  const overridden = sender === 'admin' && input.payout !== undefined;
  // Payout rules are amounts in the campaign's currency: an amount in another one cannot be priced
  // by them (we hold no exchange rates), so the conversion waits for review with no payout.
  const foreign = currency !== campaign.currency && !overridden;
  const { payout, ruleId } = overridden
    ? { payout: input.payout!, ruleId: null }
    : foreign
      ? { payout: null, ruleId: null }
      : computePayout(campaign, {
          affiliateId: affiliate.id,
          country: click.visit?.country ?? null,
          event,
          amount,
        });
  if (foreign && decision.status !== 'rejected')
    decision = heldForReview(decision, 'currency_mismatch');

  // Caps count every confirmed conversion that may still be paid; an over-cap one is stored rejected,
  // never lost. An affiliate's own report counts once the advertiser or a review confirms it.
  const reservation: CapReservation = capReservationOf({
    affiliateId: affiliate.id,
    clickId: input.click_id,
    event,
    txid,
    payout,
    timestamp: now,
  });
  // The claim the counter holds for this request (null: none): settled with what ends up stored.
  let claim: string | null = null;
  if (
    sender !== 'affiliate' &&
    decision.status !== 'rejected' &&
    deps.caps &&
    hasConversionCaps(campaign)
  ) {
    const verdict = await deps.caps.reserve(campaign, reservation);
    if (verdict.ok) claim = verdict.claim;
    else decision = { status: 'rejected', reason: 'cap_reached', by: 'rules' };
  }

  const values = {
    clickId: input.click_id,
    affiliateId: affiliate.id,
    campaignId: campaign.id,
    amount,
    payout,
    payoutRuleId: ruleId,
    currency,
    status: decision.status,
    statusSetBy: decision.by,
    event,
    txid,
    reason: decision.reason,
    ctitSeconds: ctit,
    ipHash: click.visit?.ipHash ?? null,
    timestamp: now,
    updatedAt: now,
  };
  // The place belongs to what is stored, read after this request's write, whoever reserved it.
  const settle = (stored: Pick<Conversion, 'timestamp' | 'payout'> & { id?: number }) =>
    claim !== null
      ? settleCaps(deps.db, deps.caps!, campaign, { ...values, ...stored }, claim)
      : Promise.resolve();
  let inserted: Awaited<ReturnType<typeof insertConversionOnce>>;
  try {
    inserted = await insertConversionOnce(deps.db, values);
  } catch (err) {
    // Maybe stored after all, or by an identical copy: settled from what the key finds (kept if nothing says).
    await settle({ timestamp: values.timestamp, payout: values.payout });
    throw err;
  }
  if (inserted.created) {
    const conversion: Conversion = { id: inserted.id, ...values };
    await settle(conversion);
    await recountConversionRollup(deps.db, rollupCellOf(conversion));
    if (affiliate.outgoingPostbackUrl)
      await deps.outgoingPostbacks.send({
        conversionId: conversion.id,
        status: conversion.status,
      });
    return { conversion, result: 'created', advertiserId, sender };
  }

  const { existing } = inserted;
  parties.conversionId = existing.id;
  // The advertiser's (or the network's) postback is the report of record for one the affiliate
  // reported first: its amount, currency, payout and decision replace the affiliate's.
  if (existing.statusSetBy === 'affiliate' && sender !== 'affiliate') {
    const report = {
      amount,
      currency,
      payout,
      payoutRuleId: ruleId,
      status: decision.status,
      reason: decision.reason,
      statusSetBy: decision.by,
      updatedAt: now,
    };
    let restated: Awaited<ReturnType<typeof restateReport>>;
    try {
      restated = await restateReport(
        deps,
        existing,
        report,
        Boolean(affiliate.outgoingPostbackUrl),
      );
    } catch (err) {
      // Maybe restated after all: settled from what is stored, so a write that failed keeps no place.
      await settle(existing);
      throw err;
    }
    await settle(existing);
    if (restated) return { conversion: restated, result: 'status_changed', advertiserId, sender };
    return recordPostback(deps, input, presented, receivedAt, opts);
  }
  // The stored original decides: its place stays if it takes one (in its own period), else goes back.
  await settle(existing);
  // The network's postback of the status a conversion has is its decision: recorded, and binding.
  if (sender === 'admin' && input.status === existing.status && existing.statusSetBy !== 'admin') {
    const confirmed = await confirmStatus(deps, existing, {
      reason: input.status === 'rejected' ? 'manual' : null,
      by: 'admin',
      at: now,
    });
    if (confirmed) return { conversion: confirmed, result: 'status_changed', advertiserId, sender };
    return recordPostback(deps, input, presented, receivedAt, opts);
  }
  if (mayChange(sender, existing, input.status)) {
    const to = input.status!;
    if (click.sender.signed && STATUS_ORDER[to] < STATUS_ORDER[existing.status as PostbackStatus]) {
      throw new ApiError(
        'conflict',
        `Conversion ${existing.id} is ${existing.status}: a signed postback moves a status only forward (pending, approved, rejected), so a replayed older request cannot undo a later one. Move it back with the postback token.`,
        { reason: 'status_locked' },
      );
    }
    // A postback applied late (queued during an outage) cannot undo a decision made after it was
    // received; a direct one is received now, so a later write is only a concurrent one, and last wins.
    if (opts.deferred && receivedAt < fromMysqlDatetime(existing.updatedAt)) {
      throw new ApiError(
        'conflict',
        `Conversion ${existing.id} was set to ${existing.status} at ${toIso(existing.updatedAt)}, after this postback was received (${receivedAt.toISOString()}): a status change cannot undo a later decision. Send a new postback to change it now.`,
        { reason: 'status_locked' },
      );
    }
    const moved = await changeStatus(deps, existing, {
      to,
      reason: to === 'rejected' ? 'manual' : null,
      by: sender,
      at: now,
      notify: Boolean(affiliate.outgoingPostbackUrl),
    });
    if (moved) return { conversion: moved, result: 'status_changed', advertiserId, sender };
    return recordPostback(deps, input, presented, receivedAt, opts);
  }
  if (opts.recount) await recountConversionRollup(deps.db, rollupCellOf(existing));
  await spendDuplicate(deps.budgets, senderKey(sender, advertiserId, affiliate.id), existing.id);
  return { conversion: existing, result: 'duplicate', advertiserId, sender };
}
