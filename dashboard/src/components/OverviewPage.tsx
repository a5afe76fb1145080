import { Show } from '@preact/signals/utils';
import { useLayoutEffect } from 'preact/hooks';
import { describeFailure } from '../api/failure.ts';
import { formatDayRange } from '../format/dates.ts';
import { BreakdownTable } from './BreakdownTable.tsx';
import { useDashboard } from './context.ts';
import { DayChart } from './DayChart.tsx';
import { EmptyState } from './EmptyState.tsx';
import { ErrorNotice } from './ErrorNotice.tsx';
import { PageHeading } from './PageHeading.tsx';
import { RangePicker } from './RangePicker.tsx';
import { LoadingText, SkeletonBlock, SkeletonCards } from './Skeleton.tsx';
import { StatCards } from './StatCards.tsx';

export function OverviewPage() {
  const { overview, range, router, api, locale } = useDashboard();
  // Layout effect: loading starts before the first paint, so a stale page is never shown as ready.
  useLayoutEffect(() => overview.activate(), []);
  const error = overview.error.value;
  const cards = overview.cards.value;
  const chart = overview.chart.value;
  const previous = range.previous.value;
  return (
    <div class="page" aria-busy={overview.loading.value} data-page="overview">
      <PageHeading>Overview</PageHeading>
      <RangePicker compare />
      {error && (
        <ErrorNotice message={describeFailure(error, api.baseUrl)} onRetry={overview.load} />
      )}
      <Show when={overview.loading}>
        <LoadingText>Loading the overview…</LoadingText>
      </Show>
      {overview.empty.value && (
        <EmptyState title="No clicks in this range yet">
          <p>
            Clicks show up here seconds after someone follows one of your tracking links. Get a link
            on <a href={router.href('links')}>Postback &amp; links</a>, share it, then check back
            {range.requested.value !== '30d' && (
              <>
                {' '}
                or{' '}
                <button type="button" class="link-button" onClick={() => range.choose('30d')}>
                  look at the last 30 days
                </button>
              </>
            )}
            .
          </p>
        </EmptyState>
      )}
      {error && !cards ? null : (
        <>
          {cards ? (
            <StatCards
              cards={cards}
              comparedWith={formatDayRange(previous.from, previous.to, locale)}
            />
          ) : (
            <SkeletonCards count={7} />
          )}
          {!overview.empty.value && (
            <>
              <section class="panel" aria-labelledby="chart-title">
                <h2 id="chart-title">Clicks and conversions per day</h2>
                {chart ? (
                  <DayChart days={chart} rangeLabel={range.label.value} />
                ) : (
                  <SkeletonBlock height={240} />
                )}
              </section>
              <div class="split">
                <BreakdownTable
                  id="by-campaign"
                  title="By campaign"
                  keyHeader="Campaign"
                  rows={overview.campaigns.value}
                  emptyText="No clicks on any campaign in this range."
                />
                <BreakdownTable
                  id="by-sub1"
                  title="By sub id (sub1)"
                  keyHeader="sub1"
                  rows={overview.subIds.value}
                  emptyText="No clicks in this range. Add ?sub1=… to your links to split traffic by source."
                />
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}
