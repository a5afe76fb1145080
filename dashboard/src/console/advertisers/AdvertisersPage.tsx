import { useModel } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { useDashboard } from '../../components/context.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { AdvertisersModel, type Advertisers } from './advertisers-model.ts';
import {
  CredentialActions,
  NameForm,
  PartnerCells,
  PartnerHead,
  RevealedCredential,
} from '../partners/Credentials.tsx';
import { ListView } from '../lists/ListView.tsx';
import { consoleApi, type Advertiser, type MappedStatus } from '../api.ts';
import { PresetTable } from '../presets/PresetTable.tsx';
import { mappedStatuses } from './status-map.ts';
import '../money.css';

const COLUMNS = 6;

export function AdvertisersPage() {
  const { api } = useDashboard();
  const model = useModel(() => new AdvertisersModel(consoleApi(api), api.baseUrl));
  useEffect(() => void model.list.load(), []);
  return (
    <div class="page" aria-busy={model.list.busy.value} data-page="advertisers">
      <PageHeading description="The companies that own campaigns. An advertiser's postback URL decides its conversions, and its API key opens its own console: campaigns, review and postback log.">
        Advertisers
      </PageHeading>
      <Revealed model={model} />
      {model.editing.value === null ? (
        <NameForm
          id="new-advertiser"
          title="New advertiser"
          form={model.form}
          submit="Create advertiser"
          onCreate={() => void model.create()}
        />
      ) : (
        <EditForm model={model} />
      )}
      {model.saved.value && (
        <p class="notice notice-ok" role="status">
          {model.saved.value}
        </p>
      )}
      <ListView
        list={model.list}
        noun="advertisers"
        table={{ name: 'advertisers', class: 'actions-table' }}
        empty={{
          title: 'No advertisers yet',
          body: (
            <p>
              Create the first one above. Its API key is shown once, to copy and send to the
              advertiser with its postback URL.
            </p>
          ),
        }}
        head={<PartnerHead detail="Status map" />}
        row={(row) => <Row key={row.id} model={model} row={row} />}
      />
    </div>
  );
}

function Row({ model, row }: { model: Advertisers; row: Advertiser }) {
  const showUrl = model.urlsShown.value.has(row.id);
  return (
    <>
      <tr data-advertiser-id={row.id}>
        <PartnerCells partner={row} detail={<StatusMapCell map={row.status_map} />}>
          <CredentialActions row={row} model={model} secret="token">
            <button
              type="button"
              class="button button-quiet"
              onClick={() => model.edit(row)}
              aria-label={`Edit ${row.name}`}
            >
              Edit
            </button>
            <button
              type="button"
              class="button button-quiet"
              aria-expanded={showUrl}
              aria-controls={`advertiser-url-${row.id}`}
              onClick={() => model.toggleUrl(row.id)}
              aria-label={`Postback URL of ${row.name}`}
            >
              Postback URL
            </button>
          </CredentialActions>
        </PartnerCells>
      </tr>
      {showUrl && (
        <tr class="history-row" id={`advertiser-url-${row.id}`} data-url-for={row.id}>
          <td colSpan={COLUMNS}>
            <p class="output-label">Postback URL (the same for all its affiliates)</p>
            <div class="copy-row">
              <output class="url" data-postback-url>
                {row.postback_url}
              </output>
              <CopyButton text={row.postback_url} label={`postback URL of ${row.name}`} />
            </div>
            {row.previous_secret_valid_until && (
              <p class="small muted">
                The previous token and signing secret are accepted until{' '}
                {new Date(row.previous_secret_valid_until).toUTCString()}.
              </p>
            )}
            <details class="presets-details">
              <summary>
                Vendor preset URLs (Voluum, Keitaro, Everflow, Affise, RedTrack, Binom)
              </summary>
              <PresetTable postbackUrl={row.postback_url} token={row.postback_token} />
            </details>
          </td>
        </tr>
      )}
    </>
  );
}

/** The first few of an advertiser's own status values and what each becomes. */
function StatusMapCell(props: { map: Advertiser['status_map'] }) {
  const mapped = Object.entries(props.map);
  return (
    <td data-status-map class="status-map-cell">
      {mapped.length === 0 ? (
        <span class="muted">None</span>
      ) : (
        <span class="small">
          {mapped
            .slice(0, 3)
            .map(([k, v]) => `${k} → ${v}`)
            .join(', ')}
          {mapped.length > 3 && ` and ${mapped.length - 3} more`}
        </span>
      )}
    </td>
  );
}

function EditForm({ model }: { model: Advertisers }) {
  const row = model.edited.value;
  const errors = model.editErrors.value;
  const lines = model.draftRows.value;
  return (
    <section class="panel" aria-labelledby="edit-advertiser" data-advertiser-form="edit">
      <h2 id="edit-advertiser">Edit {row?.name ?? `advertiser #${model.editing.value}`}</h2>
      <form
        class="edit-advertiser"
        onSubmit={(e) => {
          e.preventDefault();
          void model.save();
        }}
      >
        <label class="field edit-name">
          Name
          <input
            name="name"
            maxLength={100}
            autoComplete="off"
            value={model.draftName.value}
            aria-invalid={errors.name !== null}
            aria-describedby={errors.name ? 'name-error' : undefined}
            onInput={(e) => (model.draftName.value = e.currentTarget.value)}
          />
          {errors.name && (
            <span class="field-error" id="name-error">
              {errors.name}
            </span>
          )}
        </label>
        <fieldset class="status-map" aria-describedby="status-map-help">
          <legend>Status map for vendor presets</legend>
          <p class="help" id="status-map-help">
            The advertiser’s own status values and what each becomes. They are matched exactly,
            before each vendor’s standard words.
          </p>
          <div class="map-head" aria-hidden="true">
            <span>Their value</span>
            <span />
            <span>Becomes</span>
          </div>
          <ol class="map-lines">
            {lines.map((line, i) => (
              <li key={i} class="map-line" data-map-line={i}>
                <input
                  name={`status_value_${i}`}
                  aria-label={`Their value, line ${i + 1}`}
                  autoComplete="off"
                  spellcheck={false}
                  placeholder="e.g. paid"
                  value={line.key}
                  aria-invalid={errors.lines.has(i)}
                  aria-describedby={errors.lines.has(i) ? `map-error-${i}` : undefined}
                  onInput={(e) => model.setLine(i, { key: e.currentTarget.value })}
                />
                <span class="map-arrow" aria-hidden="true">
                  →
                </span>
                <select
                  name={`status_${i}`}
                  aria-label={`Becomes, line ${i + 1}`}
                  value={line.value}
                  onChange={(e) =>
                    model.setLine(i, { value: e.currentTarget.value as MappedStatus })
                  }
                >
                  {mappedStatuses.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  class="button button-quiet"
                  onClick={() => model.removeLine(i)}
                  aria-label={`Remove line ${i + 1}${line.key ? ` (${line.key})` : ''}`}
                >
                  Remove
                </button>
                {errors.lines.has(i) && (
                  <p class="field-error map-error" id={`map-error-${i}`} role="alert">
                    {errors.lines.get(i)}
                  </p>
                )}
              </li>
            ))}
          </ol>
          <button type="button" class="button button-secondary" onClick={model.addLine}>
            Add a value
          </button>
          {errors.map.map((m) => (
            <p key={m} class="field-error" role="alert" data-map-error>
              {m}
            </p>
          ))}
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button" disabled={model.saving.value}>
            {model.saving.value ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" class="button button-quiet" onClick={model.cancel}>
            Cancel
          </button>
        </div>
      </form>
      {errors.other && <ErrorNotice message={errors.other} />}
    </section>
  );
}

function Revealed({ model }: { model: Advertisers }) {
  const shown = model.revealed.value;
  if (!shown) return null;
  const what = shown.kind === 'api-key' ? 'API key' : 'new postback URL';
  return (
    <RevealedCredential
      kind={shown.kind}
      title={`${shown.advertiserName}’s ${what}`}
      what={what}
      value={shown.value}
      once={shown.once}
      note={shown.note}
      onDismiss={model.dismiss}
    />
  );
}
