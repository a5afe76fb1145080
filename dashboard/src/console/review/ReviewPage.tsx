import { useModel } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { useDashboard } from '../../components/context.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { describeFailure } from '../../api/failure.ts';
import { todayUtc } from '../../format/dates.ts';
import { formatMoney } from '../../format/money.ts';
import { formatHash } from '../../models/router.ts';
import { formatCtit } from './durations.ts';
import { formatStamp } from '../format.ts';
import { useLiveConversions, useUrlFilters } from '../hooks.ts';
import { consoleApi, type NetworkConversion } from '../api.ts';
import { ConversionFilterFields } from '../conversions/IdFilter.tsx';
import { CursorPager, CursorTable } from '../lists/ListView.tsx';
import {
  decisionReasons,
  explainReason,
  reasonLabel,
  reviewReasons,
} from '../conversions/reasons.ts';
import {
  isUnverifiedReport,
  PERIODS,
  ReviewModel,
  reviewFiltersFrom,
  reviewFiltersQuery,
  reviewUrlKeys,
  type Period,
  type Review,
} from './review-model.ts';
import '../money.css';

const periodLabels: Record<Period, string> = {
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '90d': 'Last 90 days',
  '400d': 'Last 400 days',
};
const COLUMNS = 11;

export function ReviewPage() {
  const { api, session } = useDashboard();
  const model = useModel(() => new ReviewModel(consoleApi(api), api.baseUrl, () => todayUtc()));
  useUrlFilters(model.filters, reviewUrlKeys, reviewFiltersQuery, (query) =>
    model.setFilters(reviewFiltersFrom(query)),
  );
  useLiveConversions((n) => model.heard(n));
  const { list } = model;
  const error = list.page.error.value;
  const advertiser = session.role.value === 'advertiser';
  return (
    <div
      class="page"
      aria-busy={list.page.loading.value || !list.page.settled.value}
      data-page="review"
    >
      <PageHeading
        description={
          advertiser
            ? 'Conversions on your campaigns that wait for your decision: held by traffic-quality rules or reported by affiliates. Approve or reject them; each decision is kept in the conversion’s history.'
            : 'Conversions that wait for a decision across the network: held by traffic-quality rules or reported by affiliates. Approve or reject them; each decision is kept in the conversion’s history.'
        }
      >
        Conversions review
      </PageHeading>
      <Filters model={model} />
      <Outcome model={model} />
      {error && (
        <ErrorNotice
          message={describeFailure(error, api.baseUrl)}
          onRetry={() => void model.load()}
        />
      )}
      <Arrivals model={model} />
      {list.empty.value ? (
        <Empty model={model} />
      ) : (
        <>
          <DecisionBar model={model} />
          <ReviewTable model={model} />
          <CursorPager
            list={list}
            label="Conversion pages"
            updatedAt={model.updatedAt.value}
            live="; new conversions appear live."
            onNewer={() => void model.previous()}
            onOlder={() => void model.next()}
          />
        </>
      )}
    </div>
  );
}

function Filters({ model }: { model: Review }) {
  const f = model.filters.value;
  return (
    <section class="panel filters" aria-label="Filters">
      <label class="field">
        Status
        <select
          name="status"
          value={f.status}
          onChange={(e) => model.setFilter('status', e.currentTarget.value as typeof f.status)}
        >
          <option value="pending">Pending review</option>
          <option value="approved">Approved</option>
          <option value="rejected">Rejected</option>
          <option value="">Any status</option>
        </select>
      </label>
      <ConversionFilterFields
        filters={f}
        reasons={reviewReasons}
        onChange={(key, value) => model.setFilter(key, value)}
      />
      <label class="field">
        Received
        <select
          name="period"
          value={f.period}
          onChange={(e) => model.setFilter('period', e.currentTarget.value as Period)}
        >
          {(Object.keys(PERIODS) as Period[]).map((p) => (
            <option key={p} value={p}>
              {periodLabels[p]}
            </option>
          ))}
        </select>
      </label>
      {model.filtered.value && (
        <button
          type="button"
          class="button button-quiet filters-clear"
          onClick={model.clearFilters}
        >
          Clear filters
        </button>
      )}
    </section>
  );
}

function DecisionBar({ model }: { model: Review }) {
  const count = model.selected.value.size;
  const busy = model.submitting.value;
  return (
    <section class="panel decision" aria-labelledby="decision-title" data-selected={count}>
      <h2 id="decision-title" class="decision-count" aria-live="polite">
        {count === 0 ? 'Select conversions to review' : `${count} selected`}
      </h2>
      <form
        class="decision-form"
        onSubmit={(e) => {
          e.preventDefault();
          void model.decide('approved');
        }}
      >
        <label class="field">
          Decision reason
          <select
            name="decision_reason"
            value={model.reason.value}
            onChange={(e) => (model.reason.value = e.currentTarget.value)}
          >
            {decisionReasons.map((r) => (
              <option key={r} value={r}>
                {reasonLabel(r)}
              </option>
            ))}
          </select>
        </label>
        <label class="field decision-note">
          Note (kept in the history)
          <input
            name="note"
            maxLength={500}
            autoComplete="off"
            placeholder="e.g. verified against order export"
            value={model.note.value}
            onInput={(e) => (model.note.value = e.currentTarget.value)}
          />
        </label>
        <div class="form-actions">
          <button type="submit" class="button button-approve" disabled={busy !== null}>
            {busy === 'approved' ? 'Approving…' : 'Approve'}
          </button>
          <button
            type="button"
            class="button button-reject"
            disabled={busy !== null}
            onClick={() => void model.decide('rejected')}
          >
            {busy === 'rejected' ? 'Rejecting…' : 'Reject'}
          </button>
          {count > 0 && (
            <button type="button" class="button button-quiet" onClick={model.clearSelection}>
              Clear selection
            </button>
          )}
        </div>
      </form>
      {model.formError.value && (
        <p class="field-error" role="alert">
          {model.formError.value}
        </p>
      )}
    </section>
  );
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function Outcome({ model }: { model: Review }) {
  const o = model.outcome.value;
  if (!o) return null;
  const verb = { approved: 'Approved', rejected: 'Rejected', pending: 'Put back to pending' }[
    o.status
  ];
  const problems = o.not_found.length + o.refused.length;
  return (
    <section
      class={`notice ${problems ? 'notice-warn' : 'notice-ok'} review-outcome`}
      role="status"
      data-review-outcome={o.status}
    >
      <div>
        <p>
          <strong data-updated={o.updated.length}>
            {verb} {plural(o.updated.length, 'conversion')}.
          </strong>{' '}
          {o.confirmed.length > 0 && (
            <span data-confirmed={o.confirmed.length}>
              {plural(o.confirmed.length, 'was', 'were')} already {o.status}: the network's decision
              is recorded.{' '}
            </span>
          )}
          {o.unchanged.length > 0 && (
            <span data-unchanged={o.unchanged.length}>
              {plural(o.unchanged.length, 'was', 'were')} already {o.status}, unchanged.{' '}
            </span>
          )}
          {o.not_found.length > 0 && (
            <span data-not-found={o.not_found.length}>
              {plural(o.not_found.length, 'id')} not found (deleted, or not on your campaigns):{' '}
              {o.not_found.map((id) => `#${id}`).join(', ')}.
            </span>
          )}
        </p>
        {o.refused.length > 0 && (
          <ul class="refused-list" data-refused={o.refused.length}>
            {o.refused.map((r) => (
              <li key={r.id}>
                #{r.id} left as it was: {r.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" class="button button-quiet" onClick={model.dismissOutcome}>
        Dismiss
      </button>
    </section>
  );
}

function Arrivals({ model }: { model: Review }) {
  const n = model.arrivals.value;
  if (n === 0) return null;
  return (
    <p class="notice notice-info" role="status">
      {plural(n, 'conversion')} arrived since this page opened.
      <button type="button" class="button button-secondary" onClick={model.newest}>
        Show newest
      </button>
    </p>
  );
}

function Empty({ model }: { model: Review }) {
  const f = model.filters.value;
  if (model.filtered.value) {
    return (
      <EmptyState title="No conversions match these filters">
        <p>Try another reason, campaign or affiliate, or a longer period.</p>
        <button type="button" class="button button-secondary" onClick={model.clearFilters}>
          Clear filters
        </button>
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title={f.status === 'pending' ? 'Nothing to review' : 'No conversions in this period'}
    >
      <p>
        {f.status === 'pending'
          ? 'No conversion is waiting for a decision. Conversions held by the traffic-quality rules (too fast after the click, suspicious click, repeat visitor) or reported by affiliates appear here as they arrive.'
          : 'Choose another status or a longer period.'}
      </p>
    </EmptyState>
  );
}

function SelectAll({ model }: { model: Review }) {
  const ref = useRef<HTMLInputElement>(null);
  const state = model.pageSelection.value;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = state === 'some';
  }, [state]);
  return (
    <input
      ref={ref}
      type="checkbox"
      checked={state === 'all'}
      onChange={model.toggleAll}
      aria-label="Select all conversions on this page"
      data-select-all
    />
  );
}

function ReviewTable({ model }: { model: Review }) {
  // An advertiser never sees what the network pays its affiliates.
  const showPayout = useDashboard().session.role.value !== 'advertiser';
  return (
    <CursorTable
      list={model.list}
      noun="conversions"
      label="Conversions to review"
      caption="Conversions, newest first. Tick rows, then approve or reject them above; shift-click ticks a range."
      table={{ name: 'review', class: 'review-table' }}
      head={
        <>
          <th scope="col" class="check">
            <SelectAll model={model} />
          </th>
          <th scope="col">Received (UTC)</th>
          <th scope="col">Conversion</th>
          <th scope="col">Campaign</th>
          <th scope="col">Affiliate</th>
          <th scope="col" class="num">
            Amount
          </th>
          {showPayout && (
            <th scope="col" class="num">
              Payout
            </th>
          )}
          <th scope="col">Status</th>
          <th scope="col">Reason</th>
          <th scope="col" class="num">
            <abbr title="Click to conversion time">CTIT</abbr>
          </th>
          <th scope="col">
            <span class="sr-only">History</span>
          </th>
        </>
      }
      row={(c) => <Row key={c.id} model={model} c={c} />}
    />
  );
}

function Row({ model, c }: { model: Review; c: NetworkConversion }) {
  const { catalog, locale, session } = useDashboard();
  const selected = model.selected.value.has(c.id);
  const open = model.expanded.value.has(c.id);
  const affiliate = session.affiliates.value.find((a) => a.id === c.affiliate_id);
  return (
    <>
      <tr data-conversion-id={c.id} class={selected ? 'row-selected' : undefined}>
        <td class="check">
          <input
            type="checkbox"
            checked={selected}
            aria-label={`Select conversion #${c.id}`}
            // Shift ticks the rows between the last one ticked and this one.
            onClick={(e) => model.toggle(c.id, e.shiftKey)}
          />
        </td>
        <td class="nowrap">{formatStamp(c.created_at, locale)}</td>
        <td>
          <span class="nowrap">#{c.id}</span> <span class="muted">{c.event}</span>
          <br />
          <code class="id" title={`Click id ${c.click_id}`}>
            {c.click_id}
          </code>
          <span class="txid" data-txid={c.txid ?? ''}>
            Transaction{' '}
            {c.txid ? <code class="id">{c.txid}</code> : <span class="muted">none sent</span>}
          </span>
        </td>
        <td>{catalog.name(c.campaign_id)}</td>
        <td>{affiliate ? affiliate.name : `#${c.affiliate_id}`}</td>
        <td class="num">
          {formatMoney(c.amount, c.currency, locale)}
          {isUnverifiedReport(c) && (
            <>
              <br />
              <span
                class="badge badge-unverified"
                data-unverified
                title="The affiliate reported this conversion itself: the amount is its word, counted in no revenue or payout total until the advertiser or the network decides it."
              >
                Unverified: affiliate's report
              </span>
            </>
          )}
        </td>
        {'payout' in c && (
          <td class="num">
            {c.payout === null ? (
              <span class="muted">–</span>
            ) : (
              formatMoney(c.payout, c.currency, locale)
            )}
          </td>
        )}
        <td>
          <StatusBadge status={c.status} />
        </td>
        <td>
          {c.reason ? (
            <span title={explainReason(c.reason)}>{reasonLabel(c.reason)}</span>
          ) : (
            <span class="muted">–</span>
          )}
        </td>
        <td class="num nowrap">{formatCtit(c.ctit_seconds)}</td>
        <td>
          <button
            type="button"
            class="button button-quiet button-small"
            aria-expanded={open}
            aria-controls={`history-${c.id}`}
            onClick={() => model.toggleHistory(c.id)}
          >
            History<span class="sr-only"> of conversion #{c.id}</span>
          </button>
        </td>
      </tr>
      {open && <HistoryRow model={model} c={c} />}
    </>
  );
}

const kindLabels: Record<string, string> = {
  admin: 'the network',
  advertiser: 'the advertiser',
  affiliate: 'the affiliate',
  rules: 'the rules',
};

function HistoryRow({ model, c }: { model: Review; c: NetworkConversion }) {
  const { locale } = useDashboard();
  const view = model.histories.value.get(c.id);
  return (
    <tr class="history-row" id={`history-${c.id}`} data-history-for={c.id}>
      <td colSpan={COLUMNS}>
        {!view || (!view.entries && !view.error) ? (
          <p class="muted" role="status">
            Loading history…
          </p>
        ) : view.error ? (
          <p class="field-error" role="alert">
            {view.error}
          </p>
        ) : (
          <ol class="timeline">
            {view.entries!.map((h, i) => (
              <li key={i} data-history-entry>
                <span class="timeline-at">{formatStamp(h.at, locale)}</span>{' '}
                {h.from_status === null ? (
                  <>
                    Recorded as <StatusBadge status={h.to_status} />
                  </>
                ) : (
                  <>
                    <StatusBadge status={h.from_status} /> → <StatusBadge status={h.to_status} />
                  </>
                )}
                <span class="timeline-by" data-history-by={h.credential_kind ?? ''}>
                  {' by '}
                  {h.credential_kind
                    ? (kindLabels[h.credential_kind] ?? h.credential_kind)
                    : 'a sender no longer recorded'}
                </span>
                <span class="timeline-reason" data-history-reason={h.reason ?? ''}>
                  {' · '}
                  {h.reason ? reasonLabel(h.reason) : 'reason not recorded'}
                </span>
                {h.note && <q class="timeline-note">{h.note}</q>}
              </li>
            ))}
          </ol>
        )}
        <a
          class="small"
          href={formatHash({ page: 'postback-log', query: { click_id: c.click_id } })}
        >
          Postback attempts for this click
        </a>
      </td>
    </tr>
  );
}
