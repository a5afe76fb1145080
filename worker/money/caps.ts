import type { CampaignConfig, CapConfig } from '../config/read-model.ts';
import { toUnits } from '../lib/money.ts';
import type { CapCounter, CounterCap, CounterVerdict } from './cap-counter.ts';
import { fromUnits } from './payout.ts';
import { zoneOf, type CapPeriod } from './periods.ts';

/**
 * Exact caps. Every counted conversion is reserved with the campaign's CapCounter Durable Object
 * under its conversion key, so a retry or a replay never counts twice and a refused one never counts.
 */
// added: this reservation counted the conversion now (false: it counted already, or no cap applies).
// claim: the claim the counter holds for this request until it settles (CapCounter.settle); null: none.
export type CapVerdict =
  | { ok: true; added: boolean; claim: string | null }
  | { ok: false; capId: number; message: string };

export interface CapReservation {
  // The conversion's unique key (affiliate, click, event, txid): reserving it twice counts once.
  key: string;
  affiliateId: number;
  payout: string | null;
  at: Date;
}

/**
 * reserve: before inserting a new conversion or approving one. ok → write it; refused → store it
 * rejected (cap_reached), or refuse the approval.
 * settle: after the write, with what is now stored (read under the row's lock: see cap-settle.ts).
 * The stored row owns the place, not the request that reserved it: a copy that lost an insert race
 * to a counted original leaves the place alone, and one whose stored row does not count gives it back.
 * release: gives a key's place back unconditionally.
 */
export interface CapCounterClient {
  // everyCap: also count an already reserved conversion in caps saved since (review; see CapCounter.reserve).
  reserve(
    campaign: CampaignConfig,
    r: CapReservation,
    opts?: { everyCap?: boolean },
  ): Promise<CapVerdict>;
  settle(
    campaign: CampaignConfig,
    r: CapReservation,
    stored: { counts: boolean | null; claim: string | null },
  ): Promise<void>;
  release(campaign: CampaignConfig, r: CapReservation): Promise<void>;
}

export function hasConversionCaps(campaign: CampaignConfig): boolean {
  return (campaign.caps ?? []).some((c) => c.metric !== 'clicks');
}

/** The campaign's one counter object. */
export function capCounter(
  ns: DurableObjectNamespace<CapCounter>,
  campaignId: number,
): DurableObjectStub<CapCounter> {
  return ns.get(ns.idFromName(`campaign:${campaignId}`));
}

/** The caps that count this affiliate's conversions (or clicks): the campaign-wide ones and its own. */
export function applicableCaps(
  campaign: CampaignConfig,
  affiliateId: number,
  kind: 'conversion' | 'click',
): CapConfig[] {
  return (campaign.caps ?? []).filter(
    (c) =>
      (kind === 'click' ? c.metric === 'clicks' : c.metric !== 'clicks') &&
      (c.affiliateId === null || c.affiliateId === affiliateId),
  );
}

export function counterCap(cap: CapConfig): CounterCap {
  const units = toUnits(cap.limit);
  return {
    id: cap.id,
    scope: cap.affiliateId === null ? 'campaign' : `affiliate:${cap.affiliateId}`,
    metric: cap.metric as CounterCap['metric'],
    period: cap.period as CapPeriod,
    // Counts are whole numbers (the API refuses others); payout stays in 1/10000 units.
    limit: (cap.metric === 'payout' ? units : units / 10_000n).toString(),
  };
}

// A conversion's payout as the counter sums it: 1/10000 units, '0' when it pays nothing.
export function payoutUnits(payout: string | null): string {
  return payout === null ? '0' : toUnits(payout).toString();
}

/** Counts into the counters what the database holds for the caps' periods containing `at` (seedCaps). */
export type Recount = (campaign: CampaignConfig, caps: CapConfig[], at: number) => Promise<void>;

/**
 * `recount` is how a reservation in a period whose counter is no longer kept (a review of a
 * conversion from long ago) learns that period's usage; without it such a reservation is refused.
 */
export function capCounterClient(
  ns: DurableObjectNamespace<CapCounter>,
  recount?: Recount,
): CapCounterClient {
  return {
    async reserve(campaign, r, opts = {}) {
      const caps = applicableCaps(campaign, r.affiliateId, 'conversion');
      // Only another affiliate's caps: nothing counts this conversion, and no round trip is spent.
      if (caps.length === 0) return { ok: true, added: false, claim: null };
      const timeZone = zoneOf(campaign.timeZone);
      const ask = () =>
        capCounter(ns, campaign.id).reserve({
          key: r.key,
          caps: caps.map(counterCap),
          at: r.at.getTime(),
          timeZone,
          payoutUnits: payoutUnits(r.payout),
          everyCap: opts.everyCap ?? false,
        });
      let verdict = await ask();
      if (!verdict.ok && verdict.recount && recount) {
        await recount(campaign, caps, r.at.getTime());
        verdict = await ask();
      }
      if (verdict.ok)
        return { ok: true, added: verdict.added ?? false, claim: verdict.claim ?? null };
      if (verdict.recount)
        return {
          ok: false,
          capId: verdict.capId,
          message: `the usage of campaign ${campaign.id}'s caps on ${verdict.periodKey} (${verdict.timeZone}) is no longer kept and could not be counted again`,
        };
      return {
        ok: false,
        capId: verdict.capId,
        message: capMessage(
          campaign,
          caps.find((c) => c.id === verdict.capId)!,
          verdict,
          verdict.timeZone,
          r.payout,
        ),
      };
    },
    async settle(campaign, r, stored) {
      // Nothing claimed and nothing to give back: no round trip.
      if (stored.claim === null && stored.counts !== false) return;
      await capCounter(ns, campaign.id).settle({
        key: r.key,
        caps: applicableCaps(campaign, r.affiliateId, 'conversion').map(counterCap),
        at: r.at.getTime(),
        timeZone: zoneOf(campaign.timeZone),
        payoutUnits: payoutUnits(r.payout),
        ...stored,
      });
    },
    async release(campaign, r) {
      await capCounter(ns, campaign.id).release(r.key);
    },
  };
}

const PER = { day: 'a day', month: 'a month', total: 'in total' } as const;

/** Why a conversion or click was refused, in words a campaign manager can act on. */
export function capMessage(
  campaign: Pick<CampaignConfig, 'id' | 'currency'>,
  cap: CapConfig,
  verdict: Extract<CounterVerdict, { ok: false }>,
  timeZone: string,
  payout: string | null = null,
): string {
  const who =
    cap.affiliateId === null
      ? `campaign ${campaign.id}`
      : `campaign ${campaign.id} for affiliate ${cap.affiliateId}`;
  const period = cap.period as CapPeriod;
  const when = period === 'total' ? '' : ` (${verdict.periodKey}, ${timeZone})`;
  if (cap.metric === 'payout') {
    const budget = `${fromUnits(toUnits(cap.limit))} ${campaign.currency}`;
    const used = `${fromUnits(BigInt(verdict.used))} ${campaign.currency}`;
    const pays = payout === null ? '' : `, this conversion pays ${fromUnits(toUnits(payout))}`;
    return `Payout budget reached: ${who} allows ${budget} of payout ${PER[period]}${when}; ${used} used${pays}`;
  }
  const noun = cap.metric === 'clicks' ? 'clicks' : 'conversions';
  const limit = toUnits(cap.limit) / 10_000n;
  return `${cap.metric === 'clicks' ? 'Click' : 'Conversion'} cap reached: ${who} allows ${limit} ${noun} ${PER[period]}${when}; ${verdict.used} counted`;
}
