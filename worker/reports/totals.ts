import { z } from '@hono/zod-openapi';
import type { ClickTotals, ConversionTotals } from '../db/queries/reports.ts';
import { toUnits, unitsToNumber } from '../lib/money.ts';
import { REPORTED } from './report-status.ts';

export const moneyByCurrency = z.array(z.object({ currency: z.string(), amount: z.number() }));

export const totalsSchema = z.object({
  clicks: z.number().int(),
  unique_clicks: z.number().int(),
  conversions: z.number().int().openapi({
    description:
      "Approved and pending conversions; rejected ones are counted apart in rejected, an affiliate's own unverified reports in reported",
  }),
  approved: z.number().int(),
  pending: z.number().int(),
  rejected: z.number().int(),
  conversion_rate: z.number(),
  revenue: moneyByCurrency,
  payout: moneyByCurrency,
  epc: moneyByCurrency,
  reported: z
    .object({ conversions: z.number().int(), revenue: moneyByCurrency, payout: moneyByCurrency })
    .openapi({
      description:
        "Conversions an affiliate reported itself that the advertiser or the network has not decided yet: the amounts are the affiliate's word, so they are in none of the totals above",
    }),
});

export type Totals = z.infer<typeof totalsSchema>;

// An advertiser's view: what the network pays affiliates (payout, EPC) is not its business.
export const advertiserTotalsSchema = totalsSchema.omit({ payout: true, epc: true }).extend({
  reported: z.object({ conversions: z.number().int(), revenue: moneyByCurrency }),
});

export type AdvertiserTotals = z.infer<typeof advertiserTotalsSchema>;

export function advertiserTotals(totals: Totals): AdvertiserTotals {
  const { payout: _payout, epc: _epc, reported, ...rest } = totals;
  return { ...rest, reported: { conversions: reported.conversions, revenue: reported.revenue } };
}

/**
 * Folds click and conversion aggregates into report rows. Conversions count approved and
 * pending (rejected and an affiliate's unverified reports are counted apart); revenue and payout
 * likewise; EPC is payout per click.
 */
export function foldTotals(
  clicks: ClickTotals[],
  conversions: ConversionTotals[],
): Map<string, Totals> {
  type Sums = { revenue: Map<string, bigint>; payout: Map<string, bigint> };
  const rows = new Map<string, { totals: Totals } & Sums & { reported: Sums }>();
  const add = (sums: Sums, c: ConversionTotals) => {
    sums.revenue.set(c.currency, (sums.revenue.get(c.currency) ?? 0n) + toUnits(c.revenue));
    sums.payout.set(c.currency, (sums.payout.get(c.currency) ?? 0n) + toUnits(c.payout));
  };
  const row = (key: string) => {
    let r = rows.get(key);
    if (!r) {
      r = {
        totals: {
          clicks: 0,
          unique_clicks: 0,
          conversions: 0,
          approved: 0,
          pending: 0,
          rejected: 0,
          conversion_rate: 0,
          revenue: [],
          payout: [],
          epc: [],
          reported: { conversions: 0, revenue: [], payout: [] },
        },
        revenue: new Map(),
        payout: new Map(),
        reported: { revenue: new Map(), payout: new Map() },
      };
      rows.set(key, r);
    }
    return r;
  };
  for (const c of clicks) {
    const r = row(c.key);
    r.totals.clicks += c.clicks;
    r.totals.unique_clicks += c.uniqueClicks;
  }
  for (const c of conversions) {
    const r = row(c.key);
    if (c.status === 'rejected') {
      r.totals.rejected += c.conversions;
      continue;
    }
    if (c.status === REPORTED) {
      r.totals.reported.conversions += c.conversions;
      add(r.reported, c);
      continue;
    }
    if (c.status === 'approved') r.totals.approved += c.conversions;
    else r.totals.pending += c.conversions;
    r.totals.conversions += c.conversions;
    add(r, c);
  }
  const out = new Map<string, Totals>();
  for (const [key, r] of rows) {
    const t = r.totals;
    t.conversion_rate = t.clicks > 0 ? Math.round((t.conversions / t.clicks) * 10_000) / 10_000 : 0;
    t.revenue = listMoney(r.revenue);
    t.payout = listMoney(r.payout);
    t.reported.revenue = listMoney(r.reported.revenue);
    t.reported.payout = listMoney(r.reported.payout);
    t.epc =
      t.clicks > 0
        ? t.payout.map((p) => ({
            currency: p.currency,
            amount: Math.round((p.amount / t.clicks) * 10_000) / 10_000,
          }))
        : [];
    out.set(key, t);
  }
  return out;
}

export function emptyTotals(): Totals {
  return foldTotals([{ key: '', clicks: 0, uniqueClicks: 0 }], []).get('')!;
}

function listMoney(byCurrency: Map<string, bigint>) {
  return [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, units]) => ({ currency, amount: unitsToNumber(units) }));
}
