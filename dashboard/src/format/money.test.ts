import { describe, expect, it } from 'vitest';
import { formatMoney, formatMoneyList } from './money.ts';

describe('formatMoney', () => {
  it('uses each currency’s own symbol and decimals', () => {
    expect(formatMoney(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(8.5, 'EUR', 'en-US')).toBe('€8.50');
    expect(formatMoney(1200, 'JPY', 'en-US')).toBe('¥1,200');
    expect(formatMoney(8.5, 'EUR', 'de-DE')).toBe('8,50\u00a0€');
  });

  it('keeps up to four decimals for EPC but at least two', () => {
    expect(formatMoney(0.2742, 'EUR', 'en-US', true)).toBe('€0.2742');
    expect(formatMoney(1.5, 'USD', 'en-US', true)).toBe('$1.50');
  });

  it('falls back to "amount CODE" for a code Intl refuses', () => {
    expect(formatMoney(3, 'X1', 'en-US')).toBe('3.00 X1');
  });

  it('lists several currencies, and a dash for none', () => {
    expect(
      formatMoneyList(
        [
          { currency: 'EUR', amount: 34 },
          { currency: 'USD', amount: 159 },
        ],
        'en-US',
      ),
    ).toBe('€34.00 · $159.00');
    expect(formatMoneyList([], 'en-US')).toBe('–');
  });
});
