import type { ComponentChildren } from 'preact';
import type { EditableList } from './editable-list.ts';
import { FormOutcome } from './ListView.tsx';

/** A section's title and what it is for. */
export function SectionHead(props: { id: string; title: string; children: ComponentChildren; aside?: ComponentChildren }) {
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

/** Add a row, save the whole set, or go back to what is saved; the API's refusal or the saved note below. */
export function EditorActions<A, R extends { key: number }>(props: { list: EditableList<A, R>; addLabel: string; saveLabel: string; onAdd: () => void; onSave: () => void }) {
  const { list } = props;
  const dirty = list.dirty.value;
  return (
    <>
      <div class="editor-actions">
        <button type="button" class="button button-secondary" onClick={props.onAdd}>
          {props.addLabel}
        </button>
        <button type="button" class="button" onClick={props.onSave} disabled={list.saving.value || !dirty}>
          {list.saving.value ? 'Saving…' : props.saveLabel}
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
