import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { deferredPostback } from '../../queue/postbacks.ts';
import {
  api,
  createAdvertiser,
  createAffiliate,
  createCampaign,
  json,
  type TestAdvertiser,
  type TestAffiliate,
} from '../api.ts';
import { conversionRow, patchJson, withKey } from '../review/fixtures.ts';
import { unique } from '../security/requests.ts';
import { deliver } from './queue-harness.ts';

// A postback queued while the database was down is applied later with its own receive time. When
// the advertiser decided the conversion in between, the older request cannot move it any more.

let affiliate: TestAffiliate;
let advertiser: TestAdvertiser;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('late partner'));
  advertiser = await createAdvertiser(unique('late advertiser'));
  campaign = await createCampaign({
    name: unique('late deferred'),
    advertiser_id: advertiser.id,
    default_payout: '3',
  });
});

describe('a deferred postback applied after a later review', () => {
  it('does not undo the rejection the advertiser made after sending it', async () => {
    const clickId = (
      await json(
        await api(`/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&format=json`),
      )
    ).data.click_id as string;
    const txid = unique('order');
    // T-10 min: the sale is reported pending.
    const created = await api(
      `/postback?click_id=${encodeURIComponent(clickId)}&txid=${txid}&status=pending&token=${advertiser.postbackToken}`,
    );
    expect(created.status, await created.clone().text()).toBe(200);
    const id = (await json(created)).data.conversion_id as number;
    // T-5 min: its approval meets a database outage and is queued (202), as acceptPostback queues it.
    const input = { click_id: clickId, txid, status: 'approved' as const };
    const queued = await deferredPostback(
      env.TRACKER_SECRET,
      { ...input, token: advertiser.postbackToken },
      { token: advertiser.postbackToken },
      new Date(Date.now() - 5 * 60_000),
    );
    // T0: the advertiser's reviewer finds the sale fraudulent and rejects it.
    const rejected = await api(
      `/conversions/${id}`,
      withKey(advertiser.apiKey, patchJson({ status: 'rejected', reason: 'manual' })),
    );
    expect(rejected.status, await rejected.clone().text()).toBe(200);
    // T+1 min: the database is back and the queue applies the older approval.
    const result = await deliver('tracker-postbacks', [{ id: 'late', body: queued }]);
    expect(result.explicitAcks).toEqual(['late']);
    // What should hold: the later decision stands.
    expect((await conversionRow(id)).status).toBe('rejected');
  }, 60_000);
});
