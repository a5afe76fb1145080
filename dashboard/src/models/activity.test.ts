import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { PageRequest } from '../api/client.ts';
import type { Page } from '../api/routes.ts';
import { flush } from '../test-support/fakes.ts';
import { createActivityList } from './activity.ts';

interface Row {
  id: number;
}

// 60 rows, newest (id 60) first, paged like the API: a cursor whenever a page is full.
function pager(total = 60) {
  const calls: PageRequest[] = [];
  const rows = Array.from({ length: total }, (_, i) => ({ id: total - i }));
  const fetchPage = async (_id: number, req: PageRequest): Promise<Page<Row>> => {
    calls.push(req);
    const start = req.cursor ? rows.findIndex((r) => r.id < Number(req.cursor)) : 0;
    const data = start < 0 ? [] : rows.slice(start, start + req.limit);
    return {
      success: true,
      data,
      next_cursor: data.length === req.limit ? String(data.at(-1)!.id) : null,
    };
  };
  return { calls, fetchPage };
}

function setup(total?: number) {
  const { calls, fetchPage } = pager(total);
  const affiliateId = signal<number | null>(1);
  const key = signal('2026-11-18..2026-11-24');
  const list = createActivityList<Row>({
    fetchPage,
    scope: { affiliateId },
    range: { key, range: signal({ from: '2026-11-18', to: '2026-11-24' }) },
    pageSize: 25,
  });
  const stop = list.activate();
  return { calls, list, affiliateId, key, stop };
}

describe('activity list', () => {
  it('walks forward and back with a cursor stack', async () => {
    const { list, calls } = setup();
    await flush();
    expect(list.rows.value.map((r) => r.id).slice(0, 2)).toEqual([60, 59]);
    expect(list.hasPrevious.value).toBe(false);
    list.next();
    await flush();
    expect(list.pageNumber.value).toBe(2);
    expect(list.rows.value[0]!.id).toBe(35);
    list.next();
    await flush();
    expect(list.rows.value.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => 10 - i));
    expect(list.hasNext.value).toBe(false);
    list.previous();
    await flush();
    expect(list.pageNumber.value).toBe(2);
    expect(list.rows.value[0]!.id).toBe(35);
    expect(calls.map((c) => c.cursor)).toEqual([null, '36', '11', '36']);
  });

  it('sorts the loaded page oldest first on request', async () => {
    const { list } = setup();
    await flush();
    list.toggleOrder();
    expect(list.order.value).toBe('oldest');
    expect(list.rows.value[0]!.id).toBe(36);
    expect(list.rows.value.at(-1)!.id).toBe(60);
  });

  it('starts over at page one when the range or affiliate changes', async () => {
    const { list, key, affiliateId, calls, stop } = setup();
    await flush();
    list.next();
    await flush();
    key.value = '2026-11-01..2026-11-24';
    await flush();
    expect(list.pageNumber.value).toBe(1);
    affiliateId.value = 2;
    await flush();
    expect(calls.map((c) => c.cursor)).toEqual([null, '36', null, null]);
    stop();
    affiliateId.value = 3;
    await flush();
    expect(calls).toHaveLength(4);
  });

  it('knows when the range has no rows at all', async () => {
    const { list } = setup(0);
    await flush();
    expect(list.empty.value).toBe(true);
    expect(list.hasNext.value).toBe(false);
  });
});
