import { computed, effect, type ReadonlySignal } from '@preact/signals';
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

/** What a quality answer holds, for one affiliate (GET /affiliates/{id}/quality) or the network (GET /quality). */
export type QualityData = Pick<QualityAnswer, 'totals' | 'data' | 'ctit'>;

/**
 * The rows, totals and CTIT buckets a quality answer shows: one view for the affiliate's page and the
 * network console. `label` names a group key (read inside a computed, so it may read signals).
 */
export function qualityView(
  answer: ReadonlySignal<QualityData | undefined>,
  locale: string,
  label: (key: string) => string,
) {
  return {
    // Computed: the headline numbers
    totals: computed(() => {
      const t = answer.value?.totals;
      return (
        t && {
          clicks: formatCount(t.clicks, locale),
          suspicious: formatCount(t.suspicious, locale),
          share: formatPercent(t.suspicious_share, locale),
          raw: t,
        }
      );
    }),
    // Computed: one row per group, busiest first; groups with a high suspicious share are flagged
    sources: computed(
      () =>
        answer.value?.data.map((r) => ({
          key: r.key,
          label: label(r.key),
          clicks: formatCount(r.clicks, locale),
          suspicious: formatCount(r.suspicious, locale),
          share: formatPercent(r.suspicious_share, locale),
          ratio: r.suspicious_share,
          flagged: r.suspicious > 0 && r.suspicious_share >= FLAG_SHARE,
        })) ?? null,
    ),
    // Computed: conversions per CTIT bucket, as counts and as text
    ctit: computed(
      () =>
        answer.value?.ctit.map((b) => ({
          bucket: b.bucket,
          label: ctitLabels[b.bucket] ?? b.bucket,
          count: b.conversions,
          held: b.pending,
          conversions: formatCount(b.conversions, locale),
          pending: formatCount(b.pending, locale),
        })) ?? null,
    ),
  };
}

export type QualityView = ReturnType<typeof qualityView>;

export type Quality = ReturnType<typeof createQuality>;

/** The affiliate's own traffic quality for the range: suspicious share per sub1 and the CTIT histogram. */
export function createQuality(deps: {
  api: Pick<ApiClient, 'quality'>;
  scope: Pick<Scope, 'affiliateId'>;
  range: Pick<RangeModel, 'range' | 'key'>;
  locale: string;
}) {
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
    ...qualityView(answer.data, locale, (key) => (key === '' ? '(no sub1)' : key)),
  };
}
