import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { DayRange } from '../api/client.ts';
import type { GroupBy, StatsRow, Summary } from '../api/routes.ts';
import { fakeApi, flush, offline } from '../test-support/fakes.ts';
import { createOverview } from './overview.ts';

const empty = {
  clicks: 0,
  unique_clicks: 0,
  conversions: 0,
  approved: 0,
  pending: 0,
  rejected: 0,
  conversion_rate: 0,
  revenue: [],
  payout: [],
  epc: [],
  reported: { conversions: 0, revenue: [], payout: [] },
};
const summary = (range: DayRange, clicks: number): Summary => ({
  ...empty,
  ...range,
  clicks,
  unique_clicks: clicks,
});
const row = (key: string, clicks: number): StatsRow => ({ ...empty, key, clicks });

function setup(fail = false) {
  const calls: string[] = [];
  const api = fakeApi({
    summary: async (id, r) => {
      calls.push(`summary ${id} ${r.from}..${r.to}`);
      if (fail) throw offline();
      return summary(r, r.from === '2026-11-18' ? 30 : 20);
    },
    stats: async (id, by: GroupBy, r) => {
      calls.push(`stats ${id} ${by} ${r.from}..${r.to}`);
      if (by === 'day') return [row('2026-11-23', 10), row('2026-11-24', 20)];
      if (by === 'campaign') return [row('3', 20), row('1', 10)];
      return [row('google', 25), row('', 5)];
    },
  });
  const affiliateId = signal<number | null>(1);
  const range = signal({ from: '2026-11-18', to: '2026-11-24' });
  const overview = createOverview({
    api,
    scope: { affiliateId },
    range: { range, key: signal('k1'), previous: signal({ from: '2026-11-11', to: '2026-11-17' }) },
    catalog: { name: (id) => (String(id) === '3' ? 'Initech Cloud Storage' : `Campaign #${id}`) },
    locale: 'en-US',
  });
  return { calls, overview, affiliateId };
}

describe('overview', () => {
  it('loads this range, the previous range and the three breakdowns', async () => {
    const { calls, overview } = setup();
    const stop = overview.activate();
    expect(overview.loading.value).toBe(true);
    await flush();
    stop();
    expect(calls).toEqual([
      'summary 1 2026-11-18..2026-11-24',
      'summary 1 2026-11-11..2026-11-17',
      'stats 1 day 2026-11-18..2026-11-24',
      'stats 1 campaign 2026-11-18..2026-11-24',
      'stats 1 sub1 2026-11-18..2026-11-24',
    ]);
    expect(overview.loading.value).toBe(false);
    expect(overview.cards.value![0]!.lines[0]).toMatchObject({
      value: 30,
      delta: { text: '+50%' },
    });
    expect(overview.chart.value!.map((d) => d.clicks)).toEqual([10, 20]);
    expect(overview.campaigns.value!.map((r) => r.label)).toEqual([
      'Initech Cloud Storage',
      'Campaign #1',
    ]);
    expect(overview.subIds.value!.map((r) => [r.label, r.empty])).toEqual([
      ['google', false],
      ['(no sub1)', true],
    ]);
    expect(overview.empty.value).toBe(false);
  });

  it('reports the first error once', async () => {
    const { overview } = setup(true);
    overview.load();
    await flush();
    expect(overview.error.value?.code).toBe('network');
    expect(overview.cards.value).toBeNull();
  });

  it('loads nothing without an affiliate', async () => {
    const { calls, overview, affiliateId } = setup();
    affiliateId.value = null;
    overview.load();
    await flush();
    expect(calls).toEqual([]);
  });
});
