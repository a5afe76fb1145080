import type { AffiliateRow } from '../../api/routes.ts';
import { useDashboard } from '../../components/context.ts';
import { formatMoney } from '../../format/money.ts';
import { formatCount } from '../../format/numbers.ts';
import type { CapMetric, CapPeriod } from '../api.ts';
import {
  metricLabels,
  periodLabels,
  usageOf,
  type CapFields,
  type CapsEditor,
} from './caps-model.ts';
import { isRefused } from '../editor/editable-list.ts';
import {
  AffiliateOptions,
  EditorActions,
  EditorSection,
  EditorTable,
  RemoveCell,
} from '../editor/EditorSection.tsx';
import { formatMinute } from '../format.ts';

interface Props {
  model: CapsEditor;
  canEdit: boolean;
  affiliates: AffiliateRow[];
  affiliateName: (id: string) => string;
}

export function CapsSection({ model, canEdit, affiliates, affiliateName }: Props) {
  const { locale } = useDashboard();
  const { list } = model;
  const answer = list.answer.value;
  const rows = list.rows.value;
  const refused = list.refused.value;
  const currency = answer?.currency ?? 'USD';
  const amount = (metric: CapMetric, n: number) =>
    metric === 'payout' ? formatMoney(n, currency, locale) : formatCount(n, locale);
  return (
    <EditorSection
      id="caps-title"
      title="Caps"
      marker="data-caps"
      list={list}
      onRetry={() => void model.load()}
      aside={
        answer && (
          // Usage moves with every click and conversion; unsaved edits would be lost, so it waits for them.
          <button
            type="button"
            class="button button-quiet button-small"
            onClick={() => void model.load()}
            disabled={list.loading.value || list.dirty.value}
          >
            Refresh usage
          </button>
        )
      }
      lead={
        <>
          Exact limits: a conversion over a cap is stored as rejected (cap_reached) and never paid;
          once a click cap is reached, tracking links send visitors to the fallback URL.{' '}
          {answer && <>Days and months reset at midnight {answer.time_zone}.</>}
        </>
      }
    >
      {(answer) => (
        <>
          <EditorTable
            caption="Caps and their usage in the current period"
            columns={5}
            canEdit={canEdit}
            empty={rows.length === 0 && 'No caps: conversions, payouts and clicks are unlimited.'}
            head={
              <>
                <th scope="col">Metric</th>
                <th scope="col">Period</th>
                <th scope="col" class={canEdit ? undefined : 'num'}>
                  Limit
                </th>
                <th scope="col">Affiliate</th>
                <th scope="col">Used this period</th>
              </>
            }
          >
            {rows.map((row, i) => {
              const n = i + 1;
              const usage = usageOf(row);
              return (
                <tr
                  key={row.key}
                  data-cap-row={i}
                  class={isRefused(refused, i) ? 'row-refused' : undefined}
                >
                  {canEdit ? (
                    <>
                      <td>
                        <select
                          aria-label={`Cap ${n} metric`}
                          value={row.metric}
                          onChange={(e) =>
                            model.set(
                              row.key,
                              'metric',
                              e.currentTarget.value as CapFields['metric'],
                            )
                          }
                        >
                          {(Object.keys(metricLabels) as CapMetric[]).map((m) => (
                            <option key={m} value={m}>
                              {metricLabels[m]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <select
                          aria-label={`Cap ${n} period`}
                          value={row.period}
                          onChange={(e) =>
                            model.set(
                              row.key,
                              'period',
                              e.currentTarget.value as CapFields['period'],
                            )
                          }
                        >
                          {(Object.keys(periodLabels) as CapPeriod[]).map((p) => (
                            <option key={p} value={p}>
                              {periodLabels[p]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <span class="with-unit">
                          <input
                            class="input-short"
                            aria-label={`Cap ${n} limit${row.metric === 'payout' ? ` in ${currency}` : ''}`}
                            aria-invalid={isRefused(refused, i, 'limit') || undefined}
                            inputMode={row.metric === 'payout' ? 'decimal' : 'numeric'}
                            autoComplete="off"
                            placeholder={row.metric === 'payout' ? '1000.00' : '50'}
                            value={row.limit}
                            onInput={(e) => model.set(row.key, 'limit', e.currentTarget.value)}
                          />
                          {row.metric === 'payout' && <span class="unit">{currency}</span>}
                        </span>
                      </td>
                      <td>
                        <select
                          aria-label={`Cap ${n} affiliate`}
                          aria-invalid={isRefused(refused, i, 'affiliate_id') || undefined}
                          value={row.affiliate}
                          onChange={(e) => model.set(row.key, 'affiliate', e.currentTarget.value)}
                        >
                          <option value="">Whole campaign</option>
                          <AffiliateOptions
                            affiliates={affiliates}
                            current={row.affiliate}
                            nameOf={affiliateName}
                          />
                        </select>
                      </td>
                    </>
                  ) : (
                    <>
                      <td data-label="Metric">{metricLabels[row.metric]}</td>
                      <td data-label="Period">{periodLabels[row.period]}</td>
                      <td class="num" data-label="Limit">
                        {amount(row.metric, Number(row.limit))}
                      </td>
                      <td data-label="Affiliate">
                        {row.affiliate ? affiliateName(row.affiliate) : 'Whole campaign'}
                      </td>
                    </>
                  )}
                  <td class="usage-cell" data-used={usage?.used} data-remaining={usage?.remaining}>
                    {usage ? (
                      <>
                        <span
                          class={usage.full ? 'usage-bar usage-full' : 'usage-bar'}
                          aria-hidden="true"
                        >
                          <span style={{ width: `${Math.round(usage.ratio * 100)}%` }} />
                        </span>
                        <span class="usage-text">
                          {amount(row.metric, usage.used)} of {amount(row.metric, usage.limit)} ·{' '}
                          {usage.full ? (
                            <strong class="usage-reached">reached</strong>
                          ) : (
                            `${amount(row.metric, usage.remaining)} left`
                          )}
                        </span>
                        {row.usage?.resets_at && (
                          <span class="muted small usage-reset">
                            resets {formatMinute(row.usage.resets_at, locale, answer.time_zone)}{' '}
                            {answer.time_zone}
                          </span>
                        )}
                      </>
                    ) : (
                      <span class="muted">counted once saved</span>
                    )}
                  </td>
                  {canEdit && (
                    <RemoveCell label={`Remove cap ${n}`} onRemove={() => list.remove(row.key)} />
                  )}
                </tr>
              );
            })}
          </EditorTable>
          {canEdit && (
            <EditorActions
              list={list}
              addLabel="Add cap"
              saveLabel="Save caps"
              onAdd={model.add}
              onSave={() => void model.save()}
            />
          )}
        </>
      )}
    </EditorSection>
  );
}
