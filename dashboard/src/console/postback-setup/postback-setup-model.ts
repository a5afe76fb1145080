import { action, createModel, signal } from '@preact/signals';
import { asFailure, describeFailure } from '../../api/failure.ts';
import type { Advertiser, ConsoleApi } from '../api.ts';

/** The advertiser's own postback credentials: the URL to copy, and the signing secret only when asked for. */
export const PostbackSetupModel = createModel(
  (api: Pick<ConsoleApi, 'advertiser'>, baseUrl: string, advertiserId: number | null) => {
    const advertiser = signal<Advertiser | null>(null);
    const loading = signal(false);
    const error = signal<string | null>(null);
    const secretShown = signal(false);
    return {
      advertiser,
      loading,
      error,
      secretShown,
      load: action(async () => {
        if (advertiserId === null) {
          error.value = 'This key does not belong to an advertiser.';
          return;
        }
        loading.value = true;
        error.value = null;
        try {
          advertiser.value = await api.advertiser(advertiserId);
        } catch (err) {
          error.value = describeFailure(asFailure(err), baseUrl);
        } finally {
          loading.value = false;
        }
      }),
      // Action: show or hide the signing secret (hidden by default: a screen share should not leak it)
      toggleSecret: action(() => {
        secretShown.value = !secretShown.peek();
      }),
    };
  },
);

export type PostbackSetup = InstanceType<typeof PostbackSetupModel>;
