import { describe, expect, it } from 'vitest';
import { countDelta, formatCount, formatPercent, pointDelta, relativeChange } from './numbers.ts';

describe('numbers', () => {
  it('formats counts and percentages', () => {
    expect(formatCount(12345, 'en-US')).toBe('12,345');
    expect(formatPercent(0.1129, 'en-US')).toBe('11.29%');
    expect(formatPercent(0, 'en-US')).toBe('0%');
    expect(formatPercent(1, 'en-US')).toBe('100%');
  });

  it('computes the relative change, or null without a base', () => {
    expect(relativeChange(150, 100)).toBe(0.5);
    expect(relativeChange(50, 100)).toBe(-0.5);
    expect(relativeChange(5, 0)).toBeNull();
  });

  it('describes count deltas with a sign and a trend', () => {
    expect(countDelta(33, 26, 'en-US')).toEqual({ trend: 'up', text: '+26.9%' });
    expect(countDelta(1, 5, 'en-US')).toEqual({ trend: 'down', text: '−80%' });
    expect(countDelta(4, 0, 'en-US')).toEqual({ trend: 'new', text: 'new' });
    expect(countDelta(0, 0, 'en-US')).toEqual({ trend: 'none', text: '–' });
    expect(countDelta(7, 7, 'en-US')).toEqual({ trend: 'flat', text: '±0%' });
  });

  it('describes rate deltas in percentage points', () => {
    expect(pointDelta(0.12, 0.1, 'en-US')).toEqual({ trend: 'up', text: '+2 pp' });
    expect(pointDelta(0.0303, 0.1919, 'en-US')).toEqual({ trend: 'down', text: '−16.16 pp' });
    expect(pointDelta(0.1, 0.1, 'en-US')).toEqual({ trend: 'flat', text: '±0 pp' });
  });
});
