import { describe, expect, it } from 'vitest';
import {
  isKnownTimeZone,
  localDate,
  periodEnd,
  periodKey,
  startOfLocalDate,
  zoneOf,
} from './periods.ts';

describe('period keys', () => {
  const at = Date.parse('2026-12-31T23:30:00Z');

  it('are the local day, the local month, or total', () => {
    expect(periodKey('day', at, 'UTC')).toBe('2026-12-31');
    expect(periodKey('month', at, 'UTC')).toBe('2026-12');
    expect(periodKey('day', at, 'Europe/Berlin')).toBe('2027-01-01');
    expect(periodKey('month', at, 'Europe/Berlin')).toBe('2027-01');
    expect(periodKey('day', at, 'America/Los_Angeles')).toBe('2026-12-31');
    expect(periodKey('total', at, 'Europe/Berlin')).toBe('total');
  });

  it('end where the next period starts', () => {
    expect(periodEnd('day', at, 'UTC')).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(periodEnd('month', at, 'UTC')).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(periodEnd('day', at, 'Europe/Berlin')).toBe(Date.parse('2027-01-01T23:00:00Z'));
    expect(periodEnd('month', at, 'Europe/Berlin')).toBe(Date.parse('2027-01-31T23:00:00Z'));
    expect(periodEnd('day', Date.parse('2026-06-15T12:00:00Z'), 'Asia/Kathmandu')).toBe(
      Date.parse('2026-06-15T18:15:00Z'),
    );
    expect(periodEnd('total', at, 'UTC')).toBeNull();
  });

  it('follow daylight saving: a 23-hour and a 25-hour day in Berlin', () => {
    const spring =
      startOfLocalDate('2026-03-30', 'Europe/Berlin') -
      startOfLocalDate('2026-03-29', 'Europe/Berlin');
    const autumn =
      startOfLocalDate('2026-10-26', 'Europe/Berlin') -
      startOfLocalDate('2026-10-25', 'Europe/Berlin');
    expect([spring / 3600_000, autumn / 3600_000]).toEqual([23, 25]);
  });

  it.each([
    'UTC',
    'America/New_York',
    'America/Santiago',
    'America/Havana',
    'Asia/Beirut',
    'Australia/Lord_Howe',
    'Pacific/Kiritimati',
    'Pacific/Pago_Pago',
    'Asia/Kathmandu',
  ])(
    'every day of 2026 in %s starts at its first local instant (including days that start at 01:00)',
    (zone) => {
      for (
        let day = Date.parse('2026-01-01T00:00:00Z');
        day < Date.parse('2027-01-01T00:00:00Z');
        day += 86_400_000
      ) {
        const date = new Date(day).toISOString().slice(0, 10);
        const start = startOfLocalDate(date, zone);
        expect(localDate(start, zone), `${zone} ${date}`).toBe(date);
        expect(localDate(start - 1, zone) < date, `${zone} ${date}`).toBe(true);
      }
    },
  );
});

describe('time zones', () => {
  it('known IANA names are accepted, anything else counts in UTC', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
    expect(zoneOf(null)).toBe('UTC');
    expect(zoneOf('Mars/Olympus')).toBe('UTC');
    expect(zoneOf('Asia/Tokyo')).toBe('Asia/Tokyo');
  });
});
