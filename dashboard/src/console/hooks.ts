import { effect, type ReadonlySignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../components/context.ts';

/**
 * Keeps a page's filters in its URL (`#/review?reason=cap_reached`), so links and reloads keep the
 * view: read once when the page opens, written on every change, and dropped when the page closes
 * so they do not follow the nav to other pages.
 */
export function useUrlFilters<F>(
  filters: ReadonlySignal<F>,
  keys: readonly string[],
  toQuery: (filters: F) => Record<string, string | undefined>,
  open: (query: Readonly<Record<string, string>>) => void,
): void {
  const { router } = useDashboard();
  useEffect(() => {
    open(router.query.peek());
    const stop = effect(() => router.setQuery(toQuery(filters.value)));
    return () => {
      stop();
      router.setQuery(Object.fromEntries(keys.map((k) => [k, undefined])));
    };
  }, []);
}

/** Calls `heard` for each live batch with conversions created or moved after the page opened. */
export function useLiveConversions(heard: (count: number) => void): void {
  const { live } = useDashboard();
  useEffect(() => {
    const opened = live.change.peek().seq;
    return effect(() => {
      const change = live.change.value;
      if (change.seq > opened && change.conversions > 0) heard(change.conversions);
    });
  }, []);
}
