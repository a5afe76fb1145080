import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateClickId } from '../lib/click-id.ts';
import type { ClickMessage } from '../queue/messages.ts';
import {
  api,
  apiWithEnv,
  asAdmin,
  createAffiliate,
  createCampaign,
  json,
  type TestAffiliate,
  defaultAdvertiserToken,
} from '../test/api.ts';
import { db } from '../test/db.ts';
import { queryString, unique } from '../test/security/requests.ts';
import { DUPLICATE_VISITOR_NTH } from './conversion-holds.ts';

// Conversions here are the advertiser's: approved unless the test says otherwise.
const ADVERTISER_TOKEN = await defaultAdvertiserToken();

let affiliate: TestAffiliate;
let plain: { id: number };
let fastHeld: { id: number };

const browser = {
  'user-agent':
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1.15',
  'accept-language': 'en-GB',
};
let ipSeq = 0;

beforeAll(async () => {
  affiliate = await createAffiliate(unique('holds'));
  plain = await createCampaign({ name: unique('No minimum') });
  fastHeld = await createCampaign({ name: unique('Min CTIT'), min_ctit_seconds: 60 });
});

async function jsonClick(
  campaignId: number,
  headers: Record<string, string> = {},
  cf?: Record<string, unknown>,
): Promise<string> {
  const clickId = unique('h');
  const init = {
    headers: { ...browser, 'cf-connecting-ip': `192.0.2.${++ipSeq}`, ...headers },
    ...(cf && { cf }),
  } as RequestInit;
  const res = await api(
    `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}&click_id=${clickId}&format=json`,
    init,
  );
  expect(res.status).toBe(200);
  return clickId;
}

async function convert(clickId: string, extra: Record<string, string> = {}) {
  const res = await api(
    `/postback?${queryString({ affiliate_id: affiliate.id, click_id: clickId, amount: '10.00', token: ADVERTISER_TOKEN, ...extra })}`,
  );
  expect(res.status).toBe(200);
  return (await json(res)).data as {
    status: string;
    reason: string | null;
    ctit_seconds: number | null;
    conversion_id: number;
  };
}

// A real signed id whose click happened `secondsAgo` seconds before now.
const olderClick = (campaignId: number, secondsAgo: number) =>
  generateClickId(env.TRACKER_SECRET, {
    affiliateId: affiliate.id,
    campaignId,
    clickedAt: new Date(Date.now() - secondsAgo * 1000),
  });

describe('CTIT', () => {
  it('is stored on every conversion, from the stored click or the signed id', async () => {
    const fresh = await convert(await jsonClick(plain.id));
    expect(fresh).toMatchObject({ status: 'approved', reason: null });
    expect(fresh.ctit_seconds).toBeGreaterThanOrEqual(0);
    expect(fresh.ctit_seconds).toBeLessThan(5);
    const signed = await convert(await olderClick(plain.id, 300));
    expect(signed.ctit_seconds).toBeGreaterThanOrEqual(299);
    expect(signed.ctit_seconds).toBeLessThan(310);
  });

  it("holds a conversion faster than the campaign's min_ctit_seconds as pending (ctit_too_short)", async () => {
    const held = await convert(await jsonClick(fastHeld.id), { status: 'approved' });
    expect(held).toMatchObject({ status: 'pending', reason: 'ctit_too_short' });
    expect(held.ctit_seconds).toBeLessThan(60);
  });

  it('approves a conversion slower than the minimum', async () => {
    expect(await convert(await olderClick(fastHeld.id, 300))).toMatchObject({
      status: 'approved',
      reason: null,
    });
  });

  it('a replay asking for approval does not release a hold; a rejection still applies', async () => {
    const clickId = await jsonClick(fastHeld.id);
    const txid = unique('tx');
    const held = await convert(clickId, { txid });
    expect(held.status).toBe('pending');
    const replay = await convert(clickId, { txid, status: 'approved' });
    expect(replay).toMatchObject({
      conversion_id: held.conversion_id,
      status: 'pending',
      reason: 'ctit_too_short',
    });
    const rejected = await convert(clickId, { txid, status: 'rejected' });
    expect(rejected).toMatchObject({ conversion_id: held.conversion_id, status: 'rejected' });
  });

  it('a conversion the sender rejects stays rejected, with the reason manual and no hold reason', async () => {
    expect(await convert(await jsonClick(fastHeld.id), { status: 'rejected' })).toMatchObject({
      status: 'rejected',
      reason: 'manual',
    });
  });
});

describe('other holds', () => {
  it('holds a conversion on a suspicious click (suspicious_click)', async () => {
    const clickId = await jsonClick(
      plain.id,
      {},
      { asn: 16509, asOrganization: 'Amazon.com, Inc.' },
    );
    expect(await convert(clickId)).toMatchObject({ status: 'pending', reason: 'suspicious_click' });
  });

  it(`holds the ${DUPLICATE_VISITOR_NTH}rd conversion of an event from one visitor on a campaign in a day (duplicate_visitor)`, async () => {
    const campaign = await createCampaign({ name: unique('Repeat visitor') });
    const visitor = { 'cf-connecting-ip': '198.18.0.42' };
    const results = [];
    for (let i = 0; i < DUPLICATE_VISITOR_NTH + 1; i++)
      results.push(await convert(await jsonClick(campaign.id, visitor), { event: 'install' }));
    expect(results.map((r) => r.status)).toEqual([
      ...Array(DUPLICATE_VISITOR_NTH - 1).fill('approved'),
      'pending',
      'pending',
    ]);
    expect(results.at(-1)!.reason).toBe('duplicate_visitor');
    // Another event, or another visitor, is not held.
    expect(
      await convert(await jsonClick(campaign.id, visitor), { event: 'purchase' }),
    ).toMatchObject({ status: 'approved' });
    expect(await convert(await jsonClick(campaign.id), { event: 'install' })).toMatchObject({
      status: 'approved',
    });
  });
});

describe('a postback before its click row', () => {
  // The click queue holds every click: the postback arrives before the consumer has stored the row.
  const heldClicks = (): { queue: Queue<ClickMessage>; sent: ClickMessage[] } => {
    const sent: ClickMessage[] = [];
    const queue = {
      send: async (body: ClickMessage) => void sent.push(body),
      sendBatch: async (msgs: { body: ClickMessage }[]) =>
        void sent.push(...msgs.map((m) => m.body)),
    } as unknown as Queue<ClickMessage>;
    return { queue, sent };
  };

  async function redirectClick(
    campaignId: number,
    queue: Queue<ClickMessage>,
    ip: string,
    cf: Record<string, unknown>,
  ): Promise<string> {
    const res = await apiWithEnv(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaignId}`,
      { CLICK_QUEUE: queue },
      { headers: { ...browser, accept: 'text/html', 'cf-connecting-ip': ip }, cf } as RequestInit,
    );
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!).searchParams.get('c')!;
  }

  const offer = { offer_url: 'https://shop.example/?c={click_id}' };

  it('holds a suspicious click and prices by its country, as if the row had landed', async () => {
    const campaign = await createCampaign({
      name: unique('Early'),
      default_payout: '5.00',
      ...offer,
    });
    const rules = await asAdmin(`/campaigns/${campaign.id}/payout-rules`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rules: [{ type: 'cpa', value: '0.50', country: 'IN' }] }),
    });
    expect(rules.status).toBe(200);
    const { queue, sent } = heldClicks();
    const tier3 = await redirectClick(campaign.id, queue, '198.18.1.1', { country: 'IN' });
    const bot = await redirectClick(campaign.id, queue, '198.18.1.2', {
      country: 'US',
      asn: 16509,
      asOrganization: 'Amazon.com, Inc.',
    });
    expect(sent.map((m) => m.clickId)).toEqual([tier3, bot]);
    expect(await convert(bot)).toMatchObject({ status: 'pending', reason: 'suspicious_click' });
    expect(await convert(tier3)).toMatchObject({ status: 'approved', reason: null });
    // The advertiser's answer carries no payout: the stored conversion does.
    const { rows } = await db.execute(
      sql`SELECT payout FROM conversions WHERE click_id = ${tier3} AND affiliate_id = ${affiliate.id}`,
    );
    expect(rows).toEqual([{ payout: '0.5000' }]);
  });

  it(`holds the ${DUPLICATE_VISITOR_NTH}rd conversion of one visitor (duplicate_visitor)`, async () => {
    const campaign = await createCampaign({ name: unique('Early repeat'), ...offer });
    const { queue } = heldClicks();
    const results = [];
    for (let i = 0; i < DUPLICATE_VISITOR_NTH; i++) {
      const clickId = await redirectClick(campaign.id, queue, '198.18.1.9', { country: 'DE' });
      results.push(await convert(clickId, { event: 'install' }));
    }
    expect(results.at(-1)).toMatchObject({ status: 'pending', reason: 'duplicate_visitor' });
  });

  it('holds a conversion on an id the edge issued to a crawler, which it never records', async () => {
    const campaign = await createCampaign({ name: unique('Early crawler'), ...offer });
    const { queue, sent } = heldClicks();
    const res = await apiWithEnv(
      `/click?affiliate_id=${affiliate.id}&campaign_id=${campaign.id}`,
      { CLICK_QUEUE: queue },
      { headers: { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } },
    );
    expect(res.status).toBe(302);
    const clickId = new URL(res.headers.get('location')!).searchParams.get('c')!;
    expect(sent).toEqual([]);
    expect(await convert(clickId)).toMatchObject({ status: 'pending', reason: 'suspicious_click' });
  });
});
