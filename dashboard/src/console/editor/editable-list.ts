import { computed, signal } from '@preact/signals';
import { asFailure } from '../../api/failure.ts';

/**
 * What the payout rules, caps and routing editors share: the saved answer, the rows being edited
 * (each with a local key, so inputs keep focus as rows move), and a save that replaces the whole set.
 * The API checks every value; its issues (`rules.2.value`) mark the rows and fields it refused.
 */
export function createEditableList<Answer, Row extends { key: number }>(opts: {
  fetch: () => Promise<Answer>;
  store: (rows: Omit<Row, 'key'>[]) => Promise<Answer>;
  rowsOf: (answer: Answer) => Omit<Row, 'key'>[];
  fail: (err: unknown) => string;
}) {
  let nextKey = 1;
  const keyed = (rows: Omit<Row, 'key'>[]) => rows.map((r) => ({ ...r, key: nextKey++ }) as Row);
  const answer = signal<Answer | null>(null);
  const rows = signal<Row[]>([]);
  const snapshot = signal('[]');
  const loading = signal(false);
  const error = signal<string | null>(null);
  const saving = signal(false);
  const saveError = signal<string | null>(null);
  const saved = signal<string | null>(null);
  // Why the API refused each field, keyed "row index.field", and each row, keyed "row index".
  const refused = signal<ReadonlyMap<string, string>>(new Map());

  const plain = (list: Row[]) => JSON.stringify(list.map(({ key: _key, ...rest }) => rest));

  const show = (value: Answer) => {
    answer.value = value;
    rows.value = keyed(opts.rowsOf(value));
    snapshot.value = plain(rows.peek());
    refused.value = new Map();
  };

  return {
    answer,
    rows,
    loading,
    error,
    saving,
    saveError,
    saved,
    refused,
    // Computed: the rows differ from what is saved
    dirty: computed(() => plain(rows.value) !== snapshot.value),
    // Action: fetch the saved set
    async load(): Promise<void> {
      loading.value = true;
      error.value = null;
      try {
        show(await opts.fetch());
      } catch (err) {
        error.value = opts.fail(err);
      } finally {
        loading.value = false;
      }
    },
    add(row: Omit<Row, 'key'>): void {
      rows.value = [...rows.peek(), ...keyed([row])];
      saved.value = null;
    },
    remove(key: number): void {
      rows.value = rows.peek().filter((r) => r.key !== key);
      saved.value = null;
    },
    update(key: number, change: (row: Row) => Row): void {
      rows.value = rows.peek().map((r) => (r.key === key ? change(r) : r));
      saved.value = null;
    },
    move(key: number, by: -1 | 1): void {
      const list = [...rows.peek()];
      const from = list.findIndex((r) => r.key === key);
      const to = from + by;
      if (from < 0 || to < 0 || to >= list.length) return;
      [list[from], list[to]] = [list[to]!, list[from]!];
      rows.value = list;
      saved.value = null;
    },
    // Action: back to what is saved
    reset(): void {
      const value = answer.peek();
      if (value !== null) show(value);
      saveError.value = null;
    },
    // Action: replace the saved set with the rows; `done` words what was saved
    async save(done: (answer: Answer) => string): Promise<void> {
      saving.value = true;
      saveError.value = null;
      saved.value = null;
      try {
        const value = await opts.store(rows.peek().map(({ key: _key, ...rest }) => rest));
        show(value);
        saved.value = done(value);
      } catch (err) {
        saveError.value = opts.fail(err);
        const why = new Map<string, string>();
        for (const issue of asFailure(err).issues) {
          const [, index, field] = /^[a-z_]+\.(\d+)(?:\.([a-z_]+))?/.exec(issue.path) ?? [];
          if (index === undefined) continue;
          if (!why.has(index)) why.set(index, issue.message);
          if (field && !why.has(`${index}.${field}`)) why.set(`${index}.${field}`, issue.message);
        }
        refused.value = why;
      } finally {
        saving.value = false;
      }
    },
  };
}

/**
 * The API refused this row (`field` omitted) or this field of it. A plain function over the set, read
 * in render: a model's own functions run untracked, so a page calling one would miss the change.
 */
export function isRefused(
  refused: ReadonlyMap<string, string>,
  index: number,
  field?: string,
): boolean {
  return refused.has(field ? `${index}.${field}` : String(index));
}

/** Why the API refused this field of a row, to show next to it. */
export function refusal(
  refused: ReadonlyMap<string, string>,
  index: number,
  field: string,
): string | undefined {
  return refused.get(`${index}.${field}`);
}

export type EditableList<Answer, Row extends { key: number }> = ReturnType<
  typeof createEditableList<Answer, Row>
>;
