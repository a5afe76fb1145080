import { describe, expect, it } from 'vitest';
import { chartDays, chartGeometry, niceMax } from './chart.ts';

const totals = {
  unique_clicks: 0,
  approved: 0,
  pending: 0,
  rejected: 0,
  conversion_rate: 0,
  revenue: [],
  payout: [],
  epc: [],
  reported: { conversions: 0, revenue: [], payout: [] },
};

describe('day chart', () => {
  it('rounds axis maxima up to 1, 2 or 5 × 10ⁿ', () => {
    expect([0, 1, 3, 7, 11, 20, 180].map(niceMax)).toEqual([1, 1, 5, 10, 20, 20, 200]);
  });

  it('draws one bar and one point per day, inside the plot', () => {
    const rows = ['2026-11-22', '2026-11-23', '2026-11-24'].map((key, i) => ({
      ...totals,
      key,
      clicks: [4, 10, 0][i]!,
      conversions: [1, 0, 2][i]!,
    }));
    const days = chartDays(rows, 'en-US');
    expect(days.map((d) => d.label)).toEqual(['Nov 22', 'Nov 23', 'Nov 24']);
    const g = chartGeometry(days, 600, 200);
    expect(g.bars).toHaveLength(3);
    expect(g.line.match(/[ML]/g)).toHaveLength(3);
    const tallest = g.bars[1]!;
    expect(tallest.barY).toBe(g.plot.top);
    expect(g.bars[2]!.barHeight).toBe(0);
    expect(g.bars[2]!.pointY).toBe(g.plot.top);
    for (const b of g.bars) {
      expect(b.x).toBeGreaterThanOrEqual(g.plot.left);
      expect(b.x + b.width).toBeLessThanOrEqual(g.plot.right);
    }
    expect(g.clickTicks.map((t) => t.value)).toEqual([0, 5, 10]);
  });

  it('labels fewer days when they would not fit', () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({
      ...totals,
      key: `2026-11-${String(i + 1).padStart(2, '0')}`,
      clicks: i,
      conversions: 0,
    }));
    const g = chartGeometry(chartDays(rows, 'en-US'), 340, 200);
    const labelled = g.bars.filter((b) => b.showLabel);
    expect(labelled.length).toBeLessThanOrEqual(5);
    expect(labelled.at(-1)!.day).toBe('2026-11-30');
  });
});
