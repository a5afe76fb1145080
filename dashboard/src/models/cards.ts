import type { Money, Summary } from '../api/routes.ts';
import { formatMoney } from '../format/money.ts';
import {
  countDelta,
  formatCount,
  formatPercent,
  pointDelta,
  type Delta,
} from '../format/numbers.ts';

export interface CardLine {
  /** The raw number, for tests and tooltips. */
  value: number;
  currency: string | null;
  text: string;
  delta: Delta | null;
}

export interface Card {
  id: 'clicks' | 'unique_clicks' | 'conversions' | 'conversion_rate' | 'revenue' | 'payout' | 'epc';
  label: string;
  hint: string;
  lines: CardLine[];
}

type Totals = Pick<
  Summary,
  'clicks' | 'unique_clicks' | 'conversions' | 'conversion_rate' | 'revenue' | 'payout' | 'epc'
>;

function countLine(current: number, previous: number | undefined, locale: string): CardLine {
  return {
    value: current,
    currency: null,
    text: formatCount(current, locale),
    delta: previous === undefined ? null : countDelta(current, previous, locale),
  };
}

// One line per currency seen now or before, so a currency that dropped to zero still shows.
function moneyLines(
  current: Money[],
  previous: Money[] | undefined,
  locale: string,
  precise: boolean,
): CardLine[] {
  const amount = (currency: string) => current.find((m) => m.currency === currency)?.amount ?? 0;
  // Biggest amount first, so the line that matters most today leads.
  const currencies = [...new Set([...current, ...(previous ?? [])].map((m) => m.currency))].sort(
    (a, b) => amount(b) - amount(a) || a.localeCompare(b),
  );
  return currencies.map((currency) => {
    const now = current.find((m) => m.currency === currency)?.amount ?? 0;
    const before = previous?.find((m) => m.currency === currency)?.amount ?? 0;
    return {
      value: now,
      currency,
      text: formatMoney(now, currency, locale, precise),
      delta: previous === undefined ? null : countDelta(now, before, locale),
    };
  });
}

/** The overview cards: this range's totals with the change against the previous range. */
export function buildCards(current: Totals, previous: Totals | undefined, locale: string): Card[] {
  return [
    {
      id: 'clicks',
      label: 'Clicks',
      hint: 'All clicks on your tracking links',
      lines: [countLine(current.clicks, previous?.clicks, locale)],
    },
    {
      id: 'unique_clicks',
      label: 'Unique clicks',
      hint: 'First click per visitor and campaign each day',
      lines: [countLine(current.unique_clicks, previous?.unique_clicks, locale)],
    },
    {
      id: 'conversions',
      label: 'Conversions',
      hint: 'Approved and pending; rejected are not counted',
      lines: [countLine(current.conversions, previous?.conversions, locale)],
    },
    {
      id: 'conversion_rate',
      label: 'Conversion rate',
      hint: 'Conversions per click',
      lines: [
        {
          value: current.conversion_rate,
          currency: null,
          text: formatPercent(current.conversion_rate, locale),
          delta:
            previous === undefined
              ? null
              : pointDelta(current.conversion_rate, previous.conversion_rate, locale),
        },
      ],
    },
    {
      id: 'revenue',
      label: 'Revenue',
      hint: 'Sale amounts reported by advertisers',
      lines: moneyLines(current.revenue, previous?.revenue, locale, false),
    },
    {
      id: 'payout',
      label: 'Payout',
      hint: 'Your commission',
      lines: moneyLines(current.payout, previous?.payout, locale, false),
    },
    {
      id: 'epc',
      label: 'EPC',
      hint: 'Earnings per click: payout ÷ clicks',
      lines: moneyLines(current.epc, previous?.epc, locale, true),
    },
  ];
}
