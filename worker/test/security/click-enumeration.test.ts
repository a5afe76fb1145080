import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClickId } from '../../lib/click-id.ts';
import { api, createAffiliate, createCampaign, type TestAffiliate } from '../api.ts';
import { count, eventually } from '../db.ts';
import { expectError } from './error-shape.ts';
import { unique } from './requests.ts';

let affiliate: TestAffiliate;
let campaign: { id: number };
let knownClick: string;

beforeAll(async () => {
  affiliate = await createAffiliate(unique('enum'));
  campaign = await createCampaign({ name: unique('enum') });
  knownClick = unique('known');
  await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${knownClick}&format=json`,
  );
  await eventually(
    () => count('clicks', sql`click_id = ${knownClick}`),
    (n) => n === 1,
  );
});

// What an unauthenticated caller sees: status and error body, nothing else.
async function answer(query: string): Promise<{ status: number; body: string }> {
  const res = await api(`/postback?${query}`);
  return { status: res.status, body: await res.text() };
}

describe('6. click-id enumeration on /postback', () => {
  it('gives one answer for an unknown click and for a known click with a wrong or missing credential', async () => {
    const forged = await generateClickId('not-the-tracker-secret-0123456789abcdef', {
      affiliateId: affiliate.id,
      campaignId: campaign.id,
      clickedAt: new Date(),
    });
    const answers = [
      await answer(`click_id=${knownClick}&token=pb_wrong`),
      await answer(`click_id=${unique('unknown')}&token=pb_wrong`),
      await answer(`click_id=${knownClick}`),
      await answer(`click_id=${unique('unknown')}`),
      await answer(`click_id=${forged}&token=pb_wrong`),
    ];
    expect(answers[0]!.status).toBe(401);
    for (const a of answers) expect(a).toEqual(answers[0]);
    await expectError(
      await api(`/postback?click_id=${unique('unknown')}&token=pb_wrong`),
      401,
      'unauthorized',
    );
  });

  it('counts unknown-click answers toward the failure limiter', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 41 && !limited; i++) {
      const res = await api(`/postback?click_id=${unique('probe')}&token=pb_x`, {
        headers: { 'cf-connecting-ip': '198.51.100.61' },
      });
      if (res.status === 429) limited = res;
      else await res.body?.cancel();
    }
    expect(limited, 'probing click ids is throttled').toBeDefined();
    await expectError(limited!, 429, 'rate_limited');
  });

  it('still tells the rightful sender, who names the affiliate, that a click is unknown', async () => {
    const res = await api(
      `/postback?affiliate_id=${affiliate.id}&click_id=${unique('unknown')}&token=${affiliate.postbackSecret}`,
    );
    await expectError(res, 404, 'not_found');
  });
});
