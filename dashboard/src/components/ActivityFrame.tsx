import { For, Show } from '@preact/signals/utils';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { describeFailure } from '../api/failure.ts';
import type { ActivityList } from '../models/activity.ts';
import { formatTime } from '../format/dates.ts';
import type { CsvExport } from '../models/csv-export.ts';
import { useDashboard } from './context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { ExportButton } from './ExportButton.tsx';
import { PageHeading } from './PageHeading.tsx';
import { Pager } from './Pager.tsx';
import { RangePicker } from './RangePicker.tsx';
import { LoadingText, SkeletonRows } from './Skeleton.tsx';
import { SortHeader } from './SortHeader.tsx';

/**
 * What the clicks and conversions pages share: heading, range, export, errors, empty state, pager,
 * and the table: its time column sorts the page, and skeleton rows stand in while a page loads.
 */
export function ActivityFrame<T extends { id: number; created_at: string }>(props: {
  page: 'clicks' | 'conversions';
  title: string;
  noun: string;
  list: ActivityList<T>;
  csv: CsvExport;
  empty: ComponentChildren;
  /** The columns after the time, and how many there are in all. */
  head: ComponentChildren;
  columns: number;
  /** An item's `data-` attributes besides its time, for tests and links. */
  rowData: (item: T) => Record<string, string | number>;
  /** An item's cells after its time. */
  cells: (item: T) => ComponentChildren;
}) {
  const { api, locale } = useDashboard();
  const { list } = props;
  // Layout effect: loading starts before the first paint, so a stale page is never shown as ready.
  useLayoutEffect(() => list.activate(), []);
  const error = list.page.error.value;
  return (
    <div class="page" aria-busy={list.page.loading.value} data-page={props.page}>
      <PageHeading>{props.title}</PageHeading>
      <RangePicker />
      {!list.empty.value && (
        <div class="toolbar">
          <ExportButton csv={props.csv} noun={props.noun} />
        </div>
      )}
      <Show when={list.page.loading}>
        <LoadingText>{`Loading ${props.noun}…`}</LoadingText>
      </Show>
      {error && <ErrorNotice message={describeFailure(error, api.baseUrl)} onRetry={list.first} />}
      {error && !list.page.data.value ? null : list.empty.value ? (
        props.empty
      ) : (
        <>
          <div class="table-wrap" tabIndex={0} role="region" aria-label={props.title}>
            <table class="activity" data-table={props.page}>
              <thead>
                <tr>
                  <SortHeader order={list.order.value} onToggle={list.toggleOrder} />
                  {props.head}
                </tr>
              </thead>
              {list.page.loading.value ? (
                <SkeletonRows rows={8} columns={props.columns} />
              ) : (
                <tbody>
                  <For each={list.rows} getKey={(item) => item.id}>
                    {(item) => (
                      <tr {...props.rowData(item)} data-created-at={item.created_at}>
                        <td class="nowrap">{formatTime(item.created_at, locale)}</td>
                        {props.cells(item)}
                      </tr>
                    )}
                  </For>
                </tbody>
              )}
            </table>
          </div>
          <Pager list={list} noun={props.noun} />
        </>
      )}
    </div>
  );
}
