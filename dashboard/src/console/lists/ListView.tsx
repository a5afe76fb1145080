import type { ComponentChildren, VNode } from 'preact';
import { useRef } from 'preact/hooks';
import { useDashboard } from '../../components/context.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PagerNav } from '../../components/Pager.tsx';
import type { CursorList } from './cursor-list.ts';
import type { RowList } from './row-list.ts';
import { useStackedCells } from './stacked-table.ts';

/** A console list's states: the error with a retry, loading, what to do when empty, else the table. */
export function ListView<T extends { id: number }>(props: {
  list: RowList<T>;
  /** Plural, lower case: "Loading campaigns…", caption "Campaigns". */
  noun: string;
  empty: { title: string; body: ComponentChildren };
  head: ComponentChildren;
  row: (row: T) => VNode;
  /** The table's `data-table` name and class, for pages and tests that address it. */
  table?: { name: string; class: string };
}) {
  const { list } = props;
  const rows = list.rows.value;
  return (
    <>
      {list.error.value && (
        <ErrorNotice message={list.error.value} onRetry={() => void list.load()} />
      )}
      {rows === null ? (
        list.loading.value && (
          <p class="muted" role="status">
            Loading {props.noun}…
          </p>
        )
      ) : rows.length === 0 ? (
        <EmptyState title={props.empty.title}>{props.empty.body}</EmptyState>
      ) : (
        <ConsoleTable
          caption={props.noun[0]!.toUpperCase() + props.noun.slice(1)}
          table={props.table}
          head={props.head}
          rows={rows}
          row={props.row}
        />
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

/** A cursor-paged console table (the review queue, the postback log): a loading note until it has rows. */
export function CursorTable<T>(props: {
  list: CursorList<T>;
  /** "Loading conversions…" */
  noun: string;
  label: string;
  caption: string;
  table: { name: string; class: string };
  head: ComponentChildren;
  row: (row: T) => VNode;
}) {
  const { list } = props;
  const rows = list.rows.value;
  if (rows.length === 0) {
    return list.page.loading.value ? (
      <p class="muted" role="status">
        Loading {props.noun}…
      </p>
    ) : null;
  }
  return (
    <ConsoleTable
      label={props.label}
      caption={props.caption}
      table={props.table}
      head={props.head}
      rows={rows}
      row={props.row}
    />
  );
}

/**
 * A list's table; with a `label`, its scroller is a region the keyboard can reach. On a phone each
 * row stacks as a card.
 */
export function ConsoleTable<T>(props: {
  label?: string;
  caption: string;
  table?: { name?: string; class?: string };
  head: ComponentChildren;
  rows: T[];
  row: (row: T) => VNode;
}) {
  const ref = useRef<HTMLTableElement>(null);
  useStackedCells(ref);
  return (
    <div
      class="table-wrap"
      {...(props.label ? { role: 'region', 'aria-label': props.label, tabIndex: 0 } : {})}
    >
      <table
        ref={ref}
        data-table={props.table?.name}
        class={props.table?.class ? `${props.table.class} stacks` : 'stacks'}
      >
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>{props.head}</tr>
        </thead>
        <tbody>{props.rows.map(props.row)}</tbody>
      </table>
    </div>
  );
}

/** Newer and older pages of a cursor-paged table, and when the page shown was fetched. */
export function CursorPager<T>(props: {
  list: CursorList<T>;
  label: string;
  updatedAt: number | null;
  live?: string;
  onNewer: () => void;
  onOlder: () => void;
}) {
  const { list } = props;
  const updated = <UpdatedAt at={props.updatedAt} live={props.live} />;
  if (!list.hasNext.value && !list.hasPrevious.value) return <p class="pager-alone">{updated}</p>;
  return (
    <PagerNav list={list} label={props.label} onNewer={props.onNewer} onOlder={props.onOlder}>
      {' '}
      {updated}
    </PagerNav>
  );
}

function UpdatedAt(props: { at: number | null; live?: string }) {
  const { locale } = useDashboard();
  if (props.at === null) return null;
  return (
    <span class="muted small updated-at" data-updated-at>
      Updated {new Date(props.at).toLocaleTimeString(locale)}
      {props.live}
    </span>
  );
}
