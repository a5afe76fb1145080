import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../../components/context.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { consoleApi } from '../api.ts';
import { OutgoingPostbacksModel, outcomeOf } from './outgoing-postbacks-model.ts';
import { AffiliateOptions } from '../editor/EditorSection.tsx';
import { formatStamp } from '../format.ts';
import { ConsoleTable } from '../lists/ListView.tsx';

const outcomeLabel = { delivered: 'Delivered', failed: 'Refused', error: 'No answer' } as const;
const outcomeBadge = {
  delivered: 'badge-approved',
  failed: 'badge-rejected',
  error: 'badge-pending',
} as const;

export function OutgoingPostbacksPage() {
  const { api, session, locale, router } = useDashboard();
  const model = useModel(() => new OutgoingPostbacksModel(consoleApi(api), api.baseUrl));
  const affiliates = session.affiliates.value;
  useEffect(() => {
    const fromLink = Number(router.query.peek()['affiliate']);
    const first = affiliates.find((a) => a.id === fromLink) ?? affiliates[0];
    if (first) model.choose(first.id);
  }, []);
  const rows = model.rows.value;
  const chosen = affiliates.find((a) => a.id === model.affiliateId.value);
  return (
    <div class="page" aria-busy={model.loading.value} data-page="outgoing-postbacks">
      <PageHeading description="Every call to an affiliate's own postback URL: the HTTP status it answered and each retry.">
        Outgoing postbacks
      </PageHeading>
      <div class="toolbar toolbar-start">
        <label class="field">
          Affiliate
          <select
            name="affiliate"
            value={String(model.affiliateId.value ?? '')}
            onChange={(e) => model.choose(Number(e.currentTarget.value))}
          >
            <AffiliateOptions affiliates={affiliates} />
          </select>
        </label>
        <button
          type="button"
          class="button button-secondary"
          onClick={() => void model.load()}
          disabled={model.loading.value}
        >
          Refresh
        </button>
        {rows && rows.length > 0 && (
          <p class="muted" data-outgoing-postback-counts>
            {model.counts.value.delivered} delivered · {model.counts.value.failed} failed or retried
            (latest {rows.length})
          </p>
        )}
      </div>
      {chosen && (
        <p class="small">
          Postback URL:{' '}
          {chosen.outgoing_postback_url ? (
            <code class="cell-url">{chosen.outgoing_postback_url}</code>
          ) : (
            <span class="muted">none set</span>
          )}
        </p>
      )}
      {model.error.value && (
        <ErrorNotice message={model.error.value} onRetry={() => void model.load()} />
      )}
      {model.loading.value && (
        <p class="muted" role="status">
          Loading outgoing postbacks…
        </p>
      )}
      {rows && rows.length === 0 && (
        <EmptyState title={`No outgoing postbacks for ${chosen?.name ?? 'this affiliate'} yet`}>
          <p>
            {chosen?.outgoing_postback_url
              ? 'Each new or changed conversion calls the affiliate’s postback URL; the attempts will be listed here.'
              : 'This affiliate has no postback URL. Set one on the Affiliates page (or the affiliate sets it), and each conversion will call it.'}
          </p>
        </EmptyState>
      )}
      {rows && rows.length > 0 && (
        <ConsoleTable
          caption="Outgoing postback attempts, newest first"
          head={
            <>
              <th scope="col">Time (UTC)</th>
              <th scope="col">Outcome</th>
              <th scope="col" class="num">
                Status
              </th>
              <th scope="col" class="num">
                Attempt
              </th>
              <th scope="col" class="num">
                Conversion
              </th>
              <th scope="col">URL called</th>
              <th scope="col">Error</th>
            </>
          }
          rows={rows}
          row={(d) => {
            const outcome = outcomeOf(d);
            return (
              <tr key={d.id} data-outgoing-postback-id={d.id} data-outcome={outcome}>
                <td class="nowrap">{formatStamp(d.timestamp, locale)}</td>
                <td>
                  <span class={`badge ${outcomeBadge[outcome]}`}>{outcomeLabel[outcome]}</span>
                </td>
                <td class="num">{d.status_code ?? <span class="muted">–</span>}</td>
                <td class="num">{d.attempt}</td>
                <td class="num">#{d.conversion_id}</td>
                <td class="cell-url">{d.url}</td>
                <td>{d.error ?? <span class="muted">–</span>}</td>
              </tr>
            );
          }}
        />
      )}
    </div>
  );
}
