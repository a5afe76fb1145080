import { computed } from '@preact/signals';
import type { ApiClient } from '../api/client.ts';
import type { CampaignRow } from '../api/routes.ts';
import { createResource } from './resource.ts';

export type Catalog = ReturnType<typeof createCatalog>;

/** Campaign names for ids in reports and tables; loaded once per sign-in. */
export function createCatalog(api: Pick<ApiClient, 'campaigns'>) {
  const campaigns = createResource<CampaignRow[]>();
  const names = computed(() => new Map((campaigns.data.value ?? []).map((c) => [c.id, c.name])));
  return {
    campaigns,
    names,
    // Computed-style lookup: a campaign's name, or "Campaign #id" until names arrive
    name(id: number | string): string {
      return names.value.get(Number(id)) ?? `Campaign #${id}`;
    },
    // Action: fetch the list
    load: () => campaigns.load(() => api.campaigns()),
    // Action: forget it (sign-out)
    reset: () => campaigns.reset(),
  };
}
