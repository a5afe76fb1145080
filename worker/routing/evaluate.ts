import type { Rule, RuleSet, Variant } from './schema.ts';
import type { Visitor } from './visitor.ts';

export type ConditionKey = 'country' | 'device' | 'os' | 'browser' | 'language' | 'sub';

interface CompiledRule {
  rule: Rule;
  country?: Set<string>;
  device?: Set<string>;
  os?: Set<string>;
  browser?: Set<string>;
  language?: Set<string>;
  sub?: Rule['conditions']['sub'];
  totalWeight: number;
}

export interface Routing {
  ruleVersion: number | null;
  // Index into the rules, or null when none matched and the default offer URL decides.
  ruleIndex: number | null;
  kind: 'landing' | 'fallback' | 'default';
  variant: Variant | null;
}

const set = (values: readonly string[] | undefined) =>
  values === undefined ? undefined : new Set(values);

// Rules are compiled once per cached rule set, not per click.
const compiledSets = new WeakMap<RuleSet, CompiledRule[]>();

function compile(ruleSet: RuleSet): CompiledRule[] {
  let compiled = compiledSets.get(ruleSet);
  if (!compiled) {
    compiled = ruleSet.rules.map((rule) => ({
      rule,
      country: set(rule.conditions.country),
      device: set(rule.conditions.device),
      os: set(rule.conditions.os),
      browser: set(rule.conditions.browser),
      language: set(rule.conditions.language),
      sub: rule.conditions.sub?.length ? rule.conditions.sub : undefined,
      totalWeight:
        rule.action.type === 'landing' ? rule.action.variants.reduce((s, v) => s + v.weight, 0) : 0,
    }));
    compiledSets.set(ruleSet, compiled);
  }
  return compiled;
}

// The first condition the visitor fails, or null when the rule matches. Cheap checks run first,
// so the user agent is parsed only when a rule gets as far as asking for it.
function firstMismatch(r: CompiledRule, v: Visitor): ConditionKey | null {
  if (r.country && !(v.country !== null && r.country.has(v.country))) return 'country';
  if (r.language && !(v.language !== null && r.language.has(v.language))) return 'language';
  if (r.sub) {
    for (const s of r.sub) {
      const value = v.sub[Number(s.param.slice(3)) - 1] ?? '';
      if (s.equals !== undefined ? value !== s.equals : !value.startsWith(s.prefix!)) return 'sub';
    }
  }
  if (r.device && !r.device.has(v.device)) return 'device';
  if (r.os && !r.os.has(v.os)) return 'os';
  if (r.browser && !r.browser.has(v.browser)) return 'browser';
  return null;
}

// For each rule before `upTo` (all of which the visitor failed), the condition that failed first.
export function failedConditions(ruleSet: RuleSet, visitor: Visitor, upTo: number): ConditionKey[] {
  return compile(ruleSet)
    .slice(0, upTo)
    .map((r) => firstMismatch(r, visitor)!);
}

// 32-bit FNV-1a with a murmur3 finaliser: spreads similar visitor keys evenly over [0, 1).
export function unitHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

// Same visitor, same day, same rule: same variant. A new day or a new rule version may reshuffle.
export function pickVariant(
  variants: readonly Variant[],
  totalWeight: number,
  stickyKey: string,
): Variant {
  let point = unitHash(stickyKey) * totalWeight;
  for (const variant of variants) {
    if (point < variant.weight) return variant;
    point -= variant.weight;
  }
  return variants.findLast((v) => v.weight > 0)!;
}

export function routeVisitor(
  ruleSet: RuleSet | null,
  visitor: Visitor,
  visitorKey: string,
  day: string,
): Routing {
  if (!ruleSet || ruleSet.rules.length === 0)
    return {
      ruleVersion: ruleSet?.version ?? null,
      ruleIndex: null,
      kind: 'default',
      variant: null,
    };
  const compiled = compile(ruleSet);
  for (let i = 0; i < compiled.length; i++) {
    const r = compiled[i]!;
    if (firstMismatch(r, visitor) !== null) continue;
    if (r.rule.action.type === 'fallback')
      return { ruleVersion: ruleSet.version, ruleIndex: i, kind: 'fallback', variant: null };
    const variant = pickVariant(
      r.rule.action.variants,
      r.totalWeight,
      `${visitorKey}|${day}|${ruleSet.version}|${i}`,
    );
    return { ruleVersion: ruleSet.version, ruleIndex: i, kind: 'landing', variant };
  }
  return { ruleVersion: ruleSet.version, ruleIndex: null, kind: 'default', variant: null };
}

// The landing URL template for the visitor's system: app links on iOS and Android, the web page elsewhere.
export function landingTemplate(variant: Variant, visitor: Visitor): string {
  if (!variant.ios_url && !variant.android_url) return variant.url;
  const os = visitor.os;
  if (os === 'iOS' && variant.ios_url) return variant.ios_url;
  if (os === 'Android' && variant.android_url) return variant.android_url;
  return variant.url;
}

// Whether routing by these rules ever reads the user agent (device, OS, browser or a deep link).
export function needsUserAgent(ruleSet: RuleSet | null): boolean {
  return !!ruleSet?.rules.some(
    (r) =>
      r.conditions.device ||
      r.conditions.os ||
      r.conditions.browser ||
      (r.action.type === 'landing' && r.action.variants.some((v) => v.ios_url || v.android_url)),
  );
}
