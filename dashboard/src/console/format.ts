/** A UTC day, short: "Dec 2, 2026". */
export function formatDay(iso: string, locale: string): string {
  return new Date(iso).toLocaleDateString(locale, {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });
}

/** A UTC time of day with the date: "Dec 2, 20:29:05". */
export function formatStamp(iso: string, locale: string): string {
  return new Date(iso).toLocaleString(locale, {
    timeZone: 'UTC',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}

/** Decimal text without trailing zeros: "30.0000" → "30", "12.5000" → "12.5". */
export function plainDecimal(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** A moment in a given zone, to the minute: "Dec 4, 00:00". */
export function formatMinute(iso: string, locale: string, timeZone: string): string {
  return new Date(iso).toLocaleString(locale, {
    timeZone,
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}
