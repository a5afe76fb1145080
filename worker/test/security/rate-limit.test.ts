import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUTH_FAILURE_PERIOD_SECONDS,
  CLICK_LIMIT_PERIOD_SECONDS,
} from '../../middleware/rate-limit.ts';
import { api, createAffiliate, createCampaign, type TestAffiliate } from '../api.ts';
import { watchWrites } from '../db-writes.ts';
import { expectError } from './error-shape.ts';
import { unique } from './requests.ts';

// Limits from wrangler.toml's [[ratelimits]]; windows are fixed, so twice the limit plus one always crosses one.
const CLICK_LIMIT = 120;
const AUTH_FAILURE_LIMIT = 20;

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('limited'));
  campaign = await createCampaign({
    name: unique('Limited'),
    offer_url: 'https://shop.example/?c={click_id}',
  });
});

// A documentation-range address per test, so no two tests share a bucket.
const address = (n: number) => `203.0.113.${n}`;

// Sends until the first 429 and reports how many went through before it. Requests go in bursts,
// so twice the limit lands within one window however slow the machine.
async function untilLimited(
  max: number,
  send: () => Promise<Response>,
): Promise<{ passed: number; limited: Response | undefined }> {
  const BURST = 30;
  let passed = 0;
  while (passed < max) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(BURST, max - passed) }, () => send()),
    );
    const limited = answers.find((res) => res.status === 429);
    for (const res of answers) if (res !== limited) await res.body?.cancel();
    if (limited) return { passed: passed + answers.indexOf(limited), limited };
    passed += answers.length;
  }
  return { passed: max, limited: undefined };
}

// Known crawlers are redirected but not counted, so these clicks write nothing.
const click = (ip: string | undefined) =>
  api(`/c/${campaign.id}/${affiliate.id}`, {
    headers: { 'user-agent': 'Googlebot/2.1', ...(ip && { 'cf-connecting-ip': ip }) },
  });

describe('tracking links', () => {
  it('answer 429 with Retry-After in the error shape once one address floods them', async () => {
    const writes = await watchWrites();
    const { passed, limited } = await untilLimited(2 * CLICK_LIMIT + 1, () => click(address(10)));
    expect(limited, 'a 429 arrives').toBeDefined();
    expect(passed).toBeGreaterThanOrEqual(1);
    expect(limited!.headers.get('retry-after')).toBe(String(CLICK_LIMIT_PERIOD_SECONDS));
    expect(limited!.headers.get('location')).toBeNull();
    const body = await expectError(limited!, 429, 'rate_limited');
    expect(body.error.message).toMatch(/retry in \d+ seconds/);
    expect(await writes.done()).toEqual([]);
  });

  it('keep serving other addresses while one is limited', async () => {
    await untilLimited(2 * CLICK_LIMIT + 1, () => click(address(11)));
    expect((await click(address(11))).status).toBe(429);
    expect((await click(address(12))).status).toBe(302);
    expect((await click(undefined)).status).toBe(302);
  });

  it('do not limit requests without an edge-provided client address or from loopback', async () => {
    const { limited } = await untilLimited(CLICK_LIMIT + 10, () => click('127.0.0.1'));
    expect(limited).toBeUndefined();
  });
});

describe('failed authentication', () => {
  it('turns into 429 after repeated wrong API keys, while a right key from that address still works', async () => {
    const ip = address(20);
    const { passed, limited } = await untilLimited(2 * AUTH_FAILURE_LIMIT + 1, () =>
      api('/me', {
        key: `ak_${crypto.randomUUID().replace(/-/g, '')}`,
        headers: { 'cf-connecting-ip': ip },
      }),
    );
    expect(limited, 'a 429 arrives').toBeDefined();
    expect(passed).toBeGreaterThanOrEqual(1);
    expect(Number(limited!.headers.get('retry-after'))).toBe(AUTH_FAILURE_PERIOD_SECONDS);
    await expectError(limited!, 429, 'rate_limited');
    const wrongAgain = await api('/me', { key: 'ak_wrong', headers: { 'cf-connecting-ip': ip } });
    await expectError(wrongAgain, 429, 'rate_limited');
    expect(Number(wrongAgain.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (await api('/me', { key: affiliate.apiKey, headers: { 'cf-connecting-ip': ip } })).status,
    ).toBe(200);
    expect(
      (await api('/me', { key: affiliate.apiKey, headers: { 'cf-connecting-ip': address(21) } }))
        .status,
    ).toBe(200);
  });

  it('counts wrong postback tokens too, and writes nothing', async () => {
    const writes = await watchWrites();
    const { limited } = await untilLimited(2 * AUTH_FAILURE_LIMIT + 1, () =>
      api(`/postback?affiliate_id=${affiliate.id}&click_id=guess&token=pb_guess`, {
        headers: { 'cf-connecting-ip': address(22) },
      }),
    );
    expect(limited, 'a 429 arrives').toBeDefined();
    await expectError(limited!, 429, 'rate_limited');
    expect(await writes.done()).toEqual([]);
  });

  it('does not count successful requests', async () => {
    const { limited } = await untilLimited(AUTH_FAILURE_LIMIT + 5, () =>
      api('/me', { key: affiliate.apiKey, headers: { 'cf-connecting-ip': address(23) } }),
    );
    expect(limited).toBeUndefined();
  });
});
