import { computed, signal } from '@preact/signals';
import { fieldErrors } from '../../api/failure.ts';

/**
 * A console list (affiliates, campaigns): fetched once, then kept in place as the page creates and
 * changes rows, so a save never reloads the table. `fail` words an error for a person.
 */
export function createRowList<T extends { id: number }>(
  fetchAll: () => Promise<T[]>,
  fail: (err: unknown) => string,
) {
  const rows = signal<T[] | null>(null);
  const loading = signal(false);
  const error = signal<string | null>(null);
  // The row a change (pause, a new key) is under way for.
  const changing = signal<number | null>(null);
  return {
    rows,
    loading,
    error,
    changing,
    // Computed: not settled yet, from the first render on (before the first load starts)
    busy: computed(() => loading.value || (rows.value === null && error.value === null)),
    // Action: fetch the list; a failure keeps what was shown and says why
    async load(): Promise<void> {
      loading.value = true;
      error.value = null;
      try {
        rows.value = await fetchAll();
      } catch (err) {
        error.value = fail(err);
      } finally {
        loading.value = false;
      }
    },
    // Action: change one row; a failure says why above the list
    async change(id: number, work: () => Promise<void>): Promise<void> {
      changing.value = id;
      error.value = null;
      try {
        await work();
      } catch (err) {
        error.value = fail(err);
      } finally {
        changing.value = null;
      }
    },
    // Action: show a saved row: in its place, or last when it is new
    put(row: T): void {
      const list = rows.peek() ?? [];
      rows.value = list.some((r) => r.id === row.id)
        ? list.map((r) => (r.id === row.id ? row : r))
        : [...list, row];
    },
  };
}

export type RowList<T extends { id: number }> = ReturnType<typeof createRowList<T>>;

/**
 * The form that adds a row to a console list (an advertiser, an affiliate): the name it requires,
 * whether it is being created, and why the API refused it. The name is cleared once created.
 */
export function createNameForm(noun: string, fail: (err: unknown) => string) {
  const name = signal('');
  const error = signal<string | null>(null);
  // Why each field was refused (`name`, or another field the page adds), shown next to it.
  const errors = signal<Readonly<Record<string, string>>>({});
  const creating = signal(false);
  return {
    name,
    error,
    errors,
    creating,
    // Action: create from the trimmed name with `create`
    async submit(create: (name: string) => Promise<void>): Promise<void> {
      const trimmed = name.peek().trim();
      if (!trimmed) {
        error.value = `Give the ${noun} a name.`;
        errors.value = { name: error.peek()! };
        return;
      }
      creating.value = true;
      error.value = null;
      errors.value = {};
      try {
        await create(trimmed);
        name.value = '';
      } catch (err) {
        error.value = fail(err);
        errors.value = fieldErrors(err);
      } finally {
        creating.value = false;
      }
    },
  };
}

export type NameForm = ReturnType<typeof createNameForm>;
