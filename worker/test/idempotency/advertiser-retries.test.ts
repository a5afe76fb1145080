import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeferredPostback } from '../../queue/messages.ts';
import { api, createAffiliate, createCampaign, json, type TestAffiliate } from '../api.ts';
import { clickCounted, count, eventually, setDatabaseFailure } from '../db.ts';
import { queryString, unique } from '../security/requests.ts';
import { withDatabaseFault } from './database-faults.ts';
import { deliver } from './queue-harness.ts';
import { rollupsAndRecounts } from './rollup-check.ts';

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('retrying'));
  campaign = await createCampaign({ name: unique('Retries'), default_payout: '3' });
});

async function jsonClick(): Promise<string> {
  const clickId = unique('retry-click');
  expect(
    (
      await api(
        `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}&click_id=${clickId}&format=json`,
      )
    ).status,
  ).toBe(200);
  // The faults below hit every database call of this isolate, the click queue's included.
  await clickCounted(clickId);
  return clickId;
}

const conversionsOf = (clickId: string) => count('conversions', sql`click_id = ${clickId}`);

// A request cut off mid-way leaves its repair to the postback queue, so rollups converge shortly after.
async function expectConsistentRollups(): Promise<void> {
  const settled = (r: Awaited<ReturnType<typeof rollupsAndRecounts>>) =>
    JSON.stringify(r.clicks.rollup) === JSON.stringify(r.clicks.recount) &&
    JSON.stringify(r.conversions.rollup) === JSON.stringify(r.conversions.recount);
  const { clicks, conversions } = await eventually(
    () => rollupsAndRecounts([affiliate.id]),
    settled,
  );
  expect(clicks.rollup).toEqual(clicks.recount);
  expect(conversions.rollup).toEqual(conversions.recount);
}

describe('an advertiser that retries', () => {
  it('sends the same postback 5 times (AppsFlyer-style retry schedule): one conversion', async () => {
    const clickId = await jsonClick();
    const url = `/postback?${queryString({ affiliate_id: affiliate.id, click_id: clickId, amount: '49.90', currency: 'EUR', event: 'purchase', txid: 'af-123', token: affiliate.postbackSecret })}`;
    const answers = [];
    for (let attempt = 0; attempt < 5; attempt++) answers.push(await json(await api(url)));
    expect(answers.map((a) => a.duplicate)).toEqual([false, true, true, true, true]);
    expect(new Set(answers.map((a) => a.data.conversion_id)).size).toBe(1);
    expect(await conversionsOf(clickId)).toBe(1);
    await expectConsistentRollups();
  });

  it('retries after a 503 whose request had in fact been recorded (the reply was lost): one conversion', async () => {
    const clickId = await jsonClick();
    const url = `/postback?${queryString({ affiliate_id: affiliate.id, click_id: clickId, amount: '12.00', txid: 'lost-reply', token: affiliate.postbackSecret })}`;
    // The insert runs, then every later statement of this request meets a dead database.
    const first = await withDatabaseFault(
      {
        fail: (statement, seen) =>
          statement.startsWith('insert into `conversions`')
            ? 'after'
            : seen > 0 && /daily_conversions/.test(statement)
              ? 'before'
              : false,
      },
      () => api(url),
    );
    expect(first.status).toBe(202);
    const retry = await json(await api(url));
    expect(retry.success).toBe(true);
    expect(await conversionsOf(clickId)).toBe(1);
    expect((await api(url).then(json)).data.conversion_id).toBe(retry.data.conversion_id);
    await expectConsistentRollups();
  });

  it('retries after the database was down (the first attempt was queued with 202): one conversion', async () => {
    const clickId = await jsonClick();
    const url = `/postback?${queryString({ click_id: clickId, amount: '7.00', txid: 'while-down', token: affiliate.postbackSecret })}`;
    await setDatabaseFailure('503');
    let queued: Response;
    try {
      queued = await api(url);
    } finally {
      await setDatabaseFailure(null);
    }
    expect(queued.status).toBe(202);
    expect((await json(queued)).queued).toBe(true);
    const retry = await api(url);
    expect(retry.status).toBe(200);
    // Whether the queue or the retry got there first, the other is a duplicate.
    const deferred: DeferredPostback = {
      input: {
        click_id: clickId,
        amount: '7.00',
        txid: 'while-down',
        token: affiliate.postbackSecret,
      },
      credential: { token: affiliate.postbackSecret },
      receivedAt: new Date().toISOString(),
    };
    const result = await deliver('tracker-postbacks', [{ id: 'late', body: deferred }]);
    expect(result.explicitAcks).toEqual(['late']);
    expect(await conversionsOf(clickId)).toBe(1);
    await expectConsistentRollups();
  });

  it('retries after a 503 from a database failing mid-request, for each statement in turn: always one conversion', async () => {
    for (let failAt = 0; failAt < 6; failAt++) {
      const clickId = await jsonClick();
      const url = `/postback?${queryString({ affiliate_id: affiliate.id, click_id: clickId, amount: '1.50', txid: `step-${failAt}`, token: affiliate.postbackSecret })}`;
      const first = await withDatabaseFault(
        { fail: (_statement, seen) => (seen >= failAt ? 'before' : false) },
        () => api(url),
      );
      expect(
        first.status,
        `fail from statement ${failAt}: ${await first.clone().text()}`,
      ).toBeLessThan(500);
      for (let attempt = 0; attempt < 2; attempt++) expect((await api(url)).status).toBe(200);
      expect(await conversionsOf(clickId), `fail from statement ${failAt}`).toBe(1);
    }
    await expectConsistentRollups();
  });
});
