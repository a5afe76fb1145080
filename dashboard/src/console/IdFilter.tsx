import { useEffect, useState } from 'preact/hooks';

/**
 * A filter by affiliate (or other) id: a list to pick from when the key may list them (the admin),
 * else a number field, applied on Enter or when the field is left.
 */
export function IdFilter(props: { label: string; name: string; value: string; options: readonly { id: number; name: string }[]; onChange: (value: string) => void }) {
  const [typed, setTyped] = useState(props.value);
  const [invalid, setInvalid] = useState(false);
  // Follows the filter when it changes from elsewhere (cleared, or opened from a link).
  useEffect(() => setTyped(props.value), [props.value]);
  if (props.options.length > 0) {
    return (
      <label class="field">
        {props.label}
        <select name={props.name} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
          <option value="">All</option>
          {props.options.map((o) => (
            <option key={o.id} value={String(o.id)}>
              #{o.id} {o.name}
            </option>
          ))}
          {props.value && !props.options.some((o) => String(o.id) === props.value) && <option value={props.value}>#{props.value}</option>}
        </select>
      </label>
    );
  }
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
