import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../../api/failure.ts';
import type { Campaign, CampaignFields } from '../api.ts';
import {
  blankCampaign,
  createCampaignForm,
  draftOf,
  fieldsOf,
  timeZones,
} from './campaign-form-model.ts';
import { createRowList } from '../lists/row-list.ts';

const campaign: Campaign = {
  id: 7,
  name: 'Acme Pro',
  offer_url: 'https://acme.example/pro?c={click_id}',
  fallback_url: null,
  default_payout: 12.5,
  currency: 'EUR',
  attribution_window_days: 30,
  status: 'active',
  min_ctit_seconds: 20,
  quality_threshold: 50,
  advertiser_id: 2,
  affiliate_postbacks: 'refused',
  time_zone: 'Europe/Berlin',
  created_at: '2026-11-01T00:00:00.000Z',
};

const fail = (err: unknown) => (err instanceof Error ? err.message : String(err));

describe('campaign form', () => {
  it('reads a campaign into text fields and writes them back unchanged', () => {
    const fields = fieldsOf(draftOf(campaign));
    expect(fields).toEqual({
      name: 'Acme Pro',
      advertiser_id: 2,
      status: 'active',
      offer_url: 'https://acme.example/pro?c={click_id}',
      fallback_url: null,
      default_payout: '12.5',
      currency: 'EUR',
      attribution_window_days: 30,
      affiliate_postbacks: 'refused',
      min_ctit_seconds: 20,
      quality_threshold: 50,
      time_zone: 'Europe/Berlin',
    });
  });

  it('sends empty as "none" or "default", and text that is no number as typed, for the API to name', () => {
    const fields = fieldsOf({
      ...blankCampaign,
      name: ' New ',
      currency: 'eur',
      min_ctit_seconds: ' ',
      quality_threshold: '',
      attribution_window_days: 'soon',
    });
    expect(fields.name).toBe('New');
    expect(fields.currency).toBe('EUR');
    expect(fields.min_ctit_seconds).toBeNull();
    expect(fields.time_zone).toBeNull();
    expect('quality_threshold' in fields).toBe(false);
    expect('advertiser_id' in fields).toBe(false);
    expect(fields.attribution_window_days).toBe('soon');
  });

  it("offers the browser's time zones, and a campaign's own zone even if the browser lacks it", () => {
    expect(timeZones('')).toContain('Europe/Berlin');
    expect(timeZones('Mars/Olympus_Mons')[0]).toBe('Mars/Olympus_Mons');
  });

  it('creates, then edits, putting each saved row in the list', async () => {
    const sent: [string, Partial<CampaignFields>][] = [];
    const list = createRowList(async () => [campaign], fail);
    await list.load();
    const form = createCampaignForm(
      {
        createCampaign: async (f) => (
          sent.push(['create', f]), { ...campaign, id: 8, name: f.name }
        ),
        updateCampaign: async (id, f) => (
          sent.push([`update ${id}`, f]), { ...campaign, ...f, default_payout: 12.5 } as Campaign
        ),
      },
      fail,
      list.put,
    );
    await form.save();
    expect(form.formError.value).toBe('Give the campaign a name.');
    expect(form.errors.value).toEqual({ name: 'Give the campaign a name.' });
    form.set('name', 'Second');
    await form.save();
    expect(form.saved.value).toBe('Created Second (#8).');
    form.edit(campaign);
    expect(form.title.value).toBe('Edit campaign #7');
    form.set('status', 'paused');
    await form.save();
    expect(sent.map(([what]) => what)).toEqual(['create', 'update 7']);
    expect(list.rows.value?.map((r) => `${r.id} ${r.status}`)).toEqual(['7 paused', '8 active']);
    expect(form.editing.value).toBeNull();
  });

  it("keeps the draft and shows the API's reason when it refuses", async () => {
    const form = createCampaignForm(
      {
        createCampaign: () =>
          Promise.reject(
            new ApiFailure(
              'bad_request',
              'Invalid body field: time_zone must be an IANA time zone',
              400,
              [{ path: 'time_zone', message: 'time_zone must be an IANA time zone' }],
            ),
          ),
        updateCampaign: () => Promise.reject(new Error('not called')),
      },
      fail,
      () => undefined,
    );
    form.set('name', 'Kept');
    await form.save();
    expect(form.formError.value).toMatch(/time_zone/);
    // The field the API named carries its reason, to show next to it.
    expect(form.errors.value).toEqual({ time_zone: 'time_zone must be an IANA time zone' });
    expect(form.draft.value.name).toBe('Kept');
    form.cancel();
    expect(form.errors.value).toEqual({});
  });
});
