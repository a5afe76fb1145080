import type { ComponentChildren, VNode } from 'preact';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import type { RowList } from './row-list.ts';

/** A console list's states: the error with a retry, loading, what to do when empty, else the table. */
export function ListView<T extends { id: number }>(props: {
  list: RowList<T>;
  /** Plural, lower case: "Loading campaigns…", caption "Campaigns". */
  noun: string;
  empty: { title: string; body: ComponentChildren };
  head: ComponentChildren;
  row: (row: T) => VNode;
}) {
  const { list } = props;
  const rows = list.rows.value;
  return (
    <>
      {list.error.value && <ErrorNotice message={list.error.value} onRetry={() => void list.load()} />}
      {rows === null ? (
        list.loading.value && (
          <p class="muted" role="status">
            Loading {props.noun}…
          </p>
        )
      ) : rows.length === 0 ? (
        <EmptyState title={props.empty.title}>{props.empty.body}</EmptyState>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">{props.noun[0]!.toUpperCase() + props.noun.slice(1)}</caption>
            <thead>
              <tr>{props.head}</tr>
            </thead>
            <tbody>{rows.map(props.row)}</tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** Under a console form: why the API refused it, or what was saved. */
export function FormOutcome(props: { error: string | null; saved?: string | null }) {
  return (
    <>
      {props.error && (
        <p class="field-error" role="alert">
          {props.error}
        </p>
      )}
      {props.saved && (
        <p class="notice notice-ok" role="status">
          {props.saved}
        </p>
      )}
    </>
  );
}
