import type { Bindings } from '../env.ts';
import { ApiError } from '../errors.ts';
import type { CampaignConfig, CapConfig } from '../config/read-model.ts';
import { logEvent } from '../lib/log.ts';
import type { CounterVerdict } from '../money/cap-counter.ts';
import { applicableCaps, capCounter, capMessage, counterCap } from '../money/caps.ts';
import { zoneOf } from '../money/periods.ts';

export type ClickAdmission = { ok: true } | { ok: false; message: string; until: number | null };

type Refusal = Extract<CounterVerdict, { ok: false }>;

/**
 * Click caps known to be full, until their period ends: once the counter has said so, later clicks
 * in this isolate go to the fallback without asking it. The key holds the cap's limit and the
 * campaign's zone, so a raised limit (a new campaign copy) asks the counter again at once.
 */
const full = new Map<string, Refusal>();
const MAX_REMEMBERED = 10_000;

const memoKey = (campaign: CampaignConfig, cap: CapConfig) =>
  `${campaign.id}|${cap.affiliateId ?? '*'}|${cap.period}|${cap.limit}|${campaign.timeZone ?? ''}`;

function remember(campaign: CampaignConfig, cap: CapConfig, refusal: Refusal, now: number): void {
  if (full.size >= MAX_REMEMBERED) {
    for (const [key, r] of full) if (r.until !== null && r.until <= now) full.delete(key);
    if (full.size >= MAX_REMEMBERED) full.clear();
  }
  full.set(memoKey(campaign, cap), refusal);
}

/** A full click cap this isolate already knows of for this affiliate on the campaign, without asking anyone. */
export function knownFull(
  campaign: CampaignConfig,
  affiliateId: number,
  now = Date.now(),
): { cap: CapConfig; refusal: Refusal } | undefined {
  for (const cap of applicableCaps(campaign, affiliateId, 'click')) {
    const refusal = full.get(memoKey(campaign, cap));
    if (refusal && (refusal.until === null || refusal.until > now)) return { cap, refusal };
  }
  return undefined;
}

/** The refusal for a click cap this isolate knows is full, without asking anyone; undefined when none is known. */
export function rememberedRefusal(
  campaign: CampaignConfig,
  affiliateId: number,
): Extract<ClickAdmission, { ok: false }> | undefined {
  const known = knownFull(campaign, affiliateId);
  return (
    known && {
      ok: false,
      message: capMessage(campaign, known.cap, known.refusal, known.refusal.timeZone),
      until: known.refusal.until,
    }
  );
}

/**
 * Whether a click on the campaign fits its click caps; counts it when it does and `count` is set
 * (crawlers and HEAD requests only ask). A campaign without click caps costs nothing: no counter call.
 * When the counter cannot be reached the click goes through: traffic is never stopped by a fault.
 */
export async function admitClick(
  counters: Bindings['CAPS'],
  campaign: CampaignConfig,
  affiliateId: number,
  count: boolean,
): Promise<ClickAdmission> {
  const caps = applicableCaps(campaign, affiliateId, 'click');
  if (caps.length === 0) return { ok: true };
  const now = Date.now();
  const timeZone = zoneOf(campaign.timeZone);
  const known = rememberedRefusal(campaign, affiliateId);
  if (known) return known;
  let verdict: CounterVerdict;
  try {
    verdict = await capCounter(counters, campaign.id).admitClick({
      caps: caps.map(counterCap),
      at: now,
      timeZone,
      count,
    });
  } catch (err) {
    logEvent('error', {
      msg: 'cap counter unavailable, click let through',
      campaignId: campaign.id,
      error: String(err),
    });
    return { ok: true };
  }
  if (verdict.ok) return verdict;
  const cap = caps.find((x) => x.id === verdict.capId)!;
  remember(campaign, cap, verdict, now);
  return {
    ok: false,
    message: capMessage(campaign, cap, verdict, verdict.timeZone),
    until: verdict.until,
  };
}

/**
 * Whether a scored click takes a place under its campaign's click caps: not when a headless or
 * scripted browser made it, nor when it scored suspicious. Such a click is still recorded, and still
 * turned away once the cap is full, but it cannot use up an affiliate's traffic from outside.
 */
export function takesClickCapPlace(click: {
  isSuspicious?: boolean | undefined;
  qualityReasons?: string | null | undefined;
}): boolean {
  if (click.isSuspicious) return false;
  return !(click.qualityReasons ?? '').split(',').includes('automation');
}

/** The JSON answer to a capped click: 429 cap_reached, with Retry-After when the period ends. */
export function clickCapError(admission: Extract<ClickAdmission, { ok: false }>): ApiError {
  const message = `${admission.message}. The click was not recorded`;
  if (admission.until === null) return new ApiError('cap_reached', message);
  const seconds = Math.max(1, Math.ceil((admission.until - Date.now()) / 1000));
  return new ApiError('cap_reached', message, { headers: { 'Retry-After': String(seconds) } });
}
