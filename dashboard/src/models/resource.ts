import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { asFailure, type ApiFailure } from '../api/failure.ts';

export interface Resource<T> {
  readonly data: ReadonlySignal<T | undefined>;
  readonly error: ReadonlySignal<ApiFailure | null>;
  readonly loading: ReadonlySignal<boolean>;
  /** True once a load has finished, with data or with an error. */
  readonly settled: ReadonlySignal<boolean>;
  load(fetcher: () => Promise<T>): Promise<void>;
  /** Like load, but keeps showing the current value until the new one is in (live updates). */
  refresh(fetcher: () => Promise<T>): Promise<void>;
  reset(): void;
}

/** One async value: only the newest load may write, so a slow old answer never overwrites a new one. */
export function createResource<T>(): Resource<T> {
  const data = signal<T | undefined>(undefined);
  const error = signal<ApiFailure | null>(null);
  const loading = signal(false);
  let generation = 0;

  return {
    data,
    error,
    loading,
    settled: computed(() => !loading.value && (data.value !== undefined || error.value !== null)),
    // Action: fetch a new value, clearing the old one so stale numbers are never shown under new filters
    async load(fetcher) {
      const mine = ++generation;
      loading.value = true;
      error.value = null;
      data.value = undefined;
      try {
        const value = await fetcher();
        if (mine === generation) data.value = value;
      } catch (err) {
        if (mine === generation) error.value = asFailure(err);
      } finally {
        if (mine === generation) loading.value = false;
      }
    },
    // Action: fetch a newer value in the background; a failure keeps the old value on screen
    async refresh(fetcher) {
      if (loading.peek()) return;
      const mine = ++generation;
      try {
        const value = await fetcher();
        if (mine === generation) {
          data.value = value;
          error.value = null;
        }
      } catch {
        // The next change or reconnect tries again; the numbers shown stay valid for their time.
      }
    },
    // Action: forget the value (sign-out)
    reset() {
      generation++;
      data.value = undefined;
      error.value = null;
      loading.value = false;
    },
  };
}
