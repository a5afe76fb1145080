import { useDashboard } from '../../components/context.ts';
import { formatMoney } from '../../format/money.ts';
import { formatCount } from '../../format/numbers.ts';
import type { CapMetric } from '../api.ts';
import { AffiliateCell, ChoiceCell, TextCell } from '../editor/EditorCells.tsx';
import {
  EditorRow,
  EditorSection,
  EditorTable,
  type RuleSectionProps,
} from '../editor/EditorSection.tsx';
import { formatMinute } from '../format.ts';
import {
  metricLabels,
  periodLabels,
  usageOf,
  type CapDraft,
  type CapsEditor,
} from './caps-model.ts';

export function CapsSection(props: RuleSectionProps<CapsEditor>) {
  const { model, canEdit } = props;
  const { locale } = useDashboard();
  const { list } = model;
  const answer = list.answer.value;
  const rows = list.rows.value;
  const currency = answer?.currency ?? 'USD';
  const amount = (metric: CapMetric, n: number) =>
    metric === 'payout' ? formatMoney(n, currency, locale) : formatCount(n, locale);
  return (
    <EditorSection
      id="caps-title"
      title="Caps"
      marker="data-caps"
      editor={model}
      actions={canEdit && { add: 'Add cap', save: 'Save caps' }}
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
          {rows.map((row, i) => (
            <EditorRow
              key={row.key}
              noun="cap"
              editor={model}
              row={row}
              index={i}
              canEdit={canEdit}
              data={{ 'data-cap-row': i }}
              fields={() => <CapFields {...props} row={row} index={i} currency={currency} />}
              shown={() => (
                <>
                  <td data-label="Metric">{metricLabels[row.metric]}</td>
                  <td data-label="Period">{periodLabels[row.period]}</td>
                  <td class="num" data-label="Limit">
                    {amount(row.metric, Number(row.limit))}
                  </td>
                  <td data-label="Affiliate">
                    {row.affiliate ? props.affiliateName(row.affiliate) : 'Whole campaign'}
                  </td>
                </>
              )}
              after={
                <UsageCell row={row} amount={amount} timeZone={answer.time_zone} locale={locale} />
              }
            />
          ))}
        </EditorTable>
      )}
    </EditorSection>
  );
}

function CapFields(
  props: RuleSectionProps<CapsEditor> & { row: CapDraft; index: number; currency: string },
) {
  const { model, row, index } = props;
  const n = index + 1;
  // Every cell edits this row of this editor.
  const on = { editor: model, row, index };
  const payout = row.metric === 'payout';
  return (
    <>
      <ChoiceCell
        column="Metric"
        label={`Cap ${n} metric`}
        {...on}
        field="metric"
        labels={metricLabels}
      />
      <ChoiceCell
        column="Period"
        label={`Cap ${n} period`}
        {...on}
        field="period"
        labels={periodLabels}
      />
      <TextCell
        column="Limit"
        label={`Cap ${n} limit${payout ? ` in ${props.currency}` : ''}`}
        {...on}
        field="limit"
        inputMode={payout ? 'decimal' : 'numeric'}
        placeholder={payout ? '1000.00' : '50'}
        unit={payout ? props.currency : undefined}
      />
      <AffiliateCell
        label={`Cap ${n} affiliate`}
        anyone="Whole campaign"
        {...on}
        affiliates={props.affiliates}
        nameOf={props.affiliateName}
      />
    </>
  );
}

/** How much of the cap this period has used, and when it starts again. */
function UsageCell(props: {
  row: CapDraft;
  amount: (metric: CapMetric, n: number) => string;
  timeZone: string;
  locale: string;
}) {
  const { row, amount } = props;
  const usage = usageOf(row);
  return (
    <td class="usage-cell" data-used={usage?.used} data-remaining={usage?.remaining}>
      {usage ? (
        <>
          <span class={usage.full ? 'usage-bar usage-full' : 'usage-bar'} aria-hidden="true">
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
              resets {formatMinute(row.usage.resets_at, props.locale, props.timeZone)}{' '}
              {props.timeZone}
            </span>
          )}
        </>
      ) : (
        <span class="muted">counted once saved</span>
      )}
    </td>
  );
}
