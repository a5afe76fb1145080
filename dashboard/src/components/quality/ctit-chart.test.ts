import { describe, expect, it } from 'vitest';
import { ctitGeometry } from './ctit-chart.ts';

const buckets = [
  { bucket: '<10s', label: 'Under 10 s', count: 10, held: 10 },
  { bucket: '10-60s', label: '10–60 s', count: 40, held: 5 },
  { bucket: '1-10m', label: '1–10 min', count: 1, held: 0 },
  { bucket: '10-60m', label: '10–60 min', count: 0, held: 0 },
  { bucket: '1-24h', label: '1–24 h', count: 0, held: 0 },
  { bucket: '>24h', label: 'Over 24 h', count: 0, held: 0 },
];

describe('CTIT chart geometry', () => {
  it('scales bars to the largest bucket, stacks the held part at the foot and marks the too-fast bucket', () => {
    const g = ctitGeometry(buckets, 600, 220);
    expect(g.baseline).toBe(190);
    const [fast, peak, tiny, empty] = g.bars;
    expect(peak!.y).toBe(22);
    expect(fast!.y).toBeCloseTo(190 - (10 / 40) * 168);
    expect(fast!.heldY).toBe(fast!.y);
    expect(peak!.heldY).toBeCloseTo(190 - (5 / 40) * 168);
    // One conversion among forty stays visible; an empty bucket draws nothing.
    expect(tiny!.y).toBeLessThanOrEqual(188);
    expect(empty!.y).toBe(190);
    expect(g.bars.map((b) => b.tooFast)).toEqual([true, false, false, false, false, false]);
  });

  it('keeps bars inside their slots and shortens labels on a phone', () => {
    const wide = ctitGeometry(buckets, 600, 220);
    expect(wide.bars[0]!.text).toBe('Under 10 s');
    for (const [i, b] of wide.bars.entries()) {
      expect(b.x).toBeGreaterThanOrEqual(i * 100);
      expect(b.x + b.width).toBeLessThanOrEqual((i + 1) * 100);
    }
    const phone = ctitGeometry(buckets, 320, 220);
    expect(phone.bars.map((b) => b.text)).toEqual([
      '<10 s',
      '10–60 s',
      '1–10 m',
      '10–60 m',
      '1–24 h',
      '>24 h',
    ]);
  });

  it('draws an empty histogram flat', () => {
    const g = ctitGeometry(
      buckets.map((b) => ({ ...b, count: 0, held: 0 })),
      600,
      220,
    );
    expect(g.bars.every((b) => b.y === g.baseline && b.heldY === g.baseline)).toBe(true);
  });
});
