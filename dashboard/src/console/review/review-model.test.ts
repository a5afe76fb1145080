import { describe, expect, it } from 'vitest';
import type { Query } from '../../api/client.ts';
import { ApiFailure } from '../../api/failure.ts';
import { deferred, flush } from '../../test-support/fakes.ts';
import type { NetworkConversion, ReviewRequest } from '../api.ts';
import {
  conversionsQuery,
  defaultReviewFilters,
  ReviewModel,
  reviewFiltersFrom,
  reviewFiltersQuery,
} from './review-model.ts';

const conversion = (id: number, over: Partial<NetworkConversion> = {}): NetworkConversion => ({
  id,
  click_id: `click-${id}`,
  affiliate_id: 1,
  campaign_id: 5,
  advertiser_id: 2,
  amount: 49,
  payout: 14.7,
  payout_rule_id: 3,
  currency: 'USD',
  status: 'pending',
  reason: 'ctit_too_short',
  status_set_by: 'rules',
  event: 'conversion',
  txid: null,
  ctit_seconds: 4,
  created_at: '2026-11-24T10:00:00.000Z',
  updated_at: '2026-11-24T10:00:00.000Z',
  ...over,
});

function setup(initial: NetworkConversion[]) {
  let pending = [...initial];
  const queries: Query[] = [];
  const reviews: ReviewRequest[] = [];
  const api = {
    conversions: async (q: Query) => {
      queries.push(q);
      return {
        success: true as const,
        data: pending.filter((c) => !q.status || c.status === q.status),
        next_cursor: null,
      };
    },
    review: async (r: ReviewRequest) => {
      reviews.push(r);
      const updated = r.ids.filter((id) =>
        pending.some((c) => c.id === id && c.status !== r.status),
      );
      const unchanged = r.ids.filter((id) =>
        pending.some((c) => c.id === id && c.status === r.status),
      );
      pending = pending.map((c) => (r.ids.includes(c.id) ? { ...c, status: r.status } : c));
      return {
        updated,
        confirmed: [],
        unchanged,
        not_found: r.ids.filter((id) => !pending.some((c) => c.id === id)),
        refused: [],
      };
    },
    history: async (id: number) => [
      {
        at: '2026-11-24T10:00:00.000Z',
        from_status: null,
        to_status: 'pending' as const,
        reason: 'ctit_too_short',
        note: null,
        credential_kind: `rules-${id}`,
      },
    ],
  };
  const model = new ReviewModel(api, 'http://api.test', () => '2026-11-24');
  return {
    model,
    queries,
    reviews,
    arrive: (c: NetworkConversion) => void (pending = [c, ...pending]),
    decideElsewhere: (id: number) =>
      void (pending = pending.map((c) => (c.id === id ? { ...c, status: 'approved' } : c))),
  };
}

describe('review filters', () => {
  it('reads filters from a link and keeps only what differs from the queue', () => {
    expect(reviewFiltersFrom({})).toEqual(defaultReviewFilters);
    const f = reviewFiltersFrom({
      status: 'rejected',
      reason: 'cap_reached',
      campaign_id: '7',
      affiliate_id: 'x',
      period: '30d',
    });
    expect(f).toEqual({
      status: 'rejected',
      reason: 'cap_reached',
      campaign: '7',
      affiliate: '',
      period: '30d',
    });
    expect(reviewFiltersQuery(f)).toEqual({
      status: 'rejected',
      reason: 'cap_reached',
      campaign_id: '7',
      affiliate_id: undefined,
      period: '30d',
    });
    expect(reviewFiltersFrom({ status: 'any' }).status).toBe('');
    expect(reviewFiltersQuery({ ...defaultReviewFilters, status: '' }).status).toBe('any');
    expect(reviewFiltersQuery(defaultReviewFilters)).toEqual({
      status: undefined,
      reason: undefined,
      campaign_id: undefined,
      affiliate_id: undefined,
      period: undefined,
    });
  });

  it('asks the API for the period ending today', () => {
    expect(conversionsQuery(defaultReviewFilters, '2026-11-24')).toEqual({
      status: 'pending',
      reason: undefined,
      campaign_id: undefined,
      affiliate_id: undefined,
      from: '2025-10-21',
      to: '2026-11-24',
    });
    expect(
      conversionsQuery(
        { ...defaultReviewFilters, status: '', period: '7d', campaign: '3' },
        '2026-11-24',
      ),
    ).toMatchObject({ status: undefined, campaign_id: '3', from: '2026-11-18' });
  });
});

describe('review queue', () => {
  it('selects rows one by one, a shift range, and the whole page', async () => {
    const { model } = setup([1, 2, 3, 4, 5].map((id) => conversion(id)));
    await model.load();
    expect(model.pageSelection.value).toBe('none');
    model.toggle(2);
    model.toggle(4, true);
    expect([...model.selected.value]).toEqual([2, 3, 4]);
    expect(model.pageSelection.value).toBe('some');
    model.toggleAll();
    expect(model.pageSelection.value).toBe('all');
    model.toggleAll();
    expect(model.selected.value.size).toBe(0);
  });

  it('keeps the selection when live conversions arrive, dropping only rows decided elsewhere', async () => {
    const t = setup([1, 2, 3].map((id) => conversion(id)));
    await t.model.load();
    t.model.toggle(1);
    t.model.toggle(2);
    t.arrive(conversion(9));
    t.decideElsewhere(2);
    t.model.heard(1);
    await flush();
    expect(t.model.list.rows.value.map((r) => r.id)).toEqual([9, 1, 3]);
    expect([...t.model.selected.value]).toEqual([1]);
    expect(t.model.arrivals.value).toBe(0);
  });

  it('sends the selection with the reason and note, shows the result, and drops what was decided', async () => {
    const t = setup([1, 2, 3].map((id) => conversion(id)));
    await t.model.load();
    t.model.toggle(1);
    t.model.toggle(3);
    t.model.reason.value = 'suspicious_click';
    t.model.note.value = '  same IP as order 12  ';
    await t.model.decide('rejected');
    expect(t.reviews).toEqual([
      { ids: [1, 3], status: 'rejected', reason: 'suspicious_click', note: 'same IP as order 12' },
    ]);
    expect(t.model.outcome.value).toMatchObject({
      status: 'rejected',
      updated: [1, 3],
      unchanged: [],
      not_found: [],
    });
    expect(t.model.selected.value.size).toBe(0);
    expect(t.model.note.value).toBe('');
    expect(t.model.list.rows.value.map((r) => r.id)).toEqual([2]);
  });

  it('asks for a selection before deciding, and shows why the API refused', async () => {
    const { model } = setup([conversion(1)]);
    await model.load();
    await model.decide('approved');
    expect(model.formError.value).toMatch(/Select the conversions/);
    const refusing = new ReviewModel(
      {
        conversions: async () => ({ success: true, data: [conversion(1)], next_cursor: null }),
        review: () =>
          Promise.reject(
            new ApiFailure(
              'bad_request',
              'Invalid body field: note must be at most 500 characters',
              400,
            ),
          ),
        history: async () => [],
      },
      'http://api.test',
      () => '2026-11-24',
    );
    await refusing.load();
    refusing.toggle(1);
    refusing.note.value = 'checked the order export';
    await refusing.decide('approved');
    expect(refusing.formError.value).toMatch(/note must be at most 500/);
    expect([...refusing.selected.value]).toEqual([1]);
    expect(refusing.note.value).toBe('checked the order export');
  });

  it('keeps refused conversions selected, with their reason', async () => {
    const model = new ReviewModel(
      {
        conversions: async () => ({
          success: true,
          data: [conversion(1), conversion(2)],
          next_cursor: null,
        }),
        review: async () => ({
          updated: [1],
          confirmed: [],
          unchanged: [],
          not_found: [],
          refused: [{ id: 2, reason: 'status_locked', message: 'decided by the network' }],
        }),
        history: async () => [],
      },
      'http://api.test',
      () => '2026-11-24',
    );
    await model.load();
    model.toggleAll();
    model.note.value = 'matched the order export';
    await model.decide('approved');
    expect([...model.selected.value]).toEqual([2]);
    expect(model.outcome.value?.refused[0]?.reason).toBe('status_locked');
    // The note stays for the conversion still selected, to try again.
    expect(model.note.value).toBe('matched the order export');
  });

  it('clears the selection for new filters and lists page one again', async () => {
    const t = setup([conversion(1), conversion(2, { status: 'rejected', reason: 'cap_reached' })]);
    await t.model.load();
    t.model.toggle(1);
    t.model.setFilter('status', 'rejected');
    await flush();
    expect(t.model.selected.value.size).toBe(0);
    expect(t.queries.at(-1)).toMatchObject({ status: 'rejected', limit: 50 });
    expect(t.model.list.rows.value.map((r) => r.id)).toEqual([2]);
  });

  it("fetches a row's history once when opened, and says when it could not", async () => {
    const calls: number[] = [];
    const gate = deferred<never>();
    const model = new ReviewModel(
      {
        conversions: async () => ({
          success: true,
          data: [conversion(1), conversion(2)],
          next_cursor: null,
        }),
        review: async () => ({
          updated: [],
          confirmed: [],
          unchanged: [],
          not_found: [],
          refused: [],
        }),
        history: (id) => {
          calls.push(id);
          return id === 2 ? gate.promise : Promise.resolve([]);
        },
      },
      'http://api.test',
      () => '2026-11-24',
    );
    await model.load();
    model.toggleHistory(1);
    await flush();
    expect(model.histories.value.get(1)).toEqual({ entries: [], error: null });
    model.toggleHistory(1);
    model.toggleHistory(1);
    expect(calls).toEqual([1]);
    model.toggleHistory(2);
    gate.reject(new ApiFailure('not_found', 'Conversion 2 not found', 404));
    await flush();
    expect(model.histories.value.get(2)?.error).toBe('Conversion 2 not found');
  });
});
