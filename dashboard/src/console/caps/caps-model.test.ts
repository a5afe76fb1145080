import { describe, expect, it } from 'vitest';
import type { Cap, CapInput, Caps } from '../api.ts';
import { CapsModel, fieldsOfCap, inputOfCap, usageOf } from './caps-model.ts';

const cap = (over: Partial<Cap>): Cap => ({
  id: 1,
  metric: 'conversions',
  period: 'day',
  limit: 50,
  affiliate_id: null,
  used: 12,
  remaining: 38,
  period_key: '2026-11-03',
  resets_at: '2026-11-03T23:00:00.000Z',
  ...over,
});

describe('caps editor', () => {
  it('shows usage against the saved cap, and none once the row says something else', () => {
    const row = fieldsOfCap(cap({}));
    expect(usageOf(row)).toEqual({ used: 12, limit: 50, remaining: 38, ratio: 0.24, full: false });
    expect(usageOf({ ...row, limit: '60' })).toBeNull();
    expect(usageOf({ ...row, period: 'month' })).toBeNull();
    expect(usageOf({ ...row, usage: null })).toBeNull();
  });

  it('reads payout budgets as decimals and marks a reached cap', () => {
    const row = fieldsOfCap(
      cap({ metric: 'payout', limit: '1000.0000', used: '1000.0000', remaining: '0.0000' }),
    );
    expect(row.limit).toBe('1000');
    expect(usageOf(row)).toMatchObject({ used: 1000, limit: 1000, ratio: 1, full: true });
    expect(inputOfCap({ ...row, affiliate: '7' })).toEqual({
      metric: 'payout',
      period: 'day',
      limit: '1000',
      affiliate_id: 7,
    });
  });

  it('saves the whole set and shows the new usage', async () => {
    const sent: CapInput[][] = [];
    const answer = (caps: Cap[]): Caps => ({
      campaign_id: 3,
      currency: 'EUR',
      time_zone: 'UTC',
      caps,
    });
    const model = new CapsModel(
      {
        caps: async () => answer([cap({})]),
        saveCaps: async (_id, caps) => (
          sent.push(caps),
          answer(
            caps.map((c, i) =>
              cap({
                id: i + 1,
                metric: c.metric,
                period: c.period,
                limit: Number(c.limit),
                used: 0,
                remaining: Number(c.limit),
              }),
            ),
          )
        ),
      },
      3,
      String,
    );
    await model.load();
    model.add();
    const added = model.list.rows.value[1]!;
    model.set(added.key, 'metric', 'clicks');
    model.set(added.key, 'limit', '5000');
    expect(usageOf(model.list.rows.value[1]!)).toBeNull();
    await model.save();
    expect(sent[0]).toEqual([
      { metric: 'conversions', period: 'day', limit: '50' },
      { metric: 'clicks', period: 'day', limit: '5000' },
    ]);
    expect(usageOf(model.list.rows.value[1]!)).toMatchObject({ used: 0, remaining: 5000 });
  });
});
