import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import type { AffiliateRow } from '../../api/routes.ts';
import { FieldError } from '../forms/Field.tsx';
import { refusal } from './editable-list.ts';
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

/** What a cell needs of its editor: the API's refusals and a way to set one field of a row. */
interface CellEditor<F extends string, V> {
  list: { refused: { value: ReadonlyMap<string, string> } };
  set: (key: number, field: F, value: V) => void;
}

/** One of a fixed set of choices (a cap's metric, a rule's type), worded by `labels`. */
export function ChoiceCell<F extends string, R extends { key: number } & Record<F, string>>(props: {
  column: string;
  label: string;
  editor: CellEditor<F, R[F]>;
  row: R;
  field: F;
  labels: Readonly<Record<R[F], string>>;
}) {
  const { editor, row, field } = props;
  return (
    <EditorCell column={props.column} error={undefined}>
      {() => (
        <select
          aria-label={props.label}
          value={row[field]}
          onChange={(e) => editor.set(row.key, field, e.currentTarget.value as R[F])}
        >
          {(Object.keys(props.labels) as R[F][]).map((k) => (
            <option key={k} value={k}>
              {props.labels[k]}
            </option>
          ))}
        </select>
      )}
    </EditorCell>
  );
}

/**
 * Typed text (an amount, a country, an event), with its unit after it when it has one, and why the
 * API refused the row's `field` under it.
 */
export function TextCell<F extends string>(props: {
  column: string;
  label: string;
  editor: CellEditor<F, string>;
  row: { key: number } & Record<F, string>;
  index: number;
  field: F;
  unit?: string;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric';
  maxLength?: number;
  /** A code (a country): typed in upper case. */
  code?: boolean;
}) {
  const { editor, row, field } = props;
  return (
    <EditorCell
      column={props.column}
      error={refusal(editor.list.refused.value, props.index, field)}
    >
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
            value={row[field]}
            onInput={(e) => {
              const typed = e.currentTarget.value;
              editor.set(row.key, field, props.code ? typed.toUpperCase() : typed);
            }}
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

/** The affiliate a row (a cap, a payout rule) is for, or `anyone` (the whole campaign, any affiliate). */
export function AffiliateCell(props: {
  /** "Cap 2 affiliate". */
  label: string;
  anyone: string;
  editor: CellEditor<'affiliate', string>;
  row: { key: number; affiliate: string };
  index: number;
  affiliates: readonly AffiliateRow[];
  nameOf: (id: string) => string;
}) {
  const { editor, row } = props;
  return (
    <EditorCell
      column="Affiliate"
      error={refusal(editor.list.refused.value, props.index, 'affiliate_id')}
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
