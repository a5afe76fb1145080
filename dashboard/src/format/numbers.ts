export function formatCount(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

/** A ratio as a percentage: 0.1129 → "11.29%". */
export function formatPercent(ratio: number, locale: string, maxDigits = 2): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: maxDigits,
  }).format(ratio);
}

export type Trend = 'up' | 'down' | 'flat' | 'new' | 'none';

export interface Delta {
  trend: Trend;
  /** Short text for the card, e.g. "+12.5%", "−3 pp", "new". */
  text: string;
}

/** Relative change against the previous period; null when there is nothing to compare with. */
export function relativeChange(current: number, previous: number): number | null {
  if (previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

function signed(value: number, locale: string, options: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, { ...options, signDisplay: 'exceptZero' })
    .format(value)
    .replace('-', '−');
}

export function countDelta(current: number, previous: number, locale: string): Delta {
  if (current === previous)
    return { trend: current === 0 ? 'none' : 'flat', text: current === 0 ? '–' : '±0%' };
  const change = relativeChange(current, previous);
  if (change === null) return { trend: 'new', text: 'new' };
  return {
    trend: change > 0 ? 'up' : 'down',
    text: signed(change, locale, { style: 'percent', maximumFractionDigits: 1 }),
  };
}

/** Change of a rate in percentage points: 0.10 → 0.12 is "+2 pp". */
export function pointDelta(current: number, previous: number, locale: string): Delta {
  const points = Math.round((current - previous) * 10_000) / 100;
  if (points === 0)
    return { trend: current === 0 ? 'none' : 'flat', text: current === 0 ? '–' : '±0 pp' };
  return {
    trend: points > 0 ? 'up' : 'down',
    text: `${signed(points, locale, { maximumFractionDigits: 2 })} pp`,
  };
}
