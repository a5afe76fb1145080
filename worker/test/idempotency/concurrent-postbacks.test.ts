import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createAffiliate,
  createCampaign,
  type TestAffiliate,
  defaultAdvertiserToken,
} from '../api.ts';
import { count, eventually } from '../db.ts';
import { jsonBody, queryString, unique } from '../security/requests.ts';
import { signatureHeader } from '../security/signing.ts';
import { rollupsAndRecounts } from './rollup-check.ts';

// Conversions here are the advertiser's: approved unless the test says otherwise.
const ADVERTISER_TOKEN = await defaultAdvertiserToken();

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('concurrent'));
  campaign = await createCampaign({
    name: unique('Concurrent'),
    default_payout: '2.5',
    offer_url: 'https://shop.example/?c={click_id}',
  });
});

async function jsonClick(): Promise<string> {
  const clickId = unique('conc-click');
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
  );
  expect(res.status).toBe(200);
  return clickId;
}

const conversionsOf = (clickId: string) => count('conversions', sql`click_id = ${clickId}`);

// Repeats past the sender's duplicate budget are 429 too_many_duplicates; every other answer is 200.
const answeredOrOverBudget = (bodies: string[]) =>
  bodies.filter((b) => !b.includes('"success":true') && !b.includes('"too_many_duplicates"'));

async function expectOneConversion(responses: Response[], clickId: string): Promise<void> {
  const bodies = await Promise.all(responses.map((r) => r.text()));
  expect(answeredOrOverBudget(bodies)).toEqual([]);
  const parsed = bodies.map((b) => JSON.parse(b)).filter((b) => b.success);
  const ids = new Set(parsed.map((b) => b.data.conversion_id));
  expect(ids.size).toBe(1);
  expect(parsed.filter((b) => b.duplicate === false)).toHaveLength(1);
  expect(await conversionsOf(clickId)).toBe(1);
}

describe('50 identical postbacks at once', () => {
  it('GET with token: exactly one conversion, every accepted answer with the same conversion id', async () => {
    const clickId = await jsonClick();
    const url = `/postback?${queryString({ affiliate_id: affiliate.id, click_id: clickId, amount: '19.99', currency: 'USD', txid: 'order-1', token: ADVERTISER_TOKEN })}`;
    await expectOneConversion(
      await Promise.all(Array.from({ length: 50 }, () => api(url))),
      clickId,
    );
  });

  it('signed JSON POST without txid: exactly one conversion', async () => {
    const clickId = await jsonClick();
    const body = JSON.stringify({ affiliate_id: affiliate.id, click_id: clickId, amount: '5.00' });
    const header = await signatureHeader(affiliate.postbackSecret, {
      method: 'POST',
      path: '/postback',
      payload: body,
    });
    const send = () =>
      api('/postback', {
        ...jsonBody(null),
        body,
        headers: { 'content-type': 'application/json', 'x-postback-signature': header },
      });
    await expectOneConversion(await Promise.all(Array.from({ length: 50 }, send)), clickId);
  });

  it('a signed click id whose click row is still in the queue: exactly one conversion', async () => {
    const redirect = await api(`/c/${campaign.id}/${affiliate.id}`);
    const clickId = new URL(redirect.headers.get('location')!).searchParams.get('c')!;
    const url = `/postback?${queryString({ click_id: clickId, amount: '1.00', token: ADVERTISER_TOKEN })}`;
    await expectOneConversion(
      await Promise.all(Array.from({ length: 50 }, () => api(url))),
      clickId,
    );
    expect(
      await eventually(
        () => count('clicks', sql`click_id = ${clickId}`),
        (n) => n === 1,
      ),
    ).toBe(1);
  });

  it('50 different transactions on one click at once: 50 conversions, rollup equal to a recount', async () => {
    const clickId = await jsonClick();
    const send = (i: number) =>
      api(
        `/postback?${queryString({ affiliate_id: affiliate.id, click_id: clickId, amount: `${i}.25`, txid: `tx-${i}`, token: ADVERTISER_TOKEN })}`,
      );
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => send(i)));
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
    expect(await conversionsOf(clickId)).toBe(50);
    const { conversions } = await rollupsAndRecounts([affiliate.id]);
    expect(conversions.rollup).toEqual(conversions.recount);
  });

  it('status changes racing each other end in one conversion and a consistent rollup', async () => {
    const clickId = await jsonClick();
    const base = {
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: '10.00',
      txid: 'race',
      token: ADVERTISER_TOKEN,
    };
    expect((await api(`/postback?${queryString({ ...base, status: 'pending' })}`)).status).toBe(
      200,
    );
    const statuses = ['approved', 'rejected', 'pending'];
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api(`/postback?${queryString({ ...base, status: statuses[i % 3]! })}`),
      ),
    );
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(answeredOrOverBudget(bodies)).toEqual([]);
    const accepted = bodies.map((b) => JSON.parse(b)).filter((b) => b.success);
    const ids = new Set(accepted.map((b) => b.data.conversion_id));
    expect(ids.size).toBe(1);
    expect(await conversionsOf(clickId)).toBe(1);
    const { conversions } = await rollupsAndRecounts([affiliate.id]);
    expect(conversions.rollup).toEqual(conversions.recount);
  });
});
