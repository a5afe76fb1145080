import type { ComponentChildren } from 'preact';
import type { ActivityList } from '../models/activity.ts';

/** What a pager reads of a cursor-paged list (the dashboard's activity, a console log). */
interface PagedList {
  page: { loading: { value: boolean } };
  pageNumber: { value: number };
  hasPrevious: { value: boolean };
  hasNext: { value: boolean };
}

/**
 * Newer and Older around where we are; each is off while a page loads or when there is no page that
 * way. `noun`, when given, finishes the buttons' names for a screen reader ("Older clicks").
 */
export function PagerNav(props: {
  list: PagedList;
  label: string;
  noun?: string;
  onNewer: () => void;
  onOlder: () => void;
  children: ComponentChildren;
}) {
  const { list } = props;
  const busy = list.page.loading.value;
  const named = props.noun && <span class="sr-only"> {props.noun}</span>;
  return (
    <nav class="pager" aria-label={props.label}>
      <button
        type="button"
        class="button button-secondary"
        onClick={props.onNewer}
        disabled={!list.hasPrevious.value || busy}
      >
        ← Newer{named}
      </button>
      <p class="pager-status" aria-live="polite" data-page-number={list.pageNumber.value}>
        Page {list.pageNumber.value}
        {props.children}
      </p>
      <button
        type="button"
        class="button button-secondary"
        onClick={props.onOlder}
        disabled={!list.hasNext.value || busy}
        data-next
      >
        Older →{named}
      </button>
    </nav>
  );
}

/** Previous/Next over the cursor stack, with where we are in words. */
export function Pager<T>(props: { list: ActivityList<T>; noun: string }) {
  const { list } = props;
  const count = list.page.data.value?.data.length ?? 0;
  const first = (list.pageNumber.value - 1) * list.pageSize + 1;
  return (
    <PagerNav
      list={list}
      label={`${props.noun} pages`}
      noun={props.noun}
      onNewer={list.previous}
      onOlder={list.next}
    >
      {count > 0 && (
        <span class="muted pager-rows">
          {props.noun} {first}–{first + count - 1}
        </span>
      )}
    </PagerNav>
  );
}
