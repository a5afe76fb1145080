import { describe, expect, it } from 'vitest';
import { buildCards } from './cards.ts';

const base = {
  clicks: 0,
  unique_clicks: 0,
  conversions: 0,
  conversion_rate: 0,
  revenue: [],
  payout: [],
  epc: [],
};

describe('cards', () => {
  it('shows this range with the change against the previous one', () => {
    const cards = buildCards(
      {
        clicks: 124,
        unique_clicks: 110,
        conversions: 14,
        conversion_rate: 0.1129,
        revenue: [{ currency: 'USD', amount: 508.91 }],
        payout: [{ currency: 'USD', amount: 159 }],
        epc: [{ currency: 'USD', amount: 1.2823 }],
      },
      {
        ...base,
        clicks: 100,
        unique_clicks: 110,
        conversions: 0,
        conversion_rate: 0.1,
        payout: [{ currency: 'EUR', amount: 34 }],
      },
      'en-US',
    );
    const card = (id: string) => cards.find((c) => c.id === id)!;
    expect(cards.map((c) => c.id)).toEqual([
      'clicks',
      'unique_clicks',
      'conversions',
      'conversion_rate',
      'revenue',
      'payout',
      'epc',
    ]);
    expect(card('clicks').lines[0]).toEqual({
      value: 124,
      currency: null,
      text: '124',
      delta: { trend: 'up', text: '+24%' },
    });
    expect(card('unique_clicks').lines[0]!.delta).toEqual({ trend: 'flat', text: '±0%' });
    expect(card('conversions').lines[0]!.delta).toEqual({ trend: 'new', text: 'new' });
    expect(card('conversion_rate').lines[0]).toMatchObject({
      text: '11.29%',
      delta: { trend: 'up', text: '+1.29 pp' },
    });
    // A currency earned only before still shows, at zero and down 100%.
    expect(card('payout').lines.map((l) => [l.text, l.delta?.text])).toEqual([
      ['$159.00', 'new'],
      ['€0.00', '−100%'],
    ]);
    expect(card('epc').lines[0]!.text).toBe('$1.2823');
  });

  it('has no deltas until the previous range arrives, and a dash for no money', () => {
    const cards = buildCards(base, undefined, 'en-US');
    expect(cards[0]!.lines[0]!.delta).toBeNull();
    expect(cards.find((c) => c.id === 'revenue')!.lines).toEqual([]);
  });
});
