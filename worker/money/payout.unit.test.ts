import { describe, expect, it } from 'vitest';
import type { PayoutRuleConfig } from '../config/read-model.ts';
import { computePayout, fromUnits, specificity, winningRule, type PayoutFacts } from './payout.ts';

let id = 0;
const rule = (
  type: 'cpa' | 'revshare',
  value: string,
  scope: Partial<Pick<PayoutRuleConfig, 'affiliateId' | 'country' | 'event'>> = {},
): PayoutRuleConfig => ({
  id: ++id,
  type,
  value,
  currency: 'USD',
  affiliateId: scope.affiliateId ?? null,
  country: scope.country ?? null,
  event: scope.event ?? null,
});

const facts = (f: Partial<PayoutFacts> = {}): PayoutFacts => ({
  affiliateId: 7,
  country: 'DE',
  event: 'sale',
  amount: '100.00',
  ...f,
});

describe('which rule wins', () => {
  const base = rule('revshare', '10');
  const country = rule('revshare', '20', { country: 'DE' });
  const event = rule('cpa', '3', { event: 'sale' });
  const eventCountry = rule('cpa', '4', { event: 'sale', country: 'DE' });
  const affiliate = rule('cpa', '5', { affiliateId: 7 });
  const affiliateCountry = rule('cpa', '6', { affiliateId: 7, country: 'DE' });
  const affiliateEvent = rule('cpa', '7', { affiliateId: 7, event: 'sale' });
  const all = rule('cpa', '8', { affiliateId: 7, event: 'sale', country: 'DE' });
  const ordered = [
    base,
    country,
    event,
    eventCountry,
    affiliate,
    affiliateCountry,
    affiliateEvent,
    all,
  ];

  it('ranks scopes affiliate 4 > event 2 > country 1, summed', () => {
    expect(ordered.map(specificity)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('picks the most specific matching rule, whatever the order rules were saved in', () => {
    for (let n = 1; n <= ordered.length; n++) {
      const rules = ordered.slice(0, n);
      expect(winningRule(rules, facts())).toBe(rules[n - 1]);
      expect(winningRule([...rules].reverse(), facts())).toBe(rules[n - 1]);
    }
  });

  it('an affiliate rule beats an event+country rule (any affiliate rule outranks every rule without one)', () => {
    expect(winningRule([eventCountry, affiliate], facts())).toBe(affiliate);
  });

  it('a rule naming something else never matches', () => {
    expect(winningRule(ordered, facts({ affiliateId: 8 }))).toBe(eventCountry);
    expect(winningRule(ordered, facts({ affiliateId: 8, event: 'lead' }))).toBe(country);
    expect(winningRule(ordered, facts({ affiliateId: 8, event: 'lead', country: 'FR' }))).toBe(
      base,
    );
    // The click's country is unknown (the click row has not landed): no country rule matches.
    expect(winningRule(ordered, facts({ affiliateId: 8, event: 'lead', country: null }))).toBe(
      base,
    );
    expect(winningRule([country, event], facts({ event: 'lead', country: 'FR' }))).toBeUndefined();
  });
});

describe('the payout', () => {
  it('CPA pays the fixed value, whatever the amount', () => {
    expect(
      computePayout(
        { payoutRules: [rule('cpa', '12.5')], defaultPayout: '1.00' },
        facts({ amount: '0' }),
      ),
    ).toMatchObject({ payout: '12.5000' });
  });

  it('RevShare pays value percent of the amount', () => {
    const r = rule('revshare', '30');
    expect(
      computePayout({ payoutRules: [r], defaultPayout: null }, facts({ amount: '149.90' })),
    ).toEqual({ payout: '44.9700', ruleId: r.id });
  });

  it.each([
    // amount, percent, payout: 4 decimals, half up
    ['10.00', '33.3333', '3.3333'], // 3.333330
    ['0.0001', '50', '0.0001'], // 0.00005 rounds up
    ['0.0001', '49.9999', '0.0000'], // 0.0000499999 rounds down
    ['1.2345', '10', '0.1235'], // 0.12345 half up
    ['1.2344', '10', '0.1234'], // 0.12344
    ['99999999999.9999', '100', '99999999999.9999'],
    ['99999999999.9999', '0.0001', '100000.0000'], // 99999.9999999999 rounds up (as floats this loses digits)
    ['0.10', '0.0001', '0.0000'],
    ['250', '0', '0.0000'],
  ])('RevShare of %s at %s percent is %s', (amount, percent, payout) => {
    expect(
      computePayout(
        { payoutRules: [rule('revshare', percent)], defaultPayout: null },
        facts({ amount }),
      ).payout,
    ).toBe(payout);
  });

  it('no matching rule: the default payout, without a rule id; neither: null', () => {
    const lead = rule('cpa', '2', { event: 'lead' });
    expect(computePayout({ payoutRules: [lead], defaultPayout: '1.5' }, facts())).toEqual({
      payout: '1.5000',
      ruleId: null,
    });
    expect(computePayout({ payoutRules: [], defaultPayout: null }, facts())).toEqual({
      payout: null,
      ruleId: null,
    });
  });

  it('prints units back exactly', () => {
    expect([fromUnits(0n), fromUnits(1n), fromUnits(123456789n), fromUnits(-5n)]).toEqual([
      '0.0000',
      '0.0001',
      '12345.6789',
      '-0.0005',
    ]);
  });
});
