import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClickId } from '../lib/click-id.ts';
import {
  api,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
  defaultAdvertiserToken,
} from '../test/api.ts';
import { queryString, unique } from '../test/security/requests.ts';

// Conversions here are the advertiser's: approved unless the test says otherwise.
const ADVERTISER_TOKEN = await defaultAdvertiserToken();

let affiliate: TestAffiliate;
let campaign: { id: number };
const browser = {
  'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'accept-language': 'fr-FR',
};
let ipSeq = 0;

async function click(sub1: string, cf: Record<string, unknown>) {
  const init = {
    headers: { ...browser, 'cf-connecting-ip': `100.64.0.${++ipSeq}` },
    cf,
  } as RequestInit;
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${unique('r')}&sub1=${sub1}&format=json`,
    init,
  );
  expect(res.status).toBe(200);
}

async function convertAfter(seconds: number) {
  const clickId = await generateClickId(env.TRACKER_SECRET, {
    affiliateId: affiliate.id,
    campaignId: campaign.id,
    clickedAt: new Date(Date.now() - seconds * 1000),
  });
  const res = await api(
    `/postback?${queryString({ click_id: clickId, amount: '1.00', token: ADVERTISER_TOKEN })}`,
  );
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  affiliate = await createAffiliate(unique('report'));
  campaign = await createCampaign({ name: unique('Report'), min_ctit_seconds: 30 });
  for (let i = 0; i < 3; i++)
    await click('clean-source', { asn: 3215, asOrganization: 'Orange', country: 'FR' });
  for (let i = 0; i < 2; i++)
    await click('bad-source', { asn: 24940, asOrganization: 'Hetzner Online GmbH', country: 'DE' });
  await click('bad-source', { asn: 3215, asOrganization: 'Orange', country: 'FR' });
  for (const seconds of [2, 5, 45, 300, 7200, 7200, 200_000]) await convertAfter(seconds);
});

describe('GET /affiliates/{id}/quality', () => {
  it('shows the affiliate its suspicious share by sub1, with totals and the CTIT histogram', async () => {
    const res = await api(`/affiliates/${affiliate.id}/quality`, { key: affiliate.apiKey });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.group_by).toBe('sub1');
    expect(body.totals).toEqual({ clicks: 6, suspicious: 2, suspicious_share: 0.3333 });
    expect(body.data).toEqual([
      { key: 'bad-source', clicks: 3, suspicious: 2, suspicious_share: 0.6667 },
      { key: 'clean-source', clicks: 3, suspicious: 0, suspicious_share: 0 },
    ]);
    expect(body.ctit).toEqual([
      { bucket: '<10s', conversions: 2, pending: 2 },
      { bucket: '10-60s', conversions: 1, pending: 0 },
      { bucket: '1-10m', conversions: 1, pending: 0 },
      { bucket: '10-60m', conversions: 0, pending: 0 },
      { bucket: '1-24h', conversions: 2, pending: 0 },
      { bucket: '>24h', conversions: 1, pending: 0 },
    ]);
  });

  it.each([
    [
      'country',
      [
        { key: 'FR', clicks: 4, suspicious: 0, suspicious_share: 0 },
        { key: 'DE', clicks: 2, suspicious: 2, suspicious_share: 1 },
      ],
    ],
    [
      'as_org',
      [
        { key: 'Orange', clicks: 4, suspicious: 0, suspicious_share: 0 },
        { key: 'Hetzner Online GmbH', clicks: 2, suspicious: 2, suspicious_share: 1 },
      ],
    ],
  ])('groups by %s', async (by, expected) => {
    const body = await json(
      await api(`/affiliates/${affiliate.id}/quality?group_by=${by}`, { key: affiliate.apiKey }),
    );
    expect(body.data).toEqual(expected);
  });

  it.each([
    ['an unknown group', 'group_by=affiliate', 'group_by'],
    ['a bad date', 'from=2026-13-01', 'from'],
  ])('refuses %s with a 400 naming the parameter', async (_name, query, param) => {
    const res = await api(`/affiliates/${affiliate.id}/quality?${query}`, {
      key: affiliate.apiKey,
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await json(res))).toContain(param);
  });

  it("is refused for another affiliate's key", async () => {
    const other = await createAffiliate(unique('other'));
    expect((await api(`/affiliates/${affiliate.id}/quality`, { key: other.apiKey })).status).toBe(
      404,
    );
  });
});

describe('GET /quality (admin)', () => {
  it('shows suspicious share by affiliate across the network', async () => {
    const body = await json(await asAdmin('/quality?group_by=affiliate'));
    expect(body.data).toContainEqual({
      key: String(affiliate.id),
      clicks: 6,
      suspicious: 2,
      suspicious_share: 0.3333,
    });
  });

  it('adds the network totals and CTIT histogram, which hold every affiliate', async () => {
    const before = await json(await asAdmin('/quality?group_by=as_org'));
    // Another affiliate's quick conversion lands in the network's first bucket too.
    const other = await createAffiliate(unique('network'));
    const clickId = await generateClickId(env.TRACKER_SECRET, {
      affiliateId: other.id,
      campaignId: campaign.id,
      clickedAt: new Date(Date.now() - 3000),
    });
    expect(
      (
        await api(
          `/postback?${queryString({ click_id: clickId, amount: '1.00', token: ADVERTISER_TOKEN })}`,
        )
      ).status,
    ).toBe(200);
    const after = await json(await asAdmin('/quality?group_by=as_org'));
    const sum = (rows: { clicks: number; suspicious: number }[]) =>
      rows.reduce(
        (t, r) => ({ clicks: t.clicks + r.clicks, suspicious: t.suspicious + r.suspicious }),
        { clicks: 0, suspicious: 0 },
      );
    expect(sum(after.data)).toEqual({
      clicks: after.totals.clicks,
      suspicious: after.totals.suspicious,
    });
    expect(after.totals.clicks).toBeGreaterThanOrEqual(6);
    expect(after.totals.suspicious_share).toBe(
      Math.round((after.totals.suspicious / after.totals.clicks) * 10_000) / 10_000,
    );
    expect(after.ctit.map((b: { bucket: string }) => b.bucket)).toEqual([
      '<10s',
      '10-60s',
      '1-10m',
      '10-60m',
      '1-24h',
      '>24h',
    ]);
    const first = (body: { ctit: { conversions: number }[] }) => body.ctit[0]!.conversions;
    expect(first(before)).toBeGreaterThanOrEqual(2);
    expect(first(after)).toBe(first(before) + 1);
  });

  it('answers zero totals and empty buckets for a range without traffic', async () => {
    const body = await json(await asAdmin('/quality?from=2020-01-01&to=2020-01-02'));
    expect(body.totals).toEqual({ clicks: 0, suspicious: 0, suspicious_share: 0 });
    expect(body.data).toEqual([]);
    expect(
      body.ctit.every(
        (b: { conversions: number; pending: number }) => b.conversions === 0 && b.pending === 0,
      ),
    ).toBe(true);
  });

  it('refuses an unknown group with a 400 naming it', async () => {
    const res = await asAdmin('/quality?group_by=device');
    expect(res.status).toBe(400);
    expect(JSON.stringify(await json(res))).toContain('group_by');
  });

  it('is admin only', async () => {
    expect((await api('/quality', { key: affiliate.apiKey })).status).toBe(403);
  });
});
