import { computed, effect, signal } from '@preact/signals';
import type { DayRange, PageRequest } from '../api/client.ts';
import type { Page } from '../api/routes.ts';
import type { RangeModel } from './range.ts';
import { createResource } from './resource.ts';
import type { Scope } from './scope.ts';

export type SortOrder = 'newest' | 'oldest';

export const PAGE_SIZE = 25;

export type ActivityList<T> = ReturnType<typeof createActivityList<T>>;

/**
 * A cursor-paginated table (clicks or conversions). The API pages newest first; `cursors` is the
 * stack of cursors that opened each page so far, so "Previous" re-opens the one below.
 */
export function createActivityList<T>(deps: {
  fetchPage: (affiliateId: number, request: PageRequest) => Promise<Page<T>>;
  scope: Pick<Scope, 'affiliateId'>;
  range: Pick<RangeModel, 'range' | 'key'>;
  pageSize?: number;
}) {
  const { fetchPage, scope, range } = deps;
  const pageSize = deps.pageSize ?? PAGE_SIZE;
  const cursors = signal<(string | null)[]>([null]);
  const order = signal<SortOrder>('newest');
  const page = createResource<Page<T>>();

  function open(stack: (string | null)[]) {
    const id = scope.affiliateId.peek();
    if (id === null) return;
    const window: DayRange = range.range.peek();
    cursors.value = stack;
    void page.load(() =>
      fetchPage(id, { ...window, cursor: stack.at(-1) ?? null, limit: pageSize }),
    );
  }

  return {
    page,
    order,
    cursors,
    pageSize,
    // Computed: the loaded rows in the chosen order (the order applies to this page only)
    rows: computed(() => {
      const data = page.data.value?.data ?? [];
      return order.value === 'newest' ? data : [...data].reverse();
    }),
    // Computed: 1-based number of the page shown
    pageNumber: computed(() => cursors.value.length),
    // Computed: "Next" leads somewhere
    hasNext: computed(() => !!page.data.value?.next_cursor),
    // Computed: "Previous" leads somewhere
    hasPrevious: computed(() => cursors.value.length > 1),
    // Computed: the range has no rows at all
    empty: computed(() => cursors.value.length === 1 && page.data.value?.data.length === 0),
    // Action: first page again (new range or affiliate)
    first: () => open([null]),
    // Action: the next, older page
    next() {
      const cursor = page.data.peek()?.next_cursor;
      if (cursor && !page.loading.peek()) open([...cursors.peek(), cursor]);
    },
    // Action: back to the newer page
    previous() {
      if (cursors.peek().length > 1 && !page.loading.peek()) open(cursors.peek().slice(0, -1));
    },
    // Action: fetch the newest page again in place (live updates); older pages stay as they are
    refresh() {
      const id = scope.affiliateId.peek();
      if (id === null || cursors.peek().length > 1) return;
      const window: DayRange = range.range.peek();
      void page.refresh(() => fetchPage(id, { ...window, cursor: null, limit: pageSize }));
    },
    // Action: flip newest/oldest first
    toggleOrder() {
      order.value = order.peek() === 'newest' ? 'oldest' : 'newest';
    },
    // Action: reload page one whenever the affiliate or range changes while the page is open
    activate(): () => void {
      return effect(() => {
        void scope.affiliateId.value;
        void range.key.value;
        open([null]);
      });
    },
  };
}
