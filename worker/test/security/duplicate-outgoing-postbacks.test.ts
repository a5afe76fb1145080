import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { destinationPolicy } from '../../lib/postback-destination.ts';
import { deliverOutgoingPostback } from '../../tracking/outgoing-postback.ts';
import { api, createAffiliate, createCampaign, json, defaultAdvertiserToken } from '../api.ts';
import { count, db, eventually } from '../db.ts';
import { databaseSettled } from '../db-writes.ts';
import { unique } from './requests.ts';

// Conversions here are the advertiser's: approved unless the test says otherwise.
const ADVERTISER_TOKEN = await defaultAdvertiserToken();

const calls = (key: string) =>
  fetch(`${env.RECEIVER_URL}/log/${key}`).then((r) => r.json() as Promise<string[]>);

interface OutgoingPostbackRow {
  conversion_id: number;
  url: string;
  url_length: number;
  status_code: number | null;
  error: string | null;
}

describe('4. outgoing postbacks: one successful send per conversion and status, logged before the send', () => {
  it('delivers a filled URL longer than 2,048 characters exactly once, with the URL stored truncated and its length', async () => {
    const key = unique('long');
    // Visitor-set sub values fill the template well past the outgoing postback log's URL column.
    const template = `${env.RECEIVER_URL}/fail/0/${key}?${Array.from({ length: 10 }, (_, i) => `s${i}={sub1}`).join('&')}&status={status}`;
    const affiliate = await createAffiliate(unique('long-url'), {
      outgoing_postback_url: template,
    });
    const campaign = await createCampaign({ name: unique('long-url') });
    const sub1 = 'x'.repeat(255);
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${key}&sub1=${sub1}&format=json`,
    );
    await eventually(
      () => count('clicks', sql`click_id = ${key}`),
      (n) => n === 1,
    );

    const postback = (status: string) =>
      api(
        `/postback?affiliate_id=${affiliate.id}&click_id=${key}&status=${status}&token=${ADVERTISER_TOKEN}`,
      );
    const conversionId = (await json(await postback('pending'))).data.conversion_id as number;
    await eventually(
      () => calls(key),
      (c) => c.length >= 1,
    );
    await databaseSettled();
    const received = await calls(key);
    expect(received).toHaveLength(1);
    expect(received[0]!.length).toBeGreaterThan(2048);

    const log = async () =>
      (
        await json(
          await api(`/affiliates/${affiliate.id}/outgoing-postbacks`, { key: affiliate.apiKey }),
        )
      ).data as OutgoingPostbackRow[];
    const rows = await log();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status_code).toBe(200);
    expect(rows[0]!.url).toHaveLength(2048);
    expect(rows[0]!.url_length).toBeGreaterThan(2048);
    expect(rows[0]!.url_length).toBe(`${env.RECEIVER_URL}${received[0]}`.length);

    // The queue delivers at least once: the same message again sends nothing.
    const redelivered = await deliverOutgoingPostback(
      db,
      { conversionId, status: 'pending' },
      2,
      destinationPolicy(env),
    );
    expect(redelivered).toBe('delivered');
    expect(await calls(key)).toHaveLength(1);

    // A status change is a new notification, delivered once too.
    expect((await postback('approved')).status).toBe(200);
    await eventually(
      () => calls(key),
      (c) => c.length >= 2,
    );
    await databaseSettled();
    const all = await calls(key);
    expect(all.map((u) => new URL(u, 'http://r').searchParams.get('status'))).toEqual([
      'pending',
      'approved',
    ]);
    expect((await log()).filter((d) => d.status_code === 200)).toHaveLength(2);
  });

  it('sends nothing when the outgoing postback cannot be logged first', async () => {
    const key = unique('unlogged');
    const affiliate = await createAffiliate(unique('unlogged'), {
      outgoing_postback_url: `${env.RECEIVER_URL}/fail/0/${key}?c={click_id}`,
    });
    const campaign = await createCampaign({ name: unique('unlogged') });
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${key}&format=json`,
    );
    const res = await api(
      `/postback?affiliate_id=${affiliate.id}&click_id=${key}&token=${ADVERTISER_TOKEN}`,
    );
    const conversionId = (await json(res)).data.conversion_id as number;
    await eventually(
      () => calls(key),
      (c) => c.length >= 1,
    );
    // Another worker holds the claim and is still sending: this attempt must wait, not send a second time.
    await db.execute(
      sql`UPDATE outgoing_postbacks SET status_code = NULL, claim_key = ${`${conversionId}:approved`} WHERE conversion_id = ${conversionId}`,
    );
    expect(
      await deliverOutgoingPostback(
        db,
        { conversionId, status: 'approved' },
        3,
        destinationPolicy(env),
      ),
    ).toBe('retry');
    expect(await calls(key)).toHaveLength(1);
  });
});
