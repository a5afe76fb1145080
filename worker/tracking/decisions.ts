import type { Conversion } from '../../drizzle/schema.ts';
import { ApiError } from '../errors.ts';
import type { CampaignConfig } from '../config/read-model.ts';
import { strength, type CredentialKind, type ReasonCode } from '../money/reasons.ts';
import { isHoldReason } from '../quality/conversion-holds.ts';
import type { SenderKind } from './postback-sender.ts';

type Status = 'approved' | 'pending' | 'rejected';

interface Requested {
  status?: Status | undefined;
  payout?: string | undefined;
}

/**
 * Who may do what on /postback (README, "Who may do what"):
 *   admin       creates; sets and changes status; may override payout
 *   advertiser  creates on its campaigns; sets and changes status; payout is computed by the rules
 *   affiliate   creates only where the campaign takes affiliate postbacks, always pending; no status, no payout
 * A refused parameter is refused out loud, before anything is written: never silently ignored.
 */
export function assertParametersAllowed(
  sender: SenderKind,
  input: Requested,
  campaign: CampaignConfig,
): void {
  if (sender === 'admin') return;
  if (input.payout !== undefined) {
    throw new ApiError(
      'forbidden',
      `payout is refused: the payout is computed by campaign ${campaign.id}'s payout rules (GET /campaigns/${campaign.id}/payout-rules); send amount, the revenue, instead`,
      { reason: 'parameter_refused' },
    );
  }
  if (sender !== 'affiliate') return;
  if ((campaign.affiliatePostbacks ?? 'pending') === 'refused') {
    throw new ApiError(
      'forbidden',
      `Campaign ${campaign.id} takes conversions only from its advertiser: an affiliate's postback secret cannot create them here`,
      { reason: 'affiliate_postbacks_refused' },
    );
  }
  if (input.status !== undefined && input.status !== 'pending') {
    throw new ApiError(
      'forbidden',
      `status is refused: a conversion reported with an affiliate's postback secret is pending until the advertiser or the network decides it; remove status=${input.status}`,
      { reason: 'parameter_refused' },
    );
  }
}

export interface Decision {
  status: Status;
  reason: ReasonCode | null;
  by: CredentialKind;
}

/** The status a new conversion starts in, before holds and caps. */
export function initialDecision(sender: SenderKind, requested: Status | undefined): Decision {
  if (sender === 'affiliate')
    return { status: 'pending', reason: 'affiliate_reported', by: 'affiliate' };
  const status = requested ?? 'approved';
  return { status, reason: status === 'rejected' ? 'manual' : null, by: sender };
}

/**
 * A conversion waiting for review on a rule (a hold, an unpriced currency). An affiliate's own
 * report stays the affiliate's, so it is still counted apart and the advertiser's report of the
 * same order still replaces it.
 */
export function heldForReview(decision: Decision, reason: ReasonCode): Decision {
  return { status: 'pending', reason, by: decision.by === 'affiliate' ? 'affiliate' : 'rules' };
}

// Statuses decided by rules (holds, caps) that only review, or the admin, may lift.
function decidedByRules(existing: Conversion): boolean {
  return (
    existing.statusSetBy === 'rules' &&
    (isHoldReason(existing.reason) || existing.reason === 'cap_reached')
  );
}

/**
 * Whether a replay may move a stored conversion to `to`. Returns false when the replay is just a
 * duplicate to answer with the original; throws when it tries to overrule a stronger decision.
 */
export function mayChange(
  sender: SenderKind,
  existing: Conversion,
  to: Status | undefined,
): boolean {
  if (to === undefined || to === existing.status) return false;
  // An affiliate's replay never changes anything (it may only ever say pending).
  if (sender === 'affiliate') return false;
  if (sender === 'admin') return true;
  if (strength(existing.statusSetBy) > strength(sender)) {
    throw new ApiError(
      'forbidden',
      `Conversion ${existing.id} is ${existing.status} by the network's decision: an advertiser postback cannot change it (ask the network to review it)`,
      { reason: 'weaker_credential' },
    );
  }
  // A held or capped conversion is released by review, never by a replay asking for approval: the
  // replay is answered with the stored conversion, whose status and reason say why.
  return !(decidedByRules(existing) && to !== 'rejected');
}
