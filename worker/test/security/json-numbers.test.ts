import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createAffiliate, createCampaign, json, type TestAffiliate } from '../api.ts';
import { db } from '../db.ts';
import { watchWrites } from '../db-writes.ts';
import { expectError } from './error-shape.ts';
import { unique } from './requests.ts';

// These postbacks set payouts, which only the network's admin token may do.
const NETWORK_TOKEN = env.ADMIN_TOKEN;

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('json-numbers'));
  campaign = await createCampaign({ name: unique('json-numbers'), currency: 'USD' });
});

async function click(): Promise<string> {
  const clickId = unique('jn');
  await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
  );
  return clickId;
}

const post = (raw: string) =>
  api('/postback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
const fields = (clickId: string) =>
  `"affiliate_id":${affiliate.id},"click_id":"${clickId}","token":"${NETWORK_TOKEN}"`;

async function storedAmount(clickId: string): Promise<string | undefined> {
  const { rows } = await db.execute(
    sql`SELECT amount FROM conversions WHERE click_id = ${clickId}`,
  );
  return (rows[0] as { amount: string } | undefined)?.amount;
}

describe('5. JSON numbers in postback bodies', () => {
  it('reads the top-level amount, not one nested elsewhere in the body', async () => {
    const clickId = await click();
    const res = await post(`{"meta":{"amount":999},${fields(clickId)},"amount":1}`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await json(res)).data.amount).toBe(1);
    expect(await storedAmount(clickId)).toBe('1.0000');
  });

  it('keeps the exact source text of a number, with no float rounding', async () => {
    const clickId = await click();
    const res = await post(`{${fields(clickId)},"amount" :  12345678901.1234 ,"payout":0.1}`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await storedAmount(clickId)).toBe('12345678901.1234');
  });

  it.each([
    ['amount', (id: string) => `{${fields(id)},"amount":1,"amount":999}`],
    ['click_id', (id: string) => `{${fields(id)},"click_id":"other"}`],
    ['token', (id: string) => `{${fields(id)},"token":"pb_other"}`],
    [
      'status (once with an escaped name)',
      (id: string) => `{${fields(id)},"status":"pending","st\\u0061tus":"approved"}`,
    ],
  ])('refuses a body that gives %s twice, writing nothing', async (_, body) => {
    const clickId = await click();
    const writes = await watchWrites();
    const res = await post(body(clickId));
    const err = await expectError(res, 400, 'bad_request');
    expect(err.error.message).toMatch(/twice/);
    expect(await writes.done()).toEqual([]);
  });

  it('refuses numbers that are not plain decimals', async () => {
    for (const amount of ['1e3', '-1', '1.23456']) {
      const clickId = await click();
      await expectError(await post(`{${fields(clickId)},"amount":${amount}}`), 400, 'bad_request');
    }
  });
});
