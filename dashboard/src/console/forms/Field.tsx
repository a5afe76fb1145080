import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

/** What a field's control takes from its Field: its id, its description and whether it was refused. */
export interface FieldControl {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/**
 * A labelled control with its help and, when it was refused, why, both under it: the control points
 * at them, so a screen reader reads the reason with the label.
 */
export function Field(props: {
  label: string;
  help?: ComponentChildren;
  error?: string | null;
  wide?: boolean;
  children: (control: FieldControl) => ComponentChildren;
}) {
  const id = useId();
  const help = props.help ? `${id}-help` : undefined;
  const error = props.error ? `${id}-error` : undefined;
  const describedBy = [help, error].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.wide ? 'field field-wide' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.children({
        id,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
      })}
      {props.help && (
        <span class="help" id={help}>
          {props.help}
        </span>
      )}
      <FieldError id={error} message={props.error} />
    </div>
  );
}

/** Why a control was refused, next to it; the control names it in its aria-describedby. */
export function FieldError(props: { id: string | undefined; message: string | null | undefined }) {
  if (!props.message) return null;
  return (
    <span class="field-error" id={props.id}>
      {props.message}
    </span>
  );
}
