import type { ReadonlySignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import type { AffiliateRow } from '../../api/routes.ts';
import { ErrorNotice } from '../../components/ErrorNotice.tsx';
import { isRefused, type EditableList } from './editable-list.ts';
import { FormOutcome } from '../lists/ListView.tsx';
import type { Preview } from './preview.ts';

/** A section's title and what it is for. */
export function SectionHead(props: {
  id: string;
  title: string;
  children: ComponentChildren;
  aside?: ComponentChildren;
}) {
  return (
    <div class="section-head">
      <div>
        <h2 id={props.id}>{props.title}</h2>
        <p class="muted small section-lead">{props.children}</p>
      </div>
      {props.aside}
    </div>
  );
}

/** What every campaign editor (payout rules, caps, routing) offers its section. */
export interface RuleEditor<A, R extends { key: number }> {
  list: EditableList<A, R>;
  load: () => Promise<void>;
  add: () => void;
  save: () => Promise<void>;
}

/** What the payout rules and caps sections are given by the campaign page. */
export interface RuleSectionProps<M> {
  model: M;
  canEdit: boolean;
  affiliates: AffiliateRow[];
  affiliateName: (id: string) => string;
}

/**
 * A campaign's editor panel (payout rules, caps, routing): its head, why the saved set could not be
 * read (with a retry), the rules once read, then, for a viewer who may edit, add, save and discard,
 * and last what `after` adds (a "try it" box).
 */
export function EditorSection<A, R extends { key: number }>(props: {
  id: string;
  title: string;
  lead: ComponentChildren;
  aside?: ComponentChildren;
  /** The section's `data-` attribute, for tests and styles. */
  marker: string;
  editor: RuleEditor<A, R>;
  /** The add and save buttons' words; none for a read-only viewer. */
  actions?: { add: string; save: string } | false;
  children: (answer: A) => ComponentChildren;
  after?: (answer: A) => ComponentChildren;
}) {
  const { editor, actions } = props;
  const { list } = editor;
  const answer = list.answer.value;
  return (
    <section
      class="panel"
      aria-labelledby={props.id}
      aria-busy={list.loading.value}
      {...{ [props.marker]: true }}
    >
      <SectionHead id={props.id} title={props.title} aside={props.aside}>
        {props.lead}
      </SectionHead>
      {list.error.value && (
        <ErrorNotice message={list.error.value} onRetry={() => void editor.load()} />
      )}
      {answer && props.children(answer)}
      {answer && actions && <EditorActions editor={editor} {...actions} />}
      {answer && props.after?.(answer)}
    </section>
  );
}

/** Add a row, save the whole set, or go back to what is saved; the API's refusal or the saved note below. */
function EditorActions<A, R extends { key: number }>(props: {
  editor: RuleEditor<A, R>;
  add: string;
  save: string;
}) {
  const { list } = props.editor;
  const dirty = list.dirty.value;
  return (
    <>
      <div class="editor-actions">
        <button type="button" class="button button-secondary" onClick={props.editor.add}>
          {props.add}
        </button>
        <button
          type="button"
          class="button"
          onClick={() => void props.editor.save()}
          disabled={list.saving.value || !dirty}
        >
          {list.saving.value ? 'Saving…' : props.save}
        </button>
        {dirty && (
          <button type="button" class="button button-quiet" onClick={list.reset}>
            Discard changes
          </button>
        )}
        {dirty && <span class="dirty-note">Unsaved changes</span>}
      </div>
      <FormOutcome error={list.saveError.value} saved={list.saved.value} />
    </>
  );
}

/** The affiliates to choose from, after the "any" choice; an id no longer listed still shows as itself. */
export function AffiliateOptions(props: {
  affiliates: readonly AffiliateRow[];
  current?: string;
  nameOf?: (id: string) => string;
}) {
  const { affiliates, current } = props;
  return (
    <>
      {current && !affiliates.some((a) => String(a.id) === current) && (
        <option value={current}>{props.nameOf?.(current) ?? `Affiliate #${current}`}</option>
      )}
      {affiliates.map((a) => (
        <option key={a.id} value={String(a.id)}>
          #{a.id} {a.name}
        </option>
      ))}
    </>
  );
}

/**
 * "Which rule wins?" and "Where would a visitor go?": a question's fields, its live answer, and a
 * note when the answer is about the saved rules while the table shows unsaved ones.
 */
export function TryBox<A>(props: {
  id: string;
  title: string;
  editor: { preview: Preview<A>; list: { dirty: ReadonlySignal<boolean> } };
  fields: ComponentChildren;
  children: (answer: A) => ComponentChildren;
  data?: Record<string, string | undefined>;
}) {
  const { preview } = props.editor;
  const answer = preview.answer.value;
  return (
    <div class="try-box" {...props.data}>
      <h3 id={props.id}>{props.title}</h3>
      <form
        class="try-form"
        aria-labelledby={props.id}
        onSubmit={(e) => {
          e.preventDefault();
          void preview.run();
        }}
      >
        {props.fields}
        <button type="submit" class="button button-secondary">
          Check
        </button>
      </form>
      <output class="try-result" aria-live="polite">
        {preview.error.value ? (
          <span class="field-error">{preview.error.value}</span>
        ) : answer !== null ? (
          props.children(answer)
        ) : (
          <span class="muted">{preview.asking.value ? 'Asking…' : ''}</span>
        )}
      </output>
      {props.editor.list.dirty.value && (
        <p class="muted small">This answer is about the saved rules: save to try your changes.</p>
      )}
    </div>
  );
}

/** The visitor's country in a "try" box: two letters, upper case. */
export function CountryField(props: { value: string; onChange: (country: string) => void }) {
  return (
    <label class="field">
      Country
      <input
        name="country"
        maxLength={2}
        autoComplete="off"
        placeholder="unknown"
        value={props.value}
        onInput={(e) => props.onChange(e.currentTarget.value.toUpperCase())}
      />
    </label>
  );
}

/** An editor's table: its columns, a remove column when editable, and what an empty set means. */
export function EditorTable(props: {
  caption: string;
  head: ComponentChildren;
  columns: number;
  canEdit: boolean;
  empty: ComponentChildren | null;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table class="editor">
        <caption class="sr-only">{props.caption}</caption>
        <thead>
          <tr>
            {props.head}
            {props.canEdit && (
              <th scope="col">
                <span class="sr-only">Remove</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {props.empty && (
            <tr>
              <td colSpan={props.columns + (props.canEdit ? 1 : 0)} class="muted">
                {props.empty}
              </td>
            </tr>
          )}
          {props.children}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A row of an editor table (a cap, a payout rule): its fields as controls and a remove button for a
 * viewer who may edit, else as they read; `before` and `after` cells stand either way.
 */
export function EditorRow<R extends { key: number }>(props: {
  /** "cap": the remove button says "Remove cap 2". */
  noun: string;
  editor: { list: Pick<EditableList<unknown, R>, 'refused' | 'remove'> };
  row: R;
  index: number;
  canEdit: boolean;
  /** The row's `data-` attributes, for tests and styles. */
  data: Record<string, string | number | undefined>;
  /** The row's class when the API did not refuse it. */
  class?: string;
  before?: ComponentChildren;
  fields: () => ComponentChildren;
  shown: () => ComponentChildren;
  after?: ComponentChildren;
}) {
  const { list } = props.editor;
  const { row } = props;
  return (
    <tr
      {...props.data}
      class={isRefused(list.refused.value, props.index) ? 'row-refused' : props.class}
    >
      {props.before}
      {props.canEdit ? props.fields() : props.shown()}
      {props.after}
      {props.canEdit && (
        <td>
          <button
            type="button"
            class="button button-quiet button-small"
            onClick={() => list.remove(row.key)}
            aria-label={`Remove ${props.noun} ${props.index + 1}`}
          >
            Remove
          </button>
        </td>
      )}
    </tr>
  );
}
