import type { ErrorIssue } from '../errors.ts';
import type { Conditions, Rule } from './schema.ts';

type ListKey = 'country' | 'device' | 'os' | 'browser' | 'language';
const LIST_KEYS: ListKey[] = ['country', 'device', 'os', 'browser', 'language'];

const label = (rule: Rule, i: number) => `rule ${i + 1} (${rule.name})`;

export function isUnconditional(c: Conditions): boolean {
  return LIST_KEYS.every((k) => c[k] === undefined) && (c.sub === undefined || c.sub.length === 0);
}

// Every visitor `later` matches is matched by `earlier` too, so `later` never decides.
function covers(earlier: Conditions, later: Conditions): boolean {
  for (const key of LIST_KEYS) {
    const e = earlier[key] as string[] | undefined;
    if (e === undefined) continue;
    const l = later[key] as string[] | undefined;
    if (l === undefined || !l.every((v) => e.includes(v))) return false;
  }
  for (const s of earlier.sub ?? []) {
    const implied = (later.sub ?? []).some(
      (t) =>
        t.param === s.param &&
        (s.equals !== undefined
          ? t.equals === s.equals
          : (t.equals ?? t.prefix ?? '').startsWith(s.prefix!)),
    );
    if (!implied) return false;
  }
  return true;
}

function contradiction(c: Conditions): string | undefined {
  for (const key of LIST_KEYS) if (c[key]?.length === 0) return `its ${key} list is empty`;
  const subs = c.sub ?? [];
  for (const [i, a] of subs.entries()) {
    for (const b of subs.slice(i + 1)) {
      if (a.param !== b.param) continue;
      const av = a.equals ?? a.prefix!;
      const bv = b.equals ?? b.prefix!;
      if (a.equals !== undefined && b.equals !== undefined && av !== bv)
        return `${a.param} cannot equal both "${av}" and "${bv}"`;
      if (a.equals !== undefined && b.prefix !== undefined && !av.startsWith(bv))
        return `${a.param} "${av}" does not start with "${bv}"`;
      if (b.equals !== undefined && a.prefix !== undefined && !bv.startsWith(av))
        return `${a.param} "${bv}" does not start with "${av}"`;
      if (
        a.prefix !== undefined &&
        b.prefix !== undefined &&
        !av.startsWith(bv) &&
        !bv.startsWith(av)
      )
        return `${a.param} cannot start with both "${av}" and "${bv}"`;
    }
  }
  return undefined;
}

// What zod cannot see: rules that can never match and splits that can send nobody anywhere.
export function ruleProblems(rules: Rule[]): ErrorIssue[] {
  const problems: ErrorIssue[] = [];
  const variantIds = new Map<string, number>();
  rules.forEach((rule, i) => {
    const path = `rules.${i}`;
    const why = contradiction(rule.conditions);
    if (why)
      problems.push({
        path: `${path}.conditions`,
        message: `${label(rule, i)} can never match: ${why}`,
      });
    const shadow = rules
      .slice(0, i)
      .findIndex((earlier) => covers(earlier.conditions, rule.conditions));
    if (shadow !== -1) {
      problems.push({
        path: `${path}.conditions`,
        message: `${label(rule, i)} can never match: ${label(rules[shadow]!, shadow)} comes first and matches every visitor it would`,
      });
    }
    if (rule.action.type !== 'landing') return;
    if (rule.action.variants.reduce((sum, v) => sum + v.weight, 0) <= 0) {
      problems.push({
        path: `${path}.action.variants`,
        message: `${label(rule, i)}: the variant weights must sum above zero`,
      });
    }
    rule.action.variants.forEach((v, j) => {
      const first = variantIds.get(v.id);
      if (first !== undefined)
        problems.push({
          path: `${path}.action.variants.${j}.id`,
          message: `${label(rule, i)}: variant id "${v.id}" is already used in rule ${first + 1}; ids must be unique so reports can tell variants apart`,
        });
      else variantIds.set(v.id, i);
    });
  });
  return problems;
}
