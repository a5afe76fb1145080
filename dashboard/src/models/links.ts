import { computed, effect, signal } from '@preact/signals';
import type { ApiClient } from '../api/client.ts';
import type { Links } from '../api/routes.ts';
import { createResource } from './resource.ts';
import type { Scope } from './scope.ts';

export const SUB_IDS = ['sub1', 'sub2', 'sub3', 'sub4', 'sub5'] as const;
export type SubId = (typeof SUB_IDS)[number];

/** A campaign's tracking link with the given sub ids appended (empty ones left out). */
export function buildTrackingLink(baseUrl: string, subs: Partial<Record<SubId, string>>): string {
  const url = new URL(baseUrl);
  for (const name of SUB_IDS) {
    const value = subs[name]?.trim();
    if (value) url.searchParams.set(name, value);
  }
  return url.toString();
}

export type LinksModel = ReturnType<typeof createLinks>;

/** The postback URL page: the affiliate's postback URL, its macros, and the tracking-link builder. */
export function createLinks(deps: {
  api: Pick<ApiClient, 'links'>;
  scope: Pick<Scope, 'affiliateId'>;
}) {
  const links = createResource<Links>();
  const campaignId = signal<number | null>(null);
  const subs = signal<Partial<Record<SubId, string>>>({});

  // Computed: the tracking link chosen in the builder (the first campaign until one is picked)
  const chosen = computed(() => {
    const list = links.data.value?.tracking_links ?? [];
    return list.find((l) => l.campaign_id === campaignId.value) ?? list[0] ?? null;
  });

  function load() {
    const id = deps.scope.affiliateId.peek();
    if (id !== null) void links.load(() => deps.api.links(id));
  }

  return {
    links,
    campaignId,
    subs,
    chosen,
    // Computed: the link to share, with the sub ids typed so far
    builtLink: computed(() =>
      chosen.value ? buildTrackingLink(chosen.value.url, subs.value) : '',
    ),
    // Computed: the postback URL's macros and optional parameters as rows
    macros: computed(() =>
      Object.entries(links.data.value?.macros ?? {}).map(([name, meaning]) => ({ name, meaning })),
    ),
    optional: computed(() =>
      Object.entries(links.data.value?.optional_parameters ?? {}).map(([name, meaning]) => ({
        name,
        meaning,
      })),
    ),
    // Action: pick the builder's campaign
    chooseCampaign(id: number) {
      campaignId.value = id;
    },
    // Action: type a sub id
    setSub(name: SubId, value: string) {
      subs.value = { ...subs.peek(), [name]: value };
    },
    load,
    // Action: reload when the affiliate changes while the page is open
    activate(): () => void {
      return effect(() => {
        void deps.scope.affiliateId.value;
        load();
      });
    },
  };
}
