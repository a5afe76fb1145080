import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { AffiliateRow } from '../../api/routes.ts';
import { FieldError } from '../forms/Field.tsx';
import { AffiliateOptions } from './EditorSection.tsx';

/**
 * A row's control in an editor table: named for its row (`Cap 2 limit`), and why the API refused it
 * under it. On a phone, where rows stack, the cell shows its column's name before the control.
 */
function EditorCell(props: {
  column: string;
  error: string | undefined;
  children: (refused: { 'aria-invalid'?: true; 'aria-describedby'?: string }) => ComponentChildren;
}) {
  const id = `${useId()}-error`;
  return (
    <td data-label={props.column}>
      {props.children(props.error ? { 'aria-invalid': true, 'aria-describedby': id } : {})}
      <FieldError id={id} message={props.error} />
    </td>
  );
}

/** One of a fixed set of choices (a cap's metric, a rule's type), worded by `labels`. */
export function ChoiceCell<K extends string>(props: {
  column: string;
  label: string;
  value: K;
  labels: Readonly<Record<K, string>>;
  onChange: (value: K) => void;
}) {
  return (
    <EditorCell column={props.column} error={undefined}>
      {() => (
        <select
          aria-label={props.label}
          value={props.value}
          onChange={(e) => props.onChange(e.currentTarget.value as K)}
        >
          {(Object.keys(props.labels) as K[]).map((k) => (
            <option key={k} value={k}>
              {props.labels[k]}
            </option>
          ))}
        </select>
      )}
    </EditorCell>
  );
}

/** Typed text (an amount, a country, an event), with its unit after it when it has one. */
export function TextCell(props: {
  column: string;
  label: string;
  value: string;
  error: string | undefined;
  onInput: (value: string) => void;
  unit?: string;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric';
  maxLength?: number;
  code?: boolean;
}) {
  return (
    <EditorCell column={props.column} error={props.error}>
      {(refused) => {
        const input = (
          <input
            class={props.code ? 'input-code' : 'input-short'}
            aria-label={props.label}
            {...refused}
            inputMode={props.inputMode}
            maxLength={props.maxLength}
            autoComplete="off"
            placeholder={props.placeholder}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        );
        return props.unit ? (
          <span class="with-unit">
            {input}
            <span class="unit">{props.unit}</span>
          </span>
        ) : (
          input
        );
      }}
    </EditorCell>
  );
}

/** What AffiliateCell needs of an editor: its refusals and a way to set a row's affiliate. */
interface AffiliateEditor {
  list: { refused: { value: ReadonlyMap<string, string> } };
  set: (key: number, field: 'affiliate', value: string) => void;
}

/** The affiliate a row (a cap, a payout rule) is for, or `anyone` (the whole campaign, any affiliate). */
export function AffiliateCell(props: {
  /** "Cap 2 affiliate". */
  label: string;
  anyone: string;
  editor: AffiliateEditor;
  row: { key: number; affiliate: string };
  index: number;
  affiliates: readonly AffiliateRow[];
  nameOf: (id: string) => string;
}) {
  const { editor, row } = props;
  return (
    <EditorCell
      column="Affiliate"
      error={editor.list.refused.value.get(`${props.index}.affiliate_id`)}
    >
      {(refused) => (
        <select
          aria-label={props.label}
          {...refused}
          value={row.affiliate}
          onChange={(e) => editor.set(row.key, 'affiliate', e.currentTarget.value)}
        >
          <option value="">{props.anyone}</option>
          <AffiliateOptions
            affiliates={props.affiliates}
            current={row.affiliate}
            nameOf={props.nameOf}
          />
        </select>
      )}
    </EditorCell>
  );
}
