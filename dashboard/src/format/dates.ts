// Report days are UTC calendar days (YYYY-MM-DD), the same days the API groups by.
const DAY_MS = 86_400_000;

export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(value);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Number of days from `from` to `to`, both included. */
export function dayCount(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

export function listDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(locale: string, withYear: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withYear}`;
  let format = dayFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      month: 'short',
      day: 'numeric',
      ...(withYear && { year: 'numeric' }),
      timeZone: 'UTC',
    });
    dayFormats.set(key, format);
  }
  return format;
}

export function formatDay(day: string, locale: string, withYear = false): string {
  return dayFormat(locale, withYear).format(new Date(`${day}T00:00:00Z`));
}

export function formatDayRange(from: string, to: string, locale: string): string {
  if (from === to) return formatDay(from, locale, true);
  return `${formatDay(from, locale, from.slice(0, 4) !== to.slice(0, 4))} – ${formatDay(to, locale, true)}`;
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** A click or conversion time, in UTC like the report days. */
export function formatTime(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'UTC',
    });
    timeFormats.set(locale, format);
  }
  return format.format(date);
}
