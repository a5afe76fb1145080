import { computed, createModel, signal } from '@preact/signals';
import type {
  ConsoleApi,
  PayoutExample,
  PayoutRule,
  PayoutRuleInput,
  PayoutRules,
  RuleType,
} from '../api.ts';
import { createEditableList } from '../editor/editable-list.ts';
import { plainDecimal } from '../format.ts';
import { createPreview } from '../editor/preview.ts';

/** A rule as typed: empty scope fields mean "any". */
export interface RuleDraft {
  key: number;
  /** The saved rule this row shows; null for a row added since. */
  id: number | null;
  type: RuleType;
  value: string;
  affiliate: string;
  country: string;
  event: string;
}

export type RuleFields = Omit<RuleDraft, 'key'>;
type Editable = Exclude<keyof RuleFields, 'id'>;

// The API's precedence: the most specific matching rule wins (affiliate 4 + event 2 + country 1).
export function specificity(rule: Pick<RuleFields, 'affiliate' | 'country' | 'event'>): number {
  return (
    (rule.affiliate.trim() ? 4 : 0) + (rule.event.trim() ? 2 : 0) + (rule.country.trim() ? 1 : 0)
  );
}

/** "affiliate + country", or "default" for a rule that names nothing. */
export function scopeWords(rule: Pick<RuleFields, 'affiliate' | 'country' | 'event'>): string {
  const parts = [
    rule.affiliate.trim() && 'affiliate',
    rule.event.trim() && 'event',
    rule.country.trim() && 'country',
  ].filter(Boolean);
  return parts.length ? parts.join(' + ') : 'default';
}

export function fieldsOfRule(rule: PayoutRule): RuleFields {
  return {
    id: rule.id,
    type: rule.type,
    // The API keeps 4 decimals; "30.0000" reads better as "30".
    value: plainDecimal(rule.value),
    affiliate: rule.affiliate_id === null ? '' : String(rule.affiliate_id),
    country: rule.country ?? '',
    event: rule.event ?? '',
  };
}

/** What PUT takes: scope fields left out when "any"; the API checks every value and names the one it refuses. */
export function inputOf(rule: RuleFields): PayoutRuleInput {
  const country = rule.country.trim().toUpperCase();
  const event = rule.event.trim();
  return {
    type: rule.type,
    value: rule.value.trim(),
    ...(rule.affiliate ? { affiliate_id: Number(rule.affiliate) } : {}),
    ...(country ? { country } : {}),
    ...(event ? { event } : {}),
  };
}

export const blankRule: RuleFields = {
  id: null,
  type: 'cpa',
  value: '',
  affiliate: '',
  country: '',
  event: '',
};

export interface ExampleDraft {
  affiliate: string;
  country: string;
  event: string;
  amount: string;
}

export function exampleQuery(e: ExampleDraft): PayoutExample {
  return {
    ...(e.affiliate ? { affiliate_id: Number(e.affiliate) } : {}),
    ...(e.country.trim() ? { country: e.country.trim().toUpperCase() } : {}),
    ...(e.event.trim() ? { event: e.event.trim() } : {}),
    ...(e.amount.trim() ? { amount: e.amount.trim() } : {}),
  };
}

/** A campaign's payout rules: edit the set, save it whole, and ask which rule would price an example conversion. */
export const PayoutRulesModel = createModel(
  (
    api: Pick<ConsoleApi, 'payoutRules' | 'savePayoutRules' | 'previewPayout'>,
    campaignId: number,
    fail: (err: unknown) => string,
  ) => {
    const list = createEditableList<PayoutRules, RuleDraft>({
      fetch: () => api.payoutRules(campaignId),
      store: (rows) => api.savePayoutRules(campaignId, rows.map(inputOf)),
      // Most specific first: the order in which rules are tried.
      rowsOf: (answer) =>
        [...answer.rules].sort((a, b) => b.specificity - a.specificity).map(fieldsOfRule),
      fail,
    });
    const example = signal<ExampleDraft>({ affiliate: '', country: '', event: '', amount: '100' });
    const preview = createPreview(
      () => api.previewPayout(campaignId, exampleQuery(example.peek())),
      fail,
    );

    return {
      list,
      example,
      preview,
      // Computed: the id of the rule the last example matched, to mark it in the table
      winningId: computed(() => preview.answer.value?.rule?.id ?? null),
      // Action: the saved rules; then the example at once, so the box is never empty
      async load(): Promise<void> {
        await list.load();
        if (list.answer.peek()) await preview.run();
      },
      add: () => list.add({ ...blankRule }),
      set: <K extends Editable>(key: number, field: K, value: RuleFields[K]) =>
        list.update(key, (r) => ({ ...r, [field]: value })),
      // Action: change the example; the answer follows as soon as typing pauses
      setExample: <K extends keyof ExampleDraft>(field: K, value: string) => {
        example.value = { ...example.peek(), [field]: value };
        preview.later();
      },
      // Action: save the set; the example is asked again against the new rules
      async save(): Promise<void> {
        await list.save(
          (answer) =>
            `Saved ${answer.rules.length} payout rule${answer.rules.length === 1 ? '' : 's'}. They price conversions from now on.`,
        );
        if (!list.saveError.peek()) await preview.run();
      },
    };
  },
);

export type PayoutRulesEditor = InstanceType<typeof PayoutRulesModel>;
