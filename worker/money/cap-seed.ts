import type { Database } from '../db/client.ts';
import { confirmedConversionsPage, countClicks, type CapSpan } from '../db/queries/cap-usage.ts';
import { toMysqlDatetime } from '../db/time.ts';
import type { CapCounter } from './cap-counter.ts';
import { capReservationOf } from './cap-key.ts';
import type { CapConfig } from '../config/read-model.ts';
import { capCounter, counterCap, payoutUnits, type Recount } from './caps.ts';
import { periodEnd, periodStart, zoneOf, type CapPeriod } from './periods.ts';

// Conversions read, and handed to the counter, per round trip: memory stays bounded however busy the period.
const PAGE = 2_000;

const mysqlTime = (ms: number | null) => (ms === null ? null : toMysqlDatetime(new Date(ms)));

/** The recount a cap counter client uses for periods whose counters are no longer kept. */
export function recountFrom(db: Database, ns: DurableObjectNamespace<CapCounter>): Recount {
  return (campaign, caps, at) => seedCaps(db, ns, campaign, caps, at);
}

/**
 * Counts what the current period already holds into the counters of caps just saved, so a cap added
 * mid-period limits the period, not what is left of it: the campaign's confirmed conversions (by
 * conversion key and payout; see confirmedConversionsPage) and an affiliate's clicks, in the campaign's time zone. Exact and
 * idempotent (CapCounter.seed): saving the same caps again counts nothing twice. Caps that count the
 * same rows (one affiliate or the campaign, one period) share one read.
 */
export async function seedCaps(
  db: Database,
  ns: DurableObjectNamespace<CapCounter>,
  campaign: { id: number; timeZone?: string | null | undefined },
  caps: CapConfig[],
  at = Date.now(),
): Promise<void> {
  const timeZone = zoneOf(campaign.timeZone);
  const counter = capCounter(ns, campaign.id);
  const groups = new Map<string, CapConfig[]>();
  for (const cap of caps) {
    const rows = `${cap.metric === 'clicks' ? 'clicks' : 'conversions'}|${cap.affiliateId ?? '*'}|${cap.period}`;
    groups.set(rows, [...(groups.get(rows) ?? []), cap]);
  }
  for (const group of groups.values()) {
    const { affiliateId, metric } = group[0]!;
    const period = group[0]!.period as CapPeriod;
    const span: CapSpan = {
      campaignId: campaign.id,
      affiliateId,
      from: mysqlTime(periodStart(period, at, timeZone)),
      to: mysqlTime(periodEnd(period, at, timeZone)),
    };
    const seed = { caps: group.map(counterCap), at, timeZone };
    if (metric === 'clicks') {
      // Only an affiliate's clicks are counted back: the clicks table has no index by campaign, and a
      // campaign-wide count would read every shard's whole range on each save. Those start at the save.
      if (affiliateId !== null)
        await counter.seed({
          ...seed,
          conversions: [],
          clicks: String(await countClicks(db, span)),
        });
      continue;
    }
    for (let afterId = 0; ; ) {
      const readAt = Date.now();
      const page = await confirmedConversionsPage(db, span, afterId, PAGE);
      // Even an empty first page is told: the counter then knows the period is counted.
      if (page.length > 0 || afterId === 0) {
        const conversions = page.map((row) => ({
          key: capReservationOf(row).key,
          payoutUnits: payoutUnits(row.payout),
        }));
        await counter.seed({ ...seed, conversions, clicks: null, readAt });
      }
      if (page.length < PAGE) break;
      afterId = page.at(-1)!.id;
    }
  }
}
