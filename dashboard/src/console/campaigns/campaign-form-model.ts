import { action, computed, signal } from '@preact/signals';
import { fieldErrors } from '../../api/failure.ts';
import type { AffiliatePostbacks, Campaign, CampaignFields, ConsoleApi } from '../api.ts';

/** The form as typed: text for every field, converted when saved. */
export interface CampaignDraft {
  name: string;
  advertiser_id: string;
  status: 'active' | 'paused';
  offer_url: string;
  fallback_url: string;
  default_payout: string;
  currency: string;
  attribution_window_days: string;
  affiliate_postbacks: AffiliatePostbacks;
  min_ctit_seconds: string;
  quality_threshold: string;
  time_zone: string;
}

export const blankCampaign: CampaignDraft = {
  name: '',
  advertiser_id: '',
  status: 'active',
  offer_url: '',
  fallback_url: '',
  default_payout: '',
  currency: 'USD',
  attribution_window_days: '30',
  affiliate_postbacks: 'pending',
  min_ctit_seconds: '',
  quality_threshold: '50',
  time_zone: '',
};

export function draftOf(row: Campaign): CampaignDraft {
  return {
    name: row.name,
    advertiser_id: String(row.advertiser_id),
    status: row.status,
    offer_url: row.offer_url ?? '',
    fallback_url: row.fallback_url ?? '',
    default_payout: row.default_payout === null ? '' : String(row.default_payout),
    currency: row.currency,
    attribution_window_days: String(row.attribution_window_days),
    affiliate_postbacks: row.affiliate_postbacks,
    min_ctit_seconds: row.min_ctit_seconds === null ? '' : String(row.min_ctit_seconds),
    quality_threshold: String(row.quality_threshold),
    time_zone: row.time_zone ?? '',
  };
}

// Text that is not a number goes as it is, so the API refuses it by name instead of a NaN turning into null.
const numberOrText = (text: string): number =>
  /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : (text.trim() as unknown as number);

/** What the API takes; the API itself checks every value and names the one it refuses. */
export function fieldsOf(d: CampaignDraft): CampaignFields {
  const threshold = d.quality_threshold.trim();
  return {
    name: d.name.trim(),
    ...(d.advertiser_id ? { advertiser_id: Number(d.advertiser_id) } : {}),
    status: d.status,
    offer_url: d.offer_url.trim() || null,
    fallback_url: d.fallback_url.trim() || null,
    default_payout: d.default_payout.trim() || null,
    currency: d.currency.trim().toUpperCase(),
    attribution_window_days: numberOrText(d.attribution_window_days),
    affiliate_postbacks: d.affiliate_postbacks,
    // Empty: no minimum, and the network's default threshold.
    min_ctit_seconds: d.min_ctit_seconds.trim() ? numberOrText(d.min_ctit_seconds) : null,
    ...(threshold ? { quality_threshold: numberOrText(threshold) } : {}),
    time_zone: d.time_zone || null,
  };
}

/** The zones a campaign's days and months can be counted in, with the campaign's own if the browser lacks it. */
export function timeZones(current: string): string[] {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return current && !known.includes(current) ? [current, ...known] : known;
}

/** Create or edit one campaign's settings; `onSaved` shows the saved row (in the list, or the detail view). */
export function createCampaignForm(
  api: Pick<ConsoleApi, 'createCampaign' | 'updateCampaign'>,
  fail: (err: unknown) => string,
  onSaved: (row: Campaign) => void,
) {
  const editing = signal<number | null>(null);
  const creating = signal(false);
  const draft = signal<CampaignDraft>({ ...blankCampaign });
  const formError = signal<string | null>(null);
  // Why the API refused each field it named, shown next to that field.
  const errors = signal<Partial<Record<keyof CampaignDraft, string>>>({});
  const saving = signal(false);
  const saved = signal<string | null>(null);

  const clear = () => {
    editing.value = null;
    creating.value = false;
    draft.value = { ...blankCampaign };
    formError.value = null;
    errors.value = {};
  };

  return {
    editing,
    draft,
    formError,
    errors,
    saving,
    saved,
    // Computed: the form is shown (a new campaign, or one being edited)
    open: computed(() => creating.value || editing.value !== null),
    // Computed: the form's title
    title: computed(() =>
      editing.value === null ? 'New campaign' : `Edit campaign #${editing.value}`,
    ),
    // Action: an empty form for a new campaign
    start: action(() => {
      clear();
      creating.value = true;
      saved.value = null;
    }),
    set: action(<K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) => {
      draft.value = { ...draft.peek(), [key]: value };
    }),
    // Action: fill the form with a campaign to change it
    edit: action((row: Campaign) => {
      editing.value = row.id;
      draft.value = draftOf(row);
      formError.value = null;
      errors.value = {};
      saved.value = null;
    }),
    cancel: action(clear),
    // Action: create or save; the API's refusal is shown as it words it
    save: action(async () => {
      const fields = fieldsOf(draft.peek());
      if (!fields.name) {
        formError.value = 'Give the campaign a name.';
        errors.value = { name: formError.peek()! };
        return;
      }
      saving.value = true;
      formError.value = null;
      errors.value = {};
      saved.value = null;
      try {
        const id = editing.peek();
        const row =
          id === null ? await api.createCampaign(fields) : await api.updateCampaign(id, fields);
        onSaved(row);
        saved.value = id === null ? `Created ${row.name} (#${row.id}).` : `Saved ${row.name}.`;
        clear();
      } catch (err) {
        formError.value = fail(err);
        errors.value = fieldErrors(err);
      } finally {
        saving.value = false;
      }
    }),
  };
}

export type CampaignForm = ReturnType<typeof createCampaignForm>;
