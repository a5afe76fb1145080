import { logEvent } from '../lib/log.ts';

/** The span a cap counts over: a local calendar day, a local calendar month, or for ever. */
export type CapPeriod = 'day' | 'month' | 'total';

const formatters = new Map<string, Intl.DateTimeFormat>();

// One formatter per zone and isolate: building one costs far more than using it.
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a time zone this runtime knows (an IANA name such as Europe/Berlin). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

const reported = new Set<string>();

// A campaign's zone, or UTC. A stored zone the runtime does not know counts in UTC rather than failing the request.
export function zoneOf(timeZone: string | null | undefined): string {
  if (!timeZone) return 'UTC';
  if (isKnownTimeZone(timeZone)) return timeZone;
  if (!reported.has(timeZone)) {
    reported.add(timeZone);
    logEvent('error', { msg: 'unknown campaign time zone, counting caps in UTC', timeZone });
  }
  return 'UTC';
}

/** The local calendar date of an instant in a zone, as YYYY-MM-DD. */
export function localDate(at: number, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  // Years before 1000 or after 9999 do not occur in tracking; padding keeps the text sortable anyway.
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** Which counter of a period an instant falls in: the local day (YYYY-MM-DD), the local month (YYYY-MM) or 'total'. */
export function periodKey(period: CapPeriod, at: number, timeZone: string): string {
  if (period === 'total') return 'total';
  const date = localDate(at, timeZone);
  return period === 'day' ? date : date.slice(0, 7);
}

/** When the period containing `at` starts (its first instant, ms since the epoch); null for 'total'. */
export function periodStart(period: CapPeriod, at: number, timeZone: string): number | null {
  if (period === 'total') return null;
  const date = localDate(at, timeZone);
  return startOfLocalDate(period === 'day' ? date : `${date.slice(0, 7)}-01`, timeZone);
}

/** When the period containing `at` ends (the next one's first instant, ms since the epoch); null for 'total'. */
export function periodEnd(period: CapPeriod, at: number, timeZone: string): number | null {
  if (period === 'total') return null;
  const [year, month, day] = localDate(at, timeZone).split('-').map(Number) as [
    number,
    number,
    number,
  ];
  const next =
    period === 'day'
      ? new Date(Date.UTC(year, month - 1, day + 1))
      : new Date(Date.UTC(year, month, 1));
  return startOfLocalDate(next.toISOString().slice(0, 10), timeZone);
}

// Time zone offsets lie within ±15 hours, so the local day starts within that much of the same wall-clock time in UTC.
const SEARCH_MS = 15 * 3600_000;

/**
 * The first instant whose local date is `date` (or later). Found by bisection over the local date rather
 * than by offset arithmetic, so days that start at 01:00 (a DST change at midnight) come out right too.
 */
export function startOfLocalDate(date: string, timeZone: string): number {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  let lo = utcMidnight - SEARCH_MS; // local date before `date`
  let hi = utcMidnight + SEARCH_MS; // local date is `date` or later
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDate(mid, timeZone) >= date) hi = mid;
    else lo = mid;
  }
  return hi;
}
