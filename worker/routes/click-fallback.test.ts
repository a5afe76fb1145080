import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  apiWithEnv,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
} from '../test/api.ts';
import { count, eventually } from '../test/db.ts';

const BROWSER = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0',
};
const GLOBAL_FALLBACK = 'https://network.example/more-offers';

let affiliate: TestAffiliate;
let disabled: TestAffiliate;
let live: { id: number };
let paused: { id: number };
let pausedNoFallback: { id: number };

const patch = (path: string, body: unknown) =>
  asAdmin(path, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  affiliate = await createAffiliate('Fallback tester');
  disabled = await createAffiliate('Disabled partner');
  await patch(`/affiliates/${disabled.id}`, { status: 'disabled' });
  live = await createCampaign({
    name: 'Live',
    offer_url: 'https://shop.example/land?c={click_id}&s1={sub1}',
    fallback_url: 'https://shop.example/other',
  });
  paused = await createCampaign({
    name: 'Paused',
    offer_url: 'https://shop.example/land?c={click_id}',
    fallback_url: 'https://shop.example/other?x=1',
    status: 'paused',
  });
  pausedNoFallback = await createCampaign({
    name: 'Paused bare',
    offer_url: 'https://shop.example/land?c={click_id}',
    status: 'paused',
  });
});

async function expectPage(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('location')).toBeNull();
  const body = await res.text();
  expect(body).toContain('This offer is no longer available');
  expect(body).not.toMatch(/"success"|<script|https?:\/\/(?!network)/);
}

describe('a visitor never sees JSON', () => {
  it('paused campaign: browser goes to the campaign fallback_url, nothing counted', async () => {
    const before = await count('clicks', sql`campaign_id = ${paused.id}`);
    const res = await api(`/c/${paused.id}/${affiliate.id}`, { headers: BROWSER });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example/other?x=1');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await count('clicks', sql`campaign_id = ${paused.id}`)).toBe(before);
  });

  it('disabled affiliate: browser goes to the campaign fallback_url', async () => {
    const res = await api(`/click?affiliate_id=${disabled.id}&campaign_id=${live.id}`, {
      headers: BROWSER,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example/other');
  });

  it('paused campaign without any fallback: an HTML page with 410', async () => {
    await expectPage(
      await api(`/c/${pausedNoFallback.id}/${affiliate.id}`, { headers: BROWSER }),
      410,
    );
  });

  it.each([
    ['unknown campaign', () => `/c/999999/${affiliate.id}`],
    ['unknown affiliate', () => `/c/${pausedNoFallback.id}/999999`],
    ['malformed id', () => `/c/abc/${affiliate.id}`],
    ['malformed /click', () => `/click?affiliate_id=x&campaign_id=1`],
  ])('%s: HTML page with 404, or the global FALLBACK_URL when set', async (_label, path) => {
    await expectPage(await api(path(), { headers: BROWSER }), 404);
    const res = await apiWithEnv(path(), { FALLBACK_URL: GLOBAL_FALLBACK }, { headers: BROWSER });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(GLOBAL_FALLBACK);
  });

  it('the campaign fallback wins over the global one', async () => {
    const res = await apiWithEnv(
      `/c/${paused.id}/${affiliate.id}`,
      { FALLBACK_URL: GLOBAL_FALLBACK },
      { headers: BROWSER },
    );
    expect(res.headers.get('location')).toBe('https://shop.example/other?x=1');
  });

  it('API callers keep the JSON errors (Accept: application/json, format=json)', async () => {
    for (const [path, init] of [
      [`/c/${paused.id}/${affiliate.id}`, { headers: { accept: 'application/json' } }],
      [`/c/${paused.id}/${affiliate.id}?format=json`, { headers: BROWSER }],
      [`/c/abc/${affiliate.id}?format=json`, {}],
      [`/click?affiliate_id=${disabled.id}&campaign_id=${live.id}&format=json`, {}],
    ] as const) {
      const res = await apiWithEnv(path, { FALLBACK_URL: GLOBAL_FALLBACK }, init);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('location')).toBeNull();
      expect((await json(res)).success).toBe(false);
    }
  });
});

describe('sub ids a visitor did not write', () => {
  it('redirect mode cuts an over-long sub to 255 characters and strips control characters; the click is kept', async () => {
    const long = `${'s'.repeat(300)}`;
    const res = await api(`/c/${live.id}/${affiliate.id}?sub1=${long}&sub2=a%0D%0Ab`, {
      headers: BROWSER,
    });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('s1')).toBe('s'.repeat(255));
    const clickId = location.searchParams.get('c')!;
    expect(
      await eventually(
        () =>
          count('clicks', sql`click_id = ${clickId} AND sub1 = ${'s'.repeat(255)} AND sub2 = 'ab'`),
        (n) => n === 1,
      ),
    ).toBe(1);
  });

  it('JSON mode keeps the 400 naming the parameter, nothing written', async () => {
    const before = await count('clicks');
    const res = await api(`/c/${live.id}/${affiliate.id}?format=json&sub1=${'s'.repeat(256)}`);
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toContain('sub1 must be at most 255 characters');
    expect(await count('clicks')).toBe(before);
  });
});

describe('fallback_url on campaigns', () => {
  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['relative', '/other'],
    ['macro', 'https://shop.example/?c={click_id}'],
    ['over-long', `https://shop.example/${'x'.repeat(2048)}`],
  ])('refuses %s with 400 naming fallback_url', async (_label, url) => {
    const res = await patch(`/campaigns/${live.id}`, { fallback_url: url });
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toContain('fallback_url');
  });

  it('is listed and can be cleared', async () => {
    const c = await createCampaign({ name: 'Clearable', fallback_url: 'https://shop.example/x' });
    const cleared = await json(await patch(`/campaigns/${c.id}`, { fallback_url: null }));
    expect(cleared.data.fallback_url).toBeNull();
  });
});
