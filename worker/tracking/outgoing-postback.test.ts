import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { api, createAffiliate, createCampaign, json, defaultAdvertiserToken } from '../test/api.ts';
import { count, eventually } from '../test/db.ts';
import { databaseSettled } from '../test/db-writes.ts';
import { deliver } from '../test/idempotency/queue-harness.ts';
import { unique } from '../test/security/requests.ts';
import { queueNames } from '../queue/index.ts';
import type { OutgoingPostbackMessage } from '../queue/messages.ts';

// Conversions here are the advertiser's: approved unless the test says otherwise.
const ADVERTISER_TOKEN = await defaultAdvertiserToken();

describe("affiliate's outgoing postback", () => {
  it('fires on a new conversion and on a status change, retrying a receiver that fails twice, with an outgoing postback log', async () => {
    const key = `k${Date.now()}`;
    const template = `${env.RECEIVER_URL}/fail/2/${key}?cid={click_id}&s1={sub1}&amount={amount}&payout={payout}&cur={currency}&status={status}&event={event}&tx={txid}&conv={conversion_id}`;
    const affiliate = await createAffiliate('Outgoing', { outgoing_postback_url: template });
    const campaign = await createCampaign({
      name: 'Outgoing',
      default_payout: '4.2',
      currency: 'EUR',
    });
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=out-${key}&sub1=${encodeURIComponent('news letter')}`,
    );
    const res = await api(
      `/postback?affiliate_id=${affiliate.id}&click_id=out-${key}&amount=19.5&currency=EUR&txid=A1&status=pending&token=${ADVERTISER_TOKEN}`,
    );
    const conversionId = (await json(res)).data.conversion_id;

    const log = () =>
      fetch(`${env.RECEIVER_URL}/log/${key}`).then((r) => r.json() as Promise<string[]>);
    const calls = await eventually(log, (c) => c.length >= 3, 20_000);
    expect(calls).toHaveLength(3);
    const received = new URL(calls[2]!, 'http://r');
    expect(Object.fromEntries(received.searchParams)).toEqual({
      cid: `out-${key}`,
      s1: 'news letter',
      amount: '19.5',
      payout: '4.2',
      cur: 'EUR',
      status: 'pending',
      event: 'conversion',
      tx: 'A1',
      conv: String(conversionId),
    });

    const attempts = await eventually(
      async () =>
        (
          await json(
            await api(`/affiliates/${affiliate.id}/outgoing-postbacks`, { key: affiliate.apiKey }),
          )
        ).data as { status_code: number; attempt: number }[],
      (d) => d.length >= 3,
    );
    expect(attempts.map((d) => [d.attempt, d.status_code])).toEqual([
      [3, 200],
      [2, 500],
      [1, 500],
    ]);

    await api(
      `/postback?affiliate_id=${affiliate.id}&click_id=out-${key}&amount=19.5&currency=EUR&txid=A1&status=approved&token=${ADVERTISER_TOKEN}`,
    );
    const after = await eventually(log, (c) => c.length >= 4, 20_000);
    expect(new URL(after[3]!, 'http://r').searchParams.get('status')).toBe('approved');
  });

  it('lets an affiliate set its own outgoing URL but only http(s)', async () => {
    const affiliate = await createAffiliate('Self service');
    const patch = (body: unknown) =>
      api(`/affiliates/${affiliate.id}`, {
        method: 'PATCH',
        key: affiliate.apiKey,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect(
      (await patch({ outgoing_postback_url: 'https://me.example/pb?c={click_id}' })).status,
    ).toBe(200);
    const bad = await patch({ outgoing_postback_url: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error.message).toContain('outgoing_postback_url');
    expect((await patch({ name: 'Renamed' })).status).toBe(403);
  });

  it('sends a notice still waiting on the queue under its former name, once', async () => {
    const key = unique('former-queue');
    const affiliate = await createAffiliate(unique('former-queue'), {
      outgoing_postback_url: `${env.RECEIVER_URL}/fail/0/${key}?status={status}`,
    });
    const campaign = await createCampaign({ name: unique('former-queue') });
    await api(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${key}&format=json`,
    );
    await eventually(
      () => count('clicks', sql`click_id = ${key}`),
      (n) => n === 1,
    );
    const res = await api(
      `/postback?affiliate_id=${affiliate.id}&click_id=${key}&status=pending&token=${ADVERTISER_TOKEN}`,
    );
    const conversionId = (await json(res)).data.conversion_id as number;
    const log = () =>
      fetch(`${env.RECEIVER_URL}/log/${key}`).then((r) => r.json() as Promise<string[]>);
    await eventually(log, (c) => c.length >= 1);
    await databaseSettled();

    // Queued before the upgrade: a status change the old queue still holds.
    const notice: OutgoingPostbackMessage = { conversionId, status: 'approved' };
    for (const id of ['left-1', 'left-2']) {
      const result = await deliver(queueNames.formerOutgoingPostbacks, [{ id, body: notice }]);
      expect(result.retryBatch.retry).toBe(false);
      expect(result.retryMessages).toEqual([]);
      expect(result.explicitAcks).toEqual([id]);
    }
    const sent = await log();
    expect(sent.map((u) => new URL(u, 'http://r').searchParams.get('status'))).toEqual([
      'pending',
      'approved',
    ]);
  });
});
