import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../components/context.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { formatDay } from './format.ts';
import { AffiliatesModel, type Affiliates } from './affiliates-model.ts';
import { consoleApi } from './api.ts';
import { FormOutcome, ListView } from './ListView.tsx';

export function AffiliatesPage() {
  const { api, locale, session } = useDashboard();
  const model = useModel(() => new AffiliatesModel(consoleApi(api), api.baseUrl, () => void session.reloadAffiliates()));
  useEffect(() => void model.list.load(), []);
  return (
    <div class="page" aria-busy={model.list.busy.value} data-page="affiliates">
      <PageHeading description="Partners who send traffic. Each has an API key for its dashboard and a postback secret for advertisers.">
        Affiliates
      </PageHeading>
      <Revealed model={model} />
      <CreateForm model={model} />
      <ListView
        list={model.list}
        noun="affiliates"
        empty={{ title: 'No affiliates yet', body: <p>Create the first one above; its API key is shown once, to copy and send to the partner.</p> }}
        head={
          <>
            <th scope="col">ID</th>
            <th scope="col">Name</th>
            <th scope="col">Status</th>
            <th scope="col">Outgoing postback</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </>
        }
        row={(row) => (
          <tr key={row.id} data-affiliate-id={row.id}>
            <td class="num">{row.id}</td>
            <td>{row.name}</td>
            <td>
              <span class={`badge ${row.status === 'active' ? 'badge-approved' : 'badge-rejected'}`}>{row.status === 'active' ? 'Active' : 'Paused'}</span>
            </td>
            <td class="cell-url">{row.outgoing_postback_url ?? <span class="muted">–</span>}</td>
            <td class="nowrap">{formatDay(row.created_at, locale)}</td>
            <td>
              <div class="row-actions">
                <button type="button" class="button button-quiet" disabled={model.busy.value === row.id} onClick={() => void model.toggle(row)} aria-label={`${row.status === 'active' ? 'Pause' : 'Resume'} ${row.name}`}>
                  {row.status === 'active' ? 'Pause' : 'Resume'}
                </button>
                <button type="button" class="button button-quiet" disabled={model.busy.value === row.id} onClick={() => void model.rotateKey(row)} aria-label={`New API key for ${row.name}`}>
                  New key
                </button>
                <button type="button" class="button button-quiet" disabled={model.busy.value === row.id} onClick={() => void model.rotateSecret(row)} aria-label={`New postback secret for ${row.name}`}>
                  New secret
                </button>
              </div>
            </td>
          </tr>
        )}
      />
    </div>
  );
}

function CreateForm({ model }: { model: Affiliates }) {
  return (
    <section class="panel" aria-labelledby="new-affiliate">
      <h2 id="new-affiliate">New affiliate</h2>
      <form
        class="console-form"
        onSubmit={(e) => {
          e.preventDefault();
          void model.create();
        }}
      >
        <label class="field">
          Name
          <input name="name" required maxLength={100} autoComplete="off" value={model.name.value} onInput={(e) => (model.name.value = e.currentTarget.value)} />
        </label>
        <label class="field field-wide">
          Outgoing postback URL
          <input
            name="outgoing_postback_url"
            aria-describedby="outgoing-help"
            type="url"
            inputMode="url"
            autoComplete="off"
            placeholder="https://partner.example/postback?click={click_id}&payout={payout}"
            value={model.postbackUrl.value}
            onInput={(e) => (model.postbackUrl.value = e.currentTarget.value)}
          />
          <span class="help" id="outgoing-help">
            Optional. Called for every new or changed conversion; the affiliate can also set it.
          </span>
        </label>
        <button type="submit" class="button" disabled={model.busy.value === 'create'}>
          {model.busy.value === 'create' ? 'Creating…' : 'Create affiliate'}
        </button>
      </form>
      <FormOutcome error={model.formError.value} />
    </section>
  );
}

function Revealed({ model }: { model: Affiliates }) {
  const shown = model.revealed.value;
  if (!shown) return null;
  const what = shown.kind === 'api-key' ? 'API key' : 'postback secret';
  return (
    <section class="notice notice-ok reveal" role="status" aria-labelledby="revealed-title" data-revealed={shown.kind}>
      <h2 id="revealed-title">
        {shown.affiliateName}'s {what}
      </h2>
      <p>Copy it now: it is shown only this once. {shown.note}</p>
      <div class="copy-row">
        <output class="url" data-secret>
          {shown.value}
        </output>
        <CopyButton text={shown.value} label={what} />
      </div>
      {shown.postbackUrl && (
        <>
          <p class="output-label">Postback URL for the advertiser</p>
          <div class="copy-row">
            <output class="url">{shown.postbackUrl}</output>
            <CopyButton text={shown.postbackUrl} label="postback URL" />
          </div>
        </>
      )}
      <button type="button" class="button button-quiet" onClick={model.dismiss}>
        I have copied it
      </button>
    </section>
  );
}
