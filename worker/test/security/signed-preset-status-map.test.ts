import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createAdvertiser,
  createAffiliate,
  createCampaign,
  json,
  type TestAdvertiser,
  type TestAffiliate,
} from '../api.ts';
import { db } from '../db.ts';
import { queryString, unique } from './requests.ts';
import { signatureHeader } from './signing.ts';

// A vendor preset's status word is read with the status_map of the sender verified for the click,
// whether it proved itself with its apt_ token or with its signature: an advertiser's own mapping
// holds either way.

let affiliate: TestAffiliate;
let advertiser: TestAdvertiser;
let campaignId: number;

beforeAll(async () => {
  affiliate = await createAffiliate(unique('signed preset partner'));
  // This advertiser's "sale" is an unconfirmed sale: pending until it confirms it.
  advertiser = await createAdvertiser(unique('signed preset advertiser'), {
    status_map: { sale: 'pending' },
  });
  campaignId = (
    await createCampaign({
      name: unique('signed preset'),
      advertiser_id: advertiser.id,
      default_payout: '3',
    })
  ).id;
});

async function click(): Promise<string> {
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&format=json`,
  );
  return (await json(res)).data.click_id as string;
}

async function storedStatus(clickId: string): Promise<string | undefined> {
  const { rows } = await db.execute(
    sql`SELECT status FROM conversions WHERE click_id = ${clickId}`,
  );
  return (rows[0] as { status: string } | undefined)?.status;
}

describe('the advertiser status_map on /postback/{preset}', () => {
  it('with the apt_ token, keitaro status=sale is the advertiser\'s "pending"', async () => {
    const subid = await click();
    const query = queryString({ subid, status: 'sale', payout: '40', tid: unique('K') });
    const res = await api(`/postback/keitaro?${query}&token=${advertiser.postbackToken}`);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await storedStatus(subid)).toBe('pending');
  });

  it('signed (v2) by the same advertiser, the same postback is read with the same status_map', async () => {
    const subid = await click();
    const query = queryString({ subid, status: 'sale', payout: '40', tid: unique('K') });
    const header = await signatureHeader(advertiser.signingSecret, {
      method: 'GET',
      path: '/postback/keitaro',
      payload: query,
    });
    const res = await api(`/postback/keitaro?${query}`, {
      headers: { 'x-postback-signature': header },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await storedStatus(subid)).toBe('pending');
  });
});
