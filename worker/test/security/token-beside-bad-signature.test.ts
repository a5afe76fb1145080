import { beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  api,
  createAffiliate,
  createCampaign,
  defaultAdvertiserToken,
  json,
  type TestAffiliate,
} from '../api.ts';
import { unique } from './requests.ts';

// A request carries a token or a signature, never both: a signature header beside the admin token or
// an advertiser's apt_ token is refused, so no credential the sender presented goes unchecked.

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('bad-signature partner'));
  campaign = await createCampaign({ name: unique('bad signature'), default_payout: '3' });
});

async function click(): Promise<string> {
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&format=json`,
  );
  return (await json(res)).data.click_id as string;
}

describe('a wrong signature header beside a token that names its holder', () => {
  it.each([
    ['an advertiser apt_ token', () => defaultAdvertiserToken()],
    ['the admin token', async () => adminToken],
  ])('with %s is refused', async (_, token) => {
    const res = await api(
      `/postback?click_id=${encodeURIComponent(await click())}&txid=${unique('t')}&token=${await token()}`,
      {
        headers: {
          'x-postback-signature': `t=${Math.floor(Date.now() / 1000)},v2=${'0'.repeat(64)}`,
        },
      },
    );
    expect(res.status, await res.clone().text()).toBe(401);
  });
});
