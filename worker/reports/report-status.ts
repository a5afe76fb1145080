/**
 * The status a conversion is counted under in rollups and reports. An affiliate's own report,
 * until the advertiser or the network decides it, is "reported": its amount is the affiliate's
 * word, so it stays out of conversions, revenue and payout and is shown apart.
 */
export const REPORTED = 'reported';

export function reportStatusOf(c: { status: string; statusSetBy: string }): string {
  return c.status === 'pending' && c.statusSetBy === 'affiliate' ? REPORTED : c.status;
}

// The same, in SQL over the conversions table (`prefix`: its alias and a dot, if any).
export function reportStatusSql(prefix = ''): string {
  return `CASE WHEN ${prefix}status = 'pending' AND ${prefix}status_set_by = 'affiliate' THEN '${REPORTED}' ELSE ${prefix}status END`;
}
