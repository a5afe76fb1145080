import type { ReasonCode } from '../../../../worker/money/reasons.ts';
import type { PostbackAttempt } from '../api.ts';

export interface ReasonText {
  /** A few words for a table cell or a filter option. */
  label: string;
  /** What it means and what to do about it, for the person who asks why. */
  explain: string;
}

/**
 * Every reason code the API gives, in plain words. Keyed by the worker's own list, so a new
 * code without words here fails the type check.
 */
export const reasonTexts = {
  cap_reached: {
    label: 'Cap reached',
    explain:
      "The campaign's cap for the period was full, so the conversion was stored as rejected and is not paid. Conversions count again when the cap resets or is raised.",
  },
  ctit_too_short: {
    label: 'Too fast after the click',
    explain:
      "It arrived sooner after its click than the campaign's minimum click-to-conversion time, so it waits for review.",
  },
  suspicious_click: {
    label: 'Suspicious click',
    explain:
      "Its click scored below the campaign's traffic-quality threshold (bot, data centre or click flood signals), so it waits for review.",
  },
  duplicate_visitor: {
    label: 'Repeat visitor',
    explain:
      'The same visitor had already converted twice on this event today, so it waits for review.',
  },
  affiliate_reported: {
    label: 'Reported by the affiliate',
    explain:
      'The affiliate reported it with its own postback secret. It stays pending until the advertiser or the network decides it.',
  },
  currency_mismatch: {
    label: 'Other currency',
    explain:
      "The amount came in a currency other than the campaign's, so the payout rules could not price it. It waits for review with no payout.",
  },
  manual: {
    label: 'Decided by hand',
    explain: 'Set by the advertiser or the network: in a review, or by the status its sender gave.',
  },
  duplicate: {
    label: 'Duplicate',
    explain:
      'The same click, event and transaction id was already recorded; the original conversion stands.',
  },
  window_expired: {
    label: 'Attribution window over',
    explain:
      "The click is older than the campaign's attribution window, so the postback came too late to count.",
  },
  unknown_click: {
    label: 'Unknown click',
    explain:
      'No click has this id. Check that your system passes the click id it received on to the postback unchanged.',
  },
  ambiguous_click: {
    label: 'Ambiguous click id',
    explain: 'Clicks of more than one affiliate carry this id. Add affiliate_id to the postback.',
  },
  bad_credential: {
    label: 'Wrong token or signature',
    explain:
      "The token or signature is not the one of the campaign's advertiser, or it is from before a rotation whose grace period is over. Copy the current postback URL.",
  },
  parameter_refused: {
    label: 'Parameter refused',
    explain:
      "The postback set something its sender may not: payout (computed from the campaign's payout rules) or, with an affiliate's secret, a status.",
  },
  affiliate_postbacks_refused: {
    label: 'Affiliate postbacks refused',
    explain:
      "The campaign takes conversions only from its advertiser, not with an affiliate's postback secret.",
  },
  weaker_credential: {
    label: 'Decided by the network',
    explain:
      'The network already decided this conversion; an advertiser postback cannot change it. Ask the network to review it.',
  },
  status_locked: {
    label: 'Status locked',
    explain:
      'The status cannot move this way: the network decided it, or a signed postback tried to move it backwards.',
  },
  advertiser_paused: {
    label: 'Advertiser paused',
    explain: 'The advertiser is paused, so its postbacks are refused until the network resumes it.',
  },
  bad_input: {
    label: 'Bad parameters',
    explain:
      'A parameter was missing or malformed, such as a status value nobody mapped. The message names it.',
  },
  too_many_duplicates: {
    label: 'Repeated too often',
    explain:
      'The same postback for a conversion that is already recorded came too many times in a minute, so the repeats were refused (429) and are not logged one by one. Fix the sender so it stops resending a postback that was answered 200.',
  },
  too_many_reports: {
    label: 'Too many affiliate reports',
    explain:
      "The affiliate's postback secret reported more conversions in a minute than it may, so the rest were refused (429) and not stored. The affiliate may retry after a minute; the advertiser's postbacks are not limited this way.",
  },
  refused: {
    label: 'Refused',
    explain: 'The postback was refused; the message says why.',
  },
} satisfies Record<ReasonCode, ReasonText>;

export type KnownReason = keyof typeof reasonTexts;

/** Why a conversion sits in the review queue or was rejected by the rules: the review page's reason filter. */
export const reviewReasons: readonly KnownReason[] = [
  'ctit_too_short',
  'suspicious_click',
  'duplicate_visitor',
  'affiliate_reported',
  'currency_mismatch',
  'cap_reached',
  'manual',
];

/** Reasons a reviewer gives for a decision. */
export const decisionReasons: readonly KnownReason[] = [
  'manual',
  'suspicious_click',
  'ctit_too_short',
  'duplicate_visitor',
  'duplicate',
];

/** Reasons the postback log can hold: refusals, and the reason an accepted conversion got. */
export const logReasons: readonly KnownReason[] = [
  'bad_credential',
  'unknown_click',
  'window_expired',
  'parameter_refused',
  'bad_input',
  'affiliate_postbacks_refused',
  'weaker_credential',
  'status_locked',
  'advertiser_paused',
  'ambiguous_click',
  'too_many_duplicates',
  'too_many_reports',
  'cap_reached',
  'ctit_too_short',
  'suspicious_click',
  'duplicate_visitor',
  'affiliate_reported',
  'manual',
];

const isKnown = (code: string): code is KnownReason => Object.hasOwn(reasonTexts, code);

export function reasonLabel(code: string | null): string {
  if (code === null) return '';
  return isKnown(code) ? reasonTexts[code].label : code;
}

export function explainReason(code: string | null): string {
  if (code === null) return '';
  return isKnown(code) ? reasonTexts[code].explain : `Reason code ${code}.`;
}

export type Outcome = PostbackAttempt['outcome'];

export const outcomeLabels: Record<Outcome, string> = {
  created: 'Recorded',
  duplicate: 'Duplicate',
  status_changed: 'Status changed',
  queued: 'Queued',
  refused: 'Refused',
};

// Holds: recorded, but not paid until someone reviews them.
const HELD = new Set([
  'ctit_too_short',
  'suspicious_click',
  'duplicate_visitor',
  'affiliate_reported',
]);

export type Tone = 'ok' | 'warn' | 'error' | 'info';

export interface Verdict {
  tone: Tone;
  /** The answer to "did it count?", in one line. */
  headline: string;
  /** Why, and what to do. */
  detail: string;
  /** The attempt the verdict is about: the latest one. */
  latest: PostbackAttempt;
  attempts: number;
}

/**
 * "Why didn't my conversion count?": the latest attempt for a click, in plain words. `attempts`
 * is the postback log for one click id, newest first (as the API lists it).
 */
export function verdictOf(attempts: readonly PostbackAttempt[]): Verdict | null {
  const latest = attempts[0];
  if (!latest) return null;
  const base = { latest, attempts: attempts.length };
  const conversion =
    latest.conversion_id === null ? 'the conversion' : `conversion #${latest.conversion_id}`;
  const why = explainReason(latest.reason);
  if (latest.outcome === 'refused') {
    const told = latest.message ? ` The sender was told: “${latest.message}”` : '';
    return {
      ...base,
      tone: 'error',
      headline: `Not counted: the postback was refused (HTTP ${latest.http_status}, ${reasonLabel(latest.reason) || 'no reason given'}).`,
      detail: `${why}${told}`.trim(),
    };
  }
  if (latest.outcome === 'queued') {
    return {
      ...base,
      tone: 'info',
      headline: 'Accepted and queued: not recorded yet.',
      detail:
        'The database was unavailable when it arrived. It is recorded exactly once when the database is back; look again in a minute.',
    };
  }
  const replay =
    latest.outcome === 'duplicate' ? ' This attempt repeated it, which changes nothing.' : '';
  if (latest.reason === 'cap_reached') {
    return {
      ...base,
      tone: 'error',
      headline: `Recorded as ${conversion}, but rejected: the cap was reached.`,
      detail: `${why}${replay}`,
    };
  }
  if (latest.reason !== null && HELD.has(latest.reason)) {
    return {
      ...base,
      tone: 'warn',
      headline: `Recorded as ${conversion}, held for review: ${reasonLabel(latest.reason).toLowerCase()}.`,
      detail: `${why}${replay}`,
    };
  }
  if (latest.reason === 'manual') {
    return {
      ...base,
      tone: 'error',
      headline: `Recorded as ${conversion} and rejected by its sender.`,
      detail: `The postback said status=rejected, so it is not paid.${replay}`,
    };
  }
  if (latest.outcome === 'duplicate') {
    return {
      ...base,
      tone: 'ok',
      headline: `Counted: already recorded as ${conversion}.`,
      detail:
        'This attempt repeated a postback that was already recorded; the original conversion stands and nothing was counted twice.',
    };
  }
  if (latest.outcome === 'status_changed') {
    return {
      ...base,
      tone: 'ok',
      headline: `Counted: the status of ${conversion} was updated.`,
      detail: 'The postback changed the status of a conversion recorded earlier.',
    };
  }
  return {
    ...base,
    tone: 'ok',
    headline: `Counted: recorded as ${conversion}.`,
    detail: 'The postback was accepted with the status it asked for (approved when it named none).',
  };
}
