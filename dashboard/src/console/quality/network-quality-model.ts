import { computed, createModel, effect, type ReadonlySignal } from '@preact/signals';
import type { DayRange } from '../../api/client.ts';
import { qualityView } from '../../models/quality.ts';
import { createResource } from '../../models/resource.ts';
import type { Query } from '../../models/router.ts';
import type { ConsoleApi, NetworkGroup, NetworkQualityAnswer } from '../api.ts';

// label: the button; heading: the key column; title: "Suspicious share by …".
export const networkGroups: readonly {
  id: NetworkGroup;
  label: string;
  heading: string;
  title: string;
}[] = [
  { id: 'affiliate', label: 'Affiliate', heading: 'Affiliate', title: 'affiliate' },
  { id: 'sub1', label: 'Sub id', heading: 'sub1', title: 'sub id (sub1)' },
  { id: 'country', label: 'Country', heading: 'Country', title: 'country' },
  {
    id: 'as_org',
    label: 'Network (ASN)',
    heading: 'ASN organization',
    title: 'network (ASN organization)',
  },
  { id: 'campaign', label: 'Campaign', heading: 'Campaign', title: 'campaign' },
];

const isGroup = (value: string | undefined): value is NetworkGroup =>
  networkGroups.some((g) => g.id === value);

export interface NetworkQualityDeps {
  api: Pick<ConsoleApi, 'networkQuality'>;
  range: { range: ReadonlySignal<DayRange>; key: ReadonlySignal<string> };
  /** The page's query (`by=country`) and how to change it, so a link keeps the grouping. */
  query: ReadonlySignal<Query>;
  setQuery: (patch: Record<string, string | undefined>) => void;
  affiliateName: (id: number) => string | undefined;
  campaignName: (id: number) => string;
  locale: string;
}

/** The whole network's traffic quality: suspicious share by a chosen group, totals and the CTIT histogram. */
export const NetworkQualityModel = createModel((deps: NetworkQualityDeps) => {
  const answer = createResource<NetworkQualityAnswer>();
  const group = computed<NetworkGroup>(() => {
    const by = deps.query.value.by;
    return isGroup(by) ? by : 'affiliate';
  });
  const regions =
    typeof Intl.DisplayNames === 'function'
      ? new Intl.DisplayNames([deps.locale], { type: 'region' })
      : null;

  // Names for the keys the API groups by: ids become names, an empty key says what is unknown.
  const label = (key: string): string => {
    switch (group.value) {
      case 'affiliate': {
        const name = deps.affiliateName(Number(key));
        return name ? `#${key} ${name}` : `Affiliate #${key}`;
      }
      case 'campaign':
        return deps.campaignName(Number(key));
      case 'country': {
        if (key === '') return '(unknown country)';
        let name: string | undefined;
        try {
          name = regions?.of(key);
        } catch {
          name = undefined;
        }
        return name && name !== key ? `${key} · ${name}` : key;
      }
      case 'as_org':
        return key === '' ? '(unknown network)' : key;
      default:
        return key === '' ? '(no sub1)' : key;
    }
  };

  const load = () =>
    void answer.load(() => deps.api.networkQuality(group.peek(), deps.range.range.peek()));

  // Follows the range and the grouping while the page is open.
  effect(() => {
    void deps.range.key.value;
    void group.value;
    load();
  });

  return {
    answer,
    group,
    loading: answer.loading,
    error: answer.error,
    load,
    // Computed: the heading of the key column and the title of the table
    heading: computed(() => networkGroups.find((g) => g.id === group.value)!),
    // Action: group by something else (kept in the URL)
    choose: (next: NetworkGroup) => deps.setQuery({ by: next === 'affiliate' ? undefined : next }),
    ...qualityView(answer.data, deps.locale, label),
  };
});

export type NetworkQuality = InstanceType<typeof NetworkQualityModel>;
