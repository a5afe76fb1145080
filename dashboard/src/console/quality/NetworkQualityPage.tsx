import { useModel } from '@preact/signals';
import { describeFailure } from '../../api/failure.ts';
import { useDashboard } from '../../components/context.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import {
  CtitChart,
  QualitySummary,
  SourcesTable,
} from '../../components/quality/QualityReport.tsx';
import { RangePicker } from '../../components/RangePicker.tsx';
import { consoleApi } from '../api.ts';
import {
  NetworkQualityModel,
  networkGroups,
  type NetworkQuality,
} from './network-quality-model.ts';

export function NetworkQualityPage() {
  const { api, router, range, session, catalog, locale } = useDashboard();
  const model = useModel(
    () =>
      new NetworkQualityModel({
        api: consoleApi(api),
        range,
        query: router.query,
        setQuery: router.setQuery,
        affiliateName: (id) => session.affiliates.value.find((a) => a.id === id)?.name,
        campaignName: (id) => catalog.name(id),
        locale,
      }),
  );
  const error = model.error.value;
  return (
    <div class="page" aria-busy={model.loading.value} data-page="traffic">
      <PageHeading description="Every affiliate's clicks together: where suspicious traffic comes from, and how fast clicks turn into conversions.">
        Network quality
      </PageHeading>
      <RangePicker />
      {error && <ErrorNotice message={describeFailure(error, api.baseUrl)} onRetry={model.load} />}
      <QualitySummary view={model} />
      <div class="split">
        <SourcesTable
          view={model}
          id="network-sources-title"
          title={`Suspicious share by ${model.heading.value.title}`}
          keyHeading={model.heading.value.heading}
          controls={<GroupChoice model={model} />}
        />
        <CtitChart
          view={model}
          note="Across all campaigns. Conversions faster than a campaign's minimum CTIT are held for review, not rejected."
        />
      </div>
    </div>
  );
}

function GroupChoice({ model }: { model: NetworkQuality }) {
  return (
    <div class="segmented group-choice" role="group" aria-label="Group suspicious share by">
      {networkGroups.map((g) => (
        <button
          key={g.id}
          type="button"
          aria-pressed={model.group.value === g.id}
          onClick={() => model.choose(g.id)}
        >
          {g.label}
        </button>
      ))}
    </div>
  );
}
