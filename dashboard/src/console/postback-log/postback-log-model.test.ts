import { describe, expect, it } from 'vitest';
import type { Query } from '../../api/client.ts';
import { ApiFailure } from '../../api/failure.ts';
import { flush } from '../../test-support/fakes.ts';
import type { PostbackAttempt } from '../api.ts';
import {
  logFiltersFrom,
  logFiltersQuery,
  noLogFilters,
  PostbackLogModel,
} from './postback-log-model.ts';

const attempt = (id: number, over: Partial<PostbackAttempt> = {}): PostbackAttempt => ({
  id,
  received_at: '2026-11-24T10:00:00.000Z',
  outcome: 'refused',
  http_status: 401,
  reason: 'bad_credential',
  message: 'Invalid postback token',
  credential_kind: 'none',
  preset: null,
  click_id: 'c-1',
  advertiser_id: 2,
  campaign_id: 5,
  affiliate_id: 1,
  conversion_id: null,
  params: { click_id: 'c-1', token: '[redacted]' },
  ...over,
});

function setup(rows: PostbackAttempt[], fail?: ApiFailure) {
  const queries: Query[] = [];
  const model = new PostbackLogModel(
    {
      postbackLog: async (q) => {
        queries.push(q);
        if (fail) throw fail;
        return {
          success: true as const,
          data: rows.filter((r) => !q.click_id || r.click_id === q.click_id),
          next_cursor: null,
        };
      },
    },
    'http://api.test',
  );
  return { model, queries };
}

describe('postback log filters', () => {
  it('reads filters from a link, and gives them back as URL keys and API query', () => {
    expect(logFiltersFrom({})).toEqual(noLogFilters);
    const f = logFiltersFrom({
      outcome: 'refused',
      reason: 'bad_credential',
      click_id: 'abc',
      campaign_id: '5',
      affiliate_id: '2',
      status: 'x',
    });
    expect(f).toEqual({
      outcome: 'refused',
      reason: 'bad_credential',
      click: 'abc',
      campaign: '5',
      affiliate: '2',
    });
    expect(logFiltersQuery(f)).toEqual({
      outcome: 'refused',
      reason: 'bad_credential',
      click_id: 'abc',
      campaign_id: '5',
      affiliate_id: '2',
    });
    expect(logFiltersFrom({ outcome: 'exploded', campaign_id: 'one' })).toEqual(noLogFilters);
  });
});

describe('postback log', () => {
  it("searches one click's attempts, dropping other filters so none of them hides", async () => {
    const { model, queries } = setup([
      attempt(3, {
        click_id: 'c-2',
        outcome: 'created',
        http_status: 200,
        reason: null,
        conversion_id: 9,
      }),
      attempt(2),
      attempt(1, { click_id: 'c-2' }),
    ]);
    model.setFilter('outcome', 'refused');
    await flush();
    model.clickInput.value = '  c-2 ';
    model.searchClick();
    await flush();
    expect(queries.at(-1)).toEqual({ click_id: 'c-2', limit: 50 });
    expect(model.filters.value).toEqual({ ...noLogFilters, click: 'c-2' });
    expect(model.list.rows.value.map((r) => r.id)).toEqual([3, 1]);
    expect(model.verdict.value?.headline).toBe('Counted: recorded as conversion #9.');
    expect(model.verdict.value?.attempts).toBe(2);
  });

  it('gives no verdict without a click searched, or for a click never seen', async () => {
    const { model } = setup([attempt(1)]);
    await model.load();
    expect(model.verdict.value).toBeNull();
    model.searchClick('never-sent');
    await flush();
    expect(model.list.empty.value).toBe(true);
    expect(model.verdict.value).toBeNull();
  });

  it('says what went wrong when the API refuses the search', async () => {
    const { model } = setup(
      [],
      new ApiFailure(
        'bad_request',
        'Invalid query parameter: click_id must be printable ASCII without spaces',
        400,
      ),
    );
    model.searchClick('has space');
    await flush();
    expect(model.error.value).toMatch(/click_id must be printable ASCII/);
  });

  it('opens and closes the parameters of an attempt', () => {
    const { model } = setup([]);
    model.toggleParams(4);
    expect(model.expanded.value.has(4)).toBe(true);
    model.toggleParams(4);
    expect(model.expanded.value.has(4)).toBe(false);
  });
});
