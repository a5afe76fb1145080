import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors.ts';
import type { CapConfig } from '../config/read-model.ts';
import { logEvent } from '../lib/log.ts';
import { seedCaps } from '../money/cap-seed.ts';
import { capCounter } from '../money/caps.ts';
import { zoneOf } from '../money/periods.ts';

/**
 * Counts what the current period already holds into the caps' counters: after caps are saved, or
 * after the campaign's time zone changed (its days and months are other spans now). What was
 * saved is in force either way, so a failure says so, and how to count it again.
 */
export async function countCapPeriod(
  c: Context<AppEnv>,
  campaign: { id: number; timeZone: string | null },
  caps: CapConfig[],
  saved: { what: string; retry: string },
): Promise<void> {
  try {
    // The counter counts in the zone now saved, whatever zone an isolate's cached campaign carries.
    await capCounter(c.env.CAPS, campaign.id).setZone(zoneOf(campaign.timeZone));
    if (caps.length === 0) return;
    await seedCaps(c.var.db, c.env.CAPS, campaign, caps);
  } catch (err) {
    logEvent('error', { msg: 'cap seeding failed', campaignId: campaign.id, error: String(err) });
    throw new ApiError(
      'service_unavailable',
      `${saved.what}, but the conversions and clicks already recorded this period could not be counted into the caps' usage; ${saved.retry} to count them`,
      { headers: { 'Retry-After': '5' } },
    );
  }
}
