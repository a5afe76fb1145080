import type { Device } from '../../../../worker/routing/schema.ts';
import { useDashboard } from '../../components/context.ts';
import type { Campaign } from '../api.ts';
import { useId } from 'preact/hooks';
import { isRefused, refusal } from '../editor/editable-list.ts';
import { FieldError } from '../forms/Field.tsx';
import { CountryField, EditorSection, TryBox } from '../editor/EditorSection.tsx';
import { formatStamp } from '../format.ts';
import {
  DEVICES,
  describeConditions,
  SUBS,
  SYSTEMS,
  systemsFor,
  type RouteDraft,
  type RoutingEditor,
  type SubDraft,
  type VariantDraft,
} from './routing-model.ts';

export function RoutingSection({
  model,
  campaign,
  canEdit,
}: {
  model: RoutingEditor;
  campaign: Campaign;
  canEdit: boolean;
}) {
  const { locale } = useDashboard();
  const { list } = model;
  const answer = list.answer.value;
  const rows = list.rows.value;
  const saved = answer?.versions.find((v) => v.version === answer.version);
  return (
    <EditorSection
      id="routing-title"
      title="Routing rules"
      marker="data-routing"
      editor={model}
      actions={canEdit && { add: 'Add routing rule', save: 'Save routing rules' }}
      after={() => <RoutePreviewBox model={model} paused={campaign.status === 'paused'} />}
      aside={
        answer && answer.version > 0 ? (
          <p class="muted small version" data-rules-version={answer.version}>
            Version {answer.version}
            {saved && `, saved ${formatStamp(saved.created_at, locale)} UTC`}
          </p>
        ) : undefined
      }
      lead={
        <>
          Tried top to bottom on every click: the first rule whose conditions all match decides
          where the visitor goes. No match: the offer URL
          {campaign.offer_url ? '' : ' (none set, so the fallback)'}.
        </>
      }
    >
      {() => (
        <>
          {rows.length === 0 && (
            <p class="muted">No routing rules: every visitor goes to the offer URL.</p>
          )}
          <ol class="routes">
            {rows.map((row, i) =>
              canEdit ? (
                <RouteEditor key={row.key} model={model} row={row} index={i} count={rows.length} />
              ) : (
                <RouteSummary key={row.key} row={row} index={i} />
              ),
            )}
          </ol>
        </>
      )}
    </EditorSection>
  );
}

function RouteSummary({ row, index }: { row: RouteDraft; index: number }) {
  return (
    <li class="route" data-route-index={index}>
      <p class="route-title">
        <span class="rank">{index + 1}</span> <strong>{row.name}</strong>: {describeConditions(row)}
      </p>
      {row.action === 'fallback' ? (
        <p class="small">Sends them to the fallback URL.</p>
      ) : (
        <ul class="small variants-summary">
          {row.variants.map((v) => (
            <li key={v.id}>
              {v.id} (weight {v.weight}): <code class="cell-url">{v.url}</code>
              {v.ios_url && (
                <>
                  {' '}
                  · iOS <code class="cell-url">{v.ios_url}</code>
                </>
              )}
              {v.android_url && (
                <>
                  {' '}
                  · Android <code class="cell-url">{v.android_url}</code>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function RouteEditor({
  model,
  row,
  index,
  count,
}: {
  model: RoutingEditor;
  row: RouteDraft;
  index: number;
  count: number;
}) {
  const { list } = model;
  const n = index + 1;
  const refused = list.refused.value;
  // Why the API refused the rule's name, conditions or action, each next to its part.
  const errorId = useId();
  const why = (field: 'name' | 'conditions' | 'action') => {
    const message = refusal(refused, index, field);
    return {
      message,
      id: `${errorId}-${field}`,
      control: message
        ? { 'aria-invalid': true as const, 'aria-describedby': `${errorId}-${field}` }
        : {},
    };
  };
  const name = why('name');
  const conditions = why('conditions');
  const action = why('action');
  // Each field of landing page j edits that page of this rule.
  const at = (variant: VariantDraft, j: number) => ({ model, row, variant, index: j });
  return (
    <li
      class={isRefused(refused, index) ? 'route route-refused' : 'route'}
      data-route-index={index}
    >
      <div class="route-head">
        <span class="rank" aria-hidden="true">
          {n}
        </span>
        <input
          class="route-name"
          aria-label={`Rule ${n} name`}
          {...name.control}
          maxLength={64}
          value={row.name}
          onInput={(e) => model.set(row.key, 'name', e.currentTarget.value)}
        />
        <div class="row-actions">
          <button
            type="button"
            class="button button-quiet button-small"
            disabled={index === 0}
            onClick={() => list.move(row.key, -1)}
            aria-label={`Move rule ${n} up`}
          >
            ↑
          </button>
          <button
            type="button"
            class="button button-quiet button-small"
            disabled={index === count - 1}
            onClick={() => list.move(row.key, 1)}
            aria-label={`Move rule ${n} down`}
          >
            ↓
          </button>
          <button
            type="button"
            class="button button-quiet button-small"
            onClick={() => list.remove(row.key)}
            aria-label={`Remove rule ${n}`}
          >
            Remove
          </button>
        </div>
      </div>
      <FieldError id={name.id} message={name.message} />
      <p class="muted small route-says">Matches: {describeConditions(row)}</p>
      <div class="route-body">
        <fieldset class="route-part">
          <legend>Who it matches (empty: anyone)</legend>
          <div class="route-grid">
            {(
              [
                ['countries', 'Countries', 'DE, AT, CH'],
                ['languages', 'Languages', 'de, en'],
                ['browsers', 'Browsers', 'chrome, mobile safari'],
              ] as const
            ).map(([field, label, example]) => (
              <label class="field" key={field}>
                {label}
                <input
                  // The API names a refused condition as the rule's conditions: the first list shows it.
                  {...(field === 'countries' ? conditions.control : {})}
                  autoComplete="off"
                  placeholder={example}
                  value={row[field]}
                  onInput={(e) => model.set(row.key, field, e.currentTarget.value)}
                />
              </label>
            ))}
          </div>
          <Checks
            legend="Devices"
            values={DEVICES}
            chosen={row.devices}
            onToggle={(v) => model.toggle(row.key, 'devices', v)}
          />
          <Checks
            legend="Operating systems"
            values={SYSTEMS}
            chosen={row.systems}
            onToggle={(v) => model.toggle(row.key, 'systems', v)}
          />
          {row.subs.map((sub, j) => (
            <SubCondition
              key={j}
              sub={sub}
              label={`Rule ${n} sub condition ${j + 1}`}
              onChange={(patch) => model.setSub(row.key, j, patch)}
              onRemove={() => model.removeSub(row.key, j)}
            />
          ))}
          <button type="button" class="link-button small" onClick={() => model.addSub(row.key)}>
            Add a sub id condition
          </button>
          <FieldError id={conditions.id} message={conditions.message} />
        </fieldset>
        <fieldset class="route-part">
          <legend>Where it sends them</legend>
          <div class="checks" role="radiogroup" aria-label={`Rule ${n} sends visitors to`}>
            <label class="check">
              <input
                type="radio"
                name={`route-${row.key}-action`}
                checked={row.action === 'landing'}
                onChange={() => model.set(row.key, 'action', 'landing')}
              />{' '}
              Landing pages
            </label>
            <label class="check">
              <input
                type="radio"
                name={`route-${row.key}-action`}
                checked={row.action === 'fallback'}
                onChange={() => model.set(row.key, 'action', 'fallback')}
              />{' '}
              The fallback URL
            </label>
          </div>
          {row.action === 'landing' ? (
            <>
              {row.variants.map((v, j) => {
                const name = `Rule ${n} landing page ${j + 1}`;
                return (
                  <fieldset class="variant" key={j}>
                    <legend class="sr-only">{name}</legend>
                    <label class="field">
                      Landing page URL
                      <input
                        type="url"
                        {...action.control}
                        autoComplete="off"
                        placeholder="https://lander.example/de?click_id={click_id}"
                        value={v.url}
                        onInput={(e) => model.setVariant(row.key, j, 'url', e.currentTarget.value)}
                      />
                    </label>
                    <div class="variant-line">
                      <VariantField
                        {...at(v, j)}
                        field="id"
                        label="Variant id"
                        class="variant-id"
                      />
                      <VariantField
                        {...at(v, j)}
                        field="weight"
                        label="Weight"
                        class="variant-weight"
                        input={{ inputMode: 'numeric' }}
                      />
                      {row.variants.length > 1 && (
                        <button
                          type="button"
                          class="button button-quiet button-small"
                          onClick={() => model.removeVariant(row.key, j)}
                          aria-label={`Remove ${name.toLowerCase()}`}
                        >
                          Remove
                        </button>
                      )}
                    </div>
                    <details class="deep-links" open={!!(v.ios_url || v.android_url)}>
                      <summary>App deep links</summary>
                      <VariantField
                        {...at(v, j)}
                        field="ios_url"
                        label="iOS"
                        input={{ placeholder: 'itms-apps://… or https://' }}
                      />
                      <VariantField
                        {...at(v, j)}
                        field="android_url"
                        label="Android"
                        input={{ placeholder: 'market://… or intent://…' }}
                      />
                    </details>
                  </fieldset>
                );
              })}
              {row.variants.length > 1 && (
                <p class="muted small">
                  Visitors are split by weight; the same visitor gets the same page all day.
                </p>
              )}
              <button
                type="button"
                class="link-button small"
                onClick={() => model.addVariant(row.key)}
              >
                Add a landing page (A/B split)
              </button>
            </>
          ) : (
            <p class="muted small">
              The campaign's fallback URL, or an "offer unavailable" page when none is set.
            </p>
          )}
          <FieldError id={action.id} message={action.message} />
        </fieldset>
      </div>
    </li>
  );
}

function Checks<T extends string>(props: {
  legend: string;
  values: readonly T[];
  chosen: readonly T[];
  onToggle: (value: T) => void;
}) {
  return (
    <fieldset class="checks">
      <legend>{props.legend}</legend>
      {props.values.map((v) => (
        <label key={v} class="check">
          <input
            type="checkbox"
            checked={props.chosen.includes(v)}
            onChange={() => props.onToggle(v)}
          />{' '}
          {v}
        </label>
      ))}
    </fieldset>
  );
}

function SubCondition(props: {
  sub: SubDraft;
  label: string;
  onChange: (patch: Partial<SubDraft>) => void;
  onRemove: () => void;
}) {
  const { sub, label } = props;
  return (
    <div class="variant-line sub-line">
      <select
        aria-label={`${label} parameter`}
        value={sub.param}
        onChange={(e) => props.onChange({ param: e.currentTarget.value as SubDraft['param'] })}
      >
        {SUBS.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>
      <select
        aria-label={`${label} test`}
        value={sub.match}
        onChange={(e) => props.onChange({ match: e.currentTarget.value as SubDraft['match'] })}
      >
        <option value="equals">equals</option>
        <option value="prefix">starts with</option>
      </select>
      <input
        class="input-short"
        aria-label={`${label} value`}
        autoComplete="off"
        value={sub.value}
        onInput={(e) => props.onChange({ value: e.currentTarget.value })}
      />
      <button
        type="button"
        class="button button-quiet button-small"
        onClick={props.onRemove}
        aria-label={`Remove ${label.toLowerCase()}`}
      >
        Remove
      </button>
    </div>
  );
}

/** One text field of a rule's landing page (its id, weight, app links), typed into its draft. */
function VariantField(props: {
  model: RoutingEditor;
  row: RouteDraft;
  variant: VariantDraft;
  /** Which of the rule's landing pages. */
  index: number;
  field: keyof VariantDraft;
  label: string;
  class?: string;
  /** The input's own attributes: a number's keyboard, an example. */
  input?: { inputMode?: 'numeric'; placeholder?: string };
}) {
  const { model, row, index, field } = props;
  return (
    <label class={props.class ? `field ${props.class}` : 'field'}>
      {props.label}
      <input
        {...props.input}
        autoComplete="off"
        value={props.variant[field]}
        onInput={(e) => model.setVariant(row.key, index, field, e.currentTarget.value)}
      />
    </label>
  );
}

function RoutePreviewBox({ model, paused }: { model: RoutingEditor; paused: boolean }) {
  const v = model.visitor.value;
  return (
    <TryBox
      id="route-preview-title"
      title="Where would a visitor go?"
      editor={model}
      data={{ 'data-route-preview': '', 'data-route-action': model.preview.answer.value?.action }}
      fields={
        <>
          <CountryField value={v.country} onChange={(country) => model.setVisitor({ country })} />
          <label class="field">
            Device
            <select
              name="device"
              value={v.device}
              onChange={(e) => model.setVisitor({ device: e.currentTarget.value as Device })}
            >
              {DEVICES.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            Operating system
            <select
              name="os"
              value={v.os}
              onChange={(e) => model.setVisitor({ os: e.currentTarget.value as typeof v.os })}
            >
              {systemsFor(v.device).map((os) => (
                <option key={os} value={os}>
                  {os}
                </option>
              ))}
            </select>
          </label>
        </>
      }
    >
      {(p) => (
        <>
          <span class="try-url">
            {p.url ? (
              <>
                Goes to <code data-route-url>{p.url}</code>
              </>
            ) : (
              'Sees the "offer unavailable" page: no URL is set for it.'
            )}
          </span>
          <ul class="small reasons">
            {p.reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
          {paused && (
            <p class="notice notice-warn">
              The campaign is paused: for now every visitor goes to the fallback. This is where they
              go once it is active.
            </p>
          )}
        </>
      )}
    </TryBox>
  );
}
