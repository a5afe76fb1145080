import { z } from '@hono/zod-openapi';
import type { ClickTotals, ConversionTotals } from '../db/queries/reports.ts';
import { toUnits, unitsToNumber } from '../lib/money.ts';

export const moneyByCurrency = z.array(z.object({ currency: z.string(), amount: z.number() }));

export const totalsSchema = z.object({
  clicks: z.number().int(),
  unique_clicks: z.number().int(),
  conversions: z.number().int().openapi({
    description: 'Approved and pending conversions; rejected ones are counted apart in rejected',
  }),
  approved: z.number().int(),
  pending: z.number().int(),
  rejected: z.number().int(),
  conversion_rate: z.number(),
  revenue: moneyByCurrency,
  payout: moneyByCurrency,
  epc: moneyByCurrency,
});

export type Totals = z.infer<typeof totalsSchema>;

/**
 * Folds click and conversion aggregates into report rows. Conversions count approved and
 * pending (rejected are reported apart); revenue and payout likewise; EPC is payout per click.
 */
export function foldTotals(
  clicks: ClickTotals[],
  conversions: ConversionTotals[],
): Map<string, Totals> {
  const rows = new Map<
    string,
    { totals: Totals; revenue: Map<string, bigint>; payout: Map<string, bigint> }
  >();
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
        },
        revenue: new Map(),
        payout: new Map(),
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
    if (c.status === 'approved') r.totals.approved += c.conversions;
    else r.totals.pending += c.conversions;
    r.totals.conversions += c.conversions;
    r.revenue.set(c.currency, (r.revenue.get(c.currency) ?? 0n) + toUnits(c.revenue));
    r.payout.set(c.currency, (r.payout.get(c.currency) ?? 0n) + toUnits(c.payout));
  }
  const out = new Map<string, Totals>();
  for (const [key, r] of rows) {
    const t = r.totals;
    t.conversion_rate = t.clicks > 0 ? Math.round((t.conversions / t.clicks) * 10_000) / 10_000 : 0;
    t.revenue = listMoney(r.revenue);
    t.payout = listMoney(r.payout);
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
