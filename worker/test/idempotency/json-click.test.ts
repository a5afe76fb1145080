import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClickMessage } from '../../queue/messages.ts';
import { api, createAffiliate, createCampaign, json, type TestAffiliate } from '../api.ts';
import { clickCounted, count, db, eventually } from '../db.ts';
import { queryString, unique } from '../security/requests.ts';
import { deliver } from './queue-harness.ts';
import { rollupsAndRecounts } from './rollup-check.ts';

// A JSON click stores its row in one round trip and hands uniqueness and the rollup to the click
// queue; whichever batch claims the row first counts it, and nothing counts it twice.

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('json-click'));
  campaign = await createCampaign({ name: unique('JSON clicks') });
});

const click = (clickId: string, ip: string) =>
  api(
    `/click?${queryString({ affiliate_id: affiliate.id, campaign_id: campaign.id, click_id: clickId, format: 'json', sub1: 'json' })}`,
    {
      headers: { 'cf-connecting-ip': ip },
    },
  );

async function storedMessage(clickId: string): Promise<ClickMessage> {
  const { rows } = await db.execute(
    sql`SELECT ip_hash, user_agent, country, referrer, timestamp FROM clicks WHERE click_id = ${clickId}`,
  );
  const row = rows[0] as {
    ip_hash: string | null;
    user_agent: string | null;
    country: string | null;
    referrer: string | null;
    timestamp: string;
  };
  return {
    clickId,
    affiliateId: affiliate.id,
    campaignId: campaign.id,
    sub: ['json', null, null, null, null],
    ipHash: row.ip_hash,
    userAgent: row.user_agent,
    country: row.country,
    referrer: row.referrer,
    timestamp: new Date(`${row.timestamp.replace(' ', 'T')}Z`).toISOString(),
  };
}

async function expectRollupsEqualRecounts(): Promise<void> {
  const settled = (r: Awaited<ReturnType<typeof rollupsAndRecounts>>) =>
    JSON.stringify(r.clicks.rollup) === JSON.stringify(r.clicks.recount);
  const { clicks } = await eventually(() => rollupsAndRecounts([affiliate.id]), settled);
  expect(clicks.rollup).toEqual(clicks.recount);
}

describe('GET /click?format=json', () => {
  it('stores the click before answering and counts it through the queue: unique flag and rollup', async () => {
    const [first, second] = [unique('jc-a'), unique('jc-b')];
    const res = await click(first, '198.51.100.77');
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      success: true,
      message: 'Click tracked successfully',
      data: { click_id: first, affiliate_id: affiliate.id },
    });
    expect(await count('clicks', sql`click_id = ${first}`)).toBe(1);
    expect((await click(second, '198.51.100.77')).status).toBe(200);

    await clickCounted(first);
    await clickCounted(second);
    const { rows } = await db.execute(
      sql`SELECT click_id, is_unique FROM clicks WHERE click_id IN (${first}, ${second})`,
    );
    const flags = Object.fromEntries(
      (rows as { click_id: string; is_unique: number }[]).map((r) => [
        r.click_id,
        Number(r.is_unique),
      ]),
    );
    expect(flags).toEqual({ [first]: 1, [second]: 0 });
    await expectRollupsEqualRecounts();
  });

  it('answers a repeated click_id with the original and counts it once', async () => {
    const clickId = unique('jc-repeat');
    const original = await json(await click(clickId, '198.51.100.78'));
    await clickCounted(clickId);
    const again = await json(await click(clickId, '198.51.100.79'));
    expect(again.data.timestamp).toBe(original.data.timestamp);
    expect(await count('clicks', sql`click_id = ${clickId}`)).toBe(1);
    await expectRollupsEqualRecounts();
  });

  it('counts a JSON click once when its queue message arrives twice, or after another batch claimed it', async () => {
    const clickId = unique('jc-redelivered');
    expect((await click(clickId, '198.51.100.80')).status).toBe(200);
    const message = await storedMessage(clickId);
    const batches = await Promise.all([
      deliver<ClickMessage>('tracker-clicks', [{ id: `${clickId}-1`, body: message }]),
      deliver<ClickMessage>('tracker-clicks', [{ id: `${clickId}-2`, body: message }]),
    ]);
    expect(batches.every((b) => !b.retryBatch.retry)).toBe(true);
    await clickCounted(clickId);
    await deliver<ClickMessage>('tracker-clicks', [{ id: `${clickId}-3`, body: message }]);
    await expectRollupsEqualRecounts();
    const { rows } = await db.execute(
      sql`SELECT SUM(clicks) AS n FROM daily_clicks WHERE affiliate_id = ${affiliate.id}`,
    );
    expect(Number((rows[0] as { n: string }).n)).toBe(
      await count('clicks', sql`affiliate_id = ${affiliate.id}`),
    );
  });
});
