import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { Advertiser } from '../api.ts';
import { timeZones, type CampaignDraft, type CampaignForm as Form } from './campaign-form-model.ts';
import { FormOutcome } from '../lists/ListView.tsx';

/** A labelled control with its help under it; the help is its description, not part of its name. */
export function Field(props: {
  label: string;
  help?: ComponentChildren;
  wide?: boolean;
  children: (id: string, describedBy?: string) => ComponentChildren;
}) {
  const id = useId();
  const help = props.help ? `${id}-help` : undefined;
  return (
    <div class={props.wide ? 'field field-wide' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.children(id, help)}
      {props.help && (
        <span class="help" id={help}>
          {props.help}
        </span>
      )}
    </div>
  );
}

const DEFAULT_ADVERTISER = 1;

interface Props {
  form: Form;
  advertisers: Advertiser[] | null;
  advertisersError: string | null;
}

/** Every setting of a campaign, for a new one or an existing one. */
export function CampaignForm({ form, advertisers, advertisersError }: Props) {
  const d = form.draft.value;
  // Opened by "New campaign" or "Edit": the first field takes the focus, so typing can start at once.
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), [form.editing.value]);
  const editing = form.editing.value !== null;
  const text = (key: keyof CampaignDraft) => (e: Event) =>
    form.set(key, (e.currentTarget as HTMLInputElement).value as never);
  return (
    <section
      class="panel"
      aria-labelledby="campaign-form-title"
      data-campaign-form={editing ? 'edit' : 'new'}
    >
      <h2 id="campaign-form-title">{form.title.value}</h2>
      <form
        class="campaign-form"
        onSubmit={(e) => {
          e.preventDefault();
          void form.save();
        }}
      >
        <fieldset>
          <legend>Offer</legend>
          <div class="console-form">
            <Field label="Name" wide>
              {(id) => (
                <input
                  ref={first}
                  id={id}
                  name="name"
                  required
                  maxLength={100}
                  autoComplete="off"
                  value={d.name}
                  onInput={text('name')}
                />
              )}
            </Field>
            <Field
              label="Advertiser"
              help={
                advertisersError
                  ? `Advertisers could not be loaded: ${advertisersError}`
                  : 'Holds the postback credential for this campaign.'
              }
            >
              {(id, help) => (
                <select
                  id={id}
                  name="advertiser_id"
                  aria-describedby={help}
                  value={d.advertiser_id}
                  onChange={text('advertiser_id')}
                >
                  {/* A new campaign left on "default" gets the API's default owner, advertiser #1. */}
                  {!editing && (
                    <option value="">
                      {advertisers?.find((a) => a.id === DEFAULT_ADVERTISER)?.name ??
                        'Default advertiser'}{' '}
                      (default)
                    </option>
                  )}
                  {d.advertiser_id &&
                    !advertisers?.some((a) => String(a.id) === d.advertiser_id) && (
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
                </select>
              )}
            </Field>
            <Field label="Status" help="Paused: tracking links send visitors to the fallback URL.">
              {(id, help) => (
                <select
                  id={id}
                  name="status"
                  aria-describedby={help}
                  value={d.status}
                  onChange={text('status')}
                >
                  <option value="active">Active</option>
                  <option value="paused">Paused</option>
                </select>
              )}
            </Field>
            <Field
              label="Offer URL"
              wide
              help={
                <>
                  Macros: {'{click_id} {affiliate_id} {campaign_id} {sub1}…{sub5}'}. Empty: tracking
                  links answer JSON.
                </>
              }
            >
              {(id, help) => (
                <input
                  id={id}
                  name="offer_url"
                  type="url"
                  inputMode="url"
                  autoComplete="off"
                  aria-describedby={help}
                  placeholder="https://advertiser.example/offer?click_id={click_id}"
                  value={d.offer_url}
                  onInput={text('offer_url')}
                />
              )}
            </Field>
            <Field
              label="Fallback URL"
              wide
              help="Where visitors go when the campaign is paused or capped, or a routing rule says so. No macros."
            >
              {(id, help) => (
                <input
                  id={id}
                  name="fallback_url"
                  type="url"
                  inputMode="url"
                  autoComplete="off"
                  aria-describedby={help}
                  placeholder="https://network.example/offers"
                  value={d.fallback_url}
                  onInput={text('fallback_url')}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>Payout and attribution</legend>
          <div class="console-form">
            <Field label="Default payout" help="Paid when no payout rule matches.">
              {(id, help) => (
                <input
                  id={id}
                  name="default_payout"
                  inputMode="decimal"
                  autoComplete="off"
                  aria-describedby={help}
                  placeholder="e.g. 25.00"
                  value={d.default_payout}
                  onInput={text('default_payout')}
                />
              )}
            </Field>
            <Field label="Currency">
              {(id) => (
                <input
                  id={id}
                  name="currency"
                  maxLength={3}
                  autoComplete="off"
                  value={d.currency}
                  onInput={text('currency')}
                />
              )}
            </Field>
            <Field
              label="Attribution window (days)"
              help="How long after a click a conversion still counts."
            >
              {(id, help) => (
                <input
                  id={id}
                  name="attribution_window_days"
                  type="number"
                  min={1}
                  max={365}
                  aria-describedby={help}
                  value={d.attribution_window_days}
                  onInput={text('attribution_window_days')}
                />
              )}
            </Field>
            <Field
              label="Affiliate postbacks"
              help={
                d.affiliate_postbacks === 'pending'
                  ? "A postback with the affiliate's own secret records a pending conversion: never approved or paid on the affiliate's word."
                  : "A postback with the affiliate's own secret is refused (403): only the advertiser's postbacks create conversions."
              }
            >
              {(id, help) => (
                <select
                  id={id}
                  name="affiliate_postbacks"
                  aria-describedby={help}
                  value={d.affiliate_postbacks}
                  onChange={text('affiliate_postbacks')}
                >
                  <option value="pending">Pending, for review</option>
                  <option value="refused">Refused</option>
                </select>
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>Traffic quality and caps</legend>
          <div class="console-form">
            <Field
              label="Minimum CTIT (seconds)"
              help="Faster conversions are held for review. Empty: no minimum."
            >
              {(id, help) => (
                <input
                  id={id}
                  name="min_ctit_seconds"
                  type="number"
                  min={1}
                  max={86400}
                  aria-describedby={help}
                  placeholder="none"
                  value={d.min_ctit_seconds}
                  onInput={text('min_ctit_seconds')}
                />
              )}
            </Field>
            <Field
              label="Quality threshold"
              help="Clicks scoring below it (0–100) are suspicious and not counted. 0 for server-to-server traffic."
            >
              {(id, help) => (
                <input
                  id={id}
                  name="quality_threshold"
                  type="number"
                  min={0}
                  max={100}
                  aria-describedby={help}
                  value={d.quality_threshold}
                  onInput={text('quality_threshold')}
                />
              )}
            </Field>
            <Field label="Time zone" help="Day and month caps reset at midnight here.">
              {(id, help) => (
                <select
                  id={id}
                  name="time_zone"
                  aria-describedby={help}
                  value={d.time_zone}
                  onChange={text('time_zone')}
                >
                  <option value="">UTC (default)</option>
                  {timeZones(d.time_zone).map((zone) => (
                    <option key={zone} value={zone}>
                      {zone}
                    </option>
                  ))}
                </select>
              )}
            </Field>
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
