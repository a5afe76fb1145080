import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
} from '../test/api.ts';

let owner: TestAffiliate;
let stranger: TestAffiliate;
let campaign: { id: number };
const CLICKS = 7;

beforeAll(async () => {
  owner = await createAffiliate('List owner');
  stranger = await createAffiliate('Stranger');
  campaign = await createCampaign({ name: 'Lists' });
  for (let i = 0; i < CLICKS; i++) {
    await api(
      `/click?affiliate_id=${owner.id}&campaign_id=${campaign.id}&click_id=list-${owner.id}-${i}&sub1=s${i % 2}`,
    );
  }
  for (let i = 0; i < 3; i++) {
    await api(
      `/postback?affiliate_id=${owner.id}&click_id=list-${owner.id}-${i}&amount=${10 + i}&currency=USD&token=${owner.postbackSecret}`,
    );
  }
});

describe('GET /affiliates/:id/clicks (seed)', () => {
  it('answers the documented shape for the affiliate key', async () => {
    const res = await api(`/affiliates/${owner.id}/clicks`, { key: owner.apiKey });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.success).toBe(true);
    expect(body.data).toHaveLength(CLICKS);
    const item = body.data[0];
    expect(typeof item.id).toBe('number');
    expect(item.click_id).toBe(`list-${owner.id}-${CLICKS - 1}`);
    expect(item.campaign_id).toBe(campaign.id);
    expect(item.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(body.next_cursor).toBeNull();
  });

  it('walks every row with cursor pagination, newest first, without repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api(
        `/affiliates/${owner.id}/clicks?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { key: owner.apiKey },
      );
      const body = await json(res);
      seen.push(...body.data.map((c: { click_id: string }) => c.click_id));
      cursor = body.next_cursor;
    } while (cursor);
    expect(seen).toHaveLength(CLICKS);
    expect(new Set(seen).size).toBe(CLICKS);
    expect(seen[0]).toBe(`list-${owner.id}-${CLICKS - 1}`);
  });

  it('filters by date range', async () => {
    const future = await json(
      await api(`/affiliates/${owner.id}/clicks?from=2030-01-01&to=2030-01-31`, {
        key: owner.apiKey,
      }),
    );
    expect(future.data).toEqual([]);
    const bad = await api(`/affiliates/${owner.id}/clicks?from=2026-02-30`, { key: owner.apiKey });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toContain('from');
    const reversed = await api(`/affiliates/${owner.id}/clicks?from=2026-02-10&to=2026-02-01`, {
      key: owner.apiKey,
    });
    expect(reversed.status).toBe(400);
    const cursor = await api(`/affiliates/${owner.id}/clicks?cursor=garbage`, {
      key: owner.apiKey,
    });
    expect(cursor.status).toBe(400);
    expect((await json(cursor)).error.message).toContain('cursor');
  });
});

describe('GET /affiliates/:id/conversions (seed)', () => {
  it('answers the documented shape', async () => {
    const body = await json(
      await api(`/affiliates/${owner.id}/conversions`, { key: owner.apiKey }),
    );
    expect(body.data).toHaveLength(3);
    const item = body.data.find((c: { click_id: string }) => c.click_id === `list-${owner.id}-0`);
    expect(typeof item.id).toBe('number');
    expect(item.amount).toBe(10);
    expect(item.currency).toBe('USD');
    expect(item.created_at).toMatch(/Z$/);
  });
});

describe('report authentication', () => {
  it.each([
    ['no header', undefined, 401],
    ['malformed header', 'Token abc', 401],
    ['wrong key', 'Bearer ak_definitely-not-a-key-123', 401],
  ])('%s -> %d in the error shape', async (_name, header, status) => {
    const res = await api(
      `/affiliates/${owner.id}/clicks`,
      header ? { headers: { authorization: header } } : {},
    );
    expect(res.status).toBe(status);
    expect(await json(res)).toMatchObject({ success: false, error: { code: 'unauthorized' } });
  });

  it("gives another affiliate's key a 404, never the data", async () => {
    for (const path of [
      'clicks',
      'conversions',
      'summary',
      'stats',
      'clicks.csv',
      'postback-url',
    ]) {
      const res = await api(`/affiliates/${owner.id}/${path}`, { key: stranger.apiKey });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain(`list-${owner.id}`);
    }
  });

  it('lets the admin token read any affiliate', async () => {
    const res = await asAdmin(`/affiliates/${owner.id}/clicks`);
    expect(res.status).toBe(200);
    expect((await json(res)).data).toHaveLength(CLICKS);
  });

  it('lists only itself to an affiliate key, everyone to the admin', async () => {
    const mine = await json(await api('/affiliates', { key: owner.apiKey }));
    expect(mine.data.map((a: { id: number }) => a.id)).toEqual([owner.id]);
    expect(mine.data[0]).toMatchObject({ id: owner.id, name: 'List owner' });
    const all = await json(await asAdmin('/affiliates'));
    expect(all.data.map((a: { id: number }) => a.id)).toEqual(
      expect.arrayContaining([owner.id, stranger.id]),
    );
  });
});

describe('CSV export', () => {
  it('downloads the range as CSV with a header row and one line per click', async () => {
    const res = await api(`/affiliates/${owner.id}/clicks.csv`, { key: owner.apiKey });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 4)).toEqual([
      'id',
      'click_id',
      'campaign_id',
      'created_at',
    ]);
    expect(lines).toHaveLength(CLICKS + 1);
  });

  it('neutralises spreadsheet formulas in sub ids', async () => {
    const formula = await createAffiliate('Formula');
    await api(
      `/click?affiliate_id=${formula.id}&campaign_id=${campaign.id}&click_id=csv-formula-${formula.id}&sub1=${encodeURIComponent('=HYPERLINK("x")')}`,
    );
    const text = await (
      await api(`/affiliates/${formula.id}/clicks.csv`, { key: formula.apiKey })
    ).text();
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
  });

  it('quotes a sub id holding a semicolon and neutralises the formula after it', async () => {
    const semicolon = await createAffiliate('Semicolon');
    await api(
      `/click?affiliate_id=${semicolon.id}&campaign_id=${campaign.id}&click_id=csv-semicolon-${semicolon.id}&sub1=${encodeURIComponent('x;=1+1')}`,
    );
    const text = await (
      await api(`/affiliates/${semicolon.id}/clicks.csv`, { key: semicolon.apiKey })
    ).text();
    expect(text).toContain(`"x;'=1+1"`);
    expect(text).toContain(`"csv-semicolon-${semicolon.id}"`);
  });
});
