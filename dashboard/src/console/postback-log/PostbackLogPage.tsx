import { useModel } from '@preact/signals';
import { useDashboard } from '../../components/context.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { formatStamp } from '../format.ts';
import { useLiveConversions, useUrlFilters } from '../hooks.ts';
import { ConversionFilterFields } from '../conversions/IdFilter.tsx';
import { CursorPager, CursorTable } from '../lists/ListView.tsx';
import { consoleApi, type PostbackAttempt } from '../api.ts';
import {
  logFiltersFrom,
  logFiltersQuery,
  logUrlKeys,
  PostbackLogModel,
  type PostbackLog,
} from './postback-log-model.ts';
import {
  explainReason,
  logReasons,
  outcomeLabels,
  reasonLabel,
  type Outcome,
} from '../conversions/reasons.ts';
import '../money.css';

const outcomeBadges: Record<Outcome, string> = {
  created: 'badge-approved',
  status_changed: 'badge-approved',
  duplicate: 'badge-other',
  queued: 'badge-pending',
  refused: 'badge-rejected',
};

// Who sent it, by the credential it carried; a token or signature that proved no one is named as such.
const senderLabels: Record<string, string> = {
  admin: 'Network',
  advertiser: 'Advertiser',
  affiliate: 'Affiliate',
  token: 'Unknown token',
  signature: 'Unknown signature',
  none: 'No credential',
};

// The log is written through a queue: an attempt shows up a few seconds after its conversion.
const QUEUE_DELAY_MS = 3000;
const COLUMNS = 10;

export function PostbackLogPage() {
  const { api, router } = useDashboard();
  const model = useModel(() => new PostbackLogModel(consoleApi(api), api.baseUrl));
  useUrlFilters(model.filters, logUrlKeys, logFiltersQuery, (query) =>
    model.setFilters(logFiltersFrom(query)),
  );
  useLiveConversions(() => void setTimeout(() => void model.refresh(), QUEUE_DELAY_MS));
  const { list } = model;
  return (
    <div
      class="page"
      aria-busy={list.page.loading.value || !list.page.settled.value}
      data-page="postback-log"
    >
      <PageHeading description="Every postback attempt, accepted or refused: the answer its sender got and why. Attempts show up a few seconds after they are made and are kept 30 days.">
        Postback log
      </PageHeading>
      <ClickSearch model={model} setupHref={router.href('postback-setup')} />
      <Filters model={model} />
      {model.error.value && (
        <ErrorNotice message={model.error.value} onRetry={() => void model.load()} />
      )}
      {list.empty.value ? <Empty model={model} /> : <LogTable model={model} />}
      {list.rows.value.length > 0 && (
        <CursorPager
          list={list}
          label="Postback log pages"
          updatedAt={model.updatedAt.value}
          onNewer={() => void model.previous()}
          onOlder={() => void model.next()}
        />
      )}
    </div>
  );
}

function ClickSearch({ model, setupHref }: { model: PostbackLog; setupHref: string }) {
  const { session, locale } = useDashboard();
  const verdict = model.verdict.value;
  const searched = model.filters.value.click;
  return (
    <section class="panel click-search" aria-labelledby="why-title">
      <h2 id="why-title">Why didn’t my conversion count?</h2>
      <form
        class="search-row"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          model.searchClick();
        }}
      >
        <label class="field search-field">
          Click id
          <input
            name="click_id"
            type="search"
            autoComplete="off"
            spellcheck={false}
            placeholder="Paste the click id your system received"
            value={model.clickInput.value}
            onInput={(e) => (model.clickInput.value = e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="button">
          Search
        </button>
      </form>
      {verdict && (
        <div class={`verdict verdict-${verdict.tone}`} role="status" data-verdict={verdict.tone}>
          <p class="verdict-headline">{verdict.headline}</p>
          <p>{verdict.detail}</p>
          <p class="small muted">
            Latest of {verdict.attempts} attempt{verdict.attempts === 1 ? '' : 's'} for this click,{' '}
            {formatStamp(verdict.latest.received_at, locale)} UTC.
          </p>
        </div>
      )}
      {searched && model.list.empty.value && (
        <div class="verdict verdict-info" role="status" data-verdict="none">
          <p class="verdict-headline">No postback arrived for this click id in the last 30 days.</p>
          <p>
            {session.role.value === 'advertiser' ? (
              <>
                Check that your system fired the postback to your URL (
                <a href={setupHref}>Postback URL &amp; presets</a>) with this click id, unchanged.
              </>
            ) : (
              'Check that the advertiser fired the postback to its URL with this click id, unchanged. A postback whose token matched no advertiser is listed without a click for advertisers.'
            )}
          </p>
        </div>
      )}
    </section>
  );
}

function Filters({ model }: { model: PostbackLog }) {
  const f = model.filters.value;
  return (
    <section class="filters filters-plain" aria-label="Filters">
      <label class="field">
        Outcome
        <select
          name="outcome"
          value={f.outcome}
          onChange={(e) => model.setFilter('outcome', e.currentTarget.value as Outcome | '')}
        >
          <option value="">Any outcome</option>
          {(Object.keys(outcomeLabels) as Outcome[]).map((o) => (
            <option key={o} value={o}>
              {outcomeLabels[o]}
            </option>
          ))}
        </select>
      </label>
      <ConversionFilterFields
        filters={f}
        reasons={logReasons}
        onChange={(key, value) => model.setFilter(key, value)}
      />
      <div class="form-actions filters-actions">
        <button
          type="button"
          class="button button-secondary"
          onClick={() => void model.refresh()}
          disabled={model.list.page.loading.value}
        >
          Refresh
        </button>
        {model.filtered.value && (
          <button type="button" class="button button-quiet" onClick={model.clearFilters}>
            Show all attempts
          </button>
        )}
      </div>
    </section>
  );
}

function Empty({ model }: { model: PostbackLog }) {
  const { session, router } = useDashboard();
  if (model.filters.value.click) return null;
  if (model.filtered.value) {
    return (
      <EmptyState title="No attempts match these filters">
        <p>Nothing in the last 30 days has this outcome, reason, campaign or affiliate.</p>
        <button type="button" class="button button-secondary" onClick={model.clearFilters}>
          Show all attempts
        </button>
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No postbacks in the last 30 days">
      {session.role.value === 'advertiser' ? (
        <p>
          Point your system or tracker at your postback URL (
          <a href={router.href('postback-setup')}>Postback URL &amp; presets</a>). Every attempt,
          counted or refused, appears here a few seconds after it arrives.
        </p>
      ) : (
        <p>
          Every postback an advertiser or affiliate sends, counted or refused, appears here a few
          seconds after it arrives.
        </p>
      )}
    </EmptyState>
  );
}

function LogTable({ model }: { model: PostbackLog }) {
  return (
    <CursorTable
      list={model.list}
      noun="the postback log"
      label="Postback attempts"
      caption="Postback attempts, newest first"
      table={{ name: 'postback-log', class: 'log-table' }}
      head={
        <>
          <th scope="col">Received (UTC)</th>
          <th scope="col">Outcome</th>
          <th scope="col" class="num">
            HTTP
          </th>
          <th scope="col">Reason</th>
          <th scope="col">Sender</th>
          <th scope="col">Preset</th>
          <th scope="col">Click id</th>
          <th scope="col">Campaign</th>
          <th scope="col">Affiliate</th>
          <th scope="col">
            <span class="sr-only">Details</span>
          </th>
        </>
      }
      row={(a) => <Row key={a.id} model={model} a={a} />}
    />
  );
}

function Row({ model, a }: { model: PostbackLog; a: PostbackAttempt }) {
  const { catalog, locale, session } = useDashboard();
  const open = model.expanded.value.has(a.id);
  const affiliate =
    a.affiliate_id === null
      ? null
      : (session.affiliates.value.find((x) => x.id === a.affiliate_id)?.name ??
        `#${a.affiliate_id}`);
  return (
    <>
      <tr data-attempt-id={a.id} data-outcome={a.outcome}>
        <td class="nowrap">{formatStamp(a.received_at, locale)}</td>
        <td>
          <span class={`badge ${outcomeBadges[a.outcome]}`}>{outcomeLabels[a.outcome]}</span>
        </td>
        <td class="num">{a.http_status}</td>
        <td>
          {a.reason ? (
            <span title={explainReason(a.reason)}>{reasonLabel(a.reason)}</span>
          ) : (
            <span class="muted">–</span>
          )}
        </td>
        <td>{senderLabels[a.credential_kind] ?? a.credential_kind}</td>
        <td>{a.preset ?? <span class="muted">–</span>}</td>
        <td>
          {a.click_id ? (
            <button
              type="button"
              class="link-button id"
              onClick={() => model.searchClick(a.click_id!)}
              title="Show only this click's attempts"
            >
              {a.click_id}
            </button>
          ) : (
            <span class="muted">–</span>
          )}
        </td>
        <td>
          {a.campaign_id === null ? <span class="muted">–</span> : catalog.name(a.campaign_id)}
        </td>
        <td>{affiliate ?? <span class="muted">–</span>}</td>
        <td>
          <button
            type="button"
            class="button button-quiet button-small"
            aria-expanded={open}
            aria-controls={`attempt-${a.id}`}
            onClick={() => model.toggleParams(a.id)}
          >
            Details<span class="sr-only"> of attempt #{a.id}</span>
          </button>
        </td>
      </tr>
      {open && (
        <tr class="history-row" id={`attempt-${a.id}`} data-details-for={a.id}>
          <td colSpan={COLUMNS}>
            {a.message && (
              <p>
                <strong>Answer:</strong> {a.message}
              </p>
            )}
            {a.reason && <p class="small">{explainReason(a.reason)}</p>}
            {a.conversion_id !== null && <p class="small">Conversion #{a.conversion_id}</p>}
            <p class="output-label">Parameters as sent (secrets redacted)</p>
            {Object.keys(a.params).length ? (
              <dl class="params">
                {Object.entries(a.params).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd class={v === '[redacted]' ? 'muted' : undefined}>{v}</dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p class="muted small">No parameters.</p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
