import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  asAdmin,
  createAffiliate,
  createCampaign,
  defaultAdvertiserToken,
  json,
  type TestAffiliate,
} from '../api.ts';
import { storedPayout } from '../db.ts';
import { queryString, unique } from '../security/requests.ts';

// The ways an affiliate or an advertiser could bend money through replays, currencies and caps.
let affiliate: TestAffiliate;
let rival: TestAffiliate;
let token: string;

const put = (path: string, body: unknown) =>
  asAdmin(path, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const postback = async (params: Record<string, string | number>) => {
  const res = await api(`/postback?${queryString(params)}`);
  return { status: res.status, body: await json(res) };
};

async function click(campaignId: number, who: TestAffiliate = affiliate): Promise<string> {
  const res = await api(`/click?affiliate_id=${who.id}&campaign_id=${campaignId}&format=json`);
  expect(res.status).toBe(200);
  return (await json(res)).data.click_id;
}

async function capUsed(campaignId: number): Promise<number> {
  const body = await json(await asAdmin(`/campaigns/${campaignId}/caps`));
  return body.data.caps[0].used;
}

beforeAll(async () => {
  affiliate = await createAffiliate(unique('fraud'));
  rival = await createAffiliate(unique('rival'));
  token = await defaultAdvertiserToken();
});

describe("the advertiser's report is the record", () => {
  it("replaces an affiliate's inflated report: amount, payout and status are the advertiser's", async () => {
    const campaign = await createCampaign({ name: unique('RevShare'), currency: 'USD' });
    expect(
      (
        await put(`/campaigns/${campaign.id}/payout-rules`, {
          rules: [{ type: 'revshare', value: '30' }],
        })
      ).status,
    ).toBe(200);
    const clickId = await click(campaign.id);
    const inflated = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: '100000',
      token: affiliate.postbackSecret,
    });
    expect(inflated.body.data).toMatchObject({ status: 'pending', payout: 30000 });
    const real = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: '50',
      token,
    });
    expect(real.body).toMatchObject({ status_changed: true, duplicate: false });
    expect(real.body.data).toMatchObject({
      conversion_id: inflated.body.data.conversion_id,
      status: 'approved',
      amount: 50,
      status_set_by: 'advertiser',
    });
    expect((await storedPayout(real.body.data.id)).payout).toBe(15);
    const history = await json(
      await asAdmin(`/conversions/${real.body.data.conversion_id}/history`),
    );
    expect(history.data.at(-1)).toMatchObject({
      from_status: 'pending',
      to_status: 'approved',
      credential_kind: 'advertiser',
    });
    expect(history.data.at(-1).note).toContain('100000');
  });
});

describe("the network's decision binds", () => {
  it('an admin postback confirming the status a conversion has is recorded, and the advertiser cannot undo it', async () => {
    const campaign = await createCampaign({ name: unique('Confirmed') });
    const clickId = await click(campaign.id);
    const base = { affiliate_id: affiliate.id, click_id: clickId, txid: unique('tx') };
    const rejected = await postback({ ...base, status: 'rejected', token });
    expect(rejected.body.data).toMatchObject({ status: 'rejected', status_set_by: 'advertiser' });
    const confirmed = await postback({ ...base, status: 'rejected', token: env.ADMIN_TOKEN });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.data).toMatchObject({ status: 'rejected', status_set_by: 'admin' });
    const history = await json(
      await asAdmin(`/conversions/${rejected.body.data.conversion_id}/history`),
    );
    expect(history.data.at(-1)).toMatchObject({
      from_status: 'rejected',
      to_status: 'rejected',
      credential_kind: 'admin',
    });
    const undo = await postback({ ...base, status: 'approved', token });
    expect(undo.status).toBe(403);
    expect(undo.body.error.reason ?? undo.body.error.code).toMatch(/weaker_credential|forbidden/);
  });
});

describe('currencies', () => {
  it("holds an amount in another currency than the campaign's, unpriced, for review", async () => {
    const campaign = await createCampaign({
      name: unique('CPA'),
      currency: 'USD',
      default_payout: '12.5',
    });
    const clickId = await click(campaign.id);
    const res = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: '1000000',
      currency: 'IDR',
      token,
    });
    expect(res.body.data).toMatchObject({
      status: 'pending',
      reason: 'currency_mismatch',
      currency: 'IDR',
      status_set_by: 'rules',
    });
    expect((await storedPayout(res.body.data.id)).payout).toBeNull();
    const same = await postback({
      affiliate_id: affiliate.id,
      click_id: await click(campaign.id),
      amount: '10',
      currency: 'usd',
      token,
    });
    expect(same.body.data).toMatchObject({ status: 'approved', currency: 'USD' });
    expect((await storedPayout(same.body.data.id)).payout).toBe(12.5);
  });
});

describe('caps are not the affiliate’s to fill', () => {
  it("an affiliate's own reports do not take the campaign's cap from confirmed conversions", async () => {
    const campaign = await createCampaign({ name: unique('Capped'), currency: 'USD' });
    expect(
      (
        await put(`/campaigns/${campaign.id}/caps`, {
          caps: [{ metric: 'conversions', period: 'day', limit: 1 }],
        })
      ).status,
    ).toBe(200);
    const mine = await click(campaign.id);
    for (const txid of ['junk-0', 'junk-1', 'junk-2']) {
      expect(
        (
          await postback({
            affiliate_id: affiliate.id,
            click_id: mine,
            txid,
            token: affiliate.postbackSecret,
          })
        ).body.data.status,
      ).toBe('pending');
    }
    expect(await capUsed(campaign.id)).toBe(0);
    const theirs = await postback({
      affiliate_id: rival.id,
      click_id: await click(campaign.id, rival),
      token,
    });
    expect(theirs.body.data).toMatchObject({ status: 'approved', reason: null });
    expect(await capUsed(campaign.id)).toBe(1);
  });

  it('keys conversions unambiguously: separators in event or txid cannot share a slot', async () => {
    const campaign = await createCampaign({ name: unique('Keys'), currency: 'USD' });
    expect(
      (
        await put(`/campaigns/${campaign.id}/caps`, {
          caps: [{ metric: 'conversions', period: 'day', limit: 1 }],
        })
      ).status,
    ).toBe(200);
    const clickId = await click(campaign.id);
    const first = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      event: 'conversion',
      txid: 'a:b',
      token,
    });
    expect(first.body.data.status).toBe('approved');
    const second = await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      event: 'conversion:a',
      txid: 'b',
      token,
    });
    expect(second.body.data).toMatchObject({ status: 'rejected', reason: 'cap_reached' });
  });

  it('a conversion from before the cap counts into its day once, however often it is replayed', async () => {
    const campaign = await createCampaign({ name: unique('Late cap'), currency: 'USD' });
    const clickId = await click(campaign.id);
    const params = { affiliate_id: affiliate.id, click_id: clickId, txid: 'before-cap', token };
    expect((await postback(params)).body.data.status).toBe('approved');
    expect(
      (
        await put(`/campaigns/${campaign.id}/caps`, {
          caps: [{ metric: 'conversions', period: 'day', limit: 1 }],
        })
      ).status,
    ).toBe(200);
    expect(await capUsed(campaign.id)).toBe(1);
    expect((await postback(params)).body.duplicate).toBe(true);
    expect(await capUsed(campaign.id)).toBe(1);
    const next = await postback({
      affiliate_id: affiliate.id,
      click_id: await click(campaign.id),
      token,
    });
    expect(next.body.data).toMatchObject({ status: 'rejected', reason: 'cap_reached' });
  });
});

describe('vendor presets take only text values', () => {
  it('answers a JSON null or object with a 400 naming the parameter, never a 500', async () => {
    for (const value of [null, true, { a: 1 }]) {
      const res = await api('/postback/voluum', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ cid: value, token }),
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('cid');
    }
  });
});
