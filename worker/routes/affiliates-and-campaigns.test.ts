import { describe, expect, it } from 'vitest';
import { api, asAdmin, createAffiliate, createCampaign, json } from '../test/api.ts';

const body = (b: unknown) => ({
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(b),
});

describe('managing affiliates and campaigns', () => {
  it('creates an affiliate and shows its API key once', async () => {
    const res = await asAdmin('/affiliates', { method: 'POST', ...body({ name: 'New partner' }) });
    expect(res.status).toBe(201);
    const { data } = await json(res);
    expect(data.api_key).toMatch(/^ak_[A-Za-z0-9_-]{32}$/);
    expect(data.postback_url).toContain(`affiliate_id=${data.id}`);
    expect(data.postback_url).toContain(`token=${data.postback_secret}`);
    const listed = await json(await asAdmin('/affiliates'));
    expect(JSON.stringify(listed)).not.toContain(data.api_key);
    expect((await api('/me', { key: data.api_key }).then(json)).data).toEqual({
      role: 'affiliate',
      affiliate: { id: data.id, name: 'New partner' },
    });
  });

  it('rejects unknown fields (no mass assignment) and bad values', async () => {
    const extra = await asAdmin('/affiliates', {
      method: 'POST',
      ...body({ name: 'X', api_key_hash: 'mine' }),
    });
    expect(extra.status).toBe(400);
    expect((await json(extra)).error.message).toContain('api_key_hash');
    const empty = await asAdmin('/affiliates', { method: 'POST', ...body({ name: '' }) });
    expect(empty.status).toBe(400);
    const campaign = await asAdmin('/campaigns', {
      method: 'POST',
      ...body({ name: 'C', offer_url: 'ftp://files.example/x' }),
    });
    expect(campaign.status).toBe(400);
    expect((await json(campaign)).error.message).toContain('offer_url');
    const window = await asAdmin('/campaigns', {
      method: 'POST',
      ...body({ name: 'C', attribution_window_days: 0 }),
    });
    expect(window.status).toBe(400);
  });

  it('rotates an API key: the old one stops working at once', async () => {
    const affiliate = await createAffiliate('Rotate me');
    const { data } = await json(
      await asAdmin(`/affiliates/${affiliate.id}/api-key`, { method: 'POST' }),
    );
    expect(
      (await api(`/affiliates/${affiliate.id}/clicks`, { key: affiliate.apiKey })).status,
    ).toBe(401);
    expect((await api(`/affiliates/${affiliate.id}/clicks`, { key: data.api_key })).status).toBe(
      200,
    );
  });

  it('disables an affiliate: its key and tracking links stop working', async () => {
    const affiliate = await createAffiliate('Leaving');
    const campaign = await createCampaign({ name: 'Still running' });
    const res = await asAdmin(`/affiliates/${affiliate.id}`, {
      method: 'PATCH',
      ...body({ status: 'disabled' }),
    });
    expect((await json(res)).data.status).toBe('disabled');
    expect((await api('/me', { key: affiliate.apiKey })).status).toBe(401);
    expect(
      (await api(`/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}`)).status,
    ).toBe(404);
  });

  it('updates and pauses a campaign', async () => {
    const affiliate = await createAffiliate('Linker');
    const campaign = await createCampaign({
      name: 'Seasonal',
      offer_url: 'https://shop.example/a?c={click_id}',
    });
    const updated = await json(
      await asAdmin(`/campaigns/${campaign.id}`, {
        method: 'PATCH',
        ...body({ offer_url: 'https://shop.example/b?c={click_id}', default_payout: '3.25' }),
      }),
    );
    expect(updated.data).toMatchObject({
      offer_url: 'https://shop.example/b?c={click_id}',
      default_payout: 3.25,
    });
    expect((await api(`/c/${campaign.id}/${affiliate.id}`)).headers.get('location')).toMatch(
      /^https:\/\/shop\.example\/b\?c=/,
    );
    await asAdmin(`/campaigns/${campaign.id}`, { method: 'PATCH', ...body({ status: 'paused' }) });
    expect((await api(`/c/${campaign.id}/${affiliate.id}`)).status).toBe(404);
  });

  it('takes money as a JSON number or a decimal string, exactly', async () => {
    for (const [sent, stored] of [
      [5, 5],
      ['7.25', 7.25],
      [0.1, 0.1],
      [12345678901.1234, 12345678901.1234],
      ['0', 0],
    ] as const) {
      const res = await asAdmin('/campaigns', {
        method: 'POST',
        ...body({ name: `Payout ${sent}`, default_payout: sent }),
      });
      expect(res.status, String(sent)).toBe(201);
      expect((await json(res)).data.default_payout).toBe(stored);
    }
    const campaign = await createCampaign({ name: 'Cleared payout', default_payout: 2 });
    const cleared = await json(
      await asAdmin(`/campaigns/${campaign.id}`, {
        method: 'PATCH',
        ...body({ default_payout: null }),
      }),
    );
    expect(cleared.data.default_payout).toBeNull();
    const refused = await json(
      await asAdmin('/campaigns', {
        method: 'POST',
        ...body({ name: 'Too fine', default_payout: 1.00001 }),
      }),
    );
    expect(refused.error.message).toBe(
      'Invalid body field: default_payout must be a non-negative decimal number with at most 11 integer digits and 4 decimals',
    );
  });

  it('keeps admin routes away from affiliate keys', async () => {
    const affiliate = await createAffiliate('Curious');
    expect(
      (await api('/affiliates', { method: 'POST', key: affiliate.apiKey, ...body({ name: 'x' }) }))
        .status,
    ).toBe(403);
    expect(
      (await api('/campaigns', { method: 'POST', key: affiliate.apiKey, ...body({ name: 'x' }) }))
        .status,
    ).toBe(403);
  });

  it('serves the postback URL and tracking links to the affiliate', async () => {
    const affiliate = await createAffiliate('Links');
    const { data } = await json(
      await api(`/affiliates/${affiliate.id}/postback-url`, { key: affiliate.apiKey }),
    );
    expect(data.postback_url).toContain(`token=${affiliate.postbackSecret}`);
    expect(data.macros['{click_id}']).toBeTruthy();
    expect(data.tracking_links.length).toBeGreaterThan(0);
    expect(data.tracking_links[0].url).toMatch(new RegExp(`/c/\\d+/${affiliate.id}$`));
  });
});
