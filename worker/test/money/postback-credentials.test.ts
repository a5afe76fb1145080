import { env } from 'cloudflare:test';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { advertiserPostbackToken, advertiserSigningSecret } from '../../lib/secrets.ts';
import {
  api,
  asAdmin,
  createAffiliate,
  createCampaign,
  defaultAdvertiserToken,
  json,
  type TestAffiliate,
} from '../api.ts';
import { count, db, storedPayout } from '../db.ts';
import { watchWrites } from '../db-writes.ts';
import { expectError } from '../security/error-shape.ts';
import { queryString, unique } from '../security/requests.ts';
import { signatureHeader } from '../security/signing.ts';

// Who may do what on /postback: the admin, the advertiser owning the click's campaign, the affiliate (pending only).
let affiliate: TestAffiliate;
let campaign: { id: number };
let advertiserToken: string;

beforeAll(async () => {
  affiliate = await createAffiliate(unique('money'));
  campaign = await createCampaign({ name: unique('Money'), default_payout: '5', currency: 'USD' });
  advertiserToken = await defaultAdvertiserToken();
});

async function click(campaignId = campaign.id, affiliateId = affiliate.id): Promise<string> {
  const clickId = unique('mc');
  expect(
    (
      await api(
        `/click?affiliate_id=${affiliateId}&campaign_id=${campaignId}&click_id=${clickId}&format=json`,
      )
    ).status,
  ).toBe(200);
  return clickId;
}

const postback = (params: Record<string, string | number>, headers: Record<string, string> = {}) =>
  api(`/postback?${queryString(params)}`, { headers });

async function refusedWithNoWrite(send: () => Promise<Response>, status: number, mentions: string) {
  const writes = await watchWrites();
  const body = await expectError(await send(), status);
  expect(body.error.message).toContain(mentions);
  expect(await writes.done()).toEqual([]);
  return body;
}

const payoutTotal = async () => {
  const { rows } = await db.execute(
    sql`SELECT COALESCE(SUM(payout), 0) AS p FROM conversions WHERE affiliate_id = ${affiliate.id}`,
  );
  return String((rows[0] as { p: string }).p);
};

describe('the affiliate that printed money', () => {
  it('cannot approve its own conversion, nor re-approve one the advertiser rejected', async () => {
    const clickId = await click();
    const rejected = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        txid: 'order-77',
        status: 'rejected',
        token: advertiserToken,
      }),
    );
    expect(rejected.data.status).toBe('rejected');
    await refusedWithNoWrite(
      () =>
        postback({
          affiliate_id: affiliate.id,
          click_id: clickId,
          txid: 'order-77',
          status: 'approved',
          token: affiliate.postbackSecret,
        }),
      403,
      'status',
    );
    const [row] = (
      await db.execute(sql`SELECT status FROM conversions WHERE click_id = ${clickId}`)
    ).rows as { status: string }[];
    expect(row!.status).toBe('rejected');
  });

  it('cannot set a payout: 403 naming payout, nothing written, totals unchanged', async () => {
    const clickId = await click();
    const before = await payoutTotal();
    await refusedWithNoWrite(
      () =>
        postback({
          affiliate_id: affiliate.id,
          click_id: clickId,
          payout: '99999999999',
          token: affiliate.postbackSecret,
        }),
      403,
      'payout',
    );
    expect(await payoutTotal()).toBe(before);
  });

  it('reports a conversion as pending with the payout the campaign computes', async () => {
    const clickId = await click();
    const body = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        amount: 40,
        token: affiliate.postbackSecret,
      }),
    );
    expect(body.data).toMatchObject({
      status: 'pending',
      reason: 'affiliate_reported',
      payout: 5,
    });
    expect((await storedPayout(body.data.id)).status_set_by).toBe('affiliate');
    // An explicit status=pending is what it would get anyway.
    const again = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        txid: 'p2',
        status: 'pending',
        token: affiliate.postbackSecret,
      }),
    );
    expect(again.data.status).toBe('pending');
  });

  it("never changes a status: the affiliate's replay is a duplicate", async () => {
    const clickId = await click();
    await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      txid: 'r1',
      token: advertiserToken,
    });
    const replay = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        txid: 'r1',
        status: 'pending',
        token: affiliate.postbackSecret,
      }),
    );
    expect(replay).toMatchObject({ duplicate: true, status_changed: false });
    expect(replay.data.status).toBe('approved');
  });

  it('is refused where the campaign takes conversions only from its advertiser', async () => {
    const strict = await createCampaign({ name: unique('Strict'), affiliate_postbacks: 'refused' });
    const clickId = await click(strict.id);
    const body = await refusedWithNoWrite(
      () =>
        postback({
          affiliate_id: affiliate.id,
          click_id: clickId,
          token: affiliate.postbackSecret,
        }),
      403,
      'only from its advertiser',
    );
    expect(body.error.code).toBe('forbidden');
    expect(
      (await postback({ affiliate_id: affiliate.id, click_id: clickId, token: advertiserToken }))
        .status,
    ).toBe(200);
  });
});

describe('the advertiser', () => {
  it('sets and changes status, but a payout is refused: the rules compute it', async () => {
    const clickId = await click();
    await refusedWithNoWrite(
      () =>
        postback({
          affiliate_id: affiliate.id,
          click_id: clickId,
          payout: '1',
          token: advertiserToken,
        }),
      403,
      'payout',
    );
    const created = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        txid: 'a1',
        status: 'pending',
        token: advertiserToken,
      }),
    );
    expect(created.data).toMatchObject({ status: 'pending', status_set_by: 'advertiser' });
    const moved = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        txid: 'a1',
        status: 'approved',
        token: advertiserToken,
      }),
    );
    expect(moved).toMatchObject({ status_changed: true });
    expect(moved.data.status).toBe('approved');
  });

  it('approves a conversion the affiliate reported', async () => {
    const clickId = await click();
    await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      txid: 'x1',
      amount: 9,
      token: affiliate.postbackSecret,
    });
    const moved = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        txid: 'x1',
        status: 'approved',
        token: advertiserToken,
      }),
    );
    expect(moved.data).toMatchObject({ status: 'approved', status_set_by: 'advertiser' });
  });

  it('signs with its signing secret instead of sending the token', async () => {
    const clickId = await click();
    const body = JSON.stringify({
      affiliate_id: affiliate.id,
      click_id: clickId,
      txid: 's1',
      status: 'approved',
    });
    const secret = await advertiserSigningSecret(env.TRACKER_SECRET, 1, 1);
    const res = await api('/postback', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-postback-signature': await signatureHeader(secret, {
          method: 'POST',
          path: '/postback',
          payload: body,
        }),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect((await json(res)).data).toMatchObject({
      status: 'approved',
      status_set_by: 'advertiser',
    });
  });

  it("cannot reach another advertiser's campaign: unknown click when named, the unverified answer when not", async () => {
    const other = await json(
      await asAdmin('/advertisers', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: unique('Other advertiser') }),
      }),
    );
    const otherToken = await advertiserPostbackToken(env.TRACKER_SECRET, other.data.id, 1);
    const clickId = await click();
    await refusedWithNoWrite(
      () => postback({ affiliate_id: affiliate.id, click_id: clickId, token: otherToken }),
      404,
      'Unknown click_id',
    );
    await refusedWithNoWrite(
      () => postback({ click_id: clickId, token: otherToken }),
      401,
      'Invalid postback credential',
    );
  });

  it('cannot overrule the network: a replay after an admin decision is refused with the reason', async () => {
    const clickId = await click();
    await postback({
      affiliate_id: affiliate.id,
      click_id: clickId,
      txid: 'n1',
      token: advertiserToken,
    });
    const decided = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        txid: 'n1',
        status: 'rejected',
        token: env.ADMIN_TOKEN,
      }),
    );
    expect(decided.data).toMatchObject({ status: 'rejected', status_set_by: 'admin' });
    const body = await refusedWithNoWrite(
      () =>
        postback({
          affiliate_id: affiliate.id,
          click_id: clickId,
          txid: 'n1',
          status: 'approved',
          token: advertiserToken,
        }),
      403,
      "network's decision",
    );
    expect(body.error.code).toBe('forbidden');
  });

  it('refuses a forged advertiser token before looking at the click', async () => {
    const clickId = await click();
    await refusedWithNoWrite(
      () =>
        postback({
          affiliate_id: affiliate.id,
          click_id: clickId,
          token: 'apt_1_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        }),
      401,
      'Invalid postback token',
    );
    await refusedWithNoWrite(
      () =>
        postback({
          affiliate_id: affiliate.id,
          click_id: clickId,
          token: 'apt_999999_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
        }),
      401,
      'Invalid postback token',
    );
  });
});

describe('the admin', () => {
  it('may override the payout, recorded without a rule', async () => {
    const clickId = await click();
    const body = await json(
      await postback({
        affiliate_id: affiliate.id,
        click_id: clickId,
        payout: '7.25',
        token: env.ADMIN_TOKEN,
      }),
    );
    expect(body.data).toMatchObject({
      status: 'approved',
      payout: 7.25,
      payout_rule_id: null,
      status_set_by: 'admin',
    });
    expect(await count('conversions', sql`click_id = ${clickId}`)).toBe(1);
  });
});
