import { signal } from '@preact/signals';
import type { ActivityKind, ApiClient, CsvFile } from '../api/client.ts';
import { describeFailure } from '../api/failure.ts';
import type { RangeModel } from './range.ts';
import type { Scope } from './scope.ts';

export type CsvExport = ReturnType<typeof createCsvExport>;

/** "Export CSV" of the whole range: fetched with the API key, then handed to `save` as a file. */
export function createCsvExport(deps: {
  api: Pick<ApiClient, 'csv' | 'baseUrl'>;
  scope: Pick<Scope, 'affiliateId'>;
  range: Pick<RangeModel, 'range'>;
  kind: ActivityKind;
  save: (file: CsvFile) => void;
}) {
  const busy = signal(false);
  const error = signal<string | null>(null);
  const done = signal<string | null>(null);
  return {
    busy,
    error,
    done,
    // Action: download the CSV of the current range
    async run(): Promise<void> {
      const id = deps.scope.affiliateId.peek();
      if (id === null || busy.peek()) return;
      busy.value = true;
      error.value = null;
      done.value = null;
      try {
        const { from, to } = deps.range.range.peek();
        const file = await deps.api.csv(id, deps.kind, { from, to });
        const named = { ...file, filename: file.filename.replace(/\.csv$/, `_${from}_${to}.csv`) };
        deps.save(named);
        done.value = `Saved ${named.filename}`;
      } catch (err) {
        error.value = describeFailure(err, deps.api.baseUrl);
      } finally {
        busy.value = false;
      }
    },
  };
}
