import { isUnconditional } from './check.ts';
import type { RuleSet } from './schema.ts';

export interface RoutedCampaign {
  offerUrl: string | null;
  rules: RuleSet | null;
}

// The countries a campaign takes traffic from, or null when it takes every country. A campaign is
// geo-targeted when visitors no rule matches go to the fallback (a last catch-all "fallback" rule,
// or no default offer URL) and every landing rule names its countries.
export function targetCountries(campaign: RoutedCampaign): string[] | null {
  const rules = campaign.rules?.rules ?? [];
  if (rules.length === 0) return null;
  const last = rules[rules.length - 1]!;
  const othersToFallback =
    !campaign.offerUrl || (last.action.type === 'fallback' && isUnconditional(last.conditions));
  if (!othersToFallback) return null;
  const countries = new Set<string>();
  for (const rule of rules) {
    if (rule.action.type !== 'landing') continue;
    if (!rule.conditions.country) return null;
    for (const c of rule.conditions.country) countries.add(c);
  }
  return [...countries].sort();
}
