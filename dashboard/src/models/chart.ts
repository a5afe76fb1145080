import type { StatsRow } from '../api/routes.ts';
import { formatDay } from '../format/dates.ts';

export interface ChartDay {
  day: string;
  label: string;
  clicks: number;
  conversions: number;
}

export interface ChartBar extends ChartDay {
  x: number;
  width: number;
  barY: number;
  barHeight: number;
  pointX: number;
  pointY: number;
  showLabel: boolean;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; right: number; top: number; bottom: number };
  bars: ChartBar[];
  line: string;
  clickTicks: { value: number; y: number }[];
  conversionTicks: { value: number; y: number }[];
}

export function chartDays(rows: readonly StatsRow[], locale: string): ChartDay[] {
  return rows.map((r) => ({
    day: r.key,
    label: formatDay(r.key, locale),
    clicks: r.clicks,
    conversions: r.conversions,
  }));
}

// A round axis maximum (1, 2, 5 × 10^n) so tick labels are whole, readable numbers.
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value)!;
  return step * power;
}

/** Bars for clicks (left axis) and a line for conversions (right axis), one slot per day. */
export function chartGeometry(days: readonly ChartDay[], width = 720, height = 240): ChartGeometry {
  const plot = { left: 36, right: width - 28, top: 12, bottom: height - 28 };
  const slot = (plot.right - plot.left) / Math.max(days.length, 1);
  const maxClicks = niceMax(Math.max(0, ...days.map((d) => d.clicks)));
  const maxConversions = niceMax(Math.max(0, ...days.map((d) => d.conversions)));
  const y = (value: number, max: number) => plot.bottom - (value / max) * (plot.bottom - plot.top);
  // As many day labels as fit at about 64 px each, counted back from the newest day.
  const labelEvery = Math.max(
    1,
    Math.ceil(days.length / Math.max(1, Math.floor((plot.right - plot.left) / 64))),
  );
  const bars = days.map((d, i) => {
    const x = plot.left + i * slot;
    const barWidth = Math.max(1, slot * 0.7);
    const barY = y(d.clicks, maxClicks);
    return {
      ...d,
      x: x + (slot - barWidth) / 2,
      width: barWidth,
      barY,
      barHeight: plot.bottom - barY,
      pointX: x + slot / 2,
      pointY: y(d.conversions, maxConversions),
      showLabel: (days.length - 1 - i) % labelEvery === 0,
    };
  });
  // Ticks at 0, the middle when it is a whole number, and the top.
  const ticks = (max: number) =>
    [0, max / 2, max]
      .filter((v) => Number.isInteger(v))
      .map((value) => ({ value, y: y(value, max) }));
  return {
    width,
    height,
    plot,
    bars,
    line: bars
      .map((b, i) => `${i === 0 ? 'M' : 'L'}${b.pointX.toFixed(1)},${b.pointY.toFixed(1)}`)
      .join(''),
    clickTicks: ticks(maxClicks),
    conversionTicks: ticks(maxConversions),
  };
}
