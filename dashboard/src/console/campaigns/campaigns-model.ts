import { computed, createModel, signal } from '@preact/signals';
import { asFailure, describeFailure } from '../../api/failure.ts';
import type { Advertiser, ConsoleApi } from '../api.ts';
import { createCampaignForm } from './campaign-form-model.ts';
import { createRowList } from '../lists/row-list.ts';

/** The campaigns page: the list, the settings form (admin) and the advertisers a campaign can belong to. */
export const CampaignsModel = createModel((api: ConsoleApi, baseUrl: string) => {
  const fail = (err: unknown) => describeFailure(asFailure(err), baseUrl);
  const list = createRowList(() => api.campaigns(), fail);
  const advertisers = signal<Advertiser[] | null>(null);
  const advertisersError = signal<string | null>(null);

  return {
    list,
    form: createCampaignForm(api, fail, list.put),
    advertisers,
    advertisersError,
    // Computed: an advertiser's name by id, for the table and the detail view
    advertiserNames: computed(() => new Map((advertisers.value ?? []).map((a) => [a.id, a.name]))),
    // Action: the advertisers (all for the admin, itself for an advertiser); the form works without them
    async loadAdvertisers(): Promise<void> {
      advertisersError.value = null;
      try {
        advertisers.value = await api.advertisers();
      } catch (err) {
        advertisersError.value = fail(err);
      }
    },
  };
});

export type Campaigns = InstanceType<typeof CampaignsModel>;
