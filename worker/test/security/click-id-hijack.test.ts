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
import { count, eventually } from '../db.ts';
import { watchWrites } from '../db-writes.ts';
import { expectError } from './error-shape.ts';
import { queryString, unique } from './requests.ts';

// The advertiser's postbacks decide; an affiliate's secret only reports pending conversions.
const ADVERTISER_TOKEN = await defaultAdvertiserToken();

let campaign: { id: number };
let victim: TestAffiliate;
let attacker: TestAffiliate;

beforeAll(async () => {
  campaign = await createCampaign({
    name: unique('Hijack'),
    offer_url: 'https://shop.example/land?c={click_id}',
  });
  victim = await createAffiliate(unique('victim'));
  attacker = await createAffiliate(unique('attacker'));
});

const jsonClick = (affiliateId: number, clickId: string) =>
  api(
    `/click?affiliate_id=${affiliateId}&campaign_id=${campaign.id}&click_id=${encodeURIComponent(clickId)}&format=json`,
  );

const postback = (params: Record<string, string | number>) =>
  api(`/postback?${queryString(params)}`);

const clickRows = (affiliateId: number, clickId: string) =>
  count(
    'clicks',
    sql`affiliate_id = ${affiliateId} AND CAST(click_id AS BINARY) = CAST(${clickId} AS BINARY)`,
  );

describe('a caller-supplied click id belongs to its affiliate', () => {
  it('an id registered first by another affiliate neither drops the real click nor takes its postback', async () => {
    const id = unique('order').toLowerCase();
    const accomplice = await createAffiliate(unique('accomplice'));
    expect((await jsonClick(attacker.id, id)).status).toBe(200);
    expect((await jsonClick(accomplice.id, id.toUpperCase())).status).toBe(200);

    const real = await api(`/c/${campaign.id}/${victim.id}?click_id=${id}`);
    expect(real.status).toBe(302);
    expect(
      await eventually(
        () => clickRows(victim.id, id),
        (n) => n === 1,
      ),
    ).toBe(1);

    const res = await postback({
      click_id: id,
      amount: '5.00',
      token: victim.postbackSecret,
      txid: unique('tx'),
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.data.affiliate_id).toBe(victim.id);
    expect(body.data.click_id).toBe(id);
  });

  it("the other affiliate's token does not reach the victim's click", async () => {
    const id = unique('order-b');
    expect((await jsonClick(victim.id, id)).status).toBe(200);
    const writes = await watchWrites();
    const res = await postback({ click_id: id, amount: '5.00', token: attacker.postbackSecret });
    await expectError(res, 401);
    expect(await writes.done()).toEqual([]);
  });

  it('JSON mode answers a repeated id as a fresh click of this affiliate, never as "used by another"', async () => {
    const id = unique('shared');
    expect((await jsonClick(victim.id, id)).status).toBe(200);
    const res = await jsonClick(attacker.id, id);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.data.affiliate_id).toBe(attacker.id);
    expect(JSON.stringify(body)).not.toMatch(/another|already|conflict/i);
    expect(await clickRows(attacker.id, id)).toBe(1);
    expect(await clickRows(victim.id, id)).toBe(1);
  });

  it("a conversion on one affiliate's id never moves the other's conversion with the same id", async () => {
    const id = unique('both');
    const txid = unique('tx');
    await jsonClick(victim.id, id);
    await jsonClick(attacker.id, id);
    const mine = await json(
      await postback({
        affiliate_id: victim.id,
        click_id: id,
        amount: '9.00',
        token: ADVERTISER_TOKEN,
        txid,
      }),
    );
    const theirs = await postback({
      affiliate_id: attacker.id,
      click_id: id,
      amount: '1.00',
      token: attacker.postbackSecret,
      txid,
    });
    expect(theirs.status).toBe(200);
    expect((await json(theirs)).data.conversion_id).not.toBe(mine.data.conversion_id);
    const replay = await json(
      await postback({ affiliate_id: victim.id, click_id: id, token: ADVERTISER_TOKEN, txid }),
    );
    expect(replay.data.status).toBe('approved');
    expect(replay.data.amount).toBe(9);
  });

  it('an id differing only in letter case from one of your own is refused, not merged', async () => {
    const id = unique('case');
    expect((await jsonClick(victim.id, id)).status).toBe(200);
    const res = await jsonClick(victim.id, id.toUpperCase());
    // With binary collations the variant is a separate click; without, it must not pass as the original.
    if (res.status === 200) {
      expect((await json(res)).data.click_id).toBe(id.toUpperCase());
      expect(await clickRows(victim.id, id.toUpperCase())).toBe(1);
    } else {
      expect((await expectError(res, 409)).error.code).toBe('conflict');
    }
  });
});

describe('a signed click id compares exactly', () => {
  let signed: string;
  let txid: string;

  beforeAll(async () => {
    const body = await json(
      await api(`/click?affiliate_id=${victim.id}&campaign_id=${campaign.id}&format=json`),
    );
    signed = body.data.click_id;
    txid = unique('tx');
    const res = await postback({
      click_id: signed,
      amount: '20.00',
      token: ADVERTISER_TOKEN,
      txid,
    });
    expect(res.status).toBe(200);
  });

  it('an upper-cased signed id is not accepted as a click of another affiliate', async () => {
    const writes = await watchWrites();
    const res = await jsonClick(attacker.id, signed.toUpperCase());
    expect((await expectError(res, 400)).error.message).toContain('click_id');
    expect(await writes.done()).toEqual([]);
  });

  it("an upper-cased signed id cannot change the original's conversion", async () => {
    const res = await postback({
      affiliate_id: attacker.id,
      click_id: signed.toUpperCase(),
      status: 'rejected',
      token: attacker.postbackSecret,
      txid,
    });
    expect(res.status).toBe(404);
    const replay = await json(await postback({ click_id: signed, token: ADVERTISER_TOKEN, txid }));
    expect(replay.data.status).toBe('approved');
  });

  it('a signed id with only its signature re-cased does not verify', async () => {
    const parts = signed.split('.');
    const sig = parts.pop()!;
    const flipped = [...sig]
      .map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase()))
      .join('');
    if (flipped === sig) return;
    const forged = [...parts, flipped].join('.');
    // Without affiliate_id an unknown click and a wrong credential get one answer; with it, a 404.
    expect((await postback({ click_id: forged, token: victim.postbackSecret, txid })).status).toBe(
      401,
    );
    expect(
      (
        await postback({
          affiliate_id: victim.id,
          click_id: forged,
          token: victim.postbackSecret,
          txid,
        })
      ).status,
    ).toBe(404);
  });
});
