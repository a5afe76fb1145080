import { fillMacros } from '../lib/macros.ts';
import { failedConditions, landingTemplate, routeVisitor } from './evaluate.ts';
import type { RuleSet } from './schema.ts';
import type { Visitor } from './visitor.ts';

export interface RoutePreview {
  rule_version: number | null;
  rule: { index: number; name: string } | null;
  action: 'landing' | 'fallback' | 'default';
  variant_id: string | null;
  url: string | null;
  visitor: {
    country: string | null;
    language: string | null;
    device: string;
    os: string;
    browser: string;
  };
  reasons: string[];
}

const describeValue = (visitor: Visitor, key: string): string => {
  switch (key) {
    case 'country':
      return `country ${visitor.country ?? '(unknown)'}`;
    case 'language':
      return `language ${visitor.language ?? '(none)'}`;
    case 'device':
      return `device ${visitor.device}`;
    case 'os':
      return `os ${visitor.os}`;
    case 'browser':
      return `browser "${visitor.browser || '(unknown)'}"`;
    default:
      return 'the sub ids';
  }
};

// Explains a routing decision in the words an operator would use, rule by rule.
export function previewRoute(
  campaign: { offerUrl: string | null; fallbackUrl: string | null; rules: RuleSet | null },
  visitor: Visitor,
  fallbackUrl: string | null,
  macros: Record<string, string | number | null>,
): RoutePreview {
  const routing = routeVisitor(campaign.rules, visitor, 'preview', 'preview');
  const rules = campaign.rules?.rules ?? [];
  const tried = routing.ruleIndex ?? rules.length;
  const reasons = failedConditions(campaign.rules ?? { version: 0, rules: [] }, visitor, tried).map(
    (key, i) =>
      `rule ${i + 1} (${rules[i]!.name}) did not match: ${describeValue(visitor, key)} is not among its ${key === 'sub' ? 'sub id conditions' : `${key} values`}`,
  );
  let url: string | null = null;
  if (routing.kind === 'landing') {
    const template = landingTemplate(routing.variant!, visitor);
    url = fillMacros(template, macros);
    const weights = rules[routing.ruleIndex!]!.action;
    const split =
      weights.type === 'landing' && weights.variants.length > 1
        ? `; variant ${routing.variant!.id} chosen by weight (${weights.variants.map((v) => `${v.id}: ${v.weight}`).join(', ')}), fixed per visitor and day`
        : '';
    const deep = template !== routing.variant!.url ? `; deep link for ${visitor.os}` : '';
    reasons.push(
      `rule ${routing.ruleIndex! + 1} (${rules[routing.ruleIndex!]!.name}) matched${split}${deep}`,
    );
  } else if (routing.kind === 'fallback') {
    url = campaign.fallbackUrl ?? fallbackUrl;
    reasons.push(
      `rule ${routing.ruleIndex! + 1} (${rules[routing.ruleIndex!]!.name}) matched and sends the visitor to the fallback${url ? '' : ' (none set: the visitor sees the "offer no longer available" page)'}`,
    );
  } else {
    url = campaign.offerUrl
      ? fillMacros(campaign.offerUrl, macros)
      : (campaign.fallbackUrl ?? fallbackUrl);
    reasons.push(
      rules.length
        ? 'no rule matched: the default offer URL is used'
        : 'the campaign has no rules: the default offer URL is used',
    );
    if (!campaign.offerUrl)
      reasons.push('the campaign has no offer URL: the visitor goes to the fallback');
  }
  return {
    rule_version: routing.ruleVersion,
    rule:
      routing.ruleIndex === null
        ? null
        : { index: routing.ruleIndex, name: rules[routing.ruleIndex]!.name },
    action: routing.kind,
    variant_id: routing.variant?.id ?? null,
    url,
    visitor: {
      country: visitor.country,
      language: visitor.language,
      device: visitor.device,
      os: visitor.os,
      browser: visitor.browser,
    },
    reasons,
  };
}
