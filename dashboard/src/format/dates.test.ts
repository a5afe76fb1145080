import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayCount,
  formatDayRange,
  formatTime,
  isDay,
  listDays,
  todayUtc,
} from './dates.ts';

describe('dates', () => {
  it('works in UTC calendar days', () => {
    expect(todayUtc(new Date('2026-11-24T23:59:59Z'))).toBe('2026-11-24');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(dayCount('2026-11-18', '2026-11-24')).toBe(7);
    expect(listDays('2026-10-30', '2026-11-02')).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
  });

  it('accepts only real YYYY-MM-DD days', () => {
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('26-2-1')).toBe(false);
  });

  it('formats ranges and times for people', () => {
    expect(formatDayRange('2026-11-18', '2026-11-24', 'en-US')).toBe('Nov 18 – Nov 24, 2026');
    expect(formatDayRange('2026-12-30', '2027-01-02', 'en-US')).toBe('Dec 30, 2026 – Jan 2, 2027');
    expect(formatDayRange('2026-11-24', '2026-11-24', 'en-US')).toBe('Nov 24, 2026');
    expect(formatTime('2026-11-23T09:21:57.517Z', 'en-US')).toBe('Nov 23, 09:21');
  });
});
