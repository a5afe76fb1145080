import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
  defaultAdvertiserToken,
} from '../api.ts';
import { count, db, eventually } from '../db.ts';
import { databaseSettled } from '../db-writes.ts';
import { queryString, unique } from '../security/requests.ts';

// Conversions here are the advertiser's: approved unless the test says otherwise.
const ADVERTISER_TOKEN = await defaultAdvertiserToken();

// The local endpoint answers like PlanetScale (clientFoundRows: an upsert onto an unchanged row
// reports 1 affected row), so these replays meet the same counts production gives them.

let affiliate: TestAffiliate;
let campaign: { id: number };
let receiverKey: string;

beforeAll(async () => {
  receiverKey = unique('found-rows');
  affiliate = await createAffiliate(unique('replaying'), {
    outgoing_postback_url: `${env.RECEIVER_URL}/fail/0/${receiverKey}?cid={click_id}&status={status}&conv={conversion_id}`,
  });
  campaign = await createCampaign({ name: unique('Replays'), default_payout: '2' });
});

const received = () =>
  fetch(`${env.RECEIVER_URL}/log/${receiverKey}`).then((r) => r.json() as Promise<string[]>);
const statusesOf = (calls: string[], clickId: string) =>
  calls
    .map((c) => new URL(c, 'http://r').searchParams)
    .filter((p) => p.get('cid') === clickId)
    .map((p) => p.get('status'));

describe('a replayed postback on found-rows sessions', () => {
  it('answers duplicate, fires no second outgoing postback, and a replay with a new status moves the conversion', async () => {
    const clickId = unique('fr-click');
    expect(
      (
        await api(
          `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
        )
      ).status,
    ).toBe(200);
    const params = {
      affiliate_id: affiliate.id,
      click_id: clickId,
      amount: '10',
      txid: 'order-7',
      status: 'pending',
      token: ADVERTISER_TOKEN,
    };

    const first = await json(await api(`/postback?${queryString(params)}`));
    expect(first).toMatchObject({
      duplicate: false,
      status_changed: false,
      data: { status: 'pending' },
    });
    await eventually(received, (calls) => statusesOf(calls, clickId).length >= 1);

    const replay = await json(await api(`/postback?${queryString(params)}`));
    expect(replay).toMatchObject({
      duplicate: true,
      status_changed: false,
      data: { conversion_id: first.data.conversion_id, status: 'pending' },
    });

    const approved = await json(
      await api(`/postback?${queryString({ ...params, status: 'approved' })}`),
    );
    expect(approved).toMatchObject({
      duplicate: false,
      status_changed: true,
      data: { conversion_id: first.data.conversion_id, status: 'approved' },
    });
    const { rows } = await db.execute(
      sql`SELECT status FROM conversions WHERE click_id = ${clickId}`,
    );
    expect(rows).toEqual([{ status: 'approved' }]);

    // The status change is announced; give a wrongly queued replay time to arrive, then count.
    await eventually(received, (calls) => statusesOf(calls, clickId).length >= 2);
    await databaseSettled();
    expect(statusesOf(await received(), clickId)).toEqual(['pending', 'approved']);
    expect(await count('conversions', sql`click_id = ${clickId}`)).toBe(1);
  });
});
