import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, createAffiliate, createCampaign, type TestAffiliate } from '../api.ts';
import { count } from '../db.ts';
import { expectError } from './error-shape.ts';
import { unique } from './requests.ts';

// AUTH_FAILURE_RATE_LIMITER in wrangler.toml; fixed windows, so twice the limit plus one always crosses one.
const AUTH_FAILURE_LIMIT = 20;

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('shared-egress'));
  campaign = await createCampaign({ name: unique('shared-egress') });
});

async function floodUntilLimited(send: () => Promise<Response>): Promise<Response | undefined> {
  for (let i = 0; i < 2 * AUTH_FAILURE_LIMIT + 1; i++) {
    const res = await send();
    if (res.status === 429) return res;
    await res.body?.cancel();
  }
  return undefined;
}

describe('3. failure limiter: a valid credential is never refused by it', () => {
  it("keeps accepting the advertiser's valid postbacks from an address a third party flooded with bad tokens", async () => {
    const ip = '198.51.100.31';
    const clickId = unique('egress');
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    const limited = await floodUntilLimited(() =>
      api(
        `/postback?affiliate_id=${affiliate.id}&click_id=${clickId}&token=pb_${crypto.randomUUID()}`,
        { headers: { 'cf-connecting-ip': ip } },
      ),
    );
    expect(limited, 'guessing is throttled').toBeDefined();
    await expectError(limited!, 429, 'rate_limited');

    const valid = await api(
      `/postback?affiliate_id=${affiliate.id}&click_id=${clickId}&amount=5&token=${affiliate.postbackSecret}`,
      {
        headers: { 'cf-connecting-ip': ip },
      },
    );
    expect(valid.status, await valid.clone().text()).toBe(200);
    expect(await count('conversions', sql`click_id = ${clickId}`)).toBe(1);
    // The guesser is still throttled.
    const guess = await api(
      `/postback?affiliate_id=${affiliate.id}&click_id=${clickId}&token=pb_guess`,
      { headers: { 'cf-connecting-ip': ip } },
    );
    await expectError(guess, 429, 'rate_limited');
  });

  it('keeps accepting a valid API key from an address that sent many wrong ones', async () => {
    const ip = '198.51.100.32';
    const limited = await floodUntilLimited(() =>
      api('/me', {
        key: `ak_${crypto.randomUUID().replace(/-/g, '')}`,
        headers: { 'cf-connecting-ip': ip },
      }),
    );
    expect(limited).toBeDefined();
    expect(
      (await api('/me', { key: affiliate.apiKey, headers: { 'cf-connecting-ip': ip } })).status,
    ).toBe(200);
  });

  it('counts failed vendor preset postbacks too, and still accepts a valid one from that address', async () => {
    const ip = '198.51.100.33';
    const clickId = unique('preset-egress');
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
    );
    const limited = await floodUntilLimited(() =>
      api(
        `/postback/voluum?affiliate_id=${affiliate.id}&cid=${clickId}&token=pb_${crypto.randomUUID()}`,
        { headers: { 'cf-connecting-ip': ip } },
      ),
    );
    expect(limited, 'guessing through a preset is throttled').toBeDefined();
    await expectError(limited!, 429, 'rate_limited');
    const valid = await api(
      `/postback/voluum?affiliate_id=${affiliate.id}&cid=${clickId}&token=${affiliate.postbackSecret}`,
      { headers: { 'cf-connecting-ip': ip } },
    );
    expect(valid.status, await valid.clone().text()).toBe(200);
  });
});
