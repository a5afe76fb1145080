import type { Conversion } from '../../drizzle/schema.ts';
import { fromMysqlDatetime } from '../db/time.ts';
import type { CapReservation } from './caps.ts';

/**
 * What a conversion holds in its campaign's cap counters: its unique key (affiliate, click, event,
 * txid), so reserving it again counts once, with the period it happened in. Whoever reserves a
 * conversion (the postback) and whoever releases it (review) build it here, so the keys match.
 */
export function capReservationOf(c: Pick<Conversion, 'affiliateId' | 'clickId' | 'event' | 'txid' | 'payout' | 'timestamp'>): CapReservation {
  return {
    key: `${c.affiliateId}:${c.clickId}:${c.event}:${c.txid}`,
    affiliateId: c.affiliateId,
    payout: c.payout,
    at: fromMysqlDatetime(c.timestamp),
  };
}

// A rejected conversion never counts toward a cap; approved and pending ones may.
export function countsTowardCaps(status: string): boolean {
  return status !== 'rejected';
}
