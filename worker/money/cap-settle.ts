import type { Conversion } from '../../drizzle/schema.ts';
import type { Database } from '../db/client.ts';
import { findConversionByKey, withConversionLocked } from '../db/queries/conversions.ts';
import type { CampaignConfig } from '../config/read-model.ts';
import { logEvent } from '../lib/log.ts';
import { capReservationOf, takesCapPlace } from './cap-key.ts';
import type { CapCounterClient, CapReservation } from './caps.ts';

type ConversionKey = Pick<
  Conversion,
  'affiliateId' | 'clickId' | 'event' | 'txid' | 'payout' | 'timestamp'
>;

/**
 * After a conversion was inserted, found as a duplicate, or changed status: tells the campaign's
 * counter what is stored for it, so its place is held exactly when the stored row takes one
 * (CapCounter.settle). The row is read under its lock and the counter told before the lock goes,
 * so a concurrent status change settles after this one, from what it stored. `stored` names the
 * row when it is known to exist; otherwise it is looked up by key. When the database cannot say,
 * the place is kept: the cap then closes one early until a retry settles it, never one late.
 */
export async function settleCaps(
  db: Database,
  caps: CapCounterClient,
  campaign: CampaignConfig,
  conversion: ConversionKey & { id?: number },
  // The claim this request's reserve took (null: none), ended by this settle.
  claim: string | null,
): Promise<void> {
  const reservation = capReservationOf(conversion);
  let told = false;
  // A locked read that fails (a deadlock among copies of one postback) is tried once more.
  for (let attempt = 1; attempt <= 2 && !told; attempt++) {
    told = await tellStored(db, caps, campaign, conversion, reservation, claim, attempt === 2);
  }
  if (told) return;
  // Never stored (as far as can be read), or unreadable: end the claim and keep the place.
  try {
    await caps.settle(campaign, reservation, { counts: null, claim });
  } catch (err) {
    // The claim then lapses by itself (CapCounter's CLAIM_MS); the write it followed stands.
    logEvent('error', {
      msg: 'cap counter unreachable after a write: its claim lapses',
      campaignId: campaign.id,
      key: reservation.key,
      error: String(err),
    });
  }
}

// Tells the counter what is stored for the key, read under the row's lock. Returns whether it did.
async function tellStored(
  db: Database,
  caps: CapCounterClient,
  campaign: CampaignConfig,
  conversion: ConversionKey & { id?: number },
  reservation: CapReservation,
  claim: string | null,
  last: boolean,
): Promise<boolean> {
  let told = false;
  try {
    const id =
      conversion.id ??
      (
        await findConversionByKey(db, {
          affiliateId: conversion.affiliateId,
          clickId: conversion.clickId,
          event: conversion.event,
          txid: conversion.txid,
        })
      )?.id;
    if (id !== undefined)
      await withConversionLocked(db, id, async (row) => {
        // A row gone (deleted by retention) takes no place.
        const stored = row ? capReservationOf(row) : reservation;
        await caps.settle(campaign, stored, {
          counts: row ? takesCapPlace(row) : false,
          claim,
        });
        told = true;
      });
  } catch (err) {
    if (last)
      logEvent('error', {
        msg: 'cap settle could not read the conversion: its place is kept',
        campaignId: campaign.id,
        key: reservation.key,
        error: String(err),
      });
  }
  return told;
}
