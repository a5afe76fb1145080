import type { Conversion } from '../../drizzle/schema.ts';
import { fromMysqlDatetime } from '../db/time.ts';
import type { CapReservation } from './caps.ts';

/**
 * What a conversion holds in its campaign's cap counters: its unique key (affiliate, click, event,
 * txid), so reserving it again counts once, with the period it happened in. Whoever reserves a
 * conversion (the postback) and whoever releases it (review) build it here, so the keys match.
 */
export function capReservationOf(
  c: Pick<Conversion, 'affiliateId' | 'clickId' | 'event' | 'txid' | 'payout' | 'timestamp'>,
): CapReservation {
  return {
    // JSON, not a joined string: event, txid and click ids may contain any separator.
    key: JSON.stringify([c.affiliateId, c.clickId, c.event, c.txid]),
    affiliateId: c.affiliateId,
    payout: c.payout,
    at: fromMysqlDatetime(c.timestamp),
  };
}

// A rejected conversion never counts toward a cap; approved and pending ones may.
export const CAP_COUNTED_STATUSES = ['approved', 'pending'] as const;

export function countsTowardCaps(status: string): boolean {
  return (CAP_COUNTED_STATUSES as readonly string[]).includes(status);
}

/**
 * Whether a stored conversion holds a place under its campaign's caps: approved, or pending from
 * anyone but the affiliate (an affiliate's own report takes a place only once confirmed).
 */
export function takesCapPlace(c: Pick<Conversion, 'status' | 'statusSetBy'>): boolean {
  return c.status === 'approved' || (c.status === 'pending' && c.statusSetBy !== 'affiliate');
}
