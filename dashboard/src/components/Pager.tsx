import type { ActivityList } from '../models/activity.ts';

/** Previous/Next over the cursor stack, with where we are in words. */
export function Pager<T>(props: { list: ActivityList<T>; noun: string }) {
  const { list } = props;
  const count = list.page.data.value?.data.length ?? 0;
  const first = (list.pageNumber.value - 1) * list.pageSize + 1;
  const busy = list.page.loading.value;
  return (
    <nav class="pager" aria-label={`${props.noun} pages`}>
      <button
        type="button"
        class="button button-secondary"
        onClick={list.previous}
        disabled={!list.hasPrevious.value || busy}
      >
        ← Newer
        <span class="sr-only"> {props.noun}</span>
      </button>
      <p class="pager-status" aria-live="polite" data-page-number={list.pageNumber.value}>
        Page {list.pageNumber.value}
        {count > 0 && (
          <span class="muted pager-rows">
            {props.noun} {first}–{first + count - 1}
          </span>
        )}
      </p>
      <button
        type="button"
        class="button button-secondary"
        onClick={list.next}
        disabled={!list.hasNext.value || busy}
        data-next
      >
        Older →<span class="sr-only"> {props.noun}</span>
      </button>
    </nav>
  );
}
