import type { SortOrder } from '../models/activity.ts';

/** The time column header: a button that flips newest/oldest first for the page shown. */
export function SortHeader(props: { order: SortOrder; onToggle: () => void }) {
  const newest = props.order === 'newest';
  return (
    <th scope="col" aria-sort={newest ? 'descending' : 'ascending'}>
      <button type="button" class="sort" onClick={props.onToggle} data-sort={props.order}>
        Time (UTC) <span aria-hidden="true">{newest ? '↓' : '↑'}</span>
        <span class="sr-only">
          , {newest ? 'newest' : 'oldest'} first; activate to show {newest ? 'oldest' : 'newest'}{' '}
          first
        </span>
      </button>
    </th>
  );
}
