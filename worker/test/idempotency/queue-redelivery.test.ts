import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ClickMessage } from '../../queue/messages.ts';
import { hashIp } from '../../lib/secrets.ts';
import type { DeferredPostback } from '../../queue/messages.ts';
import { createAffiliate, createCampaign, type TestAffiliate } from '../api.ts';
import { count } from '../db.ts';
import { unique } from '../security/requests.ts';
import { withDatabaseFault } from './database-faults.ts';
import { deliver, retriedIds, type Delivery } from './queue-harness.ts';
import { rollupsAndRecounts } from './rollup-check.ts';

const CLICKS = 'tracker-clicks';
const POSTBACKS = 'tracker-postbacks';

let affiliate: TestAffiliate;
let campaign: { id: number };

beforeAll(async () => {
  affiliate = await createAffiliate(unique('redelivery'));
  campaign = await createCampaign({ name: unique('Redelivery'), default_payout: '4' });
});

async function clickMessages(
  n: number,
  prefix = unique('q-click'),
): Promise<Delivery<ClickMessage>[]> {
  // Two visitors share an address, so unique-click flags are exercised too.
  const shared = await hashIp(env.TRACKER_SECRET, '192.0.2.1');
  return Promise.all(
    Array.from({ length: n }, async (_, i) => ({
      id: `${prefix}-${i}`,
      body: {
        clickId: `${prefix}-${i}`,
        affiliateId: affiliate.id,
        campaignId: campaign.id,
        sub: [`s${i % 3}`, null, null, null, null],
        ipHash:
          i % 4 === 0
            ? null
            : i % 2 === 0
              ? shared
              : await hashIp(env.TRACKER_SECRET, `192.0.2.${i + 10}`),
        userAgent: 'Mozilla/5.0',
        country: 'DE',
        referrer: null,
        timestamp: new Date(Date.now() - (i % 2) * 86_400_000).toISOString(),
      },
    })),
  );
}

function postbackMessages(
  clickIds: string[],
  prefix = unique('q-tx'),
): Delivery<DeferredPostback>[] {
  return clickIds.map((clickId, i) => ({
    id: `${prefix}-${i}`,
    body: {
      input: {
        affiliate_id: affiliate.id,
        click_id: clickId,
        amount: `${i + 1}.10`,
        currency: 'USD',
        txid: `${prefix}-${i}`,
      },
      credential: { token: affiliate.postbackSecret },
      receivedAt: new Date().toISOString(),
    },
  }));
}

const clickIdsOf = (messages: Delivery<ClickMessage>[]) => messages.map((m) => m.body.clickId);
const rowsFor = (table: 'clicks' | 'conversions', clickIds: string[]) =>
  count(table, sql`click_id IN ${clickIds}`);
const distinctRowsFor = async (table: 'clicks' | 'conversions', clickIds: string[]) =>
  count(
    `(SELECT DISTINCT click_id, ${table === 'conversions' ? 'event, txid' : 'campaign_id'} FROM ${table}) t`,
    sql`click_id IN ${clickIds}`,
  );

async function expectRollupsEqualRecounts(): Promise<void> {
  const { clicks, conversions } = await rollupsAndRecounts([affiliate.id]);
  expect(clicks.rollup).toEqual(clicks.recount);
  expect(conversions.rollup).toEqual(conversions.recount);
}

describe('click messages delivered more than once', () => {
  it('the same batch twice (consumer crashed before its ack): every click once', async () => {
    const messages = await clickMessages(25);
    const first = await deliver(CLICKS, messages);
    expect(first.ackAll).toBe(true);
    const again = await deliver(
      CLICKS,
      messages.map((m) => ({ ...m, attempts: 2 })),
    );
    expect(again.ackAll).toBe(true);
    expect(await rowsFor('clicks', clickIdsOf(messages))).toBe(25);
    await expectRollupsEqualRecounts();
  });

  it('one batch holding the same click twice, and overlapping batches: every click once', async () => {
    const messages = await clickMessages(10);
    await deliver(CLICKS, [
      ...messages,
      ...messages.slice(0, 3).map((m) => ({ ...m, id: `${m.id}-copy` })),
    ]);
    await deliver(CLICKS, messages.slice(5));
    expect(await rowsFor('clicks', clickIdsOf(messages))).toBe(10);
    await expectRollupsEqualRecounts();
  });

  it.each([
    [
      'the rollup statement meets a dead database',
      (s: string) => (/daily_clicks/i.test(s) ? 'before' : false),
    ],
    [
      'the fingerprint statement meets a dead database',
      (s: string) => (/click_fingerprints/i.test(s) && /insert/i.test(s) ? 'before' : false),
    ],
    [
      'the COMMIT ran but its reply was lost',
      (s: string) => (/^commit$/i.test(s.trim()) ? 'after' : false),
    ],
    [
      'the click insert ran but its reply was lost',
      (s: string) => (/^insert into `clicks`/i.test(s) ? 'after' : false),
    ],
  ] as const)(
    'a batch whose database work fails part way (%s), then redelivered: no duplicate, none missing',
    async (_label, fail) => {
      const messages = await clickMessages(12);
      const failed = await withDatabaseFault({ fail }, async (fault) => {
        const result = await deliver(CLICKS, messages);
        expect(fault.failed.length, 'the fault was hit').toBeGreaterThan(0);
        return result;
      });
      expect(
        retriedIds(
          failed,
          messages.map((m) => m.id),
        ),
      ).toHaveLength(12);
      const redelivered = await deliver(
        CLICKS,
        messages.map((m) => ({ ...m, attempts: 2 })),
      );
      expect(redelivered.ackAll).toBe(true);
      const ids = clickIdsOf(messages);
      expect(await rowsFor('clicks', ids)).toBe(12);
      expect(await distinctRowsFor('clicks', ids)).toBe(12);
      await expectRollupsEqualRecounts();
    },
  );
});

describe('postback messages delivered more than once', () => {
  it('the same batch twice: every conversion once, rollups equal recounts', async () => {
    const clicks = await clickMessages(8);
    await deliver(CLICKS, clicks);
    const messages = postbackMessages(clickIdsOf(clicks));
    const first = await deliver(POSTBACKS, messages);
    expect(first.explicitAcks.sort()).toEqual(messages.map((m) => m.id).sort());
    await deliver(
      POSTBACKS,
      messages.map((m) => ({ ...m, attempts: 2 })),
    );
    expect(await rowsFor('conversions', clickIdsOf(clicks))).toBe(8);
    await expectRollupsEqualRecounts();
  });

  it('the database goes away part way through a batch; the whole batch is redelivered: every conversion once', async () => {
    const clicks = await clickMessages(8);
    await deliver(CLICKS, clicks);
    const messages = postbackMessages(clickIdsOf(clicks));
    let inserts = 0;
    const partial = await withDatabaseFault(
      {
        // From the fourth conversion insert on, every statement meets a dead database.
        fail: (s) => {
          if (/^insert into `conversions`/i.test(s)) inserts++;
          return inserts > 3 ? 'before' : false;
        },
      },
      () => deliver(POSTBACKS, messages),
    );
    const retried = retriedIds(
      partial,
      messages.map((m) => m.id),
    );
    expect(retried.length).toBeGreaterThan(0);
    expect(partial.explicitAcks.length).toBeGreaterThan(0);
    expect(await rowsFor('conversions', clickIdsOf(clicks))).toBe(partial.explicitAcks.length);
    // At-least-once: the acked messages may come back too.
    const again = await deliver(
      POSTBACKS,
      messages.map((m) => ({ ...m, attempts: 2 })),
    );
    expect(again.explicitAcks.sort()).toEqual(messages.map((m) => m.id).sort());
    expect(await rowsFor('conversions', clickIdsOf(clicks))).toBe(8);
    await expectRollupsEqualRecounts();
  });

  it('a conversion stored whose reply was lost, so the rollup was never updated: redelivery repairs it', async () => {
    const clicks = await clickMessages(3);
    await deliver(CLICKS, clicks);
    const messages = postbackMessages(clickIdsOf(clicks));
    const partial = await withDatabaseFault(
      { fail: (s) => (/^insert into `conversions`/i.test(s) ? 'after' : false) },
      () => deliver(POSTBACKS, messages),
    );
    expect(
      retriedIds(
        partial,
        messages.map((m) => m.id),
      ),
    ).toHaveLength(3);
    expect(await rowsFor('conversions', clickIdsOf(clicks))).toBe(3);
    await deliver(
      POSTBACKS,
      messages.map((m) => ({ ...m, attempts: 2 })),
    );
    expect(await rowsFor('conversions', clickIdsOf(clicks))).toBe(3);
    await expectRollupsEqualRecounts();
  });

  it('a postback whose click is still queued behind it waits for the click instead of being dropped', async () => {
    const clicks = await clickMessages(2);
    const messages = postbackMessages(clickIdsOf(clicks));
    const early = await deliver(POSTBACKS, messages);
    expect(
      retriedIds(
        early,
        messages.map((m) => m.id),
      ).sort(),
    ).toEqual(messages.map((m) => m.id).sort());
    await deliver(CLICKS, clicks);
    const later = await deliver(
      POSTBACKS,
      messages.map((m) => ({ ...m, attempts: 2 })),
    );
    expect(later.explicitAcks.sort()).toEqual(messages.map((m) => m.id).sort());
    expect(await rowsFor('conversions', clickIdsOf(clicks))).toBe(2);
    await expectRollupsEqualRecounts();
  });
});
