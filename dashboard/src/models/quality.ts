import { computed, effect } from '@preact/signals';
import type { ApiClient } from '../api/client.ts';
import type { QualityAnswer } from '../api/routes.ts';
import { formatCount, formatPercent } from '../format/numbers.ts';
import type { RangeModel } from './range.ts';
import { createResource } from './resource.ts';
import type { Scope } from './scope.ts';

// A source with at least this share of suspicious clicks is marked for the affiliate to look at.
export const FLAG_SHARE = 0.2;

const ctitLabels: Record<string, string> = {
  '<10s': 'Under 10 s',
  '10-60s': '10–60 s',
  '1-10m': '1–10 min',
  '10-60m': '10–60 min',
  '1-24h': '1–24 h',
  '>24h': 'Over 24 h',
};

export type Quality = ReturnType<typeof createQuality>;

/** The affiliate's own traffic quality for the range: suspicious share per sub1 and the CTIT histogram. */
export function createQuality(deps: { api: Pick<ApiClient, 'quality'>; scope: Pick<Scope, 'affiliateId'>; range: Pick<RangeModel, 'range' | 'key'>; locale: string }) {
  const { api, scope, range, locale } = deps;
  const answer = createResource<QualityAnswer>();

  function load() {
    const id = scope.affiliateId.peek();
    if (id !== null) void answer.load(() => api.quality(id, range.range.peek()));
  }

  return {
    answer,
    loading: answer.loading,
    error: answer.error,
    // Action: reload for the current affiliate and range
    load,
    // Action: follow the affiliate and range while the page is open; returns the stop function
    activate(): () => void {
      return effect(() => {
        void scope.affiliateId.value;
        void range.key.value;
        load();
      });
    },
    // Computed: the headline numbers
    totals: computed(() => {
      const t = answer.data.value?.totals;
      return t && { clicks: formatCount(t.clicks, locale), suspicious: formatCount(t.suspicious, locale), share: formatPercent(t.suspicious_share, locale), raw: t };
    }),
    // Computed: one row per sub1, busiest first; sources with a high suspicious share are flagged
    sources: computed(() =>
      answer.data.value?.data.map((r) => ({
        key: r.key,
        label: r.key === '' ? '(no sub1)' : r.key,
        clicks: formatCount(r.clicks, locale),
        suspicious: formatCount(r.suspicious, locale),
        share: formatPercent(r.suspicious_share, locale),
        flagged: r.suspicious > 0 && r.suspicious_share >= FLAG_SHARE,
      })) ?? null,
    ),
    // Computed: conversions per CTIT bucket with a bar width relative to the largest bucket
    ctit: computed(() => {
      const buckets = answer.data.value?.ctit;
      if (!buckets) return null;
      const max = Math.max(1, ...buckets.map((b) => b.conversions));
      return buckets.map((b) => ({
        bucket: b.bucket,
        label: ctitLabels[b.bucket] ?? b.bucket,
        conversions: formatCount(b.conversions, locale),
        pending: formatCount(b.pending, locale),
        width: Math.round((b.conversions / max) * 100),
      }));
    }),
  };
}
