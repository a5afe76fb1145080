import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { DayRange } from '../../api/client.ts';
import { flush } from '../../test-support/fakes.ts';
import type { NetworkGroup, NetworkQualityAnswer } from '../api.ts';
import { NetworkQualityModel } from './network-quality-model.ts';

const totals = { clicks: 0, suspicious: 0, suspicious_share: 0 };
const ctit: NetworkQualityAnswer['ctit'] = [];

function setup() {
  const query = signal<Record<string, string>>({});
  const range = signal<DayRange>({ from: '2026-11-01', to: '2026-11-07' });
  const asked: [NetworkGroup, DayRange][] = [];
  const rows: Record<string, NetworkQualityAnswer['data']> = {
    affiliate: [
      { key: '2', clicks: 10, suspicious: 5, suspicious_share: 0.5 },
      { key: '99', clicks: 1, suspicious: 0, suspicious_share: 0 },
    ],
    country: [
      { key: 'DE', clicks: 3, suspicious: 0, suspicious_share: 0 },
      { key: '', clicks: 1, suspicious: 1, suspicious_share: 1 },
    ],
    as_org: [{ key: '', clicks: 1, suspicious: 1, suspicious_share: 1 }],
    campaign: [{ key: '4', clicks: 1, suspicious: 0, suspicious_share: 0 }],
  };
  const model = new NetworkQualityModel({
    api: {
      networkQuality: async (group, r) => {
        asked.push([group, r]);
        return {
          success: true,
          group_by: group,
          from: r.from,
          to: r.to,
          totals,
          data: rows[group] ?? [],
          ctit,
        };
      },
    },
    range: { range, key: signal('k') },
    query,
    setQuery: (patch) => {
      const next = { ...query.value };
      for (const [k, v] of Object.entries(patch))
        if (v === undefined) delete next[k];
        else next[k] = v;
      query.value = next;
    },
    affiliateName: (id) => (id === 2 ? 'Blue Media' : undefined),
    campaignName: (id) => `Offer ${id}`,
    locale: 'en-US',
  });
  return { model, query, asked };
}

describe('network quality', () => {
  it('groups by affiliate first and names affiliates, even one it does not know', async () => {
    const { model, asked } = setup();
    await flush();
    expect(asked).toEqual([['affiliate', { from: '2026-11-01', to: '2026-11-07' }]]);
    expect(model.sources.value?.map((r) => [r.label, r.flagged])).toEqual([
      ['#2 Blue Media', true],
      ['Affiliate #99', false],
    ]);
  });

  it('keeps the grouping in the link, reloads for it and names countries, networks and campaigns', async () => {
    const { model, query, asked } = setup();
    model.choose('country');
    expect(query.value).toEqual({ by: 'country' });
    await flush();
    expect(asked.at(-1)![0]).toBe('country');
    expect(model.heading.value.title).toBe('country');
    expect(model.sources.value?.map((r) => r.label)).toEqual(['DE · Germany', '(unknown country)']);
    model.choose('as_org');
    await flush();
    expect(model.sources.value?.map((r) => r.label)).toEqual(['(unknown network)']);
    model.choose('campaign');
    await flush();
    expect(model.sources.value?.map((r) => r.label)).toEqual(['Offer 4']);
    model.choose('affiliate');
    expect(query.value).toEqual({});
  });

  it('reads an unknown grouping in the link as by affiliate', async () => {
    const { model, query } = setup();
    query.value = { by: 'device' };
    expect(model.group.value).toBe('affiliate');
  });
});
