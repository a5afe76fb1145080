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
