import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
} from '../test/api.ts';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0';

let affiliate: TestAffiliate;
let smartlinkId: number;

const send = (method: string, path: string, body: unknown) =>
  asAdmin(path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const click = async (path: string, country: string, ua: string) => {
  const res = await api(`${path}${path.includes('?') ? '&' : '?'}format=json`, {
    headers: { 'user-agent': ua },
    cf: { country },
  } as RequestInit);
  expect(res.status, await res.clone().text()).toBe(200);
};

beforeAll(async () => {
  affiliate = await createAffiliate('Breakdown partner');
  const campaign = await createCampaign({
    name: 'Split',
    offer_url: 'https://shop.example/?c={click_id}',
  });
  await send('PUT', `/campaigns/${campaign.id}/rules`, {
    rules: [
      {
        name: 'US',
        conditions: { country: ['US'] },
        action: {
          type: 'landing',
          variants: [{ id: 'us-only', weight: 1, url: 'https://shop.example/us?c={click_id}' }],
        },
      },
      {
        name: 'Mobile',
        conditions: { device: ['mobile'] },
        action: {
          type: 'landing',
          variants: [{ id: 'mobile', weight: 1, url: 'https://shop.example/m?c={click_id}' }],
        },
      },
    ],
  });
  smartlinkId = (
    await json(
      await send('POST', '/smartlinks', {
        name: 'Report link',
        campaigns: [{ campaign_id: campaign.id, weight: 1 }],
      }),
    )
  ).data.id;
  await click(`/c/${campaign.id}/${affiliate.id}`, 'US', WINDOWS);
  await click(`/c/${campaign.id}/${affiliate.id}`, 'US', IPHONE);
  await click(`/c/${campaign.id}/${affiliate.id}`, 'FR', IPHONE);
  await click(`/s/${smartlinkId}/${affiliate.id}`, 'FR', WINDOWS);
});

const stats = async (groupBy: string) => {
  const res = await api(`/affiliates/${affiliate.id}/stats?group_by=${groupBy}`, {
    key: affiliate.apiKey,
  });
  expect(res.status).toBe(200);
  const body = await json(res);
  return Object.fromEntries(
    body.data.map((r: { key: string; clicks: number }) => [r.key, r.clicks]),
  );
};

describe('stats grouped by routing attributes', () => {
  it.each([
    ['country', { US: 2, FR: 2 }],
    ['device', { desktop: 2, mobile: 2 }],
    ['os', { Windows: 2, iOS: 2 }],
    ['variant', { 'us-only': 2, mobile: 1, '': 1 }],
  ])('group_by=%s', async (groupBy, expected) => {
    expect(await stats(groupBy)).toEqual(expected);
  });

  it('group_by=smartlink', async () => {
    expect(await stats('smartlink')).toEqual({ [String(smartlinkId)]: 1, '': 3 });
  });

  it('the same groupings as CSV', async () => {
    const res = await api(`/affiliates/${affiliate.id}/stats.csv?group_by=country`, {
      key: affiliate.apiKey,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'country,clicks,unique_clicks,conversions,approved,pending,rejected,conversion_rate,revenue,payout,epc',
    );
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',').slice(0, 2).join(','))
        .sort(),
    ).toEqual(['"FR",2', '"US",2']);
  });

  it('the clicks list and its CSV carry device, os, variant and smartlink', async () => {
    const { data } = await json(
      await api(`/affiliates/${affiliate.id}/clicks`, { key: affiliate.apiKey }),
    );
    expect(
      data.find((c: { smartlink_id: number | null }) => c.smartlink_id === smartlinkId),
    ).toMatchObject({ device: 'desktop', os: 'Windows', country: 'FR', variant_id: null });
    const csv = await (
      await api(`/affiliates/${affiliate.id}/clicks.csv`, { key: affiliate.apiKey })
    ).text();
    expect(csv.split('\r\n')[0]).toContain('device,os,variant_id,smartlink_id');
  });

  it('refuses an unknown grouping, naming the choices', async () => {
    const res = await api(`/affiliates/${affiliate.id}/stats?group_by=browser`, {
      key: affiliate.apiKey,
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error.message).toContain('variant, smartlink');
  });
});
