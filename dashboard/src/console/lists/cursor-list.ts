import { computed, signal } from '@preact/signals';
import type { Query } from '../../api/client.ts';
import type { Page } from '../../api/routes.ts';
import { createResource } from '../../models/resource.ts';

export type CursorList<T> = ReturnType<typeof createCursorList<T>>;

/**
 * A filtered, cursor-paginated list (the API pages newest first). `cursors` is the stack of
 * cursors that opened each page so far, so "Newer" re-opens the one below.
 */
export function createCursorList<T>(
  fetchPage: (query: Query) => Promise<Page<T>>,
  pageSize: number,
) {
  const page = createResource<Page<T>>();
  const cursors = signal<(string | null)[]>([null]);
  let query: Query = {};

  const request = (cursor: string | null) => () =>
    fetchPage({ ...query, ...(cursor ? { cursor } : {}), limit: pageSize });
  const open = (stack: (string | null)[]) => {
    cursors.value = stack;
    return page.load(request(stack.at(-1) ?? null));
  };

  return {
    page,
    // Computed: the rows shown
    rows: computed(() => page.data.value?.data ?? []),
    // Computed: 1-based number of the page shown
    pageNumber: computed(() => cursors.value.length),
    hasNext: computed(() => !!page.data.value?.next_cursor),
    hasPrevious: computed(() => cursors.value.length > 1),
    // Computed: nothing matches the filters at all
    empty: computed(() => cursors.value.length === 1 && page.data.value?.data.length === 0),
    // Action: page one for these filters
    load(filters: Query): Promise<void> {
      query = filters;
      return open([null]);
    },
    // Action: the next, older page
    next(): Promise<void> {
      const cursor = page.data.peek()?.next_cursor;
      return cursor && !page.loading.peek() ? open([...cursors.peek(), cursor]) : Promise.resolve();
    },
    // Action: back to the newer page
    previous(): Promise<void> {
      return cursors.peek().length > 1 && !page.loading.peek()
        ? open(cursors.peek().slice(0, -1))
        : Promise.resolve();
    },
    // Action: the page shown again, in place (live updates, after a review); a failure keeps the rows shown
    refresh(): Promise<void> {
      return page.refresh(request(cursors.peek().at(-1) ?? null));
    },
  };
}
