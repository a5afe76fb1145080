/**
 * Reason codes: why a conversion is in its status, or why a postback was refused. Each one names
 * something a person can act on; the README's "Reason codes" table explains them.
 */
export const REASON_CODES = [
  // conversion status reasons
  'cap_reached',
  'ctit_too_short',
  'suspicious_click',
  'duplicate_visitor',
  'affiliate_reported',
  'currency_mismatch',
  'manual',
  // postback refusals
  'duplicate',
  'window_expired',
  'unknown_click',
  'ambiguous_click',
  'bad_credential',
  'parameter_refused',
  'affiliate_postbacks_refused',
  'weaker_credential',
  'status_locked',
  'advertiser_paused',
  'bad_input',
  'too_many_duplicates',
  'too_many_reports',
  'refused',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

// Who decided: a decision by a stronger kind is never changed by a weaker one.
export const CREDENTIAL_KINDS = ['rules', 'affiliate', 'advertiser', 'admin'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export function strength(kind: string): number {
  return CREDENTIAL_KINDS.indexOf(kind as CredentialKind);
}
