import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../../api/failure.ts';
import type { PayoutExample, PayoutRule, PayoutRuleInput, PayoutRules } from '../api.ts';
import { isRefused, refusal } from '../editor/editable-list.ts';
import { inputOf, PayoutRulesModel, scopeWords, specificity } from './payout-rules-model.ts';
import { PREVIEW_DELAY_MS } from '../editor/preview.ts';

const rule = (id: number, over: Partial<PayoutRule>): PayoutRule => ({
  id,
  type: 'revshare',
  value: '30.0000',
  currency: 'EUR',
  affiliate_id: null,
  country: null,
  event: null,
  specificity: 0,
  ...over,
});

const saved: PayoutRules = {
  campaign_id: 3,
  currency: 'EUR',
  default_payout: null,
  precedence: 'The most specific matching rule wins',
  rules: [
    rule(1, {}),
    rule(2, { value: '40.0000', country: 'DE', specificity: 1 }),
    rule(3, { type: 'cpa', value: '12.5000', affiliate_id: 7, event: 'deposit', specificity: 6 }),
  ],
};

function fakeApi() {
  const calls = { saved: [] as PayoutRuleInput[][], previews: [] as PayoutExample[] };
  const api = {
    payoutRules: async () => saved,
    savePayoutRules: async (_id: number, rules: PayoutRuleInput[]) => {
      calls.saved.push(rules);
      if (rules.some((r) => r.value === 'x'))
        throw new ApiFailure(
          'bad_request',
          'Invalid body field: rules.1.value must be a decimal',
          400,
          [{ path: 'rules.1.value', message: 'rules.1.value must be a decimal' }],
        );
      return {
        ...saved,
        rules: rules.map((r, i) =>
          rule(10 + i, {
            ...r,
            value: String(r.value),
            specificity: specificity({
              affiliate: String(r.affiliate_id ?? ''),
              country: r.country ?? '',
              event: r.event ?? '',
            }),
          }),
        ),
      };
    },
    previewPayout: async (_id: number, example: PayoutExample) => {
      calls.previews.push(example);
      return { rule: saved.rules[1]!, payout: '40.0000', currency: 'EUR', specificity: 1 };
    },
  };
  return { api, calls };
}

afterEach(() => void vi.useRealTimers());

describe('payout rules editor', () => {
  it('ranks scopes like the API: affiliate 4 + event 2 + country 1', () => {
    expect(specificity({ affiliate: '7', country: '', event: 'deposit' })).toBe(6);
    expect(specificity({ affiliate: '', country: 'DE', event: '' })).toBe(1);
    expect(scopeWords({ affiliate: '7', country: 'DE', event: '' })).toBe('affiliate + country');
    expect(scopeWords({ affiliate: '', country: '', event: '' })).toBe('default');
  });

  it('sends "any" as a missing scope and a country in capitals', () => {
    expect(
      inputOf({ id: null, type: 'cpa', value: ' 5 ', affiliate: '', country: 'de', event: '' }),
    ).toEqual({ type: 'cpa', value: '5', country: 'DE' });
    expect(
      inputOf({
        id: null,
        type: 'revshare',
        value: '10',
        affiliate: '7',
        country: '',
        event: 'sale',
      }),
    ).toEqual({ type: 'revshare', value: '10', affiliate_id: 7, event: 'sale' });
  });

  it('shows the saved rules most specific first, then which one wins the example', async () => {
    const { api, calls } = fakeApi();
    const model = new PayoutRulesModel(api, 3, String);
    await model.load();
    expect(model.list.rows.value.map((r) => `${r.id} ${r.type} ${r.value}`)).toEqual([
      '3 cpa 12.5',
      '2 revshare 40',
      '1 revshare 30',
    ]);
    expect(calls.previews).toEqual([{ amount: '100' }]);
    expect(model.winningId.value).toBe(2);
    expect(model.list.dirty.value).toBe(false);
  });

  it('asks again once typing pauses, and only the newest answer counts', async () => {
    vi.useFakeTimers();
    const { api, calls } = fakeApi();
    const model = new PayoutRulesModel(api, 3, String);
    await model.load();
    model.setExample('country', 'de');
    model.setExample('amount', '250');
    expect(calls.previews).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PREVIEW_DELAY_MS);
    expect(calls.previews.at(-1)).toEqual({ country: 'DE', amount: '250' });
    expect(calls.previews).toHaveLength(2);
  });

  it('marks the row and field the API refused, keeps the edits, and saves once fixed', async () => {
    const { api, calls } = fakeApi();
    const model = new PayoutRulesModel(api, 3, String);
    await model.load();
    const second = model.list.rows.value[1]!;
    model.set(second.key, 'value', 'x');
    expect(model.list.dirty.value).toBe(true);
    await model.save();
    expect(model.list.saveError.value).toMatch(/rules\.1\.value/);
    expect(isRefused(model.list.refused.value, 1)).toBe(true);
    expect(isRefused(model.list.refused.value, 1, 'value')).toBe(true);
    expect(isRefused(model.list.refused.value, 0)).toBe(false);
    // The API's words go next to the field it names.
    expect(refusal(model.list.refused.value, 1, 'value')).toBe('rules.1.value must be a decimal');
    expect(refusal(model.list.refused.value, 1, 'country')).toBeUndefined();
    model.set(second.key, 'value', '45');
    model.add();
    const added = model.list.rows.value.at(-1)!;
    model.set(added.key, 'value', '2');
    await model.save();
    expect(calls.saved.at(-1)).toEqual([
      { type: 'cpa', value: '12.5', affiliate_id: 7, event: 'deposit' },
      { type: 'revshare', value: '45', country: 'DE' },
      { type: 'revshare', value: '30' },
      { type: 'cpa', value: '2' },
    ]);
    expect(model.list.saved.value).toBe(
      'Saved 4 payout rules. They price conversions from now on.',
    );
    expect(model.list.dirty.value).toBe(false);
    expect(model.list.refused.value.size).toBe(0);
  });
});
