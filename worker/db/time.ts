// MySQL DATETIME(3) text <-> Date/ISO-8601, always UTC: the only time formats the tracker uses.
export function fromMysqlDatetime(value: string): Date {
  return new Date(`${value.replace(' ', 'T')}Z`);
}

export function toIso(mysqlDatetime: string): string {
  return fromMysqlDatetime(mysqlDatetime).toISOString();
}

export function toMysqlDatetime(date: Date): string {
  return date.toISOString().slice(0, 23).replace('T', ' ');
}

// Years PlanetScale's DATETIME supports, with room for a day either side of a range.
const FIRST_DAY = '1970-01-01';
const LAST_DAY = '9998-12-31';

/**
 * A real UTC time in DATETIME(3) text form. MySQL 8 refuses `2026-13-45 99:99:99.999` with an
 * error and MariaDB only warns, so such a value never reaches the database.
 */
export function isMysqlDatetime(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/.test(value)) return false;
  const date = new Date(`${value.replace(' ', 'T')}Z`);
  return (
    !Number.isNaN(date.getTime()) &&
    toMysqlDatetime(date) === value &&
    value.slice(0, 10) >= FIRST_DAY &&
    value.slice(0, 10) <= LAST_DAY
  );
}

/** A real calendar day `YYYY-MM-DD` within the years a DATETIME range can express. */
export function isMysqlDay(value: string): boolean {
  return isMysqlDatetime(`${value} 00:00:00.000`);
}
