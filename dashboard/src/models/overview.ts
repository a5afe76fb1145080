import { computed, effect } from '@preact/signals';
import type { ApiClient } from '../api/client.ts';
import type { StatsRow, Summary } from '../api/routes.ts';
import { formatMoneyList } from '../format/money.ts';
import { formatCount, formatPercent } from '../format/numbers.ts';
import { buildCards } from './cards.ts';
import type { Catalog } from './catalog.ts';
import { chartDays } from './chart.ts';
import type { RangeModel } from './range.ts';
import { createResource } from './resource.ts';
import type { Scope } from './scope.ts';

export interface BreakdownRow {
  key: string;
  label: string;
  clicks: string;
  conversions: string;
  rate: string;
  revenue: string;
  payout: string;
  empty: boolean;
}

function breakdown(
  rows: readonly StatsRow[],
  label: (key: string) => string,
  locale: string,
): BreakdownRow[] {
  return rows.map((r) => ({
    key: r.key,
    label: label(r.key),
    clicks: formatCount(r.clicks, locale),
    conversions: formatCount(r.conversions, locale),
    rate: formatPercent(r.conversion_rate, locale),
    revenue: formatMoneyList(r.revenue, locale),
    payout: formatMoneyList(r.payout, locale),
    empty: r.key === '',
  }));
}

export type Overview = ReturnType<typeof createOverview>;

/** Everything the overview page shows for one affiliate and range. */
export function createOverview(deps: {
  api: Pick<ApiClient, 'summary' | 'stats'>;
  scope: Pick<Scope, 'affiliateId'>;
  range: Pick<RangeModel, 'range' | 'previous' | 'key'>;
  catalog: Pick<Catalog, 'name'>;
  locale: string;
}) {
  const { api, scope, range, catalog, locale } = deps;
  const summary = createResource<Summary>();
  const previous = createResource<Summary>();
  const daily = createResource<StatsRow[]>();
  const byCampaign = createResource<StatsRow[]>();
  const bySub1 = createResource<StatsRow[]>();
  const all = [summary, previous, daily, byCampaign, bySub1];

  function load() {
    const id = scope.affiliateId.peek();
    if (id === null) return;
    const current = range.range.peek();
    const before = range.previous.peek();
    void summary.load(() => api.summary(id, current));
    void previous.load(() => api.summary(id, before));
    void daily.load(() => api.stats(id, 'day', current));
    void byCampaign.load(() => api.stats(id, 'campaign', current));
    void bySub1.load(() => api.stats(id, 'sub1', current));
  }

  // The current range only: the previous period does not move.
  function refresh() {
    const id = scope.affiliateId.peek();
    if (id === null) return;
    const current = range.range.peek();
    void summary.refresh(() => api.summary(id, current));
    void daily.refresh(() => api.stats(id, 'day', current));
    void byCampaign.refresh(() => api.stats(id, 'campaign', current));
    void bySub1.refresh(() => api.stats(id, 'sub1', current));
  }

  return {
    summary,
    previous,
    daily,
    byCampaign,
    bySub1,
    // Action: reload every part for the current affiliate and range
    load,
    // Action: fetch the current range again without blanking the page (live updates)
    refresh,
    // Action: follow the affiliate and range while the page is open; returns the stop function
    activate(): () => void {
      return effect(() => {
        void scope.affiliateId.value;
        void range.key.value;
        load();
      });
    },
    // Computed: the cards, once this range's summary is in (the comparison fills in when it arrives)
    cards: computed(() => {
      const now = summary.data.value;
      return now ? buildCards(now, previous.data.value, locale) : null;
    }),
    // Computed: the first error of any part, to show once
    error: computed(() => all.map((r) => r.error.value).find((e) => e !== null) ?? null),
    // Computed: still fetching something
    loading: computed(() => all.some((r) => r.loading.value)),
    // Computed: no clicks and no conversions in the range
    empty: computed(() => {
      const now = summary.data.value;
      return !!now && now.clicks === 0 && now.conversions === 0 && now.rejected === 0;
    }),
    // Computed: one chart slot per day of the range
    chart: computed(() => (daily.data.value ? chartDays(daily.data.value, locale) : null)),
    // Computed: rows of the campaign table, with names
    campaigns: computed(() =>
      byCampaign.data.value
        ? breakdown(byCampaign.data.value, (key) => catalog.name(key), locale)
        : null,
    ),
    // Computed: rows of the sub1 table
    subIds: computed(() =>
      bySub1.data.value ? breakdown(bySub1.data.value, (key) => key || '(no sub1)', locale) : null,
    ),
  };
}
