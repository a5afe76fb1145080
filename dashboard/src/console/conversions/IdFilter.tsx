import { useEffect, useState } from 'preact/hooks';
import { useDashboard } from '../../components/context.ts';
import type { ConversionFilters } from './conversion-filters.ts';
import { reasonLabel } from './reasons.ts';

type IdOptions = readonly { id: number; name: string }[];

/** A pick among listed ids after the "all" choice; an id no longer listed (opened from a link) still shows as itself. */
export function IdSelect(props: {
  label: string;
  name: string;
  all: string;
  value: string;
  options: IdOptions;
  onChange: (value: string) => void;
}) {
  return (
    <label class="field">
      {props.label}
      <select
        name={props.name}
        value={props.value}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        <option value="">{props.all}</option>
        {props.options.map((o) => (
          <option key={o.id} value={String(o.id)}>
            #{o.id} {o.name}
          </option>
        ))}
        {props.value && !props.options.some((o) => String(o.id) === props.value) && (
          <option value={props.value}>#{props.value}</option>
        )}
      </select>
    </label>
  );
}

/**
 * A filter by affiliate (or other) id: a list to pick from when the key may list them (the admin),
 * else a number field, applied on Enter or when the field is left.
 */
export function IdFilter(props: {
  label: string;
  name: string;
  value: string;
  options: IdOptions;
  onChange: (value: string) => void;
}) {
  const [typed, setTyped] = useState(props.value);
  const [invalid, setInvalid] = useState(false);
  // Follows the filter when it changes from elsewhere (cleared, or opened from a link).
  useEffect(() => setTyped(props.value), [props.value]);
  if (props.options.length > 0) return <IdSelect {...props} all="All" />;
  const apply = (raw: string) => {
    const v = raw.trim();
    const ok = v === '' || /^\d{1,10}$/.test(v);
    setInvalid(!ok);
    if (ok) props.onChange(v);
  };
  return (
    <label class="field">
      {props.label} ID
      <input
        name={props.name}
        inputMode="numeric"
        autoComplete="off"
        placeholder="All"
        size={8}
        value={typed}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${props.name}-error` : undefined}
        onInput={(e) => setTyped(e.currentTarget.value)}
        onChange={(e) => apply(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Enter' && apply(e.currentTarget.value)}
      />
      {invalid && (
        <span class="field-error" id={`${props.name}-error`}>
          An id is a number.
        </span>
      )}
    </label>
  );
}

/** The reason, campaign and affiliate filters the review queue and the postback log share. */
export function ConversionFilterFields(props: {
  filters: ConversionFilters;
  reasons: readonly string[];
  onChange: (key: keyof ConversionFilters, value: string) => void;
}) {
  const { catalog, session } = useDashboard();
  const f = props.filters;
  return (
    <>
      <label class="field">
        Reason
        <select
          name="reason"
          value={f.reason}
          onChange={(e) => props.onChange('reason', e.currentTarget.value)}
        >
          <option value="">Any reason</option>
          {props.reasons.map((r) => (
            <option key={r} value={r}>
              {reasonLabel(r)}
            </option>
          ))}
        </select>
      </label>
      <IdSelect
        label="Campaign"
        name="campaign"
        all="All campaigns"
        value={f.campaign}
        options={catalog.campaigns.data.value ?? []}
        onChange={(v) => props.onChange('campaign', v)}
      />
      <IdFilter
        label="Affiliate"
        name="affiliate"
        value={f.affiliate}
        options={session.affiliates.value}
        onChange={(v) => props.onChange('affiliate', v)}
      />
    </>
  );
}
