import { action, computed, createModel, signal } from '@preact/signals';
import { asFailure, describeFailure } from '../../api/failure.ts';
import type { ConsoleApi, OutgoingPostback } from '../api.ts';

export type OutgoingPostbackOutcome = 'delivered' | 'failed' | 'error';

/** 2xx is delivered; another status is a refusal by the partner; no status is a network error. */
export function outcomeOf(d: Pick<OutgoingPostback, 'status_code'>): OutgoingPostbackOutcome {
  if (d.status_code === null) return 'error';
  return d.status_code >= 200 && d.status_code < 300 ? 'delivered' : 'failed';
}

/** One affiliate's outgoing postback attempts, newest first. */
export const OutgoingPostbacksModel = createModel((api: ConsoleApi, baseUrl: string) => {
  const affiliateId = signal<number | null>(null);
  const rows = signal<OutgoingPostback[] | null>(null);
  const loading = signal(false);
  const error = signal<string | null>(null);
  let generation = 0;

  const load = action(async () => {
    const id = affiliateId.peek();
    if (id === null) return;
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    rows.value = null;
    try {
      const list = await api.outgoingPostbacks(id);
      if (mine === generation) rows.value = list;
    } catch (err) {
      if (mine === generation) error.value = describeFailure(asFailure(err), baseUrl);
    } finally {
      if (mine === generation) loading.value = false;
    }
  });

  return {
    affiliateId,
    rows,
    loading,
    error,
    load,
    // Computed: delivered / failed counts of the attempts shown
    counts: computed(() => {
      const list = rows.value ?? [];
      return {
        delivered: list.filter((d) => outcomeOf(d) === 'delivered').length,
        failed: list.filter((d) => outcomeOf(d) !== 'delivered').length,
      };
    }),
    choose: action((id: number) => {
      affiliateId.value = id;
      void load();
    }),
  };
});
