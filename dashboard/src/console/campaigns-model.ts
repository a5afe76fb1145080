import { action, computed, createModel, signal } from '@preact/signals';
import { asFailure, describeFailure } from '../api/failure.ts';
import type { CampaignRow } from '../api/routes.ts';
import type { CampaignFields, ConsoleApi } from './api.ts';

/** The form as typed: text for every field, converted when saved. */
export interface CampaignDraft {
  name: string;
  offer_url: string;
  default_payout: string;
  currency: string;
  attribution_window_days: string;
  status: 'active' | 'paused';
}

const blank: CampaignDraft = { name: '', offer_url: '', default_payout: '', currency: 'USD', attribution_window_days: '30', status: 'active' };

function draftOf(row: CampaignRow): CampaignDraft {
  return {
    name: row.name,
    offer_url: row.offer_url ?? '',
    default_payout: row.default_payout === null ? '' : String(row.default_payout),
    currency: row.currency,
    attribution_window_days: String(row.attribution_window_days),
    status: row.status,
  };
}

/** What the API takes; the API itself checks every value and names the one it refuses. */
export function fieldsOf(d: CampaignDraft): CampaignFields {
  return {
    name: d.name.trim(),
    offer_url: d.offer_url.trim() || null,
    default_payout: d.default_payout.trim() || null,
    currency: d.currency.trim().toUpperCase(),
    attribution_window_days: Number(d.attribution_window_days),
    status: d.status,
  };
}

/** The admin's campaigns: list, create, edit. */
export const CampaignsModel = createModel((api: ConsoleApi, baseUrl: string) => {
  const rows = signal<CampaignRow[] | null>(null);
  const loading = signal(false);
  const error = signal<string | null>(null);
  const formError = signal<string | null>(null);
  const saving = signal(false);
  const editing = signal<number | null>(null);
  const draft = signal<CampaignDraft>({ ...blank });
  const saved = signal<string | null>(null);

  const load = action(async () => {
    loading.value = true;
    error.value = null;
    try {
      rows.value = await api.campaigns();
    } catch (err) {
      error.value = describeFailure(asFailure(err), baseUrl);
    } finally {
      loading.value = false;
    }
  });

  return {
    rows,
    loading,
    error,
    formError,
    saving,
    editing,
    draft,
    saved,
    load,
    // Computed: the form's title
    formTitle: computed(() => (editing.value === null ? 'New campaign' : `Edit campaign #${editing.value}`)),
    set: action(<K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) => {
      draft.value = { ...draft.peek(), [key]: value };
    }),
    // Action: fill the form with a campaign to change it
    edit: action((row: CampaignRow) => {
      editing.value = row.id;
      draft.value = draftOf(row);
      formError.value = null;
      saved.value = null;
    }),
    cancel: action(() => {
      editing.value = null;
      draft.value = { ...blank };
      formError.value = null;
    }),
    save: action(async () => {
      const fields = fieldsOf(draft.peek());
      if (!fields.name) {
        formError.value = 'Give the campaign a name.';
        return;
      }
      saving.value = true;
      formError.value = null;
      saved.value = null;
      try {
        const id = editing.peek();
        const row = id === null ? await api.createCampaign(fields) : await api.updateCampaign(id, fields);
        const list = rows.peek() ?? [];
        rows.value = id === null ? [...list, row] : list.map((r) => (r.id === row.id ? row : r));
        saved.value = id === null ? `Created ${row.name} (#${row.id}).` : `Saved ${row.name}.`;
        editing.value = null;
        draft.value = { ...blank };
      } catch (err) {
        formError.value = describeFailure(asFailure(err), baseUrl);
      } finally {
        saving.value = false;
      }
    }),
  };
});

export type Campaigns = InstanceType<typeof CampaignsModel>;
