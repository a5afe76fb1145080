import { Show } from '@preact/signals/utils';
import type { CsvExport } from '../models/csv-export.ts';

export function ExportButton(props: { csv: CsvExport; noun: string }) {
  const { csv } = props;
  return (
    <div class="export">
      <button
        type="button"
        class="button button-secondary"
        onClick={() => void csv.run()}
        disabled={csv.busy.value}
      >
        {csv.busy.value ? 'Preparing CSV…' : `Export ${props.noun} CSV`}
      </button>
      <span class="sr-only" role="status">
        {csv.done.value ?? ''}
      </span>
      <Show when={csv.error}>
        {(message) => (
          <p class="field-error" role="alert">
            {message}
          </p>
        )}
      </Show>
    </div>
  );
}
