import { Show } from '@preact/signals/utils';
import { useLayoutEffect } from 'preact/hooks';
import { describeFailure } from '../api/failure.ts';
import { useDashboard } from './context.ts';
import { ErrorNotice } from './ErrorNotice.tsx';
import { PageHeading } from './PageHeading.tsx';
import { CtitChart, QualitySummary, SourcesTable } from './quality/QualityReport.tsx';
import { RangePicker } from './RangePicker.tsx';
import { LoadingText } from './Skeleton.tsx';

/** The affiliate's own traffic quality: a lazy chunk, since it is opened now and then, not every morning. */
export function QualityPage() {
  const { quality, api } = useDashboard();
  useLayoutEffect(() => quality.activate(), []);
  const error = quality.error.value;
  return (
    <div class="page" aria-busy={quality.loading.value} data-page="quality">
      <PageHeading>Traffic quality</PageHeading>
      <RangePicker />
      {error && (
        <ErrorNotice message={describeFailure(error, api.baseUrl)} onRetry={quality.load} />
      )}
      <Show when={quality.loading}>
        <LoadingText>Loading traffic quality…</LoadingText>
      </Show>
      <QualitySummary view={quality} />
      <div class="split">
        <SourcesTable
          view={quality}
          id="quality-sources-title"
          title="Suspicious share by sub id (sub1)"
          keyHeading="sub1"
        />
        <CtitChart view={quality} />
      </div>
    </div>
  );
}
