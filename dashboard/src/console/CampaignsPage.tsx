import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../components/context.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { formatMoney } from '../format/money.ts';
import { consoleApi } from './api.ts';
import { CampaignsModel, type Campaigns } from './campaigns-model.ts';

export function CampaignsPage() {
  const { api, locale } = useDashboard();
  const model = useModel(() => new CampaignsModel(consoleApi(api), api.baseUrl));
  useEffect(() => void model.load(), []);
  const rows = model.rows.value;
  return (
    <div class="page" aria-busy={model.loading.value} data-page="campaigns">
      <PageHeading description="Offers affiliates promote: where the tracking link sends visitors, what an affiliate earns and how long a click can convert.">
        Campaigns
      </PageHeading>
      <CampaignForm model={model} />
      {model.error.value && <ErrorNotice message={model.error.value} onRetry={() => void model.load()} />}
      {rows === null ? (
        model.loading.value && <p class="muted" role="status">Loading campaigns…</p>
      ) : rows.length === 0 ? (
        <EmptyState title="No campaigns yet">
          <p>Create one above with the advertiser's offer URL; affiliates then get tracking links for it.</p>
        </EmptyState>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="sr-only">Campaigns</caption>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Offer URL</th>
                <th scope="col" class="num">Default payout</th>
                <th scope="col" class="num">Window</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-campaign-id={row.id}>
                  <td class="num">{row.id}</td>
                  <td>{row.name}</td>
                  <td>
                    <span class={`badge ${row.status === 'active' ? 'badge-approved' : 'badge-pending'}`}>{row.status === 'active' ? 'Active' : 'Paused'}</span>
                  </td>
                  <td class="cell-url">{row.offer_url ?? <span class="muted">none: clicks answer JSON</span>}</td>
                  <td class="num">{row.default_payout === null ? <span class="muted">–</span> : formatMoney(row.default_payout, row.currency, locale)}</td>
                  <td class="num nowrap">{row.attribution_window_days} days</td>
                  <td>
                    <button type="button" class="button button-quiet" onClick={() => model.edit(row)} aria-label={`Edit ${row.name}`}>
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function CampaignForm({ model }: { model: Campaigns }) {
  const d = model.draft.value;
  const editing = model.editing.value !== null;
  return (
    <section class="panel" aria-labelledby="campaign-form-title" data-campaign-form={editing ? 'edit' : 'new'}>
      <h2 id="campaign-form-title">{model.formTitle.value}</h2>
      <form
        class="console-form"
        onSubmit={(e) => {
          e.preventDefault();
          void model.save();
        }}
      >
        <label class="field">
          Name
          <input name="name" required maxLength={100} autoComplete="off" value={d.name} onInput={(e) => model.set('name', e.currentTarget.value)} />
        </label>
        <label class="field field-wide">
          Offer URL
          <input
            name="offer_url"
            type="url"
            inputMode="url"
            autoComplete="off"
            placeholder="https://advertiser.example/offer?click_id={click_id}"
            value={d.offer_url}
            onInput={(e) => model.set('offer_url', e.currentTarget.value)}
          />
        </label>
        <label class="field">
          Default payout
          <input name="default_payout" inputMode="decimal" autoComplete="off" placeholder="e.g. 25.00" value={d.default_payout} onInput={(e) => model.set('default_payout', e.currentTarget.value)} />
        </label>
        <label class="field">
          Currency
          <input name="currency" maxLength={3} autoComplete="off" value={d.currency} onInput={(e) => model.set('currency', e.currentTarget.value)} />
        </label>
        <label class="field">
          Attribution window (days)
          <input name="attribution_window_days" type="number" min={1} max={365} value={d.attribution_window_days} onInput={(e) => model.set('attribution_window_days', e.currentTarget.value)} />
        </label>
        <label class="field">
          Status
          <select name="status" value={d.status} onChange={(e) => model.set('status', e.currentTarget.value as 'active' | 'paused')}>
            <option value="active">Active</option>
            <option value="paused">Paused</option>
          </select>
        </label>
        <div class="form-actions">
          <button type="submit" class="button" disabled={model.saving.value}>
            {model.saving.value ? 'Saving…' : editing ? 'Save changes' : 'Create campaign'}
          </button>
          {editing && (
            <button type="button" class="button button-quiet" onClick={model.cancel}>
              Cancel
            </button>
          )}
        </div>
      </form>
      {model.formError.value && (
        <p class="field-error" role="alert">
          {model.formError.value}
        </p>
      )}
      {model.saved.value && (
        <p class="notice notice-ok" role="status">
          {model.saved.value}
        </p>
      )}
    </section>
  );
}
