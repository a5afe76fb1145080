import type { CampaignConfig, PayoutRuleConfig } from '../config/read-model.ts';
import { toUnits } from '../lib/money.ts';

/**
 * Which payout rule wins: the most specific one that matches. A rule's scope fields that are set
 * must all equal the conversion's; the weights make any rule naming the affiliate beat any that
 * does not, then the event, then the country. So affiliate+event+country (7) > affiliate+event (6)
 * > affiliate+country (5) > affiliate (4) > event+country (3) > event (2) > country (1) > default (0).
 * Two rules with the same scope cannot be saved (PUT refuses them).
 */
export const SCOPE_WEIGHT = { affiliate: 4, event: 2, country: 1 } as const;

export interface PayoutFacts {
  affiliateId: number;
  // The click's country, when the click row has landed; a rule naming a country never matches null.
  country: string | null;
  event: string;
  // The amount the advertiser reported (decimal string), which RevShare takes a share of.
  amount: string;
}

export interface ComputedPayout {
  // Decimal string with 4 places, or null when the campaign has neither rules nor a default payout.
  payout: string | null;
  ruleId: number | null;
}

export function specificity(
  rule: Pick<PayoutRuleConfig, 'affiliateId' | 'country' | 'event'>,
): number {
  return (
    (rule.affiliateId !== null ? SCOPE_WEIGHT.affiliate : 0) +
    (rule.event !== null ? SCOPE_WEIGHT.event : 0) +
    (rule.country !== null ? SCOPE_WEIGHT.country : 0)
  );
}

export function winningRule(
  rules: readonly PayoutRuleConfig[],
  facts: PayoutFacts,
): PayoutRuleConfig | undefined {
  let best: PayoutRuleConfig | undefined;
  for (const rule of rules) {
    if (rule.affiliateId !== null && rule.affiliateId !== facts.affiliateId) continue;
    if (rule.event !== null && rule.event !== facts.event) continue;
    if (rule.country !== null && rule.country !== facts.country) continue;
    if (!best || specificity(rule) > specificity(best)) best = rule;
  }
  return best;
}

/** The payout we owe for a conversion: computed from the campaign's rules, never taken from the sender. */
export function computePayout(
  campaign: Pick<CampaignConfig, 'payoutRules' | 'defaultPayout'>,
  facts: PayoutFacts,
): ComputedPayout {
  const rule = winningRule(campaign.payoutRules ?? [], facts);
  if (!rule)
    return {
      payout: campaign.defaultPayout === null ? null : fromUnits(toUnits(campaign.defaultPayout)),
      ruleId: null,
    };
  if (rule.type === 'cpa') return { payout: fromUnits(toUnits(rule.value)), ruleId: rule.id };
  // RevShare: value percent of the amount, rounded half up to 4 decimal places.
  const units = toUnits(facts.amount) * toUnits(rule.value);
  const scaled = units / 1_000_000n; // units² / (10_000 * 100) is the share in units
  const remainder = units % 1_000_000n;
  return {
    payout: fromUnits(remainder * 2n >= 1_000_000n ? scaled + 1n : scaled),
    ruleId: rule.id,
  };
}

export function fromUnits(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const text = `${abs / 10_000n}.${(abs % 10_000n).toString().padStart(4, '0')}`;
  return negative ? `-${text}` : text;
}
