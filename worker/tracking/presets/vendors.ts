/**
 * What each tracker vendor's postback URL says, in our terms. An advertiser whose systems already
 * fire a vendor's postback points that integration at /postback/{preset} unchanged.
 *
 * The vendor's "payout" (or "sum", "amount") is the advertiser's revenue for the conversion: it
 * becomes our `amount`. The affiliate's payout is ours, computed from the campaign's payout rules,
 * so no preset has a parameter that becomes `payout` (presets.test.ts holds every preset to that).
 */

export type PresetStatus = 'approved' | 'pending' | 'rejected';

/** Our postback fields a preset can fill from vendor parameters. */
export type MappedField = 'click_id' | 'amount' | 'currency' | 'txid' | 'event' | 'status';

export interface PresetSpec {
  /** The vendor's name as people write it. */
  vendor: string;
  /** Where the parameter names and status values come from. */
  sources: readonly string[];
  /**
   * The vendor's parameter names for each field, first the one its documentation shows. Our own name
   * is accepted for every field as well (mapFields adds it); when both carry a value they must agree.
   */
  params: Readonly<Partial<Record<MappedField, readonly string[]>>>;
  /** The vendor's standard status values (lower case; matched without regard to case). */
  statuses: Readonly<Record<string, PresetStatus>>;
  /** Vendor parameters that carry what the affiliate is paid: refused, never read or ignored. */
  payoutParams: Readonly<Record<string, string>>;
  /** Placeholder values the vendor's URL template ships with, meaning "not filled in". */
  placeholders?: readonly string[];
  /** Parameters in which the sender lists its own status values per vendor status (Keitaro). */
  statusListParams?: Readonly<Record<string, PresetStatus>>;
  /** The parameter naming the text to answer on success (Keitaro's `return`). */
  replyParam?: string;
  /** Amounts may use a decimal comma ("12,34"). */
  decimalComma?: boolean;
  /** How the answer is shaped: plain text OK / ERROR, or Affise's JSON status. */
  answer: 'text' | 'affise-json';
}

// Everywhere: our own three values are understood as themselves.
const OURS: Readonly<Record<string, PresetStatus>> = {
  approved: 'approved',
  pending: 'pending',
  rejected: 'rejected',
};

const PAYOUT_IS_OURS = 'the affiliate payout is computed from the campaign payout rules';

export const PRESETS = {
  // cid (required), payout = revenue, txid, currency, et = custom conversion type; no status.
  // Voluum's copied URL carries REPLACE / OPTIONAL where the sender fills in a value.
  voluum: {
    vendor: 'Voluum',
    sources: [
      'https://doc.voluum.com/en/tracking_conversions_postback.html',
      'https://doc.voluum.com/article/parameters-in-postback-urls',
    ],
    params: {
      click_id: ['cid'],
      amount: ['payout'],
      currency: ['currency'],
      txid: ['txid'],
      event: ['et'],
    },
    statuses: OURS,
    payoutParams: {},
    placeholders: ['OPTIONAL'],
    answer: 'text',
  },
  // subid (required), payout (or revenue) = revenue, tid, status (lead | sale | rejected | rebill,
  // default sale), currency, return = the answer text, sale_status / lead_status / rejected_status =
  // the sender's own values per Keitaro status; cost = what the buyer pays per conversion.
  keitaro: {
    vendor: 'Keitaro',
    sources: [
      'https://docs.keitaro.io/en/conversions/postback.html',
      'https://v9.help.keitaro.io/en/conversions-and-postback/postback.html',
    ],
    params: {
      click_id: ['subid'],
      amount: ['payout', 'revenue'],
      currency: ['currency'],
      txid: ['tid'],
      status: ['status'],
    },
    // A rebill is a further paid sale on the click, told apart by its own tid.
    statuses: {
      ...OURS,
      lead: 'pending',
      sale: 'approved',
      rejected: 'rejected',
      rebill: 'approved',
    },
    payoutParams: {
      cost: `Keitaro's cost is what is paid for the conversion, and ${PAYOUT_IS_OURS}`,
    },
    statusListParams: {
      sale_status: 'approved',
      lead_status: 'pending',
      rejected_status: 'rejected',
    },
    replyParam: 'return',
    answer: 'text',
  },
  // transaction_id (required, Everflow's click id), amount = sale amount ("12,34" reads as 12.34),
  // adv_event_id = global advertiser event (event_id = an offer's event), order_id; no status.
  everflow: {
    vendor: 'Everflow',
    sources: [
      'https://helpdesk.everflow.io/customer/accessing-editing-s2s-postback-urls',
      'https://developers.everflow.io/sdk/conversion-tracking',
    ],
    params: {
      click_id: ['transaction_id'],
      amount: ['amount'],
      txid: ['order_id'],
      event: ['adv_event_id', 'event_id'],
    },
    statuses: OURS,
    payoutParams: {},
    decimalComma: true,
    answer: 'text',
  },
  // clickid (or click_id), sum = revenue, action_id = the advertiser's conversion id, goal,
  // status 1 approved / 2 pending / 3 declined / 5 hold. Affise answers a refused postback with
  // "status 2" and a message, which its logs show to the advertiser.
  affise: {
    vendor: 'Affise',
    sources: [
      'https://help-center.affise.com/en/articles/6475468-affise-postback-url-parameters',
      'https://help-center.affise.com/en/articles/4103329-statistics-conversion-statuses',
      'https://help-center.affise.com/en/articles/6476587-postback-errors',
    ],
    params: {
      click_id: ['clickid', 'click_id'],
      amount: ['sum'],
      txid: ['action_id'],
      event: ['goal'],
      status: ['status'],
    },
    // Hold waits for a decision, as pending does.
    statuses: {
      ...OURS,
      '1': 'approved',
      '2': 'pending',
      '3': 'rejected',
      '5': 'pending',
      declined: 'rejected',
      hold: 'pending',
    },
    payoutParams: {},
    answer: 'affise-json',
  },
  // clickid (required), sum = revenue, type = conversion type, status pending | approved | declined
  // (RedTrack's fourth, "other", decides nothing: map it with status_map), rdtk_event_id = the
  // sender's conversion id RedTrack deduplicates by.
  redtrack: {
    vendor: 'RedTrack',
    sources: [
      'https://docs.redtrack.io/knowledgebase/tracking-event-types/',
      'https://help.redtrack.io/knowledgebase/kb/conversion-tracking/conditional-postback/',
    ],
    params: {
      click_id: ['clickid'],
      amount: ['sum'],
      txid: ['rdtk_event_id'],
      event: ['type'],
      status: ['status'],
    },
    statuses: { ...OURS, declined: 'rejected' },
    payoutParams: {},
    answer: 'text',
  },
  // cnv_id (required, Binom's click id), payout = revenue, cnv_status (free text: approve, reject,
  // Hold, ...), cnv_currency.
  binom: {
    vendor: 'Binom',
    sources: [
      'https://docs.binom.org/postback-url.php',
      'https://docs.binom.org/payout-tracking-v2.php',
    ],
    params: {
      click_id: ['cnv_id'],
      amount: ['payout'],
      currency: ['cnv_currency'],
      status: ['cnv_status'],
    },
    statuses: {
      ...OURS,
      approve: 'approved',
      hold: 'pending',
      reject: 'rejected',
      decline: 'rejected',
      declined: 'rejected',
    },
    payoutParams: {},
    answer: 'text',
  },
} as const satisfies Record<string, PresetSpec>;

export type PresetName = keyof typeof PRESETS;

export const presetNames = Object.keys(PRESETS) as [PresetName, ...PresetName[]];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PRESETS, name);
}

export function presetSpec(preset: PresetName): PresetSpec {
  return PRESETS[preset];
}

/**
 * Vendor parameters that are a sender's secret for the vendor (Affise's secure code, Everflow's
 * verification token): never read, and to be redacted like `token` wherever parameters are kept.
 */
export const PRESET_SECRET_PARAMS: readonly string[] = ['secure', 'verification_token'];
