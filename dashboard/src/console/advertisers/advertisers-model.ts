import { action, batch, computed, createModel, signal } from '@preact/signals';
import { asFailure, describeFailure } from '../../api/failure.ts';
import type { Advertiser, ConsoleApi } from '../api.ts';
import { createNameForm, createRowList } from '../lists/row-list.ts';
import { mapOfRows, placeIssues, rowsOf, type MapRow } from './status-map.ts';

/** A credential or URL the console shows after creating or rotating: kept on screen until dismissed. */
export interface RevealedCredential {
  advertiserName: string;
  kind: 'api-key' | 'postback-url';
  value: string;
  /** Shown once: the API never returns it again. */
  once: boolean;
  note?: string;
}

export interface EditErrors {
  name: string | null;
  lines: ReadonlyMap<number, string>;
  map: readonly string[];
  other: string | null;
}

const noErrors: EditErrors = { name: null, lines: new Map(), map: [], other: null };

export const SECRET_GRACE_HOURS = 24;

const untilText = (iso: string | null) =>
  iso
    ? ` The previous token and signing secret are accepted until ${new Date(iso).toUTCString()}.`
    : '';

/** The admin's advertisers: create, rename, pause or resume, rotate credentials, and edit the status map. */
export const AdvertisersModel = createModel(
  (
    api: Pick<
      ConsoleApi,
      | 'advertisers'
      | 'createAdvertiser'
      | 'updateAdvertiser'
      | 'rotateAdvertiserKey'
      | 'rotateAdvertiserSecret'
    >,
    baseUrl: string,
  ) => {
    const fail = (err: unknown) => describeFailure(asFailure(err), baseUrl);
    const list = createRowList(() => api.advertisers(), fail);
    const form = createNameForm('advertiser', fail);
    const revealed = signal<RevealedCredential | null>(null);
    const editing = signal<number | null>(null);
    const draftName = signal('');
    const draftRows = signal<MapRow[]>([]);
    const editErrors = signal<EditErrors>(noErrors);
    const saving = signal(false);
    const saved = signal<string | null>(null);
    const urlsShown = signal<ReadonlySet<number>>(new Set());

    return {
      list,
      form,
      revealed,
      editing,
      draftName,
      draftRows,
      editErrors,
      saving,
      saved,
      urlsShown,
      // Computed: the advertiser being edited
      edited: computed(() => list.rows.value?.find((r) => r.id === editing.value) ?? null),
      // Action: create from the form; the API key is shown this once
      create: action(() =>
        form.submit(async (name) => {
          const { api_key, ...row } = await api.createAdvertiser({ name });
          batch(() => {
            list.put(row);
            revealed.value = {
              advertiserName: row.name,
              kind: 'api-key',
              value: api_key,
              once: true,
            };
          });
        }),
      ),
      // Action: pause (its key and postbacks are refused) or resume
      toggle: action((row: Advertiser) =>
        list.change(row.id, async () =>
          list.put(
            await api.updateAdvertiser(row.id, {
              status: row.status === 'active' ? 'paused' : 'active',
            }),
          ),
        ),
      ),
      // Action: a new API key; the old one stops at once
      rotateKey: action((row: Advertiser) =>
        list.change(row.id, async () => {
          const { api_key } = await api.rotateAdvertiserKey(row.id);
          revealed.value = {
            advertiserName: row.name,
            kind: 'api-key',
            value: api_key,
            once: true,
            note: 'The previous key no longer works.',
          };
        }),
      ),
      // Action: a new postback token and signing secret; the old ones keep working for the grace period
      rotateSecret: action((row: Advertiser) =>
        list.change(row.id, async () => {
          const next = await api.rotateAdvertiserSecret(row.id, SECRET_GRACE_HOURS);
          list.put(next);
          revealed.value = {
            advertiserName: row.name,
            kind: 'postback-url',
            value: next.postback_url,
            once: false,
            note: `Send the advertiser this new URL.${untilText(next.previous_secret_valid_until)}`,
          };
        }),
      ),
      dismiss: action(() => {
        revealed.value = null;
      }),
      toggleUrl: action((id: number) => {
        const shown = new Set(urlsShown.peek());
        if (!shown.delete(id)) shown.add(id);
        urlsShown.value = shown;
      }),
      // Action: open the edit form (name and status map) for one advertiser
      edit: action((row: Advertiser) => {
        editing.value = row.id;
        draftName.value = row.name;
        const lines = rowsOf(row.status_map);
        draftRows.value = lines.length ? lines : [{ key: '', value: 'approved' }];
        editErrors.value = noErrors;
        saved.value = null;
      }),
      cancel: action(() => {
        editing.value = null;
        editErrors.value = noErrors;
      }),
      setLine: action((index: number, patch: Partial<MapRow>) => {
        draftRows.value = draftRows.peek().map((r, i) => (i === index ? { ...r, ...patch } : r));
      }),
      addLine: action(() => {
        draftRows.value = [...draftRows.peek(), { key: '', value: 'approved' }];
      }),
      removeLine: action((index: number) => {
        const left = draftRows.peek().filter((_, i) => i !== index);
        draftRows.value = left.length ? left : [{ key: '', value: 'approved' }];
        editErrors.value = noErrors;
      }),
      // Action: save name and status map in one PATCH; the API's messages land at their fields
      save: action(async () => {
        const id = editing.peek();
        if (id === null) return;
        const lines = draftRows.peek();
        const { map, errors } = mapOfRows(lines);
        if (errors.size) {
          editErrors.value = { ...noErrors, lines: errors };
          return;
        }
        saving.value = true;
        editErrors.value = noErrors;
        saved.value = null;
        try {
          const row = await api.updateAdvertiser(id, {
            name: draftName.peek().trim(),
            status_map: map,
          });
          batch(() => {
            list.put(row);
            saved.value = `Saved ${row.name}: ${Object.keys(row.status_map).length || 'no'} status value${Object.keys(row.status_map).length === 1 ? '' : 's'} mapped.`;
            editing.value = null;
          });
        } catch (err) {
          const failure = asFailure(err);
          const placed = placeIssues(lines, failure.issues);
          const placedAny = placed.name !== null || placed.lines.size > 0 || placed.map.length > 0;
          editErrors.value = { ...placed, other: placedAny ? null : fail(failure) };
        } finally {
          saving.value = false;
        }
      }),
    };
  },
);

export type Advertisers = InstanceType<typeof AdvertisersModel>;
