import type { ComponentChildren, Ref } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Advertiser } from '../api.ts';
import { Field } from '../forms/Field.tsx';
import { FormOutcome } from '../lists/ListView.tsx';
import { timeZones, type CampaignDraft, type CampaignForm as Form } from './campaign-form-model.ts';

const DEFAULT_ADVERTISER = 1;

interface Props {
  form: Form;
  advertisers: Advertiser[] | null;
  advertisersError: string | null;
}

type TextKey = Exclude<keyof CampaignDraft, 'status' | 'affiliate_postbacks'>;

/** One of the draft's fields as a text box, with its label, help and the API's refusal. */
function DraftInput(props: {
  form: Form;
  name: TextKey;
  label: string;
  help?: ComponentChildren;
  wide?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  type?: string;
  inputMode?: 'url' | 'decimal';
  placeholder?: string;
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
}) {
  const { form, name, label, help, wide, inputRef, ...rest } = props;
  // Preact types an input's attributes by its type; the attributes here are the same for every type.
  const input: Record<string, unknown> = rest;
  return (
    <Field label={label} help={help} wide={wide} error={form.errors.value[name]}>
      {(f) => (
        <input
          ref={inputRef}
          {...f}
          autoComplete="off"
          {...input}
          name={name}
          value={form.draft.value[name]}
          onInput={(e) => form.set(name, e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/** One of the draft's fields as a choice, with its label, help and the API's refusal. */
function DraftSelect<K extends keyof CampaignDraft>(props: {
  form: Form;
  name: K;
  label: string;
  help?: ComponentChildren;
  children: ComponentChildren;
}) {
  const { form, name } = props;
  return (
    <Field label={props.label} help={props.help} error={form.errors.value[name]}>
      {(f) => (
        <select
          {...f}
          name={name}
          value={form.draft.value[name]}
          onChange={(e) => form.set(name, e.currentTarget.value as CampaignDraft[K])}
        >
          {props.children}
        </select>
      )}
    </Field>
  );
}

/** Every setting of a campaign, for a new one or an existing one. */
export function CampaignForm({ form, advertisers, advertisersError }: Props) {
  const d = form.draft.value;
  // Opened by "New campaign" or "Edit": the first field takes the focus, so typing can start at once.
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [form.editing.value]);
  const editing = form.editing.value !== null;
  return (
    <section
      class="panel"
      aria-labelledby="campaign-form-title"
      data-campaign-form={editing ? 'edit' : 'new'}
    >
      <h2 id="campaign-form-title">{form.title.value}</h2>
      <form
        class="campaign-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void form.save();
        }}
      >
        <fieldset>
          <legend>Offer</legend>
          <div class="console-form">
            <DraftInput
              form={form}
              name="name"
              label="Name"
              wide
              inputRef={first}
              required
              maxLength={100}
            />
            <DraftSelect
              form={form}
              name="advertiser_id"
              label="Advertiser"
              help={
                advertisersError
                  ? `Advertisers could not be loaded: ${advertisersError}`
                  : 'Holds the postback credential for this campaign.'
              }
            >
              {/* A new campaign left on "default" gets the API's default owner, advertiser #1. */}
              {!editing && (
                <option value="">
                  {advertisers?.find((a) => a.id === DEFAULT_ADVERTISER)?.name ??
                    'Default advertiser'}{' '}
                  (default)
                </option>
              )}
              {d.advertiser_id && !advertisers?.some((a) => String(a.id) === d.advertiser_id) && (
                <option value={d.advertiser_id}>Advertiser #{d.advertiser_id}</option>
              )}
              {advertisers
                ?.filter((a) => editing || a.id !== DEFAULT_ADVERTISER)
                .map((a) => (
                  <option key={a.id} value={String(a.id)}>
                    {a.name}
                    {a.status === 'paused' ? ' (paused)' : ''}
                  </option>
                ))}
            </DraftSelect>
            <DraftSelect
              form={form}
              name="status"
              label="Status"
              help="Paused: tracking links send visitors to the fallback URL."
            >
              <option value="active">Active</option>
              <option value="paused">Paused</option>
            </DraftSelect>
            <DraftInput
              form={form}
              name="offer_url"
              label="Offer URL"
              wide
              help={
                <>
                  Macros: {'{click_id} {affiliate_id} {campaign_id} {sub1}…{sub5}'}. Empty: tracking
                  links answer JSON.
                </>
              }
              type="url"
              inputMode="url"
              placeholder="https://advertiser.example/offer?click_id={click_id}"
            />
            <DraftInput
              form={form}
              name="fallback_url"
              label="Fallback URL"
              wide
              help="Where visitors go when the campaign is paused or capped, or a routing rule says so. No macros."
              type="url"
              inputMode="url"
              placeholder="https://network.example/offers"
            />
          </div>
        </fieldset>
        <fieldset>
          <legend>Payout and attribution</legend>
          <div class="console-form">
            <DraftInput
              form={form}
              name="default_payout"
              label="Default payout"
              help="Paid when no payout rule matches."
              inputMode="decimal"
              placeholder="e.g. 25.00"
            />
            <DraftInput form={form} name="currency" label="Currency" maxLength={3} />
            <DraftInput
              form={form}
              name="attribution_window_days"
              label="Attribution window (days)"
              help="How long after a click a conversion still counts."
              type="number"
              min={1}
              max={365}
            />
            <DraftSelect
              form={form}
              name="affiliate_postbacks"
              label="Affiliate postbacks"
              help={
                d.affiliate_postbacks === 'pending'
                  ? "A postback with the affiliate's own secret records a pending conversion: never approved or paid on the affiliate's word."
                  : "A postback with the affiliate's own secret is refused (403): only the advertiser's postbacks create conversions."
              }
            >
              <option value="pending">Pending, for review</option>
              <option value="refused">Refused</option>
            </DraftSelect>
          </div>
        </fieldset>
        <fieldset>
          <legend>Traffic quality and caps</legend>
          <div class="console-form">
            <DraftInput
              form={form}
              name="min_ctit_seconds"
              label="Minimum CTIT (seconds)"
              help="Faster conversions are held for review. Empty: no minimum."
              type="number"
              min={1}
              max={86400}
              placeholder="none"
            />
            <DraftInput
              form={form}
              name="quality_threshold"
              label="Quality threshold"
              help="Clicks scoring below it (0–100) are suspicious and not counted. 0 for server-to-server traffic."
              type="number"
              min={0}
              max={100}
            />
            <DraftSelect
              form={form}
              name="time_zone"
              label="Time zone"
              help="Day and month caps reset at midnight here."
            >
              <option value="">UTC (default)</option>
              {timeZones(d.time_zone).map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </DraftSelect>
          </div>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button" disabled={form.saving.value}>
            {form.saving.value ? 'Saving…' : editing ? 'Save changes' : 'Create campaign'}
          </button>
          <button type="button" class="button button-quiet" onClick={form.cancel}>
            Cancel
          </button>
        </div>
      </form>
      <FormOutcome error={form.formError.value} />
    </section>
  );
}
