import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
} from '../test/api.ts';
import { count, db, eventually } from '../test/db.ts';

const BROWSER = {
  accept: 'text/html,*/*;q=0.8',
  'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Safari/605.1.15',
};

let affiliate: TestAffiliate;
let us: { id: number };
let world: { id: number };
let paused: { id: number };

const send = (method: string, path: string, body: unknown) =>
  asAdmin(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const visit = (path: string, country: string, ip: string) =>
  api(path, { headers: { ...BROWSER, 'cf-connecting-ip': ip }, cf: { country } } as RequestInit);

beforeAll(async () => {
  affiliate = await createAffiliate('Smart partner');
  us = await createCampaign({ name: 'US only', offer_url: 'https://us.example/?c={click_id}' });
  await send('PUT', `/campaigns/${us.id}/rules`, {
    rules: [
      {
        name: 'Not US',
        conditions: { country: ['CA', 'MX', 'GB', 'DE', 'FR'] },
        action: { type: 'fallback' },
      },
    ],
  });
  world = await createCampaign({
    name: 'Worldwide',
    offer_url: 'https://world.example/?c={click_id}',
  });
  paused = await createCampaign({
    name: 'Paused',
    offer_url: 'https://paused.example/?c={click_id}',
    status: 'paused',
  });
});

describe('smartlinks', () => {
  it('admin CRUD', async () => {
    const created = await send('POST', '/smartlinks', {
      name: 'Mix',
      campaigns: [
        { campaign_id: us.id, weight: 1 },
        { campaign_id: world.id, weight: 1 },
      ],
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { data } = await json(created);
    expect(data).toMatchObject({
      name: 'Mix',
      status: 'active',
      tracking_link: `http://tracker.test/s/${data.id}/{affiliate_id}`,
    });
    const listed = (await json(await asAdmin('/smartlinks'))).data;
    expect(listed.some((s: { id: number }) => s.id === data.id)).toBe(true);
    const renamed = await json(
      await send('PATCH', `/smartlinks/${data.id}`, { name: 'Mix 2', status: 'paused' }),
    );
    expect(renamed.data).toMatchObject({ name: 'Mix 2', status: 'paused' });
    expect((await api(`/s/${data.id}/${affiliate.id}`, { headers: BROWSER })).status).toBe(410);
    expect((await send('DELETE', `/smartlinks/${data.id}`, undefined)).status).toBe(200);
    expect((await asAdmin(`/smartlinks/${data.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await api('/smartlinks', { key: affiliate.apiKey })).status).toBe(403);
  });

  it.each([
    ['an unknown campaign', [{ campaign_id: 999999, weight: 1 }], /no campaign 999999/],
    ['zero weights', [{ campaign_id: 1, weight: 0 }], /sum above zero/],
    ['no campaigns', [], /at least one campaign/],
    [
      'a repeated campaign',
      [
        { campaign_id: 1, weight: 1 },
        { campaign_id: 1, weight: 2 },
      ],
      /twice/,
    ],
  ])('refuses %s, writing nothing', async (_label, campaigns, message) => {
    const before = await count('smartlinks');
    const res = await send('POST', '/smartlinks', { name: 'Bad', campaigns });
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toMatch(message);
    expect(await count('smartlinks')).toBe(before);
  });

  it('skips paused and not-targeted campaigns, and records the click on the chosen campaign with the smartlink id', async () => {
    const { data } = await json(
      await send('POST', '/smartlinks', {
        name: 'Geo',
        campaigns: [
          { campaign_id: paused.id, weight: 100 },
          { campaign_id: us.id, weight: 1 },
          { campaign_id: world.id, weight: 1 },
        ],
      }),
    );
    const hosts = new Set<string>();
    for (let i = 0; i < 12; i++)
      hosts.add(
        new URL(
          (await visit(`/s/${data.id}/${affiliate.id}`, 'DE', `192.0.2.${i}`)).headers.get(
            'location',
          )!,
        ).host,
      );
    expect([...hosts]).toEqual(['world.example']);
    const usHosts = new Set<string>();
    for (let i = 0; i < 20 && usHosts.size < 2; i++)
      usHosts.add(
        new URL(
          (await visit(`/s/${data.id}/${affiliate.id}`, 'US', `198.51.100.${i}`)).headers.get(
            'location',
          )!,
        ).host,
      );
    expect([...usHosts].sort()).toEqual(['us.example', 'world.example']);

    const res = await visit(`/s/${data.id}/${affiliate.id}?sub1=smart`, 'DE', '192.0.2.200');
    const clickId = new URL(res.headers.get('location')!).searchParams.get('c')!;
    await eventually(
      () => count('clicks', sql`click_id = ${clickId}`),
      (n) => n === 1,
    );
    const { rows } = await db.execute(
      sql`SELECT campaign_id, smartlink_id, sub1 FROM clicks WHERE click_id = ${clickId}`,
    );
    expect(rows[0]).toMatchObject({ sub1: 'smart' });
    expect(Number((rows[0] as { campaign_id: string }).campaign_id)).toBe(world.id);
    expect(Number((rows[0] as { smartlink_id: string }).smartlink_id)).toBe(data.id);
  });

  it('no campaign for the visitor: the fallback page for browsers, JSON 404 for API callers', async () => {
    const { data } = await json(
      await send('POST', '/smartlinks', {
        name: 'US only',
        campaigns: [{ campaign_id: us.id, weight: 1 }],
      }),
    );
    const page = await visit(`/s/${data.id}/${affiliate.id}`, 'DE', '192.0.2.9');
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('This offer is no longer available');
    const apiRes = await api(`/s/${data.id}/${affiliate.id}?format=json`, {
      cf: { country: 'DE' },
    } as RequestInit);
    expect(apiRes.status).toBe(404);
    expect((await json(apiRes)).error.message).toContain('smartlink_id');
    const unknown = await api(`/s/999999/${affiliate.id}?format=json`);
    expect(unknown.status).toBe(404);
  });
});
